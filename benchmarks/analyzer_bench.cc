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

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include "libsearch/analyzer.h"
#include "bench_corpus.h"

namespace {

using bench::corpus;
using bench::Texts;

// One of the Analyzer's term functions over every paragraph: terms(), or
// character_terms() (without Chinese words, what highlighting reads).
using TermsFn = void (libsearch::Analyzer::*)(std::string_view, std::uint32_t,
                                              std::vector<libsearch::Term>&);

void analysis(benchmark::State& state, const std::string& lang, TermsFn fn) {
  const Texts& texts = corpus().at(lang);
  libsearch::Analyzer a;
  std::vector<libsearch::Term> terms;
  std::size_t count = 0;
  for (auto _ : state) {
    for (const std::string& p : texts.paragraphs) {
      (a.*fn)(p, 1, terms);
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
    const TermsFn full = &libsearch::Analyzer::terms;
    benchmark::RegisterBenchmark(("analyzer/" + lang).c_str(), analysis, lang, full)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("character_terms/" + lang).c_str(), analysis, lang,
                                 &libsearch::Analyzer::character_terms)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("bare_icu/" + lang).c_str(), bare_icu, lang)
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
