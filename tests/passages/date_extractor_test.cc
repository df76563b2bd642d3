#include "passages/date_extractor.h"

#include <string>
#include <vector>

#include "test_support.h"

namespace libsearch {
namespace {

TEST_CASE("extract_dates resolves mentions against the release date", "[passages]") {
  struct Row {
    std::string text;
    std::string release;
    std::vector<std::string> dates;
  };
  const std::vector<Row> rows = {
      // English.
      {"On February 10th, a press conference was held.", "2022-02-15", {"2022-02-10"}},
      {"The hearing on May 12 was postponed.", "2020-06-01", {"2020-05-12"}},
      {"It opened on February 27, 2015.", "2022-02-15", {"2015-02-27"}},
      {"In April last year, two sub-centers were established.", "2022-02-15", {"2021-04"}},
      {"In 2021, the added value reached 760 billion yuan.", "2022-02-15", {"2021"}},
      {"He will travel to Germany from June 24 to 27.", "2019-06-18",
       {"2019-06-24", "2019-06-27"}},
      {"Between March 1 and March 16, 2015, Treybich allegedly solicited cash.",
       "2019-05-21", {"2015-03-01", "2015-03-16"}},
      {"between January 1, 2013 and May 6, 2019", "2019-05-21",
       {"2013-01-01", "2019-05-06"}},
      {"The meeting on 10 February 2022 ended.", "2022-02-15", {"2022-02-10"}},
      {"Sentencing is set for Sept. 5.", "2019-08-01", {"2019-09-05"}},
      {"It happened in March 2019.", "2020-01-01", {"2019-03"}},
      {"May we have your attention. 2021 was a good year.", "2022-02-15", {}},
      {"more than 1,000 patent consultations and 2021 visitors", "2022-02-15", {}},
      {"February 30 does not exist.", "2022-02-15", {}},
      // Chinese.
      {"2022年2月10日，发布会举行。", "2022-02-15", {"2022-02-10"}},
      {"马杜罗将于9月13日至16日对中国进行国事访问。", "2018-09-13",
       {"2018-09-13", "2018-09-16"}},
      {"会议于9月30日至10月2日举行。", "2018-09-13", {"2018-09-30", "2018-10-02"}},
      {"陳建仁副總統今（15）日上午出席典禮。", "2019-06-15", {"2019-06-15"}},
      {"總統今(1)日接見訪問團。", "2019-06-01", {"2019-06-01"}},
      {"昨（14）日舉行。", "2019-06-15", {"2019-06-14"}},
      {"２０１９年３月５日", "2019-06-15", {"2019-03-05"}},
      {"2008年中国汶川特大地震发生后。", "2018-09-13", {"2008"}},
      {"去年4月，两个分中心成立。", "2022-02-15", {"2021-04"}},
      {"2019年3月，双方举行会谈。", "2019-06-15", {"2019-03"}},
      {"上世纪90年代", "2019-06-15", {}},
      // Mixed.
      {"外交部发言人在February 10th表示，2022年2月11日将举行会谈。", "2022-02-15",
       {"2022-02-10", "2022-02-11"}},
      // Without a release date only absolute dates are found.
      {"On February 10th and on February 27, 2015; 今（1）日", "",
       {"2015-02-27"}},
  };
  for (const Row& row : rows) {
    INFO(row.text);
    CHECK(extract_dates(row.text, row.release) == row.dates);
  }
}

TEST_CASE("parse_release_date validates and normalises", "[passages]") {
  struct Row {
    std::string in;
    bool ok;
    std::string out;
  };
  const std::vector<Row> rows = {
      {"2022-02-15", true, "2022-02-15"},
      {"2020/2/29", true, "2020-02-29"},
      {"2019.1.5", true, "2019-01-05"},
      {" 2018-09-13 ", true, "2018-09-13"},
      {"2018年9月3日", true, "2018-09-03"},
      {"November 29, 2018", true, "2018-11-29"},
      {"Sept. 5, 2019", true, "2019-09-05"},
      {"2022-02-29", false, ""},
      {"1900-02-29", false, ""},
      {"2000-02-29", true, "2000-02-29"},
      {"2019-13-01", false, ""},
      {"2019-04-31", false, ""},
      {"2019-04", false, ""},
      {"2019-04-01T00:00", false, ""},
      {"2019年4月", false, ""},
      {"November 31, 2018", false, ""},
      {"", false, ""},
      {"yesterday", false, ""},
  };
  for (const Row& row : rows) {
    INFO(row.in);
    std::string out;
    CHECK(parse_release_date(row.in, out) == row.ok);
    CHECK(out == row.out);
  }
}

}  // namespace
}  // namespace libsearch
