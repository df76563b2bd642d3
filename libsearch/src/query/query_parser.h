// The query language, parsed with the same Analyzer as the index.
//
//   words            all must match (any with `any`); English words match
//                    their stem; a run of Chinese characters (and the
//                    letters and digits touching it: 5G网络) matches where
//                    it stands as written, like the run in quotes, ranked
//                    by its ICU words and bigrams
//   ~words           Chinese in its loose form: each ICU word as the word or
//                    its characters in order, all ANDed, anywhere
//   "a phrase"       exact sequence; a Chinese phrase matches its characters
//                    in order, whatever the segmentation
//   a AND b, a OR b, NOT a, -a, ( ... )
//   a NEAR/n b       a and b within n words of each other (Chinese: n
//                    characters), any order; plain NEAR means NEAR/10
//   protect*         English words starting with "protect" (as written, not
//                    stemmed); expanded by the searcher, at most
//                    kMaxWildcardExpansion words
//   title:x  title:"a b"  speaker:x  speaker:"Hua Chunying"  source:x
//   lang:zh|en|zh-Hans|zh-Hant
//   date:2019  date:2019-06  date:2019-06-30  date:2018-01-01..2019-06-30
//   release:ID
//
// On a syntax error the parser falls back to the plain terms of the whole
// text and records a warning; in strict mode it throws QueryError with the
// byte offset instead. Limits guard against hostile input: a query longer
// than kMaxQueryBytes or with more than kMaxQueryTerms terms throws
// QueryError even when not strict (degrading would not make it smaller).
#ifndef LIBSEARCH_QUERY_QUERY_PARSER_H_
#define LIBSEARCH_QUERY_QUERY_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "libsearch/analyzer.h"
#include "query/term_query.h"

namespace libsearch::detail {

inline constexpr std::size_t kMaxQueryBytes = 4096;
inline constexpr std::size_t kMaxQueryTerms = 256;
inline constexpr unsigned kMaxWildcardExpansion = 200;
inline constexpr unsigned kDefaultNearDistance = 10;

// A `word*` in the query: the searcher checks its expansion.
struct Wildcard {
  std::size_t offset = 0;  // byte offset of the word in the query
  std::string fragment;    // as written, with the star
  std::string prefix;      // the term prefix expanded (field prefix + word)
  std::string field_prefix;  // "" body, "S" title
  std::vector<std::string> expansions;  // filled by the searcher
};

struct ParsedQuery {
  Xapian::Query query;  // MatchAll when the text has no terms
  bool empty = true;    // no search terms (filters only)
  std::vector<HighlightPattern> patterns;
  std::vector<Wildcard> wildcards;
  std::vector<std::string> warnings;
  // The words that must all match at the top level of the query, as typed,
  // numbered in order (see QueryParser::drop_units): each operand of the
  // top-level AND that is not a filter or negated, a plain word split into
  // its parts (English words, Chinese runs, or in a run's loose form its
  // words). Valid when `relaxable`: not with `any` or a top-level OR.
  std::vector<std::string> units;
  bool relaxable = false;
  // The unquoted Chinese runs met (QueryParser::runs), for a searcher that
  // checks whether any passage holds them as written.
  std::vector<ExactRun> runs;
};

// Passages per language term in the database: the code after the "XL"
// prefix ("zh", "zh-hans", "en") -> passages.
using LanguageCounts = std::map<std::string, Xapian::doccount>;

// A language filter: `query` matches the passages in the language or, when
// `excludes`, the passages to leave out. Every passage holds one term for
// its primary subtag ("zh") and one for its whole code ("zh-hans"), so the
// passages of every other language stand for the language as well. Xapian
// moves a filter's posting list to each candidate, while it moves an
// excluded list only past candidates it has reached; releases of one
// language usually come in runs of document numbers, so leaving the others
// out costs little. On real/ at 10x lang:zh "國家安全" took 3.6 ms as a
// filter and 2.2 ms as an exclusion (2.1 ms unfiltered), lang:en china 5.5
// and 2.0 ms. Without counts, or when the other languages hold more than
// twice the passages, the filter.
struct LanguageFilter {
  Xapian::Query query;
  bool excludes = false;

