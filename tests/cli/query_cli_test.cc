// press-query as a researcher uses it: every output format parsed back,
// batch mode, sorting, per-release limits, --fields, --explain, exit codes.
#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_support.h"

using libsearch::test::press_index;
using libsearch::test::press_query;
using libsearch::test::run;
using libsearch::test::shell_quote;
using libsearch::test::TempDir;
using nlohmann::json;

namespace {

// One database of the samples for every test in this file.
const std::string& sample_db() {
  static TempDir dir;
  static const std::string db = [] {
    const std::string path = dir / "db";
    const auto add = run(press_index("add --db " + shell_quote(path) + " " +
                                     shell_quote(libsearch::test::samples_dir())));
    REQUIRE(add.exit_code == 0);
    return path;
  }();
  return db;
}

std::string q(const std::string& args) {
  return press_query("--db " + shell_quote(sample_db()) + " " + args);
}

// RFC 4180: rows of fields; quoted fields may hold commas, quotes, newlines.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
      ++i;
    } else {
      field += c;
    }
  }
  REQUIRE_FALSE(quoted);
  REQUIRE(field.empty());
  return rows;
}

std::vector<json> parse_lines(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
  return out;
}

bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

}  // namespace

TEST_CASE("json, jsonl and csv parse back to the same hits", "[cli][query]") {
  auto j = run(q("--format json --limit 5 知识产权"));
  REQUIRE(j.exit_code == 0);
  const json doc = json::parse(j.out);
  for (const char* key : {"query", "total", "total_exact", "hits", "facets", "warnings"})
    CHECK(doc.contains(key));
  REQUIRE(doc["hits"].size() >= 3);

  auto jl = run(q("--format jsonl --limit 5 知识产权"));
  REQUIRE(jl.exit_code == 0);
  const auto lines = parse_lines(jl.out);
  REQUIRE(lines.size() == doc["hits"].size());
  for (std::size_t i = 0; i < lines.size(); ++i) CHECK(lines[i] == doc["hits"][i]);

  auto csv = run(q("--format csv --limit 5 知识产权"));
  REQUIRE(csv.exit_code == 0);
  const auto rows = parse_csv(csv.out);
  REQUIRE(rows.size() == doc["hits"].size() + 1);
  const std::vector<std::string> header = {"rank", "score", "release_id", "paragraph",
                                           "title", "date", "source", "lang",
                                           "url", "speaker", "speaker_role", "text"};
  CHECK(rows[0] == header);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    REQUIRE(rows[i].size() == header.size());
    const json& hit = doc["hits"][i - 1];
    CHECK(rows[i][2] == hit["release_id"]);
    CHECK(rows[i][4] == hit["title"]);
    CHECK(rows[i][11] == hit["text"]);  // quoting round-trips commas and quotes
  }
}

TEST_CASE("column selection, counts and explanations", "[cli][query]") {
  auto csv = run(q("--format csv --fields release_id,date,highlights intellectual"));
  REQUIRE(csv.exit_code == 0);
  const auto rows = parse_csv(csv.out);
  REQUIRE(rows.size() >= 2);
  CHECK(rows[0] == std::vector<std::string>{"release_id", "date", "highlights"});
  CHECK(rows[1][2].find('-') != std::string::npos);

  auto jl = run(q("--format jsonl --fields release_id,speaker_role intellectual"));
  REQUIRE(jl.exit_code == 0);
  for (const json& h : parse_lines(jl.out)) {
    CHECK(h.size() == 2);
    CHECK(h.contains("release_id"));
  }
  CHECK(run(q("--format csv --fields release_id,nope intellectual")).exit_code == 2);
  CHECK(run(q("--fields release_id intellectual")).exit_code == 2);  // text has no columns

  auto count = run(q("--count --lang zh 知识产权"));
  REQUIRE(count.exit_code == 0);
  auto exact = run(q("--format json --facets lang --per-release 0 --lang zh 知识产权"));
  CHECK(std::stoul(count.out) == json::parse(exact.out)["total"].get<std::size_t>());
  CHECK(run(q("--count zzzyyyxxx")).out == "0\n");

  auto ex = run(q("--format json --explain --limit 2 'protect* OR 知识产权'"));
  REQUIRE(ex.exit_code == 0);
  const json e = json::parse(ex.out);
  CHECK(e["explain"]["parsed"].get<std::string>().find("WILDCARD") != std::string::npos);
  bool has_expansion = false;
  for (const auto& t : e["explain"]["terms"]) has_expansion |= t["term"] == "protection";
  CHECK(has_expansion);
  REQUIRE_FALSE(e["hits"].empty());
  const json& why = e["hits"][0]["explain"];
  REQUIRE_FALSE(why.empty());
  CHECK(why[0]["weight"].get<double>() > 0);
  CHECK(why[0]["termfreq"].get<int>() > 0);
  auto text = run(q("--explain --limit 1 知识产权"));
  CHECK(text.out.find("parsed: Query(") != std::string::npos);
  CHECK(text.out.find("score ") != std::string::npos);
}

