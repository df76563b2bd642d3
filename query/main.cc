// press-query: searches a libsearch database from the shell.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "libsearch/error.h"
#include "libsearch/printable.h"
#include "libsearch/research.h"
#include "libsearch/searcher.h"
#include "libsearch/version.h"
#include "fatal_signal.h"
#include "options.h"
#include "output.h"
#include "research_output.h"
#include "text/number.h"

namespace po = boost::program_options;
using nlohmann::json;

namespace {

constexpr int kExitHits = 0;
constexpr int kExitNoHits = 1;
constexpr int kExitError = 2;

using press_query::Config;
using press_query::parse_options;

// Diagnostics quote queries, file names and database text: shown with
// their control characters made visible, as on stdout.
std::ostream& diag() { return std::cerr << "press-query: "; }

std::vector<std::string> csv_fields(const Config& c, bool batch) {
  return c.fields.empty()
             ? press_query::default_csv_fields(batch, press_query::counterparts(c))
             : c.fields;
}

int run_kwic(libsearch::Searcher& searcher, const Config& c) {
  const libsearch::Concordance k = press_query::concordance_of(searcher, c);
  for (const auto& w : k.warnings) diag() << libsearch::printable(w) << "\n";
  press_query::print_concordance(std::cout, k, c.format, isatty(STDOUT_FILENO) != 0);
  return k.occurrences > 0 ? kExitHits : kExitNoHits;
}

int run_timeline(libsearch::Searcher& searcher, const Config& c) {
  const libsearch::Timeline t = press_query::timeline_of(searcher, c);
  for (const auto& w : t.warnings) diag() << libsearch::printable(w) << "\n";
  if (!c.plot_file.empty()) {
    std::string title;
    for (const auto& q : c.timeline_queries) title += (title.empty() ? "" : ", ") + q;
    std::ofstream svg(c.plot_file, std::ios::binary);
    svg << libsearch::timeline_svg(t, title);
    svg.close();
    if (!svg) throw libsearch::Error(c.plot_file + ": cannot write the chart");
  }
  press_query::print_timeline(std::cout, t, c.format);
  std::size_t total = 0;
  for (const auto& s : t.series) total += s.total;
  return total > 0 ? kExitHits : kExitNoHits;
}

int run_word_scores(libsearch::Searcher& searcher, const Config& c) {
  const libsearch::WordScores w = press_query::word_scores_of(searcher, c);
  for (const auto& warning : w.warnings) diag() << libsearch::printable(warning) << "\n";
  press_query::print_word_scores(std::cout, w, c.format, c.keywords);
  return w.items.empty() ? kExitNoHits : kExitHits;
}

int run_one(libsearch::Searcher& searcher, const Config& c, const std::string& query) {
  libsearch::SearchRequest req = c.request;
  req.query = query;
  if (c.count_only) req.limit = 0;
  const libsearch::SearchResults res = searcher.search(req);
  for (const auto& w : res.warnings) diag() << libsearch::printable(w) << "\n";
  if (c.count_only) {
    std::cout << res.total << "\n";
  } else if (c.format == "json") {
    std::cout << press_query::json_text(press_query::results_json(
                     res, c.fields, c.explain, press_query::counterparts(c)))
              << "\n";
  } else if (c.format == "jsonl") {
    for (const auto& h : res.hits)
      std::cout << press_query::json_text(press_query::hit_json(
                       h, c.fields, nullptr, c.explain, press_query::counterparts(c)))
                << "\n";
  } else if (c.format == "csv") {
    const auto fields = csv_fields(c, false);
    press_query::print_csv_header(std::cout, fields);
    for (const auto& h : res.hits) press_query::print_csv_row(std::cout, h, fields);
  } else {
    press_query::print_text(std::cout, res, isatty(STDOUT_FILENO) != 0, c.explain);
  }
  return res.total > 0 || !res.hits.empty() ? kExitHits : kExitNoHits;
}

// Strings from a JSON string or array of strings.
std::vector<std::string> strings_of(const json& v, const std::string& key) {
  std::vector<std::string> out;
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_array()) {
    for (const auto& e : v) {
      if (!e.is_string()) throw libsearch::Error("\"" + key + "\" must hold strings");
      out.push_back(e.get<std::string>());
    }
  } else {
    throw libsearch::Error("\"" + key + "\" must be a string or a list of strings");
  }
  return out;
}

