// Regression tests for the query and output side of the hardening issue
// (#24 items 6, 7, 8, 10, 11 and parts of 12) and for #22 defect 2: numbers
// out of range, impossible dates, terminal escapes in indexed text, hostile
// batch files, damaged databases, a remote shard lost mid-batch, and queries
// that are not UTF-8. Each drives the real programs or the library on a real
// database built here.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_support.h"
#include "libsearch/error.h"
#include "libsearch/index_writer.h"
#include "libsearch/printable.h"
#include "libsearch/query.h"
#include "libsearch/searcher.h"
#include "query/query_parser.h"
#include "shards/tcp_server.h"
#include "text/number.h"

using libsearch::test::press_index;
using libsearch::test::press_query;
using libsearch::test::run;
using libsearch::test::RunResult;
using libsearch::test::shell_quote;
using libsearch::test::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string q(const std::string& s) { return shell_quote(s); }

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string samples_db(const TempDir& tmp, const std::string& name = "db") {
  const std::string db = tmp / name;
  const RunResult r =
      run(press_index("add --quiet --db " + q(db) + " " + q(libsearch::test::samples_dir())));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return db;
}

// A release whose title, source and body hold terminal escapes: OSC 0
// (retitle), CSI 2 J (clear), a C1 CSI and a right-to-left override.
const char kEvilTitle[] = "Evil \x1b]0;pwned\x07 title";
const char kEvilSource[] = "Bureau \x1b[2J of Tariffs";
const char kEvilBody[] = "The tariffs \x1b[2J cleared \xc2\x9b" "31m and \xe2\x80\xae" "evil text.";

std::string evil_db(const TempDir& tmp) {
  json j{{"id", "evil-1"},          {"lang", "en"},    {"title", kEvilTitle},
         {"date", "2024-01-02"},     {"source", kEvilSource},
         {"url", "http://example.gov/evil"},
         {"body", std::string(kEvilBody) + "\n\nA second paragraph on tariffs."}};
  write_file(tmp / "evil.jsonl", j.dump() + "\n");
  const std::string db = tmp / "evil.db";
  const RunResult r = run(press_index("add --quiet --db " + q(db) + " " + q(tmp / "evil.jsonl")));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return db;
}

bool has_raw_controls(const std::string& s) {
  for (unsigned char c : s)
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return true;
  // C1 controls and the RLO, as UTF-8.
  return s.find("\xc2\x9b") != std::string::npos || s.find("\xe2\x80\xae") != std::string::npos;
}

}  // namespace

// --- 6: numbers ------------------------------------------------------------

TEST_CASE("issue 24.6: whole numbers are checked against their range, never wrapped",
          "[fault][limits]") {
  using libsearch::detail::parse_whole_number;
  const std::uint64_t max32 = 4294967295u;
  struct Row {
    const char* text;
    std::uint64_t min, max;
    std::optional<std::uint64_t> want;
  };
  const Row rows[] = {
      {"0", 0, max32, 0},
      {"10", 0, max32, 10},
      {"4294967295", 0, max32, max32},
      {"4294967296", 0, max32, std::nullopt},
      {"18446744073709551615", 0, std::numeric_limits<std::uint64_t>::max(),
       std::numeric_limits<std::uint64_t>::max()},
      {"18446744073709551616", 0, std::numeric_limits<std::uint64_t>::max(), std::nullopt},
      {"99999999999999999999999", 0, max32, std::nullopt},
      {"-1", 0, max32, std::nullopt},
      {"+1", 0, max32, std::nullopt},
      {" 1", 0, max32, std::nullopt},
      {"1e3", 0, max32, std::nullopt},
      {"0x10", 0, max32, std::nullopt},
      {"", 0, max32, std::nullopt},
      {"0", 1, 256, std::nullopt},
      {"257", 1, 256, std::nullopt},
      {"256", 1, 256, 256},
  };
  for (const Row& r : rows) {
    INFO("\"" << r.text << "\" in " << r.min << ".." << r.max);
    CHECK(parse_whole_number(r.text, r.min, r.max) == r.want);
  }
  CHECK_THROWS_WITH(libsearch::detail::whole_number_or_throw("--offset", "4294967296", 0, max32),
                    "--offset \"4294967296\" is out of range (expected a whole number from 0 to "
                    "4294967295)");
  CHECK_THROWS_WITH(libsearch::detail::whole_number_or_throw("--jobs", "-1", 1, 256),
                    "--jobs \"-1\" is not a whole number (expected one from 1 to 256)");
}

