#include "libsearch/research.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_support.h"
#include "libsearch/analyzer.h"
#include "libsearch/corpus_reader.h"
#include "libsearch/error.h"
#include "libsearch/index_writer.h"
#include "libsearch/searcher.h"
#include "test_support.h"

namespace {

// The last day of month "YYYY-MM" as "DD" (dates must be real days).
std::string last_day(const std::string& month) {
  const int y = std::stoi(month.substr(0, 4)), m = std::stoi(month.substr(5, 2));
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return std::to_string(m == 2 && leap ? 29 : kDays[m - 1]);
}


using libsearch::test::TempDir;

// Tests of this file that need ../shared exit with this code, which ctest
// reports as skipped (tests/CMakeLists.txt, research_tests).
constexpr int kSkipped = 77;

void require_shared() {
  if (libsearch::test::shared_dir().empty()) {
    std::fprintf(stderr, "skipped: ../shared is not present beside this checkout\n");
    std::exit(kSkipped);
  }
}

void index_path(const std::string& db, const std::string& path) {
  libsearch::IndexWriter writer(db);
  libsearch::DiagnosticList d;
  libsearch::read_corpus(path, d, [&](libsearch::Release&& r) { writer.add(r); });
  REQUIRE(d.errors() == 0);
  writer.commit();
}

std::string fixture() { return libsearch::test::data_dir() + "/research/views.jsonl"; }

libsearch::SearchRequest request(const std::string& q) {
  libsearch::SearchRequest r;
  r.query = q;
  return r;
}

// "release¶paragraph@byte_start-byte_end"
std::vector<std::string> places(const libsearch::Concordance& c) {
  std::vector<std::string> out;
  for (const auto& l : c.lines)
    out.push_back(l.release_id + "¶" + std::to_string(l.paragraph) + "@" +
                  std::to_string(l.byte_start) + "-" + std::to_string(l.byte_end));
  return out;
}

}  // namespace

TEST_CASE("concordance: every occurrence, offsets and context within the passage",
          "[results][research]") {
  TempDir dir;
  index_path(dir / "db", fixture());
  libsearch::Searcher s({dir / "db"});

  // Side by side: two occurrences, not one merged span.
  auto c = libsearch::concordance(s, request("中国"));
  CHECK(c.passages == 1);
  CHECK(c.occurrences == 2);
  CHECK(places(c) == std::vector<std::string>{"rv-zh-1¶0@0-6", "rv-zh-1¶0@6-12"});
  REQUIRE(c.lines.size() == 2);
  CHECK(c.lines[0].left == "");
  CHECK(c.lines[0].node == "中国");
  CHECK(c.lines[0].right == "中国经济发展。");
  CHECK(c.lines[1].left == "中国");
  CHECK(c.lines[1].char_start == 2);
  CHECK(c.lines[1].char_end == 4);
  CHECK(c.lines[1].date == "2020-01-05");
  CHECK(c.lines[1].source == "测试局");

  // No context from the next passage; Traditional text found by Simplified.
  c = libsearch::concordance(s, request("经济"));
  CHECK(places(c) == std::vector<std::string>{"rv-zh-1¶0@12-18", "rv-zh-1¶1@0-6",
                                              "rv-zh-1¶1@15-21", "rv-zh-2¶0@6-12"});
  REQUIRE(c.lines.size() == 4);
  CHECK(c.lines[0].right == "发展。");
  CHECK(c.lines[3].node == "經濟");
  libsearch::ConcordanceOptions two;
  two.context_chars = 2;
  c = libsearch::concordance(s, request("经济"), two);
  CHECK(c.lines[2].left == "作与");
  CHECK(c.lines[2].right == "发展");

  // Other scripts: words of context, what stands between them included.
  libsearch::ConcordanceOptions three;
  three.context_words = 3;
  c = libsearch::concordance(s, request("economy"), three);
  CHECK(c.passages == 3);
  REQUIRE(c.occurrences == 4);
  CHECK(c.lines[1].left == "seven eight nine ");
  CHECK(c.lines[1].right == " ten eleven twelve");
  c = libsearch::concordance(s, request("economy"));
  CHECK(c.lines[1].left == "two three four five six seven eight nine ");
  CHECK(c.lines[1].right == " ten eleven twelve.");
  CHECK(c.lines[0].left == "The ");

  // Sorted by the word left of the node, then the next one.
  libsearch::ConcordanceOptions left;
  left.sort = libsearch::ConcordanceSort::kLeft;
  c = libsearch::concordance(s, request("economy"), left);
  CHECK(places(c) == std::vector<std::string>{"rv-en-1¶1@45-52", "rv-en-1¶0@4-11",
                                              "rv-en-2¶1@4-11", "rv-en-2¶1@34-41"});
  libsearch::ConcordanceOptions by_date;
  by_date.sort = libsearch::ConcordanceSort::kDate;
  c = libsearch::concordance(s, request("economy OR 经济"), by_date);
  REQUIRE(c.lines.size() == 8);
  CHECK(c.lines.front().date == "2020-01-05");
  CHECK(c.lines.back().date.empty());

  // Filters apply; a query of filters alone has nothing to show.
  libsearch::SearchRequest zh = request("经济");
  zh.langs = {"zh-Hant"};
  CHECK(libsearch::concordance(s, zh).occurrences == 1);
  CHECK_THROWS_AS(libsearch::concordance(s, request("lang:en")), libsearch::QueryError);
}

