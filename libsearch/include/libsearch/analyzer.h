// libsearch: the Analyzer turns text into tokens and index terms. The same
// analyzer runs at indexing, query parsing and highlighting, so what a query
// asks for is exactly what the index holds.
//
//   libsearch::Analyzer analyzer;
//   for (const auto& t : analyzer.tokenize("數字人民幣 pilot programmes"))
//     std::cout << t.text << "@" << t.position << "\n";
//   // 数字@1 人民@3 币@5 pilot@6 programmes@7   (Han text folded to Simplified)
//
// What it does:
//  - Segments with ICU's word break iterator (dictionary-based for Chinese),
//    then joins ICU's pieces into the words of a small domain lexicon kept in
//    the repository (data/lexicon/zh.txt: 疫情, 习近平, 新质生产力, ...).
//  - Normalises every token with ICU NFKC case folding (ＡＰＥＣ１２３ ->
//    apec123) and folds Traditional Chinese characters to Simplified (數 -> 数),
//    so either script finds the other. Offsets always point into the original
//    text, which is never rewritten.
//  - Chinese: each Han character takes one position. Terms are every
//    character (prefix "U", positional: the phrase terms, so a quoted run of
//    characters matches exactly where they stand, however ICU segmented
//    either side), the word (ICU's, or the lexicon's; no position) and every
//    character bigram of a run of Han characters (prefix "B", no position:
//    ranking and a fast pre-filter for phrases). A lexicon word found inside
//    a longer ICU word (记者 in 本报记者) is indexed as a word too.
//  - Other scripts: each word takes one position; terms are the word as
//    written (lower-cased, possessive 's dropped; positional) and its English
//    Snowball stem (prefix "Z", no position). Numbers such as 760.37 stay whole.
//
// Thread-safety: an Analyzer holds an ICU break iterator and is NOT safe to
// share between threads; create one per thread (construction costs tens of
// microseconds). Moving is allowed, copying is not.
#ifndef LIBSEARCH_ANALYZER_H_
#define LIBSEARCH_ANALYZER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace libsearch {

struct Token {
  enum class Kind { kWord, kNumber, kHan };
  Kind kind = Kind::kWord;
  std::string text;             // normalised form (see above)
  std::size_t byte_start = 0;   // UTF-8 byte offsets into the original text
  std::size_t byte_end = 0;
  std::uint32_t position = 0;   // first position (1-based)
  std::uint32_t length = 1;     // positions taken: characters for Han, else 1
  // For kHan: true when this token continues the Han run of the previous
  // token (adjacent, or separated only by white space), so bigrams span both.
  bool continues_run = false;
};

// One index term with where it came from. `position` is the first position
// the term covers (set for every term, so highlighting can place it);
// `positional` says whether the index stores that position (characters,
// words of other scripts and numbers) or only the term (Chinese words,
// bigrams, stems).
struct Term {
  std::string term;
  std::uint32_t position = 0;
  std::size_t byte_start = 0;
  std::size_t byte_end = 0;
  bool positional = false;
};

class Analyzer {
 public:
  // Bumped whenever the terms produced for some text change; the index
  // records it and a searcher refuses a database built by another version.
  static constexpr int kVersion = 2;

  // Throws libsearch::Error if ICU's break iterator cannot be created.
  Analyzer();
  ~Analyzer();
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;
  Analyzer(const Analyzer&) = delete;  // holds a break iterator; make another
  Analyzer& operator=(const Analyzer&) = delete;

  // Tokens of `text` in order. Invalid UTF-8 is read as U+FFFD and yields no
  // token. `first_position` is the position given to the first token.
  std::vector<Token> tokenize(std::string_view text,
                              std::uint32_t first_position = 1);

  // All index terms for `text`, unprefixed (see above for the term kinds), in
  // token order.
  std::vector<Term> terms(std::string_view text,
                          std::uint32_t first_position = 1);
  // The same, appended to `out` (cleared first): lets a caller reuse storage.
  void terms(std::string_view text, std::uint32_t first_position,
             std::vector<Term>& out);

  // Like terms(), but Chinese text is not segmented into words: each Chinese
  // character is a token of its own, so there are no Chinese word terms
  // (lexicon words included),
  // while characters, bigrams, other words, stems and numbers come with the
  // same positions and offsets as from terms(). Several times faster on
  // Chinese text; what highlighting uses, since the characters and bigrams
  // of a Chinese word mark the same text as the word.
  void character_terms(std::string_view text, std::uint32_t first_position,
                       std::vector<Term>& out);

  // The English stem of a normalised word (as in Token::text).
  std::string stem(const std::string& word) const;

 private:
  void terms(std::string_view text, std::uint32_t first_position, std::vector<Term>& out,
             bool by_character);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Normalises a short string the way tokens are normalised (NFKC case fold and
// Traditional->Simplified), without segmenting it. Used for names and keys.
std::string normalize_text(std::string_view text);

}  // namespace libsearch

#endif  // LIBSEARCH_ANALYZER_H_