TEST_CASE("issue 24.6: press-query and press-index refuse numbers out of range by name",
          "[fault][limits]") {
  TempDir tmp;
  const std::string db = samples_db(tmp);
  // --offset 4294967296 used to wrap to 0 and print the first page.
  struct Bad {
    std::string args, option;
  };
  const std::vector<Bad> query_bad = {
      {"--offset 4294967296", "--offset"},   {"--offset -1", "--offset"},
      {"--limit 99999999999999999999", "--limit"}, {"--limit -5", "--limit"},
      {"--context 1e3", "--context"},        {"--per-release 4294967296", "--per-release"},
  };
  for (const Bad& b : query_bad) {
    const RunResult r = run(press_query("--db " + q(db) + " " + b.args + " 知识产权"));
    INFO(b.args << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains(b.option + " \"") && Catch::Contains("whole number"));
  }
  // A batch line's "limit" likewise.
  write_file(tmp / "q.jsonl", "{\"query\": \"知识产权\", \"limit\": -1}\n"
                              "{\"query\": \"知识产权\", \"limit\": 4294967296}\n");
  const RunResult batch = run(press_query("--db " + q(db) + " --queries " + q(tmp / "q.jsonl")));
  CHECK(batch.exit_code == 2);
  CHECK_THAT(batch.err, Catch::Contains("q.jsonl:1: limit -1 is not a whole number"));
  CHECK_THAT(batch.err, Catch::Contains("q.jsonl:2: limit 4294967296 is not a whole number"));
  // The largest offset is accepted and skips every hit (the query matched:
  // exit 0, as for any page past the end).
  const RunResult last = run(press_query("--db " + q(db) + " --offset 4294967295 知识产权"));
  CHECK(last.exit_code == 0);
  CHECK_THAT(last.out, Catch::Contains("matching passages"));
  CHECK_THAT(last.out, !Catch::Contains("1. "));

  const std::string corpus = q(libsearch::test::samples_dir());
  const std::vector<Bad> index_bad = {
      {"add --db " + q(tmp / "x") + " --jobs -1 " + corpus, "--jobs"},
      {"add --db " + q(tmp / "x") + " --jobs 100000 " + corpus, "--jobs"},
      {"add --db " + q(tmp / "x") + " --shards 100000 " + corpus, "--shards"},
      {"add --db " + q(tmp / "x") + " --commit-every 0 " + corpus, "--commit-every"},
      {"add --db " + q(tmp / "x") + " --commit-every 4294967296 " + corpus, "--commit-every"},
      {"validate --max-passages 18446744073709551616 " + corpus, "--max-passages"},
      {"validate --max-file-bytes -1 " + corpus, "--max-file-bytes"},
  };
  for (const Bad& b : index_bad) {
    const RunResult r = run(press_index(b.args));
    INFO(b.args << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(b.option + " \""));
    CHECK_FALSE(fs::exists(tmp / "x"));  // refused before any work
  }
}

