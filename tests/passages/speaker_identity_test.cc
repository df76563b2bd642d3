#include "passages/speaker_identity.h"

#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "passages/speaker_titles.h"
#include "test_support.h"

namespace libsearch {
namespace {

TEST_CASE("speaker_key folds scripts and roles to one key", "[passages]") {
  struct Row {
    std::string name;
    std::string key;
  };
  const std::vector<Row> rows = {
      {"陳建仁", "chenjianren"},
      {"陈建仁", "chenjianren"},
      {"华春莹", "huachunying"},
      {"華春瑩", "huachunying"},
      {"Hua Chunying", "huachunying"},
      {"Spokesperson Hua Chunying", "huachunying"},
      {"Foreign Ministry Spokesperson Geng Shuang", "gengshuang"},
      {"Geng Shuang", "gengshuang"},
      {"耿爽", "gengshuang"},
      {"外交部发言人耿爽", "gengshuang"},
      {"蔡英文總統", "caiyingwen"},
      {"赵立坚", "zhaolijian"},
      {"Zhao Lijian", "zhaolijian"},
      {"陸慷", "lukang"},
      {"Mr. Lu Kang", "lukang"},
      {"Brooklyn District Attorney Eric Gonzalez", "ericgonzalez"},
      {"Eric Gonzalez", "ericgonzalez"},
      {"Christina Scaringi", "christinascaringi"},
      {"O'Neill", "oneill"},
      {"  ", ""},
      {"", ""},
  };
  for (const Row& row : rows) {
    INFO(row.name);
    CHECK(speaker_key(row.name) == row.key);
  }
}

TEST_CASE("speaker_key matches across scripts for the same person", "[passages]") {
  CHECK(speaker_key("陳建仁") == speaker_key("陈建仁"));
  CHECK(speaker_key("华春莹") == speaker_key("Spokesperson Hua Chunying"));
  CHECK(speaker_key("耿爽") == speaker_key("Geng Shuang"));
  CHECK(speaker_key("Geng Shuang") != speaker_key("Hua Chunying"));
}

// Issue 22, defect 3: attribution and identity used separate title lists,
// so speaker_key("Mayor Eric Adams") kept "mayor" and
// speaker_key("副局长刘梅英") kept the title. Every title of the one shared
// table is stripped.
TEST_CASE("speaker_key strips every title attribution knows (issue 22)", "[passages]") {
  CHECK(speaker_key("Mayor Eric Adams") == speaker_key("Eric Adams"));
  CHECK(speaker_key("副局长刘梅英") == speaker_key("刘梅英"));
  CHECK(speaker_key("Public Advocate Letitia James") == "letitiajames");
  CHECK(speaker_key("Speaker Melissa Mark-Viverito") == "melissamarkviverito");
  CHECK(speaker_key("Keechant L. Sewell") == speaker_key("Keechant Sewell"));
  CHECK(speaker_key("Kenneth P. Thompson") == speaker_key("Kenneth Thompson"));
  CHECK(speaker_key("張女士") == "zhang");
  for (std::string_view t : detail::kChineseTitles) {
    INFO(t);
    CHECK(speaker_key(std::string(t) + "刘梅英") == "liumeiying");
    CHECK(speaker_key("刘梅英" + std::string(t)) == "liumeiying");
  }
  for (std::string_view t : detail::kEnglishTitleWords) {
    INFO(t);
    CHECK(speaker_key(std::string(t) + " Eric Adams") == "ericadams");
  }
}

// Identity is by pronunciation: homophonous names collide. Documented in
// speaker_identity.h; this records the behaviour.
TEST_CASE("speaker_key: identical pinyin shares a key", "[passages]") {
  CHECK(speaker_key("张伟") == speaker_key("章玮"));
}

TEST_CASE("speaker_key is usable from several threads", "[passages]") {
  std::string a, b;
  std::thread t([&] { a = speaker_key("陸慷"); });
  b = speaker_key("陆慷");
  t.join();
  CHECK(a == "lukang");
  CHECK(b == "lukang");
}

}  // namespace
}  // namespace libsearch
