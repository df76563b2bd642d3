#include <map>
#include <set>
#include <string>
#include <vector>

#include "libsearch/corpus_reader.h"
#include "libsearch/error.h"
#include "libsearch/index_writer.h"
#include "libsearch/searcher.h"
#include "test_support.h"

namespace {

using libsearch::test::TempDir;

// Indexes the project's sample corpus into `dir`.
void index_samples(const std::string& db) {
  libsearch::IndexWriter writer(db);
  libsearch::DiagnosticList d;
  libsearch::read_corpus(libsearch::test::samples_dir(), d,
                         [&](libsearch::Release&& r) { writer.add(r); });
  REQUIRE(d.errors() == 0);
  writer.commit();
}

libsearch::SearchResults search(libsearch::Searcher& s, const std::string& q,
                                std::size_t limit = 10) {
  libsearch::SearchRequest req;
  req.query = q;
  req.limit = limit;
  return s.search(req);
}

std::string highlighted(const libsearch::Hit& h) {
  std::string out;
  for (const auto& s : h.highlights) {
    if (!out.empty()) out += "|";
    out += h.text.substr(s.byte_start, s.byte_end - s.byte_start);
  }
  return out;
}

}  // namespace

TEST_CASE("round trip: Chinese words find their passage, highlighted", "[index]") {
  TempDir dir;
  index_samples(dir / "db");
  libsearch::Searcher s({dir / "db"});
  auto res = search(s, "知识产权");
  REQUIRE_FALSE(res.hits.empty());
  for (const auto& h : res.hits) {
    const bool found = h.text.find("知识产权") != std::string::npos ||
                       h.text.find("知識產權") != std::string::npos;
    CHECK(found);
    CHECK(highlighted(h).find("知") != std::string::npos);
  }
}

TEST_CASE("round trip: Traditional and Simplified find each other", "[index]") {
  TempDir dir;
  index_samples(dir / "db");
  libsearch::Searcher s({dir / "db"});
  auto simp = search(s, "\"数字人民币\"", 50);
  auto trad = search(s, "\"數字人民幣\"", 50);
  REQUIRE(simp.hits.size() == trad.hits.size());
  bool saw_hant = false, saw_hans = false;
  for (const auto& h : trad.hits) {
    saw_hant = saw_hant || h.lang == "zh-Hant";
    saw_hans = saw_hans || h.lang == "zh-Hans";
    if (h.lang == "zh-Hant") CHECK(highlighted(h).find("數字人民幣") != std::string::npos);
  }
  CHECK(saw_hant);
  CHECK(saw_hans);
}

TEST_CASE("round trip: English phrase and stems", "[index]") {
  TempDir dir;
  index_samples(dir / "db");
  libsearch::Searcher s({dir / "db"});
  auto phrase = search(s, "\"digital RMB\"");
  REQUIRE_FALSE(phrase.hits.empty());
  for (const auto& h : phrase.hits) {
    CHECK(h.lang == "en");
    CHECK(highlighted(h).find("digital RMB") != std::string::npos);
  }
  // "protect" finds "protection" through the stem.
  auto stem = search(s, "protect");
  REQUIRE_FALSE(stem.hits.empty());
}

TEST_CASE("round trip: a substring that cuts ICU's words is still found", "[index]") {
  TempDir dir;
  index_samples(dir / "db");
  libsearch::Searcher s({dir / "db"});
  // "字人民" straddles ICU's 数字 / 人民币.
  auto res = search(s, "\"字人民\"");
  REQUIRE_FALSE(res.hits.empty());
  for (const auto& h : res.hits) CHECK(highlighted(h).find("字人民") != std::string::npos);
}

TEST_CASE("round trip: filters by language, date and release", "[index]") {
  TempDir dir;
  index_samples(dir / "db");
  libsearch::Searcher s({dir / "db"});
  libsearch::SearchRequest req;
  req.query = "";
  req.langs = {"zh-Hant"};
  req.limit = 100;
  auto res = s.search(req);
  REQUIRE_FALSE(res.hits.empty());
  for (const auto& h : res.hits) CHECK(h.lang == "zh-Hant");

  req = {};
  req.from = "2024-03-01";
  req.to = "2024-03-31";
  req.limit = 100;
  res = s.search(req);
  REQUIRE_FALSE(res.hits.empty());
  for (const auto& h : res.hits) {
    CHECK(h.date >= "2024-03-01");
    CHECK(h.date <= "2024-03-31");
  }
}

