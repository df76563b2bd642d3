#include "libsearch/analyzer.h"

#include <string>
#include <vector>

#include "test_support.h"

namespace {

// "text@position" for each token.
std::string dump_tokens(libsearch::Analyzer& a, const std::string& text) {
  std::string out;
  for (const auto& t : a.tokenize(text)) {
    if (!out.empty()) out += " ";
    out += t.text + "@" + std::to_string(t.position);
  }
  return out;
}

// "term@position" for each term (position 0 = unpositioned), sorted.
std::vector<std::string> dump_terms(libsearch::Analyzer& a, const std::string& text) {
  std::vector<std::string> out;
  for (const auto& t : a.terms(text)) out.push_back(t.term + "@" + std::to_string(t.position));
  std::sort(out.begin(), out.end());
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("tokens of Chinese, English and mixed text", "[analysis]") {
  libsearch::Analyzer a;
  struct Row {
    const char* text;
    const char* tokens;
  };
  const Row rows[] = {
      {"知识产权保护", "知识@1 产权@3 保护@5"},
      {"數字人民幣", "数字@1 人民@3 币@5"},  // Traditional folded to Simplified
      {"Intellectual Property protection", "intellectual@1 property@2 protection@3"},
      {"ＡＰＥＣ１２３", "apec123@1"},  // full width folded by NFKC
      {"up by 4.5% to 760.37 billion", "up@1 by@2 4.5@3 to@4 760.37@5 billion@6"},
      {"Geng Shuang's remarks", "geng@1 shuang@2 remarks@3"},
      {"5G网络", "5g@1 网络@2"},
      {"", ""},
      {"。，！", ""},
  };
  for (const Row& r : rows) {
    CAPTURE(r.text);
    CHECK(dump_tokens(a, r.text) == r.tokens);
  }
}

TEST_CASE("Chinese text yields words, positional bigrams and characters", "[analysis]") {
  libsearch::Analyzer a;
  const auto terms = dump_terms(a, "数字人民币");
  CHECK(has(terms, "数字@1"));
  CHECK(has(terms, "人民@3"));
  CHECK(has(terms, "币@5"));
  CHECK(has(terms, "B数字@1"));
  CHECK(has(terms, "B字人@2"));  // a bigram across ICU's word boundary
  CHECK(has(terms, "B人民@3"));
  CHECK(has(terms, "B民币@4"));
  CHECK(has(terms, "U币@0"));
  CHECK(terms.size() == 3 + 4 + 5);  // words, bigrams, characters
}

TEST_CASE("bigrams continue across stray spaces between Chinese characters", "[analysis]") {
  libsearch::Analyzer a;
  const auto terms = dump_terms(a, "习 近平");
  CHECK(has(terms, "B习近@1"));
  CHECK(has(terms, "B近平@2"));
  // but not across punctuation
  CHECK_FALSE(has(dump_terms(a, "习，近平"), "B习近@1"));
}

TEST_CASE("English words yield the word and its stem", "[analysis]") {
  libsearch::Analyzer a;
  const auto terms = dump_terms(a, "Protection");
  CHECK(terms == std::vector<std::string>{"Zprotect@0", "protection@1"});
}

TEST_CASE("offsets point into the original text", "[analysis]") {
  libsearch::Analyzer a;
  const std::string text = "數字人民幣 and ＡＰＥＣ";
  const auto tokens = a.tokenize(text);
  REQUIRE(tokens.size() == 5);
  auto original = [&](const libsearch::Token& t) {
    return text.substr(t.byte_start, t.byte_end - t.byte_start);
  };
  CHECK(original(tokens[0]) == "數字");
  CHECK(original(tokens[1]) == "人民");
  CHECK(original(tokens[2]) == "幣");
  CHECK(tokens[2].text == "币");
  CHECK(tokens[2].continues_run);
  CHECK(original(tokens[4]) == "ＡＰＥＣ");
  CHECK(tokens[4].text == "apec");
}

TEST_CASE("invalid UTF-8 yields no token and no crash", "[analysis]") {
  libsearch::Analyzer a;
  const std::string text = std::string("abc \xff\xfe def \xe4\xb8");
  CHECK(dump_tokens(a, text) == "abc@1 def@2");
}

TEST_CASE("overlong words are not indexed", "[analysis]") {
  libsearch::Analyzer a;
  const std::string word(500, 'a');
  for (const auto& t : a.terms(word)) CHECK(t.term.size() <= 245);
}

TEST_CASE("normalize_text folds case, width and script", "[analysis]") {
  CHECK(libsearch::normalize_text("陳建仁") == "陈建仁");
  CHECK(libsearch::normalize_text("ＡＰＥＣ Hua") == "apec hua");
}
