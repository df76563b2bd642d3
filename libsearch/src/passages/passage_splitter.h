// Splits a release's body into passages, the unit of retrieval.
#ifndef LIBSEARCH_PASSAGES_PASSAGE_SPLITTER_H_
#define LIBSEARCH_PASSAGES_PASSAGE_SPLITTER_H_

#include <cstddef>
#include <memory>
#include <vector>

#include <unicode/brkiter.h>

#include "libsearch/release.h"


namespace libsearch {

// One passage per paragraph (headings included, so section titles can be
// found); a paragraph longer than max_bytes is cut at sentence boundaries
// into parts of at most about max_bytes. Not thread-safe (holds an ICU
// sentence iterator): one per thread.
class PassageSplitter {
 public:
  explicit PassageSplitter(std::size_t max_bytes = 1500);
  ~PassageSplitter();
  PassageSplitter(const PassageSplitter&) = delete;  // holds an ICU iterator
  PassageSplitter& operator=(const PassageSplitter&) = delete;

  std::vector<Passage> split(const Release& release);

 private:
  std::size_t max_bytes_;
  std::unique_ptr<icu::BreakIterator> sentences_;
};

}  // namespace libsearch

#endif  // LIBSEARCH_PASSAGES_PASSAGE_SPLITTER_H_
