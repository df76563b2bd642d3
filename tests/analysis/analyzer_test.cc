#include "libsearch/analyzer.h"

#include <algorithm>
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

// "term@position" for each term, "term" alone for terms indexed without a
// position; sorted.
std::vector<std::string> dump_terms(libsearch::Analyzer& a, const std::string& text) {
  std::vector<std::string> out;
  for (const auto& t : a.terms(text))
    out.push_back(t.positional ? t.term + "@" + std::to_string(t.position) : t.term);
  std::sort(out.begin(), out.end());
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("tokens of Chinese, Traditional, English, mixed, numbers and full width",
          "[analysis]") {
  libsearch::Analyzer a;
  struct Row {
    const char* text;
    const char* tokens;
  };
  const Row rows[] = {
      {"知识产权保护", "知识@1 产权@3 保护@5"},
      {"數字人民幣", "数字人民币@1"},  // Traditional folded; a lexicon word
      {"數字貨幣", "数字@1 货币@3"},
      {"疫情防控", "疫情防控@1"},  // ICU: 疫/情/防/控; the lexicon joins them
      {"习近平主持会议", "习近平@1 主持@4 会议@6"},  // ICU: 习/近平
      {"新质生产力", "新质生产力@1"},                // ICU: 新/质/生产/力
      {"Intellectual Property protection", "intellectual@1 property@2 protection@3"},
      {"ＡＰＥＣ１２３", "apec123@1"},  // full width folded by NFKC
      {"up by 4.5% to 760.37 billion in 2022",
       "up@1 by@2 4.5@3 to@4 760.37@5 billion@6 in@7 2022@8"},
      {"Geng Shuang's remarks", "geng@1 shuang@2 remarks@3"},
      {"5G网络", "5g@1 网络@2"},
      {"COVID-19疫情", "covid@1 19@2 疫情@3"},
      {"增长4.5%，达760.37亿元", "增长@1 4.5@3 达@4 760.37@5 亿@6 元@7"},
      {"", ""},
      {"。，！", ""},
  };
  for (const Row& r : rows) {
    CAPTURE(r.text);
    CHECK(dump_tokens(a, r.text) == r.tokens);
  }
}

TEST_CASE("term tables: characters positional, words and bigrams not", "[analysis]") {
  libsearch::Analyzer a;
  struct Row {
    const char* text;
    const char* terms;
  };
  const Row rows[] = {
      {"数字货币", "B字货 B数字 B货币 U字@2 U币@4 U数@1 U货@3 数字 货币"},
      {"數字貨幣", "B字货 B数字 B货币 U字@2 U币@4 U数@1 U货@3 数字 货币"},
      {"国", "U国@1"},  // a one-character word is its character
      {"Protection", "Zprotect protection@1"},
      {"ＡＰＥＣ", "Zapec apec@1"},
      {"5G网络", "5g@1 B网络 U络@3 U网@2 Z5g 网络"},
      {"4.5%", "4.5@1"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.text);
    CHECK(join(dump_terms(a, r.text)) == r.terms);
  }
}

TEST_CASE("a joined lexicon word keeps ICU's pieces as words", "[analysis]") {
  libsearch::Analyzer a;
  const auto terms = dump_terms(a, "数字人民币");
  CHECK(has(terms, "数字人民币"));
  CHECK(has(terms, "数字"));
  CHECK(has(terms, "B字人"));  // a bigram across ICU's word boundary
  CHECK(has(terms, "U币@5"));
}

TEST_CASE("a lexicon word inside a longer ICU word is a word too", "[analysis]") {
  libsearch::Analyzer a;
  // ICU keeps 本报记者 whole; 记者 is in the lexicon.
  const auto terms = dump_terms(a, "本报记者");
  CHECK(has(terms, "记者"));
  for (const auto& t : a.terms("本报记者 报道"))
    if (t.term == "记者") CHECK(t.position == 3);
}

TEST_CASE("bigrams continue across stray spaces between Chinese characters", "[analysis]") {
  libsearch::Analyzer a;
  const auto terms = dump_terms(a, "习 近平");
  CHECK(has(terms, "B习近"));
  CHECK(has(terms, "B近平"));
  CHECK(has(terms, "U近@2"));
  // but not across punctuation
  CHECK_FALSE(has(dump_terms(a, "习，近平"), "B习近"));
}

TEST_CASE("offsets point into the original text", "[analysis]") {
  libsearch::Analyzer a;
  const std::string text = "數字貨幣 and ＡＰＥＣ";
  const auto tokens = a.tokenize(text);
  REQUIRE(tokens.size() == 4);
  CHECK(text.substr(tokens[0].byte_start, tokens[0].byte_end - tokens[0].byte_start) == "數字");
  CHECK(text.substr(tokens[1].byte_start, tokens[1].byte_end - tokens[1].byte_start) == "貨幣");
  CHECK(text.substr(tokens[3].byte_start, tokens[3].byte_end - tokens[3].byte_start) == "ＡＰＥＣ");
  CHECK(tokens[3].text == "apec");
  for (const auto& t : a.terms(text)) {
    if (t.term == "U货") CHECK(text.substr(t.byte_start, t.byte_end - t.byte_start) == "貨");
    if (t.term == "B字货") CHECK(text.substr(t.byte_start, t.byte_end - t.byte_start) == "字貨");
  }
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
