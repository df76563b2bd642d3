#include "corpus/language_guess.h"

#include "analysis/fold_table.h"
#include "analysis/utf8.h"

namespace libsearch::detail {

std::string guess_language(std::string_view text) {
  std::size_t han = 0, traditional = 0, latin = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char32_t c = decode_utf8(text, pos);
    if (c >= 0x4E00 && c <= 0x9FFF) {
      ++han;
      if (fold_han(static_cast<char16_t>(c)) != c) ++traditional;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      ++latin;
    }
  }
  // A Chinese character carries about as much text as a few Latin letters.
  if (han * 3 < latin) return "en";
  return traditional * 20 > han ? "zh-Hant" : "zh-Hans";
}

}  // namespace libsearch::detail
