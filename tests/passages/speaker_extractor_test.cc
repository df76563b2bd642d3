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

// Builds a release whose paragraphs each become one passage; a paragraph
// written "## text" is a heading.
struct Built {
  Release release;
  std::vector<Passage> passages;
};

Built build(const std::string& title, const std::vector<std::string>& paragraphs,
            std::vector<std::string> declared = {}) {
  Built b;
  b.release.id = "test";
  b.release.title = title;
  b.release.declared_speakers = std::move(declared);
  for (const std::string& p : paragraphs) {
    Paragraph para;
    if (p.rfind("## ", 0) == 0) {
      para.kind = Paragraph::Kind::kHeading;
      para.text = p.substr(3);
    } else {
      para.text = p;
    }
    b.release.body.push_back(para);
  }
  for (std::size_t i = 0; i < b.release.body.size(); ++i) {
    if (b.release.body[i].kind != Paragraph::Kind::kText) continue;
    Passage passage;
    passage.paragraph = static_cast<int>(i);
    passage.text = b.release.body[i].text;
    b.passages.push_back(passage);
  }
  SpeakerExtractor().attribute(b.release, b.passages);
  return b;
}

// Compact dump: one "name|role" or "-" per passage.
std::vector<std::string> dump(const std::vector<Passage>& passages) {
  std::vector<std::string> out;
  for (const Passage& p : passages) {
    out.push_back(p.speaker ? p.speaker->name + "|" + p.speaker->role : "-");
  }
  return out;
}

struct Row {
  const char* what;
  std::string title;
  std::vector<std::string> paragraphs;
  std::vector<std::string> expected;
  std::vector<std::string> declared;
};

TEST_CASE("SpeakerExtractor attributes reporting clauses", "[passages]") {
  const std::vector<Row> rows = {
      {"English name, role, said",
       "Press conference",
       {"On February 10th, a press conference was held. Liu Meiying, Member of "
        "the Party Leadership Group of Beijing Municipal Bureau of Commerce and "
        "Deputy Director of the Two Zones Office, said that the goals are set.",
        "Wang Ying said that the pilot program saw progress.",
        "He said that more would follow.",
        "(Reporter: Zhang Lu)"},
       {"Liu Meiying|Member of the Party Leadership Group of Beijing Municipal "
        "Bureau of Commerce and Deputy Director of the Two Zones Office",
        "Wang Ying|", "Wang Ying|", "-"}, {}},
      {"English title + surname resolves to the introduced person",
       "Three Indicted",
       {"Brooklyn District Attorney Eric Gonzalez, together with Commissioner "
        "Margaret Garnett, today announced that three women were indicted.",
        "District Attorney Gonzalez said, “These defendants allegedly conspired.",
        "“They will be held accountable.”",
        "Commissioner Garnett said, “Protecting housing matters.”",
        "The defendants allegedly told the victims that the fee was legal.",
        "The District Attorney said that, according to the indictment, the "
        "scheme ran for years.",
        "“We will not tolerate this,” said District Attorney Gonzalez."},
       {"Eric Gonzalez|District Attorney", "Eric Gonzalez|District Attorney",
        "Eric Gonzalez|District Attorney", "Margaret Garnett|Commissioner", "-",
        "Eric Gonzalez|District Attorney", "Eric Gonzalez|District Attorney"}, {}},
      {"English narration has no speaker",
       "Sentencing",
       {"The defendant was sentenced to 12 years in prison.",
        "Police said the car was stolen.",
        "The case was investigated by Detective John Smith of the NYPD.",
        "District Attorney Thompson said, “This was senseless.”",
        "An eyewitness testified that she saw the defendant. He said, “Run.”"},
       {"-", "-", "-", "-", "-"}, {}},
      {"Chinese name and title before the verb",
       "北京两区建设新闻发布会",
       {"2月10日，北京两区建设新闻发布会举行。",
        "北京市商务局副局长刘梅英介绍，今年两区建设的目标已经确定。",
        "刘梅英表示，将在三个方面发力。",
        "他指出，要提升园区品牌。",
        "（记者 张璐）"},
       {"-", "刘梅英|北京市商务局副局长", "刘梅英|副局长", "刘梅英|副局长", "-"}, {}},
      {"Traditional Chinese title-only references",
       "總統接見訪問團",
       {"蔡英文總統今（1）日上午接見「美國聯邦眾議員訪問團」。",
        "總統致詞時表示，歡迎訪問團來訪。",
        "總統進一步指出，臺美關係持續深化。",
        "陳建仁副總統今日也出席活動。",
        "副總統說，他感謝各界的支持。",
        "她表示，未來會持續努力。",
        "摩依士總統表示，感謝臺灣的協助。",
        "包括外交部次長等亦出席是項活動。"},
       {"-", "蔡英文|總統", "蔡英文|總統", "-", "陳建仁|副總統", "陳建仁|副總統", "摩依士|總統", "-"}, {}},
      {"A pronoun does not reach across a heading",
       "Highlights",
       {"Zhou Liquan said that protection centres were set up.", "## Highlight Two",
        "He said that more would follow."},
       {"Zhou Liquan|", "-"}, {}},
  };
  for (const Row& row : rows) {
    SECTION(row.what) {
      Built b = build(row.title, row.paragraphs, row.declared);
      CHECK(dump(b.passages) == row.expected);
    }
  }
}