TEST_CASE("a language filter finds exactly the passages in that language", "[index]") {
  TempDir dir;
  index_samples(dir / "db");
  libsearch::Searcher s({dir / "db"});
  auto passages = [&](const std::string& query, const std::vector<std::string>& langs,
                      bool any = false) {
    libsearch::SearchRequest req;
    req.query = query;
    req.any = any;
    req.langs = langs;
    req.limit = 10000;
    req.exact_total = true;
    const auto res = s.search(req);
    CHECK(res.total == res.hits.size());
    std::map<std::string, std::string> out;  // passage -> its language
    for (const auto& h : res.hits) out[h.release_id + "#" + std::to_string(h.paragraph)] = h.lang;
    return out;
  };
  const auto all = passages("", {});
  for (const std::string query : {"", "(的 OR the)"}) {
    const auto unfiltered = passages(query, {});
    for (const std::string lang : {"zh", "en", "zh-Hans", "zh-Hant"}) {
      std::map<std::string, std::string> expected;
      for (const auto& [p, l] : unfiltered)
        if (l.compare(0, lang.size(), lang) == 0) expected[p] = l;
      CAPTURE(query, lang);
      CHECK_FALSE(expected.empty());
      CHECK(passages(query, {lang}) == expected);
      CHECK(passages(query + " lang:" + lang, {}) == expected);
      // Not in the language: every other passage.
      auto rest = unfiltered;
      for (const auto& [p, l] : expected) rest.erase(p);
      CHECK(passages(query + " -lang:" + lang, {}) == rest);
    }
  }
  // With any-word matching the words are ORed, and a filter still applies.
  // (Not 的 and the: any-word matching leaves question and function words
  // out.)
  const auto either = passages("(国 OR intellectual)", {});
  CHECK(passages("国 intellectual", {}, true) == either);
  std::map<std::string, std::string> chinese;
  for (const auto& [p, l] : either)
    if (l.compare(0, 2, "zh") == 0) chinese[p] = l;
  CHECK_FALSE(chinese.empty());
  CHECK(chinese.size() < either.size());
  CHECK(passages("国 intellectual lang:zh", {}, true) == chinese);
  CHECK(passages("国 lang:zh intellectual", {}, true) == chinese);
  // The samples are mostly Chinese: Chinese and English are filtered by
  // leaving the other language out (see LanguageFilter).
  CHECK(s.describe_query([] {
          libsearch::SearchRequest r;
          r.query = "lang:zh";
          return r;
        }()).find("AND_NOT XLen") != std::string::npos);
  CHECK(all.size() > 20);
}

TEST_CASE("re-adding an unchanged release changes nothing, and a changed one is replaced",
          "[index]") {
  TempDir dir;
  libsearch::Release r;
  r.id = "t-1";
  r.lang = "en";
  r.title = "Title";
  r.date = "2024-01-02";
  r.body.push_back({libsearch::Paragraph::Kind::kText, "First paragraph about tariffs.", 1});
  {
    libsearch::IndexWriter w(dir / "db");
    CHECK(w.add(r) == libsearch::AddOutcome::kAdded);
    CHECK(w.add(r) == libsearch::AddOutcome::kUnchanged);
    r.body[0].text = "First paragraph about subsidies.";
    CHECK(w.add(r) == libsearch::AddOutcome::kUpdated);
    w.commit();
  }
  libsearch::Searcher s({dir / "db"});
  CHECK(search(s, "tariffs").hits.empty());
  CHECK(search(s, "subsidies").hits.size() == 1);
}

TEST_CASE("a second writer gets a clear lock error", "[index]") {
  TempDir dir;
  libsearch::IndexWriter first(dir / "db");
  CHECK_THROWS_AS(libsearch::IndexWriter(dir / "db"), libsearch::LockedError);
}

TEST_CASE("a missing database is a clear error", "[index]") {
  TempDir dir;
  try {
    libsearch::Searcher s({dir / "nope"});
    FAIL("expected IndexError");
  } catch (const libsearch::IndexError& e) {
    CHECK(std::string(e.what()).find("no such database") != std::string::npos);
  }
}

