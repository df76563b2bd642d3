// Date extraction: the calendar dates a passage mentions, resolved against
// the release date.
//
//   extract_dates("On February 10th, a press conference ...", "2022-02-15")
//       == {"2022-02-10"}
//   extract_dates("马杜罗将于9月13日至16日对中国进行国事访问", "2018-09-13")
//       == {"2018-09-13", "2018-09-16"}
//   std::string d;
//   parse_release_date("2018年9月3日", d);   // true, d == "2018-09-03"
#ifndef LIBSEARCH_PASSAGES_DATE_EXTRACTOR_H_
#define LIBSEARCH_PASSAGES_DATE_EXTRACTOR_H_

#include <string>
#include <string_view>
#include <vector>

namespace libsearch {

// Returns the dates `text` mentions, in order of first mention, without
// duplicates: "YYYY-MM-DD" for a day, "YYYY-MM" for a month, "YYYY" for a
// year. `release_date` ("YYYY-MM-DD", may be empty) resolves relative forms:
//
//   - a month and day without a year take the release year ("February 10th",
//     "on May 12", "9月13日");
//   - a range gives both ends ("9月13日至16日", "June 24 to 27", "June 24-27");
//   - "今（15）日" / "今日" give the release date, "昨（14）日" the day before;
//   - "April last year" / "去年4月" give the previous year's month;
//   - a bare number is a year only in a clear context: followed by 年
//     ("2008年"), or after a preposition ("in 2021", "since 2016").
//
// Forms that need the release date are skipped when it is empty or invalid.
// Impossible dates ("February 30") are skipped. Digits may be ASCII or
// full-width. Pure function, thread-safe; no allocation beyond the result.
std::vector<std::string> extract_dates(std::string_view text,
                                       std::string_view release_date);

// Validates a release date and normalises it to "YYYY-MM-DD". Accepts
// "YYYY-MM-DD", "YYYY/MM/DD", "YYYY.MM.DD" (month and day with one or two
// digits), "YYYY年M月D日" and "Month D, YYYY" (English month name, full or
// abbreviated), surrounded by optional spaces. Returns false, leaving `out`
// unchanged, unless the whole input is one of these forms and names a real
// calendar date (leap years included) with a year in 1000..9999.
bool parse_release_date(std::string_view in, std::string& out_yyyy_mm_dd);

}  // namespace libsearch

#endif  // LIBSEARCH_PASSAGES_DATE_EXTRACTOR_H_
