#include "libsearch/searcher.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>

#include <xapian.h>

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
#include "results/facet_counts.h"
#include "results/highlighter.h"

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


// Matches a search checks at least (see Searcher::search).
constexpr Xapian::doccount kCheckedMatches = 300;

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
        throw IndexError(p + ": " + e.get_description());
      }
    }
    if (opened.empty())
      throw IndexError(where() + ": no shard could be opened" +
                       (warnings.empty() ? std::string() : " (" + join(warnings, "; ") + ")"));
    db = combined;
    shards = std::move(opened);
    open_warnings = std::move(warnings);
    load_facts();
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

  Xapian::Query build_query(const SearchRequest& req, detail::ParsedQuery& parsed);
  void expand_wildcards(const SearchRequest& req, detail::ParsedQuery& parsed) const;
  std::vector<TermWeight> explain_hit(const Xapian::Enquire& enquire,
                                      const Xapian::MSetIterator& it,
                                      const std::vector<detail::Wildcard>& wildcards) const;
  double term_weight(const std::string& term, Xapian::docid did,
                     const Xapian::Query& passage) const;
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
                                   const Xapian::Query& passage) const {
  Xapian::Enquire e(db);
  e.set_weighting_scheme(detail::passage_weight());
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
    const std::vector<detail::Wildcard>& wildcards) const {
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
    if (tw.term.empty() || tw.term[0] != 'X') tw.weight = term_weight(tw.term, *it, passage);
    out.push_back(std::move(tw));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const TermWeight& a, const TermWeight& b) { return a.weight > b.weight; });
  return out;
}

Xapian::Query Searcher::Impl::build_query(const SearchRequest& req,
                                          detail::ParsedQuery& parsed) {
  detail::QueryParser parser(analyzer, facts);
  if (req.built_query)
    detail::resolve_query(*req.built_query, parser, parsed);
  else
    parsed = parser.parse(req.query, req.any, req.strict);
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
  if (req.context > 0) {
    const auto all = release_passages(h.release_id);
    const Xapian::docid self = *it;
    std::size_t idx = 0;
    while (idx < all.size() && all[idx].first != self) ++idx;
    if (idx < all.size()) {
      const std::size_t lo = idx >= req.context ? idx - req.context : 0;
      const std::size_t hi = std::min(all.size(), idx + req.context + 1);
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
    throw IndexError(impl_->where() + ": " + e.get_description());
  }
}

std::string Searcher::describe_query(const SearchRequest& request) {
  detail::ParsedQuery parsed;
  return impl_->build_query(request, parsed).get_description();
}

SearchResults Searcher::search(const SearchRequest& req) {
  SearchResults res;
  res.query = req.built_query && req.query.empty() ? req.built_query->to_string() : req.query;
  detail::ParsedQuery parsed;
  try {
    for (int attempt = 0;; ++attempt) {
      try {
        const Xapian::Query q = impl_->build_query(req, parsed);
        res.warnings = impl_->open_warnings;
        res.warnings.insert(res.warnings.end(), parsed.warnings.begin(), parsed.warnings.end());
        Xapian::Enquire enquire(impl_->db);
        enquire.set_weighting_scheme(detail::passage_weight());
        enquire.set_query(q);
        if (req.per_release > 0)
          enquire.set_collapse_key(schema::kReleaseSlot,
                                   static_cast<Xapian::doccount>(req.per_release));
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
        const detail::FacetColumns* columns =
            facet_slots.empty() ? nullptr : impl_->facet_columns();
        if (columns) {
          std::vector<int> wanted;
          for (const auto& [name, slot] : facet_slots) wanted.push_back(columns->column_of(slot));
          column_spy = std::make_unique<detail::ColumnSpy>(*columns, std::move(wanted));
          enquire.add_matchspy(column_spy.get());
        } else {
          for (const auto& [name, slot] : facet_slots) {
            spies[name] = std::make_unique<Xapian::ValueCountMatchSpy>(slot);
            enquire.add_matchspy(spies[name].get());
          }
        }
        const bool counting = !facet_slots.empty();
        const Xapian::doccount all = impl_->db.get_doccount();
        // Checking a few hundred matches makes the total exact for narrow
        // queries (and the collapsed estimate sane). Each checked match of a
        // phrase has its positions read: at 10x a thousand cost a phrase
        // query about half its time, and moved the median query from 0.85
        // to 1.05 ms. Exact totals: facets, exact_total, --count.
        const Xapian::doccount check =
            (counting || req.exact_total) ? all : std::min<Xapian::doccount>(all, kCheckedMatches);
        Xapian::MSet mset = enquire.get_mset(
            static_cast<Xapian::doccount>(req.offset),
            static_cast<Xapian::doccount>(req.limit), check);
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
        if (req.per_release > 0 && counting && !impl_->has_remote()) {
          // Every document was checked (check == all) and Xapian shows each
          // match to the spies before collapsing it: a spy's total is the
          // exact number of matching passages, without a second match.
          res.total = counts.begin()->second.total;
          res.total_exact = true;
        } else if (req.per_release > 0 && (check > 0 || impl_->has_remote())) {
          // Collapsing leaves Xapian with only bounds on the passages it hid
          // (and remote shards collapse before the merge, hiding them
          // altogether): count the matches without collapsing.
          Xapian::Enquire counter(impl_->db);
          counter.set_weighting_scheme(Xapian::BoolWeight());
          counter.set_query(q);
          const Xapian::MSet counted = counter.get_mset(0, 0, check);
          res.total = counted.get_matches_estimated();
          res.total_exact =
              counted.get_matches_lower_bound() == counted.get_matches_upper_bound();
        }
        res.hits.clear();
        std::size_t rank = req.offset;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
          Hit h = impl_->make_hit(it, req, parsed.patterns);
          h.rank = ++rank;
          if (req.explain) h.matched_terms = impl_->explain_hit(enquire, it, parsed.wildcards);
          res.hits.push_back(std::move(h));
        }
        if (req.explain) {
          res.parsed_query = q.get_description();
          res.query_terms.clear();
          for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t)
            res.query_terms.push_back({*t, impl_->db.get_termfreq(*t), 0, 0.0});
          for (const detail::Wildcard& w : parsed.wildcards)
            for (const std::string& t : w.expansions)
              res.query_terms.push_back({t, impl_->db.get_termfreq(t), 0, 0.0});
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
              if (name == "speaker") fv.value = impl_->speaker_label(key, han_names, &fv.also);
              values.push_back(std::move(fv));
            }
          }
          res.facets[name] = std::move(values);
        }
        break;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt >= 2) throw;
        impl_->reopen();
      }
    }
  } catch (const Xapian::Error& e) {
    throw IndexError(impl_->where() + ": " + e.get_description());
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
    for (auto& [docid, r] : passages) {
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
    throw IndexError(impl_->where() + ": " + e.get_description());
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
    throw IndexError(impl_->where() + ": " + e.get_description());
  }
  return s;
}

}  // namespace libsearch
