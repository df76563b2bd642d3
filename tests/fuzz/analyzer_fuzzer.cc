// Fuzz target for the Analyzer on arbitrary bytes: invalid UTF-8, encoded
// surrogates, long runs of one character, mixed scripts, control characters.
//
// Contract checked: tokenize() and terms() do not throw or crash; every
// offset lies inside the text with start <= end; token positions start at
// first_position and never go back; tokens and terms are non-empty; a
// term's position is 0 (none) or at least first_position. normalize_text()
// and stem() do not throw. Text the simple word segmenter accepts gives the
// same tokens and terms with it as with ICU alone.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer_internal.h"
#include "fuzz_check.h"
#include "libsearch/analyzer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static libsearch::Analyzer* analyzer = new libsearch::Analyzer();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The first position varies with the first byte (callers pass where the
  // previous field ended).
  const std::uint32_t first = 1u + (size > 0 ? data[0] : 0u);

  const std::vector<libsearch::Token> tokens = analyzer->tokenize(text, first);
  std::uint32_t last_position = first;
  for (const libsearch::Token& t : tokens) {
    LIBSEARCH_FUZZ_CHECK(!t.text.empty());
    LIBSEARCH_FUZZ_CHECK(t.byte_start <= t.byte_end);
    LIBSEARCH_FUZZ_CHECK(t.byte_end <= text.size());
    LIBSEARCH_FUZZ_CHECK(t.position >= last_position);
    LIBSEARCH_FUZZ_CHECK(t.length >= 1);
    last_position = t.position;
    if (t.kind != libsearch::Token::Kind::kHan) (void)analyzer->stem(t.text);
  }

  const std::vector<libsearch::Term> terms = analyzer->terms(text, first);
  for (const libsearch::Term& t : terms) {
    LIBSEARCH_FUZZ_CHECK(!t.term.empty());
    LIBSEARCH_FUZZ_CHECK(t.byte_start <= t.byte_end);
    LIBSEARCH_FUZZ_CHECK(t.byte_end <= text.size());
    LIBSEARCH_FUZZ_CHECK(t.position == 0 || t.position >= first);
  }

  // The same with ICU segmenting everything (a no-op comparison when the
  // simple segmenter declined the text).
  libsearch::detail::set_simple_word_segmentation(false);
  const std::vector<libsearch::Token> icu_tokens = analyzer->tokenize(text, first);
  const std::vector<libsearch::Term> icu_terms = analyzer->terms(text, first);
  libsearch::detail::set_simple_word_segmentation(true);
  LIBSEARCH_FUZZ_CHECK(icu_tokens.size() == tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const libsearch::Token& a = tokens[i];
    const libsearch::Token& b = icu_tokens[i];
    LIBSEARCH_FUZZ_CHECK(a.kind == b.kind && a.text == b.text &&
                         a.byte_start == b.byte_start && a.byte_end == b.byte_end &&
                         a.position == b.position && a.length == b.length &&
                         a.continues_run == b.continues_run);
  }
  LIBSEARCH_FUZZ_CHECK(icu_terms.size() == terms.size());
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const libsearch::Term& a = terms[i];
    const libsearch::Term& b = icu_terms[i];
    LIBSEARCH_FUZZ_CHECK(a.term == b.term && a.position == b.position &&
                         a.byte_start == b.byte_start && a.byte_end == b.byte_end &&
                         a.positional == b.positional);
  }

  if (size <= 4096) (void)libsearch::normalize_text(text);
  return 0;
}
