// Aligns the paragraphs of a Chinese press-conference transcript with those
// of its English translation.
//
//   std::vector<AlignParagraph> zh = ..., en = ...;  // in reading order
//   for (const Alignment& a : align_paragraphs(zh, en))
//     if (a.confidence >= kAlignmentThreshold) ...  // a.zh[0] <-> a.en[0]
//
// Two levels, both dynamic programs over reading order. First the
// transcripts are cut into blocks: the opening announcements (paragraphs
// before the first question), then one block per question with the answer
// that follows it. Blocks are aligned allowing blocks of either side to be
// left out (the English transcript drops questions now and then). Then,
// within each pair of blocks, paragraphs are aligned question to question,
// answer to answer, allowing a paragraph to have no counterpart (abridged
// answers) and one paragraph to match two on the other side (a translator
// splitting or merging). Scores use what survives translation: the Q/A
// markers, numbers, Latin names and acronyms, and length ratios.
//
// Pure computation, thread-safe.
#ifndef LIBSEARCH_BILINGUAL_PASSAGE_ALIGNER_H_
#define LIBSEARCH_BILINGUAL_PASSAGE_ALIGNER_H_

#include <string>
#include <vector>

namespace libsearch::detail {

struct AlignParagraph {
  int paragraph = 0;  // index into the release body
  std::string text;
};

// One aligned group: one or two paragraphs on each side (never two on
// both). `zh` and `en` hold paragraph indices (AlignParagraph::paragraph).
struct Alignment {
  std::vector<int> zh;
  std::vector<int> en;
  double confidence = 0;  // in [0, 1]
};

// Alignments below this confidence are not shown (not stored as a
// counterpart): on the labelled pairs in tests/data/alignments, alignments
// at or above it were right 0.97 or more of the time (see the README).
inline constexpr double kAlignmentThreshold = 0.5;

// Alignments in reading order. Paragraphs left out of every alignment have
// no counterpart.
std::vector<Alignment> align_paragraphs(const std::vector<AlignParagraph>& zh,
                                        const std::vector<AlignParagraph>& en);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_BILINGUAL_PASSAGE_ALIGNER_H_
