// Internal switches of the Analyzer, for tests: not part of the public API.
#ifndef LIBSEARCH_ANALYSIS_ANALYZER_INTERNAL_H_
#define LIBSEARCH_ANALYSIS_ANALYZER_INTERNAL_H_

namespace libsearch::detail {

// Whether analyzers segment plain English text themselves
// (segment_simple_words) instead of with ICU; on by default. The output is
// the same either way; tests turn it off to compare. Affects every Analyzer
// in the process.
void set_simple_word_segmentation(bool enabled);
bool simple_word_segmentation();

}  // namespace libsearch::detail

#endif  // LIBSEARCH_ANALYSIS_ANALYZER_INTERNAL_H_
