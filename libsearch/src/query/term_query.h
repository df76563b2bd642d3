// Queries for analysed text: how a run of words or a quoted phrase becomes
// Xapian terms. The counterpart of what DocumentBuilder indexes; the query
// parser calls these for every word and phrase.
#ifndef LIBSEARCH_QUERY_TERM_QUERY_H_
#define LIBSEARCH_QUERY_TERM_QUERY_H_

#include <cstddef>
#include <functional>
#include <set>
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
  HighlightPattern() = default;
  HighlightPattern(std::vector<std::pair<std::string, int>> t) : terms(std::move(t)) {}

  std::vector<std::pair<std::string, int>> terms;
  // By term: a Chinese character typed right after the previous one (white
  // space aside), which the text must hold so too. Punctuation takes no
  // position, so positions alone would also mark 和平、稳定 for 和平稳定.
  // Empty: no such condition.
  std::vector<bool> touching;
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

// An unquoted run of touching tokens holding Chinese characters (贸易战,
// 5G网络, G20峰会) that needs more than its loose form to match as written.
struct ExactRun {
  std::string text;     // the run as typed
  Xapian::Query exact;  // its quoted form: passages that hold it as written
  bool loose = false;   // searched in its loose form instead
};

// How the unquoted runs of one query are searched, and the runs met. Runs
// are numbered in the order text_query meets them, so parsing the same query
// again numbers them alike: a searcher that finds a run nowhere parses again
// with its number in `loose`.
struct TextRuns {
  bool all_loose = false;         // every run loose (--loose)
  std::set<std::size_t> loose;    // numbers of the runs searched loose
  std::vector<ExactRun> runs;     // the runs met; a run's number is its index
};

// One part of free text that must match, and how it reads in a warning.
struct TextPart {
  Xapian::Query query;
  std::string text;  // as typed
};

// Free text in field `prefix` ("" body, "S" title): English words match
// their stem, numbers match whole. A run of touching tokens holding Chinese
// characters (贸易战, 发展中国家, 5G网络) matches where it stands as written,
// in either script: the same passages as the run in quotes (see
// phrase_query), ranked by the run's loose form, in which each Chinese word
// matches as the word or as its characters in order (exact character phrase,
// weighted through its bigrams), the word weighted higher. With `loose`
// (`~word`), or when `runs` says so, a run is searched in its loose form
// alone (its words and characters, ANDed). All parts ANDed; `text_parts`, when
// non-null, receives them. With `any` (long questions) every word, stem,
// number and bigram of the text is ORed on its own, bigrams weighted above
// words (kAnyBigramWeight), and question and function words (QuestionWords)
// are left out. Appends highlight patterns when `patterns` is non-null: a run
// as a whole, or in its loose form each of its words. An empty Query when the
// text has no terms.
Xapian::Query text_query(Analyzer& analyzer, std::string_view text, const std::string& prefix,
                         bool any, std::vector<HighlightPattern>* patterns,
                         const TermFreqFn& term_freq = nullptr, TextRuns* runs = nullptr,
                         bool loose = false, std::vector<TextPart>* text_parts = nullptr);

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
