#include "libsearch/corpus_reader.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "analysis/utf8.h"
#include "test_support.h"

namespace {

struct Read {
  std::vector<libsearch::Release> releases;
  libsearch::DiagnosticList diagnostics;

  std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const auto& r : releases) out.push_back(r.id);
    return out;
  }
  std::string messages() const {
    std::string out;
    for (const auto& d : diagnostics.items) out += d.to_string() + "\n";
    return out;
  }
};

Read read(const std::string& name) {
  Read r;
  libsearch::read_corpus(libsearch::test::data_dir() + "/corpus/" + name, r.diagnostics,
                         [&](libsearch::Release&& rel) { r.releases.push_back(std::move(rel)); });
  return r;
}

}  // namespace

TEST_CASE("good XML: releases, paragraphs, headings, reporter", "[corpus]") {
  Read r = read("good.xml");
  INFO(r.messages());
  CHECK(r.diagnostics.items.empty());
  REQUIRE(r.ids() == std::vector<std::string>{"good-xml-zh", "good-xml-en"});
  const auto& zh = r.releases[0];
  CHECK(zh.lang == "zh-Hans");
  CHECK(zh.date == "2024-09-02");
  CHECK(zh.source == "联河市交通运输局");
  CHECK(zh.declared_speakers == std::vector<std::string>{"许安然"});
  CHECK(zh.body.size() == 3);
  CHECK(zh.origin_line == 3);
  CHECK(zh.body[0].line == 12);
  const auto& en = r.releases[1];
  CHECK(en.reporter == "Liu Siyuan");
  CHECK(en.url.empty());
  REQUIRE(en.body.size() == 4);
  CHECK(en.body[0].kind == libsearch::Paragraph::Kind::kHeading);
  CHECK(en.body[0].text == "New Routes");
}

TEST_CASE("good JSON Lines: three languages, speakers, extra fields ignored", "[corpus]") {
  Read r = read("good.jsonl");
  INFO(r.messages());
  CHECK(r.diagnostics.items.empty());
  REQUIRE(r.ids() == std::vector<std::string>{"good-jsonl-zh", "good-jsonl-zht", "good-jsonl-en"});
  CHECK(r.releases[0].body.size() == 3);
  CHECK(r.releases[1].lang == "zh-Hant");
  CHECK(r.releases[1].body.size() == 2);
  CHECK(r.releases[2].declared_speakers == std::vector<std::string>{"Zhou Jing"});
  CHECK(r.releases[2].origin_line == 3);
}

TEST_CASE("good scraped text: header lines, layout junk, heading, reporter", "[corpus]") {
  Read r = read("good.txt");
  INFO(r.messages());
  CHECK(r.diagnostics.items.empty());
  REQUIRE(r.releases.size() == 1);
  const auto& rel = r.releases[0];
  CHECK(rel.id == "good");
  CHECK(rel.lang == "zh-Hans");
  CHECK(rel.title == "联河市举办2024年营商环境政策宣讲会");
  CHECK(rel.date == "2024-10-15");
  CHECK(rel.source == "联河市商务局");
  CHECK(rel.reporter == "刘思远");
  for (const auto& p : rel.body) {
    CHECK(p.text.find("fontSize") == std::string::npos);
    CHECK(p.text.find("font-size") == std::string::npos);
  }
  REQUIRE(rel.body.size() == 4);
  CHECK(rel.body[0].line == 7);
  CHECK(rel.body[0].text.find("宣讲会，200余家企业代表参加。") != std::string::npos);
  CHECK(rel.body[1].kind == libsearch::Paragraph::Kind::kHeading);
  CHECK(rel.body[1].text == "宣讲内容");
}

