#include "passages/speaker_extractor.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "passages/speaker_attributor.h"

namespace libsearch {
namespace detail::speakers {

ReleaseAttributor::ReleaseAttributor(const Release& r) : release_(r) {
  detect_transcript();
  headline_ = true;
  register_people(r.title);
  headline_ = false;
}

std::optional<Speaker> ReleaseAttributor::paragraph(std::size_t index) {
  const Paragraph& para = release_.body[index];
  if (para.kind == Paragraph::Kind::kHeading) {
    last_.reset();
    previous_.reset();
    account_.reset();
    speech_.reset();
    return std::nullopt;
  }
  attribution_only_ = false;
  std::optional<Speaker> s = judge(para.text, static_cast<int>(index));
  previous_attribution_only_ = attribution_only_;
  previous_ = s;
  previous_quoted_ = has_quote(para.text);
  previous_starts_quote_ = starts_with_quote(para.text);
  return s;
}

std::optional<Speaker> ReleaseAttributor::loose_text(std::string_view text) {
  return judge(text, -1);
}

namespace {

// Words that open or mark a paragraph where the office's narration resumes
// after a speaker's account or speech: attendance lists, what happened
// next, the case's investigators, a unit's findings (issue 17, case 1).
constexpr std::array<std::string_view, 25> kChineseNarrationMarks = {
    "亦出席", "也出席", "陪同", "在座", "一行", "合影", "隨後", "随后", "之後", "之后",
    "接著", "接着", "總統府", "总统府", "包括", "訪賓", "访宾", "晉見", "晋见", "抵達",
    "抵达", "（", "同行的", "詢問", "询问"};
constexpr std::array<std::string_view, 35> kEnglishNarrationStarts = {
    "The DA’s Office", "The DA's Office", "The defendant was", "The defendants were", "From the start",
    "The case", "The investigation", "The District Attorney identified",
    "The District Attorney thanked", "The District Attorney’s Office",
    "The District Attorney's Office", "Media availability", "After ", "Upon ", "To date",
    "Since its", "Today at", "According to", "If convicted", "An indictment",
    "A criminal complaint", "The charges", "The defendant was arraigned",
    "The defendants were arraigned", "The defendant is", "The defendants are",
    "Anyone", "For more information", "This case", "This investigation", "It was additionally",
    "BROOKLYN", "Brooklyn –", "HOUSTON", "Assistant District Attorney"};

bool chinese_narration_resumes(std::string_view text) {
  for (std::string_view m : kChineseNarrationMarks) {
    if (m == "（") {
      if (starts_with(text, m)) return true;
      continue;
    }
    if (text.find(m) != std::string_view::npos) {
      // "隨後" and the like mark narration where they open the paragraph.
      const bool opener = m == "隨後" || m == "随后" || m == "之後" || m == "之后" ||
                          m == "接著" || m == "接着" || m == "包括" || m == "總統府" ||
                          m == "总统府";
      if (!opener || starts_with(text, m)) return true;
    }
  }
  return false;
}

// The end of facts described "as follows:" (bkda-2016-02-23-3c573576): the
// case's narration goes on ("The case was classified as a robbery …") until
// the office's findings or boilerplate.
bool english_speech_ends(std::string_view text) {
  for (std::string_view m :
       {"After ", "Upon ", "To date", "Following ", "The case is being prosecuted",
        "The case was prosecuted", "The case was investigated", "The District Attorney thanked",
        "The District Attorney identified", "Media availability", "An indictment",
        "A criminal complaint", "If convicted", "The charges", "The CRU", "The Conviction Review"}) {
    if (starts_with(text, m)) return true;
  }
  return text.find(" thanked ") != std::string_view::npos;
}

bool english_narration_resumes(std::string_view text) {
  for (std::string_view m : kEnglishNarrationStarts) {
    if (starts_with(text, m)) return true;
  }
  return text.find(" thanked ") != std::string_view::npos ||
         text.find(" is located ") != std::string_view::npos ||
         text.find("identified the defendant") != std::string_view::npos ||
         text.find("www.") != std::string_view::npos;
}

// "Qu Haopeng … said that the Plan had put forward 50 measures": an account
// in indirect speech, which the next paragraphs may carry on without a
// reporting clause of their own ("In terms of market access, …").
bool gives_account(std::string_view text) {
  for (std::string_view m : {" said that", " stated that", " noted that", " explained that",
                             " added that", " announced that", " said, according to",
                             " as follows", " described the facts"}) {
    std::size_t p = text.find(m);
    if (p != std::string_view::npos && p < 400) return true;
  }
  // "The District Attorney said the indictments are …": indirect speech
  // without "that", not a quotation.
  for (std::string_view m : {" said the ", " said his ", " said her "}) {
    std::size_t p = text.find(m);
    if (p != std::string_view::npos && p < 200) return true;
  }
  return false;
}

}  // namespace

std::optional<Speaker> ReleaseAttributor::judge(std::string_view text, int index) {
  text = trim(text);
  if (is_reporter_credit(text)) return std::nullopt;
  if (transcript_) return transcript(text);
  register_people(text);
  own_clause_ = false;
  const bool han = first_is_han(text);

  // A speech introduced by a colon ("總統致詞內容如下：") goes on until
  // the narration resumes; inside it, names are what the speaker talks
  // about, not new speakers.
  if (speech_) {
    const bool resumes = han ? chinese_narration_resumes(text) || mentions_in_third_person(text, *speech_)
                             : english_speech_ends(text);
    if (!resumes) return speech_;
    speech_.reset();
  }
  if (std::optional<Speaker> intro = speech_intro(text)) {
    speech_ = intro;
    account_.reset();
    last_ = intro;
    last_index_ = index;
    // "總統致詞內容如下：" only announces the speech; "The District
    // Attorney described the facts of the case as follows:" begins it.
    if (han) return std::nullopt;
    return intro;
  }

  std::optional<Speaker> s = han ? chinese(text) : english(text);
  if (s && !s->name.empty() && !plausible_name(s->name)) s.reset();
  const bool previous_had_clause = previous_clause_;
  previous_clause_ = own_clause_ || s.has_value();
  // The credited reporter is never a speaker.
  if (s && (release_.reporter.empty() || s->name != release_.reporter)) {
    if (!s->name.empty()) {
      last_ = s;
      last_index_ = index;
      if (han || gives_account(text)) {
        account_ = s;
      } else {
        account_.reset();
      }
      // "The District Attorney described the facts of the case as follows:
      // On …": the paragraphs after it are the account.
      if (!han && text.find("as follows:") != std::string_view::npos) speech_ = s;
      // A quotation whose attribution was printed as the next paragraph
      // ("Axon CEO and founder Rick Smith said.").
      if (!han && index > 0 && !starts_with_quote(text)) {
        const std::size_t v = text.find(" said");
        if (v != std::string_view::npos && v + 5 < text.size() && text[v + 5] == '.' &&
            v < 120) {
          attribution_only_ = true;
          if (previous_starts_quote_ && (!previous_had_clause || !previous_)) patch_previous_ = s;
        }
      }
    }
    return s;
  }
  // A release that is a statement in the first person with no attribution
  // ("“My office vigorously prosecuted …”", bkda-2016-04-19-59d1a18e) is the
  // office holder's.
  if (index == 0 && !han && !own_clause_ && starts_with_quote(text) && first_person(text)) {
    std::string holder = office_holder("District Attorney");
    if (!holder.empty()) {
      speech_ = Speaker{holder, "District Attorney"};
      return speech_;
    }
  }
  // Continuations, unless the paragraph has a reporting clause of its own
  // whose subject could not be resolved ("Pastor ... of ... said").
  if (own_clause_) {
    account_.reset();
    return std::nullopt;
  }
  // A quotation carried on in the next paragraph, also after an
  // attribution printed as a paragraph of its own ("Congressman Max Rose
  // said.").
  if (previous_ && starts_with_quote(text) && (previous_quoted_ || previous_attribution_only_)) {
    return previous_;
  }
  // The next point of the same account ("In terms of clinical application,
  // …", "第二，…", "Secondly, … we will …"), until the narration plainly
  // resumes.
  if (previous_ && !previous_->name.empty()) {
    const Speaker& who = account_ && previous_->name == account_->name ? *account_ : *previous_;
    const bool resumes = han ? chinese_narration_resumes(text) || mentions_in_third_person(text, who)
                             : english_narration_resumes(text) || mentions_other_person(text, who) ||
                                   mentions_surname(text, who);
    if (!resumes) {
      if (!han && first_person(text)) return previous_;
      if (account_ && previous_->name == account_->name) return account_;
    }
  }
  account_.reset();
  return std::nullopt;
}

std::optional<Speaker> ReleaseAttributor::speech_intro(std::string_view text) {
  std::string_view t = trim(text);
  bool colon = false;
  for (std::string_view c : {"：", ":"}) {
    if (ends_with(t, c)) {
      t.remove_suffix(c.size());
      colon = true;
    }
  }
  if (!colon || t.size() > 300) return std::nullopt;
  if (!first_is_han(t)) {
    bool intro = false;
    for (std::string_view m : {"as follows", "following statement", "following remarks",
                               "in a statement", " said", " stated", " remarks", " statement"}) {
      if (t.find(m) != std::string_view::npos) intro = true;
    }
    if (!intro) return std::nullopt;
    std::optional<Speaker> s = english(text);
    if (s && s->name.empty()) return std::nullopt;
    return s;
  }
  // The clause before the colon: "關於…，總統府發言人轉述總統三點聲明".
  for (std::string_view sep : {"，", "；", "。"}) {
    std::size_t p = t.rfind(sep);
    if (p != std::string_view::npos) t = t.substr(p + sep.size());
  }
  // "發言人轉述總統…": the spokesperson relays the President's words.
  for (std::string_view relay : {"轉述", "转述"}) {
    std::size_t p = t.find(relay);
    if (p != std::string_view::npos) t = t.substr(p + relay.size());
  }
  std::size_t cut = std::string_view::npos;
  for (std::string_view w : {"致詞", "致辭", "致词", "致辞", "談話", "谈话", "講話", "讲话", "演說",
                             "演说", "演講", "演讲", "全文", "內容", "内容", "如下", "聲明", "声明",
                             "宣布", "宣佈", "表示", "指出", "說", "说"}) {
    std::size_t p = t.find(w);
    if (p != std::string_view::npos && p < cut) cut = p;
  }
  if (cut == std::string_view::npos || cut == 0) return std::nullopt;
  std::string_view subject = t.substr(0, cut);
  if (std::optional<Speaker> s = resolve_chinese_subject(subject)) {
    if (!s->name.empty()) return s;
  }
  // "總統三點聲明": a title, then what is announced.
  Chars c(subject);
  std::string_view title;
  if (find_title(c, 0, title) == 0) {
    if (const Person* p = find_by_role(title)) return Speaker{p->name, std::string(title)};
    std::string holder = office_holder(title);
    if (!holder.empty()) return Speaker{holder, std::string(title)};
  }
  return std::nullopt;
}

bool ReleaseAttributor::mentions_other_person(std::string_view text, const Speaker& s) const {
  // "In January 2020, Attorney General James launched …": someone else the
  // release introduced is the subject now.
  std::string_view head = text.substr(0, std::min<std::size_t>(text.size(), 160));
  for (const Person& p : people_) {
    if (p.chinese || p.name == s.name) continue;
    std::string_view surname = surname_of(p);
    std::size_t at = head.find(surname);
    if (at == std::string_view::npos) continue;
    const std::size_t end = at + surname.size();
    const bool word = (at == 0 || head[at - 1] == ' ') &&
                      (end == head.size() || !is_alpha(head[end]));
    if (word) return true;
  }
  return false;
}

bool ReleaseAttributor::mentions_surname(std::string_view text, const Speaker& s) {
  // "In January 2020, Attorney General James launched …": narration about
  // the speaker, by surname.
  const std::size_t sp = s.name.rfind(' ');
  if (sp == std::string::npos || has_han(s.name)) return false;
  const std::string surname = s.name.substr(sp + 1);
  std::string_view head = text.substr(0, std::min<std::size_t>(text.size(), 160));
  std::size_t at = head.find(surname);
  while (at != std::string_view::npos) {
    const std::size_t end = at + surname.size();
    if ((at == 0 || head[at - 1] == ' ') && (end == head.size() || !is_alpha(head[end]))) return true;
    at = head.find(surname, end);
  }
  return false;
}

bool ReleaseAttributor::mentions_in_third_person(std::string_view text, const Speaker& s) const {
  std::string_view t = trim_punct(text);
  if (!s.name.empty() && starts_with(t, s.name)) return true;
  if (s.role.empty() || !starts_with(t, s.role)) return false;
  std::string_view after = t.substr(s.role.size());
  return !(starts_with(after, "府") || starts_with(after, "夫人"));
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
        b == "I" || b == "I'm" || b == "my" || b == "My") {
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
    if (std::optional<Speaker> earlier = a.take_patch(); earlier && i > 0) {
      by_paragraph[i - 1] = earlier;
    }
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
