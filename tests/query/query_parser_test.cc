#include "query/query_parser.h"

#include <string>
#include <utility>
#include <vector>

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
      // Characters in order: passages holding them as one word need no
      // position check.
      {"\"数字人民币\"",
       "Query(((B数字 AND B字人 AND B人民 AND B民币) FILTER (数字人民币 OR ((SYNONYM "
       "((B数字 AND B字人 AND B人民 AND B民币) AND_NOT 数字人民币)) FILTER "
       "(U数@1 PHRASE 5 U字@2 PHRASE 5 U人@3 PHRASE 5 U民@4 PHRASE 5 U币@5)))))"},
      {"\"A股市场\"",
       "Query(((a AND B股市 AND B市场) FILTER (a@1 PHRASE 4 U股@2 PHRASE 4 U市@3 PHRASE 4 "
       "U场@4)))"},
      {"tariffs -steel", "Query((Ztariff AND_NOT Zsteel))"},
      {"lang:zh 疫情", "Query((XLzh AND (疫情 OR 0.5 * B疫情)))"},  // a lexicon word
      {"date:2019-06", "Query(XD201906)"},
      {"date:2018-01-01..2019-06-30", "Query(VALUE_RANGE 0 20180101 20190630)"},
      {"date:2018..2019", "Query(VALUE_RANGE 0 2018 20199999)"},
      {"date:..2019-06", "Query(VALUE_LE 0 20190699)"},
      {"tariffs NOT (steel OR aluminium)",
       "Query((Ztariff AND_NOT (Zsteel OR Zaluminium)))"},
      {"release:mfa-en-t1 lang:en", "Query((XRmfa-en-t1 AND XLen))"},
      // NEAR runs over the positional terms where each operand starts; the
      // operands' own queries give the weight.
      {"tariff NEAR/5 \"trade war\"",
       "Query(((Ztariff AND (trade@1 PHRASE 2 war@2)) FILTER (tariff NEAR 8 trade)))"},
      // An unquoted run as written (issue 16), within 5 characters of 保护.
      {"知识产权 NEAR/5 保护",
       "Query(((((((知识 OR 0.5 * B知识) AND (产权 OR 0.5 * B产权)) FILTER (B知识 AND B识产 "
       "AND B产权)) FILTER (知识产权 OR ((SYNONYM ((((知识 OR 0.5 * B知识) AND (产权 OR 0.5 * "
       "B产权)) FILTER (B知识 AND B识产 AND B产权)) AND_NOT 知识产权)) FILTER (U知@1 PHRASE 4 "
       "U识@2 PHRASE 4 U产@3 PHRASE 4 U权@4)))) AND (保护 OR 0.5 * B保护)) FILTER (U知 NEAR "
       "10 U保)))"},
      {"a NEAR b", "Query(((Za AND Zb) FILTER (a NEAR 12 b)))"},
      {"protect*", "Query(WILDCARD SYNONYM protect)"},
      {"title:Protect*", "Query(WILDCARD SYNONYM Sprotect)"},
      {"speaker:\"Hua Chunying\"", "Query(XPhuachunying)"},
      {"speaker:华春莹", "Query(XPhuachunying)"},
      {"mentions:2022-02", "Query(XM202202)"},
      {"title:\"数字人民币\"",
       // Titles hold no positions: a title phrase needs all of its bigrams.
       "Query((SB数字 AND SB字人 AND SB人民 AND SB民币))"},
      {"title:\"digital RMB\" 合作",
       "Query(((Sdigital AND Srmb) AND (合作 OR 0.5 * B合作)))"},
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
      {"date:2019-06-30..2019-01-01", 5, "bad date"},
      {"date:..", 5, "bad date"},
      {"x NEAR/ab y", 2, "bad \"NEAR/ab\""},
      {"NEAR/3 x", 0, "needs a word or phrase on each side"},
      {"x NEAR/3", 2, "needs a word or phrase on each side"},
      {"x NEAR/3 (y)", 2, "needs a word or phrase on each side"},
      {"数字*", 0, "needs one English word"},
      {"tariffs AND", 11, "ends where a term was expected"},
      {"a ) b", 2, "unbalanced parenthesis"},
      {"speaker:", 0, "needs a value"},
      {"lang:fr", 5, "unknown language"},
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

