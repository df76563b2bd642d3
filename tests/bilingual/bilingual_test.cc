// Linked Chinese/English releases and their passage alignment: the units on
// small tables and the fixture in tests/data/bilingual, then (with ../shared)
// release links against ../shared/corpus/pairs and passage alignments
// against the labels in tests/data/alignments.
#include <xapian.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bilingual/anchors.h"
#include "bilingual/bilingual_support.h"
#include "bilingual/passage_aligner.h"
#include "bilingual/release_linker.h"
#include "index/schema.h"
#include "libsearch/corpus_reader.h"
#include "libsearch/error.h"
#include "libsearch/index_writer.h"
#include "libsearch/searcher.h"
#include "test_support.h"

using libsearch::test::stored_links;

namespace {

using libsearch::detail::AlignParagraph;
using libsearch::detail::Alignment;
using libsearch::detail::TranscriptRole;
using libsearch::test::TempDir;

std::string fixture(const std::string& name) {
  return libsearch::test::data_dir() + "/bilingual/" + name;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
  return s;
}

std::map<std::string, libsearch::Release> read_all(const std::vector<std::string>& paths) {
  std::map<std::string, libsearch::Release> out;
  libsearch::DiagnosticList d;
  for (const auto& p : paths)
    libsearch::read_corpus(p, d, [&](libsearch::Release&& r) { out[r.id] = std::move(r); });
  REQUIRE(d.errors() == 0);
  return out;
}

std::vector<AlignParagraph> paragraphs_of(const libsearch::Release& r) {
  std::vector<AlignParagraph> out;
  for (std::size_t i = 0; i < r.body.size(); ++i)
    out.push_back({static_cast<int>(i), r.body[i].text});
  return out;
}

// "zh>en" pairs of paragraphs shown (at or above the threshold).
std::set<std::pair<int, int>> shown_pairs(const std::vector<Alignment>& alignments) {
  std::set<std::pair<int, int>> out;
  for (const Alignment& a : alignments) {
    if (a.confidence < libsearch::detail::kAlignmentThreshold) continue;
    for (int z : a.zh)
      for (int e : a.en) out.emplace(z, e);
  }
  return out;
}

libsearch::SearchResults run(const std::string& db, libsearch::SearchRequest req) {
  libsearch::Searcher s({db});
  return s.search(req);
}

}  // namespace

TEST_CASE("anchors: numbers, Latin names and months survive translation", "[bilingual]") {
  struct Row {
    std::string text;
    bool chinese;
    std::string anchors;
  };
  const std::vector<Row> rows = {
      {"问：APEC会议将于11月12日举行", true, "11 12 APEC"},
      {"Q: The APEC meeting on November 12", false, "11 12 APEC"},
      {"中方对3,000亿美元商品加征关税", true, "3000"},
      {"tariffs on 300 billion dollars, 3,000 items, 05 ones", false, "300 3000 5"},
      {"网络调研公司FireEye发布报告", true, "FIREEYE"},
      {"the firm FireEye said the DPRK and 5G", false, "5G DPRK"},
      {"Hua Chunying said in May", false, "5"},
      {"我们在１０月发布", true, "10"},
      {"", false, ""},
  };
  for (const Row& r : rows) {
    INFO(r.text);
    CHECK(join(libsearch::detail::anchors_of(r.text, r.chinese)) == r.anchors);
  }
  CHECK(libsearch::detail::anchor_overlap({"11", "12", "APEC"}, {"11", "12"}) ==
        Approx(0.8));
  CHECK(libsearch::detail::anchor_overlap({}, {}) == 0);
}

TEST_CASE("transcript roles: Q/A markers in both languages", "[bilingual]") {
  struct Row {
    std::string text;
    TranscriptRole role;
  };
  const std::vector<Row> rows = {
      {"问：中方对此有何评论？", TranscriptRole::kQuestion},
      {"答：我们注意到有关报道。", TranscriptRole::kAnswer},
      {"追问：你能否证实？", TranscriptRole::kQuestion},
      {"Q: What is your comment?", TranscriptRole::kQuestion},
      {"Q : Will President Xi attend?", TranscriptRole::kQuestion},
      {"Follow-up: Can you confirm?", TranscriptRole::kQuestion},
      {"A: We noted the reports.", TranscriptRole::kAnswer},
      {"As agreed by the two sides, the dialogue will be held.", TranscriptRole::kOther},
      {"问题在于双方的分歧", TranscriptRole::kOther},
      {"中方一贯支持对话。", TranscriptRole::kOther},
  };
  for (const Row& r : rows) {
    INFO(r.text);
    CHECK(libsearch::detail::transcript_role(r.text) == r.role);
  }
}

