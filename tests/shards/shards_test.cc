#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <exception>
#include <map>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "libsearch/corpus_reader.h"
#include "libsearch/error.h"
#include "libsearch/index_writer.h"
#include "libsearch/searcher.h"
#include "libsearch/shards.h"
#include "cli/cli_support.h"
#include "shards/tcp_server.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using libsearch::StubEntry;
using libsearch::test::TempDir;

std::vector<libsearch::Release> sample_releases() {
  std::vector<libsearch::Release> out;
  libsearch::DiagnosticList d;
  libsearch::read_corpus(libsearch::test::samples_dir(), d,
                         [&](libsearch::Release&& r) { out.push_back(std::move(r)); });
  REQUIRE(d.errors() == 0);
  return out;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

// One hit reduced to what must agree across layouts.
struct HitKey {
  std::string release_id;
  int paragraph;
  double score;
  std::size_t highlights;
};

// Hits sorted by score (then id), so layouts that break score ties in a
// different docid order compare equal.
std::vector<HitKey> hit_keys(const libsearch::SearchResults& r) {
  std::vector<HitKey> out;
  for (const auto& h : r.hits) out.push_back({h.release_id, h.paragraph, h.score, h.highlights.size()});
  std::sort(out.begin(), out.end(), [](const HitKey& a, const HitKey& b) {
    if (std::fabs(a.score - b.score) > 1e-9 * std::max(1.0, std::fabs(a.score)))
      return a.score > b.score;
    return std::tie(a.release_id, a.paragraph) < std::tie(b.release_id, b.paragraph);
  });
  return out;
}

// Facets as name -> key -> count.
std::map<std::string, std::map<std::string, std::size_t>> facet_counts(
    const libsearch::SearchResults& r) {
  std::map<std::string, std::map<std::string, std::size_t>> out;
  for (const auto& [name, values] : r.facets)
    for (const auto& v : values) out[name][v.key] = v.count;
  return out;
}

void require_same(const libsearch::SearchResults& want, const libsearch::SearchResults& got,
                  const std::string& layout) {
  INFO("layout " << layout << ", query " << want.query);
  CHECK(got.total == want.total);
  CHECK(got.total_exact == want.total_exact);
  const auto a = hit_keys(want), b = hit_keys(got);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("hit " << i << ": " << a[i].release_id << "#" << a[i].paragraph);
    CHECK(b[i].release_id == a[i].release_id);
    CHECK(b[i].paragraph == a[i].paragraph);
    CHECK(std::fabs(b[i].score - a[i].score) <= 1e-9 * std::max(1.0, std::fabs(a[i].score)));
    CHECK(b[i].highlights == a[i].highlights);
  }
  for (std::size_t i = 1; i < got.hits.size(); ++i)
    if (want.hits[0].score > 0) CHECK(got.hits[i - 1].score >= got.hits[i].score);
  CHECK(facet_counts(got) == facet_counts(want));
}

}  // namespace

TEST_CASE("shard_for: FNV-1a of the id modulo n, pinned", "[shards]") {
  // 64-bit FNV-1a values: "" 0xcbf29ce484222325, "a" 0xaf63dc4c8601ec8c.
  const struct {
    const char* id;
    std::size_t n, shard;
  } table[] = {
      {"", 1, 0},  {"", 3, 2},  {"", 7, 2},  {"a", 2, 0}, {"a", 3, 1}, {"a", 7, 5},
      {"mfa-zh-t1415586", 3, 1}, {"mfa-zh-t1415586", 7, 3}, {"示例-001", 3, 2},
      {"示例-001", 2, 1},
  };
  for (const auto& row : table) {
    INFO(row.id << " mod " << row.n);
    CHECK(libsearch::shard_for(row.id, row.n) == row.shard);
  }
}

