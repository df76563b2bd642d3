#include "passages/speaker_identity.h"

#include <array>
#include <memory>
#include <string>
#include <unicode/parseerr.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include "libsearch/error.h"

namespace libsearch {
namespace {

// Traditional folds to Simplified first so that 陳 and 陈 meet; Han-Latin
// gives pinyin with tone marks, Latin-ASCII drops the marks.
constexpr char kTransliteratorId[] = "Hant-Hans; Han-Latin; Latin-ASCII; Lower";

// Role and courtesy words that the corpus writes around names ("Foreign
// Ministry Spokesperson Geng Shuang", "Brooklyn District Attorney Eric
// Gonzalez"). Lowercase, without a trailing full stop.
constexpr std::array<std::string_view, 32> kLatinRoleWords = {
    "mr",        "mrs",        "ms",         "miss",     "dr",
    "prof",      "professor",  "sir",        "madam",    "foreign",
    "ministry",  "spokesperson", "spokesman", "spokeswoman", "spokespersons",
    "brooklyn",  "kings",      "county",     "acting",   "district",
    "attorney",  "assistant",  "deputy",     "director", "general",
    "president", "vice",       "premier",    "minister", "commissioner",
    "chief",     "the"};

// Chinese role words that may be glued to a name, longest first so that the
// longer form is removed whole.
constexpr std::array<std::string_view, 22> kChineseRoleWords = {
    "外交部发言人", "外交部發言人", "总统府发言人", "總統府發言人",
    "外交部长",     "外交部長",     "发言人",       "發言人",
    "副总统",       "副總統",       "总统",         "總統",
    "副主席",       "主席",         "总理",         "總理",
    "部长",         "部長",         "先生",         "女士",
    "同志",         "阁下"};

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

// Removes Chinese role words from either end, repeatedly ("外交部发言人耿爽",
// "蔡英文總統").
std::string_view strip_chinese_roles(std::string_view s) {
  bool changed = true;
  while (changed) {
    changed = false;
    s = trim(s);
    for (std::string_view w : kChineseRoleWords) {
      if (s.size() > w.size() && s.substr(0, w.size()) == w) {
        s.remove_prefix(w.size());
        changed = true;
      } else if (s.size() > w.size() && s.substr(s.size() - w.size()) == w) {
        s.remove_suffix(w.size());
        changed = true;
      }
    }
  }
  return s;
}

// Drops leading Latin role words, keeping at least one word.
std::string_view strip_latin_roles(std::string_view s) {
  for (;;) {
    s = trim(s);
    std::size_t end = s.find(' ');
    if (end == std::string_view::npos) return s;
    std::string word;
    for (char c : s.substr(0, end)) {
      if (is_ascii_alnum(c)) word += ascii_lower(c);
    }
    bool role = false;
    for (std::string_view w : kLatinRoleWords) {
      if (word == w) role = true;
    }
    if (!role) return s;
    s.remove_prefix(end + 1);
  }
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

std::string_view strip_roles(std::string_view name) {
  return strip_latin_roles(strip_chinese_roles(name));
}

}  // namespace

std::string speaker_lookup_name(std::string_view name) {
  const std::string_view s = strip_roles(name);
  return is_ascii(s) ? std::string() : std::string(s);
}

std::string speaker_key(std::string_view name) {
  const std::string_view s = strip_roles(name);
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
