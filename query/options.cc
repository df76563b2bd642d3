#include "options.h"

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
    "Exit status: 0 hits found (batch: by any query), 1 no hits, 2 error.\n";

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
      ("with-counterpart", po::bool_switch(&c.request.with_counterpart), "show each hit's aligned passage in the linked release of the other language")
      ("no-counterpart", po::bool_switch(&c.request.no_counterpart), "only passages of linked releases that have no counterpart in the other language (as counterpart:none)")
      ("in", po::value(&c.request.query_lang), "across languages: match the query in LANG (en, zh, zh-Hans, zh-Hant) and show the aligned passages of the other language")
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
