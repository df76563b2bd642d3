// press-query: searches a libsearch database from the shell.
#include <unistd.h>

#include <algorithm>
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
#include "libsearch/research.h"
#include "libsearch/searcher.h"
#include "libsearch/version.h"
#include "fatal_signal.h"
#include "output.h"
#include "research_output.h"

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
    "an error (exit 2). Queries are limited to 4096 bytes and 256 terms.\n"
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
    "Research views:\n"
    "  --kwic [N]          a concordance: every occurrence of the query, N characters\n"
    "                      (Chinese) or words (other scripts) of context each side\n"
    "                      (default 20 / 8), never across passages; --sort left,\n"
    "                      right, date, speaker or source (default: index order)\n"
    "  --timeline UNIT     matching passages and occurrences per year, month or day,\n"
    "                      against all passages of the bucket; each QUERY argument\n"
    "                      (quote multi-word queries) or --queries line is a series;\n"
    "                      --by speaker|source|lang splits each series; --norm share\n"
    "                      (matching/all passages, default), per-10k (occurrences per\n"
    "                      10,000 passages) or raw (matching passages); --plot FILE.svg\n"
    "                      writes a line chart\n"
    "  --collocates        words within --window N words (default 5) of the query's\n"
    "                      occurrences, by --measure logdice (default), mi or ll\n"
    "  --keywords          words over-represented in the matching passages (a query\n"
    "                      or filters alone) against the rest, by log-likelihood,\n"
    "                      with log_ratio (the effect size, in doublings)\n"
    "                      Both count passages (observed, expected, corpus_frequency);\n"
    "                      --min-count N (default 3), --stopwords FILE, --limit (30)\n"
    "An occurrence is a place the query matches (as highlighted): two side by side\n"
    "count as two; each word of a several-word query counts.\n"
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
  bool kwic = false;
  libsearch::ConcordanceOptions kwic_options;
  bool timeline = false;
  libsearch::TimelineOptions timeline_options;
  std::vector<std::string> timeline_queries;  // one series each
  std::string plot_file;
  bool collocates = false;
  libsearch::CollocateOptions collocate_options;
  bool keywords = false;
  libsearch::KeywordOptions keyword_options;
};