TEST_CASE("a short passage outranks a long one with the word as often, and explain counts occurrences",
          "[index]") {
  TempDir dir;
  auto release = [](const std::string& id, const std::string& text) {
    libsearch::Release r;
    r.id = id;
    r.lang = "en";
    r.title = "Notice";
    r.date = "2024-05-01";
    r.source = "Test Office";
    r.body.push_back({libsearch::Paragraph::Kind::kText, text, 1});
    return r;
  };
  std::string filler;
  for (int i = 0; i < 300; ++i) filler += " word" + std::to_string(i);
  {
    libsearch::IndexWriter w(dir / "db");
    w.add(release("long", "Tariffs were discussed." + filler));
    w.add(release("short", "Tariffs were discussed today."));
    w.add(release("thrice", "Tariffs, tariffs and more tariffs were discussed." + filler));
    w.commit();
  }
  libsearch::Searcher s({dir / "db"});
  libsearch::SearchRequest req;
  req.query = "tariffs";
  req.explain = true;
  const auto res = s.search(req);
  REQUIRE(res.hits.size() == 3);
  std::map<std::string, double> score;
  for (const auto& h : res.hits) {
    score[h.release_id] = h.score;
    REQUIRE(h.matched_terms.size() == 1);
    CHECK(h.matched_terms[0].term == "Ztariff");
    CHECK(h.matched_terms[0].wdf == (h.release_id == "thrice" ? 3u : 1u));
  }
  CHECK(score["short"] > score["long"]);
  CHECK(score["thrice"] > score["long"]);
}

TEST_CASE("issue 18: any-term hits rank releases, and explain adds up their scores", "[index]") {
  TempDir dir;
  index_samples(dir / "db");
  libsearch::Searcher s({dir / "db"});
  libsearch::SearchRequest req;
  req.query = "知识产权保护有哪些新的措施？";
  req.any = true;
  req.per_release = 1;
  req.explain = true;
  const auto res = s.search(req);
  REQUIRE(res.hits.size() >= 2);
  CHECK(res.question_words == std::vector<std::string>{"有", "哪些"});
  std::set<std::string> releases;
  double previous = res.hits.front().score;
  for (const auto& h : res.hits) {
    CAPTURE(h.release_id, h.paragraph);
    CHECK(releases.insert(h.release_id).second);  // one hit per release
    CHECK(h.score <= previous);
    previous = h.score;
    REQUIRE(h.release_score);
    const libsearch::ReleaseScore& r = *h.release_score;
    CHECK(r.passages >= 1);
    CHECK(r.release_weight > 0);
    CHECK(h.score == Approx(r.passage_factor * r.passage_weight +
                            r.release_factor * r.release_weight));
    double terms = 0;
    for (const auto& t : h.matched_terms) {
      CHECK(t.factor >= 1);
      CHECK(t.term.find("哪") == std::string::npos);  // left out
      terms += t.factor * t.weight;
    }
    CHECK(terms == Approx(r.passage_weight));
  }
  // Pages are slices of one order.
  req.explain = false;
  req.limit = 100;
  std::vector<std::string> order;
  for (const auto& h : s.search(req).hits) order.push_back(h.release_id);
  std::vector<std::string> paged;
  req.limit = 2;
  for (req.offset = 0; req.offset < order.size(); req.offset += 2)
    for (const auto& h : s.search(req).hits) paged.push_back(h.release_id);
  CHECK(paged == order);
  req.offset = 0;
  req.limit = 10;
  req.explain = true;
  // Passages (no limit per release): each scored on its own, explained by
  // its terms alone.
  req.per_release = 0;
  for (const auto& h : s.search(req).hits) {
    CHECK_FALSE(h.release_score);
    double terms = 0;
    for (const auto& t : h.matched_terms) terms += t.factor * t.weight;
    CHECK(terms == Approx(h.score));
  }
  // Keyword queries are as they were: no factors, no release scores.
  req.any = false;
  req.per_release = 1;
  req.query = "知识产权";
  const auto keyword = s.search(req);
  REQUIRE_FALSE(keyword.hits.empty());
  CHECK(keyword.question_words.empty());
  for (const auto& h : keyword.hits) {
    CHECK_FALSE(h.release_score);
    for (const auto& t : h.matched_terms) CHECK(t.factor == 1);
  }
}
