// Chinese reporting clauses (passages/speaker_chinese.cc), speeches and
// continuations (speaker_extractor.cc).
#include <string>
#include <vector>

#include "passages/speaker_test_support.h"
#include "test_support.h"

namespace libsearch {
namespace {

using test::SpeakerRow;

constexpr char kTaiwan[] = "中華民國總統府 Office of the President, Republic of China (Taiwan)";

void check_rows(const std::vector<SpeakerRow>& rows) {
  for (const SpeakerRow& row : rows) {
    SECTION(row.what) { CHECK(test::attribute_row(row) == row.expected); }
  }
}

TEST_CASE("Chinese reporting clauses", "[passages][speakers]") {
  check_rows({
      {"name and title before the verb",
       "北京两区建设新闻发布会",
       {"2月10日，北京两区建设新闻发布会举行。",
        "北京市商务局副局长刘梅英介绍，今年两区建设的目标已经确定。",
        "刘梅英表示，将在三个方面发力。",
        "他指出，要提升园区品牌。",
        "（记者 张璐）"},
       {"-", "刘梅英|北京市商务局副局长", "刘梅英|副局长", "刘梅英|副局长", "-"}},
      {"title-only references, a lead clause, a visiting guest (cases 4, 6)",
       "總統接見訪問團",
       {"蔡英文總統今（1）日上午接見「美國聯邦眾議員訪問團」。",
        "總統致詞時表示，歡迎訪問團來訪。",
        "總統進一步指出，臺美關係持續深化。",
        "陳建仁副總統今日也出席活動。",
        "副總統說，他感謝各界的支持。",
        "她表示，未來會持續努力。",
        "摩依士總統表示，感謝臺灣的協助。",
        "包括外交部次長等亦出席是項活動。"},
       {"-", "蔡英文|總統", "蔡英文|總統", "-", "陳建仁|副總統", "陳建仁|副總統", "摩依士|總統", "-"}},
      {"subjects left out and clauses in between (case 6)",
       "副總統接見訪問團",
       {"陳建仁副總統今（17）日下午接見「美國羅省中華會館回國訪問團」，肯定僑胞長期支持。",
        "隨後，哈里斯總理致詞時表示，非常榮幸能再次到訪。",
        "隨後蔡總統在國宴致詞時表示，勳章象徵友誼。",
        "副總統以英文致詞，首先恭喜西門子公司。"},
       {"陳建仁|副總統", "哈里斯|總理", "蔡英文|總統", "陳建仁|副總統"}, kTaiwan, "2019-01-14"},
      {"title + surname resolves to the person introduced with that title (case 3)",
       "副總統：新任總統府秘書長陳菊將帶領同仁",
       {"陳建仁副總統今（23）日上午主持交接典禮，也強調新任秘書長陳菊豐富的政治歷練。",
        "陳秘書長致詞時首先感謝高雄市民，並表示她會努力。"},
       {"陳建仁|副總統", "陳菊|秘書長"}},
      {"a title alone with the office holder on the release's date (case 4)",
       "總統出席活動",
       {"總統說，政府會持續努力。"},
       {"蔡英文|總統"}, kTaiwan, "2018-05-25"},
      {"the office holder before 2016",
       "總統出席活動",
       {"總統說，政府會持續努力。"},
       {"馬英九|總統"}, kTaiwan, "2015-05-25"},
      {"no name that is not a person's",
       "總統出席活動",
       {"祝賀馬總統說，大家好。", "張女士表示，她很高興。", "瓜地馬拉總統表示，感謝臺灣。"},
       {"-", "-", "-"}},
  });
}

TEST_CASE("Chinese speeches introduced by a colon (case 2)", "[passages][speakers]") {
  check_rows({
      {"the speech goes on until the narration resumes",
       "接見國際獅子會獅友",
       {"蔡英文總統今（25）日下午接見國際獅子會分會會長時強調，處理兩岸關係要團結。",
        "總統致詞內容如下：",
        "我要歡迎大家來總統府。",
        "獅子會是臺灣最熱心公益的團體之一。賴院長一直認為，這很重要。",
        "訪賓一行由總監李正邦率領，總統府副秘書長劉建忻也在座。"},
       {"蔡英文|總統", "-", "蔡英文|總統", "蔡英文|總統", "-"}},
      {"a spokesperson relays the President's statement",
       "總統聲明",
       {"關於敦睦艦隊染疫，總統府發言人轉述總統三點聲明：",
        "一、防疫視同作戰。",
        "二、國軍應該全力配合。",
        "至於媒體詢問總統行程一事，總統府說明，並無此事。"},
       {"-", "蔡英文|總統", "蔡英文|總統", "-"}, kTaiwan, "2020-04-19"},
  });
}

}  // namespace
}  // namespace libsearch
