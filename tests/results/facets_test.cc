#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <xapian.h>

#include "index/schema.h"
#include "libsearch/corpus_reader.h"
#include "libsearch/index_writer.h"
#include "libsearch/searcher.h"
#include "passages/speaker_identity.h"
#include "test_support.h"

namespace {

using libsearch::test::TempDir;

void index_path(const std::string& db, const std::string& path) {
  libsearch::IndexWriter writer(db);
  libsearch::DiagnosticList d;
  libsearch::read_corpus(path, d, [&](libsearch::Release&& r) { writer.add(r); });
  REQUIRE(d.errors() == 0);
  writer.commit();
}

// Every matching passage, unpaged.
libsearch::SearchResults all_hits(libsearch::Searcher& s, libsearch::SearchRequest req) {
  req.limit = 100000;
  req.highlight = false;
  return s.search(req);
}

}  // namespace

TEST_CASE("facet counts equal the numbers of matching passages", "[results]") {
  TempDir dir;
  index_path(dir / "db", libsearch::test::samples_dir());
  libsearch::Searcher s({dir / "db"});
  for (const char* q : {"", "知识产权", "digital", "营商环境 OR economy"}) {
    CAPTURE(q);
    libsearch::SearchRequest req;
    req.query = q;
    req.facets = {"speaker", "date", "source", "lang"};
    req.date_facet = libsearch::DateFacet::kMonth;
    const auto res = all_hits(s, req);
    CHECK(res.total_exact);
    CHECK(res.total == res.hits.size());
    std::map<std::string, std::size_t> lang, source, month, speaker;
    for (const auto& h : res.hits) {
      lang[h.lang]++;
      source[h.source]++;
      month[h.date.empty() ? "unknown" : h.date.substr(0, 7)]++;
    }
    auto counted = [&](const std::string& facet) {
      std::map<std::string, std::size_t> out;
      for (const auto& v : res.facets.at(facet)) out[v.value] = v.count;
      return out;
    };
    CHECK(counted("lang") == lang);
    CHECK(counted("source") == source);
    CHECK(counted("date") == month);
    // Speakers: each facet value counts exactly the hits whose speaker filter matches.
    for (const auto& v : res.facets.at("speaker")) {
      libsearch::SearchRequest f = req;
      f.facets.clear();
      f.speakers = {v.value};
      CHECK(all_hits(s, f).hits.size() == v.count);
    }
  }
}

TEST_CASE("the seed's speaker facet lists exactly its five speakers", "[results]") {
  LIBSEARCH_REQUIRE_SHARED();
  TempDir dir;
  index_path(dir / "db", libsearch::test::shared_dir() + "/corpus/seed");
  libsearch::Searcher s({dir / "db"});
  libsearch::SearchRequest req;
  req.facets = {"speaker"};
  const auto res = all_hits(s, req);
  std::set<std::string> names;
  for (const auto& v : res.facets.at("speaker")) names.insert(v.value);
  CHECK(names == std::set<std::string>{"Liu Meiying", "Wang Ying", "Qu Haopeng", "Lu Xiaobo",
                                       "Zhou Liquan"});
  // The "He said" paragraphs of the last section are Zhou Liquan's.
  req.query = "\"He said that the setting up\"";
  const auto he = all_hits(s, req);
  REQUIRE(he.hits.size() == 1);
  REQUIRE(he.hits[0].speaker);
  CHECK(he.hits[0].speaker->name == "Zhou Liquan");
}

TEST_CASE("a Chinese speaker is found by the English spelling of the name", "[results]") {
  LIBSEARCH_REQUIRE_SHARED();
  TempDir dir;
  // The first 150 conferences are plenty and keep the test quick.
  {
    std::ifstream in(libsearch::test::shared_dir() + "/corpus/real/mfa_spokesperson_zh-Hans.jsonl");
    std::ofstream out(dir / "mfa.jsonl");
    std::string line;
    for (int i = 0; i < 150 && std::getline(in, line); ++i) out << line << "\n";
  }
  index_path(dir / "db", dir / "mfa.jsonl");
  libsearch::Searcher s({dir / "db"});
  libsearch::SearchRequest req;
  req.speakers = {"Geng Shuang"};
  req.limit = 50;
  const auto res = s.search(req);
  REQUIRE(res.hits.size() == 50);
  for (const auto& h : res.hits) {
    REQUIRE(h.speaker);
    CHECK(h.speaker->name == "耿爽");
    CHECK(h.lang == "zh-Hans");
  }
}

