// Press conference transcripts (passages/speaker_transcript.cc).
#include <string>
#include <vector>

#include "passages/speaker_test_support.h"
#include "test_support.h"

namespace libsearch {
namespace {

using test::SpeakerRow;

void check_rows(const std::vector<SpeakerRow>& rows) {
  for (const SpeakerRow& row : rows) {
    SECTION(row.what) { CHECK(test::attribute_row(row) == row.expected); }
  }
}

TEST_CASE("Transcripts: questions, answers and the host", "[passages][speakers]") {
  check_rows({
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
        "耿爽|外交部发言人", "|journalist", "|journalist", "耿爽|外交部发言人"}},
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
        "Geng Shuang|Foreign Ministry Spokesperson"}},
      {"host from declared speakers when the title has none",
       "外交部例行记者会",
       {"问：有何评论？", "答：我们欢迎。"},
       {"|journalist", "华春莹|"}, "", "", {"华春莹"}},
      {"mixed-script answer keeps the host",
       "2019年5月6日外交部发言人华春莹主持例行记者会",
       {"问：美国国务卿蓬佩奥（Mike Pompeo）表示……中方有何回应？",
        "答：Pompeo said that China is a threat. 我们不认同这种说法。"},
       {"|journalist", "华春莹|外交部发言人"}},
  });
}

TEST_CASE("Transcripts: separators, notices and late questions (case 7)",
          "[passages][speakers]") {
  check_rows({
      {"a separator and the office's notice after it",
       "Foreign Ministry Spokesperson Lu Kang's Regular Press Conference on May 22, 2019",
       {"Q: Any comment?", "A: No comment.", "***",
        "For scheduling reasons, the MFA regular press conference on May 24 (Friday) will "
        "begin at 2 p.m."},
       {"|journalist", "Lu Kang|Foreign Ministry Spokesperson", "-", "-"}},
      {"the host speaking again after a separator",
       "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on September 30, 2019",
       {"Q: Any comment?", "A: No comment.", "*******",
        "We will be celebrating the 70th anniversary tomorrow. I'm sure you share our joy.",
        "Over the past seven decades, China has traveled a momentous journey."},
       {"|journalist", "Geng Shuang|Foreign Ministry Spokesperson", "-",
        "Geng Shuang|Foreign Ministry Spokesperson", "Geng Shuang|Foreign Ministry Spokesperson"}},
      {"a question raised after the conference, and its answer",
       "Foreign Ministry Spokesperson Hua Chunying's Regular Press Conference on June 3, 2019",
       {"Q: Any comment?", "A: No comment.",
        "The following question was raised after the press conference: Can you tell us more?",
        "China has always supported the talks."},
       {"|journalist", "Hua Chunying|Foreign Ministry Spokesperson", "|journalist",
        "Hua Chunying|Foreign Ministry Spokesperson"}},
      {"an explicit '华春莹表示：' paragraph",
       "2019年4月3日外交部发言人耿爽主持例行记者会",
       {"问：有何评论？", "* * *", "耿爽表示：我前天已经回答了有关问题。"},
       {"|journalist", "-", "耿爽|外交部发言人"}},
  });
}

}  // namespace
}  // namespace libsearch
