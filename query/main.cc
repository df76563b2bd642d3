// press-query: searches a libsearch database from the shell.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "libsearch/error.h"
#include "libsearch/searcher.h"
#include "libsearch/version.h"
#include "fatal_signal.h"
#include "options.h"
#include "output.h"

namespace po = boost::program_options;
using nlohmann::json;
using press_query::Config;
using press_query::parse_options;
using press_query::valid_date;

namespace {

constexpr int kExitHits = 0;
constexpr int kExitNoHits = 1;
constexpr int kExitError = 2;

std::vector<std::string> csv_fields(const Config& c, bool batch) {
  return c.fields.empty() ? press_query::default_csv_fields(batch) : c.fields;
}

int run_one(libsearch::Searcher& searcher, const Config& c, const std::string& query) {
  libsearch::SearchRequest req = c.request;
  req.query = query;
  if (c.count_only) req.limit = 0;
  const libsearch::SearchResults res = searcher.search(req);
  for (const auto& w : res.warnings) std::cerr << "press-query: " << w << "\n";
  if (c.count_only) {
    std::cout << res.total << "\n";
  } else if (c.format == "json") {
    std::cout << press_query::results_json(res, c.fields, c.explain).dump() << "\n";
  } else if (c.format == "jsonl") {
    for (const auto& h : res.hits)
      std::cout << press_query::hit_json(h, c.fields, nullptr, c.explain).dump() << "\n";
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
      if (!v.is_string() || !valid_date(v.get<std::string>()))
        throw libsearch::Error("\"" + key + "\" " + v.dump() + " is not a date (expected YYYY-MM-DD)");
      (key == "from" ? req.from : req.to) = v.get<std::string>();
    } else if (key == "limit") {
      if (!v.is_number_unsigned()) throw libsearch::Error("\"limit\" must be a number");
      req.limit = v.get<std::size_t>();
    } else {
      throw libsearch::Error("unknown key \"" + key +
                             "\" (expected query, id, lang, from, to, speaker, source, release, limit)");
    }
  }
  tag.query = req.query;
}

int run_batch(libsearch::Searcher& searcher, const Config& c) {
  std::ifstream in(c.queries_file);
  if (!in) throw libsearch::Error(c.queries_file + ": cannot open query file");
  bool any_hits = false;
  int errors = 0;
  const auto fields = csv_fields(c, true);
  if (c.count_only && c.format == "csv") std::cout << "line,id,query,total\r\n";
  else if (c.format == "csv") press_query::print_csv_header(std::cout, fields);
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const std::string where = c.queries_file + ":" + std::to_string(line_no) + ": ";
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
    } catch (const libsearch::IndexError&) {
      throw;
    } catch (const libsearch::Error& e) {
      std::cerr << "press-query: " << where << e.what() << "\n";
      ++errors;
      continue;
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    for (const auto& w : res.warnings) std::cerr << "press-query: " << where << w << "\n";
    any_hits = any_hits || res.total > 0 || !res.hits.empty();
    if (c.count_only) {
      if (c.format == "json" || c.format == "jsonl") {
        json j{{"line", line_no}, {"query", tag.query}, {"total", res.total}};
        if (tag.id) j["id"] = *tag.id;
        std::cout << j.dump() << "\n";
      } else if (c.format == "csv") {
        std::cout << line_no << "," << press_query::csv_field(tag.id.value_or("")) << ","
                  << press_query::csv_field(tag.query) << "," << res.total << "\r\n";
      } else {
        std::cout << line_no << "\t" << res.total << "\t" << tag.query << "\n";
      }
    } else if (c.format == "json") {
      json j = press_query::results_json(res, c.fields, c.explain);
      j["line"] = line_no;
      if (tag.id) j["id"] = *tag.id;
      j["elapsed_ms"] = ms;
      std::cout << j.dump() << "\n";
    } else if (c.format == "jsonl") {
      for (const auto& h : res.hits) {
        json j = press_query::hit_json(h, c.fields, &tag, c.explain);
        if (c.fields.empty()) {
          j["line"] = line_no;
          if (tag.id) j["id"] = *tag.id;
          j["query"] = tag.query;
        }
        std::cout << j.dump() << "\n";
      }
    } else if (c.format == "csv") {
      for (const auto& h : res.hits) press_query::print_csv_row(std::cout, h, fields, &tag);
    } else {
      std::cout << "== " << line_no << (tag.id ? " [" + *tag.id + "]" : std::string()) << ": "
                << tag.query << "\n";
      press_query::print_text(std::cout, res, isatty(STDOUT_FILENO) != 0, c.explain);
      std::cout << "\n";
    }
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
    std::cerr << "press-query: " << e.what() << " (see press-query --help)\n";
    return kExitError;
  } catch (const libsearch::Error& e) {
    std::cerr << "press-query: " << e.what() << "\n";
    return kExitError;
  } catch (const std::exception& e) {
    std::cerr << "press-query: " << e.what() << "\n";
    return kExitError;
  } catch (...) {
    std::cerr << "press-query: unexpected error\n";
    return kExitError;
  }
}
