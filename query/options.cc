#include "options.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <boost/program_options.hpp>

#include "libsearch/error.h"
#include "libsearch/version.h"
#include "output.h"
#include "text/number.h"

namespace po = boost::program_options;

namespace press_query {
namespace {

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

}  // namespace

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
    "  counterpart:none     passages of linked Chinese/English releases that the\n"
    "                      other language has no counterpart for (counterpart:any:\n"
    "                      those that have one)\n"
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
    "highlights counterpart dates, and in batch mode line id query.\n"
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

// Returns false when help was printed.
bool parse_options(int argc, char** argv, Config& c) {
  po::options_description opts("Options");
  std::vector<std::string> facets, langs, fields;
  std::string sort = "relevance", date_facet = "year";
  std::string kwic, timeline, by, norm = "share", measure = "logdice", stopwords;
  long long window = 5, min_count = 3;
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
      ("with-counterpart", po::bool_switch(&c.request.with_counterpart), "show each hit's aligned passage in the linked release of the other language")
      ("no-counterpart", po::bool_switch(&c.request.no_counterpart), "only passages of linked releases that have no counterpart in the other language (as counterpart:none)")
      ("in", po::value(&c.request.query_lang), "across languages: match the query in LANG (en, zh, zh-Hans, zh-Hant) and show the aligned passages of the other language")
      ("queries", po::value(&c.queries_file), "run every query in FILE (one per line or JSONL; - is stdin)")
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
      c.request.from.empty() && c.request.to.empty() && !c.request.no_counterpart)
    throw po::error("a QUERY (or --queries FILE, or a filter) is required");
  try {
    libsearch::validate_request(c.request);  // --from and --to
  } catch (const libsearch::QueryError& e) {
    throw po::error("--" + e.reason());
  }
  const std::string& in = c.request.query_lang;
  if (!in.empty() && in != "zh" && in != "en" && in != "zh-Hans" && in != "zh-Hant")
    throw po::error("--in \"" + in + "\" is not zh, en, zh-Hans or zh-Hant");
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
    const std::size_t items = vm.count("limit") ? count_option("limit", limit) : 30;
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
      // One series per line; the file must be a regular file (a FIFO or a
      // folder is refused by name, as for a batch).
      std::error_code ec;
      if (!std::filesystem::is_regular_file(c.queries_file, ec))
        throw po::error(c.queries_file + ": not a regular file (expected one query per line)");
      std::ifstream file(c.queries_file);
      if (!file) throw po::error(c.queries_file + ": cannot open query file");
      for (std::string line; std::getline(file, line);) {
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

bool counterparts(const Config& c) {
  return c.request.with_counterpart || !c.request.query_lang.empty();
}

bool parse_options(const std::vector<std::string>& args, Config& c) {
  std::vector<std::string> storage;
  storage.reserve(args.size() + 1);
  storage.emplace_back("press-query");
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  return parse_options(static_cast<int>(storage.size()), argv.data(), c);
}

}  // namespace press_query