TEST_CASE("stub files: written in Xapian's form, read with lines, paths resolved", "[shards]") {
  TempDir dir;
  const std::string stub = dir / "cluster.stub";
  libsearch::write_stub(stub, {StubEntry::local("shard-0"), StubEntry::local("/abs/shard-1"),
                               StubEntry::remote("127.0.0.1", 7001)});
  const auto entries = libsearch::read_stub(stub);
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].to_line() == "auto shard-0");
  CHECK(entries[1].to_line() == "auto /abs/shard-1");
  CHECK(entries[2].to_line() == "remote 127.0.0.1:7001");
  CHECK(entries[0].line == 2);  // after the comment line
  CHECK(libsearch::resolve_stub_path(stub, entries[0]) == dir / "shard-0");
  CHECK(libsearch::resolve_stub_path(stub, entries[1]) == "/abs/shard-1");

  write_file(stub, "# shards\n\nremote tcp db7.example 7002\nremote tcp [::1]:7003\nauto a b\n");
  const auto more = libsearch::read_stub(stub);
  REQUIRE(more.size() == 3);
  CHECK(more[0].host == "db7.example");
  CHECK(more[0].port == 7002u);
  CHECK(more[0].line == 3);
  CHECK(more[1].host == "::1");
  CHECK(more[1].to_line() == "remote [::1]:7003");
  CHECK(more[2].path == "a b");

  const struct {
    const char* text;
    int line;
    const char* message;
  } bad[] = {
      {"auto shard-0\nremote tcp host\n", 2, "remote shard \"tcp host\" is not HOST:PORT"},
      {"auto shard-0\n\nremote host:99999\n", 3, "is not HOST:PORT"},
      {"ftp shard-0\n", 1, "unknown stub line type \"ftp\""},
      {"auto\n", 1, "\"auto\" needs a database path"},
  };
  for (const auto& row : bad) {
    INFO(row.text);
    write_file(stub, row.text);
    try {
      libsearch::read_stub(stub);
      FAIL("no error");
    } catch (const libsearch::InputError& e) {
      CHECK(e.path() == stub);
      CHECK(e.line() == row.line);
      CHECK_THAT(e.what(), Catch::Contains(row.message));
    }
  }
}

TEST_CASE("ShardedIndexWriter: shards by id, keeps updates in place, refuses a new count",
          "[shards]") {
  TempDir dir;
  const std::string db = dir / "press.db";
  const auto releases = sample_releases();
  {
    libsearch::ShardOptions o;
    o.shards = 3;
    o.jobs = 2;
    libsearch::ShardedIndexWriter w(db, o);
    for (const auto& r : releases) w.add(r);
    w.commit();
    CHECK(w.counts().added == releases.size());
    CHECK(w.shards() == 3);
  }
  CHECK(libsearch::is_sharded_database(db));
  // Each release is in exactly its shard.
  for (std::size_t i = 0; i < 3; ++i) {
    libsearch::IndexWriter shard(db + "/shard-" + std::to_string(i));
    for (const auto& r : releases)
      CHECK(shard.contains(r.id) == (libsearch::shard_for(r.id, 3) == i));
  }
  {
    libsearch::ShardedIndexWriter w(db, {});  // the count comes from the stub
    CHECK(w.shards() == 3);
    libsearch::Release changed = releases.front();
    changed.title += " (corrected)";
    w.add(changed);
    w.add(releases.back());
    const auto c = w.counts();
    CHECK(c.updated == 1);
    CHECK(c.unchanged == 1);
    CHECK(w.remove(releases[1].id));
    CHECK_FALSE(w.contains(releases[1].id));
    w.commit();
  }
  libsearch::Searcher s({db});
  CHECK(s.shards().size() == 3);
  CHECK(s.stats().releases == releases.size() - 1);
  libsearch::SearchRequest req;
  req.query = "corrected";
  CHECK(s.search(req).hits.size() == 0);  // titles are not in the body
  req.query = "title:corrected";
  CHECK(s.search(req).total > 0);

  libsearch::ShardOptions four;
  four.shards = 4;
  CHECK_THROWS_WITH(libsearch::ShardedIndexWriter(db, four),
                    Catch::Contains("has 3 shards, not 4"));
  libsearch::IndexWriter(dir / "single").commit();
  libsearch::ShardOptions three;
  three.shards = 3;
  CHECK_THROWS_WITH(libsearch::ShardedIndexWriter(dir / "single", three),
                    Catch::Contains("is not a sharded database"));
  CHECK_THROWS_WITH(libsearch::ShardedIndexWriter(dir / "new.db", {}),
                    Catch::Contains("number of shards is required"));
}

