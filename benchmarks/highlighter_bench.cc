// Highlighting throughput per language: the byte spans of a query's words
// and phrases in passages, as the searcher computes them for each hit
// (character analysis of the passage, then pattern matching). Reported in
// bytes of passage text per second and passages per second, on one core,
// over the paragraphs of ../shared/corpus/real (else the project's samples)
// with a few queries per language from benchmarks/queries/queries.txt.
//
//   build/benchmarks/highlighter_bench [--benchmark_filter=zh-Hant]
#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

#include "bench_corpus.h"
#include "libsearch/analyzer.h"
#include "query/query_parser.h"
#include "results/highlighter.h"

namespace {

const std::map<std::string, std::vector<std::string>>& queries() {
  static const std::map<std::string, std::vector<std::string>> q = {
      {"zh-Hans", {"香港", "一带一路", "\"人类命运共同体\"", "中美关系 贸易战"}},
      {"zh-Hant", {"總統", "國家安全", "\"新南向政策\"", "蔡英文 兩岸"}},
      {"en", {"tariffs", "\"South China Sea\"", "human rights Xinjiang", "sentenced"}},
  };
  return q;
}

void highlighter(benchmark::State& state, const std::string& lang) {
  const bench::Texts& texts = bench::corpus().at(lang);
  libsearch::Analyzer analyzer;
  libsearch::detail::QueryParser parser(analyzer, {});
  std::vector<std::vector<libsearch::detail::HighlightPattern>> patterns;
  for (const std::string& q : queries().at(lang))
    patterns.push_back(parser.parse(q, false, false).patterns);
  std::size_t spans = 0, passages = 0, bytes = 0;
  for (auto _ : state) {
    // Each passage with one of the queries in turn, as hits of different
    // searches would be.
    for (std::size_t i = 0; i < texts.paragraphs.size(); ++i) {
      spans += libsearch::detail::highlight(analyzer, texts.paragraphs[i],
                                            patterns[i % patterns.size()]).size();
      bytes += texts.paragraphs[i].size();
      ++passages;
    }
  }
  benchmark::DoNotOptimize(spans);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(passages));
}

const bool registered = [] {
  for (const auto& [lang, texts] : bench::corpus()) {
    if (texts.paragraphs.empty() || queries().count(lang) == 0) continue;
    benchmark::RegisterBenchmark(("highlighter/" + lang).c_str(), highlighter, lang)
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