TEST_CASE("a speaker name the index recorded is looked up, not transliterated", "[results]") {
  TempDir dir;
  index_path(dir / "db", libsearch::test::samples_dir());
  libsearch::SearchRequest req;
  req.speakers = {"陈明"};
  libsearch::Searcher before({dir / "db"});
  const auto expected = all_hits(before, req);
  REQUIRE(!expected.hits.empty());
  {
    // A name recorded with 陈明's key finds 陈明's passages, which shows the
    // record is what the searcher reads; transliterated, it would find none.
    Xapian::WritableDatabase w(dir / "db", Xapian::DB_OPEN);
    w.set_metadata(std::string(libsearch::schema::kMetaSpeakerNamePrefix) + "某某",
                   libsearch::speaker_key("陈明"));
    w.commit();
  }
  libsearch::Searcher s({dir / "db"});
  req.speakers = {"某某"};
  CHECK(all_hits(s, req).hits.size() == expected.hits.size());
  req.speakers = {};
  req.query = "speaker:某某";
  CHECK(all_hits(s, req).hits.size() == expected.hits.size());
  // A name the index never met is still transliterated (陳明 is 陈明).
  req.query = "speaker:陳明";
  CHECK(all_hits(s, req).hits.size() == expected.hits.size());
}

TEST_CASE("a release without a date counts under unknown and matches no date filter",
          "[results]") {
  TempDir dir;
  index_path(dir / "db", libsearch::test::data_dir() + "/corpus/bad_date.xml");
  libsearch::Searcher s({dir / "db"});
  libsearch::SearchRequest req;
  req.facets = {"date"};
  auto res = all_hits(s, req);
  REQUIRE(res.facets.at("date").size() == 1);
  CHECK(res.facets.at("date")[0].value == "unknown");
  CHECK(res.facets.at("date")[0].count == res.hits.size());
  req.from = "1900-01-01";
  CHECK(all_hits(s, req).hits.empty());
}

TEST_CASE("dates a passage mentions are searchable with mentions:", "[results]") {
  LIBSEARCH_REQUIRE_SHARED();
  TempDir dir;
  index_path(dir / "db", libsearch::test::shared_dir() + "/corpus/seed");
  libsearch::Searcher s({dir / "db"});
  libsearch::SearchRequest req;
  req.query = "mentions:2022-02-10";
  const auto res = all_hits(s, req);
  // "On February 10th, a press conference ..." in a release of 2022-02-15.
  REQUIRE(res.hits.size() == 1);
  CHECK(res.hits[0].paragraph == 0);
  CHECK(std::find(res.hits[0].mentioned_dates.begin(), res.hits[0].mentioned_dates.end(),
                  "2022-02-10") != res.hits[0].mentioned_dates.end());
}

TEST_CASE("collapsed results count the same passages with and without facets", "[results]") {
  TempDir dir;
  index_path(dir / "db", libsearch::test::samples_dir());
  libsearch::Searcher s({dir / "db"});
  for (const char* q : {"", "知识产权", "digital", "营商环境 OR economy", "nothingmatchesthis"}) {
    for (auto sort : {libsearch::SortOrder::kRelevance, libsearch::SortOrder::kDateDescending}) {
      CAPTURE(q);
      libsearch::SearchRequest req;
      req.query = q;
      req.per_release = 1;
      req.limit = 3;
      req.sort = sort;
      req.exact_total = true;
      const auto plain = s.search(req);
      req.facets = {"speaker", "date", "source", "lang"};
      const auto faceted = s.search(req);
      CHECK(faceted.total_exact);
      CHECK(faceted.total == plain.total);
      CHECK(faceted.hits.size() == plain.hits.size());
      req.per_release = 0;
      req.limit = 100000;
      req.facets.clear();
      CHECK(faceted.total == s.search(req).hits.size());
    }
  }
}

TEST_CASE("a searcher reused for faceted searches counts as a fresh one does", "[results]") {
  // The first faceted search of a searcher counts with Xapian's value
  // streams; later ones (or all, when asked) read the facet columns kept in
  // memory.
  TempDir dir;
  index_path(dir / "db", libsearch::test::samples_dir());
  libsearch::Searcher reused({dir / "db"});
  for (const char* q : {"", "知识产权", "digital", "营商环境 OR economy", "nothingmatchesthis"}) {
    for (std::size_t limit : {1, 2, 50}) {
      for (std::size_t per_release : {0, 1}) {
        CAPTURE(q, limit, per_release);
        libsearch::SearchRequest req;
        req.query = q;
        req.facets = {"speaker", "date", "source", "lang"};
        req.facet_limit = limit;
        req.per_release = per_release;
        req.date_facet = limit == 1 ? libsearch::DateFacet::kDay : libsearch::DateFacet::kMonth;
        libsearch::Searcher fresh({dir / "db"});
        const auto want = fresh.search(req);
        // A searcher told to read the columns at once uses them at its first.
        libsearch::SearcherOptions at_once;
        at_once.facet_columns_at_once = true;
        libsearch::Searcher eager({dir / "db"}, at_once);
        for (const auto& got : {reused.search(req), eager.search(req)}) {
          CHECK(got.total == want.total);
          CHECK(got.total_exact == want.total_exact);
          REQUIRE(got.facets.size() == want.facets.size());
          for (const auto& [name, values] : want.facets) {
            CAPTURE(name);
            const auto& other = got.facets.at(name);
            REQUIRE(other.size() == values.size());
            for (std::size_t i = 0; i < values.size(); ++i) {
              CHECK(other[i].key == values[i].key);
              CHECK(other[i].value == values[i].value);
              CHECK(other[i].count == values[i].count);
            }
          }
        }
      }
    }
  }
}
