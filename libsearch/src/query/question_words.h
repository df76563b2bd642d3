// Question words and function words (什么, 哪些, 是否, 的; what, whether,
// the): what any-term ranking leaves out of a pasted question. Kept as data
// in data/query/question_words.txt and compiled into the library.
//
//   const QuestionWords& w = QuestionWords::builtin();
//   w.contains("是否");  // true
//   w.contains("补贴");  // false
#ifndef LIBSEARCH_QUERY_QUESTION_WORDS_H_
#define LIBSEARCH_QUERY_QUESTION_WORDS_H_

#include <string>
#include <string_view>
#include <unordered_set>

namespace libsearch::detail {

class QuestionWords {
 public:
  // Parses the list: one word per line, '#' starts a comment, blank lines
  // ignored. Words are normalised as the analyzer normalises tokens (NFKC
  // case folding, Traditional->Simplified).
  explicit QuestionWords(std::string_view text);

  // The list compiled into the library. Thread-safe; built on first use.
  static const QuestionWords& builtin();

  // Whether `token`, a token's normalised text (Token::text), is listed.
  bool contains(const std::string& token) const { return words_.count(token) != 0; }
  std::size_t size() const { return words_.size(); }

 private:
  std::unordered_set<std::string> words_;
};

}  // namespace libsearch::detail

#endif  // LIBSEARCH_QUERY_QUESTION_WORDS_H_
