#include "libsearch/searcher.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>

#include <xapian.h>

#include "bilingual/link_store.h"
#include "index/database_error.h"
#include "index/passage_record.h"
#include "index/schema.h"
#include "index/versions.h"
#include "index/weighting.h"
#include "passages/speaker_identity.h"
#include "index/shards.h"
#include "libsearch/analyzer.h"
#include "libsearch/error.h"
#include "query/query_internal.h"
#include "query/query_parser.h"
#include "query/question_words.h"
#include "query/term_query.h"
#include "results/counterparts.h"
#include "results/facet_counts.h"
#include "results/highlighter.h"
#include "results/searcher_access.h"
#include "text/number.h"

namespace libsearch {
namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::vector<std::string> split_spaces(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::optional<Speaker> speaker_of(const detail::PassageRecord& r) {
  if (!r.has_speaker) return std::nullopt;
  return Speaker{r.speaker_name, r.speaker_role};
}

std::string iso_date(const std::string& compact) {
  if (compact.size() == 8)
    return compact.substr(0, 4) + "-" + compact.substr(4, 2) + "-" + compact.substr(6, 2);
  if (compact.size() == 6) return compact.substr(0, 4) + "-" + compact.substr(4, 2);
  return compact;
}


// A count of the request as Xapian's, clamped (not wrapped) to the largest
// a database can hold.
Xapian::doccount clamped(std::size_t n) {
  return static_cast<Xapian::doccount>(std::min<std::uint64_t>(n, detail::kMaxCount));
}

// Matches a search checks at least (see Searcher::search).
constexpr Xapian::doccount kCheckedMatches = 300;

// Any-term ranking of releases (`any`, one passage per release): the first
// kRescoredReleases releases by their best passage are scored again as
// wholes, and rank by
//   (1 - kReleaseShare) * best passage + kReleaseShare * release weight
// (the release weight of those further down is 0).
// The release weight is BM25 over the release as one text: for each of the
// question's terms, its frequencies in all the release's passages summed,
// normalised by the release's passages against kReferencePassages (b =
// kReleaseB), saturated with k1 = kReleaseK1, times the term's idf (and
// kAnyBigramWeight for a bigram; each distinct term counts once, 0.927
// rather than 0.932 when a term the question holds twice counts twice). So the title's place name in one passage and the answer in another
// count together, while a long release does not win by repeating a common
// word in every passage. On the tuning part of the ncp-policy-qa development
// questions (MRR@10 0.897 by best passage alone): share 0.3 0.905, 0.5
// 0.902, 0.6 0.932 (b 0.9), 0.7 0.924; b 0.6 0.922, 0.75 0.922, 0.9 0.932;
// k1 1.0 0.902, 0.3 0.922 (b 0.75); 10 releases rescored 0.914, 20 0.922, 30
// 0.922. Summing passage weights instead (best + 0.5 second + 0.25 third)
// lost (0.827), as did frequencies without release-length normalisation
// (0.845).
constexpr std::size_t kRescoredReleases = 20;
constexpr double kReleaseShare = 0.6;
constexpr double kReleaseB = 0.9;
constexpr double kReleaseK1 = 0.3;
constexpr double kReferencePassages = 3.5;  // about the mean of ncp-policy-qa

// The question's terms with their factors (see TermWeight::factor): a term
// counts once per time the query holds it, a bigram kAnyBigramWeight.
void add_factors(const Xapian::Query& q, std::map<std::string, double>& out) {
  if (q.get_type() == Xapian::Query::LEAF_TERM) {
    const std::string t = *q.get_terms_begin();
    if (!t.empty() && t[0] != 'X') out[t] += t[0] == 'B' ? detail::kAnyBigramWeight : 1.0;
    return;
  }
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) add_factors(q.get_subquery(i), out);
}

std::map<std::string, double> question_factors(const Xapian::Query& q) {
  std::map<std::string, double> out;
  add_factors(q, out);
  return out;
}

struct RankedRelease {
  Xapian::MSetIterator best;
  ReleaseScore parts;
  double score = 0;
};

// The releases of `mset` (collapsed to one passage each) for the page
// [offset, offset + limit), ranked as described at kRescoredReleases.
std::vector<RankedRelease> rank_releases(const Xapian::Database& db, const Xapian::Query& q,
                                         const Xapian::MSet& mset, std::size_t offset,
                                         std::size_t limit) {
  std::vector<RankedRelease> all;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    RankedRelease r{it, {}, 0.0};
    r.parts.passage_weight = it.get_weight();
    r.parts.passage_factor = 1 - kReleaseShare;
    r.parts.release_factor = kReleaseShare;
    all.push_back(r);
  }
  // A fixed number, so that every page is a slice of one order: a rescored
  // release's score is at least its passage part, which is at least that of
  // every release below it.
  const std::size_t rescored = std::min(all.size(), kRescoredReleases);
  // Every passage of the rescored releases, in docid order, so each term's
  // posting list is read once, forwards.
  std::vector<std::pair<Xapian::docid, std::size_t>> passages;
  for (std::size_t r = 0; r < rescored; ++r) {
    const std::string term = schema::kReleaseTerm + all[r].best.get_collapse_key();
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
      passages.emplace_back(*p, r);
      ++all[r].parts.passages;
    }
  }
  std::sort(passages.begin(), passages.end());
  std::vector<double> norm(rescored);
  for (std::size_t r = 0; r < rescored; ++r)
    norm[r] = 1 - kReleaseB + kReleaseB * static_cast<double>(all[r].parts.passages) /
                                  kReferencePassages;
  const double n = db.get_doccount();
  const double k1 = kReleaseK1 * detail::kWdfScale;
  std::vector<double> wdf(rescored);
  for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t) {
    const std::string& term = *t;
    if (term.empty() || term[0] == 'X') continue;
    const double factor = term[0] == 'B' ? detail::kAnyBigramWeight : 1.0;
    const double tf = db.get_termfreq(term);
    if (tf == 0) continue;
    // BM25's idf, log((N - n + 0.5) / (n + 0.5)), going smoothly to 0
    // rather than below it for terms in most passages.
    double odds = (n - tf + 0.5) / (tf + 0.5);
    if (odds < 2) odds = odds * 0.5 + 1;
    const double idf = std::log(odds);
    std::fill(wdf.begin(), wdf.end(), 0.0);
    Xapian::PostingIterator p = db.postlist_begin(term);
    for (const auto& [did, r] : passages) {
      p.skip_to(did);
      if (p == db.postlist_end(term)) break;
      if (*p == did) wdf[r] += p.get_wdf();
    }
    for (std::size_t r = 0; r < rescored; ++r) {
      if (wdf[r] == 0) continue;
      const double f = wdf[r] / norm[r];
      all[r].parts.release_weight += factor * idf * (k1 + 1) * f / (k1 + f);
    }
  }
  for (RankedRelease& r : all)
    r.score = r.parts.passage_factor * r.parts.passage_weight +
              r.parts.release_factor * r.parts.release_weight;
  std::stable_sort(all.begin(), all.end(), [](const RankedRelease& a, const RankedRelease& b) {
    return a.score > b.score;
  });
  if (offset >= all.size()) return {};
  all.erase(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(offset));
  if (all.size() > limit) all.resize(limit);
  return all;
}