TEST_CASE("release kinds from titles", "[bilingual]") {
  using libsearch::detail::ReleaseKind;
  using libsearch::detail::release_kind;
  CHECK(release_kind("2018年11月6日外交部发言人华春莹主持例行记者会") == ReleaseKind::kConference);
  CHECK(release_kind("Foreign Ministry Spokesperson Hua Chunying's Regular Press Conference on "
                     "November 6, 2018") == ReleaseKind::kConference);
  CHECK(release_kind("外交部发言人华春莹就美方涉港恶劣言论答记者问") == ReleaseKind::kStatement);
  CHECK(release_kind("Foreign Ministry Spokesperson Hua Chunying's Remarks on August 9, 2019") ==
        ReleaseKind::kStatement);
  CHECK(release_kind("Brooklyn DA Announces Indictment") == ReleaseKind::kNone);
  CHECK(release_kind("總統接見友邦訪問團") == ReleaseKind::kNone);
}

TEST_CASE("aligner: an abridged translation leaves the dropped answer without counterpart",
          "[bilingual]") {
  const auto all = read_all({fixture("zh.jsonl"), fixture("en.jsonl")});
  const auto alignments = libsearch::detail::align_paragraphs(
      paragraphs_of(all.at("fixture-zh-0312")), paragraphs_of(all.at("fixture-en-0312")));
  const std::set<std::pair<int, int>> expected = {{0, 0}, {1, 1}, {2, 2}, {5, 3}, {6, 4}};
  CHECK(shown_pairs(alignments) == expected);
  for (const Alignment& a : alignments) {
    CHECK(a.confidence >= 0);
    CHECK(a.confidence <= 1);
  }
}

TEST_CASE("aligner: one paragraph translated as two is one alignment", "[bilingual]") {
  const std::vector<AlignParagraph> zh = {
      {0, "问：2019年中国GDP增长6.1%，中方如何评价？"},
      {1, "答：2019年中国经济运行总体平稳，国内生产总值增长6.1%，经济总量接近100万亿元，"
          "人均GDP突破1万美元。这是在国内外风险挑战明显上升的复杂局面下取得的成绩。"},
  };
  const std::vector<AlignParagraph> en = {
      {0, "Q: China's GDP grew 6.1% in 2019. How do you assess it?"},
      {1, "A: In 2019 China's economy was generally stable, with GDP growing by 6.1% and "
          "total output close to 100 trillion yuan."},
      {2, "Per capita GDP exceeded 10,000 dollars. This was achieved amid rising risks and "
          "challenges at home and abroad."},
  };
  const auto alignments = libsearch::detail::align_paragraphs(zh, en);
  REQUIRE(alignments.size() == 2);
  CHECK(alignments[1].zh == std::vector<int>{1});
  CHECK(alignments[1].en == std::vector<int>{1, 2});
}

TEST_CASE("links: a counterpart arriving later is linked, removal unlinks, reindex keeps",
          "[bilingual]") {
  TempDir dir;
  const std::string db = dir / "db";
  libsearch::DiagnosticList d;
  {
    libsearch::IndexWriter w(db);
    w.add_paths({fixture("zh.jsonl")}, d);
    w.commit();
    CHECK(w.link().pairs == 0);
  }
  CHECK(stored_links(db).empty());
  {
    libsearch::IndexWriter w(db);
    w.add_paths({fixture("en.jsonl")}, d);
    w.commit();
    const libsearch::LinkSummary s = w.link();
    CHECK(s.pairs == 1);
    CHECK(s.linked_releases == 2);
    CHECK(s.passages_with == 10);   // 5 Chinese + 5 English
    CHECK(s.passages_without == 3); // the dropped question, its answer, a paragraph
  }
  CHECK(stored_links(db) == std::map<std::string, std::string>{{"fixture-zh-0312",
                                                                "fixture-en-0312"}});
  {
    libsearch::Searcher s({db});
    const auto zh = s.release("fixture-zh-0312");
    REQUIRE(zh);
    CHECK(zh->counterpart_id == "fixture-en-0312");
    REQUIRE(zh->counterpart_paragraphs.size() == 8);
    CHECK(zh->counterpart_paragraphs[3].empty());
    CHECK(zh->counterpart_paragraphs[5] == std::vector<int>{3});
    CHECK(s.release("fixture-en-0312")->counterpart_id == "fixture-zh-0312");
    CHECK(s.release("fixture-zh-0312-statement")->counterpart_id.empty());
    CHECK(s.stats().linked_releases == 2);
  }
  // Linking again changes nothing.
  {
    libsearch::IndexWriter w(db);
    CHECK(w.link().pairs == 1);
  }
  {
    libsearch::IndexWriter w(db);
    REQUIRE(w.remove("fixture-en-0312"));
    w.commit();
    CHECK(w.link().pairs == 0);
  }
  CHECK(stored_links(db).empty());
  {
    libsearch::Searcher s({db});
    CHECK(s.release("fixture-zh-0312")->counterpart_id.empty());
    CHECK(s.stats().linked_releases == 0);
    libsearch::SearchRequest req;
    req.no_counterpart = true;
    CHECK(s.search(req).total == 0);  // an unlinked release has no "dropped" passages
    req.no_counterpart = false;
    req.query = "WHO";
    req.with_counterpart = true;
    const auto res = s.search(req);
    REQUIRE(!res.hits.empty());
    CHECK(!res.hits[0].counterpart);
  }
  const libsearch::IndexSummary r =
      libsearch::reindex(db, {fixture("zh.jsonl"), fixture("en.jsonl")}, d);
  CHECK(r.added == 3);
  CHECK(stored_links(db).size() == 1);
  CHECK(libsearch::Searcher({db}).stats().linked_releases == 2);
  CHECK(d.errors() == 0);
}