TEST_CASE("issue 24.6: the Searcher clamps offsets and counts instead of wrapping them",
          "[fault][limits]") {
  TempDir tmp;
  const std::string db = samples_db(tmp);
  libsearch::Searcher searcher({db});
  libsearch::SearchRequest req;
  req.query = "知识产权";
  const libsearch::SearchResults first = searcher.search(req);
  REQUIRE_FALSE(first.hits.empty());
  req.offset = std::size_t{1} << 32;  // wrapped to 0 before
  const libsearch::SearchResults past = searcher.search(req);
  CHECK(past.hits.empty());
  CHECK(past.total == first.total);
  req.offset = 0;
  req.limit = std::numeric_limits<std::size_t>::max();
  req.per_release = (std::size_t{1} << 32) + 1;  // wrapped to 1 before
  CHECK(searcher.search(req).hits.size() == first.total);
  // Context as large as can be: every other passage of the release.
  req.limit = 1;
  req.per_release = 0;
  req.context = std::numeric_limits<std::size_t>::max();
  const libsearch::SearchResults ctx = searcher.search(req);
  REQUIRE(ctx.hits.size() == 1);
  const auto whole = searcher.release(ctx.hits[0].release_id);
  REQUIRE(whole);
  CHECK(ctx.hits[0].before.size() + ctx.hits[0].after.size() + 1 == whole->passages.size());
}

// --- 7 and #22 defect 2: one date validator --------------------------------

TEST_CASE("issue 24.7 / 22.2: one date validator for every entry point", "[fault][query]") {
  using libsearch::detail::compact_day;
  using libsearch::detail::compact_period;
  struct Row {
    const char* text;
    const char* day;     // compact_day
    const char* period;  // compact_period
  };
  const Row rows[] = {
      {"2024-02-29", "20240229", "20240229"}, {"2023-02-29", "", ""},
      {"2024-02-31", "", ""},                 {"2024-04-31", "", ""},
      {"2024-13-01", "", ""},                 {"2024-00-10", "", ""},
      {"2024-1-01", "", ""},                  {"2024/02/01", "", ""},
      {"yesterday", "", ""},                  {"", "", ""},
      {"2024", "", "2024"},                   {"2024-02", "", "202402"},
      {"2024-13", "", ""},                    {"0999", "", ""},
      {"２０２４-01-01", "", ""},
  };
  for (const Row& r : rows) {
    INFO("\"" << r.text << "\"");
    CHECK(compact_day(r.text) == r.day);
    CHECK(compact_period(r.text) == r.period);
  }

  TempDir tmp;
  const std::string db = samples_db(tmp);
  libsearch::Searcher searcher({db});
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"2024-02-31", ""}, {"", "yesterday"}, {"2024/01/01", ""}, {"2024-03-01", "2024-02-01"}}) {
    INFO("from " << from << " to " << to);
    libsearch::SearchRequest req;
    req.query = "知识产权";
    req.from = from;
    req.to = to;
    // Gave no hits, silently, before.
    CHECK_THROWS_AS(libsearch::validate_request(req), libsearch::QueryError);
    CHECK_THROWS_AS(searcher.search(req), libsearch::QueryError);
  }
  libsearch::SearchRequest ok;
  ok.query = "知识产权";
  ok.from = "2024-02-29";
  ok.to = "2024-12-31";
  CHECK_NOTHROW(libsearch::validate_request(ok));
  CHECK_THROWS_AS(libsearch::Query::date_range("2024-02-31", ""), libsearch::QueryError);
  CHECK_THROWS_AS(libsearch::Query::field("date", "2024-02-31"), libsearch::QueryError);

  // The CLI: --from/--to and a batch line's "from" say what the library says.
  const RunResult from = run(press_query("--db " + q(db) + " --from 2024-02-31 知识产权"));
  CHECK(from.exit_code == 2);  // was accepted
  CHECK_THAT(from.err, Catch::Contains("--from \"2024-02-31\" is not a date"));
  const RunResult to = run(press_query("--db " + q(db) + " --to yesterday 知识产权"));
  CHECK(to.exit_code == 2);
  CHECK_THAT(to.err, Catch::Contains("--to \"yesterday\" is not a date"));
  const RunResult field = run(press_query("--db " + q(db) + " --strict '知识产权 date:2024-02-31'"));
  CHECK(field.exit_code == 2);
  CHECK_THAT(field.err, Catch::Contains("2024-02-31"));
  write_file(tmp / "q.jsonl", "{\"query\": \"知识产权\", \"from\": \"2024-02-31\"}\n知识产权\n");
  const RunResult batch =
      run(press_query("--db " + q(db) + " --count --queries " + q(tmp / "q.jsonl")));
  CHECK(batch.exit_code == 0);
  CHECK_THAT(batch.err, Catch::Contains("q.jsonl:1: from \"2024-02-31\" is not a date"));
  CHECK_THAT(batch.out, Catch::StartsWith("2\t"));
}

