// press-query's research views (--kwic, --timeline) in text, json, jsonl
// and csv. Concordance rows: release_id paragraph date speaker source lang
// left node right byte_start byte_end char_start char_end (speaker: the
// name, or null/empty). Timeline rows (jsonl, csv): query group bucket
// passages occurrences bucket_passages rate; json nests them in series.
#ifndef LIBSEARCH_QUERY_RESEARCH_OUTPUT_H_
#define LIBSEARCH_QUERY_RESEARCH_OUTPUT_H_

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "libsearch/research.h"

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

}  // namespace press_query

#endif  // LIBSEARCH_QUERY_RESEARCH_OUTPUT_H_
