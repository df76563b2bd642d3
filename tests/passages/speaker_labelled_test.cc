// Speaker attribution scored against the passages readers labelled
// (tests/data/speakers/README.md), per source and per case of issue 17.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "passages/speaker_labels.h"
#include "test_support.h"

namespace libsearch {
namespace {

std::string labels_file() {
  // LIBSEARCH_SPEAKER_LABELS scores another label file with the report test
  // (labels being written, say) without touching the test data.
  if (const char* f = std::getenv("LIBSEARCH_SPEAKER_LABELS")) return f;
  return test::data_dir() + "/speakers/labelled.jsonl";
}

constexpr char kSeedFile[] = "seed/000_48e2b8906d70f57b.txt";

// Measured once on the held-out sample (README.md), rounded down.
constexpr double kHeldoutAll = 0.92;   // 194/209 = 0.928 measured
constexpr double kHeldoutNone = 0.99;  // 69/69 = 1.000 measured

TEST_CASE("SpeakerExtractor gets every paragraph of the seed release right", "[passages]") {
  LIBSEARCH_REQUIRE_SHARED();
  const test::LabelScores s =
      test::score_labels(test::data_dir() + "/speakers/labelled.jsonl",
                         test::shared_dir() + "/corpus/real");
  INFO(test::format_scores(s));
  for (const std::string& m : s.misses) {
    if (m.find(kSeedFile) != std::string::npos) UNSCOPED_INFO(m);
  }
  REQUIRE(s.by_source.count(kSeedFile) == 1);
  const test::Tally& seed = s.by_source.at(kSeedFile);
  CHECK(seed.total() == 33);
  CHECK(seed.ok() == 33);
}

// Issue 17's thresholds where they hold (0.97 overall, 0.93 on every case,
// 0.97 for passages without a named speaker); where they do not, the
// accuracy measured, rounded down, so that a regression fails.
// tests/data/speakers/README.md gives the figures.
TEST_CASE("SpeakerExtractor accuracy on the labelled set", "[passages]") {
  LIBSEARCH_REQUIRE_SHARED();
  const test::LabelScores s =
      test::score_labels(test::data_dir() + "/speakers/labelled.jsonl",
                         test::shared_dir() + "/corpus/real");
  INFO(test::format_scores(s));
  CHECK(s.all.total() >= 600);
  CHECK(s.all.accuracy() >= 0.97);
  CHECK(s.all.none_accuracy() >= 0.97);
  CHECK(s.all.named_accuracy() >= 0.96);
  const std::map<int, double> by_case = {
      {1, 0.92},  // below the 0.93: accounts the narration ends without a mark
      {2, 0.93}, {3, 0.93}, {4, 0.93}, {5, 0.93}, {6, 0.93}, {7, 0.93}, {8, 0.93},
  };
  for (const auto& [c, min] : by_case) {
    INFO("case " << c);
    REQUIRE(s.by_case.count(c) == 1);
    CHECK(s.by_case.at(c).total() >= 25);
    CHECK(s.by_case.at(c).accuracy() >= min);
  }
  const std::map<std::string, double> by_source = {
      {"mfa_press_conference_en.jsonl", 0.99},   {"mfa_spokesperson_zh-Hans.jsonl", 0.99},
      {"tw_president_news_zh-Hant.jsonl", 0.95}, {"us_brooklyn_da_press_en.jsonl", 0.94},
      {"seed/000_48e2b8906d70f57b.txt", 1.0},
  };
  REQUIRE(s.by_source.size() == by_source.size());
  for (const auto& [file, min] : by_source) {
    INFO(file);
    CHECK(s.by_source.at(file).total() >= 30);
    CHECK(s.by_source.at(file).accuracy() >= min);
  }
}

// The held-out sample (tests/data/speakers/heldout.jsonl, passages of
// ../shared/corpus/heldout labelled blind) was scored once, after the rules
// were final; the thresholds are that measurement rounded down, so that a
// regression fails. Never tune the rules on it.
TEST_CASE("SpeakerExtractor accuracy on the held-out sample", "[passages]") {
  LIBSEARCH_REQUIRE_SHARED();
  const test::LabelScores s =
      test::score_labels(test::data_dir() + "/speakers/heldout.jsonl",
                         test::shared_dir() + "/corpus/heldout");
  INFO(test::format_scores(s));
  CHECK(s.all.total() >= 150);
  CHECK(s.all.accuracy() >= kHeldoutAll);
  CHECK(s.all.none_accuracy() >= kHeldoutNone);
}

// Prints the per-source and per-case table and every wrong passage: run
// with `[.accuracy]` when working on attribution.
TEST_CASE("SpeakerExtractor labelled-set report", "[passages][.accuracy]") {
  LIBSEARCH_REQUIRE_SHARED();
  // LIBSEARCH_SPEAKER_CORPUS=heldout scores labels of the held-out corpus.
  const char* corpus = std::getenv("LIBSEARCH_SPEAKER_CORPUS");
  const test::LabelScores s = test::score_labels(
      labels_file(), test::shared_dir() + "/corpus/" + (corpus ? corpus : "real"));
  // Printed, not WARNed: Catch would wrap the table's lines.
  std::printf("%s", test::format_scores(s).c_str());
  for (const std::string& m : s.misses) std::printf("MISS %s\n", m.c_str());
  if (std::getenv("LIBSEARCH_SPEAKER_HITS")) {
    for (const std::string& m : s.hits) std::printf("OK   %s\n", m.c_str());
  }
  SUCCEED();
}

}  // namespace
}  // namespace libsearch
