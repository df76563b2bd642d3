#include "research_output.h"

#include <algorithm>
#include <cassert>
#include <cstdio>

#include "output.h"

using nlohmann::json;

namespace press_query {
namespace {

json null_if_empty(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json row_json(const libsearch::ConcordanceLine& l) {
  return json{{"release_id", l.release_id},
              {"paragraph", l.paragraph},
              {"date", null_if_empty(l.date)},
              {"speaker", l.speaker ? null_if_empty(l.speaker->name) : json(nullptr)},
              {"source", l.source},
              {"lang", l.lang},
              {"left", l.left},
              {"node", l.node},
              {"right", l.right},
              {"byte_start", l.byte_start},
              {"byte_end", l.byte_end},
              {"char_start", l.char_start},
              {"char_end", l.char_end}};
}

// Context on one line: line breaks and tabs as spaces.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

const char* unit_name(libsearch::DateFacet u) {
  return u == libsearch::DateFacet::kYear ? "year" : u == libsearch::DateFacet::kMonth ? "month" : "day";
}

const char* norm_name(libsearch::TimelineNorm n) {
  return n == libsearch::TimelineNorm::kShare ? "share"
         : n == libsearch::TimelineNorm::kPer10k ? "per-10k"
                                                 : "raw";
}

std::string rate_text(double r) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", r);
  return buf;
}

std::string series_name(const libsearch::TimelineSeries& s) {
  return s.group.empty() ? s.query : s.query + " [" + s.group + "]";
}

// A csv header line.
void print_header(std::ostream& out, const std::vector<std::string>& columns) {
  for (std::size_t i = 0; i < columns.size(); ++i) out << (i ? "," : "") << columns[i];
  out << "\r\n";
}

}  // namespace

std::vector<std::string> concordance_columns() {
  return {"release_id", "paragraph", "date",       "speaker",  "source",     "lang",    "left",
          "node",       "right",     "byte_start", "byte_end", "char_start", "char_end"};
}

std::vector<std::string> timeline_columns() {
  return {"query", "group", "bucket", "passages", "occurrences", "bucket_passages", "rate"};
}

std::vector<std::string> word_score_columns(bool keywords) {
  std::vector<std::string> out{"word", "observed", "expected", "corpus_frequency", "score"};
  if (keywords) out.emplace_back("log_ratio");
  return out;
}

libsearch::Concordance concordance_of(libsearch::Searcher& searcher, const Config& c) {
  libsearch::SearchRequest req = c.request;
  req.query = c.query;
  return libsearch::concordance(searcher, req, c.kwic_options);
}

libsearch::Timeline timeline_of(libsearch::Searcher& searcher, const Config& c) {
  return libsearch::timeline(searcher, c.request, c.timeline_queries, c.timeline_options);
}

libsearch::WordScores word_scores_of(libsearch::Searcher& searcher, const Config& c) {
  libsearch::SearchRequest req = c.request;
  req.query = c.query;
  return c.collocates ? libsearch::collocates(searcher, req, c.collocate_options)
                      : libsearch::keywords(searcher, req, c.keyword_options);
}

ResearchDocument research_json(libsearch::Searcher& searcher, const Config& c) {
  if (c.kwic) {
    libsearch::Concordance k = concordance_of(searcher, c);
    return {concordance_json(k), std::move(k.warnings)};
  }
  if (c.timeline) {
    libsearch::Timeline t = timeline_of(searcher, c);
    return {timeline_json(t), std::move(t.warnings)};
  }
  assert(c.collocates || c.keywords);
  libsearch::WordScores w = word_scores_of(searcher, c);
  return {word_scores_json(w, c.keywords), std::move(w.warnings)};
}

json concordance_json(const libsearch::Concordance& c) {
  json rows = json::array();
  for (const auto& l : c.lines) rows.push_back(row_json(l));
  return json{{"query", c.query},
              {"occurrences", c.occurrences},
              {"passages", c.passages},
              {"rows", std::move(rows)}};
}

void print_concordance(std::ostream& out, const libsearch::Concordance& c,
                       const std::string& format, bool colour) {
  if (format == "json") {
    out << concordance_json(c).dump() << "\n";
    return;
  }
  if (format == "jsonl") {
    for (const auto& l : c.lines) out << row_json(l).dump() << "\n";
    return;
  }
  if (format == "csv") {
    print_header(out, concordance_columns());
    for (const auto& l : c.lines)
      out << csv_field(l.release_id) << "," << l.paragraph << "," << csv_field(l.date) << ","
          << csv_field(l.speaker ? l.speaker->name : "") << "," << csv_field(l.source) << ","
          << csv_field(l.lang) << "," << csv_field(l.left) << "," << csv_field(l.node) << ","
          << csv_field(l.right) << "," << l.byte_start << "," << l.byte_end << ","
          << l.char_start << "," << l.char_end << "\r\n";
    return;
  }
  out << c.occurrences << " occurrence" << (c.occurrences == 1 ? "" : "s") << " in "
      << c.passages << " passage" << (c.passages == 1 ? "" : "s") << " for " << c.query << "\n";
  std::size_t left_w = 0, node_w = 0, right_w = 0;
  std::vector<std::string> lefts, rights;
  for (const auto& l : c.lines) {
    lefts.push_back(one_line(l.left));
    rights.push_back(one_line(l.right));
    left_w = std::max(left_w, libsearch::display_width(lefts.back()));
    node_w = std::max(node_w, libsearch::display_width(l.node));
    right_w = std::max(right_w, libsearch::display_width(rights.back()));
  }
  for (std::size_t i = 0; i < c.lines.size(); ++i) {
    const auto& l = c.lines[i];
    const std::string node = one_line(l.node);
    out << std::string(left_w - libsearch::display_width(lefts[i]), ' ') << lefts[i] << " "
        << (colour ? "\x1b[1;31m" : "") << node << (colour ? "\x1b[0m" : "")
        << std::string(node_w - libsearch::display_width(node), ' ') << " " << rights[i]
        << std::string(right_w - libsearch::display_width(rights[i]), ' ') << "  "
        << l.release_id << " \u00b6" << l.paragraph << " " << (l.date.empty() ? "-" : l.date);
    if (l.speaker && !l.speaker->name.empty()) out << " " << l.speaker->name;
    out << "\n";
  }
}

json timeline_json(const libsearch::Timeline& t) {
  json series = json::array();
  for (const auto& s : t.series) {
    json buckets = json::array();
    for (const auto& b : s.buckets)
      buckets.push_back({{"bucket", b.bucket},
                         {"passages", b.passages},
                         {"occurrences", b.occurrences},
                         {"bucket_passages", b.bucket_passages},
                         {"rate", b.rate}});
    json j{{"query", s.query}, {"total", s.total}, {"occurrences", s.occurrences}};
    if (!s.group.empty() || !s.group_key.empty()) j["group"] = s.group;
    j["buckets"] = std::move(buckets);
    series.push_back(std::move(j));
  }
  return json{{"unit", unit_name(t.unit)}, {"norm", norm_name(t.norm)}, {"series", std::move(series)}};
}

void print_timeline(std::ostream& out, const libsearch::Timeline& t, const std::string& format) {
  if (format == "json") {
    out << timeline_json(t).dump() << "\n";
    return;
  }
  if (format == "jsonl" || format == "csv") {
    if (format == "csv") print_header(out, timeline_columns());
    for (const auto& s : t.series)
      for (const auto& b : s.buckets) {
        if (format == "jsonl")
          out << json{{"query", s.query}, {"group", null_if_empty(s.group)}, {"bucket", b.bucket},
                      {"passages", b.passages}, {"occurrences", b.occurrences},
                      {"bucket_passages", b.bucket_passages}, {"rate", b.rate}}
                     .dump()
              << "\n";
        else
          out << csv_field(s.query) << "," << csv_field(s.group) << "," << b.bucket << ","
              << b.passages << "," << b.occurrences << "," << b.bucket_passages << ","
              << rate_text(b.rate) << "\r\n";
      }
    return;
  }
  // Text: one sparkline row per series, all on one scale, then the numbers.
  static const char* const kBars[] = {" ", "\u2581", "\u2582", "\u2583", "\u2584",
                                      "\u2585", "\u2586", "\u2587", "\u2588"};
  double max = 0;
  std::size_t name_w = 0;
  for (const auto& s : t.series) {
    name_w = std::max(name_w, libsearch::display_width(series_name(s)));
    for (const auto& b : s.buckets) max = std::max(max, b.rate);
  }
  const auto& first = t.series.empty() ? std::vector<libsearch::TimelineBucket>() : t.series[0].buckets;
  out << "by " << unit_name(t.unit) << ", rate = " << norm_name(t.norm);
  if (!first.empty())
    out << ", " << first.front().bucket << " .. " << first.back().bucket;
  out << " (each bar: one bucket; full bar " << rate_text(max) << ")\n";
  for (const auto& s : t.series) {
    const std::string name = series_name(s);
    out << name << std::string(name_w - libsearch::display_width(name), ' ') << " |";
    for (const auto& b : s.buckets) {
      int level = max > 0 ? static_cast<int>(b.rate / max * 8.0 + 0.5) : 0;
      if (b.rate > 0 && level == 0) level = 1;
      out << kBars[level];
    }
    out << "| " << s.total << " passages, " << s.occurrences << " occurrences\n";
  }
  for (const auto& s : t.series) {
    out << "\n" << series_name(s) << "\n";
    out << "bucket        passages  occurrences  bucket_passages  rate\n";
    for (const auto& b : s.buckets) {
      char line[160];
      std::snprintf(line, sizeof line, "%-12s %9zu %12zu %16zu  %s\n", b.bucket.c_str(),
                    b.passages, b.occurrences, b.bucket_passages, rate_text(b.rate).c_str());
      out << line;
    }
  }
}

namespace {

json item_json(const libsearch::WordScore& i, bool keywords) {
  json j{{"word", i.word},
         {"observed", i.observed},
         {"expected", i.expected},
         {"corpus_frequency", i.corpus_frequency},
         {"score", i.score}};
  if (keywords) j["log_ratio"] = i.log_ratio;
  return j;
}

}  // namespace

json word_scores_json(const libsearch::WordScores& w, bool keywords) {
  json items = json::array();
  for (const auto& i : w.items) items.push_back(item_json(i, keywords));
  return json{{"query", w.query},
              {"measure", w.measure},
              {"passages", w.passages},
              {"corpus_passages", w.corpus_passages},
              {"items", std::move(items)}};
}

void print_word_scores(std::ostream& out, const libsearch::WordScores& w, const std::string& format,
                       bool keywords) {
  if (format == "json") {
    out << word_scores_json(w, keywords).dump() << "\n";
    return;
  }
  if (format == "jsonl") {
    for (const auto& i : w.items) out << item_json(i, keywords).dump() << "\n";
    return;
  }
  if (format == "csv") {
    print_header(out, word_score_columns(keywords));
    for (const auto& i : w.items) {
      out << csv_field(i.word) << "," << i.observed << "," << rate_text(i.expected) << ","
          << i.corpus_frequency << "," << rate_text(i.score);
      if (keywords) out << "," << rate_text(i.log_ratio);
      out << "\r\n";
    }
    return;
  }
  out << (keywords ? "keywords" : "collocates") << " of " << (w.query.empty() ? "(filters)" : w.query)
      << ": " << w.passages << " of " << w.corpus_passages << " passages, by " << w.measure
      << " (counts are passages)\n";
  std::size_t word_w = 4;
  for (const auto& i : w.items) word_w = std::max(word_w, libsearch::display_width(i.word));
  out << "word" << std::string(word_w - 4, ' ')
      << "  observed   expected  corpus_freq      score" << (keywords ? "  log_ratio" : "") << "\n";
  for (const auto& i : w.items) {
    char line[128];
    std::snprintf(line, sizeof line, "  %8zu %10.2f %12zu %10.3f", i.observed, i.expected,
                  i.corpus_frequency, i.score);
    out << i.word << std::string(word_w - libsearch::display_width(i.word), ' ') << line;
    if (keywords) {
      std::snprintf(line, sizeof line, " %10.3f", i.log_ratio);
      out << line;
    }
    out << "\n";
  }
}

}  // namespace press_query
