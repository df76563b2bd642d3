#include "fail_points.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <map>

namespace libsearch::detail {
namespace {

std::map<std::string, std::string> parse(const char* spec) {
  std::map<std::string, std::string> points;
  if (!spec) return points;
  const std::string s(spec);
  std::size_t pos = 0;
  while (pos <= s.size()) {
    std::size_t end = s.find(',', pos);
    if (end == std::string::npos) end = s.size();
    const std::string item = s.substr(pos, end - pos);
    if (!item.empty()) {
      const std::size_t eq = item.find('=');
      if (eq == std::string::npos) {
        points[item] = "";
      } else {
        points[item.substr(0, eq)] = item.substr(eq + 1);
      }
    }
    pos = end + 1;
  }
  return points;
}

const std::map<std::string, std::string>& points() {
  // Read once (thread-safe static initialisation); the environment of a
  // running program does not change its fail points.
  static const std::map<std::string, std::string> p = parse(std::getenv("LIBSEARCH_FAIL_POINTS"));
  return p;
}

}  // namespace

std::optional<std::string> fail_point(const std::string& name) {
  const auto& p = points();
  if (p.empty()) return std::nullopt;
  auto it = p.find(name);
  if (it == p.end()) return std::nullopt;
  return it->second;
}

void kill_point(const std::string& name) {
  if (fail_point(name)) ::kill(::getpid(), SIGKILL);
}

}  // namespace libsearch::detail