TEST_CASE("sorting by date and per-release limits", "[cli][query]") {
  for (const char* order : {"date", "-date"}) {
    CAPTURE(order);
    auto r = run(q(std::string("--format jsonl --per-release 0 --limit 50 --sort ") + order +
                   " 'lang:zh OR lang:en'"));
    REQUIRE(r.exit_code == 0);
    std::vector<std::string> dates;
    for (const json& h : parse_lines(r.out))
      if (!h["date"].is_null()) dates.push_back(h["date"]);
    REQUIRE(dates.size() > 10);
    if (std::string(order) == "date") CHECK(std::is_sorted(dates.begin(), dates.end()));
    else CHECK(std::is_sorted(dates.rbegin(), dates.rend()));
  }
  auto all = run(q("--format jsonl --limit 50 知识产权"));
  std::map<std::string, int> per;
  for (const json& h : parse_lines(all.out)) ++per[h["release_id"]];
  CHECK(std::any_of(per.begin(), per.end(), [](const auto& p) { return p.second > 1; }));
  for (int n : {1, 2}) {
    auto capped = run(q("--format jsonl --limit 50 --per-release " + std::to_string(n) +
                        " 知识产权"));
    std::map<std::string, int> counts;
    for (const json& h : parse_lines(capped.out)) ++counts[h["release_id"]];
    CHECK(counts.size() == per.size());
    for (const auto& [id, c] : counts) CHECK(c <= n);
  }
  // Text output shows one passage per release unless told otherwise.
  auto text = run(q("--limit 50 知识产权"));
  for (const auto& [id, c] : per) {
    const std::string tag = "[" + id + " ";
    const auto first = text.out.find(tag);
    CHECK(first != std::string::npos);
    CHECK(text.out.find(tag, first + 1) == std::string::npos);
  }
}

TEST_CASE("text output trims long passages on character boundaries", "[cli][query]") {
  auto r = run(q("--context 1 'release:sample-en-001 merchants'"));
  REQUIRE(r.exit_code == 0);
  CHECK(valid_utf8(r.out));
  CHECK(r.out.find("**merchants**") != std::string::npos);
  CHECK(r.out.find("…") != std::string::npos);
  auto zh = run(q("--context 2 --limit 20 'lang:zh OR lang:zh-Hant'"));
  CHECK(valid_utf8(zh.out));
}

