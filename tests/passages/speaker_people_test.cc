// People and titles: the role-holder table (data/speakers/role_holders.tsv)
// and the titles shared by attribution and identity.
#include <string>
#include <vector>

#include "passages/speaker_attributor.h"
#include "passages/speaker_titles.h"
#include "test_support.h"

namespace libsearch {
namespace detail {
extern const char kRoleHoldersText[];  // data/speakers/role_holders.tsv, compiled in
}  // namespace detail
namespace {

TEST_CASE("The built-in role-holder table parses without an error", "[passages][speakers]") {
  // role_holders() skips bad lines; parse the text again to see them.
  std::vector<std::string> errors;
  detail::parse_role_holders(detail::kRoleHoldersText, errors);
  for (const std::string& e : errors) UNSCOPED_INFO("data/speakers/role_holders.tsv: " << e);
  CHECK(errors.empty());
  const std::vector<detail::RoleHolder>& table = detail::role_holders();
  CHECK(table.size() >= 15);
  for (const detail::RoleHolder& h : table) {
    INFO(h.office << " " << h.name);
    CHECK((h.to.empty() || h.from <= h.to));
  }
}

TEST_CASE("Role-holder lines with errors are reported by line", "[passages][speakers]") {
  struct Row {
    std::string text;
    std::size_t rows;
    std::string error;
  };
  const std::vector<Row> rows = {
      {"# comment\n\n總統\t中華民國總統府\t蔡英文\t2016-05-20\t2024-05-19\n", 1, ""},
      {"District Attorney\tKings County\tEric Gonzalez\t2016-10-10\t\n", 1, ""},
      {"總統\t中華民國總統府\t蔡英文\t2016-05-20\n", 0,
       "line 1: expected 5 tab-separated fields (office, source, name, from, to), found 4"},
      {"x\n總統\t中華民國總統府\t蔡英文\t2016-5-20\t\n", 0,
       "line 1: expected 5 tab-separated fields (office, source, name, from, to), found 1"},
      {"總統\t中華民國總統府\t蔡英文\t2016-5-20\t\n", 0,
       "line 1: \"2016-5-20\" is not a date (expected YYYY-MM-DD)"},
      {"總統\t中華民國總統府\t\t2016-05-20\t\n", 0,
       "line 1: office, source and name must not be empty"},
      {"總統\t中華民國總統府\t蔡英文\t2024-05-20\t2016-05-19\r\n", 0,
       "line 1: ends (2016-05-19) before it starts (2024-05-20)"},
  };
  for (const Row& row : rows) {
    INFO(row.text);
    std::vector<std::string> errors;
    CHECK(detail::parse_role_holders(row.text, errors).size() == row.rows);
    if (row.error.empty()) {
      CHECK(errors.empty());
    } else {
      REQUIRE(!errors.empty());
      CHECK(errors[0] == row.error);
    }
  }
}

TEST_CASE("office_holder picks the holder on the release's date for its source",
          "[passages][speakers]") {
  const std::string tw = "中華民國總統府 Office of the President, Republic of China (Taiwan)";
  const std::string bk = "Kings County (Brooklyn) District Attorney's Office, New York";
  const std::string hc = "Harris County District Attorney's Office, Texas";
  struct Row {
    std::string office, source, date, name;
  };
  const std::vector<Row> rows = {
      {"總統", tw, "2016-05-19", "馬英九"},
      {"總統", tw, "2016-05-20", "蔡英文"},
      {"總統", tw, "2024-05-20", "賴清德"},
      {"副總統", tw, "2020-05-19", "陳建仁"},
      {"副總統", tw, "2020-05-20", "賴清德"},
      {"District Attorney", bk, "2016-10-09", "Ken Thompson"},
      {"District Attorney", bk, "2016-10-10", "Eric Gonzalez"},
      {"District Attorney", bk, "2026-05-13", "Eric Gonzalez"},
      {"District Attorney", hc, "2023-06-01", "Kim Ogg"},
      {"District Attorney", hc, "", ""},            // undated
      {"District Attorney", tw, "2020-01-01", ""},  // another source's office
      {"Mayor", bk, "2020-01-01", ""},              // an office not in the table
  };
  for (const Row& row : rows) {
    INFO(row.office << " " << row.date);
    CHECK(detail::office_holder(row.office, row.source, row.date) == row.name);
  }
}

TEST_CASE("Names that are not people's", "[passages][speakers]") {
  for (const char* junk : {"祝賀馬", "祝願醮", "關心苗", "曾經", "李副", "馬紹爾", "張女士",
                           "陳院士", "江總"}) {
    INFO(junk);
    CHECK_FALSE(detail::speakers::plausible_name(junk));
  }
  for (const char* name : {"蔡英文", "陳菊", "哈里斯", "大橋光夫", "Eric Gonzalez"}) {
    INFO(name);
    CHECK(detail::speakers::plausible_name(name));
  }
}

}  // namespace
}  // namespace libsearch
