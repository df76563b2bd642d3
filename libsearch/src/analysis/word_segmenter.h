// Word segmentation of plain English text without ICU. Most English
// paragraphs hold nothing but ASCII and a few typographic marks (curly
// quotes, dashes, the no-break space), where the Unicode word rules (UAX #29)
// come down to a handful of cases that a single pass handles. For such text
// the segments and rule statuses below are exactly those of ICU's root word
// break iterator; any other text is declined and left to ICU.
#ifndef LIBSEARCH_ANALYSIS_WORD_SEGMENTER_H_
#define LIBSEARCH_ANALYSIS_WORD_SEGMENTER_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace libsearch::detail {

// One word-like segment: UTF-16 units [start, end) and the ICU rule status
// (UBRK_WORD_NUMBER 100 for numbers, UBRK_WORD_LETTER 200 for words). Spaces
// and punctuation (statuses below UBRK_WORD_NONE_LIMIT) are not listed.
struct WordSegment {
  int32_t start;
  int32_t end;
  int32_t status;
};

// Appends the word segments of `text` to `out` and returns true, or returns
// false (with `out` in an unspecified state) when `text` holds a character
// outside the supported set: ASCII letters, digits, punctuation, symbols,
// space, tab, line breaks, and U+00A0, U+2013, U+2014, U+2018, U+2019,
// U+201C, U+201D, U+2022, U+2026.
bool segment_simple_words(std::u16string_view text,
                          std::vector<WordSegment>& out);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_ANALYSIS_WORD_SEGMENTER_H_