TEST_CASE("batch mode: plain and JSONL lines, bad lines reported, one run", "[cli][query]") {
  TempDir dir;
  const std::string file = dir / "queries.txt";
  {
    std::ofstream out(file);
    out << "# questions\n"
        << "知识产权\n"
        << "\n"
        << R"({"query": "intellectual", "id": "en-1", "lang": "en", "limit": 2})" << "\n"
        << "spkr:x \"open\n"
        << R"({"query": "x", "frm": "2019-01-01"})" << "\n"
        << R"({"query": "知识产权", "id": 7, "from": "2030-01-01"})" << "\n";
  }
  auto j = run(q("--format json --strict --queries " + shell_quote(file)));
  CHECK(j.exit_code == 0);
  const auto docs = parse_lines(j.out);
  REQUIRE(docs.size() == 3);
  CHECK(docs[0]["line"] == 2);
  CHECK(docs[0].contains("elapsed_ms"));
  CHECK(docs[1]["line"] == 4);
  CHECK(docs[1]["id"] == "en-1");
  CHECK(docs[1]["hits"].size() <= 2);
  for (const auto& h : docs[1]["hits"]) CHECK(h["lang"] == "en");
  CHECK(docs[2]["id"] == "7");
  CHECK(docs[2]["total"] == 0);
  CHECK(j.err.find("queries.txt:5: query:1: unknown field \"spkr:\"") != std::string::npos);
  CHECK(j.err.find("queries.txt:6: unknown key \"frm\"") != std::string::npos);

  auto csv = run(q("--format csv --queries " + shell_quote(file)));
  CHECK(csv.exit_code == 0);
  const auto rows = parse_csv(csv.out);
  REQUIRE(rows.size() > 2);
  CHECK(rows[0][0] == "line");
  CHECK(rows[0][1] == "id");
  CHECK(rows[0][2] == "query");
  std::set<std::string> lines;
  for (std::size_t i = 1; i < rows.size(); ++i) lines.insert(rows[i][0]);
  CHECK(lines.count("2") == 1);
  CHECK(lines.count("4") == 1);
  // Without --strict the bad query degrades with a warning located by line.
  CHECK(csv.err.find("queries.txt:5: query:1: unknown field") != std::string::npos);

  auto counts = run(q("--count --format csv --queries " + shell_quote(file)));
  CHECK(parse_csv(counts.out)[0] == std::vector<std::string>{"line", "id", "query", "total"});

  const std::string none = dir / "none.txt";
  std::ofstream(none) << "zzzyyyxxx\n";
  CHECK(run(q("--queries " + shell_quote(none))).exit_code == 1);
  const std::string bad = dir / "bad.txt";
  std::ofstream(bad) << "{oops\n";
  CHECK(run(q("--queries " + shell_quote(bad))).exit_code == 2);
  CHECK(run(q("--queries " + shell_quote(dir / "missing.txt"))).exit_code == 2);
}

TEST_CASE("press-query exit codes and messages", "[cli][query]") {
  CHECK(run(q("'知识产权 NEAR/5 保护'")).exit_code == 0);
  CHECK(run(q("'intellectual NEAR/2 protection'")).exit_code == 0);
  auto bad = run(q("--strict '知识产权 (保护'"));
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("press-query: query:") != std::string::npos);
  auto near = run(q("--strict 'x NEAR/ab y'"));
  CHECK(near.exit_code == 2);
  CHECK(near.err.find("query:3: bad \"NEAR/ab\"") != std::string::npos);
  const std::string huge(5000, 'a');
  auto long_q = run(q(huge));
  CHECK(long_q.exit_code == 2);
  CHECK(long_q.err.find("query too long") != std::string::npos);
  auto degraded = run(q("--format json 'date:2019-13 知识产权'"));
  CHECK(degraded.exit_code <= 1);  // "date" and "2019-13" become plain words
  CHECK(json::parse(degraded.out)["warnings"][0].get<std::string>().find("query:6: bad date") !=
        std::string::npos);
  auto help = run(press_query("--help"));
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("NEAR/5") != std::string::npos);
  CHECK(help.out.find("--queries") != std::string::npos);
  // A closed pipe ends quietly.
  auto pipe = run("(" + q("--format jsonl --per-release 0 --limit 1000 'lang:zh OR lang:en'") +
                  " | head -c 10 >/dev/null)");
  CHECK(pipe.err.empty());
}

TEST_CASE("issue 16: a Chinese run not found as written falls back to its words, saying so",
          "[cli][query]") {
  const std::string warning =
      "no passage holds \"保护知识产权\" as written; showing passages with all of its words";
  // Nothing holds it as written.
  auto quoted = run(q("--count '\"保护知识产权\"'"));
  CHECK(quoted.out == "0\n");
  // Unquoted: the loose form, with the warning, in text and JSON.
  auto loose = run(q("--count '~保护知识产权'"));
  REQUIRE(loose.exit_code == 0);
  CHECK(loose.err.find("no passage holds") == std::string::npos);  // asked for loose
  CHECK(run(q("--count --loose 保护知识产权")).out == loose.out);
  auto text = run(q("--limit 1 保护知识产权"));
  REQUIRE(text.exit_code == 0);
  CHECK(text.err.find("press-query: " + warning) != std::string::npos);
  CHECK(text.out.find(loose.out.substr(0, loose.out.size() - 1) + " matching passages\n") == 0);
  auto js = run(q("--format json --per-release 0 --facets lang 保护知识产权"));
  REQUIRE(js.exit_code == 0);
  const json j = json::parse(js.out);
  CHECK(j["total"].get<std::size_t>() == std::stoul(loose.out));
  CHECK(j["relaxed"] == false);
  CHECK(std::find(j["warnings"].begin(), j["warnings"].end(), warning) != j["warnings"].end());
  std::size_t by_lang = 0;
  for (const auto& v : j["facets"]["lang"]) by_lang += v["count"].get<std::size_t>();
  CHECK(by_lang == std::stoul(loose.out));
  // --strict: exactly what was typed.
  for (const char* format : {"text", "json"}) {
    CAPTURE(format);
    auto strict = run(q("--strict --format " + std::string(format) + " 保护知识产权"));
    CHECK(strict.exit_code == 1);
    CHECK(strict.err.find("no passage holds") == std::string::npos);
    if (std::string(format) == "json") {
      const json s = json::parse(strict.out);
      CHECK(s["total"] == 0);
      CHECK(s["warnings"].empty());
      CHECK(s["relaxed"] == false);
    }
  }
  // A run found as written stays exact, with no warning.
  auto found = run(q("--count 知识产权"));
  CHECK(found.err.empty());
  CHECK(found.out == run(q("--count '\"知识产权\"'")).out);
}

