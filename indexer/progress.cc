#include "progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace press_index {
namespace {

constexpr double kLineEverySeconds = 5.0;
constexpr int kBarWidth = 24;

std::string format_duration(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  }
  return buf;
}

}  // namespace

Progress::Mode Progress::mode_for(bool quiet, int fd) {
  if (quiet) return Mode::kQuiet;
  return isatty(fd) ? Mode::kBar : Mode::kLines;
}

std::string Progress::describe(const libsearch::IndexProgress& p) const {
  const double secs = std::max(p.seconds, 1e-3);
  const double mb = static_cast<double>(p.bytes_read) / 1e6;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%zu releases, %.1f MB, %.0f releases/s, %.2f MB/s",
                p.releases, mb, static_cast<double>(p.releases) / secs, mb / secs);
  std::string out = buf;
  if (p.total_bytes > 0 && p.bytes_read > 0 && !p.done) {
    const double fraction =
        std::min(1.0, static_cast<double>(p.bytes_read) / static_cast<double>(p.total_bytes));
    out += ", ETA " + format_duration(secs / fraction - secs);
  }
  out += ", " + std::to_string(p.skipped) + " skipped";
  return out;
}

void Progress::update(const libsearch::IndexProgress& p) {
  switch (mode_) {
    case Mode::kQuiet:
      return;
    case Mode::kLines:
      if (!p.done && p.seconds - last_line_seconds_ >= kLineEverySeconds) {
        last_line_seconds_ = p.seconds;
        out_ << "press-index: " << describe(p) << "\n" << std::flush;
      }
      return;
    case Mode::kBar: {
      if (p.done) {
        if (bar_shown_) out_ << "\r\033[K" << std::flush;
        bar_shown_ = false;
        return;
      }
      const double fraction =
          p.total_bytes == 0
              ? 0.0
              : std::min(1.0, static_cast<double>(p.bytes_read) /
                                  static_cast<double>(p.total_bytes));
      const int filled = static_cast<int>(fraction * kBarWidth);
      std::string bar(static_cast<std::size_t>(filled), '=');
      bar.resize(kBarWidth, ' ');
      char pct[8];
      std::snprintf(pct, sizeof pct, "%3d%%", static_cast<int>(fraction * 100));
      out_ << "\r\033[K[" << bar << "] " << pct << " " << describe(p) << std::flush;
      bar_shown_ = true;
      return;
    }
  }
}

void Progress::print_line(const std::string& line) {
  if (bar_shown_) out_ << "\r\033[K";
  out_ << line << "\n";
  // The bar comes back with the next update.
  bar_shown_ = false;
}

}  // namespace press_index
