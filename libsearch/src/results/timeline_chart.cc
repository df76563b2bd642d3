// The timeline as an SVG line chart, and the terminal width of text.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "libsearch/research.h"

namespace libsearch {
namespace {

// Okabe-Ito: told apart with the common colour-vision deficiencies, and in
// greyscale by the dash patterns that cycle with them.
const char* const kColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                "#E69F00", "#56B4E9", "#000000", "#F0E442"};
const char* const kDashes[] = {"", "6 3", "2 2", "8 3 2 3"};

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string coordinate(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A tick step of 1, 2 or 5 times a power of ten giving about `ticks` ticks.
double nice_step(double max, int ticks) {
  if (max <= 0) return 1;
  const double raw = max / ticks;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * p) return m * p;
  return 10 * p;
}

std::string axis_label(TimelineNorm norm) {
  switch (norm) {
    case TimelineNorm::kShare: return "share of passages (%)";
    case TimelineNorm::kPer10k: return "occurrences per 10,000 passages";
    case TimelineNorm::kRaw: return "matching passages";
  }
  return "";
}

std::string series_label(const TimelineSeries& s) {
  return s.group.empty() ? s.query : s.query + " \u2014 " + s.group;
}

}  // namespace

std::string timeline_svg(const Timeline& timeline, const std::string& title) {
  constexpr double kWidth = 960, kHeight = 520;
  constexpr double kLeft = 80, kRight = 230, kTop = 56, kBottom = 90;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  const double scale = timeline.norm == TimelineNorm::kShare ? 100.0 : 1.0;
  std::vector<std::string> buckets;
  double max = 0;
  for (const TimelineSeries& s : timeline.series) {
    std::vector<std::string> b;
    for (const TimelineBucket& tb : s.buckets) {
      if (tb.bucket == "unknown") continue;
      b.push_back(tb.bucket);
      max = std::max(max, tb.rate * scale);
    }
    if (b.size() > buckets.size()) buckets = std::move(b);
  }
  const double step = nice_step(max, 5);
  const double top = max <= 0 ? 1 : std::ceil(max / step) * step;
  const std::size_t n = buckets.size();
  auto x_of = [&](std::size_t i) {
    return kLeft + (n <= 1 ? plot_w / 2 : plot_w * static_cast<double>(i) /
                                              static_cast<double>(n - 1));
  };
  auto y_of = [&](double v) { return kTop + plot_h * (1.0 - v / top); };

  std::ostringstream o;
  o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth << "\" height=\""
    << kHeight << "\" viewBox=\"0 0 " << kWidth << " " << kHeight << "\" "
    << "font-family=\"'Noto Sans', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif\" "
       "font-size=\"13\">\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    << "<text x=\"" << kLeft << "\" y=\"30\" font-size=\"17\" font-weight=\"bold\">"
    << escape(title) << "</text>\n";
  // Y grid, ticks and labels.
  for (double v = 0; v <= top + step / 2; v += step) {
    const std::string y = coordinate(y_of(v));
    o << "<line x1=\"" << kLeft << "\" y1=\"" << y << "\" x2=\"" << kLeft + plot_w << "\" y2=\""
      << y << "\" stroke=\"#dddddd\"/>\n"
      << "<text x=\"" << kLeft - 8 << "\" y=\"" << y
      << "\" text-anchor=\"end\" dominant-baseline=\"middle\">" << number(v) << "</text>\n";
  }
  // X ticks: at most about 16 labels.
  const std::size_t every = std::max<std::size_t>(1, (n + 15) / 16);
  const bool slant = n > 0 && buckets[0].size() > 4;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string x = coordinate(x_of(i));
    const double base = kTop + plot_h;
    o << "<line x1=\"" << x << "\" y1=\"" << base << "\" x2=\"" << x << "\" y2=\""
      << base + (i % every == 0 ? 6 : 3) << "\" stroke=\"black\"/>\n";
    if (i % every != 0) continue;
    if (slant)
      o << "<text x=\"" << x << "\" y=\"" << base + 18 << "\" text-anchor=\"end\" transform=\"rotate(-40 "
        << x << " " << base + 18 << ")\">" << escape(buckets[i]) << "</text>\n";
    else
      o << "<text x=\"" << x << "\" y=\"" << base + 22 << "\" text-anchor=\"middle\">"
        << escape(buckets[i]) << "</text>\n";
  }
  // Axes and their names.
  o << "<line x1=\"" << kLeft << "\" y1=\"" << kTop << "\" x2=\"" << kLeft << "\" y2=\""
    << kTop + plot_h << "\" stroke=\"black\"/>\n"
    << "<line x1=\"" << kLeft << "\" y1=\"" << kTop + plot_h << "\" x2=\"" << kLeft + plot_w
    << "\" y2=\"" << kTop + plot_h << "\" stroke=\"black\"/>\n"
    << "<text x=\"18\" y=\"" << coordinate(kTop + plot_h / 2) << "\" text-anchor=\"middle\" transform=\"rotate(-90 18 "
    << coordinate(kTop + plot_h / 2) << ")\">" << escape(axis_label(timeline.norm)) << "</text>\n"
    << "<text x=\"" << coordinate(kLeft + plot_w / 2) << "\" y=\"" << kHeight - 12
    << "\" text-anchor=\"middle\">"
    << (timeline.unit == DateFacet::kYear ? "year" : timeline.unit == DateFacet::kMonth ? "month" : "day")
    << "</text>\n";
  // Lines and legend.
  std::size_t k = 0;
  for (const TimelineSeries& s : timeline.series) {
    if (s.total == 0) continue;
    const char* colour = kColours[k % 8];
    const char* dash = kDashes[(k / 2) % 4];
    std::string points;
    std::size_t i = 0;
    for (const TimelineBucket& tb : s.buckets) {
      if (tb.bucket == "unknown") continue;
      if (!points.empty()) points += ' ';
      points += coordinate(x_of(i)) + "," + coordinate(y_of(tb.rate * scale));
      ++i;
    }
    o << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"2\""
      << (*dash ? std::string(" stroke-dasharray=\"") + dash + "\"" : std::string())
      << " points=\"" << points << "\"><title>" << escape(series_label(s)) << "</title></polyline>\n";
    const double ly = kTop + 10 + 22.0 * static_cast<double>(k);
    const double lx = kLeft + plot_w + 20;
    o << "<line x1=\"" << lx << "\" y1=\"" << ly << "\" x2=\"" << lx + 28 << "\" y2=\"" << ly
      << "\" stroke=\"" << colour << "\" stroke-width=\"2\""
      << (*dash ? std::string(" stroke-dasharray=\"") + dash + "\"" : std::string()) << "/>\n"
      << "<text x=\"" << lx + 36 << "\" y=\"" << ly << "\" dominant-baseline=\"middle\">"
      << escape(series_label(s)) << " (" << s.total << ")</text>\n";
    ++k;
  }
  o << "</svg>\n";
  return o.str();
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      ++width;
      continue;
    }
    const auto category = static_cast<UCharCategory>(u_charType(c));
    if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK ||
        category == U_CONTROL_CHAR || category == U_FORMAT_CHAR)
      continue;
    const auto eaw = static_cast<UEastAsianWidth>(u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH));
    width += (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH) ? 2 : 1;
  }
  return width;
}

}  // namespace libsearch
