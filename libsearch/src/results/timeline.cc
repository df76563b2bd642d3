// Trends over time: matching passages and occurrences per date bucket,
// against all passages of the bucket.
#include <algorithm>
#include <map>
#include <utility>

#include <xapian.h>

#include "index/schema.h"
#include "libsearch/error.h"
#include "libsearch/research.h"
#include "results/match_scan.h"
#include "results/searcher_access.h"

namespace libsearch {
namespace {

using BucketCounts = std::map<std::string, std::size_t>;  // compact bucket -> n; "" undated

std::size_t width_of(DateFacet unit) {
  return unit == DateFacet::kYear ? 4 : unit == DateFacet::kMonth ? 6 : 8;
}

std::string bucket_of(const std::string& date_value, std::size_t width) {
  return date_value.size() == 8 ? date_value.substr(0, width) : std::string();
}

std::string iso(const std::string& compact) {
  if (compact.empty()) return "unknown";
  std::string out = compact.substr(0, 4);
  if (compact.size() >= 6) out += "-" + compact.substr(4, 2);
  if (compact.size() >= 8) out += "-" + compact.substr(6, 2);
  return out;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// The bucket after `b` (YYYY, YYYYMM or YYYYMMDD).
std::string next_bucket(const std::string& b) {
  int y = std::stoi(b.substr(0, 4));
  char buf[32];
  if (b.size() == 4) return std::to_string(y + 1);
  int m = std::stoi(b.substr(4, 2));
  if (b.size() == 6) {
    if (++m > 12) m = 1, ++y;
    std::snprintf(buf, sizeof buf, "%04d%02d", y, m);
    return buf;
  }
  int d = std::stoi(b.substr(6, 2));
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int days = m == 2 && leap(y) ? 29 : kDays[m - 1];
  if (++d > days) {
    d = 1;
    if (++m > 12) m = 1, ++y;
  }
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d);
  return buf;
}

bool filtered(const SearchRequest& r) {
  return !r.langs.empty() || !r.speakers.empty() || !r.sources.empty() || !r.releases.empty() ||
         !r.from.empty() || !r.to.empty();
}

Xapian::valueno group_slot(TimelineGroup g) {
  switch (g) {
    case TimelineGroup::kSpeaker: return schema::kSpeakerSlot;
    case TimelineGroup::kSource: return schema::kSourceSlot;
    case TimelineGroup::kLang: return schema::kLangSlot;
    case TimelineGroup::kNone: break;
  }
  return Xapian::BAD_VALUENO;
}

// Counts passages by (group value, bucket) as Xapian shows it the matches.
class BucketSpy : public Xapian::MatchSpy {
 public:
  BucketSpy(std::size_t width, Xapian::valueno group, std::map<std::string, BucketCounts>& out)
      : width_(width), group_(group), out_(out) {}
  void operator()(const Xapian::Document& doc, double) override {
    const std::string g = group_ == Xapian::BAD_VALUENO ? std::string() : doc.get_value(group_);
    ++out_[g][bucket_of(doc.get_value(schema::kDateSlot), width_)];
  }

 private:
  std::size_t width_;
  Xapian::valueno group_;
  std::map<std::string, BucketCounts>& out_;
};

// All passages per bucket (and group): from the date terms' passage counts,
// which the index keeps, when nothing narrows the corpus; else counted over
// the passages the filters leave.
std::map<std::string, BucketCounts> bucket_totals(Searcher& searcher, const SearchRequest& request,
                                                  const TimelineOptions& options) {
  std::map<std::string, BucketCounts> out;
  Xapian::Database& db = detail::SearcherAccess::database(searcher);
  const std::size_t width = width_of(options.unit);
  try {
    if (!filtered(request) && options.by == TimelineGroup::kNone) {
      BucketCounts& c = out[""];
      const std::string prefix = schema::kDateTerm;
      for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        const std::string d = (*it).substr(prefix.size());
        if (d.size() != width || !std::all_of(d.begin(), d.end(), [](char ch) {
              return ch >= '0' && ch <= '9';
            }))
          continue;
        c[d] = it.get_termfreq();
      }
      if (const Xapian::doccount n = db.get_termfreq(schema::kNoDateTerm)) c[""] = n;
      return out;
    }
    SearchRequest filters = request;
    filters.query.clear();
    filters.built_query.reset();
    detail::ParsedQuery parsed;
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_query(detail::SearcherAccess::query(searcher, filters, parsed));
    BucketSpy spy(width, group_slot(options.by), out);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, db.get_doccount());
  } catch (const Xapian::Error& e) {
    throw IndexError("counting passages per date: " + e.get_description());
  }
  return out;
}