// --- 8: terminal escapes ------------------------------------------------------

TEST_CASE("issue 24.8: printable() makes control characters visible", "[fault][results]") {
  using libsearch::Newlines;
  using libsearch::printable;
  struct Row {
    std::string in, out;
  };
  const Row rows[] = {
      {"plain text, 中文 and tabs\there", "plain text, 中文 and tabs\there"},
      {"\x1b]0;title\x07", "\\x1B]0;title\\x07"},
      {"\x1b[2J", "\\x1B[2J"},
      {"a\rb\x7f\x01", "a\\x0Db\\x7F\\x01"},
      {"line\nnext", "line\\nnext"},
      {"\xc2\x9b" "31m", "\\u{009B}31m"},
      {"\xe2\x80\xae" "txet", "\\u{202E}txet"},
      {"\xe2\x81\xa6x", "\\u{2066}x"},
      {"bad \xff byte", "bad \\xFF byte"},
      {"cut \xe4\xb8", "cut \\xE4\\xB8"},
      {"\xef\xbf\xbd", "\xef\xbf\xbd"},  // a real U+FFFD stays
      {std::string("nul\0x", 5), "nul\\x00x"},
  };
  for (const Row& r : rows) {
    INFO(r.out);
    CHECK(printable(r.in) == r.out);
  }
  CHECK(printable("line\nnext", Newlines::kKeep) == "line\nnext");
  CHECK(printable("a\r\n", Newlines::kKeep) == "a\\x0D\n");
}

TEST_CASE("issue 24.8: indexed terminal escapes are shown, not obeyed", "[fault][cli]") {
  TempDir tmp;
  const std::string db = evil_db(tmp);
  // press-query text output: the escapes used to reach the terminal raw.
  const RunResult text = run(press_query("--db " + q(db) + " --facets source tariffs"));
  INFO(text.err);
  REQUIRE(text.exit_code == 0);
  CHECK_FALSE(has_raw_controls(text.out));
  CHECK_THAT(text.out, Catch::Contains("Evil \\x1B]0;pwned\\x07 title"));
  CHECK_THAT(text.out, Catch::Contains("\\x1B[2J cleared \\u{009B}31m and \\u{202E}evil"));
  CHECK_THAT(text.out, Catch::Contains("Bureau \\x1B[2J of Tariffs"));  // the facet too
  const RunResult ctx = run(press_query("--db " + q(db) + " --context 1 --limit 1 second"));
  CHECK_FALSE(has_raw_controls(ctx.out));
  CHECK_THAT(ctx.out, Catch::Contains("\\x1B[2J"));

  // press-index show.
  const RunResult show = run(press_index("show --db " + q(db) + " evil-1"));
  REQUIRE(show.exit_code == 0);
  CHECK_FALSE(has_raw_controls(show.out));
  CHECK_THAT(show.out, Catch::Contains("Evil \\x1B]0;pwned\\x07 title"));
  CHECK_THAT(show.out, Catch::Contains("\\x1B[2J cleared"));

  // JSON escapes them and keeps the text exact.
  for (const std::string format : {"json", "jsonl"}) {
    const RunResult r = run(press_query("--db " + q(db) + " --format " + format + " tariffs"));
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find('\x1b') == std::string::npos);
    const json first = json::parse(r.out.substr(0, r.out.find('\n')));
    const json& hit = format == "json" ? first.at("hits").at(0) : first;
    CHECK(hit.at("title") == kEvilTitle);
    CHECK(hit.at("text") == kEvilBody);
  }
  const RunResult show_json = run(press_index("show --db " + q(db) + " --format json evil-1"));
  CHECK(show_json.out.find('\x1b') == std::string::npos);
  CHECK(json::parse(show_json.out).at("title") == kEvilTitle);

  // CSV quotes every field that holds a control character.
  const RunResult csv =
      run(press_query("--db " + q(db) + " --format csv --fields title,source tariffs"));
  REQUIRE(csv.exit_code == 0);
  CHECK_THAT(csv.out, Catch::Contains(std::string("\"") + kEvilTitle + "\",\"" + kEvilSource +
                                      "\"\r\n"));
}

