// Queries for analysed text: how a run of words or a quoted phrase becomes
// Xapian terms. The counterpart of what DocumentBuilder indexes; the query
// parser calls these for every word and phrase.
#ifndef LIBSEARCH_QUERY_TERM_QUERY_H_
#define LIBSEARCH_QUERY_TERM_QUERY_H_

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "libsearch/analyzer.h"

namespace libsearch::detail {

// Terms at relative positions that make one highlightable match: a single
// term (any position) or a phrase.
struct HighlightPattern {
  std::vector<std::pair<std::string, int>> terms;
};

// How many passages hold a term. Queries read term frequencies where that
// is cheap (local databases) to choose the faster of equivalent forms; null
// where each lookup would cost a network round trip.
using TermFreqFn = std::function<Xapian::doccount(const std::string& term)>;

// Under `any`, what a Chinese bigram's weight is multiplied by (words count
// 1): a bigram is evidence on its own, and a whole word still counts more,
// since it matches as the word and as its bigrams. On the ncp-policy-qa
// development questions bigram weights from 1.0 to 2.5 all gave MRR@10
// 0.877-0.883 (0.5: 0.871; 0.3: 0.866); 1.5 was best.
inline constexpr double kAnyBigramWeight = 1.5;

// Free text in field `prefix` ("" body, "S" title): English words match
// their stem, numbers match whole, Chinese words match as the word or as
// their characters in order (exact character phrase, weighted through its
// bigrams), the word weighted higher. All parts ANDed. With `any` (long
// questions) every word, stem, number and bigram of the text is ORed on its
// own, bigrams weighted above words (kAnyBigramWeight), and question and
// function words (QuestionWords) are left out. Appends highlight patterns when
// `patterns` is non-null. An empty Query when the text has no terms.
Xapian::Query text_query(Analyzer& analyzer, std::string_view text, const std::string& prefix,
                         bool any, std::vector<HighlightPattern>* patterns,
                         const TermFreqFn& term_freq = nullptr);

// A quoted phrase: words as written and Chinese characters ("U" terms) at
// their relative positions, an exact phrase however ICU segmented the text,
// filtered and weighted by the phrase's bigrams and words. Title terms have
// no positions, so in the title field a phrase matches titles holding all of
// its bigrams and words.
Xapian::Query phrase_query(Analyzer& analyzer, std::string_view text, const std::string& prefix,
                           std::vector<HighlightPattern>* patterns,
                           const TermFreqFn& term_freq = nullptr);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_QUERY_TERM_QUERY_H_
