// The speaker facet over each source of ../shared/corpus/real lists real
// people only, each once (issue 17): every entry must match one line of
// tests/data/speakers/people.txt, and no two entries the same line.
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "libsearch/corpus_reader.h"
#include "libsearch/index_writer.h"
#include "libsearch/searcher.h"
#include "passages/speaker_identity.h"
#include "test_support.h"

namespace {

using libsearch::test::TempDir;

// Speaker key -> line number of the person in people.txt.
std::map<std::string, int> read_people(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::map<std::string, int> people;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::size_t b = 0;
    for (;;) {
      std::size_t e = line.find(" | ", b);
      const std::string name = line.substr(b, e == std::string::npos ? e : e - b);
      const std::string key = libsearch::speaker_key(name);
      INFO(path << ":" << n << ": \"" << name << "\"");
      CHECK_FALSE(key.empty());
      // One spelling names one person.
      CHECK((people.count(key) == 0 || people[key] == n));
      people[key] = n;
      if (e == std::string::npos) break;
      b = e + 3;
    }
  }
  return people;
}

}  // namespace

TEST_CASE("speaker facet over each real source lists real people once", "[results][issue17]") {
  LIBSEARCH_REQUIRE_SHARED();
  const std::map<std::string, int> people =
      read_people(libsearch::test::data_dir() + "/speakers/people.txt");
  const std::string real = libsearch::test::shared_dir() + "/corpus/real";
  for (const char* file : {"mfa_press_conference_en.jsonl", "mfa_spokesperson_zh-Hans.jsonl",
                           "tw_president_news_zh-Hant.jsonl", "us_brooklyn_da_press_en.jsonl"}) {
    CAPTURE(file);
    TempDir dir;
    {
      libsearch::IndexWriter writer(dir / "db");
      libsearch::DiagnosticList d;
      libsearch::read_corpus(real + "/" + file, d, [&](libsearch::Release&& r) { writer.add(r); });
      REQUIRE(d.errors() == 0);
      writer.commit();
    }
    libsearch::Searcher s({dir / "db"});
    libsearch::SearchRequest req;
    req.query = "";
    req.limit = 1;
    req.highlight = false;
    req.facets = {"speaker"};
    req.facet_limit = 100000;
    const libsearch::SearchResults res = s.search(req);
    const auto& values = res.facets.at("speaker");
    CHECK(values.size() >= 4);
    std::map<int, std::string> shown;  // people.txt line -> facet entry
    for (const libsearch::FacetValue& v : values) {
      INFO("facet entry \"" << v.value << "\" (" << v.count << " passages)");
      auto it = people.find(libsearch::speaker_key(v.value));
      CHECK(it != people.end());
      if (it == people.end()) continue;
      INFO("also shown as \"" << shown[it->second] << "\"");
      CHECK(shown[it->second].empty());
      shown[it->second] = v.value;
    }
  }
}

// Issue 17: a facet over Chinese passages showed 耿爽 as "Geng Shuang", the
// spelling indexed first. A person is shown in the script of the passages
// counted, with the other spelling beside it.
TEST_CASE("speaker facet shows a person in the script of the passages counted",
          "[results][issue17]") {
  TempDir dir;
  {
    libsearch::IndexWriter writer(dir / "db");
    libsearch::Release en;
    en.id = "en-1";
    en.lang = "en";
    en.date = "2019-03-01";
    en.title = "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on March 1, 2019";
    en.body = {{libsearch::Paragraph::Kind::kText, "Q: What is your comment on the talks?", 0},
               {libsearch::Paragraph::Kind::kText, "A: We welcome the talks between the two sides.", 0}};
    libsearch::Release zh;
    zh.id = "zh-1";
    zh.lang = "zh-Hans";
    zh.date = "2019-03-01";
    zh.title = "2019年3月1日外交部发言人耿爽主持例行记者会";
    zh.body = {{libsearch::Paragraph::Kind::kText, "问：你对会谈有何评论？", 0},
               {libsearch::Paragraph::Kind::kText, "答：我们欢迎双方会谈。", 0},
               {libsearch::Paragraph::Kind::kText, "问：还有别的吗？", 0},
               {libsearch::Paragraph::Kind::kText, "答：中方愿同各方保持沟通。", 0}};
    writer.add(en);  // the English spelling is indexed first
    writer.add(zh);
    writer.commit();
  }
  libsearch::Searcher s({dir / "db"});
  struct Row {
    std::vector<std::string> langs;
    std::string value, also;
  };
  const std::vector<Row> rows = {
      {{"zh"}, "耿爽", "Geng Shuang"},
      {{"en"}, "Geng Shuang", "耿爽"},
      {{}, "耿爽", "Geng Shuang"},  // most passages counted are Chinese
  };
  for (const Row& row : rows) {
    INFO(row.value);
    libsearch::SearchRequest req;
    req.query = "";
    req.langs = row.langs;
    req.facets = {"speaker"};
    const auto res = s.search(req);
    REQUIRE(res.facets.at("speaker").size() == 1);
    CHECK(res.facets.at("speaker")[0].value == row.value);
    CHECK(res.facets.at("speaker")[0].also == row.also);
    CHECK(res.facets.count("lang") == 0);  // counted for the script, not returned
  }
}
