// The public API as an embedding program sees it: only <libsearch/...>
// headers, every public type, and the errors with their positions.
#include <fstream>
#include <string>
#include <vector>

#include "libsearch/libsearch.h"
#include "test_support.h"

namespace {

using libsearch::Query;
using libsearch::test::TempDir;

std::string index_samples(const TempDir& dir) {
  const std::string db = dir / "press.db";
  libsearch::IndexWriter writer(db);
  libsearch::DiagnosticList problems;
  libsearch::read_corpus(libsearch::test::samples_dir(), problems,
                         [&](libsearch::Release&& r) { writer.add(r); });
  REQUIRE(problems.errors() == 0);
  writer.commit();
  return db;
}

libsearch::SearchResults run(libsearch::Searcher& s, const Query& q, std::size_t limit = 100) {
  libsearch::SearchRequest req;
  req.built_query = q;
  req.limit = limit;
  req.exact_total = true;
  return s.search(req);
}

std::string text_of(const libsearch::Hit& h, const libsearch::Span& s) {
  return h.text.substr(s.byte_start, s.byte_end - s.byte_start);
}

}  // namespace

TEST_CASE("api: Analyzer works on its own", "[api]") {
  libsearch::Analyzer analyzer;
  const auto tokens = analyzer.tokenize("數字人民幣 pilot");
  REQUIRE(tokens.size() >= 2);
  CHECK(tokens.front().text == "数字人民币");  // folded to Simplified, a lexicon word
  CHECK(tokens.back().text == "pilot");
  CHECK(analyzer.stem("programmes") == "programm");
  libsearch::Analyzer moved = std::move(analyzer);
  CHECK_FALSE(moved.terms("protection").empty());
  CHECK(libsearch::normalize_text("ＡＰＥＣ") == "apec");
}

TEST_CASE("api: readers report bad input with file, line and column", "[api]") {
  libsearch::DiagnosticList problems;
  std::vector<std::string> ids;
  const std::string path = libsearch::test::data_dir() + "/corpus/bad_line.jsonl";
  libsearch::read_corpus(path, problems, [&](libsearch::Release&& r) { ids.push_back(r.id); });
  CHECK(ids == std::vector<std::string>{"bad-line-001", "bad-line-003"});
  REQUIRE(problems.errors() == 1);
  const libsearch::Diagnostic& d = problems.items.front();
  CHECK(d.path == path);
  CHECK(d.line == 2);
  CHECK(d.column == 113);
  CHECK_THAT(d.to_string(), Catch::StartsWith(path + ":2:113: "));
  CHECK_THAT(d.message, Catch::Contains("not valid JSON"));
  CHECK(libsearch::format_for_path("a/b.zht.xml") == libsearch::CorpusFormat::kXml);
  CHECK(libsearch::format_for_path("a/b.jsonl") == libsearch::CorpusFormat::kJsonLines);

  std::vector<libsearch::Release> parsed;
  libsearch::parse_corpus(libsearch::CorpusFormat::kJsonLines,
                          R"({"id": "x-1", "lang": "en", "title": "T", "body": "One.\n\nTwo."})",
                          "memory.jsonl", problems,
                          [&](libsearch::Release&& r) { parsed.push_back(std::move(r)); });
  REQUIRE(parsed.size() == 1);
  CHECK(parsed[0].body.size() == 2);
}

TEST_CASE("api: IndexWriter adds, replaces, removes and commits", "[api]") {
  TempDir dir;
  const std::string db = dir / "w.db";
  libsearch::Release r;
  r.id = "api-001";
  r.lang = "en";
  r.title = "Harbour opens";
  r.date = "2024-05-01";
  r.source = "Port Authority";
  r.body.push_back({libsearch::Paragraph::Kind::kText, "The new harbour opened today.", 1});
  {
    libsearch::IndexWriter w(db);
    CHECK(w.add(r) == libsearch::AddOutcome::kAdded);
    CHECK(w.add(r) == libsearch::AddOutcome::kUnchanged);
    r.body[0].text = "The new harbour opened this morning.";
    CHECK(w.add(r) == libsearch::AddOutcome::kUpdated);
    CHECK(w.contains("api-001"));
    CHECK(w.release_ids() == std::vector<std::string>{"api-001"});
    // A second writer on the same database is refused.
    CHECK_THROWS_AS(libsearch::IndexWriter(db), libsearch::LockedError);
    w.commit();
  }
  {
    libsearch::Searcher s({db});
    const auto res = run(s, Query::words("morning harbour"));
    REQUIRE(res.hits.size() == 1);
    CHECK(res.hits[0].release_id == "api-001");
    CHECK(s.release("api-001")->passages.size() == 1);
  }
  {
    libsearch::IndexWriter w(db);
    CHECK(w.remove("api-001"));
    CHECK_FALSE(w.remove("api-001"));
    w.commit();
  }
  libsearch::Searcher s({db});
  CHECK(s.stats().releases == 0);
  CHECK_FALSE(s.release("api-001"));
}