TEST_CASE("broken inputs are reported with their location and cost only themselves",
          "[corpus]") {
  using Sev = libsearch::Diagnostic::Severity;
  struct Row {
    const char* file;
    Sev severity;
    int line;
    const char* message_part;
    std::vector<std::string> ids;  // releases still read
  };
  const std::vector<Row> rows = {
      {"malformed.xml", Sev::kError, 10, "malformed XML", {}},
      {"missing_id.xml", Sev::kError, 3, "has no id", {"missing-id-002"}},
      {"bad_date.xml", Sev::kWarning, 5, "\"2023-13-01\" is not a date", {"bad-date-001"}},
      {"invalid_utf8.xml", Sev::kError, 5, "invalid UTF-8 at byte offset 164", {}},
      {"invalid_utf8.jsonl", Sev::kError, 2, "invalid UTF-8", {"utf8-001", "utf8-003"}},
      {"bad_line.jsonl", Sev::kError, 2, "not valid JSON", {"bad-line-001", "bad-line-003"}},
      {"missing_body.jsonl", Sev::kError, 2, "no body", {"missing-body-001"}},
      {"empty.txt", Sev::kError, 0, "empty file", {}},
      {"binary.txt", Sev::kError, 1, "NUL byte at byte offset 5", {}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.file);
    Read r = read(row.file);
    INFO(r.messages());
    REQUIRE(r.diagnostics.items.size() == 1);
    const auto& d = r.diagnostics.items[0];
    CHECK(d.severity == row.severity);
    CHECK(d.line == row.line);
    CHECK(d.path.find(row.file) != std::string::npos);
    CHECK(d.message.find(row.message_part) != std::string::npos);
    CHECK(r.ids() == row.ids);
  }
}

TEST_CASE("a release with a bad date keeps no made-up date", "[corpus]") {
  Read r = read("bad_date.xml");
  REQUIRE(r.releases.size() == 1);
  CHECK(r.releases[0].date.empty());
}

TEST_CASE("a file of white space alone is reported as empty", "[corpus]") {
  libsearch::test::TempDir dir;
  for (const char* name : {"blank.jsonl", "blank.txt", "blank.xml"}) {
    CAPTURE(name);
    {
      std::ofstream out(dir / name, std::ios::binary);
      out << "\n  \n\t\r\n\n";
    }
    libsearch::DiagnosticList d;
    int n = 0;
    libsearch::read_corpus(dir / name, d, [&](libsearch::Release&&) { ++n; });
    CHECK(n == 0);
    REQUIRE(d.items.size() == 1);
    CHECK(d.items[0].path == dir / name);
    CHECK(d.items[0].message.find("empty file") != std::string::npos);
  }
}

TEST_CASE("a missing path is reported", "[corpus]") {
  libsearch::DiagnosticList d;
  int n = 0;
  libsearch::read_corpus("/nonexistent/folder", d, [&](libsearch::Release&&) { ++n; });
  CHECK(n == 0);
  REQUIRE(d.items.size() == 1);
  CHECK(d.items[0].message.find("no such file") != std::string::npos);
}

TEST_CASE("the seed release reads with its title, date, source and reporter", "[corpus]") {
  LIBSEARCH_REQUIRE_SHARED();
  libsearch::DiagnosticList d;
  std::vector<libsearch::Release> rs;
  libsearch::read_corpus(libsearch::test::shared_dir() + "/corpus/seed", d,
                         [&](libsearch::Release&& r) { rs.push_back(std::move(r)); });
  CHECK(d.items.empty());
  REQUIRE(rs.size() == 1);
  const auto& r = rs[0];
  CHECK(r.id == "000_48e2b8906d70f57b");
  CHECK(r.lang == "en");
  CHECK(r.date == "2022-02-15");
  CHECK(r.source == "Beijing News");
  CHECK(r.reporter == "Zhang Lu");
  CHECK(r.title.rfind("Press Conference on the Highlights", 0) == 0);
  int headings = 0;
  for (const auto& p : r.body) {
    CHECK(p.text.find("fontSize") == std::string::npos);
    if (p.kind == libsearch::Paragraph::Kind::kHeading) ++headings;
  }
  CHECK(headings == 10);  // "Highlight One".."Five" and their titles
  CHECK(r.body.back().text.find("Reporter") == std::string::npos);
}

TEST_CASE("the whole real corpus reads without errors", "[corpus]") {
  LIBSEARCH_REQUIRE_SHARED();
  libsearch::DiagnosticList d;
  std::map<std::string, int> by_lang;
  libsearch::read_corpus(libsearch::test::shared_dir() + "/corpus/real", d,
                         [&](libsearch::Release&& r) { by_lang[r.lang]++; });
  CHECK(d.errors() == 0);
  CHECK(by_lang["zh-Hans"] == 902);
  CHECK(by_lang["zh-Hant"] == 2349);
  CHECK(by_lang["en"] == 448 + 1095);
}

