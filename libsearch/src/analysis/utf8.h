// UTF-8 helpers shared by the readers and the analyzer.
#ifndef LIBSEARCH_ANALYSIS_UTF8_H_
#define LIBSEARCH_ANALYSIS_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace libsearch::detail {

// Decodes the code point at `pos` and advances `pos` past it. An invalid or
// truncated sequence yields U+FFFD and advances one byte.
char32_t decode_utf8(std::string_view s, std::size_t& pos);

// Appends the UTF-8 encoding of `c`.
void append_utf8(char32_t c, std::string& out);

// The byte offset of the first invalid UTF-8 sequence in `s` (overlong forms,
// surrogates and code points above U+10FFFF included), or npos if valid.
std::size_t find_invalid_utf8(std::string_view s);

// UTF-16 text with a map from each code unit back to the byte offset of its
// code point in the UTF-8 original.
struct Utf16Text {
  std::u16string units;
  std::vector<std::size_t> offsets;  // offsets[i] for units[i]; one past end
  std::size_t byte_offset(std::size_t unit) const { return offsets[unit]; }
};

// Converts `s` into `out` (reusing its storage).
void to_utf16(std::string_view s, Utf16Text& out);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_ANALYSIS_UTF8_H_
