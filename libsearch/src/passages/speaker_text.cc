#include "passages/speaker_text.h"

#include "analysis/utf8.h"

namespace libsearch::detail::speakers {

char32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
  std::size_t pos = i;
  const char32_t cp = decode_utf8(s, pos);
  len = pos - i;
  return cp;
}

bool is_han(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF);
}

Chars::Chars(std::string_view t) : text(t) {
  std::size_t i = 0;
  while (i < t.size()) {
    std::size_t len;
    cps.push_back(decode(t, i, len));
    offsets.push_back(i);
    i += len;
  }
  offsets.push_back(t.size());
}

namespace {
bool is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
}  // namespace

std::string_view trim(std::string_view s) {
  for (;;) {
    while (!s.empty() && is_space_byte(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space_byte(s.back())) s.remove_suffix(1);
    // Ideographic space U+3000.
    if (starts_with(s, "\u3000")) {
      s.remove_prefix(3);
      continue;
    }
    if (ends_with(s, "\u3000")) {
      s.remove_suffix(3);
      continue;
    }
    return s;
  }
}

std::string_view trim_punct(std::string_view s) {
  for (;;) {
    s = trim(s);
    bool changed = false;
    for (std::string_view p :
         {",", ";", ":", "\"", "'", "“", "”", "‘", "’", "—", "，", "、", "(", ")"}) {
      if (starts_with(s, p)) {
        s.remove_prefix(p.size());
        changed = true;
      }
      if (ends_with(s, p)) {
        s.remove_suffix(p.size());
        changed = true;
      }
    }
    if (!changed) return s;
  }
}

bool first_is_han(std::string_view s) {
  s = trim_punct(s);
  if (s.empty()) return false;
  std::size_t len;
  return is_han(decode(s, 0, len));
}

bool has_han(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    if (is_han(decode(s, i, len))) return true;
    i += len;
  }
  return false;
}

bool starts_with_quote(std::string_view s) {
  s = trim(s);
  return starts_with(s, "\"") || starts_with(s, "“") || starts_with(s, "「") ||
         starts_with(s, "‘") || starts_with(s, "『");
}

bool has_quote(std::string_view s) {
  return s.find('"') != std::string_view::npos || s.find("“") != std::string_view::npos ||
         s.find("」") != std::string_view::npos || s.find("「") != std::string_view::npos;
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t b = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

}  // namespace libsearch::detail::speakers
