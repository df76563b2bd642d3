#include "passages/date_extractor.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

namespace libsearch {
namespace {

// Scanning is by hand over UTF-8 bytes: this runs on every passage at
// indexing time, and std::regex would cost far more than the rest of the
// passage stage.

struct Ymd {
  int y = 0, m = 0, d = 0;
};

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30,
                                               31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

bool valid_ymd(int y, int m, int d) {
  return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
         d <= days_in_month(y, m);
}

std::string format(int y, int m = 0, int d = 0) {
  char buf[40];
  if (d > 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  } else if (m > 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  } else {
    std::snprintf(buf, sizeof buf, "%04d", y);
  }
  return buf;
}

// Value of the digit at `i` (ASCII or full-width), setting `len` to its byte
// length; -1 if none.
int digit_at(std::string_view s, std::size_t i, std::size_t& len) {
  if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    len = 1;
    return s[i] - '0';
  }
  // Full-width digits U+FF10..U+FF19 are EF BC 90..99.
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xEF &&
      static_cast<unsigned char>(s[i + 1]) == 0xBC) {
    unsigned char c = static_cast<unsigned char>(s[i + 2]);
    if (c >= 0x90 && c <= 0x99) {
      len = 3;
      return c - 0x90;
    }
  }
  return -1;
}

bool is_digit_at(std::string_view s, std::size_t i) {
  std::size_t len;
  return digit_at(s, i, len) >= 0;
}

// Reads a run of digits at `i`. On success sets value, digit count and the
// end offset. Runs longer than 6 digits are not dates.
bool read_number(std::string_view s, std::size_t i, int& value, int& ndigits,
                 std::size_t& end) {
  value = 0;
  ndigits = 0;
  std::size_t len = 0;
  int dv;
  while ((dv = digit_at(s, i, len)) >= 0) {
    if (++ndigits > 6) return false;
    value = value * 10 + dv;
    i += len;
  }
  end = i;
  return ndigits > 0;
}

bool at(std::string_view s, std::size_t i, std::string_view lit) {
  return i <= s.size() && s.substr(i, lit.size()) == lit;
}