  // `q` kept to the language's passages.
  Xapian::Query restrict(const Xapian::Query& q) const {
    return Xapian::Query(excludes ? Xapian::Query::OP_AND_NOT : Xapian::Query::OP_FILTER, q,
                         query);
  }
  // The language's passages on their own.
  Xapian::Query passages() const { return excludes ? restrict(Xapian::Query::MatchAll) : query; }
};
LanguageFilter lang_filter(const std::string& lang,
                           const LanguageCounts& counts = {});  // throws QueryError
Xapian::Query date_range_filter(const std::string& from, const std::string& to);

// The one date validator of every query entry point (date: and mentions:
// fields, Query::field/date_range, SearchRequest::from/to, press-query
// --from/--to and batch lines). A day is "YYYY-MM-DD" naming a real
// calendar day (leap years included, year 1000..9999); a period is a day,
// "YYYY-MM" (month 01..12) or "YYYY". Each returns the compact form
// ("20240229", "202402", "2024"), or "" when `text` is not one.
std::string compact_day(std::string_view text);
std::string compact_period(std::string_view text);

// Speaker name -> identity key; speaker_key() unless the caller knows the
// key already (the searcher looks names up in the database first).
using SpeakerKeyFn = std::function<std::string(const std::string& name)>;

// What the parser knows of the database it parses for; every part may be
// left empty.
struct IndexFacts {
  std::vector<std::string> sources;  // normalised source names, for source:
  LanguageCounts languages;          // for lang:
  SpeakerKeyFn speaker_key_of;       // for speaker:
  TermFreqFn term_freq;              // lets phrases take their faster form
};

class QueryParser {
 public:
  // `analyzer` must outlive the parser.
  explicit QueryParser(Analyzer& analyzer, IndexFacts facts = {});

  // The filter for passages said by `name`.
  Xapian::Query speaker_filter(const std::string& name) const;

  ParsedQuery parse(std::string_view text, bool any, bool strict);

  Xapian::Query text_query(std::string_view text, const std::string& prefix, bool any,
                           std::vector<HighlightPattern>* patterns, bool loose = false,
                           std::vector<TextPart>* parts = nullptr) {
    return detail::text_query(analyzer_, text, prefix, any, patterns, facts_.term_freq, &runs_,
                              loose, parts);
  }

  // The unquoted Chinese runs of everything parsed so far, numbered in
  // order, and which of them are searched loose: set `runs().loose` (or
  // `all_loose`) before parsing, read `runs().runs` after.
  TextRuns& runs() { return runs_; }

  // Leaves out the top-level units with these numbers (ParsedQuery::units)
  // from the next parse(): a relaxed search.
  void drop_units(std::set<std::size_t> units) { dropped_ = std::move(units); }
  Xapian::Query phrase_query(std::string_view text, const std::string& prefix,
                             std::vector<HighlightPattern>* patterns) {
    return detail::phrase_query(analyzer_, text, prefix, patterns, facts_.term_freq);
  }
  Xapian::Query source_filter(const std::string& text) const;
  LanguageFilter lang_filter(const std::string& lang) const {
    return detail::lang_filter(lang, facts_.languages);
  }

  // For NEAR: the positional terms where `text` (a word or a phrase) starts,
  // ORed (a Chinese word's ICU word and its first bigram stand at the same
  // position), and how many positions it spans. An empty Query when the text
  // has no positional term (a lone Chinese character).
  std::pair<Xapian::Query, std::uint32_t> near_anchor(std::string_view text,
                                                      const std::string& prefix);

  // The normalised English word of `text` for a prefix search, or "" when
  // `text` is not a single word.
  std::string wildcard_word(std::string_view text);

 private:
  Analyzer& analyzer_;
  IndexFacts facts_;
  TextRuns runs_;
  std::set<std::size_t> dropped_;
};

}  // namespace libsearch::detail

#endif  // LIBSEARCH_QUERY_QUERY_PARSER_H_