TEST_CASE("Searcher: a missing local shard is named with its stub line", "[shards]") {
  TempDir dir;
  libsearch::IndexWriter(dir / "a").commit();
  write_file(dir / "two.stub", "auto a\nauto missing\n");
  CHECK_THROWS_WITH(libsearch::Searcher({dir / "two.stub"}),
                    Catch::Contains(dir / "two.stub:2: shard " + dir / "missing: no such database"));
  libsearch::SearcherOptions partial;
  partial.allow_partial = true;
  libsearch::Searcher s({dir / "two.stub"}, partial);
  REQUIRE(s.warnings().size() == 1);
  CHECK_THAT(s.warnings()[0], Catch::Contains("missing"));
}

TEST_CASE("press-query: a stub with a dead remote shard fails, or --allow-partial warns",
          "[shards][cli]") {
  using libsearch::test::press_query;
  using libsearch::test::shell_quote;
  TempDir dir;
  {
    libsearch::IndexWriter w(dir / "local");
    for (const auto& r : sample_releases()) w.add(r);
    w.commit();
  }
  const unsigned port = libsearch::test::free_port();  // nothing listens there
  write_file(dir / "cluster.stub", "auto local\nremote tcp 127.0.0.1 " + std::to_string(port) + "\n");
  const std::string shard = "cluster.stub:2: remote shard 127.0.0.1:" + std::to_string(port);

  auto failed = libsearch::test::run(press_query("--db " + shell_quote(dir / "cluster.stub") +
                                                 " 知识产权"));
  CHECK(failed.exit_code == 2);
  CHECK_THAT(failed.err, Catch::Contains(shard + ": cannot connect"));
  CHECK(failed.out.empty());

  auto partial = libsearch::test::run(press_query(
      "--db " + shell_quote(dir / "cluster.stub") + " --allow-partial --format json 知识产权"));
  CHECK(partial.exit_code == 0);
  CHECK_THAT(partial.err, Catch::Contains(shard));
  CHECK_THAT(partial.out, Catch::Contains(shard));  // in the JSON warnings too
  CHECK_THAT(partial.out, Catch::Contains("\"total\":"));
}

