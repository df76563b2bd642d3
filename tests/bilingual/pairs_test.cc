// Release links and passage alignments measured on the real corpus
// (../shared): links against ../shared/corpus/pairs, alignments against the
// labels in tests/data/alignments. Each test prints its figures.
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bilingual/passage_aligner.h"
#include "index/schema.h"
#include "libsearch/corpus_reader.h"
#include "libsearch/index_writer.h"
#include "test_support.h"

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

// Chinese id -> English id, as linked in `db`.
std::map<std::string, std::string> stored_links(const std::string& db) {
  Xapian::Database d(db);
  std::map<std::string, std::string> out;
  const std::string prefix = libsearch::schema::kMetaLinkPrefix;
  for (auto it = d.metadata_keys_begin(prefix); it != d.metadata_keys_end(prefix); ++it) {
    const std::string id = (*it).substr(prefix.size());
    const std::string partner = d.get_metadata(*it);
    if (!partner.empty() && id.find("-zh-") != std::string::npos) out[id] = partner;
  }
  return out;
}

// Indexes the MFA files of `folder` (the releases the pairs name) and
// links them; returns precision and recall of the links against `pairs`.
void measure_links(const std::string& folder, const std::string& pairs_file,
                   const char* name) {
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
  const std::vector<Pair> pairs = read_pairs(pairs_file);
  const auto links = stored_links(db);
  std::map<std::string, const Pair*> by_zh;
  for (const Pair& p : pairs) by_zh[p.zh] = &p;
  std::size_t right = 0, found = 0;
  for (const auto& [zh, en] : links) {
    const auto p = by_zh.find(zh);
    if (p != by_zh.end() && p->second->en.count(en)) ++right;
    else UNSCOPED_INFO("linked, not in the pairs: " << zh << " " << en);
  }
  for (const Pair& p : pairs) {
    const auto l = links.find(p.zh);
    if (l != links.end() && p.en.count(l->second)) ++found;
    else UNSCOPED_INFO("pair not linked: " << p.zh << " " << *p.en.begin());
  }
  const double precision = links.empty() ? 0 : double(right) / double(links.size());
  const double recall = double(found) / double(pairs.size());
  std::printf("%s release links: %zu linked, %zu in the pairs list of %zu; precision %.4f, "
              "recall %.4f\n",
              name, links.size(), right, pairs.size(), precision, recall);
  CHECK(precision == 1.0);
  CHECK(recall >= 0.97);
}

}  // namespace

TEST_CASE("release links: ../shared/corpus/real against pairs/real.jsonl", "[bilingual][shared]") {
  LIBSEARCH_REQUIRE_SHARED();
  const std::string s = libsearch::test::shared_dir();
  measure_links(s + "/corpus/real", s + "/corpus/pairs/real.jsonl", "real");
}

TEST_CASE("release links: ../shared/corpus/heldout against pairs/heldout.jsonl",
          "[bilingual][shared][heldout]") {
  LIBSEARCH_REQUIRE_SHARED();
  const std::string s = libsearch::test::shared_dir();
  measure_links(s + "/corpus/heldout", s + "/corpus/pairs/heldout.jsonl", "heldout");
}