// The question words an any-term query left out, in query order, once each.
std::vector<std::string> question_words_of(Analyzer& analyzer, const std::string& query) {
  std::vector<std::string> out;
  const detail::QuestionWords& words = detail::QuestionWords::builtin();
  for (const Token& t : analyzer.tokenize(query))
    if (words.contains(t.text) && std::find(out.begin(), out.end(), t.text) == out.end())
      out.push_back(t.text);
  return out;
}

}  // namespace

struct Searcher::Impl {
  std::vector<std::string> paths;
  SearcherOptions options;
  Xapian::Database db;
  std::vector<detail::OpenedShard> shards;  // in the order db searches them
  std::vector<std::string> open_warnings;   // shards skipped (allow_partial)
  Analyzer analyzer;
  // Source names and language counts, read when the database is opened;
  // what every query's parser is given.
  detail::IndexFacts facts;
  // Facet slots of every passage, once faceted searches repeat; dropped
  // when the database is reopened. One local database only: Xapian shows
  // match spies each shard's own document numbers, which do not say which
  // shard a match came from.
  std::unique_ptr<detail::FacetColumns> columns;
  std::size_t faceted_searches = 0;

  const detail::FacetColumns* facet_columns() {
    if (shards.size() != 1 || has_remote()) return nullptr;
    if (!columns) {
      if (++faceted_searches < 2 && !options.facet_columns_at_once) return nullptr;
      columns = std::make_unique<detail::FacetColumns>(
          db, std::vector<Xapian::valueno>{schema::kSpeakerSlot, schema::kDateSlot,
                                           schema::kSourceSlot, schema::kLangSlot});
    }
    return columns.get();
  }

  void reopen() {
    db.reopen();
    columns.reset();
    load_facts();
  }

