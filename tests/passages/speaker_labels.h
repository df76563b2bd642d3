// Scoring speaker attribution against passages labelled by readers
// (tests/data/speakers/README.md): loads the labelled releases from
// ../shared, attributes them, and tallies right and wrong per source and per
// case, named speakers and no-speaker passages separately.
#ifndef LIBSEARCH_TESTS_PASSAGES_SPEAKER_LABELS_H_
#define LIBSEARCH_TESTS_PASSAGES_SPEAKER_LABELS_H_

#include <map>
#include <string>
#include <vector>

#include "libsearch/release.h"

namespace libsearch::test {

// The seed release, read the way a plain-text reader would: title on line 1,
// metadata lines skipped, blank-line separated paragraphs, short lines
// without final punctuation as headings.
Release read_seed(const std::string& path);

// A release from one line of a corpus JSON Lines file, body split on "\n\n".
Release release_from_json_line(const std::string& line);

struct Tally {
  int named = 0, named_ok = 0;  // labelled with a person's name
  int none = 0, none_ok = 0;    // labelled null or "" (a question)
  void add(bool named_label, bool ok) {
    (named_label ? named : none)++;
    if (ok) (named_label ? named_ok : none_ok)++;
  }
  int total() const { return named + none; }
  int ok() const { return named_ok + none_ok; }
  double accuracy() const { return total() ? double(ok()) / total() : 1.0; }
  double named_accuracy() const { return named ? double(named_ok) / named : 1.0; }
  double none_accuracy() const { return none ? double(none_ok) / none : 1.0; }
};

struct LabelScores {
  Tally all;
  std::map<std::string, Tally> by_source;  // source file
  std::map<int, Tally> by_case;            // case number 1-8 of issue 17
  std::vector<std::string> misses;         // one readable line per wrong passage
  std::vector<std::string> hits;           // the same for right ones
  bool empty() const { return all.total() == 0; }
};

// Scores the labels in `labels_file` against releases read from
// `corpus_dir` (../shared/corpus/real or heldout; "seed/..." files from its
// parent). Throws std::runtime_error naming the label line when a label does
// not match the corpus (unknown release, paragraph out of range, head
// differs).
LabelScores score_labels(const std::string& labels_file, const std::string& corpus_dir);

// The per-source and per-case table: right/total overall, for named
// speakers and for no-speaker passages.
std::string format_scores(const LabelScores& s);

}  // namespace libsearch::test

#endif  // LIBSEARCH_TESTS_PASSAGES_SPEAKER_LABELS_H_
