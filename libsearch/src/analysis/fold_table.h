// Traditional->Simplified folding of single Han characters (BMP only,
// one-to-one), generated at build time from ICU's Hant-Hans transliterator.
#ifndef LIBSEARCH_ANALYSIS_FOLD_TABLE_H_
#define LIBSEARCH_ANALYSIS_FOLD_TABLE_H_

#include <cstdint>

namespace libsearch::detail {

struct FoldPair {
  std::uint16_t from;
  std::uint16_t to;
};

extern const FoldPair kFoldPairs[];
extern const unsigned kFoldPairCount;

// The Simplified form of `c`, or `c` itself. Thread-safe; the lookup table is
// built on first use.
char16_t fold_han(char16_t c);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_ANALYSIS_FOLD_TABLE_H_