// A JSONL query line: the query and its own filters, which replace those of
// the command line.
void apply_json_line(const std::string& line, libsearch::SearchRequest& req,
                     press_query::BatchTag& tag) {
  json j;
  try {
    j = json::parse(line);
  } catch (const json::exception& e) {
    throw libsearch::Error(std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object()) throw libsearch::Error("a JSON query line must be an object");
  if (!j.contains("query") || !j["query"].is_string())
    throw libsearch::Error("missing \"query\" (a string)");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    if (key == "query") {
      req.query = v.get<std::string>();
    } else if (key == "id") {
      tag.id = v.is_string() ? v.get<std::string>() : v.dump();
    } else if (key == "lang") {
      req.langs = strings_of(v, key);
      for (const auto& l : req.langs)
        if (l != "zh" && l != "en" && l != "zh-Hans" && l != "zh-Hant")
          throw libsearch::Error("\"lang\" \"" + l + "\" is not zh, en, zh-Hans or zh-Hant");
    } else if (key == "speaker") {
      req.speakers = strings_of(v, key);
    } else if (key == "source") {
      req.sources = strings_of(v, key);
    } else if (key == "release") {
      req.releases = strings_of(v, key);
    } else if (key == "from" || key == "to") {
      if (!v.is_string())
        throw libsearch::Error(key + " " + press_query::json_text(v) +
                               " is not a date (expected \"YYYY-MM-DD\")");
      (key == "from" ? req.from : req.to) = v.get<std::string>();
    } else if (key == "limit") {
      if (!v.is_number_unsigned() || v.get<std::uint64_t>() > libsearch::detail::kMaxCount)
        throw libsearch::Error("limit " + press_query::json_text(v) +
                               " is not a whole number from 0 to " +
                               std::to_string(libsearch::detail::kMaxCount));
      req.limit = v.get<std::size_t>();
    } else {
      throw libsearch::Error("unknown key \"" + key +
                             "\" (expected query, id, lang, from, to, speaker, source, release, limit)");
    }
  }
  tag.query = req.query;
  try {
    libsearch::validate_request(req);  // from and to
  } catch (const libsearch::QueryError& e) {
    throw libsearch::Error(e.reason());
  }
}

// A query file read line by line in bounded memory, from a regular file, a
// pipe or stdin ("-"), as the lines arrive.
class QueryFile {
 public:
  // The longest line read (JSON lines carry filters besides the query,
  // which the library limits to 4096 bytes); a longer one is reported and
  // skipped to its end.
  static constexpr std::size_t kMaxLineBytes = 65536;

  explicit QueryFile(const std::string& path) : path_(path) {
    if (path == "-") {  // stdin
      path_ = "stdin";
      return;
    }
    struct stat st;
    if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
      throw libsearch::Error(path + ": is a folder, not a query file");
    fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
      throw libsearch::Error(path + ": cannot open query file: " + std::strerror(errno));
  }
  ~QueryFile() {
    if (fd_ != STDIN_FILENO) close(fd_);
  }
  QueryFile(const QueryFile&) = delete;  // owns a file descriptor
  QueryFile& operator=(const QueryFile&) = delete;

  enum class Line { kLine, kTooLong, kEnd };

  // The next line, without its line end, into `line`. kTooLong: the line
  // held more than kMaxLineBytes (the rest was skipped; `line` is empty).
  // Throws Error when the file cannot be read or holds a NUL byte (a
  // binary file, /dev/zero): no line of a query file has one.
  Line next(std::string& line) {
    line.clear();
    bool too_long = false, any = false;
    for (;;) {
      if (pos_ == end_ && !fill()) {
        if (!any) return Line::kEnd;
        ++line_no_;  // a last line without a line end
        return too_long ? Line::kTooLong : Line::kLine;
      }
      any = true;
      const char* begin = buffer_ + pos_;
      const std::size_t avail = end_ - pos_;
      const void* nl = std::memchr(begin, '\n', avail);
      const std::size_t n = nl ? static_cast<const char*>(nl) - begin : avail;
      if (std::memchr(begin, '\0', n))
        throw libsearch::Error(path_ + ":" + std::to_string(line_no_ + 1) +
                               ": holds a NUL byte; not a query file (one query per line)");
      if (!too_long) {
        if (line.size() + n > kMaxLineBytes) {
          too_long = true;
          line.clear();
        } else {
          line.append(begin, n);
        }
      }
      pos_ += n;
      if (nl) {
        ++pos_;
        ++line_no_;
        if (too_long) return Line::kTooLong;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return Line::kLine;
      }
    }
  }

  // The number of the line next() returned last (1-based).
  int line_no() const { return line_no_; }

 private:
  bool fill() {
    if (at_eof_) return false;
    for (;;) {
      const ssize_t n = read(fd_, buffer_, sizeof buffer_);
      if (n > 0) {
        pos_ = 0;
        end_ = static_cast<std::size_t>(n);
        return true;
      }
      if (n == 0) {
        at_eof_ = true;
        return false;
      }
      if (errno != EINTR)
        throw libsearch::Error(path_ + ": cannot read query file: " + std::strerror(errno));
    }
  }

  std::string path_;
  int fd_ = STDIN_FILENO;
  char buffer_[65536];
  std::size_t pos_ = 0, end_ = 0;
  bool at_eof_ = false;
  int line_no_ = 0;
};