double rate_of(TimelineNorm norm, std::size_t passages, std::size_t occurrences,
               std::size_t bucket_passages) {
  switch (norm) {
    case TimelineNorm::kRaw: return static_cast<double>(passages);
    case TimelineNorm::kShare:
      return bucket_passages == 0 ? 0.0
                                  : static_cast<double>(passages) /
                                        static_cast<double>(bucket_passages);
    case TimelineNorm::kPer10k:
      return bucket_passages == 0 ? 0.0
                                  : 10000.0 * static_cast<double>(occurrences) /
                                        static_cast<double>(bucket_passages);
  }
  return 0.0;
}

}  // namespace

Timeline timeline(Searcher& searcher, const SearchRequest& request,
                  const std::vector<std::string>& queries, const TimelineOptions& options) {
  Timeline out;
  out.unit = options.unit;
  out.norm = options.norm;
  const std::size_t width = width_of(options.unit);
  const std::map<std::string, BucketCounts> totals = bucket_totals(searcher, request, options);
  // Every bucket from the first to the last holding a passage.
  std::vector<std::string> range;
  {
    std::string first, last;
    for (const auto& [group, counts] : totals)
      for (const auto& [b, n] : counts) {
        if (b.empty() || n == 0) continue;
        if (first.empty() || b < first) first = b;
        if (last.empty() || b > last) last = b;
      }
    if (!first.empty())
      for (std::string b = first; b <= last; b = next_bucket(b)) range.push_back(b);
  }
  for (const std::string& query : queries) {
    SearchRequest req = request;
    req.query = query;
    req.built_query.reset();
    struct Counts {
      std::map<std::string, std::pair<std::size_t, std::size_t>> buckets;  // passages, occurrences
      std::size_t total = 0;
      std::string label;
    };
    std::map<std::string, Counts> groups;
    const detail::MatchScan scan =
        detail::scan_matches(searcher, req, [&](detail::MatchedPassage& m) {
          std::string key;
          switch (options.by) {
            case TimelineGroup::kSpeaker: key = m.speaker_key; break;
            case TimelineGroup::kSource: key = m.record.source; break;
            case TimelineGroup::kLang: key = m.record.lang; break;
            case TimelineGroup::kNone: break;
          }
          Counts& c = groups[key];
          auto& b = c.buckets[bucket_of(m.date_value, width)];
          ++b.first;
          b.second += m.occurrences.size();
          ++c.total;
        });
    for (const std::string& w : scan.warnings) out.warnings.push_back(query + ": " + w);
    if (groups.empty() && options.by == TimelineGroup::kNone) groups[""];
    // Speakers are named in Chinese characters when only Chinese is searched
    // (as the speaker facet does), else in Latin letters.
    bool han_names = !request.langs.empty();
    for (const std::string& l : request.langs) han_names = han_names && l.rfind("zh", 0) == 0;
    std::vector<TimelineSeries> series;
    for (auto& group : groups) {
      // Named, not structured bindings: lambdas below capture them.
      const std::string& key = group.first;
      const Counts& c = group.second;
      TimelineSeries s;
      s.query = query;
      s.group_key = key;
      if (options.by == TimelineGroup::kSpeaker)
        s.group = key.empty() ? "(no speaker)"
                              : detail::SearcherAccess::speaker_label(searcher, key, han_names);
      else
        s.group = key;
      const auto t = totals.find(key);
      auto bucket_total = [&](const std::string& b) -> std::size_t {
        if (t == totals.end()) return 0;
        const auto n = t->second.find(b);
        return n == t->second.end() ? 0 : n->second;
      };
      auto add = [&](const std::string& b) {
        TimelineBucket tb;
        tb.bucket = iso(b);
        if (const auto f = c.buckets.find(b); f != c.buckets.end()) {
          tb.passages = f->second.first;
          tb.occurrences = f->second.second;
        }
        tb.bucket_passages = bucket_total(b);
        tb.rate = rate_of(options.norm, tb.passages, tb.occurrences, tb.bucket_passages);
        s.total += tb.passages;
        s.occurrences += tb.occurrences;
        s.buckets.push_back(std::move(tb));
      };
      for (const std::string& b : range) add(b);
      if (c.buckets.count("")) add("");
      series.push_back(std::move(s));
    }
    std::stable_sort(series.begin(), series.end(),
                     [](const auto& a, const auto& b) { return a.total > b.total; });
    for (auto& s : series) out.series.push_back(std::move(s));
  }
  return out;
}

}  // namespace libsearch
