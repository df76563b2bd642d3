#include <string>

#include <nlohmann/json.hpp>

#include "cli/cli_support.h"

using libsearch::test::press_index;
using libsearch::test::press_query;
using libsearch::test::run;
using libsearch::test::shell_quote;
using libsearch::test::TempDir;
using nlohmann::json;

namespace {

std::string samples() { return shell_quote(libsearch::test::samples_dir()); }
std::string data(const std::string& name) {
  return shell_quote(libsearch::test::data_dir() + "/corpus/" + name);
}

}  // namespace

TEST_CASE("press-index add, then press-query in every format", "[cli]") {
  TempDir dir;
  const std::string db = shell_quote(dir / "db");
  auto add = run(press_index("add --db " + db + " " + samples()));
  INFO(add.err);
  REQUIRE(add.exit_code == 0);
  CHECK(add.err.find("added") != std::string::npos);

  auto q = run(press_query("--db " + db + " --format json 知识产权"));
  REQUIRE(q.exit_code == 0);
  const json j = json::parse(q.out);
  for (const char* key : {"query", "total", "hits", "facets", "warnings"})
    CHECK(j.contains(key));
  REQUIRE_FALSE(j["hits"].empty());
  const json& hit = j["hits"][0];
  for (const char* key : {"rank", "score", "release_id", "paragraph", "title", "date", "source",
                          "lang", "url", "speaker", "text", "highlights"})
    CHECK(hit.contains(key));
  REQUIRE_FALSE(hit["highlights"].empty());
  const auto start = hit["highlights"][0]["byte_start"].get<std::size_t>();
  const auto end = hit["highlights"][0]["byte_end"].get<std::size_t>();
  const std::string text = hit["text"];
  const std::string marked = text.substr(start, end - start);
  CHECK((marked == "知识产权" || marked == "知識產權"));

  auto jl = run(press_query("--db " + db + " --format jsonl --limit 5 \"digital RMB\""));
  REQUIRE(jl.exit_code == 0);
  std::istringstream lines(jl.out);
  int n = 0;
  for (std::string line; std::getline(lines, line); ++n) CHECK_NOTHROW(json::parse(line));
  CHECK(n >= 1);

  auto csv = run(press_query("--db " + db + " --format csv --limit 3 营商环境"));
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out.rfind("rank,score,release_id,paragraph,title,date,source,lang,url", 0) == 0);

  auto plain = run(press_query("--db " + db + " tariffs OR 营商环境"));
  CHECK(plain.exit_code == 0);
  CHECK(plain.out.find("**") != std::string::npos);  // highlights without a terminal
}

TEST_CASE("press-query exit codes: 1 without hits, 2 on errors", "[cli]") {
  TempDir dir;
  const std::string db = shell_quote(dir / "db");
  REQUIRE(run(press_index("add --db " + db + " " + samples())).exit_code == 0);
  CHECK(run(press_query("--db " + db + " zzzyyyxxx")).exit_code == 1);
  auto missing = run(press_query("--db " + shell_quote(dir / "nope") + " tariffs"));
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("no such database") != std::string::npos);
  auto bad = run(press_query("--db " + db + " --strict 'spkr:Hua'"));
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("press-query: query:1: unknown field \"spkr:\"") != std::string::npos);
  auto degraded = run(press_query("--db " + db + " --format json '营商环境 ('"));
  CHECK(degraded.exit_code == 0);
  CHECK(json::parse(degraded.out)["warnings"].size() == 1);
  CHECK(run(press_query("--db " + db + " --format xml x")).exit_code == 2);
  auto help = run(press_query("--help"));
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("Usage") != std::string::npos);
}

TEST_CASE("press-index reports bad input as path:line and exits 1", "[cli]") {
  TempDir dir;
  const std::string db = shell_quote(dir / "db");
  auto r = run(press_index("add --db " + db + " " + data("bad_line.jsonl") + " " +
                           data("duplicate_id.jsonl") + " " + data("good.xml")));
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("bad_line.jsonl:2:") != std::string::npos);
  CHECK(r.err.find("duplicate_id.jsonl:3: duplicate id \"dup-001\"") != std::string::npos);
  // The good releases of every file are indexed.
  auto stats = run(press_index("stats --db " + db + " --format json"));
  REQUIRE(stats.exit_code == 0);
  CHECK(json::parse(stats.out)["releases"].get<int>() == 6);
}

TEST_CASE("press-index show prints a release with its passages", "[cli]") {
  TempDir dir;
  const std::string db = shell_quote(dir / "db");
  REQUIRE(run(press_index("add --db " + db + " " + data("good.xml"))).exit_code == 0);
  auto show = run(press_index("show --db " + db + " --format json good-xml-en"));
  REQUIRE(show.exit_code == 0);
  const json j = json::parse(show.out);
  for (const char* key : {"release_id", "title", "date", "source", "lang", "url", "passages"})
    CHECK(j.contains(key));
  REQUIRE(j["passages"].size() == 4);
  for (const char* key : {"paragraph", "speaker", "text"}) CHECK(j["passages"][0].contains(key));
  CHECK(run(press_index("show --db " + db + " no-such-id")).exit_code == 1);
  CHECK(run(press_index("frobnicate")).exit_code == 2);
  CHECK(run(press_index("add --db " + db)).exit_code == 2);
}

TEST_CASE("the real corpus: Chinese and English queries find the right passages", "[cli][real]") {
  LIBSEARCH_REQUIRE_SHARED();
  TempDir dir;
  const std::string db = shell_quote(dir / "db");
  const std::string shared = libsearch::test::shared_dir();
  auto add = run(press_index("add --db " + db + " " + shell_quote(shared + "/corpus/real") + " " +
                             shell_quote(shared + "/corpus/seed")));
  INFO(add.err);
  REQUIRE(add.exit_code == 0);
  auto zh = run(press_query("--db " + db + " --format json 知识产权"));
  REQUIRE(zh.exit_code == 0);
  // Named: a range-for over a member of a temporary reads freed memory.
  const json zh_json = json::parse(zh.out);
  for (const auto& h : zh_json["hits"]) {
    const std::string t = h["text"];
    CHECK((t.find("知识产权") != std::string::npos || t.find("知識產權") != std::string::npos));
  }
  auto en = run(press_query("--db " + db + " --format json --limit 1 \"digital RMB\" pilot"));
  REQUIRE(en.exit_code == 0);
  const json hit = json::parse(en.out)["hits"][0];
  CHECK(hit["release_id"] == "000_48e2b8906d70f57b");
  CHECK(std::string(hit["text"]).find("pilot program of digital RMB") != std::string::npos);
}
