// IndexWriter::add_paths: idempotent reruns, updates, removal, limits, and
// the same database whatever the number of jobs.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "index/schema.h"
#include "passages/speaker_identity.h"
#include "libsearch/corpus_reader.h"
#include "libsearch/error.h"
#include "libsearch/index_writer.h"
#include "libsearch/searcher.h"
#include "test_support.h"

namespace {

using libsearch::test::TempDir;

std::string jsonl_release(const std::string& id, const std::string& body,
                          const std::string& date = "2024-05-01") {
  std::string line = "{\"id\":\"" + id + "\",\"lang\":\"en\",\"title\":\"Release " + id +
                     "\",\"source\":\"Test Office\",\"body\":\"" + body + "\"";
  if (!date.empty()) line += ",\"date\":\"" + date + "\"";
  return line + "}\n";
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

libsearch::IndexSummary add(const std::string& db, const std::vector<std::string>& paths,
                            libsearch::DiagnosticList& d, std::size_t jobs = 2,
                            libsearch::IndexingOptions o = {}) {
  libsearch::IndexWriter writer(db);
  o.jobs = jobs;
  auto s = writer.add_paths(paths, d, o);
  writer.commit();
  return s;
}

// Every document of a database as "release#paragraph: terms", in docid order.
std::vector<std::string> dump(const std::string& db) {
  Xapian::Database x(db);
  std::vector<std::string> out;
  for (auto it = x.postlist_begin(""); it != x.postlist_end(""); ++it) {
    Xapian::Document doc = x.get_document(*it);
    std::string line = std::to_string(*it) + " " + doc.get_value(libsearch::schema::kReleaseSlot) + ":";
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) line += " " + *t;
    out.push_back(line);
  }
  return out;
}

// Every document as "release#paragraph: terms | values | data", sorted, and
// every metadata entry: what a database holds, whatever its docids.
std::vector<std::string> contents(const std::string& db) {
  Xapian::Database x(db);
  std::vector<std::string> out;
  for (auto it = x.postlist_begin(""); it != x.postlist_end(""); ++it) {
    Xapian::Document doc = x.get_document(*it);
    std::string line = doc.get_value(libsearch::schema::kReleaseSlot) + ":";
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      line += " " + *t + "/" + std::to_string(t.get_wdf());
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
        line += "@" + std::to_string(*p);
    }
    line += " |";
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
      line += " " + std::to_string(v.get_valueno()) + "=" + *v;
    line += " | " + doc.get_data();
    out.push_back(line);
  }
  std::sort(out.begin(), out.end());
  for (auto k = x.metadata_keys_begin(); k != x.metadata_keys_end(); ++k)
    out.push_back("meta " + *k + "=" + x.get_metadata(*k));
  return out;
}

std::size_t passages_of(const std::string& db, const std::string& id) {
  return Xapian::Database(db).get_termfreq(libsearch::schema::kReleaseTerm + id);
}

}  // namespace

TEST_CASE("add_paths is idempotent: a rerun changes nothing", "[index]") {
  TempDir dir;
  libsearch::DiagnosticList d;
  auto first = add(dir / "db", {libsearch::test::samples_dir()}, d);
  CHECK(d.errors() == 0);
  CHECK(first.added > 10);
  CHECK(first.updated == 0);
  const auto before = dump(dir / "db");
  auto second = add(dir / "db", {libsearch::test::samples_dir()}, d);
  CHECK(second.added == 0);
  CHECK(second.updated == 0);
  CHECK(second.unchanged == first.added);
  CHECK(dump(dir / "db") == before);
}

TEST_CASE("a changed release is replaced whole and an unchanged one kept", "[index]") {
  TempDir dir;
  const std::string corpus = dir / "c.jsonl";
  write_file(corpus, jsonl_release("a", "One.\\n\\nTwo.\\n\\nThree.") +
                         jsonl_release("b", "Beta stays."));
  libsearch::DiagnosticList d;
  add(dir / "db", {corpus}, d);
  CHECK(passages_of(dir / "db", "a") == 3);
  write_file(corpus, jsonl_release("a", "Only one paragraph now, about zebras.") +
                         jsonl_release("b", "Beta stays."));
  auto s = add(dir / "db", {corpus}, d);
  CHECK(s.updated == 1);
  CHECK(s.unchanged == 1);
  CHECK(passages_of(dir / "db", "a") == 1);
  libsearch::Searcher searcher({dir / "db"});
  libsearch::SearchRequest req;
  req.query = "zebras";
  CHECK(searcher.search(req).hits.size() == 1);
  req.query = "Three";
  CHECK(searcher.search(req).hits.empty());
}