  // Opens every shard of every source separately, so a failure names the
  // shard, then combines them: Xapian searches the combination as one
  // database with collection statistics summed over all shards.
  void open() {
    // Reading versions and facts can meet a revision that a writer has
    // just discarded; a fresh open reads the new one.
    for (int attempt = 0;; ++attempt) {
      try {
        open_once();
        return;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt >= 4) throw IndexError(where() + ": database keeps changing while opening; try again");
      }
    }
  }

  void open_once() {
    Xapian::Database combined;
    std::vector<detail::OpenedShard> opened;
    std::vector<std::string> warnings;
    for (const std::string& p : paths) {
      try {
        for (detail::OpenedShard& s : detail::open_shards(p, options, warnings)) {
          detail::check_versions(s.db, s.label);
          combined.add_database(s.db);
          opened.push_back(std::move(s));
        }
      } catch (const Xapian::DatabaseModifiedError&) {
        throw;
      } catch (const Xapian::Error& e) {
        throw IndexError(detail::database_error_message(p, e));
      }
    }
    if (opened.empty())
      throw IndexError(where() + ": no shard could be opened" +
                       (warnings.empty() ? std::string() : " (" + join(warnings, "; ") + ")"));
    db = combined;
    shards = std::move(opened);
    open_warnings = std::move(warnings);
    try {
      load_facts();
    } catch (const Xapian::DatabaseModifiedError&) {
      throw;
    } catch (const Xapian::Error& e) {
      throw IndexError(detail::database_error_message(where(), e));
    }
  }

  bool has_remote() const {
    return std::any_of(shards.begin(), shards.end(), [](const auto& s) { return s.remote; });
  }

  // Metadata from the first shard that has the key (Xapian reads only the
  // first sub-database's metadata of a combined database).
  std::string metadata(const std::string& key) const {
    for (const auto& s : shards) {
      std::string v = s.db.get_metadata(key);
      if (!v.empty()) return v;
    }
    return std::string();
  }

  void load_facts() {
    facts.sources.clear();
    const std::string source = schema::kSourceTerm;
    for (auto it = db.allterms_begin(source); it != db.allterms_end(source); ++it)
      facts.sources.push_back((*it).substr(source.size()));
    facts.languages.clear();
    const std::string lang = schema::kLangTerm;
    for (auto it = db.allterms_begin(lang); it != db.allterms_end(lang); ++it)
      facts.languages[(*it).substr(lang.size())] = it.get_termfreq();
    facts.speaker_key_of = [this](const std::string& name) { return speaker_key_of(name); };
    // A term frequency from a remote shard is a round trip: there phrases
    // keep the form that needs none.
    if (has_remote())
      facts.term_freq = nullptr;
    else
      facts.term_freq = [this](const std::string& t) { return db.get_termfreq(t); };
  }

  std::string where() const { return join(paths, ", "); }

  // A search failed on the network: names each remote shard that no longer
  // answers (by its stub line), or all sources when every one still does.
  std::string lost_shards_message(const Xapian::Error& e) {
    std::vector<std::string> lost;
    for (auto& s : shards) {
      if (!s.remote) continue;
      try {
        s.db.keep_alive();
      } catch (const Xapian::Error&) {
        const std::string port = s.label.substr(s.label.rfind(':') + 1);
        lost.push_back(s.where + ": lost during the search (" + e.get_description() +
                       "); is `xapian-tcpsrv --port " + port + " DIR` still running there?");
      }
    }
    if (lost.empty()) return detail::database_error_message(where(), e);
    return join(lost, "; ");
  }

  // How a search reads the query: which unquoted Chinese runs are loose
  // and which top-level units are left out (see Searcher::search).
  struct Plan {
    std::set<std::size_t> loose_runs;
    std::set<std::size_t> dropped_units;
  };
  Xapian::Query build_query(const SearchRequest& req, detail::ParsedQuery& parsed,
                            const Plan& plan = {});
  // Runs `q` and fills `res` (all but query and warnings). True when no
  // passage matched.
  bool run(const SearchRequest& req, const Xapian::Query& q, const detail::ParsedQuery& parsed,
           SearchResults& res);
  bool exists(const Xapian::Query& q) const;
  // The relaxed form of a query that matched nothing (see search): the
  // passages holding the most of its units. False when no passage holds
  // any of them.
  bool relax(const SearchRequest& req, const Plan& plan, const std::vector<std::string>& units,
             Xapian::Query& q, detail::ParsedQuery& parsed, std::vector<std::string>& dropped,
             bool& several);
  void expand_wildcards(const SearchRequest& req, detail::ParsedQuery& parsed) const;
  std::vector<TermWeight> explain_hit(const Xapian::Enquire& enquire,
                                      const Xapian::MSetIterator& it,
                                      const std::vector<detail::Wildcard>& wildcards,
                                      const Xapian::Weight& weight) const;
  double term_weight(const std::string& term, Xapian::docid did, const Xapian::Query& passage,
                     const Xapian::Weight& weight) const;
  Hit make_hit(const Xapian::MSetIterator& it, const SearchRequest& req,
               const std::vector<detail::HighlightPattern>& patterns);
  std::vector<std::pair<Xapian::docid, detail::PassageRecord>> release_passages(
      const std::string& id);
  // A speaker key's display name in Chinese characters (`han`) or Latin
  // letters where the index has met one, else in the other; sets `also` to
  // the spelling in the other script when there is one.
  std::string speaker_label(const std::string& key, bool han, std::string* also) const;
  std::string speaker_key_of(const std::string& name) const;
};

// A name the index met is looked up (no transliterator to create); any
// other is transliterated.
std::string Searcher::Impl::speaker_key_of(const std::string& name) const {
  const std::string lookup = speaker_lookup_name(name);
  if (!lookup.empty() && lookup.size() < 200) {
    std::string key = metadata(schema::kMetaSpeakerNamePrefix + lookup);
    if (!key.empty()) return key;
  }
  return speaker_key(name);
}

std::string Searcher::Impl::speaker_label(const std::string& key, bool han,
                                          std::string* also) const {
  std::string name = metadata((han ? schema::kMetaSpeakerHanPrefix : schema::kMetaSpeakerLatinPrefix) + key);
  const std::string other =
      metadata((han ? schema::kMetaSpeakerLatinPrefix : schema::kMetaSpeakerHanPrefix) + key);
  if (name.empty()) name = other.empty() ? metadata(schema::kMetaSpeakerPrefix + key) : other;
  if (also && !other.empty() && other != name) *also = other;
  return name.empty() ? key : name;
}

// Lists the words each `word*` stands for, warns (or in strict mode fails)
// when there are more than Xapian will expand to, and highlights them.
void Searcher::Impl::expand_wildcards(const SearchRequest& req,
                                      detail::ParsedQuery& parsed) const {
  for (detail::Wildcard& w : parsed.wildcards) {
    std::size_t n = 0;
    for (auto it = db.allterms_begin(w.prefix); it != db.allterms_end(w.prefix); ++it) {
      if (++n > detail::kMaxWildcardExpansion) break;
      w.expansions.push_back(*it);
    }
    if (n > detail::kMaxWildcardExpansion) {
      const std::string reason =
          "prefix search \"" + w.fragment + "\" matches more than " +
          std::to_string(detail::kMaxWildcardExpansion) + " words";
      if (req.strict)
        throw QueryError(w.offset, w.fragment, reason + " (use a longer prefix)");
      parsed.warnings.push_back(QueryError(w.offset, w.fragment, reason).what() +
                                std::string("; searched the ") +
                                std::to_string(detail::kMaxWildcardExpansion) +
                                " most frequent (use a longer prefix)");
    }
    if (w.field_prefix.empty())
      for (const std::string& t : w.expansions) parsed.patterns.push_back({{{t, 0}}});
  }
}

// The term's BM25 weight for passage `did`, from a query of that term alone
// filtered by `passage` (see explain_hit).
double Searcher::Impl::term_weight(const std::string& term, Xapian::docid did,
                                   const Xapian::Query& passage,
                                   const Xapian::Weight& weight) const {
  Xapian::Enquire e(db);
  e.set_weighting_scheme(weight);
  e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(term), passage));
  constexpr Xapian::doccount kPage = 16;  // passages of one paragraph
  for (Xapian::doccount first = 0;; first += kPage) {
    const Xapian::MSet m = e.get_mset(first, kPage);
    for (auto it = m.begin(); it != m.end(); ++it)
      if (*it == did) return it.get_weight();
    if (m.size() < kPage) return 0.0;
  }
}

