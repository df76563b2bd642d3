// Issue 16 on real releases: an unquoted run of Chinese characters matches
// exactly the passages its quoted form matches, its highlights are the run,
// and facet counts of a Chinese word are the passages that hold it.
//
// Needs ../shared/corpus/real; without it the program exits with status 77,
// which ctest reports as skipped. With LIBSEARCH_EXACT_RUNS_OUT set, the
// sampled strings are written there, one a line (for before/after counts
// with press-query --queries).
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#define CATCH_CONFIG_RUNNER
#include "index/passage_record.h"
#include "libsearch/analyzer.h"
#include "libsearch/corpus_reader.h"
#include "libsearch/index_writer.h"
#include "libsearch/searcher.h"
#include "test_support.h"

namespace {

using libsearch::test::TempDir;

// Code points of UTF-8 `s` with their byte offsets.
std::vector<std::pair<char32_t, std::size_t>> code_points(const std::string& s) {
  std::vector<std::pair<char32_t, std::size_t>> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.emplace_back(cp, i);
    i += n;
  }
  return out;
}

bool is_han(char32_t c) { return c >= 0x4E00 && c <= 0x9FFF; }

// Folded as the index folds (NFKC case fold, Traditional to Simplified),
// white space removed: ICU joins Chinese characters across stray spaces.
std::string folded(const std::string& s) {
  std::string f = libsearch::normalize_text(s), out;
  for (char c : f)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out.push_back(c);
  std::string no_ideographic;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out.compare(i, 3, "\xE3\x80\x80") == 0) {
      i += 2;
      continue;
    }
    no_ideographic.push_back(out[i]);
  }
  return no_ideographic;
}

struct Sample {
  std::string text;       // as written in the release
  std::string release_id;
  bool traditional = false;
  bool across = false;    // crosses a boundary of the analyzer's words
};

struct Corpus {
  TempDir dir;
  std::string db;
  std::vector<libsearch::Release> releases;
};

// Every third Simplified, every eighth Traditional and every eighth English
// release of ../shared/corpus/real, indexed once.
Corpus& corpus() {
  static Corpus c;
  static const bool built = [] {
    const std::string real = libsearch::test::shared_dir() + "/corpus/real/";
    libsearch::DiagnosticList d;
    const std::pair<const char*, int> files[] = {{"mfa_spokesperson_zh-Hans.jsonl", 3},
                                                 {"tw_president_news_zh-Hant.jsonl", 8},
                                                 {"mfa_press_conference_en.jsonl", 8}};
    for (const auto& [file, every] : files) {
      int n = 0;
      libsearch::read_corpus(real + file, d, [&, every = every](libsearch::Release&& r) {
        if (n++ % every == 0) c.releases.push_back(std::move(r));
      });
    }
    REQUIRE(d.errors() == 0);
    c.db = c.dir / "db";
    libsearch::IndexWriter writer(c.db);
    for (const auto& r : c.releases) writer.add(r);
    writer.commit();
    return true;
  }();
  (void)built;
  return c;
}

// 60 strings of 2-6 Han characters for each of Simplified and Traditional,
// inside one of the analyzer's words and across words: 240, drawn with a
// fixed seed.
std::vector<Sample> samples() {
  const Corpus& c = corpus();
  libsearch::Analyzer analyzer;
  std::mt19937 rng(16);
  std::map<std::pair<bool, bool>, int> wanted = {
      {{false, false}, 60}, {{false, true}, 60}, {{true, false}, 60}, {{true, true}, 60}};
  std::vector<Sample> out;
  std::set<std::string> seen;
  for (int attempt = 0; attempt < 200000 && out.size() < 240; ++attempt) {
    const libsearch::Release& r = c.releases[rng() % c.releases.size()];
    if (r.lang.rfind("zh", 0) != 0 || r.body.empty()) continue;
    const std::string& p = r.body[rng() % r.body.size()].text;
    const auto cps = code_points(p);
    if (cps.size() < 8) continue;
    const std::size_t len = 2 + rng() % 5;
    const std::size_t at = rng() % (cps.size() - len);
    bool han = true;
    for (std::size_t k = at; k < at + len; ++k) han = han && is_han(cps[k].first);
    if (!han) continue;
    const std::size_t b0 = cps[at].second;
    const std::size_t b1 = at + len < cps.size() ? cps[at + len].second : p.size();
    Sample s;
    s.text = p.substr(b0, b1 - b0);
    s.release_id = r.id;
    s.traditional = r.lang == "zh-Hant";
    // Inside a word when one token holds the whole string.
    s.across = true;
    for (const libsearch::Token& t : analyzer.tokenize(p))
      if (t.byte_start <= b0 && b1 <= t.byte_end) s.across = false;
    int& left = wanted[{s.traditional, s.across}];
    if (left == 0 || !seen.insert(folded(s.text)).second) continue;
    --left;
    out.push_back(std::move(s));
  }
  return out;
}