// --- 10: batch files ------------------------------------------------------

TEST_CASE("issue 24.10: unreadable batch files are reported by path", "[fault][cli]") {
  TempDir tmp;
  const std::string db = samples_db(tmp);
  fs::create_directories(tmp / "folder");
  // A folder: exit 1 and no message before.
  const RunResult folder = run(press_query("--db " + q(db) + " --queries " + q(tmp / "folder")));
  CHECK(folder.exit_code == 2);
  CHECK_THAT(folder.err, Catch::Contains(tmp / "folder" + ": is a folder"));
  const RunResult missing = run(press_query("--db " + q(db) + " --queries " + q(tmp / "none")));
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains(tmp / "none" + ": cannot open query file"));
  // A file with no line ends: /dev/zero used to be read as one line until
  // memory ran out.
  const RunResult zero = run(press_query("--db " + q(db) + " --queries /dev/zero"));
  CHECK(zero.exit_code == 2);
  CHECK_THAT(zero.err, Catch::Contains("/dev/zero:1: holds a NUL byte"));
  // An over-long line is reported and skipped; the next line is answered.
  write_file(tmp / "long.txt", std::string(200000, 'a') + "\n知识产权\n");
  const RunResult lng = run(press_query("--db " + q(db) + " --count --queries " + q(tmp / "long.txt")));
  CHECK(lng.exit_code == 0);
  CHECK_THAT(lng.err, Catch::Contains("long.txt:1: line longer than 65536 bytes"));
  CHECK_THAT(lng.out, Catch::StartsWith("2\t"));
  // A last line without a line end is read, with its number.
  write_file(tmp / "last.txt", "# comment\n知识产权");
  const RunResult last = run(press_query("--db " + q(db) + " --count --queries " + q(tmp / "last.txt")));
  CHECK(last.exit_code == 0);
  CHECK_THAT(last.out, Catch::StartsWith("2\t"));
}

// --- 11: damaged databases --------------------------------------------------

