// Passage weighting: BM25 with its length normalisation applied when
// indexing.
//
// BM25 divides a term's within-passage frequency (wdf) by
// K = (1 - b) + b * max(L / L0, 0.5) for a passage of L terms. Xapian reads
// each candidate's length for that, a B-tree seek per match that costs more
// than everything else in a selective query. So the index stores the
// normalised frequency instead: each occurrence of a weighted term adds
// round(kWdfScale / K) to its wdf, and queries weight with BM25 without
// length normalisation and k1 scaled by kWdfScale. Term by term that is
// BM25 times one constant, so passages rank as with BM25 (b = 0.5, up to
// rounding of under 3% at the lengths passages have), while a match costs
// no length lookup.
//
// L0 is a fixed reference length (between the mean passages of press
// releases, about 220 terms, and of long policy documents, about 830)
// rather than the collection's mean, so a passage's weights do not change
// as releases are added.
#ifndef LIBSEARCH_INDEX_WEIGHTING_H_
#define LIBSEARCH_INDEX_WEIGHTING_H_

#include <algorithm>
#include <cmath>

#include <xapian.h>

namespace libsearch::detail {

inline constexpr double kBm25K1 = 1.0;
inline constexpr double kBm25B = 0.5;
inline constexpr double kMinNormLength = 0.5;
inline constexpr double kReferenceLength = 400.0;  // terms
inline constexpr double kWdfScale = 64.0;

// What one occurrence of a weighted term adds to its wdf in a passage with
// `length` weighted term occurrences (title terms included).
inline Xapian::termcount occurrence_wdf(std::size_t length) {
  const double norm = std::max(static_cast<double>(length) / kReferenceLength, kMinNormLength);
  const double k = (1.0 - kBm25B) + kBm25B * norm;
  return static_cast<Xapian::termcount>(std::max(1L, std::lround(kWdfScale / k)));
}

// The weighting scheme of every search but any-term ones.
inline Xapian::BM25Weight passage_weight() {
  return Xapian::BM25Weight(kBm25K1 * kWdfScale, 0, 1, 0, kMinNormLength);
}

// Any-term searches (pasted questions) saturate a term's frequency sooner:
// a passage gains more by holding another of the question's terms than by
// repeating one. On the tuning part of the ncp-policy-qa development
// questions k1 1.0 gave MRR@10 0.885, 0.5 0.896, 0.3 0.897, 0.2 0.898, 0.1
// 0.887 (one hit per release, before release scores; see the searcher).
inline constexpr double kQuestionBm25K1 = 0.3;

inline Xapian::BM25Weight question_weight() {
  return Xapian::BM25Weight(kQuestionBm25K1 * kWdfScale, 0, 1, 0, kMinNormLength);
}

}  // namespace libsearch::detail

#endif  // LIBSEARCH_INDEX_WEIGHTING_H_
