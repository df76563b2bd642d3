#include "analysis/lexicon.h"

#include "analysis/fold_table.h"
#include "analysis/utf8.h"

namespace libsearch::detail {

// Generated from data/lexicon/zh.txt by CMake (lexicon_data.cc).
extern const char kLexiconText[];

Lexicon::Lexicon(std::string_view text) {
  std::size_t line_start = 0;
  while (line_start < text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_start, line_end - line_start);
    line_start = line_end + 1;
    const std::size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    std::u16string word;
    std::size_t pos = 0;
    while (pos < line.size()) {
      const char32_t c = decode_utf8(line, pos);
      if (c == ' ' || c == '\t' || c == '\r') continue;
      if (c >= 0x10000) {  // the analyzer matches BMP words only
        word.clear();
        break;
      }
      word.push_back(c >= 0x3400 ? fold_han(static_cast<char16_t>(c))
                                 : static_cast<char16_t>(c));
    }
    if (word.size() < 2) continue;
    first_.set(word[0]);
    if (word.size() > max_length_) max_length_ = word.size();
    storage_.insert(std::move(word));
  }
  for (const std::u16string& w : storage_) words_.insert(w);
}

const Lexicon& Lexicon::builtin() {
  static const Lexicon lexicon(kLexiconText);
  return lexicon;
}

std::uint64_t Lexicon::builtin_checksum() {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char* p = kLexiconText; *p; ++p) {
    h ^= static_cast<unsigned char>(*p);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace libsearch::detail
