#include "analysis/word_segmenter.h"

#include <array>

namespace libsearch::detail {
namespace {

// Word_Break classes of the supported characters, as ICU's root rules use
// them, which differ from UAX #29 for two ASCII characters: ICU counts '@' as
// a letter (an e-mail address is one word), and leaves ':' out of MidLetter
// (a:b is three segments), so ':' is plain punctuation here. Without Hebrew letters,
// the apostrophe (Single_Quote) acts as MidNumLet and '"' as Other.
enum Class : std::uint8_t {
  kUnsupported,
  kOther,      // punctuation, symbols, spaces, line breaks
  kLetter,     // ALetter: A-Z a-z, and '@' in ICU's rules
  kDigit,      // Numeric: 0-9
  kExtendNum,  // ExtendNumLet: _
  kMidNum,     // MidNum: , ;
  kMidNumLet,  // MidNumLet and Single_Quote: . ' U+2018 U+2019
};

constexpr std::array<Class, 128> make_ascii_classes() {
  std::array<Class, 128> t{};
  for (int c = 0; c < 128; ++c) {
    if (c < 0x20 || c == 0x7F) {
      // Tab and line breaks only: other control characters are declined.
      t[c] = (c >= 0x09 && c <= 0x0D) ? kOther : kUnsupported;
    } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '@') {
      t[c] = kLetter;
    } else if (c >= '0' && c <= '9') {
      t[c] = kDigit;
    } else if (c == '_') {
      t[c] = kExtendNum;
    } else if (c == ',' || c == ';') {
      t[c] = kMidNum;
    } else if (c == '.' || c == '\'') {
      t[c] = kMidNumLet;
    } else {
      t[c] = kOther;
    }
  }
  return t;
}

constexpr std::array<Class, 128> kAsciiClasses = make_ascii_classes();

inline Class class_of(char16_t c) {
  if (c < 0x80) return kAsciiClasses[c];
  switch (c) {
    case 0x2018:  // left single quotation mark
    case 0x2019:  // right single quotation mark (the typographic apostrophe)
      return kMidNumLet;
    case 0x00A0:  // no-break space (Word_Break Other, unlike U+0020)
    case 0x2013:  // en dash
    case 0x2014:  // em dash
    case 0x201C:  // left double quotation mark
    case 0x201D:  // right double quotation mark
    case 0x2022:  // bullet
    case 0x2026:  // horizontal ellipsis
      return kOther;
    default:
      return kUnsupported;
  }
}

inline bool is_word_char(Class c) {
  return c == kLetter || c == kDigit || c == kExtendNum;
}

constexpr int32_t kStatusNone = 0;     // UBRK_WORD_NONE
constexpr int32_t kStatusNumber = 100;  // UBRK_WORD_NUMBER
constexpr int32_t kStatusLetter = 200;  // UBRK_WORD_LETTER

}  // namespace

bool segment_simple_words(std::u16string_view text,
                          std::vector<WordSegment>& out) {
  const char16_t* u = text.data();
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < n) {
    const Class first = class_of(u[i]);
    if (first == kUnsupported) return false;
    if (!is_word_char(first)) {
      // Spaces, line breaks and punctuation are segments of their own (or
      // runs of spaces): none is a word. A Mid character needs a word
      // character before it to matter.
      ++i;
      continue;
    }
    // Letters, digits and '_' always join (WB5, WB8-WB10, WB13a, WB13b); a
    // Mid character joins letter to letter (WB6, WB7: MidNumLet) or digit to
    // digit (WB11, WB12: MidNum, MidNumLet).
    const int32_t start = i;
    Class prev = first;
    int32_t j = i + 1;
    while (j < n) {
      const Class c = class_of(u[j]);
      if (is_word_char(c)) {
        prev = c;
        ++j;
        continue;
      }
      if ((c == kMidNumLet || c == kMidNum) && j + 1 < n) {
        const Class next = class_of(u[j + 1]);
        if ((prev == kLetter && next == kLetter && c == kMidNumLet) ||
            (prev == kDigit && next == kDigit)) {
          prev = next;
          j += 2;
          continue;
        }
      }
      break;
    }
    // ICU's status is the tag of the last rule that joined: a trailing
    // letter makes a word, a trailing digit a number; a trailing '_' takes
    // the status of what precedes it (letter or '_': word, digit: number),
    // and '_' alone is no word at all.
    int32_t status;
    switch (prev) {
      case kLetter:
        status = kStatusLetter;
        break;
      case kDigit:
        status = kStatusNumber;
        break;
      default: {  // kExtendNum
        if (j - 1 == start) {
          status = kStatusNone;
        } else {
          status = class_of(u[j - 2]) == kDigit ? kStatusNumber : kStatusLetter;
        }
        break;
      }
    }
    if (status != kStatusNone) out.push_back({start, j, status});
    i = j;
  }
  return true;
}

}  // namespace libsearch::detail
