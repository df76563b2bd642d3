#include "analysis/utf8.h"

namespace libsearch::detail {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Length of the valid sequence at `pos`, or 0 when it is invalid.
std::size_t valid_sequence(std::string_view s, std::size_t pos,
                           char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (pos + len > s.size()) return 0;
  for (std::size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[pos + i]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

}  // namespace

char32_t decode_utf8(std::string_view s, std::size_t& pos) {
  char32_t cp;
  const std::size_t len = valid_sequence(s, pos, cp);
  if (len == 0) {
    ++pos;
    return kReplacement;
  }
  pos += len;
  return cp;
}

void append_utf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::size_t find_invalid_utf8(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    char32_t cp;
    const std::size_t len = valid_sequence(s, pos, cp);
    if (len == 0) return pos;
    pos += len;
  }
  return std::string_view::npos;
}

void to_utf16(std::string_view s, Utf16Text& out) {
  // A byte gives at most one unit (a four-byte sequence gives two), so both
  // arrays are sized up front, written through pointers, then cut to size:
  // no capacity check per character. Not cleared first, so storage reused
  // from the previous text is not zeroed again.
  out.units.resize(s.size());
  out.offsets.resize(s.size() + 1);
  char16_t* const units = out.units.data();
  std::size_t* const offsets = out.offsets.data();
  char16_t* u = units;
  std::size_t* o = offsets;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const auto b = static_cast<unsigned char>(s[pos]);
    if (b < 0x80) {  // ASCII, most of English text: no decoding needed
      *u++ = b;
      *o++ = pos++;
      continue;
    }
    const std::size_t at = pos;
    const char32_t c = decode_utf8(s, pos);
    if (c < 0x10000) {
      *u++ = static_cast<char16_t>(c);
      *o++ = at;
    } else {
      *u++ = static_cast<char16_t>(0xD7C0 + (c >> 10));
      *u++ = static_cast<char16_t>(0xDC00 | (c & 0x3FF));
      *o++ = at;
      *o++ = at;
    }
  }
  *o++ = s.size();
  out.units.resize(static_cast<std::size_t>(u - units));
  out.offsets.resize(static_cast<std::size_t>(o - offsets));
}

}  // namespace libsearch::detail
