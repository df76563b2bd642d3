#include "bilingual/anchors.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace libsearch::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// Fullwidth digits and letters (U+FF10..U+FF5A) are read as ASCII: Chinese
// transcripts write "１０" now and then.
std::string ascii_folded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xEF && i + 2 < text.size()) {
      const unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
      const unsigned char c2 = static_cast<unsigned char>(text[i + 2]);
      const unsigned cp = ((c & 0x0Fu) << 12) | ((c1 & 0x3Fu) << 6) | (c2 & 0x3Fu);
      if (cp >= 0xFF10 && cp <= 0xFF5A) {
        out.push_back(static_cast<char>(cp - 0xFF10 + '0'));
        i += 2;
        continue;
      }
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

std::string_view skip_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  // Ideographic space U+3000.
  while (s.size() >= 3 && s.substr(0, 3) == "\xE3\x80\x80") s.remove_prefix(3);
  return s;
}

// True if `s` opens with `word` followed by optional spaces and a colon
// (ASCII or fullwidth).
bool opens_with_marker(std::string_view s, std::string_view word) {
  if (s.size() < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(word[i])))
      return false;
  s.remove_prefix(word.size());
  s = skip_spaces(s);
  return (!s.empty() && s.front() == ':') || s.substr(0, 3) == "\xEF\xBC\x9A";
}

}  // namespace

std::vector<std::string> anchors_of(std::string_view raw, bool chinese) {
  const std::string text = ascii_folded(raw);
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (is_digit(c) || is_alpha(c)) {
      std::size_t j = i;
      std::string token;
      bool digits = false, letters = false, lower = false;
      while (j < text.size()) {
        const char d = text[j];
        if (is_digit(d) || is_alpha(d)) {
          digits = digits || is_digit(d);
          letters = letters || is_alpha(d);
          lower = lower || (is_alpha(d) && !is_upper(d));
          token.push_back(d);
          ++j;
        } else if (d == ',' && digits && !letters && j + 1 < text.size() &&
                   is_digit(text[j + 1])) {
          ++j;  // "3,000"
        } else {
          break;
        }
      }
      i = j;
      if (!letters) {
        const std::size_t nz = token.find_first_not_of('0');
        token = nz == std::string::npos ? "0" : token.substr(nz);
        out.push_back(token);
        continue;
      }
      std::string lowered = token;
      for (char& ch : lowered) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (!chinese && !digits) {
        const auto m = std::find(kMonths.begin(), kMonths.end(), lowered);
        if (m != kMonths.end()) {
          out.push_back(std::to_string(m - kMonths.begin() + 1));
          continue;
        }
      }
      if (token.size() < 2) continue;
      if (chinese || digits || !lower) {
        std::string upper = token;
        for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        out.push_back(std::move(upper));
      }
      continue;
    }
    ++i;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double anchor_overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() && b.empty()) return 0;
  std::size_t common = 0;
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return 2.0 * static_cast<double>(common) / static_cast<double>(a.size() + b.size());
}

std::vector<std::string> latin_words_of(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_alpha(text[i])) {
      ++i;
      continue;
    }
    std::string word;
    while (i < text.size() && is_alpha(text[i]))
      word.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(text[i++]))));
    if (word.size() >= 2) out.push_back(std::move(word));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

TranscriptRole transcript_role(std::string_view text) {
  text = skip_spaces(text);
  // "问：" "答：" "追问："
  if (text.substr(0, 3) == "\xE9\x97\xAE" && opens_with_marker(text, "\xE9\x97\xAE"))
    return TranscriptRole::kQuestion;
  if (opens_with_marker(text, "\xE8\xBF\xBD\xE9\x97\xAE")) return TranscriptRole::kQuestion;
  if (opens_with_marker(text, "\xE7\xAD\x94")) return TranscriptRole::kAnswer;
  if (opens_with_marker(text, "Q") || opens_with_marker(text, "Follow-up") ||
      opens_with_marker(text, "Follow up"))
    return TranscriptRole::kQuestion;
  if (opens_with_marker(text, "A")) return TranscriptRole::kAnswer;
  return TranscriptRole::kOther;
}

double text_weight(std::string_view text) {
  double han = 0, other = 0;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0xE0 && c < 0xF0) {
      han += 1;
      i += 3;
    } else if (c >= 0xF0) {
      han += 1;
      i += 4;
    } else if (c >= 0xC0) {
      i += 2;
    } else {
      if (c != ' ') other += 1;
      ++i;
    }
  }
  return han + other / 3.0;
}

}  // namespace libsearch::detail
