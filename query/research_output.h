// press-query's research views (--kwic, --timeline, --collocates,
// --keywords), run from its Config and printed in text, json, jsonl
// and csv. Concordance rows: release_id paragraph date speaker source lang
// left node right byte_start byte_end char_start char_end (speaker: the
// name, or null/empty). Timeline rows (jsonl, csv): query group bucket
// passages occurrences bucket_passages rate; json nests them in series.
#ifndef LIBSEARCH_QUERY_RESEARCH_OUTPUT_H_
#define LIBSEARCH_QUERY_RESEARCH_OUTPUT_H_

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "libsearch/research.h"
#include "libsearch/searcher.h"
#include "options.h"

namespace press_query {

nlohmann::json concordance_json(const libsearch::Concordance& c);
void print_concordance(std::ostream& out, const libsearch::Concordance& c,
                       const std::string& format, bool colour);

nlohmann::json timeline_json(const libsearch::Timeline& t);
void print_timeline(std::ostream& out, const libsearch::Timeline& t, const std::string& format);

// Collocates and keywords: {query, measure, passages, corpus_passages,
// items: [{word, observed, expected, corpus_frequency, score}]} (keywords
// add log_ratio); jsonl and csv one item a row.
nlohmann::json word_scores_json(const libsearch::WordScores& w, bool keywords);
void print_word_scores(std::ostream& out, const libsearch::WordScores& w, const std::string& format,
                       bool keywords);

// The columns of each view's csv (and of the Python module's DataFrames).
std::vector<std::string> concordance_columns();
std::vector<std::string> timeline_columns();
std::vector<std::string> word_score_columns(bool keywords);

// The views as press-query runs them from its Config: the request with the
// query (c.query; the timeline's series are c.timeline_queries) and the
// view's options.
libsearch::Concordance concordance_of(libsearch::Searcher& searcher, const Config& c);
libsearch::Timeline timeline_of(libsearch::Searcher& searcher, const Config& c);
libsearch::WordScores word_scores_of(libsearch::Searcher& searcher, const Config& c);

// The view `c` asks for (c.kwic, c.timeline, c.collocates or c.keywords;
// one must be set), run on `searcher`: the document --format json prints,
// and the warnings press-query writes on stderr. Throws as the library does.
struct ResearchDocument {
  nlohmann::json document;
  std::vector<std::string> warnings;
};
ResearchDocument research_json(libsearch::Searcher& searcher, const Config& c);

}  // namespace press_query

#endif  // LIBSEARCH_QUERY_RESEARCH_OUTPUT_H_