bool ends_before(std::string_view s, std::size_t i, std::string_view lit) {
  return i >= lit.size() && s.substr(i - lit.size(), lit.size()) == lit;
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::size_t skip_spaces(std::string_view s, std::size_t i) {
  while (i < s.size() && s[i] == ' ') ++i;
  return i;
}

// Matches an English month name (full, or a common abbreviation with an
// optional full stop) starting at `i`, ending at a word boundary. Returns the
// month 1..12 and sets `end`; 0 if none.
int match_month(std::string_view s, std::size_t i, std::size_t& end) {
  static constexpr std::array<std::string_view, 12> kFull = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  std::size_t j = i;
  while (j < s.size() && is_alpha(s[j])) ++j;
  std::size_t n = j - i;
  if (n < 3 || !(s[i] >= 'A' && s[i] <= 'Z')) return 0;
  std::string word;
  for (std::size_t k = i; k < j; ++k) word += lower(s[k]);
  for (std::size_t m = 0; m < kFull.size(); ++m) {
    if (word == kFull[m]) {
      end = j;
      return static_cast<int>(m) + 1;
    }
    // Abbreviations: "Feb." "Sept." "Aug" (3-4 letters, prefix of the name);
    // a bare three-letter prefix without a full stop only before a digit, so
    // that words like "Mar" or "Jun" in names do not count.
    bool prefix = (n == 3 || (n == 4 && word == "sept")) &&
                  kFull[m].substr(0, n) == word && word != "may";
    if (prefix) {
      if (j < s.size() && s[j] == '.') {
        end = j + 1;
        return static_cast<int>(m) + 1;
      }
      if (j + 1 < s.size() && s[j] == ' ' && is_digit_at(s, j + 1)) {
        end = j;
        return static_cast<int>(m) + 1;
      }
    }
  }
  return 0;
}

// Reads an English day number (1..31, one or two digits, optional
// st/nd/rd/th) at `i`, not followed by another digit or a letter.
bool read_day(std::string_view s, std::size_t i, int& day, std::size_t& end) {
  int nd;
  std::size_t e;
  if (!read_number(s, i, day, nd, e) || nd > 2 || day < 1 || day > 31) {
    return false;
  }
  if (at(s, e, "st") || at(s, e, "nd") || at(s, e, "rd") || at(s, e, "th")) {
    e += 2;
  }
  if (e < s.size() && (is_alpha(s[e]) || s[e] == ':')) return false;
  // "1,000": a comma followed by digits is a thousands separator.
  if (e + 1 < s.size() && s[e] == ',' && is_digit_at(s, e + 1)) return false;
  end = e;
  return true;
}

// Reads a plausible year (4 digits, 1900..2100) at `i`.
bool read_year(std::string_view s, std::size_t i, int& year, std::size_t& end) {
  int nd;
  std::size_t e;
  if (!read_number(s, i, year, nd, e) || nd != 4 || year < 1900 ||
      year > 2100) {
    return false;
  }
  if (e < s.size() && is_alpha(s[e])) return false;
  if (e + 1 < s.size() && (s[e] == ',' || s[e] == '.') && is_digit_at(s, e + 1)) {
    return false;
  }
  end = e;
  return true;
}

class Collector {
 public:
  explicit Collector(std::vector<std::string>& out) : out_(out) {}
  void add(int y, int m = 0, int d = 0) {
    if (d > 0 && !valid_ymd(y, m, d)) return;
    if (m > 0 && (m > 12 || y < 1000)) return;
    std::string v = format(y, m, d);
    if (std::find(out_.begin(), out_.end(), v) == out_.end()) out_.push_back(v);
  }

 private:
  std::vector<std::string>& out_;
};

constexpr std::array<std::string_view, 8> kChineseRangeMarks = {
    "至", "到", "-", "—", "–", "~", "～", "－"};

// After a Chinese "M月D日" ending at `i`: "至16日" or "至10月2日".
std::size_t chinese_range_end(std::string_view s, std::size_t i, int y, int m,
                              Collector& c) {
  for (std::string_view mark : kChineseRangeMarks) {
    if (!at(s, i, mark)) continue;
    std::size_t j = i + mark.size();
    int v, nd;
    std::size_t e;
    if (!read_number(s, j, v, nd, e) || nd > 2) return i;
    if (at(s, e, "日") || at(s, e, "号") || at(s, e, "號")) {
      c.add(y, m, v);
      return e + 3;
    }
    if (at(s, e, "月")) {
      int d, nd2;
      std::size_t e2;
      if (read_number(s, e + 3, d, nd2, e2) && nd2 <= 2 &&
          (at(s, e2, "日") || at(s, e2, "号") || at(s, e2, "號"))) {
        c.add(y, v, d);
        return e2 + 3;
      }
    }
    return i;
  }
  return i;
}

bool day_mark(std::string_view s, std::size_t i) {
  return at(s, i, "日") || at(s, i, "号") || at(s, i, "號");
}

// Lowercase ASCII word ending just before `i` (skipping one space).
std::string previous_word(std::string_view s, std::size_t i) {
  if (i == 0 || s[i - 1] != ' ') return {};
  std::size_t e = i - 1;
  std::size_t b = e;
  while (b > 0 && is_alpha(s[b - 1])) --b;
  std::string w;
  for (std::size_t k = b; k < e; ++k) w += lower(s[k]);
  return w;
}

bool year_preposition(const std::string& w) {
  static constexpr std::array<std::string_view, 16> kWords = {
      "in",     "since", "by",   "until",  "till",  "of",    "during", "before",
      "after",  "from",  "to",   "through", "early", "late", "mid",    "between"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

}  // namespace

std::vector<std::string> extract_dates(std::string_view text,
                                       std::string_view release_date) {
  std::vector<std::string> out;
  Collector c(out);
  Ymd rd;
  std::string norm;
  const bool have_rd = parse_release_date(release_date, norm) &&
                       std::sscanf(norm.c_str(), "%d-%d-%d", &rd.y, &rd.m, &rd.d) == 3;

  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t dlen;
    // Chinese relative day: 今（15）日, 今(15)日, 今日; 昨（14）日, 昨日.
    bool today = at(text, i, "今");
    bool yesterday = at(text, i, "昨");
    if (today || yesterday) {
      std::size_t j = i + 3;
      std::size_t close = j;
      if (at(text, j, "（") || at(text, j, "(")) {
        j += at(text, j, "(") ? 1 : 3;
        int v, nd;
        std::size_t e;
        if (read_number(text, j, v, nd, e) && nd <= 2 &&
            (at(text, e, "）") || at(text, e, ")"))) {
          close = e + (at(text, e, ")") ? 1 : 3);
        }
      }
      if (at(text, close, "日") && have_rd) {
        if (today) {
          c.add(rd.y, rd.m, rd.d);
        } else if (rd.d > 1) {
          c.add(rd.y, rd.m, rd.d - 1);
        } else if (rd.m > 1) {
          c.add(rd.y, rd.m - 1, days_in_month(rd.y, rd.m - 1));
        } else {
          c.add(rd.y - 1, 12, 31);
        }
        i = close + 3;
        continue;
      }
      i += 3;
      continue;
    }

    if (digit_at(text, i, dlen) >= 0 &&
        (i == 0 || !(is_alpha(text[i - 1]) || text[i - 1] == '.' ||
                     text[i - 1] == ',' || text[i - 1] == '$'))) {
      int v, nd;
      std::size_t e;
      if (!read_number(text, i, v, nd, e)) {
        while (i < text.size() && is_digit_at(text, i)) i += text[i] >= '0' && text[i] <= '9' ? 1 : 3;
        continue;
      }
      // 2022年2月10日, 2022年2月, 2008年.
      if (at(text, e, "年")) {
        if (nd == 4 && v >= 1900 && v <= 2100) {
          int m, ndm;
          std::size_t em;
          std::size_t j = e + 3;
          if (read_number(text, j, m, ndm, em) && ndm <= 2 && at(text, em, "月")) {
            int d, ndd;
            std::size_t ed;
            if (read_number(text, em + 3, d, ndd, ed) && ndd <= 2 &&
                day_mark(text, ed)) {
              c.add(v, m, d);
              i = chinese_range_end(text, ed + 3, v, m, c);
              continue;
            }
            c.add(v, m);
            i = em + 3;
            continue;
          }
          if (!at(text, e + 3, "代")) c.add(v);
        }
        i = e + 3;
        continue;
      }
      // 9月13日 (release year), 去年4月, 今年3月5日.
      if (at(text, e, "月") && nd <= 2) {
        int y = have_rd ? rd.y : 0;
        bool explicit_year = false;
        if (ends_before(text, i, "去年")) {
          y = have_rd ? rd.y - 1 : 0;
          explicit_year = true;
        } else if (ends_before(text, i, "今年")) {
          explicit_year = true;
        } else if (ends_before(text, i, "明年")) {
          y = have_rd ? rd.y + 1 : 0;
          explicit_year = true;
        }
        int d, ndd;
        std::size_t ed;
        if (read_number(text, e + 3, d, ndd, ed) && ndd <= 2 && day_mark(text, ed)) {
          if (y > 0) {
            c.add(y, v, d);
            i = chinese_range_end(text, ed + 3, y, v, c);
          } else {
            i = ed + 3;
          }
          continue;
        }
        if (explicit_year && y > 0 && v >= 1 && v <= 12) c.add(y, v);
        i = e + 3;
        continue;
      }
      // 10 February 2022 / 10th of February.
      if (nd <= 2) {
        int day;
        std::size_t eday;
        if (read_day(text, i, day, eday)) {
          std::size_t j = skip_spaces(text, eday);
          if (at(text, j, "of ")) j += 3;
          std::size_t em;
          int m = match_month(text, j, em);
          if (m > 0 && j > eday) {
            int y;
            std::size_t ey;
            std::size_t k = skip_spaces(text, em);
            if (at(text, em, ",")) k = skip_spaces(text, em + 1);
            if (k > em && read_year(text, k, y, ey)) {
              c.add(y, m, day);
              i = ey;
            } else {
              if (have_rd) c.add(rd.y, m, day);
              i = em;
            }
            continue;
          }
        }
      }
      // A year after a preposition: "in 2021", "since 2016".
      if (nd == 4) {
        int y;
        std::size_t ey;
        if (read_year(text, i, y, ey) && year_preposition(previous_word(text, i))) {
          c.add(y);
        }
      }
      i = e;
      continue;
    }

    if (text[i] >= 'A' && text[i] <= 'Z' && (i == 0 || !is_alpha(text[i - 1]))) {
      std::size_t em;
      int m = match_month(text, i, em);
      if (m == 0) {
        while (i < text.size() && is_alpha(text[i])) ++i;
        continue;
      }
      std::size_t j = skip_spaces(text, em);
      int day;
      std::size_t eday;
      if (j > em && read_day(text, j, day, eday)) {
        // February 27, 2015 / February 10th / May 12 2020.
        int y = have_rd ? rd.y : 0;
        std::size_t k = at(text, eday, ",") ? skip_spaces(text, eday + 1)
                                             : skip_spaces(text, eday);
        int yy;
        std::size_t ey;
        std::size_t after = eday;
        if (k > eday && read_year(text, k, yy, ey)) {
          y = yy;
          after = ey;
        }
        // Ranges: "June 24 to 27", "June 24-27", "June 24 and 25",
        // "June 30 to July 2", "March 1 and March 16, 2015" (the year at the
        // end covers both ends).
        std::size_t r = eday;
        bool range = false;
        for (std::string_view mark : {"-", "–", "—", " to ", " through ", " and ", " - ", " – "}) {
          if (at(text, r, mark)) {
            r += mark.size();
            range = true;
            break;
          }
        }
        if (range && after == eday) {
          int m2 = m, d2 = 0, y2 = y;
          std::size_t e2 = 0, em2;
          bool ok = false;
          int mm = match_month(text, r, em2);
          if (mm > 0) {
            std::size_t k2 = skip_spaces(text, em2);
            ok = k2 > em2 && read_day(text, k2, d2, e2);
            m2 = mm;
          } else {
            ok = read_day(text, r, d2, e2);
          }
          if (ok) {
            std::size_t k3 = at(text, e2, ",") ? skip_spaces(text, e2 + 1)
                                                : skip_spaces(text, e2);
            int y3;
            std::size_t ey3;
            if (k3 > e2 && read_year(text, k3, y3, ey3)) {
              y = y2 = y3;
              e2 = ey3;
            }
            if (y > 0) {
              c.add(y, m, day);
              c.add(y2, m2, d2);
            }
            i = e2;
            continue;
          }
        }
        if (y > 0) c.add(y, m, day);
        i = after;
        continue;
      }
      // Month with a year: "March 2019", "March, 2019"; "April last year".
      std::size_t k = at(text, em, ",") ? skip_spaces(text, em + 1) : j;
      int yy;
      std::size_t ey;
      if (k > em && read_year(text, k, yy, ey)) {
        c.add(yy, m);
        i = ey;
        continue;
      }
      if (have_rd && j > em) {
        if (at(text, j, "last year")) {
          c.add(rd.y - 1, m);
        } else if (at(text, j, "this year")) {
          c.add(rd.y, m);
        } else if (at(text, j, "next year")) {
          c.add(rd.y + 1, m);
        }
      }
      i = em;
      continue;
    }
    ++i;
  }
  return out;
}

bool parse_release_date(std::string_view in, std::string& out_yyyy_mm_dd) {
  while (!in.empty() && in.front() == ' ') in.remove_prefix(1);
  while (!in.empty() && in.back() == ' ') in.remove_suffix(1);
  if (in.empty()) return false;
  int y = 0, m = 0, d = 0;
  int nd;
  std::size_t e;
  bool ok = false;
  if (read_number(in, 0, y, nd, e) && nd == 4) {
    // YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYY年M月D日.
    std::string_view sep1, sep2, tail;
    if (at(in, e, "年")) {
      sep1 = "年";
      sep2 = "月";
      tail = "日";
    } else if (e < in.size() && (in[e] == '-' || in[e] == '/' || in[e] == '.')) {
      sep1 = sep2 = in.substr(e, 1);
    }
    if (!sep1.empty()) {
      std::size_t j = e + sep1.size();
      int ndm, ndd;
      std::size_t em, ed;
      if (read_number(in, j, m, ndm, em) && ndm <= 2 && at(in, em, sep2) &&
          read_number(in, em + sep2.size(), d, ndd, ed) && ndd <= 2 &&
          at(in, ed, tail) && ed + tail.size() == in.size()) {
        ok = true;
      }
    }
  } else {
    // Month D, YYYY.
    std::size_t em;
    m = match_month(in, 0, em);
    std::size_t j = skip_spaces(in, em);
    std::size_t eday;
    if (m > 0 && j > em && read_day(in, j, d, eday) && at(in, eday, ",")) {
      std::size_t k = skip_spaces(in, eday + 1);
      std::size_t ey;
      if (read_year(in, k, y, ey) && ey == in.size()) ok = true;
    }
  }
  if (!ok || !valid_ymd(y, m, d)) return false;
  out_yyyy_mm_dd = format(y, m, d);
  return true;
}

}  // namespace libsearch
