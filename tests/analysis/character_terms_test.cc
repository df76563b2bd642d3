// Analyzer::character_terms: Chinese characters one by one, with the same
// characters, bigrams, other words, stems, numbers, positions and offsets as
// Analyzer::terms, only without Chinese word terms.
#include <string>
#include <vector>

#include "libsearch/analyzer.h"
#include "libsearch/corpus_reader.h"
#include "test_support.h"

namespace {

// A Chinese word term: neither positional nor a bigram or a stem.
bool is_chinese_word(const libsearch::Term& t) {
  return !t.positional && !t.term.empty() && t.term[0] != 'B' && t.term[0] != 'Z';
}

std::string dump(const std::vector<libsearch::Term>& terms, bool with_words) {
  std::string out;
  for (const auto& t : terms) {
    if (!with_words && is_chinese_word(t)) continue;
    out += t.term + "@" + std::to_string(t.position) + "[" + std::to_string(t.byte_start) + "," +
           std::to_string(t.byte_end) + (t.positional ? ")p " : ") ");
  }
  return out;
}

}  // namespace

TEST_CASE("character terms equal the analyzer's terms without Chinese words", "[analysis]") {
  libsearch::Analyzer a;
  const char* const texts[] = {
      "数字人民币试点范围扩大到自贸试验区",
      "國家安全與兩岸關係：總統府發言人表示",
      "5G网络和COVID-19疫情，增长4.5%至760.37亿元",
      "２０２４年３月，ＡＰＥＣ会议在北京举行",
      "中 国 人 民（空格隔开的汉字）",
      "The Spokesperson 华春莹 said \u201C一带一路\u201D is open.",
      "𠀀𠀁 rare ideographs and 〇 zero",
      "",
  };
  std::vector<libsearch::Term> chars;
  for (const char* text : texts) {
    CAPTURE(text);
    const auto full = a.terms(text);
    a.character_terms(text, 1, chars);
    CHECK(dump(chars, false) == dump(full, false));
    for (const auto& t : chars) CHECK_FALSE(is_chinese_word(t));
  }
  // One Chinese character per token: 国家 is no word here.
  a.character_terms("国家安全", 1, chars);
  for (const auto& t : chars) CHECK(t.term != "国家");
}

TEST_CASE("character terms fall back to full analysis next to kana and marks", "[analysis]") {
  libsearch::Analyzer a;
  std::vector<libsearch::Term> chars;
  for (const char* text : {"日本の首相が東京で会見した", "中国\u0301的", "タイ語とภาษาไทย"}) {
    CAPTURE(text);
    a.character_terms(text, 1, chars);
    CHECK(dump(chars, true) == dump(a.terms(text), true));
  }
}

TEST_CASE("the real corpus: character terms equal the analyzer's terms without Chinese words",
          "[analysis][corpus]") {
  LIBSEARCH_REQUIRE_SHARED();
  libsearch::Analyzer a;
  std::vector<libsearch::Term> full, chars;
  std::size_t paragraphs = 0;
  libsearch::DiagnosticList d;
  libsearch::read_corpus(libsearch::test::shared_dir() + "/corpus/real", d,
                         [&](libsearch::Release&& r) {
                           for (const auto& p : r.body) {
                             a.terms(p.text, 1, full);
                             a.character_terms(p.text, 1, chars);
                             if (dump(chars, false) != dump(full, false))
                               FAIL("paragraph differs: " << p.text);
                             ++paragraphs;
                           }
                         });
  CHECK(paragraphs > 50000);
}