TEST_CASE("issue 24.11: a damaged database is named with what to do, and JSON stays UTF-8",
          "[fault]") {
  TempDir tmp;
  const std::string good = samples_db(tmp, "good");
  {
    // A truncated postlist: "press-query: unexpected error" before.
    const std::string db = tmp / "truncated";
    fs::copy(good, db);
    fs::resize_file(db + "/postlist.glass", fs::file_size(db + "/postlist.glass") / 2);
    for (const std::string& cmd :
         {press_query("--db " + q(db) + " 知识产权"), press_index("stats --db " + q(db)),
          press_index("stats --format json --db " + q(db))}) {
      const RunResult r = run(cmd);
      INFO(cmd << ": " << r.err);
      CHECK(r.exit_code == 2);
      CHECK_THAT(r.err, !Catch::Contains("unexpected error"));
      CHECK_THAT(r.err, Catch::Contains(db + ": "));
      CHECK_THAT(r.err, Catch::Contains("xapian-check " + db));
      CHECK_THAT(r.err, Catch::Contains("press-index reindex --db " + db));
    }
  }
  {
    // One byte of a source name (stored in the postlist's value streams)
    // made invalid UTF-8: stats --format json threw a JSON library error.
    const std::string db = tmp / "flipped";
    fs::copy(good, db);
    const std::string file = db + "/postlist.glass";
    std::string bytes = libsearch::test::slurp(file);
    // Every copy of the name in the file (the value stream the facets and
    // stats read is one of them; where it stands depends on the schema).
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    std::size_t copies = 0;
    for (std::size_t at = bytes.find("Lianhe Municipal Bureau of Commerce");
         at != std::string::npos;
         at = bytes.find("Lianhe Municipal Bureau of Commerce", at + 1), ++copies) {
      f.seekp(static_cast<std::streamoff>(at + 1));
      f.put('\xff');
    }
    REQUIRE(copies > 0);
    f.close();
    const RunResult stats = run(press_index("stats --format json --db " + q(db)));
    INFO(stats.err);
    CHECK_THAT(stats.err, !Catch::Contains("json.exception"));
    REQUIRE(stats.exit_code == 0);
    const json j = json::parse(stats.out);  // throws on invalid UTF-8
    CHECK(j.at("sources").contains("L\xef\xbf\xbd" "anhe Municipal Bureau of Commerce"));
    const RunResult facets =
        run(press_query("--db " + q(db) + " --format json --facets source --limit 0 Lianhe"));
    CHECK_THAT(facets.err, !Catch::Contains("json.exception"));
    REQUIRE(facets.exit_code == 0);
    CHECK_NOTHROW(json::parse(facets.out));
    const RunResult text = run(press_query("--db " + q(db) + " --facets source --limit 0 Lianhe"));
    CHECK_THAT(text.out, Catch::Contains("L\\xFFanhe Municipal Bureau of Commerce"));
  }
}

// --- 12: remote shard lost mid-batch, --allow-partial, --strict UTF-8 -------

namespace {

// press-query reading its batch from a pipe this test writes, its stdout
// read back line by line: the test decides what happens between lines.
class PipedQuery {
 public:
  PipedQuery(const std::vector<std::string>& argv, const std::string& err_path) {
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(in[0], 0);
      dup2(out[1], 1);
      dup2(err, 2);
      close(in[1]);
      close(out[0]);
      std::vector<char*> args;
      for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
    close(in[0]);
    close(out[1]);
    to_ = in[1];
    from_ = out[0];
  }
  ~PipedQuery() {
    close_input();
    if (from_ >= 0) close(from_);
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  PipedQuery(const PipedQuery&) = delete;  // owns a process and pipes
  PipedQuery& operator=(const PipedQuery&) = delete;

  void send(const std::string& line) {
    const std::string l = line + "\n";
    REQUIRE(write(to_, l.data(), l.size()) == static_cast<ssize_t>(l.size()));
  }
  void close_input() {
    if (to_ >= 0) close(to_);
    to_ = -1;
  }
  // The next line of output (blocks until it is written), or "" at its end.
  std::string read_line() {
    std::string line;
    char c;
    while (read(from_, &c, 1) == 1) {
      if (c == '\n') return line;
      line += c;
    }
    return line;
  }
  int wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  pid_t pid_ = -1;
  int to_ = -1, from_ = -1;
};

// True while any process of group `pgid` is still running (not a zombie):
// read from /proc, since the server's connection processes are not this
// test's children.
bool group_running(pid_t pgid) {
  std::error_code ec;  // processes come and go while /proc is read
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    const std::string stat = libsearch::test::slurp(e.path().string() + "/stat");
    const std::size_t paren = stat.rfind(')');
    if (paren == std::string::npos) continue;
    char state = 0;
    int ppid = 0, pgrp = 0;
    if (std::sscanf(stat.c_str() + paren + 1, " %c %d %d", &state, &ppid, &pgrp) != 3) continue;
    if (pgrp == pgid && state != 'Z' && state != 'X') return true;
  }
  return false;
}

}  // namespace

