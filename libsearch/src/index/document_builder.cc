#include "index/document_builder.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>

#include "index/passage_record.h"
#include "index/schema.h"
#include "index/weighting.h"
#include "passages/date_extractor.h"
#include "passages/speaker_identity.h"
#include "passages/speaker_text.h"

namespace libsearch::detail {
namespace {

// FNV-1a, 64 bit: stable across runs and platforms, unlike std::hash.
class Fnv {
 public:
  void add(std::string_view s) {
    for (char c : s) {
      h_ ^= static_cast<unsigned char>(c);
      h_ *= 0x100000001b3ULL;
    }
    // A separator so that ("ab","c") and ("a","bc") differ.
    h_ ^= 0xFF;
    h_ *= 0x100000001b3ULL;
  }
  std::string hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx",
                  static_cast<unsigned long long>(h_));
    return buf;
  }

 private:
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string compact_date(const std::string& iso) {
  std::string out;
  for (char c : iso)
    if (c != '-') out.push_back(c);
  return out;
}

}  // namespace

std::string content_hash(const Release& r) {
  Fnv h;
  h.add(std::to_string(Analyzer::kVersion) + "/" +
        std::to_string(schema::kSchemaVersion));
  for (const std::string* s : {&r.id, &r.lang, &r.title, &r.date, &r.source,
                               &r.url, &r.reporter})
    h.add(*s);
  for (const auto& s : r.declared_speakers) h.add(s);
  for (const auto& p : r.body) {
    h.add(p.kind == Paragraph::Kind::kHeading ? "h" : "p");
    h.add(p.text);
  }
  return h.hex();
}

void DocumentBuilder::add_body_terms(Xapian::Document& doc, Xapian::termcount wdf) {
  // Body terms are the analyzer's terms as they are: no prefix to prepend.
  static_assert(schema::kBodyPrefix[0] == '\0');
  for (const Term& t : terms_) {
    if (t.positional) {
      doc.add_posting(t.term, t.position, wdf);
    } else {
      doc.add_term(t.term, wdf);
    }
  }
}

std::vector<Passage> DocumentBuilder::passages(const Release& release) {
  std::vector<Passage> out = splitter_.split(release);
  speakers_.attribute(release, out);
  for (Passage& p : out) p.mentioned_dates = extract_dates(p.text, release.date);
  return out;
}

namespace {

// Whether a speaker's name is written in Chinese characters.
bool has_han_char(const std::string& name) { return detail::speakers::has_han(name); }

}  // namespace

const DocumentBuilder::SpeakerIds& DocumentBuilder::ids_of_speaker(const std::string& name) {
  auto it = speaker_ids_.find(name);
  if (it != speaker_ids_.end()) return it->second;
  if (speaker_ids_.size() >= 4096) speaker_ids_.clear();
  return speaker_ids_.emplace(name, SpeakerIds{speaker_key(name), speaker_lookup_name(name)})
      .first->second;
}

void write_speaker_metadata(Xapian::WritableDatabase& db, const PreparedRelease& r,
                            bool keep_first_name) {
  for (const auto& [key, name] : r.speakers) {
    const std::string meta = schema::kMetaSpeakerPrefix + key;
    if (!keep_first_name || db.get_metadata(meta).empty()) db.set_metadata(meta, name);
  }
  for (const auto& [key, name] : r.speaker_scripts) {
    const std::string meta =
        (has_han_char(name) ? schema::kMetaSpeakerHanPrefix : schema::kMetaSpeakerLatinPrefix) + key;
    if (!keep_first_name || db.get_metadata(meta).empty()) db.set_metadata(meta, name);
  }
  for (const auto& [name, key] : r.speaker_names) {
    const std::string meta = schema::kMetaSpeakerNamePrefix + name;
    if (db.get_metadata(meta) != key) db.set_metadata(meta, key);
  }
}

