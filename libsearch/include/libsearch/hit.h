// libsearch: search results. Plain values: copyable, safe to share once
// returned.
//
//   for (const libsearch::Hit& h : results.hits)
//     std::cout << h.rank << " " << h.title << ": " << h.text << "\n";
#ifndef LIBSEARCH_HIT_H_
#define LIBSEARCH_HIT_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "libsearch/release.h"

namespace libsearch {

// A highlighted span of Hit::text, in UTF-8 bytes, end exclusive.
struct Span {
  std::size_t byte_start = 0;
  std::size_t byte_end = 0;
  bool operator==(const Span& o) const {
    return byte_start == o.byte_start && byte_end == o.byte_end;
  }
};

// A passage next to a hit (SearchRequest::context).
struct ContextPassage {
  int paragraph = 0;
  std::optional<Speaker> speaker;
  std::string text;
};

// A term of the query with its statistics (SearchRequest::explain).
struct TermWeight {
  std::string term;           // the index term: prefix + analyzer term
  std::size_t termfreq = 0;   // passages in the database that hold it
  std::size_t wdf = 0;        // occurrences in this passage (Hit only)
  double weight = 0;          // its BM25 weight for this passage on its own
                              // (Hit only; 0 for filter terms)
  // Under `any`: what the query multiplies the weight by (a bigram 1.5, a
  // term the question holds twice twice), so that the passage's weight is
  // the sum of factor * weight over its terms. 1 otherwise.
  double factor = 1;
};

// How an any-term hit's score was made when releases are ranked (`any`, one
// passage per release; SearchRequest::explain):
//   score = passage_factor * passage_weight + release_factor * release_weight
struct ReleaseScore {
  double passage_weight = 0;  // the hit's passage: the sum over matched_terms
  double passage_factor = 0;
  double release_weight = 0;  // the question's terms over all the release's
                              // passages (0 below the releases rescored)
  double release_factor = 0;
  std::size_t passages = 0;   // the release's passages that release_weight read
};

// The passage of the linked release in the other language that translates a
// hit's passage (SearchRequest::with_counterpart).
struct Counterpart {
  std::string release_id;
  int paragraph = 0;            // the first of `paragraphs`
  std::vector<int> paragraphs;  // one, or two when the translation split or
                                // merged paragraphs
  std::string text;             // the paragraphs' text, joined by "\n\n"
  double confidence = 0;        // of the alignment, in [0, 1]; at least
                                // the threshold the README documents
};

struct Hit {
  std::size_t rank = 0;  // 1-based, across pages (offset + index + 1)
  double score = 0;      // BM25 weight (see ReleaseScore for any-term hits,
                         // one per release); 0 when sorted by date
  std::string release_id;
  int paragraph = 0;     // 0-based paragraph index in the release body
  std::string title;
  std::string date;      // YYYY-MM-DD or empty
  std::string source;
  std::string lang;
  std::string url;
  std::optional<Speaker> speaker;
  std::string section;
  std::string text;      // the passage as written
  std::vector<Span> highlights;  // sorted, non-overlapping
  std::vector<std::string> mentioned_dates;
  std::vector<ContextPassage> before;  // context, in reading order
  std::vector<ContextPassage> after;
  // With SearchRequest::explain: the query's terms this passage holds, by
  // weight, heaviest first.
  std::vector<TermWeight> matched_terms;
  std::optional<ReleaseScore> release_score;  // see ReleaseScore
  // With SearchRequest::with_counterpart: the aligned passage of the linked
  // release, or nullopt (no linked release, or no counterpart for this
  // passage). With SearchRequest::query_lang, the passage that matched the
  // query.
  std::optional<Counterpart> counterpart;
};

struct FacetValue {
  // Display form. A speaker is shown in the script of most of the passages
  // counted (the request's language filter, else the languages of the
  // matches): "耿爽" over Chinese passages, "Geng Shuang" over English ones.
  std::string value;
  std::string key;    // the value counted (speaker identity key, date, ...)
  std::size_t count = 0;
  // A speaker's spelling in the other script, where the index has met one
  // ("Geng Shuang" beside "耿爽"); empty otherwise and for other facets.
  std::string also;
};

struct SearchResults {
  std::string query;
  std::size_t total = 0;      // matching passages
  bool total_exact = false;   // false when total is Xapian's estimate
  std::vector<Hit> hits;
  // By facet name ("speaker", "date", "source", "lang"), most frequent first
  // (dates in date order).
  std::map<std::string, std::vector<FacetValue>> facets;
  std::vector<std::string> warnings;  // e.g. query syntax fallbacks
  // No passage held all the words that must match: the hits, total and
  // facets are those of the passages holding the most of them, and
  // `dropped` lists the words (as typed) that some of them lack.
  bool relaxed = false;
  std::vector<std::string> dropped;
  // With SearchRequest::explain: the query as run (Xapian's description,
  // filters included) and its terms with their passage frequencies
  // (prefix searches listed with the words they expanded to).
  std::string parsed_query;
  std::vector<TermWeight> query_terms;
  // With `any`: the question words the query left out, once each
  // (data/query/question_words.txt).
  std::vector<std::string> question_words;
};

// A release as indexed, with its passages (for `press-index show`).
struct IndexedRelease {
  std::string release_id;
  std::string title;
  std::string date;
  std::string source;
  std::string lang;
  std::string url;
  std::vector<Passage> passages;
  // The linked release in the other language (IndexWriter::link), "" if
  // none.
  std::string counterpart_id;
  // Per passage (same order as `passages`): the paragraphs of the linked
  // release aligned with it, empty when none.
  std::vector<std::vector<int>> counterpart_paragraphs;
};

}  // namespace libsearch

#endif  // LIBSEARCH_HIT_H_
