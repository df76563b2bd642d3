#include "results/counterparts.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include "bilingual/link_store.h"
#include "index/passage_record.h"
#include "index/schema.h"

namespace libsearch::detail {
namespace {

// The first passage record of each of `paragraphs` of `release`, with the
// paragraph's text (a long paragraph is several passages) joined again.
std::vector<PassageRecord> paragraphs_of(const Xapian::Database& db, const std::string& release,
                                         const std::vector<int>& paragraphs) {
  std::vector<PassageRecord> out;
  const std::string term = schema::kReleaseTerm + release;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    const int p = static_cast<int>(
        Xapian::sortable_unserialise(doc.get_value(schema::kParagraphSlot)));
    if (std::find(paragraphs.begin(), paragraphs.end(), p) == paragraphs.end()) continue;
    PassageRecord r = decode_record(doc.get_data());
    if (!out.empty() && out.back().paragraph == r.paragraph) {
      out.back().text += r.lang == "en" ? " " : "";
      out.back().text += r.text;
    } else {
      out.push_back(std::move(r));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const PassageRecord& a, const PassageRecord& b) {
    return a.paragraph < b.paragraph;
  });
  return out;
}

}  // namespace

std::optional<Counterpart> counterpart_of(const Xapian::Database& db, const std::string& value) {
  const std::optional<CounterpartRef> ref = parse_counterpart(value);
  if (!ref) return std::nullopt;
  const std::vector<PassageRecord> found = paragraphs_of(db, ref->release_id, ref->paragraphs);
  if (found.empty()) return std::nullopt;
  Counterpart c;
  c.release_id = ref->release_id;
  c.paragraphs = ref->paragraphs;
  c.paragraph = ref->paragraphs.front();
  c.confidence = ref->confidence;
  for (const PassageRecord& r : found) {
    if (!c.text.empty()) c.text += "\n\n";
    c.text += r.text;
  }
  return c;
}

Hit turned_to_counterpart(const Xapian::Database& db, Hit hit) {
  assert(hit.counterpart);
  Counterpart& c = *hit.counterpart;
  std::vector<PassageRecord> found = paragraphs_of(db, c.release_id, {c.paragraph});
  Hit out;
  out.rank = hit.rank;
  out.score = hit.score;
  out.release_id = c.release_id;
  out.paragraph = c.paragraph;
  out.text = std::move(c.text);
  if (!found.empty()) {
    PassageRecord& r = found.front();
    out.title = std::move(r.title);
    out.date = std::move(r.date);
    out.source = std::move(r.source);
    out.lang = std::move(r.lang);
    out.url = std::move(r.url);
    if (r.has_speaker) out.speaker = Speaker{r.speaker_name, r.speaker_role};
    out.section = std::move(r.section);
  }
  Counterpart matched;
  matched.release_id = std::move(hit.release_id);
  matched.paragraph = hit.paragraph;
  matched.paragraphs = {hit.paragraph};
  matched.text = std::move(hit.text);
  matched.confidence = c.confidence;
  out.counterpart = std::move(matched);
  out.matched_terms = std::move(hit.matched_terms);
  return out;
}

}  // namespace libsearch::detail