TEST_CASE("timeline: buckets, empty buckets, totals and rates by hand", "[results][research]") {
  TempDir dir;
  index_path(dir / "db", fixture());
  libsearch::Searcher s({dir / "db"});
  libsearch::TimelineOptions o;
  o.unit = libsearch::DateFacet::kMonth;
  auto t = libsearch::timeline(s, {}, {"经济", "economy"}, o);
  REQUIRE(t.series.size() == 2);
  auto dump = [](const libsearch::TimelineSeries& series) {
    std::ostringstream out;
    for (const auto& b : series.buckets)
      out << b.bucket << ":" << b.passages << "/" << b.occurrences << "/" << b.bucket_passages
          << " ";
    return out.str();
  };
  CHECK(dump(t.series[0]) == "2020-01:2/3/2 2020-02:0/0/0 2020-03:1/1/3 ");
  CHECK(t.series[0].total == 3);
  CHECK(t.series[0].occurrences == 4);
  CHECK(t.series[0].buckets[0].rate == 1.0);
  CHECK(t.series[0].buckets[1].rate == 0.0);
  CHECK(t.series[0].buckets[2].rate == Approx(1.0 / 3));
  // Undated passages: an "unknown" bucket, so the buckets sum to the count.
  CHECK(dump(t.series[1]) == "2020-01:0/0/2 2020-02:0/0/0 2020-03:2/2/3 unknown:1/2/2 ");
  CHECK(t.series[1].buckets[3].rate == 0.5);

  o.norm = libsearch::TimelineNorm::kPer10k;
  t = libsearch::timeline(s, {}, {"经济"}, o);
  CHECK(t.series[0].buckets[0].rate == Approx(15000.0));
  CHECK(t.series[0].buckets[2].rate == Approx(10000.0 / 3));

  // Filtered: bucket totals count the filtered passages only.
  o.norm = libsearch::TimelineNorm::kShare;
  o.unit = libsearch::DateFacet::kYear;
  libsearch::SearchRequest en;
  en.langs = {"en"};
  t = libsearch::timeline(s, en, {"economy"}, o);
  CHECK(dump(t.series[0]) == "2020:2/2/2 unknown:1/2/2 ");

  o.by = libsearch::TimelineGroup::kLang;
  t = libsearch::timeline(s, {}, {"经济"}, o);
  REQUIRE(t.series.size() == 2);
  CHECK(t.series[0].group == "zh-Hans");
  CHECK(dump(t.series[0]) == "2020:2/3/2 ");
  CHECK(t.series[1].group == "zh-Hant");
  CHECK(dump(t.series[1]) == "2020:1/1/1 ");

  const std::string svg = libsearch::timeline_svg(t, "经济 <by lang>");
  CHECK(svg.find("<svg") != std::string::npos);
  CHECK(svg.find("经济 &lt;by lang&gt;") != std::string::npos);
  CHECK(svg.find("zh-Hant") != std::string::npos);
}