namespace {

std::vector<libsearch::Release> parse(libsearch::CorpusFormat f, const std::string& text,
                                      libsearch::DiagnosticList& d,
                                      const std::string& path = "mem.xml") {
  std::vector<libsearch::Release> out;
  libsearch::parse_corpus(f, text, path, d,
                          [&](libsearch::Release&& r) { out.push_back(std::move(r)); });
  return out;
}

}  // namespace

TEST_CASE("XML text inside inline markup and CDATA is kept", "[corpus]") {
  libsearch::DiagnosticList d;
  const auto rs = parse(libsearch::CorpusFormat::kXml,
                        "<release id=\"m1\" lang=\"en\"><title><![CDATA[Tariffs]]> and trade</title>"
                        "<date>2024-01-02</date><body><p>a <b>bold</b> claim</p></body></release>",
                        d);
  REQUIRE(rs.size() == 1);
  CHECK(rs[0].title == "Tariffs and trade");
  CHECK(rs[0].body[0].text == "a bold claim");
}

TEST_CASE("JSON Lines speakers are trimmed and empty ones dropped", "[corpus]") {
  libsearch::DiagnosticList d;
  const auto rs = parse(libsearch::CorpusFormat::kJsonLines,
                        R"({"id":"j1","lang":"en","date":"2024-01-02","body":"x","speakers":[""," Li  Hua "]})",
                        d, "mem.jsonl");
  REQUIRE(rs.size() == 1);
  CHECK(rs[0].declared_speakers == std::vector<std::string>{"Li Hua"});
}

TEST_CASE("scraped text: an open clause is no heading, and Traditional reporter credits", "[corpus]") {
  libsearch::DiagnosticList d;
  const auto rs = parse(libsearch::CorpusFormat::kText,
                        "標題\nDate: 2024-01-02\n\n他說，\n\n第二段。\n\n（記者：王小明）\n", d,
                        "mem.txt");
  REQUIRE(rs.size() == 1);
  REQUIRE(rs[0].body.size() == 2);
  CHECK(rs[0].body[0].kind == libsearch::Paragraph::Kind::kText);
  CHECK(rs[0].reporter == "王小明");
}

TEST_CASE("messages never cut a UTF-8 character", "[corpus]") {
  libsearch::DiagnosticList d;
  parse(libsearch::CorpusFormat::kJsonLines,
        R"({"id":"u1","lang":"语言语言语言语言语言语言语言语言语言语言语言语言","date":"2024-01-02","body":"x"})",
        d, "mem.jsonl");
  REQUIRE(d.items.size() == 1);
  CHECK(d.items[0].message.find("...") != std::string::npos);
  CHECK(libsearch::detail::find_invalid_utf8(d.items[0].message) == std::string_view::npos);
}

// --- issue 24: hostile files and folders -----------------------------------

TEST_CASE("issue 24.1: 200000 nested inline elements are read without recursion",
          "[corpus][issue24]") {
  std::string xml =
      "<releases><release id=\"deep-1\" lang=\"en\"><title>Deep</title>"
      "<date>2024-01-01</date><source>S</source><body><p>before ";
  for (int i = 0; i < 200000; ++i) xml += i % 2 ? "<b>" : "<i>";
  xml += "deep words";
  for (int i = 199999; i >= 0; --i) xml += i % 2 ? "</b>" : "</i>";
  xml += " after</p><p>second <b>b <i>i</i></b> x<![CDATA[cdata]]> end</p></body></release>"
         "<release id=\"next\" lang=\"en\"><title>Next</title><body><p>next one</p></body>"
         "</release></releases>";
  Read r;
  libsearch::parse_corpus(libsearch::CorpusFormat::kXml, xml, "deep.xml", r.diagnostics,
                          [&](libsearch::Release&& rel) { r.releases.push_back(std::move(rel)); });
  INFO(r.messages());
  REQUIRE(r.ids() == std::vector<std::string>{"deep-1", "next"});
  REQUIRE(r.releases[0].body.size() == 2);
  CHECK(r.releases[0].body[0].text == "before deep words after");
  CHECK(r.releases[0].body[1].text == "second b i xcdata end");
}

