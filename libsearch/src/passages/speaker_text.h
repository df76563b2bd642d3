// Text helpers shared by the speaker attribution rules: UTF-8 code points,
// trimming, quotation marks and word splitting. Hand-written scans over UTF-8
// bytes: attribution runs on every paragraph at indexing time, so it creates
// no ICU objects and compiles no regular expressions.
#ifndef LIBSEARCH_PASSAGES_SPEAKER_TEXT_H_
#define LIBSEARCH_PASSAGES_SPEAKER_TEXT_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

namespace libsearch::detail::speakers {

// The code point at byte `i` of `s`; sets `len` to its length in bytes.
char32_t decode(std::string_view s, std::size_t i, std::size_t& len);

bool is_han(char32_t cp);

// A string split into code points with their byte offsets, for the Chinese
// scans that look a few characters before or after a title. Keeps a view:
// the text must outlive it.
struct Chars {
  std::string_view text;
  std::vector<std::size_t> offsets;  // byte offset of each code point, plus end
  std::vector<char32_t> cps;

  explicit Chars(std::string_view t);
  std::size_t size() const { return cps.size(); }
  std::string_view sub(std::size_t b, std::size_t e) const {
    return text.substr(offsets[b], offsets[e] - offsets[b]);
  }
};

inline bool contains_cp(std::u32string_view set, char32_t cp) {
  return set.find(cp) != std::u32string_view::npos;
}

template <std::size_t N>
bool in_list(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

inline bool starts_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}
inline bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
inline bool is_alpha(char c) { return is_upper(c) || is_lower(c); }

// Trims ASCII white space and U+3000.
std::string_view trim(std::string_view s);
// Trims spaces and the punctuation that borders a clause.
std::string_view trim_punct(std::string_view s);

// Whether the first character after leading punctuation is a Han character.
bool first_is_han(std::string_view s);
// Whether `s` holds any Han character.
bool has_han(std::string_view s);
bool starts_with_quote(std::string_view s);
bool has_quote(std::string_view s);

// Splits on single spaces, dropping empty words.
std::vector<std::string_view> words(std::string_view s);

}  // namespace libsearch::detail::speakers

#endif  // LIBSEARCH_PASSAGES_SPEAKER_TEXT_H_