// Passages a query matches, as release, paragraph and text.
std::set<std::string> passages(libsearch::Searcher& s, const std::string& query) {
  libsearch::SearchRequest req;
  req.query = query;
  req.limit = 100000;
  req.highlight = false;
  req.strict = true;  // what was typed, no fallback
  std::set<std::string> out;
  for (const auto& h : s.search(req).hits)
    out.insert(h.release_id + "#" + std::to_string(h.paragraph) + "#" + h.text);
  return out;
}

// Whether every byte of `span` (folded) lies in an occurrence of `run`
// (folded): adjacent or overlapping occurrences merge into one span.
bool covered_by(const std::string& span, const std::string& run) {
  if (run.empty() || span.size() < run.size()) return false;
  std::vector<bool> covered(span.size(), false);
  for (std::size_t at = span.find(run); at != std::string::npos; at = span.find(run, at + 1))
    std::fill(covered.begin() + static_cast<std::ptrdiff_t>(at),
              covered.begin() + static_cast<std::ptrdiff_t>(at + run.size()), true);
  return std::all_of(covered.begin(), covered.end(), [](bool b) { return b; });
}

}  // namespace

TEST_CASE("issue 16: unquoted and quoted Chinese strings match the same passages (real corpus)",
          "[query][corpus]") {
  const std::vector<Sample> strings = samples();
  REQUIRE(strings.size() == 240);
  if (const char* path = std::getenv("LIBSEARCH_EXACT_RUNS_OUT")) {
    std::ofstream out(path);
    for (const Sample& s : strings) out << s.text << "\n";
  }
  libsearch::Searcher searcher({corpus().db});
  std::size_t highlighted = 0;
  for (const Sample& s : strings) {
    CAPTURE(s.text, s.release_id, s.traditional, s.across);
    const std::set<std::string> unquoted = passages(searcher, s.text);
    CHECK(unquoted == passages(searcher, "\"" + s.text + "\""));
    // The release the string came from is found.
    CHECK(std::any_of(unquoted.begin(), unquoted.end(), [&](const std::string& k) {
      return k.compare(0, s.release_id.size() + 1, s.release_id + "#") == 0;
    }));
    // The top hits mark the string itself, in either script.
    libsearch::SearchRequest req;
    req.query = s.text;
    req.limit = 5;
    const std::string run = folded(s.text);
    for (const auto& h : searcher.search(req).hits) {
      CAPTURE(h.text);
      CHECK_FALSE(h.highlights.empty());
      for (const auto& span : h.highlights) {
        const std::string marked = h.text.substr(span.byte_start, span.byte_end - span.byte_start);
        CAPTURE(marked);
        CHECK(covered_by(folded(marked), run));
        ++highlighted;
      }
    }
  }
  CHECK(highlighted >= strings.size());
}

TEST_CASE("issue 16: facet counts of a Chinese word are the passages that hold it (real corpus)",
          "[query][corpus]") {
  libsearch::Searcher searcher({corpus().db});
  // Every passage's text, folded, from the database itself.
  Xapian::Database db(corpus().db);
  std::vector<std::string> texts;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it)
    texts.push_back(folded(libsearch::detail::decode_record(db.get_document(*it).get_data()).text));
  for (const char* word : {"贸易战", "发展中国家", "一带一路", "國家安全", "人类命运共同体",
                           "新南向", "疫情防控"}) {
    CAPTURE(word);
    const std::string w = folded(word);
    const auto holding = static_cast<std::size_t>(
        std::count_if(texts.begin(), texts.end(),
                      [&](const std::string& t) { return t.find(w) != std::string::npos; }));
    CHECK(holding > 0);
    libsearch::SearchRequest req;
    req.query = word;
    req.limit = 0;
    req.facets = {"lang", "date", "source"};
    const auto res = searcher.search(req);
    CHECK(res.total_exact);
    CHECK(res.total == holding);
    for (const char* facet : {"lang", "date", "source"}) {
      CAPTURE(facet);
      std::size_t sum = 0;
      for (const auto& v : res.facets.at(facet)) sum += v.count;
      CHECK(sum == holding);
    }
  }
}

int main(int argc, char** argv) {
  if (libsearch::test::shared_dir().empty()) {
    std::cout << "skipped: ../shared is not present beside this checkout\n";
    return 77;
  }
  return Catch::Session().run(argc, argv);
}