TEST_CASE("remove drops every passage of a release and its hash", "[index]") {
  TempDir dir;
  const std::string corpus = dir / "c.jsonl";
  write_file(corpus, jsonl_release("a", "One.\\n\\nTwo.") + jsonl_release("b", "Beta."));
  libsearch::DiagnosticList d;
  add(dir / "db", {corpus}, d);
  {
    libsearch::IndexWriter w(dir / "db");
    CHECK(w.remove("a"));
    CHECK_FALSE(w.remove("a"));
    CHECK_FALSE(w.remove("nope"));
    w.commit();
    CHECK(w.release_ids() == std::vector<std::string>{"b"});
  }
  CHECK(passages_of(dir / "db", "a") == 0);
  // Re-adding brings it back (the hash went with it).
  auto s = add(dir / "db", {corpus}, d);
  CHECK(s.added == 1);
  CHECK(s.unchanged == 1);
}

// Into an empty database every job writes its own part and the parts are
// merged, so documents are numbered in another order than with one job:
// the same jobs give the same database, any jobs the same contents.
TEST_CASE("the database holds the same whatever the number of jobs", "[index]") {
  TempDir dir;
  const std::vector<std::string> paths = {libsearch::test::samples_dir(),
                                          libsearch::test::data_dir() + "/corpus"};
  libsearch::DiagnosticList d1, d4, d4again;
  auto s1 = add(dir / "one", paths, d1, 1);
  auto s4 = add(dir / "four", paths, d4, 4);
  auto s4again = add(dir / "four-again", paths, d4again, 4);
  CHECK(s1.added == s4.added);
  CHECK(s1.skipped == s4.skipped);
  CHECK(s1.passages == s4.passages);
  CHECK(s4again.added == s4.added);
  REQUIRE(s1.added > 4);
  CHECK(contents(dir / "one") == contents(dir / "four"));
  CHECK(dump(dir / "four") == dump(dir / "four-again"));
  // Diagnostics come in input order, identical too.
  REQUIRE(d1.items.size() == d4.items.size());
  for (std::size_t i = 0; i < d1.items.size(); ++i)
    CHECK(d1.items[i].to_string() == d4.items[i].to_string());
  // Adding to the merged database works as to any other.
  auto rerun = add(dir / "four", paths, d4again, 4);
  CHECK(rerun.added == 0);
  CHECK(rerun.unchanged == s4.added);
}

