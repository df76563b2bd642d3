#include "passages/date_extractor.h"

#include <cctype>

namespace libsearch {
namespace {

bool digits(std::string_view s) {
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return !s.empty();
}

int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

}  // namespace

bool parse_release_date(std::string_view in, std::string& out) {
  while (!in.empty() && std::isspace(static_cast<unsigned char>(in.front())))
    in.remove_prefix(1);
  while (!in.empty() && std::isspace(static_cast<unsigned char>(in.back())))
    in.remove_suffix(1);
  if (in.size() != 10 || in[4] != '-' || in[7] != '-') return false;
  if (!digits(in.substr(0, 4)) || !digits(in.substr(5, 2)) ||
      !digits(in.substr(8, 2)))
    return false;
  const int y = std::stoi(std::string(in.substr(0, 4)));
  const int m = std::stoi(std::string(in.substr(5, 2)));
  const int d = std::stoi(std::string(in.substr(8, 2)));
  if (y < 1000 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
    return false;
  out = std::string(in);
  return true;
}

std::vector<std::string> extract_dates(std::string_view, std::string_view) {
  return {};
}

}  // namespace libsearch
