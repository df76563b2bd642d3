// Fuzz target for the Analyzer on arbitrary bytes: invalid UTF-8, encoded
// surrogates, long runs of one character, mixed scripts, control characters.
//
// Contract checked: tokenize() and terms() do not throw or crash; every
// offset lies inside the text with start <= end; token positions start at
// first_position and never go back; tokens and terms are non-empty; a
// term's position is 0 (none) or at least first_position. normalize_text()
// and stem() do not throw.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

  if (size <= 4096) (void)libsearch::normalize_text(text);
  return 0;
}
