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
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "libsearch/error.h"
#include "libsearch/printable.h"
#include "libsearch/searcher.h"
#include "libsearch/version.h"
#include "fatal_signal.h"
#include "output.h"
#include "text/number.h"

namespace po = boost::program_options;
using nlohmann::json;

namespace {

constexpr int kExitHits = 0;
constexpr int kExitNoHits = 1;
constexpr int kExitError = 2;

const char kQueryHelp[] =
    "Query language:\n"
    "  words               all must match (--any: any); English words match their\n"
    "                      stem (protect finds protection); Chinese characters typed\n"
    "                      together (贸易战, 發展中國家, 5G网络) match where they stand\n"
    "                      together as written, like \"贸易战\", in either script\n"
    "  ~words              Chinese in its loose form: its words and characters, all\n"
    "                      ANDed, anywhere in the passage (--loose: every word)\n"
    "  \"exact phrase\"      words in order; Chinese characters in order\n"
    "  a OR b, a AND b, NOT a, -a, ( ... )\n"
    "  a NEAR/5 b          a and b within 5 words (Chinese: characters), any order;\n"
    "                      NEAR alone means NEAR/10; operands are words or phrases\n"
    "  protect*            English words starting with protect (at most 200 words)\n"
    "  title:WORD  title:\"a phrase\"  speaker:NAME  speaker:\"Hua Chunying\"\n"
    "  source:TEXT  lang:zh|en|zh-Hans|zh-Hant  release:ID\n"
    "  date:2019  date:2019-06  date:2019-06-30  date:2018-01-01..2019-06-30\n"
    "  (date:2019.. and date:..2019-06-30 leave one end open)\n"
    "  mentions:2022-02     passages that mention a date in that period (\"February\n"
    "                      10th\", \"2022年2月10日\"; YYYY, YYYY-MM or YYYY-MM-DD)\n"
    "A malformed query is searched as plain terms with a warning; --strict makes it\n"
    "an error (exit 2). Queries are UTF-8, limited to 4096 bytes and 256 terms.\n"
    "When no passage holds a Chinese word as written, its loose form is searched;\n"
    "when no passage holds all the words, the passages with the most of them are\n"
    "shown (JSON \"relaxed\": true). Each says so in a warning; --strict turns both off.\n"
    "\n"
    "Batch mode (--queries FILE): one query per line, or one JSON object per line:\n"
    "  {\"query\": \"...\", \"id\": \"q1\", \"lang\": \"zh\", \"from\": \"2019-01-01\",\n"
    "   \"to\": \"2019-12-31\", \"speaker\": [\"华春莹\"], \"source\": \"...\",\n"
    "   \"release\": \"...\", \"limit\": 20}\n"
    "Blank lines and lines starting with # are skipped. Results carry the line\n"
    "number (and id); a bad line is reported as FILE:LINE and the run goes on.\n"
    "\n"
    "Fields (--fields, comma-separated; json, jsonl and csv): rank score release_id\n"
    "paragraph title date source lang url speaker speaker_role section text\n"
    "highlights dates, and in batch mode line id query.\n"
    "\n"
    "Exit status: 0 hits found (batch: by any query), 1 no hits, 2 error.\n";

struct Config {
  std::vector<std::string> dbs;
  std::string format = "text";
  std::string queries_file;
  std::vector<std::string> query_words;  // positional words, joined by spaces
  std::string query;
  bool count_only = false;
  bool explain = false;
  std::vector<std::string> fields;  // empty: the format's default
  libsearch::SearcherOptions searcher_options;
  libsearch::SearchRequest request;
};

std::vector<std::string> split_commas(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& s : in) {
    std::stringstream ss(s);
    for (std::string part; std::getline(ss, part, ',');)
      if (!part.empty()) out.push_back(part);
  }
  return out;
}

// A count option's text as a number of passages, checked against what a
// database can hold.
std::size_t count_option(const std::string& name, const std::string& text) {
  try {
    return static_cast<std::size_t>(
        libsearch::detail::whole_number_or_throw("--" + name, text, 0, libsearch::detail::kMaxCount));
  } catch (const libsearch::Error& e) {
    throw po::error(e.what());
  }
}

// Diagnostics quote queries, file names and database text: shown with
// their control characters made visible, as on stdout.
std::ostream& diag() { return std::cerr << "press-query: "; }

