#include "libsearch/printable.h"

#include <cstdio>

#include "analysis/utf8.h"

namespace libsearch {
namespace {

void append_hex(const char* format, unsigned value, std::string& out) {
  char buf[16];
  std::snprintf(buf, sizeof buf, format, value);
  out += buf;
}

bool reorders(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

std::string printable(std::string_view text, Newlines newlines) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      if (b == '\n') {
        out += newlines == Newlines::kKeep ? "\n" : "\\n";
      } else if ((b < 0x20 && b != '\t') || b == 0x7F) {
        append_hex("\\x%02X", b, out);
      } else {
        out.push_back(static_cast<char>(b));
      }
      ++i;
      continue;
    }
    const std::size_t start = i;
    const char32_t c = detail::decode_utf8(text, i);
    // decode_utf8 yields U+FFFD, one byte on, for a byte that starts no
    // valid sequence; a real U+FFFD is three bytes.
    if (c == 0xFFFD && i - start == 1) {
      append_hex("\\x%02X", b, out);
    } else if ((c >= 0x80 && c <= 0x9F) || reorders(c)) {
      append_hex("\\u{%04X}", static_cast<unsigned>(c), out);
    } else {
      out.append(text, start, i - start);
    }
  }
  return out;
}

}  // namespace libsearch
