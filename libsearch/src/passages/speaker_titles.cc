#include "passages/speaker_titles.h"

#include <algorithm>
#include <cctype>

namespace libsearch::detail {

extern const char kRoleHoldersText[];

namespace {

std::string lower_word(std::string_view w) {
  std::string out;
  for (char c : w) {
    if (c == '.') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool is_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (d[i] < '0' || d[i] > '9') return false;
  }
  return true;
}

}  // namespace

bool is_english_role_word(std::string_view word) {
  const std::string w = lower_word(word);
  if (w.empty()) return false;
  for (std::string_view t : kEnglishTitleWords) {
    if (lower_word(t) == w) return true;
  }
  return std::find(kEnglishRoleContext.begin(), kEnglishRoleContext.end(), w) !=
         kEnglishRoleContext.end();
}

std::vector<RoleHolder> parse_role_holders(std::string_view text,
                                           std::vector<std::string>& errors) {
  std::vector<RoleHolder> out;
  std::size_t line_no = 0;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> f;
    std::size_t b = 0;
    for (;;) {
      std::size_t t = line.find('\t', b);
      f.emplace_back(line.substr(b, t == std::string_view::npos ? t : t - b));
      if (t == std::string_view::npos) break;
      b = t + 1;
    }
    const std::string where = "line " + std::to_string(line_no) + ": ";
    if (f.size() != 5) {
      errors.push_back(where + "expected 5 tab-separated fields (office, source, name, from, to), found " +
                       std::to_string(f.size()));
      continue;
    }
    if (f[0].empty() || f[1].empty() || f[2].empty()) {
      errors.push_back(where + "office, source and name must not be empty");
      continue;
    }
    if (!is_date(f[3]) || (!f[4].empty() && !is_date(f[4]))) {
      errors.push_back(where + "\"" + (is_date(f[3]) ? f[4] : f[3]) +
                       "\" is not a date (expected YYYY-MM-DD)");
      continue;
    }
    if (!f[4].empty() && f[4] < f[3]) {
      errors.push_back(where + "ends (" + f[4] + ") before it starts (" + f[3] + ")");
      continue;
    }
    out.push_back(RoleHolder{f[0], f[1], f[2], f[3], f[4]});
  }
  return out;
}

const std::vector<RoleHolder>& role_holders() {
  // The table is checked by a test (speaker_people_test.cc); a bad line
  // here is skipped rather than failing every release.
  static const std::vector<RoleHolder> table = [] {
    std::vector<std::string> errors;
    return parse_role_holders(kRoleHoldersText, errors);
  }();
  return table;
}

std::string office_holder(std::string_view office, std::string_view source,
                          std::string_view date) {
  if (date.size() < 10) return "";
  date = date.substr(0, 10);
  const RoleHolder* hit = nullptr;
  for (const RoleHolder& h : role_holders()) {
    if (h.office != office || source.find(h.source) == std::string_view::npos) continue;
    if (date < h.from || (!h.to.empty() && date > h.to)) continue;
    if (hit && hit->name != h.name) return "";
    hit = &h;
  }
  return hit ? hit->name : "";
}

}  // namespace libsearch::detail
