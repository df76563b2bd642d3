// press-index as archivists use it: reruns, remove, reindex, validate,
// compact, bad input, a SIGKILL in the middle of an add, lock contention and
// searching while it writes.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "cli/cli_support.h"
#include "index/schema.h"
#include "libsearch/error.h"
#include "libsearch/index_writer.h"
#include "libsearch/searcher.h"

using libsearch::test::press_index;
using libsearch::test::run;
using libsearch::test::shell_quote;
using libsearch::test::TempDir;
using nlohmann::json;

namespace {

std::string data(const std::string& name) {
  return libsearch::test::data_dir() + "/corpus/" + name;
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

// A JSON Lines corpus of `n` English releases with four paragraphs each.
void generate_corpus(const std::string& path, int n) {
  static const char* const kWords[] = {"ministry", "press",  "conference", "trade",
                                       "harbour",  "policy", "spokesman",  "budget",
                                       "railway",  "export", "climate",    "school"};
  std::ofstream out(path, std::ios::binary);
  for (int i = 0; i < n; ++i) {
    std::string body;
    for (int p = 0; p < 4; ++p) {
      if (p) body += "\\n\\n";
      for (int w = 0; w < 40; ++w) {
        body += kWords[(i * 7 + p * 3 + w * w) % 12];
        body += w % 10 == 9 ? ". " : " ";
      }
      body += "Item " + std::to_string(i) + ".";
    }
    char id[32];
    std::snprintf(id, sizeof id, "gen-%05d", i);
    out << "{\"id\":\"" << id << "\",\"lang\":\"en\",\"title\":\"Generated release " << i
        << "\",\"date\":\"2024-01-" << (10 + i % 20) << "\",\"source\":\"Test Office\",\"body\":\""
        << body << "\"}\n";
  }
}

// Passages each release would get, from `press-index validate --list`.
std::map<std::string, std::size_t> expected_passages(const std::string& corpus) {
  auto r = run(press_index("validate --quiet --list --format json " + shell_quote(corpus)));
  REQUIRE(r.exit_code == 0);
  std::map<std::string, std::size_t> out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    const json j = json::parse(line);
    out[j["release_id"].get<std::string>()] = j["passages"].get<std::size_t>();
  }
  return out;
}

// What one revision of a database holds: passages per release id, and the
// number of stored content hashes.
struct Snapshot {
  std::map<std::string, std::size_t> passages;
  std::map<std::string, bool> hashed;
  std::size_t hashes = 0;
};

Snapshot snapshot(const std::string& db) {
  for (int attempt = 0;; ++attempt) {
    try {
      Xapian::Database x(db);
      Snapshot s;
      const std::string prefix = libsearch::schema::kReleaseTerm;
      for (auto t = x.allterms_begin(prefix); t != x.allterms_end(prefix); ++t) {
        const std::string id = (*t).substr(prefix.size());
        s.passages[id] = t.get_termfreq();
        s.hashed[id] = !x.get_metadata(libsearch::schema::kMetaHashPrefix + id).empty();
      }
      const std::string hp = libsearch::schema::kMetaHashPrefix;
      for (auto k = x.metadata_keys_begin(hp); k != x.metadata_keys_end(hp); ++k)
        if (!x.get_metadata(*k).empty()) ++s.hashes;
      return s;
    } catch (const Xapian::DatabaseModifiedError&) {
      // A writer committed twice while we read: read the new revision.
      if (attempt == 20) throw;
    }
  }
}

// Checks that `db` holds whole releases only; returns how many.
std::size_t check_whole_releases(const std::string& db,
                                 const std::map<std::string, std::size_t>& expected) {
  const Snapshot s = snapshot(db);
  for (const auto& [id, passages] : s.passages) {
    CAPTURE(id);
    auto it = expected.find(id);
    REQUIRE(it != expected.end());
    CHECK(passages == it->second);
    CHECK(s.hashed.at(id));
  }
  CHECK(s.hashes == s.passages.size());
  return s.passages.size();
}

// A program running in the background, killed if still running at the end.
class Background {
 public:
  explicit Background(const std::string& command) {
    pid_ = fork();
    if (pid_ == 0) {
      execl("/bin/sh", "sh", "-c", ("exec " + command + " >/dev/null 2>&1").c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~Background() {
    if (pid_ > 0 && !finished_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  Background(const Background&) = delete;  // owns the child process
  Background& operator=(const Background&) = delete;
  bool running() {
    if (finished_) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      finished_ = true;
      status_ = status;
    }
    return !finished_;
  }
  void kill_now() {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status_, 0);
    finished_ = true;
  }
  int wait() {
    if (!finished_) waitpid(pid_, &status_, 0);
    finished_ = true;
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
  }

 private:
  pid_t pid_ = -1;
  bool finished_ = false;
  int status_ = 0;
};

std::size_t committed_documents(const std::string& db) {
  try {
    return Xapian::Database(db).get_doccount();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

json stats(const std::string& db) {
  auto r = run(press_index("stats --format json --db " + shell_quote(db)));
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("press-index add: a rerun changes nothing and says so", "[cli]") {
  TempDir dir;
  const std::string db = shell_quote(dir / "db");
  const std::string samples = shell_quote(libsearch::test::samples_dir());
  auto first = run(press_index("add --db " + db + " " + samples));
  REQUIRE(first.exit_code == 0);
  CHECK(first.err.find(" added, 0 updated, 0 unchanged, 0 skipped") != std::string::npos);
  const json before = stats(dir / "db");
  auto second = run(press_index("add --jobs 1 --db " + db + " " + samples));
  REQUIRE(second.exit_code == 0);
  CHECK(second.err.find("0 added, 0 updated, " + std::to_string(before["releases"].get<int>()) +
                        " unchanged, 0 skipped") != std::string::npos);
  CHECK(stats(dir / "db") == before);
  CHECK(run(press_index("add --quiet --db " + db + " " + samples)).err.empty());
}

TEST_CASE("press-index add updates a changed release then remove and --missing-from", "[cli]") {
  TempDir dir;
  const std::string db = shell_quote(dir / "db");
  std::filesystem::create_directory(dir / "src");
  write_file(dir / "src/a.jsonl",
             "{\"id\":\"a1\",\"lang\":\"en\",\"date\":\"2024-01-01\",\"title\":\"A\",\"body\":\"Apples.\"}\n"
             "{\"id\":\"a2\",\"lang\":\"en\",\"date\":\"2024-01-02\",\"title\":\"B\",\"body\":\"Pears.\"}\n");
  write_file(dir / "src/b.jsonl",
             "{\"id\":\"b1\",\"lang\":\"en\",\"date\":\"2024-01-03\",\"title\":\"C\",\"body\":\"Plums.\"}\n");
  const std::string src = shell_quote(dir / "src");
  REQUIRE(run(press_index("add --db " + db + " " + src)).exit_code == 0);
  write_file(dir / "src/a.jsonl",
             "{\"id\":\"a1\",\"lang\":\"en\",\"date\":\"2024-01-01\",\"title\":\"A\",\"body\":\"Apples.\\n\\nMore apples.\"}\n"
             "{\"id\":\"a2\",\"lang\":\"en\",\"date\":\"2024-01-02\",\"title\":\"B\",\"body\":\"Pears.\"}\n");
  auto upd = run(press_index("add --db " + db + " " + src));
  CHECK(upd.exit_code == 0);
  CHECK(upd.err.find("0 added, 1 updated, 2 unchanged, 0 skipped") != std::string::npos);
  CHECK(stats(dir / "db")["passages"] == 4);

  auto rm = run(press_index("remove --db " + db + " a2 nope"));
  CHECK(rm.exit_code == 1);
  CHECK(rm.err.find("no release \"nope\"") != std::string::npos);
  CHECK(rm.err.find("1 removed, 1 not found") != std::string::npos);
  CHECK(stats(dir / "db")["releases"] == 2);

  std::filesystem::remove(dir / "src/b.jsonl");
  auto missing = run(press_index("remove --db " + db + " --missing-from " + src));
  CHECK(missing.exit_code == 0);
  CHECK(missing.err.find("1 removed") != std::string::npos);
  CHECK(stats(dir / "db")["releases"] == 1);
  // Unreadable input hides which releases exist: nothing is removed.
  write_file(dir / "src/broken.xml", "<releases><release id=\"x\">");
  std::filesystem::remove(dir / "src/a.jsonl");
  auto refused = run(press_index("remove --db " + db + " --missing-from " + src));
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("--force") != std::string::npos);
  CHECK(stats(dir / "db")["releases"] == 1);
  CHECK(run(press_index("remove --db " + db + " --force --missing-from " + src)).exit_code == 0);
  CHECK(stats(dir / "db")["releases"] == 0);
}

TEST_CASE("press-index reports every kind of bad input and keeps the good releases", "[cli]") {
  TempDir dir;
  std::filesystem::create_directory(dir / "in");
  for (const char* f : {"malformed.xml", "invalid_utf8.jsonl", "invalid_utf8.xml", "bad_line.jsonl",
                        "missing_id.xml", "missing_body.jsonl", "duplicate_id.jsonl", "empty.txt",
                        "binary.txt", "good.xml"})
    std::filesystem::copy_file(data(f), dir / (std::string("in/") + f));
  write_file(dir / "in/no_date.jsonl",
             "{\"id\":\"undated\",\"lang\":\"en\",\"title\":\"T\",\"body\":\"No date here.\"}\n");
  write_file(dir / "in/binary.jsonl", std::string("{\"id\":\"z\"\0\0\0}\n", 14));
  // Unreadable: a permission a normal user lacks, or (as root) a file whose
  // read fails.
  const std::string unreadable = dir / "in/unreadable.jsonl";
  if (geteuid() == 0) {
    std::filesystem::create_symlink("/proc/self/mem", unreadable);
  } else {
    write_file(unreadable, "{}\n");
    std::filesystem::permissions(unreadable, std::filesystem::perms::none);
  }
  const std::string errors = dir / "errors.jsonl";
  auto r = run(press_index("add --quiet --db " + shell_quote(dir / "db") + " --errors " +
                           shell_quote(errors) + " " + shell_quote(dir / "in")));
  CHECK(r.exit_code == 1);
  INFO(r.err);
  const std::vector<std::string> expected = {
      "malformed.xml:10:7: malformed XML: Start-end tags mismatch",
      "invalid_utf8.jsonl:2:48: invalid UTF-8 at byte offset 203",
      "invalid_utf8.xml:5:18: invalid UTF-8 at byte offset 164",
      "bad_line.jsonl:2:113: line is not valid JSON",
      "missing_id.xml:3: release has no id",
      "missing_body.jsonl:2: release \"missing-body-002\" has no body text",
      "duplicate_id.jsonl:3: duplicate id \"dup-001\" (first at ",
      "empty.txt: empty file",
      "binary.txt:1:6: binary file: NUL byte at byte offset 5",
      "binary.jsonl:1:10: binary file: NUL byte at byte offset 9",
      "unreadable.jsonl",
      "no_date.jsonl:1: warning: release \"undated\" has no date; indexed without one",
  };
  for (const std::string& e : expected) CHECK(r.err.find("press-index: " + dir.path() + "/in/" + e) != std::string::npos);
  // The --errors file: one JSON object per problem, same count as stderr.
  std::ifstream in(errors);
  std::size_t lines = 0, error_lines = 0;
  for (std::string line; std::getline(in, line); ++lines) {
    const json j = json::parse(line);
    CHECK(j["path"].get<std::string>().find(dir.path()) == 0);
    CHECK(j["message"].is_string());
    if (j["severity"] == "error") ++error_lines;
  }
  CHECK(error_lines == 11);
  std::size_t stderr_lines = 0;
  for (char c : r.err) stderr_lines += c == '\n';
  CHECK(lines == stderr_lines);
  // Good releases: invalid_utf8.jsonl 2, bad_line 2, missing_id 1, missing_body 1,
  // duplicate_id 2, good.xml 2, no_date 1.
  const json s = stats(dir / "db");
  CHECK(s["releases"] == 11);
  CHECK(s["undated_passages"] == 1);
  // validate reports the same without a database.
  auto v = run(press_index("validate --quiet " + shell_quote(dir / "in")));
  CHECK(v.exit_code == 1);
  CHECK(v.err == r.err);
  CHECK(run(press_index("validate --quiet " + shell_quote(data("good.xml")))).exit_code == 0);
}

TEST_CASE("press-index limits: oversized input is reported and skipped", "[cli]") {
  TempDir dir;
  write_file(dir / "c.jsonl",
             "{\"id\":\"s\",\"lang\":\"en\",\"date\":\"2024-01-01\",\"body\":\"Short.\"}\n"
             "{\"id\":\"l\",\"lang\":\"en\",\"date\":\"2024-01-01\",\"body\":\"" + std::string(500, 'a') + "\"}\n");
  auto r = run(press_index("validate --quiet --max-release-bytes 100 " + shell_quote(dir / "c.jsonl")));
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("c.jsonl:2: release \"l\" has 500 bytes of body text (limit 100); skipped") != std::string::npos);
  r = run(press_index("validate --quiet --max-line-bytes 200 " + shell_quote(dir / "c.jsonl")));
  CHECK(r.err.find("c.jsonl:2: line is 5") != std::string::npos);
  r = run(press_index("validate --quiet --max-file-bytes 100 " + shell_quote(data("good.xml"))));
  CHECK(r.err.find("good.xml: file is ") != std::string::npos);
  CHECK(run(press_index("validate --jobs 0 " + shell_quote(data("good.xml")))).exit_code == 2);
}

TEST_CASE("press-index: a second writer is told the database is locked", "[cli]") {
  TempDir dir;
  libsearch::IndexWriter holder(dir / "db");
  auto r = run(press_index("add --db " + shell_quote(dir / "db") + " " + shell_quote(data("good.xml"))));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("database is locked by another indexer") != std::string::npos);
  r = run(press_index("reindex --db " + shell_quote(dir / "db") + " " + shell_quote(data("good.xml"))));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("database is locked by another indexer") != std::string::npos);
}

TEST_CASE("press-index reindex rebuilds an old-version database and compact keeps it whole", "[cli]") {
  TempDir dir;
  const std::string db = shell_quote(dir / "db");
  REQUIRE(run(press_index("add --db " + db + " " + shell_quote(data("good.xml")))).exit_code == 0);
  {
    Xapian::WritableDatabase x(dir / "db");
    x.set_metadata(libsearch::schema::kMetaAnalyzerVersion, "0");
    x.commit();
  }
  auto old = run(press_index("stats --db " + db));
  CHECK(old.exit_code == 2);
  CHECK(old.err.find("reindex") != std::string::npos);
  CHECK(run(press_index("add --db " + db + " " + shell_quote(data("good.xml")))).exit_code == 2);
  auto re = run(press_index("reindex --db " + db + " " + shell_quote(data("good.jsonl"))));
  CHECK(re.exit_code == 0);
  CHECK(re.err.find("3 added") != std::string::npos);
  CHECK(stats(dir / "db")["releases"] == 3);
  auto c = run(press_index("compact --db " + db));
  CHECK(c.exit_code == 0);
  CHECK(c.err.find("compacted from") != std::string::npos);
  CHECK(stats(dir / "db")["releases"] == 3);
  CHECK(run(press_index("show --db " + db + " good-jsonl-en")).exit_code == 0);
}

TEST_CASE("press-index survives SIGKILL mid-add with whole releases and an exact rerun", "[cli]") {
  TempDir dir;
  const std::string corpus = dir / "gen.jsonl";
  constexpr int kReleases = 1500;
  generate_corpus(corpus, kReleases);
  const auto expected = expected_passages(corpus);
  REQUIRE(expected.size() == kReleases);
  const std::string db = dir / "db";
  // One job: a build into an empty database with several jobs writes parts
  // beside it and commits nothing to it until the end (next test).
  const std::string add = press_index("add --quiet --jobs 1 --commit-every 20 --db " +
                                      shell_quote(db) + " " + shell_quote(corpus));
  std::size_t before_kill = 0;
  {
    Background indexer(add);
    while (indexer.running() && committed_documents(db) == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    // Let it get into the middle of a batch.
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    if (!indexer.running()) {
      WARN("the indexer finished before it could be killed");
    } else {
      indexer.kill_now();
    }
  }
  if (std::system("command -v xapian-check >/dev/null 2>&1") == 0) {
    auto check = run("xapian-check " + shell_quote(db));
    CHECK(check.exit_code == 0);
  } else {
    WARN("xapian-check not installed; consistency checked through the database only");
  }
  before_kill = check_whole_releases(db, expected);
  CHECK(before_kill > 0);
  CHECK(before_kill < static_cast<std::size_t>(kReleases));

  auto rerun = run(add);
  CHECK(rerun.exit_code == 0);
  CHECK(check_whole_releases(db, expected) == kReleases);
  const json s = stats(db);
  CHECK(s["releases"] == kReleases);
}

TEST_CASE("press-index killed in a parallel build leaves the database empty and a rerun whole", "[cli]") {
  TempDir dir;
  const std::string corpus = dir / "gen.jsonl";
  constexpr int kReleases = 1500;
  generate_corpus(corpus, kReleases);
  const auto expected = expected_passages(corpus);
  const std::string db = dir / "db";
  const std::string add =
      press_index("add --quiet --jobs 2 --db " + shell_quote(db) + " " + shell_quote(corpus));
  auto parts_exist = [&] {
    for (const auto& e : std::filesystem::directory_iterator(std::string(dir / "")))
      if (e.path().filename().string().rfind("db.part-", 0) == 0) return true;
    return false;
  };
  {
    Background indexer(add);
    while (indexer.running() && !parts_exist())
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    if (!indexer.running()) {
      WARN("the indexer finished before it could be killed");
    } else {
      indexer.kill_now();
      CHECK(committed_documents(db) == 0);
    }
  }
  auto rerun = run(add);
  CHECK(rerun.exit_code == 0);
  CHECK(check_whole_releases(db, expected) == kReleases);
  CHECK_FALSE(parts_exist());
}

TEST_CASE("press-index: readers search while it writes and see whole releases", "[cli]") {
  TempDir dir;
  const std::string corpus = dir / "gen.jsonl";
  constexpr int kReleases = 600;
  generate_corpus(corpus, kReleases);
  const auto expected = expected_passages(corpus);
  const std::string db = dir / "db";
  Background indexer(press_index("add --quiet --jobs 1 --commit-every 10 --db " +
                                 shell_quote(db) + " " + shell_quote(corpus)));
  int searches = 0;
  std::size_t last = 0;
  while (indexer.running()) {
    if (committed_documents(db) == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    try {
      libsearch::Searcher s({db});
      libsearch::SearchRequest req;
      req.query = "harbour policy";
      s.search(req);
      const std::size_t releases = s.stats().releases;
      CHECK(releases >= last);
      last = releases;
      ++searches;
      check_whole_releases(db, expected);
    } catch (const libsearch::IndexError& e) {
      // A reader that fell two commits behind is told so; a new one works.
      const std::string what = e.what();
      INFO(what);
      CHECK(what.find("DatabaseModifiedError") != std::string::npos);
    } catch (const Xapian::DatabaseModifiedError&) {
      // The test's own snapshot (check_whole_releases) fell behind a writer
      // committing faster than it reads; the check after the run is strict.
    }
  }
  CHECK(indexer.wait() == 0);
  CHECK(searches > 0);
  CHECK(check_whole_releases(db, expected) == kReleases);
}
