// Fuzz target for the query parser. The first byte picks the flags (bit 0:
// any, bit 1: strict); the rest is the query text.
//
// Contract checked: parse() never throws in lenient mode and throws nothing
// but QueryError in strict mode; the Xapian query it returns can be
// described and serialised.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_check.h"
#include "libsearch/error.h"
#include "query/query_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static libsearch::Analyzer* analyzer = new libsearch::Analyzer();
  static libsearch::detail::QueryParser* parser = [] {
    libsearch::detail::IndexFacts facts;
    facts.sources = {"外交部", "中华民国总统府", "brooklyn district attorney", "商务局"};
    facts.languages = {{"zh", 60}, {"zh-hans", 40}, {"zh-hant", 20}, {"en", 40}};
    return new libsearch::detail::QueryParser(*analyzer, std::move(facts));
  }();
  if (size == 0) return 0;
  const bool any = (data[0] & 1) != 0;
  const bool strict = (data[0] & 2) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    const libsearch::detail::ParsedQuery q = parser->parse(text, any, strict);
    LIBSEARCH_FUZZ_CHECK(!q.query.get_description().empty());
    (void)q.query.serialise();
    for (const std::string& w : q.warnings) LIBSEARCH_FUZZ_CHECK(!w.empty());
  } catch (const libsearch::QueryError& e) {
    // Lenient parsing degrades syntax errors; only the size limits (length,
    // terms) refuse a query in both modes.
    LIBSEARCH_FUZZ_CHECK(strict || e.reason().find("the limit is") != std::string::npos);
    LIBSEARCH_FUZZ_CHECK(e.offset() <= text.size());
  }
  return 0;
}