TEST_CASE("api: Searcher errors name the database", "[api]") {
  TempDir dir;
  try {
    libsearch::Searcher s({dir / "nowhere"});
    FAIL("opened a missing database");
  } catch (const libsearch::IndexError& e) {
    CHECK_THAT(e.what(), Catch::StartsWith(dir / "nowhere: no such database"));
  }
  CHECK_THROWS_AS(libsearch::Searcher({}), libsearch::IndexError);
  std::ofstream(dir / "bad.stub") << "auto a\nremote nowhere\n";
  try {
    libsearch::Searcher s({dir / "bad.stub"});
    FAIL("opened a malformed stub");
  } catch (const libsearch::InputError& e) {
    CHECK(e.path() == dir / "bad.stub");
    CHECK(e.line() == 2);
    CHECK(e.column() == 1);
    CHECK_THAT(e.reason(), Catch::Contains("is not HOST:PORT"));
  }
}

TEST_CASE("api: Query built in code finds, filters, excludes and highlights", "[api]") {
  TempDir dir;
  libsearch::Searcher s({index_samples(dir)});

  const auto words = run(s, Query::words("intellectual property"));
  REQUIRE(words.total > 0);
  for (const auto& h : words.hits) {
    CHECK_FALSE(h.highlights.empty());
    CHECK_FALSE(h.title.empty());  // citation: title, date, source, url
    CHECK_FALSE(h.source.empty());
    CHECK(h.rank >= 1);
  }

  // Query::parse equals the same text in SearchRequest::query.
  libsearch::SearchRequest text_req;
  text_req.query = "\"intellectual property\" lang:en";
  text_req.limit = 100;
  text_req.exact_total = true;
  const auto by_text = s.search(text_req);
  const auto parsed = run(s, Query::parse("\"intellectual property\" lang:en"));
  CHECK(parsed.total == by_text.total);
  REQUIRE(parsed.hits.size() == by_text.hits.size());
  for (std::size_t i = 0; i < parsed.hits.size(); ++i) {
    CHECK(parsed.hits[i].release_id == by_text.hits[i].release_id);
    CHECK(parsed.hits[i].score == Approx(by_text.hits[i].score));
  }
  // ... and equals the query built from parts.
  const auto built = run(s, Query::all_of({Query::phrase("intellectual property"),
                                           Query::field("lang", "en")}));
  CHECK(built.total == by_text.total);

  // Chinese words, either script; phrase highlights.
  const auto zh = run(s, Query::phrase("知識產權"));
  REQUIRE(zh.total > 0);
  for (const auto& h : zh.hits) {
    REQUIRE_FALSE(h.highlights.empty());
    const std::string marked = text_of(h, h.highlights.front());
    CHECK((marked == "知识产权" || marked == "知識產權"));
  }

  // any_of is a union, exclude a difference, filters restrict.
  const auto a = run(s, Query::words("harbour"));
  const auto b = run(s, Query::words("知识产权"));
  const auto either = run(s, Query::any_of({Query::words("harbour"), Query::words("知识产权")}));
  CHECK(either.total == a.total + b.total);
  const auto all_zh = run(s, Query::field("lang", "zh"));
  const auto en_only = run(s, Query().exclude(Query::field("lang", "zh")));
  const auto everything = run(s, Query());
  CHECK(all_zh.total + en_only.total == everything.total);
  const auto dated = run(s, Query::all_of({Query::words("知识产权"),
                                           Query::date_range("2024-01-01", "2024-12-31")}));
  for (const auto& h : dated.hits) CHECK(h.date.rfind("2024", 0) == 0);
  const auto year = run(s, Query::all_of({Query::words("知识产权"), Query::field("date", "2024")}));
  CHECK(year.total == dated.total);
  CHECK(Query::all_of({Query::words("a b"), Query::field("lang", "en")}).to_string() ==
        "(words \"a b\" AND lang:\"en\")");
}

