// The Chinese domain lexicon: words ICU's dictionary splits or swallows
// (疫情, 复工, 习近平, 新质生产力, 自贸试验区, officials' names), kept as data in
// data/lexicon/zh.txt and compiled into the library. The analyzer joins ICU's
// pieces into these words and indexes those found inside longer ICU words.
// Editing the list changes the terms of some texts: bump Analyzer::kVersion
// (a test compares the list's checksum with the one recorded beside it).
#ifndef LIBSEARCH_ANALYSIS_LEXICON_H_
#define LIBSEARCH_ANALYSIS_LEXICON_H_

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

namespace libsearch::detail {

class Lexicon {
 public:
  // Parses the lexicon text: one word per line, '#' starts a comment, blank
  // lines ignored. Words are folded like the analyzer folds text
  // (Traditional->Simplified), so either script may be written.
  explicit Lexicon(std::string_view text);

  // The lexicon compiled into the library. Thread-safe; built on first use.
  static const Lexicon& builtin();
  // FNV-1a checksum of the compiled-in lexicon text.
  static std::uint64_t builtin_checksum();

  // Whether units [begin, end) of folded UTF-16 text are a lexicon word.
  bool contains(const char16_t* begin, const char16_t* end) const {
    const std::size_t n = static_cast<std::size_t>(end - begin);
    if (n < 2 || n > max_length_ || !first_.test(*begin)) return false;
    return words_.count(std::u16string_view(begin, n)) != 0;
  }
  std::size_t max_length() const { return max_length_; }
  std::size_t size() const { return words_.size(); }

 private:
  std::unordered_set<std::u16string> storage_;
  std::unordered_set<std::u16string_view> words_;
  std::bitset<0x10000> first_;  // first units of the words, a cheap pre-check
  std::size_t max_length_ = 0;
};

}  // namespace libsearch::detail

#endif  // LIBSEARCH_ANALYSIS_LEXICON_H_
