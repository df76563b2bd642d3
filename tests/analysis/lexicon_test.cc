#include "analysis/lexicon.h"

#include <string>

#include "libsearch/analyzer.h"
#include "test_support.h"

TEST_CASE("the lexicon's checksum is recorded with the analyzer version", "[analysis]") {
  // Editing data/lexicon/zh.txt changes index terms. When this fails, bump
  // libsearch::Analyzer::kVersion and record the new checksum and version here.
  CHECK(libsearch::detail::Lexicon::builtin_checksum() == 0x49ff4cb9c56cf25dULL);
  CHECK(libsearch::Analyzer::kVersion == 2);
}

TEST_CASE("the lexicon folds Traditional entries and skips comments", "[analysis]") {
  const libsearch::detail::Lexicon lex("# comment\n數字人民幣\n\n  疫情 # trailing\nx\n");
  CHECK(lex.size() == 2);
  const std::u16string simp = u"数字人民币";
  CHECK(lex.contains(simp.data(), simp.data() + simp.size()));
  const std::u16string yq = u"疫情";
  CHECK(lex.contains(yq.data(), yq.data() + yq.size()));
  const std::u16string other = u"疫苗";
  CHECK_FALSE(lex.contains(other.data(), other.data() + other.size()));
  CHECK(libsearch::detail::Lexicon::builtin().size() > 200);
}