PreparedRelease DocumentBuilder::build(const Release& release) {
  PreparedRelease prepared;
  prepared.id = release.id;
  prepared.hash = content_hash(release);
  const std::vector<Passage> passages = this->passages(release);

  const std::string lang = lower_ascii(release.lang);
  const std::string date = compact_date(release.date);
  const std::string source_key = normalize_text(release.source);
  // The title's terms go into every passage, so that title: filters
  // passages; without positions, which would cost as much as a fifth of the
  // index for what a title phrase rarely needs (its bigrams stand in).
  analyzer_.terms(release.title, 1, terms_);
  const std::size_t title_length = terms_.size();
  // Each title term with its number of occurrences.
  std::map<std::string, Xapian::termcount> title_terms;
  for (const Term& t : terms_) ++title_terms[schema::kTitlePrefix + t.term];
  for (const Passage& p : passages) {
    Xapian::Document doc;
    // Frequencies are stored length-normalised (see index/weighting.h).
    analyzer_.terms(p.text, 1, terms_);
    const Xapian::termcount wdf = occurrence_wdf(terms_.size() + title_length);
    add_body_terms(doc, wdf);
    for (const auto& [term, occurrences] : title_terms) doc.add_term(term, occurrences * wdf);

    doc.add_boolean_term(schema::kReleaseTerm + release.id);
    doc.add_boolean_term(schema::kLangTerm + lang);
    doc.add_boolean_term(std::string(schema::kLangTerm) + lang.substr(0, 2));
    if (date.size() == 8) {
      doc.add_boolean_term(schema::kDateTerm + date.substr(0, 4));
      doc.add_boolean_term(schema::kDateTerm + date.substr(0, 6));
      doc.add_boolean_term(schema::kDateTerm + date);
    } else {
      doc.add_boolean_term(schema::kNoDateTerm);
    }
    if (!source_key.empty() && source_key.size() < 200)
      doc.add_boolean_term(schema::kSourceTerm + source_key);

    std::string speaker_key_value;
    if (p.speaker) {
      if (!p.speaker->name.empty()) {
        const SpeakerIds& ids = ids_of_speaker(p.speaker->name);
        speaker_key_value = ids.key;
        if (!speaker_key_value.empty() && speaker_key_value.size() < 200) {
          doc.add_boolean_term(schema::kSpeakerTerm + speaker_key_value);
          doc.add_boolean_term(schema::kSpeakerAny);
          auto& sp = prepared.speakers;
          if (std::none_of(sp.begin(), sp.end(),
                           [&](const auto& s) { return s.first == speaker_key_value; }))
            sp.emplace_back(speaker_key_value, p.speaker->name);
          // Once per key and script: "耿爽" and "Geng Shuang" are both kept.
          auto& scripts = prepared.speaker_scripts;
          const bool han = has_han_char(p.speaker->name);
          if (std::none_of(scripts.begin(), scripts.end(), [&](const auto& s) {
                return s.first == speaker_key_value && has_han_char(s.second) == han;
              }))
            scripts.emplace_back(speaker_key_value, p.speaker->name);
          auto& names = prepared.speaker_names;
          if (!ids.lookup.empty() && ids.lookup.size() < 200 &&
              std::none_of(names.begin(), names.end(),
                           [&](const auto& n) { return n.first == ids.lookup; }))
            names.emplace_back(ids.lookup, speaker_key_value);
        }
      }
      const std::string role = normalize_text(p.speaker->role);
      if (!role.empty() && role.size() < 200)
        doc.add_boolean_term(schema::kRoleTerm + role);
    }
    std::string mentioned;
    for (const std::string& d : p.mentioned_dates) {
      const std::string c = compact_date(d);
      doc.add_boolean_term(schema::kMentionTerm + c);
      if (c.size() >= 6) doc.add_boolean_term(schema::kMentionTerm + c.substr(0, 6));
      if (c.size() >= 4) doc.add_boolean_term(schema::kMentionTerm + c.substr(0, 4));
      if (!mentioned.empty()) mentioned.push_back(' ');
      mentioned += d;
    }

    doc.add_value(schema::kDateSlot, date);
    doc.add_value(schema::kReleaseSlot, release.id);
    doc.add_value(schema::kSourceSlot, release.source);
    doc.add_value(schema::kLangSlot, release.lang);
    doc.add_value(schema::kSpeakerSlot, speaker_key_value);
    doc.add_value(schema::kParagraphSlot,
                  Xapian::sortable_serialise(p.paragraph));

    PassageRecord rec;
    rec.release_id = release.id;
    rec.paragraph = p.paragraph;
    rec.title = release.title;
    rec.date = release.date;
    rec.source = release.source;
    rec.lang = release.lang;
    rec.url = release.url;
    if (p.speaker) {
      rec.has_speaker = true;
      rec.speaker_name = p.speaker->name;
      rec.speaker_role = p.speaker->role;
    }
    rec.section = p.section;
    rec.text = p.text;
    rec.mentioned_dates = std::move(mentioned);
    doc.set_data(encode_record(rec));
    prepared.documents.push_back(std::move(doc));
  }
  return prepared;
}

}  // namespace libsearch::detail
