// Queries for analysed text: how a run of words or a quoted phrase becomes
// Xapian terms. The counterpart of what DocumentBuilder indexes; the query
// parser calls these for every word and phrase.
#ifndef LIBSEARCH_QUERY_TERM_QUERY_H_
#define LIBSEARCH_QUERY_TERM_QUERY_H_

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

// Free text in field `prefix` ("" body, "S" title): English words match
// their stem, numbers match whole, Chinese words match as the ICU word or as
// their characters in order (bigram phrase), the word weighted higher. All
// parts ANDed, or ORed with `any`. Appends highlight patterns when
// `patterns` is non-null. An empty Query when the text has no terms.
Xapian::Query text_query(Analyzer& analyzer, std::string_view text, const std::string& prefix,
                         bool any, std::vector<HighlightPattern>* patterns);

// A quoted phrase: words as written and Chinese characters as bigrams, at
// their relative positions.
Xapian::Query phrase_query(Analyzer& analyzer, std::string_view text, const std::string& prefix,
                           std::vector<HighlightPattern>* patterns);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_QUERY_TERM_QUERY_H_