TEST_CASE("collocates and keywords: counts and measures by hand", "[results][research]") {
  TempDir dir;
  index_path(dir / "db", fixture());
  libsearch::Searcher s({dir / "db"});
  // 7 passages; "economy" in 3 of them. Window 2 around each occurrence:
  // the (2 passages), grew, in, eight, nine, ten, eleven, of, and (1 each).
  libsearch::CollocateOptions o;
  o.window = 2;
  o.min_observed = 1;
  o.limit = 100;
  auto w = libsearch::collocates(s, request("economy"), o);
  CHECK(w.passages == 3);
  CHECK(w.corpus_passages == 7);
  CHECK(w.measure == "logdice");
  std::map<std::string, libsearch::WordScore> by_word;
  for (const auto& i : w.items) by_word[i.word] = i;
  std::set<std::string> words;
  for (const auto& [word, i] : by_word) words.insert(word);
  CHECK(words == std::set<std::string>{"the", "grew", "in", "eight", "nine", "ten", "eleven",
                                       "of", "and"});
  const auto& the = by_word["the"];
  CHECK(the.observed == 2);
  CHECK(the.corpus_frequency == 2);
  CHECK(the.expected == Approx(6.0 / 7));
  CHECK(the.score == Approx(13.678071905112638));  // 14 + log2(2*2 / (3+2))
  CHECK(by_word["grew"].score == Approx(13.0));    // 14 + log2(2*1 / (3+1))
  CHECK(w.items.front().word == "the");
  o.measure = libsearch::AssociationMeasure::kMi;
  w = libsearch::collocates(s, request("economy"), o);
  for (const auto& i : w.items)
    if (i.word == "the") CHECK(i.score == Approx(1.222392421336448));  // log2(2 / (6/7))
  o.measure = libsearch::AssociationMeasure::kLogLikelihood;
  w = libsearch::collocates(s, request("economy"), o);
  // 2 (2 ln(7/3) + ln(7/15) + 4 ln(7/5)): cells 2 1 / 0 4.
  for (const auto& i : w.items)
    if (i.word == "the") CHECK(i.score == Approx(4.556689230424724));
  o.stop_words = {"The", "OF"};
  w = libsearch::collocates(s, request("economy"), o);
  for (const auto& i : w.items) CHECK((i.word != "the" && i.word != "of"));
  CHECK(w.items.size() == 7);
  // Chinese collocates are the analyzer's words, not bigram fragments.
  o.stop_words.clear();
  w = libsearch::collocates(s, request("合作"), o);
  words.clear();
  for (const auto& i : w.items) words.insert(i.word);
  CHECK(words.count("经济") == 1);
  CHECK(words.count("济合") == 0);

  // Keywords of the English passages (4 of 7) against the rest (3):
  // economy in 3 and 0 of them.
  libsearch::SearchRequest en;
  en.releases = {"rv-en-1", "rv-en-2"};
  auto k = libsearch::keywords(s, en);
  REQUIRE(k.items.size() == 1);
  CHECK(k.items[0].word == "economy");
  CHECK(k.items[0].observed == 3);
  CHECK(k.items[0].corpus_frequency == 3);
  CHECK(k.items[0].expected == Approx(12.0 / 7));
  CHECK(k.items[0].score == Approx(3.357694727612536));      // 2 * 3 ln(3 / (12/7))
  CHECK(k.items[0].log_ratio == Approx(2.169925001442312));  // log2((3/4) / (0.5/3))
  CHECK_THROWS_AS(libsearch::keywords(s, {}), libsearch::QueryError);
  // With a language filter the reference is the rest of that language:
  // rv-en-2 (2 passages) against the other 2 English ones.
  libsearch::SearchRequest one;
  one.releases = {"rv-en-2"};
  one.langs = {"en"};
  libsearch::KeywordOptions any;
  any.min_observed = 1;
  k = libsearch::keywords(s, one, any);
  CHECK(k.corpus_passages == 4);
  CHECK(k.passages == 2);
  std::map<std::string, libsearch::WordScore> kw;
  for (const auto& i : k.items) kw[i.word] = i;
  CHECK(kw.count("economy") == 0);  // 1 of 2 here, 2 of 2 in the rest
  REQUIRE(kw.count("region") == 1);
  CHECK(kw["region"].expected == Approx(0.5));
  CHECK(kw["region"].score == Approx(1.3862943611198906));  // 2 ln 2
  CHECK(kw["region"].log_ratio == Approx(1.0));             // log2((1/2) / (0.5/2))
  libsearch::SearchRequest all_en;
  all_en.langs = {"en"};
  CHECK_THROWS_AS(libsearch::keywords(s, all_en), libsearch::QueryError);
}