std::vector<TermWeight> Searcher::Impl::explain_hit(
    const Xapian::Enquire& enquire, const Xapian::MSetIterator& it,
    const std::vector<detail::Wildcard>& wildcards, const Xapian::Weight& weight) const {
  std::vector<TermWeight> out;
  const Xapian::Document doc = it.get_document();
  // get_matching_terms does not see through OP_WILDCARD: add the words a
  // prefix search expanded to that this passage holds.
  std::vector<std::string> terms;
  for (auto t = enquire.get_matching_terms_begin(it); t != enquire.get_matching_terms_end(it);
       ++t)
    terms.push_back(*t);
  for (const detail::Wildcard& w : wildcards) {
    for (const std::string& e : w.expansions) {
      Xapian::TermIterator d = doc.termlist_begin();
      d.skip_to(e);
      if (d != doc.termlist_end() && *d == e) terms.push_back(e);
    }
  }
  // Frequencies are stored times the passage's occurrence weight (see
  // index/weighting.h), which divides them all: occurrences are the
  // frequencies over their greatest common divisor.
  Xapian::termcount unit = 0;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    unit = std::gcd(unit, t.get_wdf());
  if (unit == 0) unit = 1;
  // Each term's weight comes from a query restricted to this passage's
  // release and paragraph: boolean filters, which add no weight and which a
  // remote shard can run (it cannot run a MatchDecider). A long paragraph
  // is several passages; the one numbered *it (in the combined database;
  // `doc` numbers itself within its shard) is this one.
  const std::string paragraph = doc.get_value(schema::kParagraphSlot);
  const Xapian::Query passage(
      Xapian::Query::OP_AND,
      Xapian::Query(schema::kReleaseTerm + doc.get_value(schema::kReleaseSlot)),
      Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kParagraphSlot, paragraph, paragraph));
  for (const std::string& term : terms) {
    TermWeight tw;
    tw.term = term;
    tw.termfreq = db.get_termfreq(tw.term);
    Xapian::TermIterator d = doc.termlist_begin();
    d.skip_to(tw.term);
    if (d != doc.termlist_end() && *d == tw.term) tw.wdf = d.get_wdf() / unit;
    // Filter terms (X...) are boolean: they never add weight.
    if (tw.term.empty() || tw.term[0] != 'X') tw.weight = term_weight(tw.term, *it, passage, weight);
    out.push_back(std::move(tw));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const TermWeight& a, const TermWeight& b) { return a.weight > b.weight; });
  return out;
}

Xapian::Query Searcher::Impl::build_query(const SearchRequest& req,
                                          detail::ParsedQuery& parsed, const Plan& plan) {
  detail::QueryParser parser(analyzer, facts);
  parser.runs().all_loose = req.loose;
  parser.runs().loose = plan.loose_runs;
  parser.drop_units(plan.dropped_units);
  if (req.built_query) {
    detail::resolve_query(*req.built_query, parser, parsed);
    parsed.relaxable = false;  // its parts are no query text to name
    parsed.units.clear();
  } else {
    parsed = parser.parse(req.query, req.any, req.strict);
  }
  parsed.runs = parser.runs().runs;
  expand_wildcards(req, parsed);
  std::vector<Xapian::Query> filters;
  auto any_of = [](std::vector<Xapian::Query>& qs) {
    return Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end());
  };
  std::optional<detail::LanguageFilter> language;  // one, in its cheaper form
  if (req.langs.size() == 1) {
    language = parser.lang_filter(req.langs[0]);
  } else if (!req.langs.empty()) {
    std::vector<Xapian::Query> qs;
    for (const auto& l : req.langs) qs.push_back(detail::lang_filter(l).query);
    filters.push_back(any_of(qs));
  }
  if (!req.speakers.empty()) {
    std::vector<Xapian::Query> qs;
    for (const auto& s : req.speakers) qs.push_back(parser.speaker_filter(s));
    filters.push_back(any_of(qs));
  }
  if (!req.sources.empty()) {
    std::vector<Xapian::Query> qs;
    for (const auto& s : req.sources) qs.push_back(parser.source_filter(s));
    filters.push_back(any_of(qs));
  }
  if (!req.releases.empty()) {
    std::vector<Xapian::Query> qs;
    for (const auto& r : req.releases) qs.emplace_back(schema::kReleaseTerm + r);
    filters.push_back(any_of(qs));
  }
  if (!req.from.empty() || !req.to.empty())
    filters.push_back(detail::date_range_filter(req.from, req.to));
  if (req.no_counterpart) filters.push_back(detail::counterpart_filter(false));
  if (!req.query_lang.empty()) {
    filters.push_back(detail::lang_filter(req.query_lang).query);
    filters.push_back(detail::counterpart_filter(true));
  }
  Xapian::Query q = parsed.query;
  for (const auto& f : filters) q = Xapian::Query(Xapian::Query::OP_FILTER, q, f);
  if (language) q = language->restrict(q);
  return q;
}

std::vector<std::pair<Xapian::docid, detail::PassageRecord>>
Searcher::Impl::release_passages(const std::string& id) {
  std::vector<std::pair<Xapian::docid, detail::PassageRecord>> out;
  const std::string term = schema::kReleaseTerm + id;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it)
    out.emplace_back(*it, detail::decode_record(db.get_document(*it).get_data()));
  // Passages were added in reading order; paragraph then docid keeps it.
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second.paragraph < b.second.paragraph;
  });
  return out;
}

