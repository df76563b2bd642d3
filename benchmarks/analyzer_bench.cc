// Analysis throughput per language, in bytes of UTF-8 text per second on one
// core: the full Analyzer (segmentation, lexicon, folding, terms) beside bare
// ICU word breaking of the same paragraphs (UTF-8 -> UTF-16 and a word break
// iterator walked to the end, keeping word tokens), and character_terms (no
// Chinese dictionary segmentation, as highlighting uses). Reads the releases of
// ../shared/corpus/real when present (at most kMaxBytes per language), else
// the project's samples.
//
//   build/benchmarks/analyzer_bench [--benchmark_filter=zh-Hans]
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include "libsearch/analyzer.h"
#include "bench_corpus.h"

namespace {

using bench::corpus;
using bench::Texts;

void analyzer(benchmark::State& state, const std::string& lang) {
  const Texts& texts = corpus().at(lang);
  libsearch::Analyzer a;
  std::vector<libsearch::Term> terms;
  std::size_t count = 0;
  for (auto _ : state) {
    for (const std::string& p : texts.paragraphs) {
      a.terms(p, 1, terms);
      count += terms.size();
    }
  }
  benchmark::DoNotOptimize(count);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * texts.bytes));
}

// Terms without Chinese words (what highlighting reads).
void character_terms(benchmark::State& state, const std::string& lang) {
  const Texts& texts = corpus().at(lang);
  libsearch::Analyzer a;
  std::vector<libsearch::Term> terms;
  std::size_t count = 0;
  for (auto _ : state) {
    for (const std::string& p : texts.paragraphs) {
      a.character_terms(p, 1, terms);
      count += terms.size();
    }
  }
  benchmark::DoNotOptimize(count);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * texts.bytes));
}

void bare_icu(benchmark::State& state, const std::string& lang) {
  const Texts& texts = corpus().at(lang);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) {
    state.SkipWithError(u_errorName(status));
    return;
  }
  std::size_t count = 0;
  for (auto _ : state) {
    for (const std::string& p : texts.paragraphs) {
      const icu::UnicodeString u = icu::UnicodeString::fromUTF8(p);
      words->setText(u);
      words->first();
      while (words->next() != icu::BreakIterator::DONE) {
        if (words->getRuleStatus() >= UBRK_WORD_NONE_LIMIT) ++count;
      }
    }
  }
  benchmark::DoNotOptimize(count);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * texts.bytes));
}

const bool registered = [] {
  for (const auto& [lang, texts] : corpus()) {
    if (texts.paragraphs.empty()) continue;
    benchmark::RegisterBenchmark(("analyzer/" + lang).c_str(), analyzer, lang)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("character_terms/" + lang).c_str(), character_terms, lang)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("bare_icu/" + lang).c_str(), bare_icu, lang)
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