namespace {

struct Listing {
  std::vector<std::string> files;
  libsearch::DiagnosticList diagnostics;
  std::string messages() const {
    std::string out;
    for (const auto& d : diagnostics.items) out += d.to_string() + "\n";
    return out;
  }
};

Listing list(const std::string& path) {
  Listing l;
  l.files = libsearch::list_corpus_files(path, l.diagnostics);
  return l;
}

void touch(const std::string& path) { std::ofstream(path) << "{}\n"; }

}  // namespace

TEST_CASE("issue 24.2: every entry of a folder walk that cannot be read is reported by path",
          "[corpus][issue24]") {
  namespace fs = std::filesystem;
  libsearch::test::TempDir tmp;
  fs::create_directories(tmp / "c/sub");
  touch(tmp / "c/a.jsonl");
  touch(tmp / "c/sub/b.jsonl");

  SECTION("a symlink loop, a broken symlink, a FIFO with a corpus extension") {
    fs::create_symlink("loop", tmp / "c/loop");
    fs::create_symlink(tmp / "nowhere", tmp / "c/gone.jsonl");
    REQUIRE(mkfifo((tmp / "c/pipe.jsonl").c_str(), 0644) == 0);
    REQUIRE(mkfifo((tmp / "c/pipe.bin").c_str(), 0644) == 0);  // not a corpus file: ignored
    const Listing l = list(tmp / "c");
    INFO(l.messages());
    CHECK(l.files == std::vector<std::string>{tmp / "c/a.jsonl", tmp / "c/sub/b.jsonl"});
    CHECK(l.diagnostics.errors() == 3);
    const std::string m = l.messages();
    CHECK(m.find(tmp / "c/loop: symlink loop") != std::string::npos);
    CHECK(m.find(tmp / "c/gone.jsonl: broken symlink") != std::string::npos);
    CHECK(m.find(tmp / "c/pipe.jsonl: is a FIFO (named pipe), not a regular file") !=
          std::string::npos);
  }
  SECTION("a symlink to a folder is followed; one back to a folder being read is not") {
    fs::create_directories(tmp / "elsewhere");
    touch(tmp / "elsewhere/e.jsonl");
    fs::create_directory_symlink(tmp / "elsewhere", tmp / "c/linked");
    fs::create_directory_symlink("..", tmp / "c/sub/up");
    const Listing l = list(tmp / "c");
    INFO(l.messages());
    CHECK(l.files == std::vector<std::string>{tmp / "c/a.jsonl", tmp / "c/linked/e.jsonl",
                                              tmp / "c/sub/b.jsonl"});
    REQUIRE(l.diagnostics.items.size() == 1);
    CHECK(l.diagnostics.errors() == 0);
    CHECK(l.messages().find(tmp / "c/sub/up: warning: symlink loop") != std::string::npos);
  }
  SECTION("a symlink loop given as the path is reported as one") {
    fs::create_symlink(tmp / "loop-b", tmp / "loop-a");
    fs::create_symlink(tmp / "loop-a", tmp / "loop-b");
    const Listing l = list(tmp / "loop-a");
    REQUIRE(l.diagnostics.items.size() == 1);
    CHECK(l.diagnostics.items[0].to_string() ==
          tmp / "loop-a: symlink loop (too many levels of symbolic links)");
    const Listing missing = list(tmp / "missing");
    REQUIRE(missing.diagnostics.items.size() == 1);
    CHECK(missing.diagnostics.items[0].message == "no such file or folder");
  }
}

TEST_CASE("issue 24.9: a FIFO given as an input file is refused without waiting for a writer",
          "[corpus][issue24]") {
  libsearch::test::TempDir tmp;
  REQUIRE(mkfifo((tmp / "pipe.jsonl").c_str(), 0644) == 0);
  REQUIRE(mkfifo((tmp / "pipe.xml").c_str(), 0644) == 0);
  for (const std::string name : {"pipe.jsonl", "pipe.xml"}) {
    libsearch::DiagnosticList sink;
    int chunks = 0;
    libsearch::read_corpus_chunks(tmp / name, sink, [&](libsearch::CorpusChunk&&) { ++chunks; });
    CHECK(chunks == 0);
    REQUIRE(sink.items.size() == 1);
    CHECK(sink.items[0].to_string() ==
          tmp / name + ": is a FIFO (named pipe), not a regular file or folder; skipped");
    const Listing l = list(tmp / name);
    CHECK(l.files.empty());
    CHECK(l.diagnostics.errors() == 1);
  }
}
