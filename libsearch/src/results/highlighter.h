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

}  // namespace libsearch::detail

#endif  // LIBSEARCH_RESULTS_HIGHLIGHTER_H_
