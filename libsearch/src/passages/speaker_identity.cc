#include "passages/speaker_identity.h"

#include <memory>
#include <string>
#include <vector>
#include <unicode/parseerr.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include "libsearch/error.h"
#include "passages/speaker_titles.h"

namespace libsearch {
namespace {

// Traditional folds to Simplified first so that 陳 and 陈 meet; Han-Latin
// gives pinyin with tone marks, Latin-ASCII drops the marks.
constexpr char kTransliteratorId[] = "Hant-Hans; Han-Latin; Latin-ASCII; Lower";

bool is_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Removes Chinese titles and forms of address (the table attribution uses,
// speaker_titles.h) from either end, repeatedly ("外交部发言人耿爽",
// "蔡英文總統", "副局长刘梅英", "張女士").
std::string_view strip_chinese_roles(std::string_view s) {
  bool changed = true;
  auto strip = [&](std::string_view w) {
    if (s.size() > w.size() && s.substr(0, w.size()) == w) {
      s.remove_prefix(w.size());
      changed = true;
    } else if (s.size() > w.size() && s.substr(s.size() - w.size()) == w) {
      s.remove_suffix(w.size());
      changed = true;
    }
  };
  while (changed) {
    changed = false;
    s = trim(s);
    for (std::string_view w : detail::kChineseTitles) strip(w);
    for (std::string_view w : detail::kChineseCourtesy) strip(w);
  }
  return s;
}

// Drops leading Latin title and role words ("Mayor", "Brooklyn District
// Attorney", "Mr."), keeping at least one word.
std::string_view strip_latin_roles(std::string_view s) {
  for (;;) {
    s = trim(s);
    std::size_t end = s.find(' ');
    if (end == std::string_view::npos) return s;
    if (!detail::is_english_role_word(s.substr(0, end))) return s;
    s.remove_prefix(end + 1);
  }
}

// A middle initial does not make another person: "Keechant L. Sewell" is
// "Keechant Sewell". Drops one-letter words other than the first and last.
std::string drop_middle_initials(std::string_view s) {
  std::vector<std::string_view> ws;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t b = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > b) ws.push_back(s.substr(b, i - b));
  }
  std::string out;
  for (std::size_t k = 0; k < ws.size(); ++k) {
    std::string_view w = ws[k];
    const bool initial = (w.size() == 1 || (w.size() == 2 && w[1] == '.')) && is_ascii_alnum(w[0]);
    if (initial && k > 0 && k + 1 < ws.size()) continue;
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

const icu::Transliterator& transliterator() {
  // One per thread: Transliterator::transliterate is not documented as safe
  // for concurrent use of one instance, and creation parses rule sets, which
  // is far too slow to repeat per name.
  thread_local std::unique_ptr<icu::Transliterator> t;
  if (!t) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error;
    t.reset(icu::Transliterator::createInstance(
        icu::UnicodeString::fromUTF8(kTransliteratorId), UTRANS_FORWARD,
        parse_error, status));
    if (U_FAILURE(status) || !t) {
      t.reset();
      throw Error(std::string("speaker_key: cannot create ICU transliterator \"") +
                  kTransliteratorId + "\": " + u_errorName(status));
    }
  }
  return *t;
}

std::string strip_roles(std::string_view name) {
  return drop_middle_initials(strip_latin_roles(strip_chinese_roles(name)));
}

}  // namespace

std::string speaker_lookup_name(std::string_view name) {
  std::string s = strip_roles(name);
  return is_ascii(s) ? std::string() : s;
}

std::string speaker_key(std::string_view name) {
  const std::string s = strip_roles(name);
  std::string folded;
  if (is_ascii(s)) {
    folded.assign(s);
  } else {
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
    if (text.isBogus()) {
      throw Error("speaker_key: cannot convert \"" + std::string(s) +
                  "\" to UTF-16: U_MEMORY_ALLOCATION_ERROR");
    }
    transliterator().transliterate(text);
    text.toUTF8String(folded);
  }
  std::string key;
  key.reserve(folded.size());
  for (char c : folded) {
    if (is_ascii_alnum(c)) key += ascii_lower(c);
  }
  return key;
}

}  // namespace libsearch
