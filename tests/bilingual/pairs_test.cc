// Release links and passage alignments measured on the real corpus
// (../shared): links against ../shared/corpus/pairs, alignments against the
// labels in tests/data/alignments. Each test prints its figures.
#include <xapian.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bilingual/bilingual_support.h"
#include "bilingual/passage_aligner.h"
#include "index/schema.h"
#include "libsearch/corpus_reader.h"
#include "libsearch/index_writer.h"
#include "test_support.h"

using libsearch::test::stored_links;

namespace {

using libsearch::test::TempDir;

struct Pair {
  std::string zh;
  std::set<std::string> en;  // the English id and its alternatives
};

std::vector<Pair> read_pairs(const std::string& file) {
  std::vector<Pair> out;
  std::ifstream in(file);
  REQUIRE(in);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line);
    Pair p;
    p.zh = j.at("zh").get<std::string>();
    p.en.insert(j.at("en").get<std::string>());
    if (j.contains("en_alt"))
      for (const auto& a : j.at("en_alt")) p.en.insert(a.get<std::string>());
    out.push_back(std::move(p));
  }
  return out;
}

struct Review {
  std::set<std::pair<std::string, std::string>> same, not_same;
};

// tests/data/bilingual/<name>: differences from a pairs list checked by
// reading.
Review read_review(const std::string& name) {
  Review r;
  std::ifstream in(libsearch::test::data_dir() + "/bilingual/" + name);
  REQUIRE(in);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    std::string zh, en, verdict;
    REQUIRE((f >> zh >> en >> verdict));
    (verdict == "same" ? r.same : r.not_same).emplace(zh, en);
  }
  return r;
}

// Indexes the MFA files of `folder` (the releases the pairs name), links
// them and measures the links against `pairs`: as listed, and with the
// list's differences checked by reading (`review`). Every link the list
// lacks must have been checked.
void measure_links(const std::string& folder, const std::string& pairs_file, const char* name,
                   const Review& review) {
  TempDir dir;
  const std::string db = dir / "db";
  libsearch::DiagnosticList d;
  {
    libsearch::IndexWriter w(db);
    w.add_paths({folder + "/mfa_spokesperson_zh-Hans.jsonl",
                 folder + "/mfa_press_conference_en.jsonl"},
                d);
    w.commit();
    w.link();
  }
  REQUIRE(d.errors() == 0);
  std::vector<Pair> pairs = read_pairs(pairs_file);
  const auto links = stored_links(db);
  auto measure = [&](const std::vector<Pair>& truth, const char* how) {
    std::map<std::string, const Pair*> by_zh;
    for (const Pair& p : truth) by_zh[p.zh] = &p;
    std::size_t right = 0, found = 0;
    for (const auto& [zh, en] : links) {
      const auto p = by_zh.find(zh);
      if (p != by_zh.end() && p->second->en.count(en)) ++right;
      else UNSCOPED_INFO(how << ": linked, not a pair: " << zh << " " << en);
    }
    for (const Pair& p : truth) {
      const auto l = links.find(p.zh);
      if (l != links.end() && p.en.count(l->second)) ++found;
      else UNSCOPED_INFO(how << ": pair not linked: " << p.zh << " " << *p.en.begin());
    }
    const double precision = links.empty() ? 0 : double(right) / double(links.size());
    const double recall = truth.empty() ? 0 : double(found) / double(truth.size());
    std::printf("%s release links, %s: %zu linked, %zu of them pairs, %zu pairs; precision "
                "%.4f, recall %.4f\n",
                name, how, links.size(), right, truth.size(), precision, recall);
    return std::pair<double, double>(precision, recall);
  };
  const auto listed = measure(pairs, "against the list");
  // The list corrected by the review.
  std::vector<Pair> checked;
  for (const Pair& p : pairs) {
    bool wrong = false;
    for (const auto& en : p.en) wrong = wrong || review.not_same.count({p.zh, en}) > 0;
    if (!wrong) checked.push_back(p);
  }
  for (const auto& [zh, en] : review.same) checked.push_back({zh, {en}});
  const auto reviewed = measure(checked, "against the list as reviewed");
  CHECK(listed.second >= 0.97);
  CHECK(reviewed.first == 1.0);
  CHECK(reviewed.second >= 0.97);
}

}  // namespace