Hit Searcher::Impl::make_hit(const Xapian::MSetIterator& it, const SearchRequest& req,
                             const std::vector<detail::HighlightPattern>& patterns) {
  const Xapian::Document doc = it.get_document();
  detail::PassageRecord r = detail::decode_record(doc.get_data());
  Hit h;
  h.score = req.sort == SortOrder::kRelevance ? it.get_weight() : 0.0;
  h.release_id = std::move(r.release_id);
  h.paragraph = r.paragraph;
  h.title = std::move(r.title);
  h.date = std::move(r.date);
  h.source = std::move(r.source);
  h.lang = std::move(r.lang);
  h.url = std::move(r.url);
  h.speaker = speaker_of(r);
  h.section = std::move(r.section);
  h.text = std::move(r.text);
  h.mentioned_dates = split_spaces(r.mentioned_dates);
  if (req.highlight) h.highlights = detail::highlight(analyzer, h.text, patterns);
  if (req.with_counterpart || !req.query_lang.empty())
    h.counterpart = detail::counterpart_of(db, doc.get_value(schema::kCounterpartSlot));
  if (req.context > 0) {
    const auto all = release_passages(h.release_id);
    const Xapian::docid self = *it;
    std::size_t idx = 0;
    while (idx < all.size() && all[idx].first != self) ++idx;
    if (idx < all.size()) {
      const std::size_t lo = idx >= req.context ? idx - req.context : 0;
      const std::size_t hi =
          req.context >= all.size() - idx ? all.size() : idx + req.context + 1;
      for (std::size_t i = lo; i < hi; ++i) {
        if (i == idx) continue;
        ContextPassage c{all[i].second.paragraph, speaker_of(all[i].second),
                         all[i].second.text};
        (i < idx ? h.before : h.after).push_back(std::move(c));
      }
    }
  }
  return h;
}

