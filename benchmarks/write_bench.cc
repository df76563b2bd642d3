// What writing costs, apart from reading and analysis. The passages of
// ../shared/corpus/real (else the project's samples) are built once into the
// Xapian documents press-index writes (untimed); then only Xapian's side of
// indexing is timed:
//
//   build                  the document builder alone (analysis, passages,
//                          speakers, dates) on one thread, for comparison;
//   write/parts:N          the built documents added to N part databases on
//                          N threads, flushing every 400 passages as
//                          press-index does, and the parts merged by
//                          Xapian's compaction: the floor of any press-index
//                          build of this corpus on N cores;
//   write/<what>/parts:N   the same with one part of the index left out, to
//                          show what each part costs to write:
//       no_termlist        the per-document term lists (DB_NO_TERMLIST),
//                          which replacing and deleting documents need;
//       no_title           the title terms each passage carries;
//       no_bigrams         the Han character bigrams;
//       no_values          the value slots (date, release, source, language,
//                          speaker, paragraph);
//       no_data            the stored passage records;
//       positional_only    everything except the positional terms (Chinese
//                          characters and English words with positions): the
//                          floor of a Xapian index that can still match
//                          phrases.
//
// Figures are MB/s: megabytes (10^6) of title and body text per second of
// wall time, as benchmarks/run.sh reports indexing (it also counts the blank
// lines between paragraphs, under 1% more).
//
//   [LIBSEARCH_BENCH_CORPUS=DIR] build/benchmarks/write_bench [--benchmark_filter=parts:2]
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "bench_corpus.h"
#include "index/document_builder.h"
#include "index/pipeline.h"
#include "index/schema.h"
#include "libsearch/corpus_reader.h"

namespace {

namespace fs = std::filesystem;

// LIBSEARCH_BENCH_CORPUS, else bench::corpus_dir().
std::string corpus_dir() {
  if (const char* dir = std::getenv("LIBSEARCH_BENCH_CORPUS"); dir && *dir) return dir;
  return bench::corpus_dir();
}

const std::vector<libsearch::Release>& releases() {
  static const std::vector<libsearch::Release> all = [] {
    std::vector<libsearch::Release> out;
    libsearch::DiagnosticList diagnostics;
    libsearch::read_corpus(corpus_dir(), diagnostics,
                           [&](libsearch::Release&& r) { out.push_back(std::move(r)); });
    return out;
  }();
  return all;
}

// Title and body text, in MB/s of wall time.
benchmark::Counter text_rate(std::int64_t iterations) {
  std::size_t bytes = 0;
  for (const libsearch::Release& r : releases()) {
    bytes += r.title.size();
    for (const auto& p : r.body) bytes += p.text.size();
  }
  return benchmark::Counter(static_cast<double>(bytes) * static_cast<double>(iterations) / 1e6,
                            benchmark::Counter::kIsRate);
}

const std::vector<Xapian::Document>& built() {
  static const std::vector<Xapian::Document> docs = [] {
    std::vector<Xapian::Document> out;
    libsearch::detail::DocumentBuilder builder;
    for (const libsearch::Release& r : releases())
      for (Xapian::Document& d : builder.build(r).documents) out.push_back(std::move(d));
    return out;
  }();
  return docs;
}

enum class Leave { kNothing, kTermlist, kTitle, kBigrams, kValues, kData, kAllButPositional };

bool starts_with(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

// `doc` without the part `leave` names (the term lists are left out by the
// database, not here).
Xapian::Document without(const Xapian::Document& doc, Leave leave) {
  if (leave == Leave::kNothing || leave == Leave::kTermlist) return doc;
  Xapian::Document out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    const Xapian::termcount positions = t.positionlist_count();
    if (leave == Leave::kTitle && starts_with(term, libsearch::schema::kTitlePrefix)) continue;
    if (leave == Leave::kBigrams && starts_with(term, "B")) continue;
    if (leave == Leave::kAllButPositional && positions == 0) continue;
    if (positions == 0) {
      out.add_term(term, t.get_wdf());
      continue;
    }
    const Xapian::termcount wdf = t.get_wdf() / positions;
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
      out.add_posting(term, *p, wdf);
  }
  if (leave != Leave::kData && leave != Leave::kAllButPositional) out.set_data(doc.get_data());
  if (leave != Leave::kValues && leave != Leave::kAllButPositional)
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
      out.add_value(v.get_valueno(), *v);
  return out;
}

// A fresh folder under the system's temporary folder, removed on scope exit.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> n{0};
    path_ = fs::temp_directory_path() /
            ("libsearch-write-bench-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// Document i, i + parts, i + 2 * parts, ... into part i (press-index deals
// out whole releases the same way), flushing as press-index's parts do; then
// the parts are compacted into one database.
void write(benchmark::State& state, Leave leave) {
  const std::size_t parts = static_cast<std::size_t>(state.range(0));
  std::vector<Xapian::Document> docs;
  for (const Xapian::Document& d : built()) docs.push_back(without(d, leave));
  const int flags = Xapian::DB_CREATE | Xapian::DB_NO_SYNC |
                    (leave == Leave::kTermlist ? Xapian::DB_NO_TERMLIST : 0);
  for (auto _ : state) {
    TempDir tmp;
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < parts; ++i) {
      threads.emplace_back([&, i] {
        Xapian::WritableDatabase db(tmp / ("part-" + std::to_string(i)), flags);
        std::size_t since = 0;
        for (std::size_t d = i; d < docs.size(); d += parts) {
          db.add_document(docs[d]);
          if (++since == libsearch::detail::kPartFlushPassages) {
            db.commit();
            since = 0;
          }
        }
        db.commit();
      });
    }
    for (std::thread& t : threads) t.join();
    Xapian::Database all;
    for (std::size_t i = 0; i < parts; ++i)
      all.add_database(Xapian::Database(tmp / ("part-" + std::to_string(i))));
    all.compact(tmp / "merged");
  }
  state.counters["MB"] = text_rate(state.iterations());
  state.SetItemsProcessed(static_cast<int64_t>(docs.size() * state.iterations()));
}

void build(benchmark::State& state) {
  std::size_t passages = 0;
  for (auto _ : state) {
    libsearch::detail::DocumentBuilder builder;
    for (const libsearch::Release& r : releases()) passages += builder.build(r).documents.size();
  }
  state.counters["MB"] = text_rate(state.iterations());
  state.SetItemsProcessed(static_cast<int64_t>(passages));
}

const bool registered = [] {
  benchmark::RegisterBenchmark("build", build)
      ->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
  const int cores = static_cast<int>(std::min(2u, std::max(1u, std::thread::hardware_concurrency())));
  benchmark::RegisterBenchmark("write", write, Leave::kNothing)
      ->ArgName("parts")->DenseRange(1, cores)
      ->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
  const std::pair<const char*, Leave> variants[] = {
      {"write/no_termlist", Leave::kTermlist}, {"write/no_title", Leave::kTitle},
      {"write/no_bigrams", Leave::kBigrams},   {"write/no_values", Leave::kValues},
      {"write/no_data", Leave::kData},         {"write/positional_only", Leave::kAllButPositional}};
  for (const auto& [name, leave] : variants)
    benchmark::RegisterBenchmark(name, write, leave)
        ->ArgName("parts")->Arg(cores)
        ->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
