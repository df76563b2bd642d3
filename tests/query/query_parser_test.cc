#include "query/query_parser.h"

#include <string>

#include "libsearch/error.h"
#include "test_support.h"

namespace {

std::string parse(const std::string& q, bool any = false) {
  libsearch::Analyzer a;
  libsearch::detail::QueryParser p(a, {});
  return p.parse(q, any, true).query.get_description();
}

}  // namespace

TEST_CASE("queries parse to the index's terms", "[query]") {
  struct Row {
    const char* query;
    const char* description;
  };
  const Row rows[] = {
      {"protection", "Query(Zprotect)"},
      {"760.37", "Query(760.37)"},
      {"\"intellectual property\"",
       "Query((intellectual@1 PHRASE 2 property@2))"},
      {"国", "Query(U国)"},
      {"\"数字人民币\"",
       "Query(((B数字 AND B字人 AND B人民 AND B民币) FILTER "
       "(U数@1 PHRASE 5 U字@2 PHRASE 5 U人@3 PHRASE 5 U民@4 PHRASE 5 U币@5)))"},
      {"tariffs -steel", "Query((Ztariff AND_NOT Zsteel))"},
      {"lang:zh 疫情", "Query((XLzh AND (疫情 OR 0.5 * B疫情)))"},
      {"date:2019-06", "Query(XD201906)"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.query);
    CHECK(parse(r.query) == r.description);
  }
}

TEST_CASE("malformed queries report their position in strict mode", "[query]") {
  struct Row {
    const char* query;
    std::size_t offset;
    const char* reason_part;
  };
  const Row rows[] = {
      {"tariffs \"open phrase", 8, "unbalanced quote"},
      {"(a OR b", 0, "unbalanced parenthesis"},
      {"spkr:Hua", 0, "unknown field \"spkr:\""},
      {"date:2019-13", 5, "bad date"},
      {"知识产权 spkr:华春莹", 13, "unknown field"},
  };
  libsearch::Analyzer a;
  libsearch::detail::QueryParser p(a, {});
  for (const Row& r : rows) {
    CAPTURE(r.query);
    try {
      p.parse(r.query, false, true);
      FAIL("expected QueryError");
    } catch (const libsearch::QueryError& e) {
      CHECK(e.offset() == r.offset);
      CHECK(e.reason().find(r.reason_part) != std::string::npos);
    }
  }
}

TEST_CASE("without strict, malformed queries degrade to plain terms with a warning",
          "[query]") {
  libsearch::Analyzer a;
  libsearch::detail::QueryParser p(a, {});
  auto parsed = p.parse("tariffs \"open phrase", false, false);
  REQUIRE(parsed.warnings.size() == 1);
  CHECK(parsed.warnings[0].find("query:9: unbalanced quote") != std::string::npos);
  CHECK(parsed.query.get_description() == "Query((Ztariff AND Zopen AND Zphrase))");
}