bool Searcher::Impl::run(const SearchRequest& req, const Xapian::Query& q,
                         const detail::ParsedQuery& parsed, SearchResults& res) {
  // Any-term queries rank with question_weight(), and with one passage
  // per release rank releases (see kRescoredReleases).
  const bool by_release = req.any && req.per_release == 1 &&
                          req.sort == SortOrder::kRelevance && !parsed.empty;
  const Xapian::BM25Weight weight =
      req.any ? detail::question_weight() : detail::passage_weight();
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(weight);
  enquire.set_query(q);
  if (req.per_release > 0)
    enquire.set_collapse_key(schema::kReleaseSlot, clamped(req.per_release));
  if (req.sort == SortOrder::kDateAscending)
    enquire.set_sort_by_value_then_relevance(schema::kDateSlot, false);
  else if (req.sort == SortOrder::kDateDescending)
    enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
  else if (parsed.empty)
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);

  std::map<std::string, Xapian::valueno> facet_slots;
  for (const std::string& f : req.facets) {
    Xapian::valueno slot;
    if (f == "speaker") slot = schema::kSpeakerSlot;
    else if (f == "date") slot = schema::kDateSlot;
    else if (f == "source") slot = schema::kSourceSlot;
    else if (f == "lang") slot = schema::kLangSlot;
    else throw QueryError(0, f, "unknown facet \"" + f + "\" (expected speaker, date, source or lang)");
    facet_slots[f] = slot;
  }
  // The speaker facet shows names in the script of the passages it
  // counts: the languages of the matches decide, counted alongside.
  const bool lang_for_speakers =
      facet_slots.count("speaker") == 1 && facet_slots.count("lang") == 0;
  if (lang_for_speakers) facet_slots["lang"] = schema::kLangSlot;
  std::map<std::string, std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
  std::unique_ptr<detail::ColumnSpy> column_spy;
  const detail::FacetColumns* in_memory =
      facet_slots.empty() ? nullptr : facet_columns();
  if (in_memory) {
    std::vector<int> wanted;
    for (const auto& [name, slot] : facet_slots) wanted.push_back(in_memory->column_of(slot));
    column_spy = std::make_unique<detail::ColumnSpy>(*in_memory, std::move(wanted));
    enquire.add_matchspy(column_spy.get());
  } else {
    for (const auto& [name, slot] : facet_slots) {
      spies[name] = std::make_unique<Xapian::ValueCountMatchSpy>(slot);
      enquire.add_matchspy(spies[name].get());
    }
  }
  const bool counting = !facet_slots.empty();
  const Xapian::doccount all = db.get_doccount();
  // Checking a few hundred matches makes the total exact for narrow
  // queries (and the collapsed estimate sane). Each checked match of a
  // phrase has its positions read: at 10x a thousand cost a phrase
  // query about half its time, and moved the median query from 0.85
  // to 1.05 ms. Exact totals: facets, exact_total, --count.
  const Xapian::doccount check =
      (counting || req.exact_total) ? all : std::min<Xapian::doccount>(all, kCheckedMatches);
  // Releases are ranked from the first passage on.
  const Xapian::doccount first = by_release ? 0 : clamped(req.offset);
  const Xapian::doccount size =
      by_release ? clamped(std::max<std::uint64_t>(
                       kRescoredReleases, std::uint64_t{clamped(req.offset)} + clamped(req.limit)))
                 : clamped(req.limit);
  Xapian::MSet mset =
      enquire.get_mset(first, size, by_release ? std::max(check, size) : check);
  std::map<std::string, detail::FacetCounts> counts;
  std::size_t i = 0;
  for (const auto& [name, slot] : facet_slots)
    counts[name] = column_spy ? column_spy->counts(i++) : detail::counts_of(*spies[name]);
  res.total = req.per_release > 0 ? mset.get_uncollapsed_matches_estimated()
                                  : mset.get_matches_estimated();
  res.total_exact = req.per_release > 0
                        ? mset.get_uncollapsed_matches_lower_bound() ==
                              mset.get_uncollapsed_matches_upper_bound()
                        : mset.get_matches_lower_bound() ==
                              mset.get_matches_upper_bound();
  if (req.per_release > 0 && counting && !has_remote()) {
    // Every document was checked (check == all) and Xapian shows each
    // match to the spies before collapsing it: a spy's total is the
    // exact number of matching passages, without a second match.
    res.total = counts.begin()->second.total;
    res.total_exact = true;
  } else if (req.per_release > 0 && (check > 0 || has_remote())) {
    // Collapsing leaves Xapian with only bounds on the passages it hid
    // (and remote shards collapse before the merge, hiding them
    // altogether): count the matches without collapsing.
    Xapian::Enquire counter(db);
    counter.set_weighting_scheme(Xapian::BoolWeight());
    counter.set_query(q);
    const Xapian::MSet counted = counter.get_mset(0, 0, check);
    res.total = counted.get_matches_estimated();
    res.total_exact =
        counted.get_matches_lower_bound() == counted.get_matches_upper_bound();
  }
  res.hits.clear();
  std::size_t rank = req.offset;
  std::vector<RankedRelease> releases;
  if (by_release) {
    releases = rank_releases(db, q, mset, req.offset, req.limit);
  } else {
    for (auto it = mset.begin(); it != mset.end(); ++it) releases.push_back({it, {}, 0.0});
  }
  const std::map<std::string, double> factors =
      req.any && req.explain ? question_factors(q) : std::map<std::string, double>{};
  for (const RankedRelease& r : releases) {
    Hit h = make_hit(r.best, req, parsed.patterns);
    h.rank = ++rank;
    if (by_release) h.score = r.score;
    if (req.explain) {
      h.matched_terms = explain_hit(enquire, r.best, parsed.wildcards, weight);
      for (TermWeight& tw : h.matched_terms)
        if (const auto f = factors.find(tw.term); f != factors.end()) tw.factor = f->second;
      if (by_release) h.release_score = r.parts;
    }
    if (!req.query_lang.empty() && h.counterpart)
      h = detail::turned_to_counterpart(db, std::move(h));
    res.hits.push_back(std::move(h));
  }
  if (req.explain) {
    if (req.any) res.question_words = question_words_of(analyzer, req.query);
    res.parsed_query = q.get_description();
    res.query_terms.clear();
    for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t)
      res.query_terms.push_back({*t, db.get_termfreq(*t), 0, 0.0});
    for (const detail::Wildcard& w : parsed.wildcards)
      for (const std::string& t : w.expansions)
        res.query_terms.push_back({t, db.get_termfreq(t), 0, 0.0});
  }
  res.facets.clear();
  bool han_names = false;
  if (counts.count("lang") == 1) {
    std::size_t zh = 0, other = 0;
    for (const auto& [lang, n] : counts["lang"].values) {
      (lang.rfind("zh", 0) == 0 ? zh : other) += n;
    }
    han_names = zh > other;
  }
  if (!req.langs.empty()) {
    bool all_zh = true;
    for (const std::string& l : req.langs) all_zh = all_zh && l.rfind("zh", 0) == 0;
    han_names = all_zh;
  }
  if (lang_for_speakers) counts.erase("lang");
  for (const auto& [name, facet] : counts) {
    std::vector<FacetValue> values;
    if (name == "date") {
      // Xapian counts no empty values: undated passages are the rest.
      std::map<std::string, std::size_t> buckets;
      std::size_t dated = 0;
      const std::size_t width = req.date_facet == DateFacet::kYear    ? 4
                                : req.date_facet == DateFacet::kMonth ? 6
                                                                      : 8;
      for (const auto& [d, n] : facet.values) {
        buckets[d.size() == 8 ? d.substr(0, width) : std::string()] += n;
        dated += n;
      }
      const std::size_t matched = facet.total;
      if (matched > dated) buckets[""] += matched - dated;
      for (const auto& [k, n] : buckets) {
        if (k.empty()) continue;
        values.push_back({iso_date(k), iso_date(k), n, ""});
      }
      if (auto u = buckets.find(""); u != buckets.end())
        values.push_back({"unknown", "", u->second, ""});
    } else {
      for (const auto& [key, n] : facet.top(req.facet_limit)) {
        if (key.empty()) continue;  // passages without a speaker
        FacetValue fv{key, key, n, ""};
        if (name == "speaker") fv.value = speaker_label(key, han_names, &fv.also);
        values.push_back(std::move(fv));
      }
    }
    res.facets[name] = std::move(values);
  }
  return mset.empty() && mset.get_matches_lower_bound() == 0 && check > 0;
}

bool Searcher::Impl::exists(const Xapian::Query& q) const {
  Xapian::Enquire e(db);
  e.set_weighting_scheme(Xapian::BoolWeight());
  e.set_query(q);
  return !e.get_mset(0, 1).empty();
}

namespace {

// Subsets of one size tried at most when relaxing; beyond, a greedy pass.
constexpr std::size_t kMaxRelaxedSubsets = 64;

// n choose k, saturating above `cap`.
std::size_t choose(std::size_t n, std::size_t k, std::size_t cap) {
  std::size_t c = 1;
  for (std::size_t i = 1; i <= k; ++i) {
    c = c * (n - k + i) / i;
    if (c > cap) return cap + 1;
  }
  return c;
}

}  // namespace

