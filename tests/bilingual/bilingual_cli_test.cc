// press-index and press-query on linked releases: add links, show and stats
// list them, and every output format carries counterparts.
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/cli_support.h"
#include "test_support.h"

namespace {

using libsearch::test::press_index;
using libsearch::test::press_query;
using libsearch::test::run;
using libsearch::test::shell_quote;
using libsearch::test::TempDir;

std::string fixture(const std::string& name) {
  return shell_quote(libsearch::test::data_dir() + "/bilingual/" + name);
}

}  // namespace

TEST_CASE("cli: add links, show and stats list the counterpart", "[bilingual][cli]") {
  TempDir dir;
  const std::string db = shell_quote(dir / "db");
  auto r = run(press_index("add --db " + db + " " + fixture("zh.jsonl")));
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("0 Chinese/English pairs linked") != std::string::npos);
  r = run(press_index("add --db " + db + " " + fixture("en.jsonl")));
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("1 Chinese/English pairs linked; 10 of their passages have a counterpart, "
                   "3 have none") != std::string::npos);
  r = run(press_index("show --db " + db + " fixture-zh-0312"));
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("counterpart: fixture-en-0312") != std::string::npos);
  CHECK(r.out.find("[3] (unnamed) (journalist) <-> (none)") != std::string::npos);
  CHECK(r.out.find("<-> [3]") != std::string::npos);
  r = run(press_index("show --format json --db " + db + " fixture-en-0312"));
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["counterpart"] == "fixture-zh-0312");
  CHECK(j["passages"][3]["counterpart_paragraphs"] == nlohmann::json::array({5}));
  r = run(press_index("stats --format json --db " + db));
  REQUIRE(r.exit_code == 0);
  CHECK(nlohmann::json::parse(r.out)["linked_releases"] == 2);
  r = run(press_index("remove --db " + db + " fixture-en-0312"));
  REQUIRE(r.exit_code == 0);
  r = run(press_index("stats --format json --db " + db));
  CHECK(nlohmann::json::parse(r.out)["linked_releases"] == 0);
  r = run(press_index("link --db " + db + " extra"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("link takes no arguments besides --db") != std::string::npos);
}

TEST_CASE("cli: --with-counterpart in text, JSON, JSONL and CSV, --no-counterpart and --in",
          "[bilingual][cli]") {
  TempDir dir;
  const std::string db = shell_quote(dir / "db");
  REQUIRE(run(press_index("add -q --db " + db + " " + fixture("zh.jsonl") + " " +
                          fixture("en.jsonl")))
              .exit_code == 0);
  auto r = run(press_query("--db " + db + " --with-counterpart 筹备"));
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("      [fixture-en-0312 ¶3, confidence ") != std::string::npos);
  CHECK(r.out.find("      Q: How are the preparations") != std::string::npos);
  r = run(press_query("--db " + db + " --format json --with-counterpart WHO"));
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(!j["hits"].empty());
  for (const auto& h : j["hits"]) {
    REQUIRE(h.contains("counterpart"));
    REQUIRE(h["counterpart"].is_object());
    CHECK(h["counterpart"]["release_id"] != h["release_id"]);
    CHECK(h["counterpart"]["confidence"].get<double>() >= 0.5);
  }
  // A passage the English dropped: null.
  r = run(press_query("--db " + db + " --format jsonl --with-counterpart 军费"));
  REQUIRE(r.exit_code == 0);
  j = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
  CHECK(j["counterpart"].is_null());
  r = run(press_query("--db " + db + " --format csv --with-counterpart 军费"));
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.substr(0, r.out.find('\r')).find(",counterpart") != std::string::npos);
  // Without the flag, no counterpart column.
  r = run(press_query("--db " + db + " --format json WHO"));
  CHECK(!nlohmann::json::parse(r.out)["hits"][0].contains("counterpart"));
  r = run(press_query("--db " + db + " --format json --no-counterpart --limit 10"));
  REQUIRE(r.exit_code == 0);
  j = nlohmann::json::parse(r.out);
  CHECK(j["total"] == 3);
  r = run(press_query("--db " + db + " --format json --in en --per-release 0 preparations"));
  REQUIRE(r.exit_code == 0);
  j = nlohmann::json::parse(r.out);
  REQUIRE(j["hits"].size() == 2);  // the English question and its answer
  std::set<int> paragraphs;
  for (const auto& h : j["hits"]) {
    CHECK(h["release_id"] == "fixture-zh-0312");
    CHECK(h["counterpart"]["release_id"] == "fixture-en-0312");
    paragraphs.insert(h["paragraph"].get<int>());
  }
  CHECK(paragraphs == std::set<int>{5, 6});
  r = run(press_query("--db " + db + " --in fr preparations"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--in \"fr\" is not zh, en, zh-Hans or zh-Hant") != std::string::npos);
}