TEST_CASE("stop word files: comments skipped, a bad line named", "[results][research]") {
  TempDir dir;
  {
    std::ofstream f(dir / "stop.txt");
    f << "# comment\n的\n\n  the \r\nof course\n";
  }
  try {
    libsearch::read_stop_words(dir / "stop.txt");
    FAIL("no error");
  } catch (const libsearch::InputError& e) {
    CHECK(e.line() == 5);
    CHECK(std::string(e.what()).find("\"of course\" is not one word") != std::string::npos);
  }
  {
    std::ofstream f(dir / "stop.txt");
    f << "# comment\n的\n\n  the \r\n";
  }
  CHECK(libsearch::read_stop_words(dir / "stop.txt") == std::vector<std::string>{"的", "the"});
  CHECK_THROWS_AS(libsearch::read_stop_words(dir / "missing.txt"), libsearch::InputError);
}

TEST_CASE("display width counts East Asian wide characters twice", "[results][research]") {
  CHECK(libsearch::display_width("abc") == 3);
  CHECK(libsearch::display_width("中国") == 4);
  CHECK(libsearch::display_width("ＡＢ") == 4);
  CHECK(libsearch::display_width("e\xcc\x81") == 1);  // e + combining acute
  CHECK(libsearch::display_width("“知识”") == 6);     // curly quotes are ambiguous: 1
}