TEST_CASE("a parallel build leaves no temporary folders behind", "[index]") {
  TempDir dir;
  const std::string corpus = dir / "c.jsonl";
  write_file(corpus, jsonl_release("a", "One.\\n\\nTwo.") + jsonl_release("b", "Beta.") +
                         jsonl_release("c", "Gamma."));
  libsearch::DiagnosticList d;
  auto s = add(dir / "db", {corpus}, d, 2);
  CHECK(s.added == 3);
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(std::string(dir / "")))
    names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"c.jsonl", "db"});
  CHECK(passages_of(dir / "db", "a") == 2);
  libsearch::IndexWriter w(dir / "db");
  CHECK(w.release_ids() == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("limits skip oversized releases with a clear message", "[index]") {
  TempDir dir;
  const std::string corpus = dir / "c.jsonl";
  std::string big(300, 'x');
  write_file(corpus, jsonl_release("small", "Small.") + jsonl_release("big", big) +
                         jsonl_release("many", "P1.\\n\\nP2.\\n\\nP3.\\n\\nP4.") +
                         jsonl_release("after", "After."));
  struct Row {
    const char* what;
    libsearch::IndexingOptions options;
    const char* message;
    std::size_t added;
  };
  std::vector<Row> rows(4);
  rows[0] = {"body", {}, "bytes of body text (limit 200); skipped", 3};
  rows[0].options.limits.max_body_bytes = 200;
  rows[1] = {"paragraphs", {}, "has 4 paragraphs (limit 3); skipped", 3};
  rows[1].options.limits.max_paragraphs = 3;
  rows[2] = {"passages", {}, "has 4 passages (limit 3); skipped", 3};
  rows[2].options.max_passages = 3;
  rows[3] = {"line", {}, "bytes long (limit 250); skipped", 3};
  rows[3].options.limits.max_line_bytes = 250;
  for (const Row& row : rows) {
    CAPTURE(row.what);
    TempDir db;
    libsearch::DiagnosticList d;
    auto s = add(db / "db", {corpus}, d, 2, row.options);
    REQUIRE(d.items.size() == 1);
    CHECK(d.items[0].message.find(row.message) != std::string::npos);
    CHECK(d.items[0].line == (std::string(row.what) == "passages" || std::string(row.what) == "paragraphs" ? 3 : 2));
    CHECK(s.added == row.added);
    CHECK(s.skipped == 1);
  }
}

TEST_CASE("files read whole have a size limit", "[corpus]") {
  libsearch::ReadLimits limits;
  limits.max_file_bytes = 100;
  libsearch::DiagnosticList d;
  int n = 0;
  libsearch::read_corpus(libsearch::test::data_dir() + "/corpus/good.xml", d,
                         [&](libsearch::Release&&) { ++n; }, limits);
  CHECK(n == 0);
  REQUIRE(d.items.size() == 1);
  CHECK(d.items[0].message.find("(limit 100 for files read whole); skipped") != std::string::npos);
}

TEST_CASE("JSON Lines are streamed: a long line is skipped and the rest read", "[corpus]") {
  TempDir dir;
  // Longer than the reader's 1 MiB buffer, so the line spans reads.
  std::string huge = "{\"id\":\"huge\",\"body\":\"" + std::string(3u << 20, 'y') + "\"}\n";
  write_file(dir / "c.jsonl", jsonl_release("a", "A.") + huge + jsonl_release("b", "B."));
  libsearch::ReadLimits limits;
  limits.max_line_bytes = 1u << 20;
  libsearch::DiagnosticList d;
  std::vector<std::string> ids;
  libsearch::read_corpus(dir / "c.jsonl", d, [&](libsearch::Release&& r) { ids.push_back(r.id); },
                         limits);
  CHECK(ids == std::vector<std::string>{"a", "b"});
  REQUIRE(d.items.size() == 1);
  CHECK(d.items[0].line == 2);
  CHECK(d.items[0].message.find("bytes long (limit 1048576); skipped") != std::string::npos);
}

TEST_CASE("a second writer gets LockedError", "[index]") {
  TempDir dir;
  libsearch::IndexWriter first(dir / "db");
  CHECK_THROWS_AS(libsearch::IndexWriter(dir / "db"), libsearch::LockedError);
}

TEST_CASE("reindex swaps in a new database and the old one is gone", "[index]") {
  TempDir dir;
  const std::string corpus = dir / "c.jsonl";
  write_file(corpus, jsonl_release("a", "Alpha.") + jsonl_release("b", "Beta."));
  libsearch::DiagnosticList d;
  add(dir / "db", {corpus}, d);
  write_file(corpus, jsonl_release("b", "Beta.") + jsonl_release("c", "Gamma."));
  libsearch::Searcher before({dir / "db"});
  auto s = libsearch::reindex(dir / "db", {corpus}, d);
  CHECK(s.added == 2);
  libsearch::IndexWriter w(dir / "db");
  CHECK(w.release_ids() == std::vector<std::string>{"b", "c"});
  // Nothing left beside it.
  int entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    (void)e;
    ++entries;
  }
  CHECK(entries == 2);  // c.jsonl and db
}

TEST_CASE("compact keeps every release", "[index]") {
  TempDir dir;
  libsearch::DiagnosticList d;
  auto s = add(dir / "db", {libsearch::test::samples_dir()}, d);
  const auto before = libsearch::database_size(dir / "db");
  const auto after = libsearch::compact(dir / "db");
  CHECK(after > 0);
  CHECK(after <= before);
  libsearch::IndexWriter w(dir / "db");
  CHECK(w.release_ids().size() == s.added);
}

TEST_CASE("speaker names that need transliteration are recorded with their keys", "[index]") {
  TempDir dir;
  for (std::size_t jobs : {1, 2}) {
    CAPTURE(jobs);
    const std::string db = dir / ("db" + std::to_string(jobs));
    libsearch::DiagnosticList d;
    add(db, {libsearch::test::samples_dir()}, d, jobs);
    Xapian::Database x(db);
    std::map<std::string, std::string> names;
    const std::string prefix = libsearch::schema::kMetaSpeakerNamePrefix;
    for (auto k = x.metadata_keys_begin(prefix); k != x.metadata_keys_end(prefix); ++k)
      names[(*k).substr(prefix.size())] = x.get_metadata(*k);
    // Chinese names of the samples, in both scripts; Latin names need no entry.
    CHECK(names.at("陈明") == libsearch::speaker_key("陈明"));
    CHECK(names.at("蔡文華") == libsearch::speaker_key("蔡文華"));
    CHECK(names.count("Huang Zhenhua") == 0);
    for (const auto& [name, key] : names) {
      CAPTURE(name);
      CHECK(key == libsearch::speaker_key(name));
      // Every key named has its display label too.
      CHECK(!x.get_metadata(libsearch::schema::kMetaSpeakerPrefix + key).empty());
    }
  }
}
