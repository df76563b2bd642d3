#include "passages/speaker_extractor.h"

#include <optional>
#include <vector>

#include "passages/speaker_attributor.h"

namespace libsearch {
namespace detail::speakers {

ReleaseAttributor::ReleaseAttributor(const Release& r) : release_(r) {
  detect_transcript();
  register_people(r.title);
}

std::optional<Speaker> ReleaseAttributor::paragraph(std::size_t index) {
  const Paragraph& para = release_.body[index];
  if (para.kind == Paragraph::Kind::kHeading) {
    last_.reset();
    previous_.reset();
    return std::nullopt;
  }
  std::optional<Speaker> s = judge(para.text, static_cast<int>(index));
  previous_ = s;
  previous_quoted_ = has_quote(para.text);
  return s;
}

std::optional<Speaker> ReleaseAttributor::loose_text(std::string_view text) {
  return judge(text, -1);
}

std::optional<Speaker> ReleaseAttributor::judge(std::string_view text, int index) {
  text = trim(text);
  if (is_reporter_credit(text)) return std::nullopt;
  if (transcript_) return transcript(text);
  register_people(text);
  own_clause_ = false;
  std::optional<Speaker> s = first_is_han(text) ? chinese(text) : english(text);
  // The credited reporter is never a speaker.
  if (s && (release_.reporter.empty() || s->name != release_.reporter)) {
    if (!s->name.empty()) {
      last_ = s;
      last_index_ = index;
    }
    return s;
  }
  // Continuations, unless the paragraph has a reporting clause of its own
  // whose subject could not be resolved ("Pastor ... of ... said").
  if (own_clause_) return std::nullopt;
  if (previous_ && starts_with_quote(text) && previous_quoted_) return previous_;
  if (previous_ && !first_is_han(text) && first_person(text)) return previous_;
  return std::nullopt;
}

bool ReleaseAttributor::is_reporter_credit(std::string_view t) {
  return starts_with(t, "(Reporter") || starts_with(t, "（Reporter") ||
         starts_with(t, "（记者") || starts_with(t, "(记者") ||
         starts_with(t, "（記者") || starts_with(t, "(記者") ||
         starts_with(t, "Reporter:");
}

// "We will ...", "... our efforts": a speaker's own words carried on in the
// next paragraph without a new reporting clause (seed release, "Secondly,
// ... we will roll out ...").
bool ReleaseAttributor::first_person(std::string_view t) {
  for (std::string_view w : words(t)) {
    std::string_view b = trim_punct(w);
    if (b == "we" || b == "We" || b == "our" || b == "Our" || b == "us" ||
        b == "I") {
      return true;
    }
  }
  return false;
}

std::optional<Speaker> ReleaseAttributor::pronoun(int index) const {
  if (!last_) return std::nullopt;
  // A pronoun refers back only a short way: further back, "he" is as
  // likely a defendant or a visitor as the last speaker.
  if (index >= 0 && last_index_ >= 0 && index - last_index_ > 3) return std::nullopt;
  return last_;
}

}  // namespace detail::speakers

void SpeakerExtractor::attribute(const Release& release,
                                 std::vector<Passage>& passages) const {
  detail::speakers::ReleaseAttributor a(release);
  std::vector<std::optional<Speaker>> by_paragraph(release.body.size());
  for (std::size_t i = 0; i < release.body.size(); ++i) {
    a.set_index(static_cast<int>(i));
    by_paragraph[i] = a.paragraph(i);
  }
  for (Passage& p : passages) {
    if (p.paragraph >= 0 && static_cast<std::size_t>(p.paragraph) < by_paragraph.size()) {
      p.speaker = by_paragraph[static_cast<std::size_t>(p.paragraph)];
    } else {
      a.set_index(-1);
      p.speaker = a.loose_text(p.text);
    }
  }
}

}  // namespace libsearch
