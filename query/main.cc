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
#include "output.h"

namespace po = boost::program_options;
using nlohmann::json;

namespace {

constexpr int kExitHits = 0;
constexpr int kExitNoHits = 1;
constexpr int kExitError = 2;

const char kQueryHelp[] =
    "Query language:\n"
    "  words               all must match (--any: any); English words match their\n"
    "                      stem (protect finds protection); Chinese matches as words\n"
    "                      or as the same characters in any segmentation\n"
    "  \"exact phrase\"      words in order; Chinese characters in order\n"
    "  a OR b, a AND b, NOT a, -a, ( ... )\n"
    "  title:WORD  speaker:NAME  source:TEXT  lang:zh|en|zh-Hans|zh-Hant\n"
    "  date:2019  date:2019-06  date:2019-06-30  date:2018-01-01..2019-06-30\n"
    "  release:ID\n"
    "\n"
    "Exit status: 0 hits found, 1 no hits, 2 error.\n";

struct Config {
  std::vector<std::string> dbs;
  std::string format = "text";
  std::string queries_file;
  std::string query;
  bool count_only = false;
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

bool valid_date(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  const int m = std::stoi(d.substr(5, 2)), day = std::stoi(d.substr(8, 2));
  return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

// Returns false when help was printed.
bool parse_options(int argc, char** argv, Config& c) {
  po::options_description opts("Options");
  std::vector<std::string> facets, langs;
  std::string sort = "relevance", date_facet = "year";
  long long limit = 10, offset = 0, per_release = -1, context = 0;
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
      ("any", po::bool_switch(&c.request.any), "match any term instead of all")
      ("strict", po::bool_switch(&c.request.strict), "fail on a malformed query instead of degrading")
      ("allow-partial", po::bool_switch(&c.searcher_options.allow_partial), "search the shards that can be reached when a remote shard is down (with a warning)")
      ("count", po::bool_switch(&c.count_only), "print only the number of matching passages")
      ("queries", po::value(&c.queries_file), "run every query in FILE (one per line)")
      ("query", po::value(&c.query), "the query");
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
  if (c.dbs.empty()) throw po::error("--db is required");
  if (c.format != "text" && c.format != "json" && c.format != "jsonl" && c.format != "csv")
    throw po::error("--format must be text, json, jsonl or csv, not \"" + c.format + "\"");
  if (c.query.empty() && c.queries_file.empty() && c.request.releases.empty() &&
      c.request.speakers.empty() && langs.empty() && c.request.sources.empty() &&
      c.request.from.empty() && c.request.to.empty())
    throw po::error("a QUERY (or --queries FILE, or a filter) is required");
  if (limit < 0 || offset < 0 || context < 0)
    throw po::error("--limit, --offset and --context must not be negative");
  if (!c.request.from.empty() && !valid_date(c.request.from))
    throw po::error("--from \"" + c.request.from + "\" is not a date (expected YYYY-MM-DD)");
  if (!c.request.to.empty() && !valid_date(c.request.to))
    throw po::error("--to \"" + c.request.to + "\" is not a date (expected YYYY-MM-DD)");
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
  c.request.limit = static_cast<std::size_t>(limit);
  c.request.offset = static_cast<std::size_t>(offset);
  c.request.context = static_cast<std::size_t>(context);
  if (per_release < 0) per_release = c.format == "text" ? 1 : 0;
  c.request.per_release = static_cast<std::size_t>(per_release);
  if (c.count_only) c.request.exact_total = true;
  return true;
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
    std::cout << press_query::results_json(res).dump() << "\n";
  } else if (c.format == "jsonl") {
    for (const auto& h : res.hits) std::cout << press_query::hit_json(h).dump() << "\n";
  } else if (c.format == "csv") {
    press_query::print_csv_header(std::cout);
    for (const auto& h : res.hits) press_query::print_csv_row(std::cout, h);
  } else {
    press_query::print_text(std::cout, res, isatty(STDOUT_FILENO) != 0);
  }
  return res.total > 0 || !res.hits.empty() ? kExitHits : kExitNoHits;
}

int run_batch(libsearch::Searcher& searcher, const Config& c) {
  std::ifstream in(c.queries_file);
  if (!in) throw libsearch::Error(c.queries_file + ": cannot open query file");
  bool any_hits = false;
  if (c.format == "csv") {
    std::cout << "line,";
    press_query::print_csv_header(std::cout);
  }
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    libsearch::SearchRequest req = c.request;
    req.query = line;
    const auto t0 = std::chrono::steady_clock::now();
    libsearch::SearchResults res;
    try {
      res = searcher.search(req);
    } catch (const libsearch::QueryError& e) {
      std::cerr << "press-query: " << c.queries_file << ":" << line_no << ": " << e.what() << "\n";
      continue;
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    for (const auto& w : res.warnings)
      std::cerr << "press-query: " << c.queries_file << ":" << line_no << ": " << w << "\n";
    any_hits = any_hits || !res.hits.empty();
    if (c.format == "json") {
      json j = press_query::results_json(res);
      j["line"] = line_no;
      j["elapsed_ms"] = ms;
      std::cout << j.dump() << "\n";
    } else if (c.format == "jsonl") {
      for (const auto& h : res.hits) {
        json j = press_query::hit_json(h);
        j["line"] = line_no;
        j["query"] = line;
        std::cout << j.dump() << "\n";
      }
    } else if (c.format == "csv") {
      for (const auto& h : res.hits) {
        std::cout << line_no << ",";
        press_query::print_csv_row(std::cout, h);
      }
    } else {
      std::cout << "== " << line_no << ": " << line << "\n";
      press_query::print_text(std::cout, res, isatty(STDOUT_FILENO) != 0);
      std::cout << "\n";
    }
  }
  return any_hits ? kExitHits : kExitNoHits;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_DFL);
  try {
    Config c;
    if (!parse_options(argc, argv, c)) return kExitHits;
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