TEST_CASE("limits hold in every mode: query length and term count", "[query]") {
  libsearch::Analyzer a;
  libsearch::detail::QueryParser p(a, {});
  for (bool strict : {true, false}) {
    CAPTURE(strict);
    const std::string long_query(libsearch::detail::kMaxQueryBytes + 1, 'a');
    try {
      p.parse(long_query, false, strict);
      FAIL("expected QueryError");
    } catch (const libsearch::QueryError& e) {
      CHECK(e.offset() == libsearch::detail::kMaxQueryBytes);
      CHECK(e.reason().find("query too long") != std::string::npos);
    }
    std::string many;
    for (int i = 0; i < 300; ++i) many += "w" + std::to_string(i) + " ";
    try {
      p.parse(many, false, strict);
      FAIL("expected QueryError");
    } catch (const libsearch::QueryError& e) {
      CHECK(e.reason().find("the limit is 256") != std::string::npos);
      CHECK(e.offset() > 0);
    }
    // A long Chinese run is one word but many terms.
    std::string han;
    for (char32_t c = 0x4E00; c < 0x4E00 + 300; ++c) {  // 300 different characters
      han += static_cast<char>(0xE0 | (c >> 12));
      han += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      han += static_cast<char>(0x80 | (c & 0x3F));
    }
    CHECK_THROWS_AS(p.parse(han, false, strict), libsearch::QueryError);
  }
  // Just under the limits is fine.
  std::string ok;
  for (int i = 0; i < 100; ++i) ok += "w" + std::to_string(i) + " ";
  CHECK_NOTHROW(p.parse(ok, true, true));
}

TEST_CASE("prefix searches are recorded for the searcher to expand", "[query]") {
  libsearch::Analyzer a;
  libsearch::detail::QueryParser p(a, {});
  auto parsed = p.parse("tariffs protect* title:Chin*", false, true);
  REQUIRE(parsed.wildcards.size() == 2);
  CHECK(parsed.wildcards[0].offset == 8);
  CHECK(parsed.wildcards[0].fragment == "protect*");
  CHECK(parsed.wildcards[0].prefix == "protect");
  CHECK(parsed.wildcards[1].prefix == "Schin");
  // Degraded, the star is dropped with the rest of the syntax.
  auto degraded = p.parse("protect* \"open", false, false);
  CHECK(degraded.wildcards.empty());
  CHECK(degraded.query.get_description() == "Query((Zprotect AND Zopen))");
}