TEST_CASE("press-query --kwic and --timeline print the documented shapes", "[results][research]") {
  using libsearch::test::press_query;
  using libsearch::test::run;
  using libsearch::test::shell_quote;
  TempDir dir;
  index_path(dir / "db", fixture());
  const std::string db = "--db " + shell_quote(dir / "db") + " ";
  auto r = run(press_query(db + "--kwic --format jsonl economy"));
  CHECK(r.exit_code == 0);
  std::istringstream lines(r.out);
  int n = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    const auto j = nlohmann::json::parse(line);
    std::set<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it) keys.insert(it.key());
    CHECK(keys == std::set<std::string>{"release_id", "paragraph", "date", "speaker", "source",
                                        "lang", "left", "node", "right", "byte_start",
                                        "byte_end", "char_start", "char_end"});
  }
  CHECK(n == 4);
  r = run(press_query(db + "--kwic 2 --format csv 中国"));
  CHECK(r.out.rfind("release_id,paragraph,date,speaker,source,lang,left,node,right,byte_start,"
                    "byte_end,char_start,char_end\r\n", 0) == 0);
  CHECK(r.out.find(",,中国,中国,") != std::string::npos);
  r = run(press_query(db + "--kwic 中国"));
  CHECK(r.out.rfind("2 occurrences in 1 passage for 中国\n", 0) == 0);

  r = run(press_query(db + "--timeline month --format json --plot " + shell_quote(dir / "t.svg") +
                      " 经济 economy"));
  CHECK(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["unit"] == "month");
  CHECK(j["norm"] == "share");
  REQUIRE(j["series"].size() == 2);
  CHECK(j["series"][0]["query"] == "经济");
  CHECK(j["series"][0]["total"] == 3);
  CHECK(j["series"][0]["buckets"][0] == nlohmann::json{{"bucket", "2020-01"},
                                                       {"passages", 2},
                                                       {"occurrences", 3},
                                                       {"bucket_passages", 2},
                                                       {"rate", 1.0}});
  CHECK(libsearch::test::slurp(dir / "t.svg").find("<polyline") != std::string::npos);

  r = run(press_query(db + "--collocates --window 2 --min-count 1 --format json economy"));
  CHECK(r.exit_code == 0);
  const auto cj = nlohmann::json::parse(r.out);
  CHECK(cj["measure"] == "logdice");
  REQUIRE(!cj["items"].empty());
  std::set<std::string> item_keys;
  for (auto it = cj["items"][0].begin(); it != cj["items"][0].end(); ++it) item_keys.insert(it.key());
  CHECK(item_keys ==
        std::set<std::string>{"word", "observed", "expected", "corpus_frequency", "score"});
  r = run(press_query(db + "--keywords --release rv-en-1 --release rv-en-2 --format csv"));
  CHECK(r.out.rfind("word,observed,expected,corpus_frequency,score,log_ratio\r\neconomy,3,", 0) == 0);
  r = run(press_query(db + "--collocates --stopwords " + shell_quote(dir / "none.txt") + " economy"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("none.txt") != std::string::npos);

  r = run(press_query(db + "--timeline week 经济"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--timeline must be year, month or day, not \"week\"") != std::string::npos);
  r = run(press_query(db + "--kwic --sort relevance 经济"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--sort must be left, right, date, speaker or source") != std::string::npos);
  r = run(press_query(db + "--norm raw 经济"));
  CHECK(r.exit_code == 2);
}

namespace {

// The first `n` releases of each file of ../shared/corpus/real.
std::string real_subset(const TempDir& dir, std::size_t n) {
  const std::string out = dir / "real";
  std::filesystem::create_directories(out);
  for (const auto& e : std::filesystem::directory_iterator(libsearch::test::shared_dir() +
                                                           "/corpus/real")) {
    if (e.path().extension() != ".jsonl") continue;
    std::ifstream in(e.path());
    std::ofstream copy(out + "/" + e.path().filename().string());
    std::string line;
    for (std::size_t i = 0; i < n && std::getline(in, line); ++i) copy << line << "\n";
  }
  return out;
}

bool han(const std::string& s) { return !s.empty() && static_cast<unsigned char>(s[0]) >= 0xE3; }

// Folded as the analyzer folds; Chinese without the spaces the analyzer
// reads through (stray spaces between characters in the sources).
std::string fold(const std::string& s, bool chinese) {
  std::string f = libsearch::normalize_text(s);
  if (!chinese) return f;
  std::string out;
  for (char c : f)
    if (c != ' ') out += c;
  return out;
}

// A node folded: English possessives ('s, ’s) are part of the word as
// written but not of the word the analyzer indexes.
std::string node_fold(const std::string& node, bool chinese) {
  std::string f = fold(node, chinese);
  for (const std::string suffix : {"'s", "\u2019s"})
    if (!chinese && f.size() > suffix.size() &&
        f.compare(f.size() - suffix.size(), suffix.size(), suffix) == 0)
      f.resize(f.size() - suffix.size());
  return f;
}

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// Occurrences of `needle` in `text` (both folded), found by plain string
// search, not overlapping; for words of other scripts only where they stand
// as whole words.
std::size_t scan(const std::string& text, const std::string& needle, bool chinese) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at)) {
    const std::size_t end = at + needle.size();
    const bool whole = chinese || ((at == 0 || !word_char(text[at - 1])) &&
                                   (end == text.size() || !word_char(text[end])));
    if (whole) {
      ++n;
      at = end;
    } else {
      ++at;
    }
  }
  return n;
}

}  // namespace

