#include "query/question_words.h"

#include "libsearch/analyzer.h"

namespace libsearch::detail {

extern const char kQuestionWordsText[];

QuestionWords::QuestionWords(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = text.find('\n', i);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(i, end - i);
    i = end + 1;
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
      line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty()) continue;
    words_.insert(normalize_text(line));
  }
}

const QuestionWords& QuestionWords::builtin() {
  static const QuestionWords words(kQuestionWordsText);
  return words;
}

}  // namespace libsearch::detail
