#include "text/number.h"

#include <limits>

#include "libsearch/error.h"

namespace libsearch::detail {
namespace {

// The digits of `text` as a number, saturating at 2^64 - 1; nullopt unless
// every character is a digit.
std::optional<std::uint64_t> digits_value(std::string_view text, bool& overflow) {
  overflow = false;
  if (text.empty()) return std::nullopt;
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (kMax - d) / 10) {
      overflow = true;
      v = kMax;
    } else if (!overflow) {
      v = v * 10 + d;
    }
  }
  return v;
}

}  // namespace

std::optional<std::uint64_t> parse_whole_number(std::string_view text, std::uint64_t min,
                                                std::uint64_t max) {
  bool overflow = false;
  const auto v = digits_value(text, overflow);
  if (!v || overflow || *v < min || *v > max) return std::nullopt;
  return v;
}

std::uint64_t whole_number_or_throw(const std::string& name, std::string_view text,
                                    std::uint64_t min, std::uint64_t max) {
  bool overflow = false;
  const auto v = digits_value(text, overflow);
  const std::string range = std::to_string(min) + " to " + std::to_string(max);
  const std::string quoted = name + " \"" + std::string(text) + "\"";
  if (!v) throw Error(quoted + " is not a whole number (expected one from " + range + ")");
  if (overflow || *v < min || *v > max)
    throw Error(quoted + " is out of range (expected a whole number from " + range + ")");
  return *v;
}

}  // namespace libsearch::detail