// Units no passage holds (with the filters) are left out first. Then the
// largest number k of the rest that some passage holds together is found by
// trying every k-subset, largest k first, and the query becomes the OR of
// the k-subsets that match: the passages holding k of the units (none holds
// more), each weighted by the words it holds. When there are too many
// subsets to try, units are taken greedily instead, the most widespread
// first, each kept when the passages still exist: then the passages holding
// those units.
bool Searcher::Impl::relax(const SearchRequest& req, const Plan& plan,
                           const std::vector<std::string>& units, Xapian::Query& q,
                           detail::ParsedQuery& parsed, std::vector<std::string>& dropped,
                           bool& several) {
  const std::size_t n = units.size();
  auto keeping = [&](const std::vector<std::size_t>& kept, detail::ParsedQuery& p) {
    Plan only = plan;
    only.dropped_units.clear();
    for (std::size_t i = 0; i < n; ++i)
      if (std::find(kept.begin(), kept.end(), i) == kept.end()) only.dropped_units.insert(i);
    return build_query(req, p, only);
  };
  std::vector<std::size_t> present;
  std::vector<std::pair<Xapian::doccount, std::size_t>> spread;
  for (std::size_t i = 0; i < n; ++i) {
    detail::ParsedQuery p;
    const Xapian::Query alone = keeping({i}, p);
    Xapian::Enquire e(db);
    e.set_weighting_scheme(Xapian::BoolWeight());
    e.set_query(alone);
    const Xapian::MSet m = e.get_mset(0, 1);
    if (m.empty()) continue;
    present.push_back(i);
    spread.emplace_back(m.get_matches_estimated(), i);
  }
  if (present.empty()) return false;
  std::vector<std::vector<std::size_t>> found;
  const std::size_t r = present.size();
  for (std::size_t k = r; k >= 1 && found.empty(); --k) {
    if (choose(r, k, kMaxRelaxedSubsets) > kMaxRelaxedSubsets) {
      std::stable_sort(spread.begin(), spread.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first; });
      std::vector<std::size_t> kept;
      for (const auto& [count, i] : spread) {
        kept.push_back(i);
        detail::ParsedQuery p;
        if (!exists(keeping(kept, p))) kept.pop_back();
      }
      std::sort(kept.begin(), kept.end());
      found.push_back(kept);
      break;
    }
    // Every k-subset of `present`, as a selection mask.
    std::vector<bool> mask(r, false);
    std::fill(mask.begin(), mask.begin() + static_cast<std::ptrdiff_t>(k), true);
    do {
      std::vector<std::size_t> kept;
      for (std::size_t j = 0; j < r; ++j)
        if (mask[j]) kept.push_back(present[j]);
      detail::ParsedQuery p;
      if (exists(keeping(kept, p))) found.push_back(kept);
    } while (std::prev_permutation(mask.begin(), mask.end()));
  }
  std::vector<Xapian::Query> either;
  std::vector<bool> lacked(n, false);
  parsed = detail::ParsedQuery();
  for (const std::vector<std::size_t>& kept : found) {
    detail::ParsedQuery p;
    either.push_back(keeping(kept, p));
    if (parsed.patterns.empty() && parsed.wildcards.empty()) parsed = p;
    else parsed.patterns.insert(parsed.patterns.end(), p.patterns.begin(), p.patterns.end());
    for (std::size_t i = 0; i < n; ++i)
      if (std::find(kept.begin(), kept.end(), i) == kept.end()) lacked[i] = true;
  }
  q = either.size() == 1 ? either[0]
                         : Xapian::Query(Xapian::Query::OP_OR, either.begin(), either.end());
  for (std::size_t i = 0; i < n; ++i)
    if (lacked[i]) dropped.push_back(units[i]);
  several = found.size() > 1;
  return true;
}

Searcher::Searcher(const std::vector<std::string>& databases, SearcherOptions options)
    : impl_(std::make_unique<Impl>()) {
  if (databases.empty()) throw IndexError("no database given");
  impl_->paths = databases;
  impl_->options = options;
  impl_->open();
}

const std::vector<std::string>& Searcher::warnings() const { return impl_->open_warnings; }

std::vector<std::string> Searcher::shards() const {
  std::vector<std::string> out;
  for (const auto& s : impl_->shards) out.push_back(s.label);
  return out;
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

void Searcher::reopen() {
  try {
    impl_->reopen();
  } catch (const Xapian::Error& e) {
    throw IndexError(detail::database_error_message(impl_->where(), e));
  }
}

void validate_request(const SearchRequest& req) {
  const std::string from = req.from.empty() ? "" : detail::compact_day(req.from);
  const std::string to = req.to.empty() ? "" : detail::compact_day(req.to);
  for (const auto& [name, value, day] :
       {std::tuple{"from", &req.from, &from}, std::tuple{"to", &req.to, &to}}) {
    if (!value->empty() && day->empty())
      throw QueryError(0, *value, std::string(name) + " \"" + *value +
                                      "\" is not a date (expected YYYY-MM-DD)");
  }
  if (!from.empty() && !to.empty() && from > to)
    throw QueryError(0, req.from, "from \"" + req.from + "\" comes after to \"" + req.to +
                                      "\" (the range holds no day)");
}

std::string Searcher::describe_query(const SearchRequest& request) {
  validate_request(request);
  detail::ParsedQuery parsed;
  return impl_->build_query(request, parsed).get_description();
}

SearchResults Searcher::search(const SearchRequest& req) {
  validate_request(req);
  SearchResults res;
  res.query = req.built_query && req.query.empty() ? req.built_query->to_string() : req.query;
  detail::ParsedQuery parsed;
  try {
    for (int attempt = 0;; ++attempt) {
      try {
        Xapian::Query q = impl_->build_query(req, parsed);
        res.warnings = impl_->open_warnings;
        res.warnings.insert(res.warnings.end(), parsed.warnings.begin(), parsed.warnings.end());
        Impl::Plan plan;
        if (impl_->run(req, q, parsed, res) && !req.strict && !req.any) {
          // Nothing matched. An unquoted run that no passage holds as
          // written is searched in its loose form (a question typed without
          // spaces); then, if still nothing matches, the passages holding
          // the most of the words. A count is a claim: each says so.
          std::vector<std::string> loosened;
          for (std::size_t i = 0; i < parsed.runs.size(); ++i) {
            const detail::ExactRun& r = parsed.runs[i];
            if (r.loose || impl_->exists(r.exact)) continue;
            plan.loose_runs.insert(i);
            loosened.push_back(r.text);
          }
          bool none = true;
          if (!loosened.empty()) {
            parsed = detail::ParsedQuery();
            q = impl_->build_query(req, parsed, plan);
            for (const std::string& t : loosened)
              res.warnings.push_back("no passage holds \"" + t +
                                     "\" as written; showing passages with all of its words");
            none = impl_->run(req, q, parsed, res);
          }
          std::vector<std::string> dropped;
          bool several = false;
          if (none && parsed.relaxable && parsed.units.size() >= 2 &&
              impl_->relax(req, plan, std::vector<std::string>(parsed.units), q, parsed,
                           dropped, several)) {
            impl_->run(req, q, parsed, res);
            res.relaxed = true;
            res.dropped = dropped;
            std::string words;
            for (const std::string& d : dropped) words += (words.empty() ? "\"" : ", \"") + d + "\"";
            res.warnings.push_back(
                "no passage holds all of the words; showing the passages with the most of them, " +
                std::string(several ? "each without some of " : "without ") + words);
          }
        }
        break;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt >= 2) throw;
        impl_->reopen();
      }
    }
  } catch (const Xapian::NetworkError& e) {
    throw IndexError(impl_->lost_shards_message(e));
  } catch (const Xapian::Error& e) {
    throw IndexError(detail::database_error_message(impl_->where(), e));
  }
  return res;
}

