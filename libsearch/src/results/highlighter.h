// Highlights: re-analyses a passage with the index's Analyzer and marks the
// tokens whose terms the query used.
#ifndef LIBSEARCH_RESULTS_HIGHLIGHTER_H_
#define LIBSEARCH_RESULTS_HIGHLIGHTER_H_

#include <string>
#include <vector>

#include "libsearch/analyzer.h"
#include "libsearch/hit.h"
#include "query/query_parser.h"

namespace libsearch::detail {

// Byte spans of `text` matched by any of `patterns`: every occurrence of a
// single-term pattern, and each place where all terms of a phrase pattern
// stand at their relative positions. Sorted and merged where they overlap.
std::vector<Span> highlight(Analyzer& analyzer, const std::string& text,
                            const std::vector<HighlightPattern>& patterns);

// The occurrences of the query in `text`: every match of a pattern, as
// highlight() finds them, but not merged, so two matches side by side
// (中国中国) are two. A match that overlaps an earlier one is left out
// (the earlier, and at one start the longer, is kept). Sorted, disjoint.
// What concordances and trend counts call an occurrence.
std::vector<Span> occurrences(Analyzer& analyzer, const std::string& text,
                              const std::vector<HighlightPattern>& patterns);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_RESULTS_HIGHLIGHTER_H_
