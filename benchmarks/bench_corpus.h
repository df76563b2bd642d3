// Paragraphs of ../shared/corpus/real by language (at most kMaxBytes each),
// or of the project's samples when the shared data is absent: the text the
// unit benchmarks measure.
#ifndef LIBSEARCH_BENCHMARKS_BENCH_CORPUS_H_
#define LIBSEARCH_BENCHMARKS_BENCH_CORPUS_H_

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "libsearch/corpus_reader.h"

namespace bench {

constexpr std::size_t kMaxBytes = 4 << 20;

struct Texts {
  std::vector<std::string> paragraphs;
  std::size_t bytes = 0;
};

// ../shared/corpus/real, else the project's samples.
inline std::string corpus_dir() {
  const std::string dir = std::string(LIBSEARCH_SHARED_DIR) + "/corpus/real";
  return std::filesystem::is_directory(dir) ? dir : LIBSEARCH_SAMPLES_DIR;
}

inline const std::map<std::string, Texts>& corpus() {
  static const std::map<std::string, Texts> texts = [] {
    std::map<std::string, Texts> out;
    libsearch::DiagnosticList diagnostics;
    libsearch::read_corpus(corpus_dir(), diagnostics, [&](libsearch::Release&& r) {
      Texts& t = out[r.lang];
      for (const auto& p : r.body) {
        if (t.bytes >= kMaxBytes) return;
        t.bytes += p.text.size();
        t.paragraphs.push_back(p.text);
      }
    });
    return out;
  }();
  return texts;
}

}  // namespace bench

#endif  // LIBSEARCH_BENCHMARKS_BENCH_CORPUS_H_