TEST_CASE("issue 24.12: a remote shard lost mid-batch is named with its stub and batch line",
          "[fault][shards]") {
  if (libsearch::test::tcpsrv_bin().empty()) {
    WARN("skipped: xapian-tcpsrv (xapian-tools) is not installed");
    return;
  }
  TempDir tmp;
  const std::string local = samples_db(tmp, "local");
  const std::string remote = samples_db(tmp, "remote");
  libsearch::test::TcpServer server(remote);
  const std::string port = std::to_string(server.port());
  write_file(tmp / "cluster.stub", "# two shards\nauto local\nremote 127.0.0.1:" + port + "\n");

  PipedQuery pq({libsearch::test::press_query_bin(), "--db", tmp / "cluster.stub", "--count",
                 "--queries", "-"},
                tmp / "err");
  pq.send("知识产权");
  const std::string first = pq.read_line();  // line 1 answered by both shards
  CHECK_THAT(first, Catch::StartsWith("1\t"));
  // The server and its connection process killed, for certain, before
  // line 2 is sent.
  const pid_t group = server.pid();
  kill(-group, SIGKILL);
  server.stop();
  while (group_running(group)) std::this_thread::yield();
  pq.send("# a comment");
  pq.send("tariffs");
  pq.close_input();
  CHECK(pq.read_line().empty());
  CHECK(pq.wait() == 2);
  const std::string err = libsearch::test::slurp(tmp / "err");
  INFO(err);
  CHECK_THAT(err, Catch::Contains("stdin:3: " + tmp / "cluster.stub" + ":3: remote shard 127.0.0.1:" +
                                  port + ": lost during the search"));
  CHECK_THAT(err, Catch::Contains("xapian-tcpsrv --port " + port));
}

TEST_CASE("issue 24.12: --allow-partial warns once per shard, not per batch line",
          "[fault][shards]") {
  TempDir tmp;
  const std::string local = samples_db(tmp, "local");
  const unsigned port = libsearch::test::free_port();  // nothing listens there
  write_file(tmp / "cluster.stub", "auto local\nremote 127.0.0.1:" + std::to_string(port) + "\n");
  write_file(tmp / "q.txt", "知识产权\ntariffs\n\"digital RMB\"\n");
  const RunResult r = run(press_query("--db " + q(tmp / "cluster.stub") +
                                      " --allow-partial --count --queries " + q(tmp / "q.txt")));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  const std::string shard = "cluster.stub:2: remote shard 127.0.0.1:" + std::to_string(port);
  const std::size_t at = r.err.find(shard);
  REQUIRE(at != std::string::npos);
  CHECK(r.err.find(shard, at + 1) == std::string::npos);  // three times before
  // JSON results still carry it, per result.
  const RunResult j = run(press_query("--db " + q(tmp / "cluster.stub") +
                                      " --allow-partial --format json --queries " + q(tmp / "q.txt")));
  std::size_t lines = 0;
  for (std::size_t p = 0; (p = j.out.find(shard, p)) != std::string::npos; ++p) ++lines;
  CHECK(lines == 3);
}

TEST_CASE("issue 24.12: --strict refuses a query that is not UTF-8, with its byte position",
          "[fault][query]") {
  TempDir tmp;
  const std::string db = samples_db(tmp);
  // Accepted silently before.
  const RunResult strict = run(press_query("--db " + q(db) + " --strict \"$(printf '知识产权 \\377 tariffs')\""));
  CHECK(strict.exit_code == 2);
  CHECK_THAT(strict.err, Catch::Contains("query:14: invalid UTF-8 (byte 0xFF"));
  const RunResult lax = run(press_query("--db " + q(db) + " --format json \"$(printf '知识产权 \\377')\""));
  CHECK(lax.exit_code == 0);
  const json j = json::parse(lax.out);
  REQUIRE(j.at("warnings").size() == 1);
  CHECK_THAT(j.at("warnings")[0].get<std::string>(), Catch::Contains("query:14: invalid UTF-8"));

  libsearch::Searcher searcher({db});
  libsearch::SearchRequest req;
  req.query = "ab\xc3(";
  req.strict = true;
  try {
    searcher.search(req);
    FAIL("no QueryError");
  } catch (const libsearch::QueryError& e) {
    CHECK(e.offset() == 2);
  }
}