TEST_CASE("counterpart:none finds what the abridged translation dropped", "[bilingual]") {
  TempDir dir;
  const std::string db = dir / "db";
  libsearch::DiagnosticList d;
  {
    libsearch::IndexWriter w(db);
    w.add_paths({fixture("zh.jsonl"), fixture("en.jsonl")}, d);
    w.commit();
    w.link();
  }
  libsearch::SearchRequest req;
  req.query = "counterpart:none";
  req.limit = 20;
  req.facets = {"date", "speaker"};
  auto res = run(db, req);
  std::set<std::pair<std::string, int>> got;
  for (const auto& h : res.hits) got.emplace(h.release_id, h.paragraph);
  const std::set<std::pair<std::string, int>> dropped = {
      {"fixture-zh-0312", 3}, {"fixture-zh-0312", 4}, {"fixture-zh-0312", 7}};
  CHECK(got == dropped);
  CHECK(res.total == 3);
  REQUIRE(res.facets["date"].size() == 1);
  CHECK(res.facets["date"][0].count == 3);
  // The flag is the same filter; combined with words it narrows them.
  req.query = "军费";
  req.no_counterpart = true;
  res = run(db, req);
  REQUIRE(res.hits.size() == 1);
  CHECK(res.hits[0].paragraph == 3);
  req.query = "counterpart:any WHO";
  req.no_counterpart = false;
  res = run(db, req);
  CHECK(res.total == 4);  // the question and its answer, in each language
  req.query = "counterpart:some";
  req.strict = true;
  CHECK_THROWS_WITH(run(db, req), Catch::Contains("counterpart: takes none or any"));
}

TEST_CASE("hits carry their counterpart, and a query in one language reaches the other",
          "[bilingual]") {
  TempDir dir;
  const std::string db = dir / "db";
  libsearch::DiagnosticList d;
  {
    libsearch::IndexWriter w(db);
    w.add_paths({fixture("zh.jsonl"), fixture("en.jsonl")}, d);
    w.commit();
    w.link();
  }
  libsearch::SearchRequest req;
  req.query = "专家组";
  req.with_counterpart = true;
  req.limit = 5;
  auto res = run(db, req);
  REQUIRE(!res.hits.empty());
  for (const auto& h : res.hits) {
    INFO(h.release_id << " " << h.paragraph);
    REQUIRE(h.counterpart);
    CHECK(h.counterpart->release_id == "fixture-en-0312");
    CHECK(h.counterpart->paragraph == h.paragraph);  // paragraphs 1 and 2 on both sides
    CHECK(h.counterpart->text.find("expert team") != std::string::npos);
    CHECK(h.counterpart->confidence >= libsearch::detail::kAlignmentThreshold);
  }
  // English words, Chinese passages.
  req = {};
  req.query = "preparations ministerial";
  req.query_lang = "en";
  res = run(db, req);
  REQUIRE(res.hits.size() == 1);
  CHECK(res.hits[0].release_id == "fixture-zh-0312");
  CHECK(res.hits[0].paragraph == 5);
  CHECK(res.hits[0].lang == "zh-Hans");
  REQUIRE(res.hits[0].counterpart);
  CHECK(res.hits[0].counterpart->release_id == "fixture-en-0312");
  CHECK(res.hits[0].counterpart->paragraph == 3);
  // A passage without a counterpart is not reached across languages.
  req.query = "军费";
  req.query_lang = "zh";
  CHECK(run(db, req).total == 0);
}