TEST_CASE("issue 16: when no passage holds all the words, the most of them, saying which not",
          "[cli][query]") {
  // English: a pasted phrase with a word the text lacks.
  const std::string some = run(q("--count 'intellectual property'")).out;
  REQUIRE(std::stoul(some) > 0);
  auto text = run(q("--limit 1 'intellectual property xyzzyq'"));
  REQUIRE(text.exit_code == 0);
  CHECK(text.err.find("press-query: no passage holds all of the words; showing the passages "
                      "with the most of them, without \"xyzzyq\"") != std::string::npos);
  CHECK(text.out.find(some.substr(0, some.size() - 1) +
                      " matching passages (relaxed: not all of the words; without "
                      "\"xyzzyq\")\n") == 0);
  CHECK(run(q("--count 'intellectual property xyzzyq'")).out == some);
  auto en = run(q("--format json 'intellectual property xyzzyq'"));
  REQUIRE(en.exit_code == 0);
  const json e = json::parse(en.out);
  CHECK(e["relaxed"] == true);
  CHECK(e["total"].get<std::size_t>() == std::stoul(some));
  REQUIRE(e["warnings"].size() == 1);
  CHECK(e["warnings"][0].get<std::string>().find("without \"xyzzyq\"") != std::string::npos);

  // Chinese: no passage holds both words; those holding either are shown,
  // counted and faceted.
  const std::size_t either = std::stoul(run(q("--count '知识产权 OR 数字人民币'")).out);
  auto zh = run(q("--format json --per-release 0 --limit 100 --facets lang,date "
                  "'知识产权 数字人民币'"));
  REQUIRE(zh.exit_code == 0);
  const json z = json::parse(zh.out);
  CHECK(z["relaxed"] == true);
  CHECK(z["total"].get<std::size_t>() == either);
  CHECK(z["hits"].size() == either);
  for (const char* facet : {"lang", "date"}) {
    std::size_t sum = 0;
    for (const auto& v : z["facets"][facet]) sum += v["count"].get<std::size_t>();
    CHECK(sum == either);
  }
  REQUIRE(z["warnings"].size() == 1);
  CHECK(z["warnings"][0].get<std::string>().find(
            "each without some of \"知识产权\", \"数字人民币\"") != std::string::npos);
  CHECK(run(q("--count '知识产权 数字人民币'")).out == std::to_string(either) + "\n");

  // --strict: no relaxing, in text and JSON.
  auto strict = run(q("--strict --format json '知识产权 数字人民币'"));
  CHECK(strict.exit_code == 1);
  const json s = json::parse(strict.out);
  CHECK(s["total"] == 0);
  CHECK(s["relaxed"] == false);
  CHECK(s["warnings"].empty());
  auto strict_text = run(q("--strict 'intellectual property xyzzyq'"));
  CHECK(strict_text.exit_code == 1);
  CHECK(strict_text.out.find("0 matching passages\n") == 0);
  CHECK(strict_text.err.empty());
  // An OR, or --any, is not relaxed: it has no words that all must match.
  CHECK(run(q("--count 'xyzzyq OR qqzzyy'")).out == "0\n");
  auto any = run(q("--any --count 'intellectual xyzzyq'"));
  CHECK(any.err.empty());
}
