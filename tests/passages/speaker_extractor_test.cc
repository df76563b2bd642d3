#include "passages/speaker_extractor.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "libsearch/release.h"
#include "passages/speaker_identity.h"
#include "passages/speaker_labels.h"
#include "test_support.h"

#ifndef LIBSEARCH_TEST_DATA_DIR
#define LIBSEARCH_TEST_DATA_DIR "tests/data"
#endif

namespace libsearch {
namespace {

TEST_CASE("SpeakerExtractor gives every passage of a paragraph its speaker",
          "[passages]") {
  Release r;
  r.title = "t";
  r.body.push_back({Paragraph::Kind::kText,
                    "Wang Ying said that progress was made. It was fast.", 0});
  std::vector<Passage> ps(2);
  ps[0].paragraph = 0;
  ps[0].text = "Wang Ying said that progress was made.";
  ps[1].paragraph = 0;
  ps[1].text = "It was fast.";
  SpeakerExtractor().attribute(r, ps);
  REQUIRE(ps[1].speaker);
  CHECK(ps[1].speaker->name == "Wang Ying");
}

TEST_CASE("SpeakerExtractor never names the credited reporter", "[passages]") {
  Release r;
  r.title = "t";
  r.reporter = "Zhang Lu";
  r.body.push_back({Paragraph::Kind::kText, "Zhang Lu said that it rained.", 0});
  std::vector<Passage> ps(1);
  SpeakerExtractor().attribute(r, ps);
  CHECK_FALSE(ps[0].speaker);
}

TEST_CASE("SpeakerExtractor on the seed release", "[passages]") {
  LIBSEARCH_REQUIRE_SHARED();
  const std::string dir = test::shared_dir();
  Release r = test::read_seed(dir + "/corpus/seed/000_48e2b8906d70f57b.txt");
  REQUIRE(r.body.size() > 20);
  CHECK(r.reporter == "Zhang Lu");
  // Also without the reporter metadata: the credit line alone must not make
  // Zhang Lu a speaker.
  for (bool with_reporter : {true, false}) {
    Release copy = r;
    if (!with_reporter) copy.reporter.clear();
    std::vector<Passage> passages;
    for (std::size_t i = 0; i < copy.body.size(); ++i) {
      if (copy.body[i].kind != Paragraph::Kind::kText) continue;
      Passage p;
      p.paragraph = static_cast<int>(i);
      p.text = copy.body[i].text;
      passages.push_back(p);
    }
    SpeakerExtractor().attribute(copy, passages);
    std::set<std::string> names;
    int he_said = 0;
    for (const Passage& p : passages) {
      if (p.speaker) names.insert(p.speaker->name);
      if (p.text.rfind("He said", 0) == 0 ||
          p.text.find("\" He said") != std::string::npos) {
        ++he_said;
        REQUIRE(p.speaker);
        CHECK(p.speaker->name == "Zhou Liquan");
      }
      if (p.text.find("Zhang Lu") != std::string::npos) CHECK_FALSE(p.speaker);
    }
    CHECK(he_said == 2);
    CHECK(names == std::set<std::string>{"Liu Meiying", "Wang Ying", "Qu Haopeng",
                                         "Lu Xiaobo", "Zhou Liquan"});
  }
}

}  // namespace
}  // namespace libsearch