std::optional<IndexedRelease> Searcher::release(const std::string& id) {
  try {
    auto passages = impl_->release_passages(id);
    if (passages.empty()) return std::nullopt;
    IndexedRelease out;
    const detail::PassageRecord& first = passages.front().second;
    out.release_id = first.release_id;
    out.title = first.title;
    out.date = first.date;
    out.source = first.source;
    out.lang = first.lang;
    out.url = first.url;
    out.counterpart_id = impl_->metadata(schema::kMetaLinkPrefix + id);
    for (auto& [docid, r] : passages) {
      const auto ref =
          detail::parse_counterpart(impl_->db.get_document(docid).get_value(schema::kCounterpartSlot));
      out.counterpart_paragraphs.push_back(ref ? ref->paragraphs : std::vector<int>());
      Passage p;
      p.paragraph = r.paragraph;
      p.text = std::move(r.text);
      p.speaker = speaker_of(r);
      p.section = std::move(r.section);
      p.mentioned_dates = split_spaces(r.mentioned_dates);
      out.passages.push_back(std::move(p));
    }
    return out;
  } catch (const Xapian::Error& e) {
    throw IndexError(detail::database_error_message(impl_->where(), e));
  }
}

DatabaseStats Searcher::stats() {
  for (int attempt = 0;; ++attempt) {
    try {
      return stats_once();
    } catch (const IndexError&) {
      throw;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 4) throw IndexError(impl_->where() + ": database keeps changing; try again");
      impl_->reopen();
    }
  }
}

DatabaseStats Searcher::stats_once() {
  DatabaseStats s;
  try {
    Xapian::Database& db = impl_->db;
    s.passages = db.get_doccount();
    const std::string rp = schema::kReleaseTerm;
    for (auto it = db.allterms_begin(rp); it != db.allterms_end(rp); ++it) ++s.releases;
    const std::string dp = schema::kDateTerm;
    for (auto it = db.allterms_begin(dp); it != db.allterms_end(dp); ++it) {
      const std::string d = (*it).substr(dp.size());
      if (d.size() != 8 || d == "NONE") continue;
      if (s.first_date.empty()) s.first_date = iso_date(d);
      s.last_date = iso_date(d);
    }
    s.undated_passages = db.get_termfreq(schema::kNoDateTerm);
    const std::string link = schema::kMetaLinkPrefix;
    for (const auto& shard : impl_->shards)
      for (auto it = shard.db.metadata_keys_begin(link); it != shard.db.metadata_keys_end(link); ++it)
        if (!shard.db.get_metadata(*it).empty()) ++s.linked_releases;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query::MatchAll);
    Xapian::ValueCountMatchSpy langs(schema::kLangSlot), sources(schema::kSourceSlot);
    enquire.add_matchspy(&langs);
    enquire.add_matchspy(&sources);
    enquire.get_mset(0, 0, db.get_doccount());
    for (auto v = langs.top_values_begin(20); v != langs.top_values_end(20); ++v)
      s.languages.push_back({*v, *v, v.get_termfreq(), ""});
    for (auto v = sources.top_values_begin(100); v != sources.top_values_end(100); ++v)
      s.sources.push_back({*v, *v, v.get_termfreq(), ""});
    s.analyzer_version = db.get_metadata(schema::kMetaAnalyzerVersion);
    s.schema_version = db.get_metadata(schema::kMetaSchemaVersion);
  } catch (const Xapian::DatabaseModifiedError&) {
    throw;
  } catch (const Xapian::Error& e) {
    throw IndexError(detail::database_error_message(impl_->where(), e));
  }
  return s;
}

}  // namespace libsearch

namespace libsearch::detail {

// What the research views (results/searcher_access.h) read of a searcher.
Xapian::Database& SearcherAccess::database(Searcher& s) { return s.impl_->db; }

Analyzer& SearcherAccess::analyzer(Searcher& s) { return s.impl_->analyzer; }

Xapian::Query SearcherAccess::query(Searcher& s, const SearchRequest& request,
                                    ParsedQuery& parsed) {
  return s.impl_->build_query(request, parsed);
}

std::string SearcherAccess::speaker_label(Searcher& s, const std::string& key, bool han) {
  return s.impl_->speaker_label(key, han, nullptr);
}

const std::vector<std::string>& SearcherAccess::open_warnings(const Searcher& s) {
  return s.impl_->open_warnings;
}

}  // namespace libsearch::detail