TEST_CASE("a language filter leaves the other languages out where that is exact",
          "[query]") {
  using libsearch::detail::lang_filter;
  using libsearch::detail::LanguageCounts;
  auto form = [](const std::string& lang, const LanguageCounts& counts) {
    const auto f = lang_filter(lang, counts);
    return std::string(f.excludes ? "not " : "") + f.query.get_description();
  };
  const LanguageCounts mixed = {{"zh", 60}, {"zh-hans", 40}, {"zh-hant", 20}, {"en", 40}};
  CHECK(form("zh", mixed) == "not Query(XLen)");
  CHECK(form("en", mixed) == "not Query(XLzh)");        // 60 others: under twice 40
  CHECK(form("zh-Hans", mixed) == "not Query((XLen OR XLzh-hant))");
  CHECK(form("zh-hant", mixed) == "Query(XLzh-hant)");  // 80 others: over twice 20
  CHECK(form("zh", {}) == "Query(XLzh)");               // nothing known
  CHECK(form("zh", {{"zh", 5}, {"zh-hans", 5}}) == "Query(XLzh)");  // nothing else
  CHECK(form("en", {{"zh", 5}, {"zh-hans", 5}}) == "Query(XLen)");  // not in the index
  // Passages with no language, or with "zh" and no script, are the other
  // languages' too.
  CHECK(form("en", {{"", 3}, {"zh", 5}, {"zh-hans", 5}, {"en", 9}}) ==
        "not Query((XL OR XLzh))");
  CHECK(form("zh-hans", {{"zh", 7}, {"zh-hans", 5}, {"en", 2}}) == "Query(XLzh-hans)");
  // A three-letter code stands apart by its whole code only.
  CHECK(form("zh-hans", {{"zh", 12}, {"zh-hans", 5}, {"zh-hant", 5}, {"zhx", 2}}) ==
        "Query(XLzh-hans)");
  CHECK_THROWS_AS(lang_filter("fr", mixed), libsearch::QueryError);

  libsearch::Analyzer a;
  libsearch::detail::IndexFacts facts;
  facts.languages = mixed;
  libsearch::detail::QueryParser p(a, std::move(facts));
  CHECK(p.parse("lang:zh 疫情", false, true).query.get_description() ==
        "Query(((疫情 OR 0.5 * B疫情) AND_NOT XLen))");
  // Not Chinese: the other languages.
  CHECK(p.parse("-lang:zh 疫情", false, true).query.get_description() ==
        "Query((XLen AND (疫情 OR 0.5 * B疫情)))");
  CHECK(p.parse("lang:zh", false, true).query.get_description() ==
        "Query((<alldocuments> AND_NOT XLen))");
  CHECK(p.parse("speaker:华春莹 美国 香港", true, true).query.get_description() ==
        "Query((((美国 OR 1.5 * B美国) OR (香港 OR 1.5 * B香港)) FILTER XPhuachunying))");
  CHECK(p.parse("speaker:华春莹", true, true).query.get_description() == "Query(XPhuachunying)");
  // Any of the words, still only in Chinese.
  CHECK(p.parse("lang:zh 疫情 香港", true, true).query.get_description() ==
        "Query((((疫情 OR 1.5 * B疫情) OR (香港 OR 1.5 * B香港)) AND_NOT XLen))");
  CHECK(p.parse("(lang:zh OR lang:en) 疫情", false, true).query.get_description() ==
        "Query((((<alldocuments> AND_NOT XLen) OR (<alldocuments> AND_NOT XLzh)) AND "
        "(疫情 OR 0.5 * B疫情)))");
}

TEST_CASE("issue 16: an unquoted Chinese run is its quoted form, ranked by its words",
          "[query]") {
  libsearch::Analyzer a;
  // The parts of the run's loose form give the weight (ANDed, as before);
  // the quoted form's bigrams and phrase restrict, adding none.
  CHECK(parse("贸易战") ==
        "Query(((((贸易 OR 0.5 * B贸易) AND U战) FILTER (B贸易 AND B易战)) FILTER (贸易战 OR "
        "((SYNONYM ((((贸易 OR 0.5 * B贸易) AND U战) FILTER (B贸易 AND B易战)) AND_NOT 贸易战)) "
        "FILTER (U贸@1 PHRASE 3 U易@2 PHRASE 3 U战@3)))))");
  // Letters or digits touching the run belong to it.
  CHECK(parse("5G网络") ==
        "Query((((Z5g AND (网络 OR 0.5 * B网络)) FILTER (5g AND B网络)) FILTER (5g@1 PHRASE 3 "
        "U网@2 PHRASE 3 U络@3)))");
  // Already exact: one character, two characters, a word alone.
  CHECK(parse("国") == "Query(U国)");
  CHECK(parse("中美") == "Query((中美 OR 0.5 * B中美))");
  // ~word: the loose form alone, as before.
  CHECK(parse("~贸易战") == "Query(((贸易 OR 0.5 * B贸易) AND U战))");
  // Runs are numbered as met, and a run the searcher marks loose is searched
  // so.
  libsearch::detail::QueryParser p(a, {});
  p.runs().loose = {1};
  const auto parsed = p.parse("贸易战 美国 发展中国家", false, false);
  REQUIRE(p.runs().runs.size() == 2);
  CHECK(p.runs().runs[0].text == "贸易战");
  CHECK_FALSE(p.runs().runs[0].loose);
  CHECK(p.runs().runs[1].text == "发展中国家");
  CHECK(p.runs().runs[1].loose);
  CHECK(parsed.query.get_description().find("U家@5") == std::string::npos);
  CHECK(parsed.query.get_description().find("U易@2") != std::string::npos);
  // --any keeps loose matching: no phrase.
  CHECK(parse("贸易战", true).find("PHRASE") == std::string::npos);
}