TEST_CASE("real releases: concordance rows are the occurrences a scan of the passages finds",
          "[results][research][real]") {
  require_shared();
  TempDir dir;
  index_path(dir / "db", real_subset(dir, 300));
  libsearch::Searcher s({dir / "db"});
  // Phrases and single words, Simplified and Traditional, Chinese and English.
  for (const std::string phrase : {"经济", "合作", "中美关系", "台湾", "人民", "united states",
                                   "cooperation", "president"}) {
    CAPTURE(phrase);
    const bool chinese = han(phrase);
    const std::string q = "\"" + phrase + "\"";
    libsearch::SearchRequest req = request(q);
    const auto kwic = libsearch::concordance(s, req);
    // The passages a search finds, and in them the occurrences a scan finds.
    req.limit = 1000000;
    req.highlight = false;
    req.exact_total = true;
    const auto hits = s.search(req);
    CHECK(kwic.passages == hits.total);
    std::map<std::string, std::size_t> scanned, rows;
    std::map<std::string, std::string> texts;
    std::size_t total = 0;
    const std::string needle = fold(phrase, chinese);
    for (const auto& h : hits.hits) {
      const std::string key = h.release_id + "¶" + std::to_string(h.paragraph);
      const std::size_t n = scan(fold(h.text, chinese), needle, chinese);
      scanned[key] += n;
      texts[key] = h.text;
      total += n;
    }
    for (const auto& l : kwic.lines) {
      rows[l.release_id + "¶" + std::to_string(l.paragraph)]++;
      CHECK(node_fold(l.node, chinese) == needle);
    }
    CHECK(kwic.occurrences == total);
    std::vector<std::string> differ;
    for (const auto& [key, n] : scanned)
      if (rows[key] != n)
        differ.push_back(key + ": " + std::to_string(rows[key]) + " rows, " +
                         std::to_string(n) + " scanned in " + texts[key]);
    CHECK(differ == std::vector<std::string>{});
    CHECK(total > 0);
  }
}

TEST_CASE("real releases: timeline buckets sum to the count and rates are counts over totals",
          "[results][research][real]") {
  require_shared();
  TempDir dir;
  index_path(dir / "db", real_subset(dir, 300));
  libsearch::Searcher s({dir / "db"});
  for (const auto unit : {libsearch::DateFacet::kYear, libsearch::DateFacet::kMonth}) {
    for (const bool filtered : {false, true}) {
      CAPTURE(static_cast<int>(unit), filtered);
      libsearch::SearchRequest base;
      if (filtered) base.langs = {"zh"};
      libsearch::TimelineOptions o;
      o.unit = unit;
      const std::vector<std::string> queries{"\"经济\"", "发展", "cooperation", "\"台湾\""};
      const auto t = libsearch::timeline(s, base, queries, o);
      REQUIRE(t.series.size() == queries.size());
      for (const auto& series : t.series) {
        CAPTURE(series.query);
        libsearch::SearchRequest count = base;
        count.query = series.query;
        count.limit = 0;
        count.exact_total = true;
        std::size_t sum = 0;
        for (const auto& b : series.buckets) {
          sum += b.passages;
          CHECK(b.passages <= b.bucket_passages);
          if (b.bucket_passages > 0)
            CHECK(b.rate == Approx(static_cast<double>(b.passages) /
                                   static_cast<double>(b.bucket_passages)));
          else
            CHECK(b.rate == 0.0);
        }
        CHECK(sum == s.search(count).total);
        CHECK(series.total == sum);
        // Each bucket's total: the passages of its dates, counted by a
        // date-range search.
        for (const auto& b : series.buckets) {
          if (b.bucket == "unknown") continue;
          libsearch::SearchRequest all = base;
          all.limit = 0;
          all.exact_total = true;
          all.from = b.bucket.size() == 4 ? b.bucket + "-01-01" : b.bucket + "-01";
          all.to = b.bucket.size() == 4 ? b.bucket + "-12-31" : b.bucket + "-" + last_day(b.bucket);
          CHECK(s.search(all).total == b.bucket_passages);
        }
      }
    }
  }
}
