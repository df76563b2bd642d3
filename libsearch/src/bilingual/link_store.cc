#include "bilingual/link_store.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>

#include "bilingual/passage_aligner.h"
#include "bilingual/release_linker.h"
#include "index/passage_record.h"
#include "index/schema.h"

namespace libsearch::detail {
namespace {

struct Loaded {
  LinkCandidate candidate;
  // Each passage's document, paragraph and stored kCounterpartSlot value,
  // in reading order.
  struct Doc {
    Xapian::docid id = 0;
    int paragraph = 0;
    std::string counterpart;
  };
  std::vector<Doc> docs;
};

// The release's candidate form: its paragraphs (passage pieces of one
// paragraph joined again) and most frequent speaker.
Loaded load(const Xapian::Database& db, const std::string& id) {
  Loaded out;
  out.candidate.id = id;
  const std::string term = schema::kReleaseTerm + id;
  std::map<std::string, int> speakers;
  bool first = true;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    const PassageRecord r = decode_record(doc.get_data());
    if (first) {
      out.candidate.lang = r.lang;
      out.candidate.date = r.date;
      out.candidate.title = r.title;
      first = false;
    }
    out.docs.push_back({*it, r.paragraph, doc.get_value(schema::kCounterpartSlot)});
    const std::string key = doc.get_value(schema::kSpeakerSlot);
    if (!key.empty() && r.speaker_role != "journalist") ++speakers[key];
    auto& ps = out.candidate.paragraphs;
    if (!ps.empty() && ps.back().paragraph == r.paragraph) {
      ps.back().text += r.lang == "en" ? " " : "";
      ps.back().text += r.text;
    } else {
      ps.push_back({r.paragraph, r.text});
    }
  }
  int best = 0;
  for (const auto& [key, n] : speakers)
    if (n > best) {
      best = n;
      out.candidate.speaker = key;
    }
  return out;
}

// The title of release `id` (from its first passage), "" if not indexed.
std::string title_of(const Xapian::Database& db, const std::string& id) {
  const std::string term = schema::kReleaseTerm + id;
  auto it = db.postlist_begin(term);
  if (it == db.postlist_end(term)) return "";
  return decode_record(db.get_document(*it).get_data()).title;
}

std::string join(const std::vector<int>& v) {
  std::string s;
  for (int p : v) {
    if (!s.empty()) s += ',';
    s += std::to_string(p);
  }
  return s;
}

}  // namespace

std::string format_counterpart(const CounterpartRef& c) {
  char conf[16];
  std::snprintf(conf, sizeof conf, "%.3f", c.confidence);
  return c.release_id + "\t" + join(c.paragraphs) + "\t" + conf;
}

Xapian::Query counterpart_filter(bool with) {
  // Release ids sort after kNoCounterpart ("-"): digits and letters do.
  if (with) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kCounterpartSlot, "0");
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kCounterpartSlot,
                       schema::kNoCounterpart, schema::kNoCounterpart);
}

std::optional<CounterpartRef> parse_counterpart(const std::string& value) {
  const std::size_t a = value.find('\t');
  if (a == std::string::npos || a == 0) return std::nullopt;
  const std::size_t b = value.find('\t', a + 1);
  if (b == std::string::npos) return std::nullopt;
  CounterpartRef c;
  c.release_id = value.substr(0, a);
  const std::string paras = value.substr(a + 1, b - a - 1);
  std::size_t start = 0;
  while (start < paras.size()) {
    std::size_t end = paras.find(',', start);
    if (end == std::string::npos) end = paras.size();
    c.paragraphs.push_back(std::atoi(paras.substr(start, end - start).c_str()));
    start = end + 1;
  }
  if (c.paragraphs.empty()) return std::nullopt;
  c.confidence = std::atof(value.c_str() + b + 1);
  return c;
}

LinkSummary relink(Xapian::WritableDatabase& db) {
  // Releases linked before this run (they may have to be unlinked).
  std::map<std::string, std::string> before;
  const std::string meta = schema::kMetaLinkPrefix;
  for (auto it = db.metadata_keys_begin(meta); it != db.metadata_keys_end(meta); ++it)
    before[(*it).substr(meta.size())] = db.get_metadata(*it);

  std::map<std::string, Loaded> loaded;
  std::vector<LinkCandidate> candidates;
  const std::string prefix = schema::kReleaseTerm;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    const std::string id = (*it).substr(prefix.size());
    if (!before.count(id) && release_kind(title_of(db, id)) == ReleaseKind::kNone) continue;
    Loaded l = load(db, id);
    candidates.push_back(l.candidate);
    loaded.emplace(id, std::move(l));
  }
  const std::vector<ReleaseLink> links = find_links(candidates);

  // What each passage of a linked release should hold, by release and
  // paragraph.
  std::map<std::string, std::string> partner;
  std::map<std::string, std::map<int, std::string>> wanted;
  LinkSummary summary;
  for (const ReleaseLink& link : links) {
    partner[link.zh] = link.en;
    partner[link.en] = link.zh;
    auto& zh_values = wanted[link.zh];
    auto& en_values = wanted[link.en];
    for (const Alignment& a : align_paragraphs(loaded.at(link.zh).candidate.paragraphs,
                                               loaded.at(link.en).candidate.paragraphs)) {
      if (a.confidence < kAlignmentThreshold) continue;
      for (int p : a.zh) zh_values[p] = format_counterpart({link.en, a.en, a.confidence});
      for (int p : a.en) en_values[p] = format_counterpart({link.zh, a.zh, a.confidence});
    }
  }
  summary.pairs = links.size();
  summary.linked_releases = partner.size();

  std::set<std::string> touched;
  for (const auto& [id, p] : before) touched.insert(id);
  for (const auto& [id, p] : partner) touched.insert(id);
  for (const std::string& id : touched) {
    const auto l = loaded.find(id);
    const auto pt = partner.find(id);
    const bool linked = pt != partner.end();
    if (l != loaded.end()) {
      const std::map<int, std::string>* values = linked ? &wanted[id] : nullptr;
      for (const Loaded::Doc& stored : l->second.docs) {
        const int paragraph = stored.paragraph;
        std::string value;
        if (values) {
          const auto v = values->find(paragraph);
          value = v != values->end() ? v->second : schema::kNoCounterpart;
          ++(v != values->end() ? summary.passages_with : summary.passages_without);
        }
        if (stored.counterpart == value) continue;
        Xapian::Document doc = db.get_document(stored.id);
        // Values only: Xapian then leaves the passage's terms and positions
        // as they are, which keeps relinking cheap.
        if (!value.empty()) doc.add_value(schema::kCounterpartSlot, value);
        else doc.remove_value(schema::kCounterpartSlot);
        db.replace_document(stored.id, doc);
      }
    }
    const std::string now = linked ? pt->second : "";
    const auto b = before.find(id);
    if (b == before.end() ? !now.empty() : b->second != now) db.set_metadata(meta + id, now);
  }
  return summary;
}

}  // namespace libsearch::detail