TEST_CASE("api: Query errors carry the offending fragment and offset", "[api]") {
  const struct {
    const char* name;
    const char* value;
    const char* fragment;
    const char* message;
  } bad[] = {
      {"colour", "red", "colour", "unknown field \"colour\""},
      {"lang", "fr", "fr", "unknown language \"fr\""},
      {"date", "2024-13", "2024-13", "bad date \"2024-13\""},
      {"speaker", "", "speaker", "needs a value"},
  };
  for (const auto& row : bad) {
    INFO(row.name << "=" << row.value);
    try {
      Query::field(row.name, row.value);
      FAIL("accepted");
    } catch (const libsearch::QueryError& e) {
      CHECK(e.offset() == 0);
      CHECK(e.fragment() == row.fragment);
      CHECK_THAT(e.what(), Catch::Contains(row.message));
    }
  }
  CHECK_THROWS_AS(Query::date_range("2024-02-30x", ""), libsearch::QueryError);
  CHECK_THROWS_WITH(Query::date_range("2024-05-01", "2024-01-01"),
                    Catch::Contains("ends before it starts"));

  // Parsed text reports its byte offset when strict; degrades otherwise.
  TempDir dir;
  libsearch::Searcher s({index_samples(dir)});
  try {
    run(s, Query::parse("知识产权 \"保护", false, true));
    FAIL("strict parse accepted an unbalanced quote");
  } catch (const libsearch::QueryError& e) {
    CHECK(e.offset() == 13);  // after 4 Han characters (12 bytes) and a space
    CHECK_THAT(e.reason(), Catch::Contains("unbalanced quote"));
  }
  const auto lenient = run(s, Query::parse("知识产权 \"保护"));
  CHECK_FALSE(lenient.warnings.empty());
}

TEST_CASE("api: facets, paging and sorting", "[api]") {
  TempDir dir;
  libsearch::Searcher s({index_samples(dir)});
  libsearch::SearchRequest req;
  req.built_query = Query();
  req.facets = {"lang", "source", "date", "speaker"};
  req.limit = 5;
  req.sort = libsearch::SortOrder::kDateAscending;
  const auto page1 = s.search(req);
  REQUIRE(page1.hits.size() == 5);
  CHECK(page1.total_exact);
  std::size_t by_lang = 0;
  for (const auto& v : page1.facets.at("lang")) by_lang += v.count;
  CHECK(by_lang == page1.total);
  CHECK(page1.facets.count("speaker") == 1);
  for (std::size_t i = 1; i < page1.hits.size(); ++i)
    CHECK(page1.hits[i - 1].date <= page1.hits[i].date);
  req.offset = 5;
  const auto page2 = s.search(req);
  REQUIRE_FALSE(page2.hits.empty());
  CHECK(page2.hits[0].rank == 6);
  CHECK(page1.hits.back().date <= page2.hits.front().date);
  CHECK(s.describe_query(req) != "");
}

TEST_CASE("api: ShardedIndexWriter and Searcher over shards", "[api]") {
  TempDir dir;
  libsearch::ShardOptions o;
  o.shards = 2;
  {
    libsearch::ShardedIndexWriter w(dir / "sharded", o);
    libsearch::DiagnosticList problems;
    libsearch::read_corpus(libsearch::test::samples_dir(), problems,
                           [&](libsearch::Release&& r) { w.add(std::move(r)); });
    w.commit();
    CHECK(w.counts().added > 0);
  }
  libsearch::Searcher sharded({dir / "sharded"});
  libsearch::Searcher single({index_samples(dir)});
  CHECK(sharded.shards().size() == 2);
  CHECK(run(sharded, Query::words("知识产权")).total == run(single, Query::words("知识产权")).total);
  CHECK(std::string(libsearch::kVersionString) ==
        std::to_string(LIBSEARCH_VERSION_MAJOR) + "." + std::to_string(LIBSEARCH_VERSION_MINOR) +
            "." + std::to_string(LIBSEARCH_VERSION_PATCH));
}
