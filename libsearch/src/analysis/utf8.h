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

// Whether `c` is a UTF-8 continuation byte (10xxxxxx).
inline bool utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Code points (lead bytes) in bytes [from, to) of `s`.
inline std::size_t utf8_count(std::string_view s, std::size_t from = 0,
                              std::size_t to = std::string_view::npos) {
  std::size_t n = 0;
  for (std::size_t i = from; i < to && i < s.size(); ++i)
    if (!utf8_continuation(s[i])) ++n;
  return n;
}

// The byte offset `n` code points after byte offset `i` of `s` (at most
// s.size()).
inline std::size_t utf8_forward(std::string_view s, std::size_t i, std::size_t n) {
  while (n > 0 && i < s.size()) {
    ++i;
    while (i < s.size() && utf8_continuation(s[i])) ++i;
    --n;
  }
  return i;
}

// The byte offset `n` code points before byte offset `i` of `s` (at least 0).
inline std::size_t utf8_backward(std::string_view s, std::size_t i, std::size_t n) {
  while (n > 0 && i > 0) {
    --i;
    while (i > 0 && utf8_continuation(s[i])) --i;
    --n;
  }
  return i;
}

// Whether `s` holds only white space: ASCII blanks and line ends, or the
// ideographic space U+3000 (empty text included).
inline bool only_space(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') continue;
    if (s.compare(i, 3, "\xE3\x80\x80") == 0) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

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
