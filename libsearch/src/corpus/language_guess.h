// Guesses a release's language from its text when the source does not say.
#ifndef LIBSEARCH_CORPUS_LANGUAGE_GUESS_H_
#define LIBSEARCH_CORPUS_LANGUAGE_GUESS_H_

#include <string>
#include <string_view>

namespace libsearch::detail {

// "zh-Hant" when Han characters dominate and many are Traditional forms,
// "zh-Hans" when Han characters dominate, otherwise "en".
std::string guess_language(std::string_view text);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_CORPUS_LANGUAGE_GUESS_H_