TEST_CASE("SpeakerExtractor handles press conference transcripts", "[passages]") {
  const std::vector<Row> rows = {
      {"Chinese regular press conference",
       "2016年11月15日外交部发言人耿爽主持例行记者会",
       {"应委内瑞拉外长邀请，王毅将访问委内瑞拉。",
        "问：中方对此有何评论？",
        "答：我们注意到有关报道。",
        "正如习近平主席指出的，中方愿同各方合作。",
        "追问：你能否进一步介绍？",
        "路透社记者：美方表示将加征关税，中方如何回应？",
        "答：请你向主管部门询问。"},
       {"耿爽|外交部发言人", "|journalist", "耿爽|外交部发言人",
        "耿爽|外交部发言人", "|journalist", "|journalist", "耿爽|外交部发言人"}, {}},
      {"English regular press conference",
       "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on "
       "November 29, 2018",
       {"At the invitation of the government of Germany, Vice Premier Sun "
        "Chunlan will travel to Germany from June 24 to 27.",
        "Q: What does China hope to achieve?",
        "A: I believe you have learned much about this.",
        "As President Xi said, the visit will be a success.",
        "Follow-up: Will there be a joint statement?",
        "Reuters: A follow-up on trade.",
        "A: We will release information in due course."},
       {"Geng Shuang|Foreign Ministry Spokesperson", "|journalist",
        "Geng Shuang|Foreign Ministry Spokesperson",
        "Geng Shuang|Foreign Ministry Spokesperson", "|journalist", "|journalist",
        "Geng Shuang|Foreign Ministry Spokesperson"}, {}},
      {"Host from declared speakers when the title has none",
       "外交部例行记者会",
       {"问：有何评论？", "答：我们欢迎。"},
       {"|journalist", "华春莹|"},
       {"华春莹"}},
      {"Mixed-script answer keeps the host",
       "2019年5月6日外交部发言人华春莹主持例行记者会",
       {"问：美国国务卿蓬佩奥（Mike Pompeo）表示……中方有何回应？",
        "答：Pompeo said that China is a threat. 我们不认同这种说法。"},
       {"|journalist", "华春莹|外交部发言人"}, {}},
  };
  for (const Row& row : rows) {
    SECTION(row.what) {
      Built b = build(row.title, row.paragraphs, row.declared);
      CHECK(dump(b.passages) == row.expected);
    }
  }
}

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
  const std::string dir = test::shared_dir();
  if (dir.empty()) {
    WARN("skipped: ../shared not present");
    return;
  }
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