// Returns false when help was printed.
bool parse_options(int argc, char** argv, Config& c) {
  po::options_description opts("Options");
  std::vector<std::string> facets, langs, fields;
  std::string sort = "relevance", date_facet = "year";
  std::string limit = "10", offset = "0", per_release, context = "0";
  opts.add_options()
      ("help,h", "show this help")
      ("version", "show the version")
      ("db", po::value(&c.dbs)->composing(), "database folder or stub file (repeatable)")
      ("format", po::value(&c.format), "text, json, jsonl or csv (default text)")
      ("limit", po::value(&limit), "hits to show (default 10)")
      ("offset", po::value(&offset), "hits to skip (default 0)")
      ("lang", po::value(&langs)->composing(), "zh, en, zh-Hans or zh-Hant (repeatable)")
      ("from", po::value(&c.request.from), "earliest date, YYYY-MM-DD")
      ("to", po::value(&c.request.to), "latest date, YYYY-MM-DD")
      ("release", po::value(&c.request.releases)->composing(), "only this release id (repeatable)")
      ("speaker", po::value(&c.request.speakers)->composing(), "only passages by this speaker (repeatable, OR)")
      ("source", po::value(&c.request.sources)->composing(), "only releases whose source contains TEXT")
      ("facets", po::value(&facets)->composing(), "count by speaker,date,source,lang")
      ("date-facet", po::value(&date_facet), "year, month or day (default year)")
      ("per-release", po::value(&per_release), "at most N passages per release (0 = no limit; default 1 in text output)")
      ("sort", po::value(&sort), "relevance, date or -date (default relevance)")
      ("context", po::value(&context), "passages of context before and after each hit")
      ("any", po::bool_switch(&c.request.any), "match any word instead of all (filters still apply)")
      ("strict", po::bool_switch(&c.request.strict), "fail on a malformed query instead of degrading, and search exactly what was typed (no loose or relaxed fallback)")
      ("loose", po::bool_switch(&c.request.loose), "Chinese words in their loose form: their words and characters anywhere in the passage, as ~word does for one word")
      ("allow-partial", po::bool_switch(&c.searcher_options.allow_partial), "search the shards that can be reached when a remote shard is down (with a warning)")
      ("count", po::bool_switch(&c.count_only), "print only the number of matching passages (counted exactly; other output may estimate totals above 300, marked \"about\")")
      ("fields", po::value(&fields)->composing(), "columns to print, comma-separated (see below)")
      ("explain", po::bool_switch(&c.explain), "show the parsed query and why each hit scored")
      ("queries", po::value(&c.queries_file), "run every query in FILE (one per line or JSONL; - is stdin)")
      ("query", po::value(&c.query_words)->composing(), "the query");
  po::positional_options_description pos;
  pos.add("query", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(argc, argv).options(opts).positional(pos).run(), vm);
  if (vm.count("help")) {
    std::cout << "Usage: press-query --db DIR [OPTIONS] QUERY\n"
                 "       press-query --db DIR --queries FILE [OPTIONS]\n\n"
              << opts << "\n" << kQueryHelp;
    return false;
  }
  if (vm.count("version")) {
    std::cout << "press-query " << libsearch::kVersionString << "\n";
    return false;
  }
  po::notify(vm);
  for (const auto& w : c.query_words) c.query += (c.query.empty() ? "" : " ") + w;
  if (c.dbs.empty()) throw po::error("--db is required");
  if (c.format != "text" && c.format != "json" && c.format != "jsonl" && c.format != "csv")
    throw po::error("--format must be text, json, jsonl or csv, not \"" + c.format + "\"");
  if (c.query.empty() && c.queries_file.empty() && c.request.releases.empty() &&
      c.request.speakers.empty() && langs.empty() && c.request.sources.empty() &&
      c.request.from.empty() && c.request.to.empty())
    throw po::error("a QUERY (or --queries FILE, or a filter) is required");
  try {
    libsearch::validate_request(c.request);  // --from and --to
  } catch (const libsearch::QueryError& e) {
    throw po::error("--" + e.reason());
  }
  for (const auto& l : langs) {
    if (l != "zh" && l != "en" && l != "zh-Hans" && l != "zh-Hant")
      throw po::error("--lang \"" + l + "\" is not zh, en, zh-Hans or zh-Hant");
  }
  c.request.langs = langs;
  c.request.facets = split_commas(facets);
  for (const auto& f : c.request.facets)
    if (f != "speaker" && f != "date" && f != "source" && f != "lang")
      throw po::error("--facets \"" + f + "\" is not speaker, date, source or lang");
  if (date_facet == "year") c.request.date_facet = libsearch::DateFacet::kYear;
  else if (date_facet == "month") c.request.date_facet = libsearch::DateFacet::kMonth;
  else if (date_facet == "day") c.request.date_facet = libsearch::DateFacet::kDay;
  else throw po::error("--date-facet must be year, month or day");
  if (sort == "relevance") c.request.sort = libsearch::SortOrder::kRelevance;
  else if (sort == "date") c.request.sort = libsearch::SortOrder::kDateAscending;
  else if (sort == "-date") c.request.sort = libsearch::SortOrder::kDateDescending;
  else throw po::error("--sort must be relevance, date or -date");
  c.request.limit = count_option("limit", limit);
  c.request.offset = count_option("offset", offset);
  c.request.context = count_option("context", context);
  c.request.per_release = vm.count("per-release") ? count_option("per-release", per_release)
                          : c.format == "text"    ? 1
                                                  : 0;
  if (c.count_only) {
    c.request.exact_total = true;
    c.request.per_release = 0;  // passages, however many per release
  }
  c.request.explain = c.explain;
  c.fields = split_commas(fields);
  for (const auto& f : c.fields)
    if (!press_query::known_field(f))
      throw po::error("--fields \"" + f + "\" is not a column (see press-query --help)");
  if (!c.fields.empty() && c.format == "text")
    throw po::error("--fields needs --format json, jsonl or csv");
  return true;
}

std::vector<std::string> csv_fields(const Config& c, bool batch) {
  return c.fields.empty() ? press_query::default_csv_fields(batch) : c.fields;
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
    std::cout << press_query::json_text(press_query::results_json(res, c.fields, c.explain))
              << "\n";
  } else if (c.format == "jsonl") {
    for (const auto& h : res.hits)
      std::cout << press_query::json_text(press_query::hit_json(h, c.fields, nullptr, c.explain))
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
      json j = press_query::results_json(res, c.fields, c.explain);
      j["line"] = line_no;
      if (tag.id) j["id"] = *tag.id;
      j["elapsed_ms"] = ms;
      std::cout << press_query::json_text(j) << "\n";
    } else if (c.format == "jsonl") {
      for (const auto& h : res.hits) {
        json j = press_query::hit_json(h, c.fields, &tag, c.explain);
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