// `--kwic` takes an optional number: a bare `--kwic` (followed by a query
// word or nothing) becomes `--kwic=default`, so Boost does not read the
// query as its value.
std::vector<std::string> kwic_arguments(int argc, char** argv) {
  std::vector<std::string> out(argv, argv + argc);
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i] != "--kwic") continue;
    const bool number = i + 1 < out.size() && !out[i + 1].empty() &&
                        std::all_of(out[i + 1].begin(), out[i + 1].end(),
                                    [](char ch) { return ch >= '0' && ch <= '9'; });
    if (number) {
      out[i] += "=" + out[i + 1];
      out.erase(out.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    } else {
      out[i] = "--kwic=default";
    }
  }
  return out;
}

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
  std::vector<std::string> facets, langs, fields;
  std::string sort = "relevance", date_facet = "year";
  std::string kwic, timeline, by, norm = "share", measure = "logdice", stopwords;
  long long window = 5, min_count = 3;
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
      ("any", po::bool_switch(&c.request.any), "match any word instead of all (filters still apply)")
      ("strict", po::bool_switch(&c.request.strict), "fail on a malformed query instead of degrading")
      ("allow-partial", po::bool_switch(&c.searcher_options.allow_partial), "search the shards that can be reached when a remote shard is down (with a warning)")
      ("count", po::bool_switch(&c.count_only), "print only the number of matching passages (counted exactly; other output may estimate totals above 300, marked \"about\")")
      ("fields", po::value(&fields)->composing(), "columns to print, comma-separated (see below)")
      ("explain", po::bool_switch(&c.explain), "show the parsed query and why each hit scored")
      ("queries", po::value(&c.queries_file), "run every query in FILE (one per line or JSONL)")
      ("kwic", po::value(&kwic), "concordance with N characters/words of context (see below)")
      ("timeline", po::value(&timeline), "trend per year, month or day (see below)")
      ("by", po::value(&by), "with --timeline: a series per speaker, source or lang")
      ("norm", po::value(&norm), "with --timeline: share, per-10k or raw (default share)")
      ("plot", po::value(&c.plot_file), "with --timeline: write an SVG line chart to FILE")
      ("collocates", po::bool_switch(&c.collocates), "words near the query's occurrences (see below)")
      ("window", po::value(&window), "with --collocates: words each side (default 5)")
      ("measure", po::value(&measure), "with --collocates: logdice, mi or ll (default logdice)")
      ("keywords", po::bool_switch(&c.keywords), "words over-represented in the matching passages")
      ("min-count", po::value(&min_count), "with --collocates, --keywords: fewest passages a word needs (default 3)")
      ("stopwords", po::value(&stopwords), "with --collocates, --keywords: leave out the words of FILE (one a line)")
      ("query", po::value(&c.query_words)->composing(), "the query");
  po::positional_options_description pos;
  pos.add("query", -1);
  po::variables_map vm;
  const std::vector<std::string> args = kwic_arguments(argc, argv);
  po::store(po::command_line_parser(std::vector<std::string>(args.begin() + 1, args.end()))
                .options(opts)
                .positional(pos)
                .run(),
            vm);
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
  c.kwic = vm.count("kwic") > 0;
  c.timeline = vm.count("timeline") > 0;
  if (int(c.kwic) + int(c.timeline) + int(c.collocates) + int(c.keywords) > 1)
    throw po::error("--kwic, --timeline, --collocates and --keywords cannot be combined");
  if ((c.kwic || c.timeline || c.collocates || c.keywords) && (c.count_only || c.explain))
    throw po::error("a research view cannot be combined with --count or --explain");
  if (!c.collocates && (vm.count("window") || vm.count("measure")))
    throw po::error("--window and --measure need --collocates");
  if (!c.collocates && !c.keywords && (vm.count("min-count") || vm.count("stopwords")))
    throw po::error("--min-count and --stopwords need --collocates or --keywords");
  if (c.collocates || c.keywords) {
    if (window < 1 || window > 100) throw po::error("--window must be 1 to 100");
    if (min_count < 1) throw po::error("--min-count must be at least 1");
    std::vector<std::string> stop;
    if (!stopwords.empty()) stop = libsearch::read_stop_words(stopwords);
    const std::size_t items = vm.count("limit") ? static_cast<std::size_t>(limit) : 30;
    c.collocate_options.window = static_cast<std::size_t>(window);
    c.collocate_options.min_observed = c.keyword_options.min_observed =
        static_cast<std::size_t>(min_count);
    c.collocate_options.limit = c.keyword_options.limit = items;
    c.collocate_options.stop_words = c.keyword_options.stop_words = stop;
    if (measure == "logdice") c.collocate_options.measure = libsearch::AssociationMeasure::kLogDice;
    else if (measure == "mi") c.collocate_options.measure = libsearch::AssociationMeasure::kMi;
    else if (measure == "ll") c.collocate_options.measure = libsearch::AssociationMeasure::kLogLikelihood;
    else throw po::error("--measure must be logdice, mi or ll, not \"" + measure + "\"");
    if (!c.queries_file.empty()) throw po::error("--collocates and --keywords take one QUERY, not --queries");
    if (c.collocates && c.query.empty()) throw po::error("--collocates needs a QUERY");
  }
  if (!c.timeline && (!by.empty() || vm.count("norm") || !c.plot_file.empty()))
    throw po::error("--by, --norm and --plot need --timeline");
  if (c.kwic) {
    if (kwic != "default") {
      if (kwic.empty() || kwic.size() > 4 ||
          !std::all_of(kwic.begin(), kwic.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
        throw po::error("--kwic \"" + kwic + "\" is not a number of characters or words (0-9999)");
      c.kwic_options.context_chars = c.kwic_options.context_words = std::stoul(kwic);
    }
    if (!c.queries_file.empty()) throw po::error("--kwic takes one QUERY, not --queries");
    if (c.query.empty()) throw po::error("--kwic needs a QUERY");
    if (vm.count("sort")) {
      if (sort == "left") c.kwic_options.sort = libsearch::ConcordanceSort::kLeft;
      else if (sort == "right") c.kwic_options.sort = libsearch::ConcordanceSort::kRight;
      else if (sort == "date") c.kwic_options.sort = libsearch::ConcordanceSort::kDate;
      else if (sort == "speaker") c.kwic_options.sort = libsearch::ConcordanceSort::kSpeaker;
      else if (sort == "source") c.kwic_options.sort = libsearch::ConcordanceSort::kSource;
      else throw po::error("with --kwic, --sort must be left, right, date, speaker or source");
    }
    sort = "relevance";
  }
  if (c.timeline) {
    if (timeline == "year") c.timeline_options.unit = libsearch::DateFacet::kYear;
    else if (timeline == "month") c.timeline_options.unit = libsearch::DateFacet::kMonth;
    else if (timeline == "day") c.timeline_options.unit = libsearch::DateFacet::kDay;
    else throw po::error("--timeline must be year, month or day, not \"" + timeline + "\"");
    if (by.empty()) c.timeline_options.by = libsearch::TimelineGroup::kNone;
    else if (by == "speaker") c.timeline_options.by = libsearch::TimelineGroup::kSpeaker;
    else if (by == "source") c.timeline_options.by = libsearch::TimelineGroup::kSource;
    else if (by == "lang") c.timeline_options.by = libsearch::TimelineGroup::kLang;
    else throw po::error("--by must be speaker, source or lang, not \"" + by + "\"");
    if (norm == "share") c.timeline_options.norm = libsearch::TimelineNorm::kShare;
    else if (norm == "per-10k") c.timeline_options.norm = libsearch::TimelineNorm::kPer10k;
    else if (norm == "raw") c.timeline_options.norm = libsearch::TimelineNorm::kRaw;
    else throw po::error("--norm must be share, per-10k or raw, not \"" + norm + "\"");
    c.timeline_queries = c.query_words;
    if (!c.queries_file.empty()) {
      std::ifstream in(c.queries_file);
      if (!in) throw po::error(c.queries_file + ": cannot open query file");
      for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::size_t first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        c.timeline_queries.push_back(line.substr(first));
      }
      c.queries_file.clear();
    }
    if (c.timeline_queries.empty()) throw po::error("--timeline needs a QUERY (or --queries FILE)");
    if (vm.count("sort")) throw po::error("--sort does not apply to --timeline");
  }
  if (sort == "relevance") c.request.sort = libsearch::SortOrder::kRelevance;
  else if (sort == "date") c.request.sort = libsearch::SortOrder::kDateAscending;
  else if (sort == "-date") c.request.sort = libsearch::SortOrder::kDateDescending;
  else throw po::error("--sort must be relevance, date or -date");
  c.request.limit = static_cast<std::size_t>(limit);
  c.request.offset = static_cast<std::size_t>(offset);
  c.request.context = static_cast<std::size_t>(context);
  if (per_release < 0) per_release = c.format == "text" ? 1 : 0;
  c.request.per_release = static_cast<std::size_t>(per_release);
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

int run_kwic(libsearch::Searcher& searcher, const Config& c) {
  libsearch::SearchRequest req = c.request;
  req.query = c.query;
  const libsearch::Concordance k = libsearch::concordance(searcher, req, c.kwic_options);
  for (const auto& w : k.warnings) std::cerr << "press-query: " << w << "\n";
  press_query::print_concordance(std::cout, k, c.format, isatty(STDOUT_FILENO) != 0);
  return k.occurrences > 0 ? kExitHits : kExitNoHits;
}

int run_timeline(libsearch::Searcher& searcher, const Config& c) {
  const libsearch::Timeline t =
      libsearch::timeline(searcher, c.request, c.timeline_queries, c.timeline_options);
  for (const auto& w : t.warnings) std::cerr << "press-query: " << w << "\n";
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
  libsearch::SearchRequest req = c.request;
  req.query = c.query;
  const libsearch::WordScores w = c.collocates
                                      ? libsearch::collocates(searcher, req, c.collocate_options)
                                      : libsearch::keywords(searcher, req, c.keyword_options);
  for (const auto& warning : w.warnings) std::cerr << "press-query: " << warning << "\n";
  press_query::print_word_scores(std::cout, w, c.format, c.keywords);
  return w.items.empty() ? kExitNoHits : kExitHits;
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
    if (c.kwic) return run_kwic(searcher, c);
    if (c.timeline) return run_timeline(searcher, c);
    if (c.collocates || c.keywords) return run_word_scores(searcher, c);
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