// Local single, local sharded (folder, stub, several sources) and remote
// sharded searches over the same releases return the same passages, scores,
// totals and facet counts. Also reports query latency for each layout.
TEST_CASE("sharded and remote search equal one database (real corpus)", "[shards][corpus]") {
  LIBSEARCH_REQUIRE_SHARED();
  if (libsearch::test::tcpsrv_bin().empty()) {
    WARN("skipped: xapian-tcpsrv not found (install xapian-tools)");
    return;
  }
  // From the MFA files: every second English and every third Chinese
  // release (all years, both languages, ~520 releases).
  const std::string real = libsearch::test::shared_dir() + "/corpus/real/";
  std::vector<libsearch::Release> releases;
  libsearch::DiagnosticList d;
  std::size_t n = 0;
  libsearch::read_corpus(real + "mfa_press_conference_en.jsonl", d, [&](libsearch::Release&& r) {
    if (n++ % 2 == 0) releases.push_back(std::move(r));
  });
  n = 0;
  libsearch::read_corpus(real + "mfa_spokesperson_zh-Hans.jsonl", d, [&](libsearch::Release&& r) {
    if (n++ % 3 == 0) releases.push_back(std::move(r));
  });
  REQUIRE(d.errors() == 0);
  REQUIRE(releases.size() > 500);

  // The single database and the shards are written at the same time.
  TempDir dir;
  const std::string single = dir / "single.db", sharded = dir / "sharded.db";
  std::exception_ptr single_error;
  std::thread single_writer([&] {
    try {
      libsearch::IndexWriter w(single);
      for (const auto& r : releases) w.add(r);
      w.commit();
    } catch (...) {
      single_error = std::current_exception();
    }
  });
  {
    libsearch::ShardOptions o;
    o.shards = 3;
    o.jobs = 2;
    libsearch::ShardedIndexWriter sw(sharded, o);
    for (const auto& r : releases) sw.add(r);
    sw.commit();
  }
  single_writer.join();
  if (single_error) std::rethrow_exception(single_error);
  const std::string s0 = sharded + "/shard-0", s1 = sharded + "/shard-1",
                    s2 = sharded + "/shard-2";
  libsearch::test::TcpServer srv0(s0), srv1(s1), srv2(s2);
  auto remote = [](const libsearch::test::TcpServer& s) {
    return "remote 127.0.0.1:" + std::to_string(s.port()) + "\n";
  };
  write_file(dir / "remote.stub", remote(srv0) + remote(srv1) + remote(srv2));
  write_file(dir / "mixed.stub", "auto sharded.db/shard-0\n" + remote(srv1) +
                                     "remote tcp 127.0.0.1 " + std::to_string(srv2.port()) + "\n");

  libsearch::Searcher one({single});
  std::vector<std::pair<std::string, libsearch::Searcher>> layouts;
  layouts.emplace_back("local sharded folder", libsearch::Searcher({sharded}));
  layouts.emplace_back("several sources", libsearch::Searcher({s0, s1, s2}));
  layouts.emplace_back("remote stub", libsearch::Searcher({dir / "remote.stub"}));
  layouts.emplace_back("mixed stub", libsearch::Searcher({dir / "mixed.stub"}));
  CHECK(layouts[2].second.shards().size() == 3);

  struct Row {
    const char* query;
    std::size_t per_release;
    libsearch::SortOrder sort;
  };
  const Row table[] = {
      {"climate change", 0, libsearch::SortOrder::kRelevance},
      {"\"South China Sea\" arbitration", 0, libsearch::SortOrder::kRelevance},
      {"Xinjiang OR Tibet -terrorism", 0, libsearch::SortOrder::kRelevance},
      {"protect sovereignty", 1, libsearch::SortOrder::kRelevance},
      {"Ebola title:Hua", 0, libsearch::SortOrder::kDateDescending},
      {"Hong Kong protest", 0, libsearch::SortOrder::kRelevance},
      {"一带一路", 0, libsearch::SortOrder::kRelevance},
      {"\"人类命运共同体\"", 0, libsearch::SortOrder::kRelevance},
      {"朝鲜 半岛 无核化", 0, libsearch::SortOrder::kRelevance},
      {"美国 OR 日本 lang:zh", 1, libsearch::SortOrder::kRelevance},
      {"巴黎协定", 0, libsearch::SortOrder::kDateAscending},
      // Phrases rarely indexed as one word are checked after the rest of the
      // query on local databases and word first on remote ones; language
      // filters leave the other languages out: the same passages either way.
      {"\"国际社会\" 合作", 0, libsearch::SortOrder::kRelevance},
      {"\"中美关系\"", 0, libsearch::SortOrder::kRelevance},
      {"sanctions lang:en", 0, libsearch::SortOrder::kRelevance},
      {"-lang:en 合作 OR cooperation", 0, libsearch::SortOrder::kRelevance},
  };
  std::map<std::string, double> ms;  // layout -> total milliseconds
  for (const Row& row : table) {
    libsearch::SearchRequest req;
    req.query = row.query;
    req.limit = 3000;  // every match, so score ties cannot split at a page end
    req.per_release = row.per_release;
    req.sort = row.sort;
    req.facets = {"speaker", "date", "source", "lang"};
    const auto t0 = std::chrono::steady_clock::now();
    const auto want = one.search(req);
    ms["single"] += std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - t0).count();
    INFO(row.query);
    REQUIRE(want.total > 0);
    REQUIRE(want.hits.size() < req.limit);
    for (auto& [name, searcher] : layouts) {
      const auto t1 = std::chrono::steady_clock::now();
      const auto got = searcher.search(req);
      ms[name] += std::chrono::duration<double, std::milli>(
                      std::chrono::steady_clock::now() - t1).count();
      require_same(want, got, name);
    }
  }
  // Why each hit scored: the same terms and weights from every layout (a
  // remote shard runs the per-term weight queries too).
  for (const char* query : {"\"国际社会\" 合作", "protect sovereignty", "美国 OR 日本 lang:zh"}) {
    libsearch::SearchRequest req;
    req.query = query;
    req.limit = 5;
    req.explain = true;
    const auto want = one.search(req);
    INFO(query);
    REQUIRE_FALSE(want.hits.empty());
    for (auto& [name, searcher] : layouts) {
      INFO(name);
      const auto got = searcher.search(req);
      REQUIRE(got.hits.size() == want.hits.size());
      for (std::size_t i = 0; i < want.hits.size(); ++i) {
        const auto& a = want.hits[i].matched_terms;
        const auto& b = got.hits[i].matched_terms;
        REQUIRE(a.size() == b.size());
        REQUIRE_FALSE(a.empty());
        double sum = 0;
        for (std::size_t j = 0; j < a.size(); ++j) {
          CHECK(b[j].term == a[j].term);
          CHECK(b[j].wdf == a[j].wdf);
          CHECK(b[j].weight == Approx(a[j].weight).epsilon(1e-9));
          sum += a[j].weight;
        }
        CHECK(sum > 0);
      }
    }
  }

  // A first page as a user would ask for it (10 hits, facets): latency only.
  std::map<std::string, double> page_ms;
  for (int round = 0; round < 3; ++round)
    for (const Row& row : table) {
      libsearch::SearchRequest req;
      req.query = row.query;
      req.facets = {"speaker", "date"};
      auto t0 = std::chrono::steady_clock::now();
      one.search(req);
      page_ms["single"] += std::chrono::duration<double, std::milli>(
                               std::chrono::steady_clock::now() - t0).count();
      for (auto& [name, searcher] : layouts) {
        t0 = std::chrono::steady_clock::now();
        searcher.search(req);
        page_ms[name] += std::chrono::duration<double, std::milli>(
                             std::chrono::steady_clock::now() - t0).count();
      }
    }
  const double queries = static_cast<double>(std::size(table));
  std::cout << "shard latency over " << std::size(table) << " queries, " << releases.size()
            << " releases (ms per query: first page of 10 with facets / all hits):\n";
  for (const auto& [name, total] : page_ms)
    std::cout << "  " << name << ": " << total / (3 * queries) << " / " << ms[name] / queries << "\n";

  // A stopped server: a clear error naming the shard, or results from the
  // others with a warning under allow_partial.
  srv1.stop();
  const std::string label = "127.0.0.1:" + std::to_string(srv1.port());
  try {
    libsearch::Searcher broken({dir / "remote.stub"});
    FAIL("opened a stub with a stopped shard");
  } catch (const libsearch::IndexError& e) {
    CHECK_THAT(e.what(), Catch::Contains(dir / "remote.stub:2: remote shard " + label));
    CHECK_THAT(e.what(), Catch::Contains("cannot connect"));
  }
  libsearch::SearcherOptions partial;
  partial.allow_partial = true;
  libsearch::Searcher rest({dir / "remote.stub"}, partial);
  CHECK(rest.shards().size() == 2);
  libsearch::SearchRequest req;
  req.query = "climate change";
  req.limit = 3000;
  const auto got = rest.search(req);
  REQUIRE_FALSE(got.warnings.empty());
  CHECK_THAT(got.warnings[0], Catch::Contains(label));
  libsearch::Searcher two({s0, s2});
  const auto want = two.search(req);
  CHECK(got.total == want.total);
  CHECK(hit_keys(got).size() == hit_keys(want).size());
}