int run_batch(libsearch::Searcher& searcher, const Config& c) {
  QueryFile in(c.queries_file);
  // Shards skipped when opening (--allow-partial): said once, not per line.
  for (const auto& w : searcher.warnings()) diag() << libsearch::printable(w) << "\n";
  bool any_hits = false;
  int errors = 0;
  const auto fields = csv_fields(c, true);
  if (c.count_only && c.format == "csv") std::cout << "line,id,query,total\r\n";
  else if (c.format == "csv") press_query::print_csv_header(std::cout, fields);
  std::string line;
  for (QueryFile::Line got; (got = in.next(line)) != QueryFile::Line::kEnd;) {
    const int line_no = in.line_no();
    const std::string where = (c.queries_file == "-" ? std::string("stdin") : c.queries_file) +
                              ":" + std::to_string(line_no) + ": ";
    if (got == QueryFile::Line::kTooLong) {
      diag() << libsearch::printable(where) << "line longer than "
             << QueryFile::kMaxLineBytes << " bytes; skipped\n";
      ++errors;
      continue;
    }
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    libsearch::SearchRequest req = c.request;
    press_query::BatchTag tag;
    tag.line = line_no;
    libsearch::SearchResults res;
    const auto t0 = std::chrono::steady_clock::now();
    try {
      if (line[first] == '{') {
        apply_json_line(line, req, tag);
      } else {
        req.query = line;
        tag.query = line;
      }
      if (c.count_only) req.limit = 0;
      res = searcher.search(req);
    } catch (const libsearch::IndexError& e) {
      // The database failed (a remote shard lost, damage): the batch ends,
      // saying at which line.
      throw libsearch::IndexError(where + e.what());
    } catch (const libsearch::Error& e) {
      diag() << libsearch::printable(where + e.what()) << "\n";
      ++errors;
      continue;
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    const auto& opened = searcher.warnings();
    for (const auto& w : res.warnings)
      if (std::find(opened.begin(), opened.end(), w) == opened.end())
        diag() << libsearch::printable(where + w) << "\n";
    any_hits = any_hits || res.total > 0 || !res.hits.empty();
    if (c.count_only) {
      if (c.format == "json" || c.format == "jsonl") {
        json j{{"line", line_no}, {"query", tag.query}, {"total", res.total}};
        if (res.relaxed) j["relaxed"] = true;
        if (tag.id) j["id"] = *tag.id;
        std::cout << press_query::json_text(j) << "\n";
      } else if (c.format == "csv") {
        std::cout << line_no << "," << press_query::csv_field(tag.id.value_or("")) << ","
                  << press_query::csv_field(tag.query) << "," << res.total << "\r\n";
      } else {
        std::cout << line_no << "\t" << res.total << "\t" << libsearch::printable(tag.query)
                  << "\n";
      }
    } else if (c.format == "json") {
      json j = press_query::results_json(res, c.fields, c.explain, press_query::counterparts(c));
      j["line"] = line_no;
      if (tag.id) j["id"] = *tag.id;
      j["elapsed_ms"] = ms;
      std::cout << press_query::json_text(j) << "\n";
    } else if (c.format == "jsonl") {
      for (const auto& h : res.hits) {
        json j = press_query::hit_json(h, c.fields, &tag, c.explain, press_query::counterparts(c));
        if (c.fields.empty()) {
          j["line"] = line_no;
          if (tag.id) j["id"] = *tag.id;
          j["query"] = tag.query;
        }
        std::cout << press_query::json_text(j) << "\n";
      }
    } else if (c.format == "csv") {
      for (const auto& h : res.hits) press_query::print_csv_row(std::cout, h, fields, &tag);
    } else {
      std::cout << "== " << line_no
                << (tag.id ? " [" + libsearch::printable(*tag.id) + "]" : std::string()) << ": "
                << libsearch::printable(tag.query) << "\n";
      press_query::print_text(std::cout, res, isatty(STDOUT_FILENO) != 0, c.explain);
      std::cout << "\n";
    }
    // Each answer goes out whole as soon as it is ready, for a reader
    // streaming from a pipe.
    std::cout.flush();
  }
  if (any_hits) return kExitHits;
  return errors > 0 ? kExitError : kExitNoHits;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_DFL);
  libsearch::detail::install_fatal_signal_handler("press-query");
  try {
    Config c;
    if (!parse_options(argc, argv, c)) return kExitHits;
    std::string subject;
    for (const auto& db : c.dbs) subject += (subject.empty() ? "" : ", ") + db;
    libsearch::detail::set_fatal_signal_subject(subject);
    // A batch runs many searches: facet counts pay for their columns at once.
    c.searcher_options.facet_columns_at_once = !c.queries_file.empty();
    libsearch::Searcher searcher(c.dbs, c.searcher_options);
    if (c.kwic) return run_kwic(searcher, c);
    if (c.timeline) return run_timeline(searcher, c);
    if (c.collocates || c.keywords) return run_word_scores(searcher, c);
    if (!c.queries_file.empty()) return run_batch(searcher, c);
    return run_one(searcher, c, c.query);
  } catch (const po::error& e) {
    diag() << libsearch::printable(e.what()) << " (see press-query --help)\n";
    return kExitError;
  } catch (const libsearch::Error& e) {
    diag() << libsearch::printable(e.what()) << "\n";
    return kExitError;
  } catch (const std::exception& e) {
    diag() << libsearch::printable(e.what()) << "\n";
    return kExitError;
  } catch (...) {
    std::cerr << "press-query: unexpected error\n";
    return kExitError;
  }
}
