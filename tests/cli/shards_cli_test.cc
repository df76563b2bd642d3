#include <string>

#include <nlohmann/json.hpp>

#include "cli/cli_support.h"

using libsearch::test::press_index;
using libsearch::test::press_query;
using libsearch::test::run;
using libsearch::test::shell_quote;
using libsearch::test::TempDir;
using nlohmann::json;

TEST_CASE("press-index add --shards writes shards that search like one database", "[cli]") {
  TempDir dir;
  const std::string samples = shell_quote(libsearch::test::samples_dir());
  const std::string single = shell_quote(dir / "single");
  const std::string sharded = shell_quote(dir / "sharded");
  REQUIRE(run(press_index("add --quiet --db " + single + " " + samples)).exit_code == 0);
  auto add = run(press_index("add --db " + sharded + " --shards 3 --jobs 2 " + samples));
  INFO(add.err);
  REQUIRE(add.exit_code == 0);
  CHECK(add.err.find("13 added") != std::string::npos);
  for (const char* q : {"知识产权", "\"digital RMB\"", "营商环境 OR economy", "數字人民幣"}) {
    CAPTURE(q);
    const std::string args = " --format json --limit 100 --facets speaker,lang " + shell_quote(q);
    const json a = json::parse(run(press_query("--db " + single + args)).out);
    const json b = json::parse(run(press_query("--db " + sharded + args)).out);
    CHECK(a["total"] == b["total"]);
    CHECK(a["facets"]["lang"] == b["facets"]["lang"]);
    // Speakers compare by identity: the spelling shown is the one a shard
    // met first, which may differ.
    json sa = a["facets"]["speaker"], sb = b["facets"]["speaker"];
    for (auto* f : {&sa, &sb})
      for (auto& v : *f) v.erase("value");
    CHECK(sa == sb);
    REQUIRE(a["hits"].size() == b["hits"].size());
    for (std::size_t i = 0; i < a["hits"].size(); ++i) {
      CHECK(a["hits"][i]["score"].get<double>() ==
            Approx(b["hits"][i]["score"].get<double>()).epsilon(1e-9));
    }
  }
  // A rerun keeps the shard count and changes nothing.
  auto again = run(press_index("add --db " + sharded + " " + samples));
  CHECK(again.exit_code == 0);
  CHECK(again.err.find("13 unchanged") != std::string::npos);
  // Asking for another count is refused.
  CHECK(run(press_index("add --db " + sharded + " --shards 4 " + samples)).exit_code == 2);
}