TEST_CASE("release links: ../shared/corpus/real against pairs/real.jsonl", "[bilingual][shared]") {
  LIBSEARCH_REQUIRE_SHARED();
  const std::string s = libsearch::test::shared_dir();
  measure_links(s + "/corpus/real", s + "/corpus/pairs/real.jsonl", "real",
                read_review("pairs_review.tsv"));
}

TEST_CASE("release links: ../shared/corpus/heldout against pairs/heldout.jsonl",
          "[bilingual][shared][heldout]") {
  LIBSEARCH_REQUIRE_SHARED();
  const std::string s = libsearch::test::shared_dir();
  measure_links(s + "/corpus/heldout", s + "/corpus/pairs/heldout.jsonl", "heldout",
                read_review("heldout_pairs_review.tsv"));
}

TEST_CASE("passage alignment: labelled pairs of ../shared/corpus/real", "[bilingual][shared]") {
  LIBSEARCH_REQUIRE_SHARED();
  const std::string real = libsearch::test::shared_dir() + "/corpus/real";
  // Labels: (zh, en) release -> set of (zh paragraph, en paragraph).
  std::map<std::pair<std::string, std::string>, std::set<std::pair<int, int>>> labels;
  {
    std::ifstream in(libsearch::test::data_dir() + "/alignments/labels.tsv");
    REQUIRE(in);
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream f(line);
      std::string zh, en;
      int a = 0, b = 0;
      REQUIRE((f >> zh >> en >> a >> b));
      labels[{zh, en}].emplace(a, b);
    }
  }
  std::set<std::string> wanted;
  for (const auto& [ids, pairs] : labels) {
    wanted.insert(ids.first);
    wanted.insert(ids.second);
  }
  std::map<std::string, libsearch::Release> releases;
  libsearch::DiagnosticList d;
  for (const char* file : {"/mfa_spokesperson_zh-Hans.jsonl", "/mfa_press_conference_en.jsonl"})
    libsearch::read_corpus(real + file, d, [&](libsearch::Release&& r) {
      if (wanted.count(r.id)) releases[r.id] = std::move(r);
    });
  REQUIRE(releases.size() == wanted.size());
  auto paragraphs = [](const libsearch::Release& r) {
    std::vector<libsearch::detail::AlignParagraph> out;
    for (std::size_t i = 0; i < r.body.size(); ++i)
      out.push_back({static_cast<int>(i), r.body[i].text});
    return out;
  };
  // Shown pairs at several thresholds, to document the one chosen.
  const std::vector<double> thresholds = {0.3, 0.4, libsearch::detail::kAlignmentThreshold, 0.6,
                                          0.7};
  std::map<double, std::array<std::size_t, 2>> at;  // threshold -> {shown, right}
  std::size_t labelled = 0;
  for (const auto& [ids, truth] : labels) {
    const auto alignments = libsearch::detail::align_paragraphs(
        paragraphs(releases.at(ids.first)), paragraphs(releases.at(ids.second)));
    labelled += truth.size();
    for (double t : thresholds) {
      for (const auto& a : alignments) {
        if (a.confidence < t) continue;
        for (int z : a.zh)
          for (int e : a.en) {
            ++at[t][0];
            if (truth.count({z, e})) ++at[t][1];
            else if (t == libsearch::detail::kAlignmentThreshold)
              UNSCOPED_INFO("wrong: " << ids.first << " " << z << " <-> " << e << " ("
                                      << a.confidence << ")");
          }
      }
    }
  }
  for (double t : thresholds)
    std::printf("alignment threshold %.2f: %zu shown, %zu right of %zu labelled; precision "
                "%.4f, recall %.4f\n",
                t, at[t][0], at[t][1], labelled, double(at[t][1]) / double(at[t][0]),
                double(at[t][1]) / double(labelled));
  const auto& chosen = at[libsearch::detail::kAlignmentThreshold];
  CHECK(double(chosen[1]) / double(chosen[0]) >= 0.97);
  CHECK(double(chosen[1]) / double(labelled) >= 0.93);
}