TEST_CASE("issue 16: the top-level words are units a relaxed search may leave out",
          "[query]") {
  libsearch::Analyzer a;
  struct Row {
    const char* query;
    std::vector<std::string> units;
    bool relaxable;
  };
  const Row rows[] = {
      {"贸易战 美国", {"贸易战", "美国"}, true},
      {"intellectual property xyzzy", {"intellectual", "property", "xyzzy"}, true},
      {"\"trade war\" tariffs lang:en -steel", {"\"trade war\"", "tariffs"}, true},
      {"(a OR b) c", {"(a OR b)", "c"}, true},
      {"5G网络 title:通信", {"5G网络", "title:通信"}, true},
      {"a OR b", {}, false},
  };
  for (const Row& r : rows) {
    CAPTURE(r.query);
    libsearch::detail::QueryParser p(a, {});
    const auto parsed = p.parse(r.query, false, false);
    CHECK(parsed.relaxable == r.relaxable);
    if (r.relaxable) CHECK(parsed.units == r.units);
  }
  // A loosened run's units are its words.
  libsearch::detail::QueryParser loose(a, {});
  loose.runs().all_loose = true;
  CHECK(loose.parse("发展中国家 tariffs", false, false).units ==
        std::vector<std::string>{"发展", "中", "国家", "tariffs"});
  // Dropped units are left out; filters and exclusions stay.
  libsearch::detail::QueryParser d(a, {});
  d.drop_units({1});
  CHECK(d.parse("tariffs xyzzy lang:en -steel", false, false).query.get_description() ==
        "Query(((Ztariff AND XLen) AND_NOT Zsteel))");
  CHECK_FALSE(libsearch::detail::QueryParser(a, {}).parse("a b", true, false).relaxable);
}

TEST_CASE("issue 24: under --any words of letters and digits are searched", "[query]") {
  // G20 is a number to ICU (no stem); it was dropped as if its stem stood
  // for it, leaving only Zsummit.
  CHECK(parse("G20", true) == "Query(g20)");
  CHECK(parse("G20 summit", true) == "Query((g20 OR Zsummit))");
  CHECK(parse("summit G20", true) == "Query((Zsummit OR g20))");
  CHECK(parse("G20", false) == parse("G20", true));
}

TEST_CASE("issue 18: under --any question and function words are left out", "[query]") {
  struct Row {
    const char* query;
    const char* description;
  };
  const Row rows[] = {
      // 是否 goes with its bigrams and those it shares with 金 and 受 (B金是,
      // B否受); 资金 and 受 stay.
      {"资金是否受限制", "Query((资金 OR 1.5 * B资金 OR 限制 OR 1.5 * B受限 OR 1.5 * B限制))"},
      {"what is the G20 summit", "Query((g20 OR Zsummit))"},
      {"Whether THE tariffs", "Query(Ztariff)"},
      // Traditional script: folded before the list is consulted.
      {"哪裡補貼", "Query((补贴 OR 1.5 * B补贴))"},
      // Mixed: the English words left out, the Chinese kept.
      {"how 疫情", "Query((疫情 OR 1.5 * B疫情))"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.query);
    CHECK(parse(r.query, true) == r.description);
  }
  // Not under AND: every word must match, so none is left out.
  CHECK(parse("what tariffs", false) == "Query((Zwhat AND Ztariff))");
}
