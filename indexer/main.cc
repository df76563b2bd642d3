// press-index: builds and maintains a libsearch database.
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "libsearch/corpus_reader.h"
#include "libsearch/error.h"
#include "libsearch/index_writer.h"
#include "libsearch/searcher.h"
#include "libsearch/version.h"

namespace po = boost::program_options;
using nlohmann::json;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitSkipped = 1;
constexpr int kExitFatal = 2;

const char kUsage[] =
    "Usage: press-index COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  add --db DIR PATH...        index releases (files or folders; .xml, .jsonl, .txt)\n"
    "  show --db DIR ID            print a release as indexed, with its passages\n"
    "  stats --db DIR              counts, date range, languages and sources\n"
    "\n"
    "Exit status: 0 all indexed, 1 some input skipped (reported on stderr as\n"
    "path:line: reason), 2 usage or fatal error.\n";

struct StderrSink : libsearch::DiagnosticSink {
  std::size_t errors = 0;
  std::size_t warnings = 0;
  void report(const libsearch::Diagnostic& d) override {
    (d.severity == libsearch::Diagnostic::Severity::kError ? errors : warnings)++;
    std::cerr << "press-index: " << d.to_string() << "\n";
  }
};

json speaker_json(const std::optional<libsearch::Speaker>& s) {
  if (!s) return nullptr;
  json j;
  j["name"] = s->name.empty() ? json(nullptr) : json(s->name);
  j["role"] = s->role.empty() ? json(nullptr) : json(s->role);
  return j;
}

int cmd_add(const std::vector<std::string>& args) {
  po::options_description opts("press-index add options");
  std::string db;
  std::vector<std::string> paths;
  bool quiet = false;
  opts.add_options()
      ("help,h", "show this help")
      ("db", po::value(&db)->required(), "database folder (created if missing)")
      ("quiet,q", po::bool_switch(&quiet), "print only problems")
      ("path", po::value(&paths), "files or folders to index");
  po::positional_options_description pos;
  pos.add("path", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
  if (vm.count("help")) {
    std::cout << "Usage: press-index add --db DIR PATH...\n" << opts;
    return kExitOk;
  }
  po::notify(vm);
  if (paths.empty()) throw po::error("add needs at least one PATH to index");

  StderrSink sink;
  libsearch::IndexWriter writer(db);
  std::size_t added = 0, updated = 0, unchanged = 0, duplicates = 0;
  std::map<std::string, std::string> seen;  // id -> where first read
  for (const std::string& path : paths) {
    libsearch::read_corpus(path, sink, [&](libsearch::Release&& r) {
      const std::string where = r.origin_path + ":" + std::to_string(r.origin_line);
      auto [it, fresh] = seen.emplace(r.id, where);
      if (!fresh) {
        libsearch::Diagnostic d;
        d.path = r.origin_path;
        d.line = r.origin_line;
        d.message = "duplicate id \"" + r.id + "\" (first at " + it->second + "); skipped";
        d.release_id = r.id;
        sink.report(d);
        ++duplicates;
        return;
      }
      switch (writer.add(r)) {
        case libsearch::AddOutcome::kAdded: ++added; break;
        case libsearch::AddOutcome::kUpdated: ++updated; break;
        case libsearch::AddOutcome::kUnchanged: ++unchanged; break;
      }
    });
  }
  writer.commit();
  if (!quiet) {
    std::cerr << "press-index: " << added << " added, " << updated << " updated, "
              << unchanged << " unchanged, " << sink.errors << " skipped\n";
  }
  return sink.errors > 0 ? kExitSkipped : kExitOk;
}

int cmd_show(const std::vector<std::string>& args) {
  po::options_description opts("press-index show options");
  std::string db, id, format = "text";
  opts.add_options()
      ("help,h", "show this help")
      ("db", po::value(&db)->required(), "database folder")
      ("format", po::value(&format), "text or json")
      ("id", po::value(&id)->required(), "release id");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
  if (vm.count("help")) {
    std::cout << "Usage: press-index show --db DIR [--format text|json] ID\n" << opts;
    return kExitOk;
  }
  po::notify(vm);
  if (format != "text" && format != "json")
    throw po::error("--format must be text or json, not \"" + format + "\"");
  libsearch::Searcher searcher({db});
  auto rel = searcher.release(id);
  if (!rel) {
    std::cerr << "press-index: " << db << ": no release \"" << id << "\"\n";
    return kExitSkipped;
  }
  if (format == "json") {
    json j;
    j["release_id"] = rel->release_id;
    j["title"] = rel->title;
    j["date"] = rel->date.empty() ? json(nullptr) : json(rel->date);
    j["source"] = rel->source;
    j["lang"] = rel->lang;
    j["url"] = rel->url.empty() ? json(nullptr) : json(rel->url);
    j["passages"] = json::array();
    for (const auto& p : rel->passages) {
      json pj;
      pj["paragraph"] = p.paragraph;
      pj["speaker"] = speaker_json(p.speaker);
      pj["section"] = p.section.empty() ? json(nullptr) : json(p.section);
      pj["dates"] = p.mentioned_dates;
      pj["text"] = p.text;
      j["passages"].push_back(std::move(pj));
    }
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << rel->title << "\n"
              << (rel->date.empty() ? "(no date)" : rel->date) << " | " << rel->source
              << " | " << rel->lang << "\n";
    if (!rel->url.empty()) std::cout << rel->url << "\n";
    for (const auto& p : rel->passages) {
      std::cout << "\n[" << p.paragraph << "]";
      if (p.speaker) {
        std::cout << " " << (p.speaker->name.empty() ? "(unnamed)" : p.speaker->name);
        if (!p.speaker->role.empty()) std::cout << " (" << p.speaker->role << ")";
      }
      std::cout << "\n" << p.text << "\n";
    }
  }
  return kExitOk;
}

int cmd_stats(const std::vector<std::string>& args) {
  po::options_description opts("press-index stats options");
  std::string db, format = "text";
  opts.add_options()
      ("help,h", "show this help")
      ("db", po::value(&db)->required(), "database folder")
      ("format", po::value(&format), "text or json");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).run(), vm);
  if (vm.count("help")) {
    std::cout << "Usage: press-index stats --db DIR [--format text|json]\n" << opts;
    return kExitOk;
  }
  po::notify(vm);
  if (format != "text" && format != "json")
    throw po::error("--format must be text or json, not \"" + format + "\"");
  libsearch::Searcher searcher({db});
  const libsearch::DatabaseStats s = searcher.stats();
  if (format == "json") {
    json j;
    j["releases"] = s.releases;
    j["passages"] = s.passages;
    j["first_date"] = s.first_date.empty() ? json(nullptr) : json(s.first_date);
    j["last_date"] = s.last_date.empty() ? json(nullptr) : json(s.last_date);
    j["undated_passages"] = s.undated_passages;
    j["languages"] = json::object();
    for (const auto& v : s.languages) j["languages"][v.value] = v.count;
    j["sources"] = json::object();
    for (const auto& v : s.sources) j["sources"][v.value] = v.count;
    j["analyzer_version"] = s.analyzer_version;
    j["schema_version"] = s.schema_version;
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << "releases: " << s.releases << "\npassages: " << s.passages << "\n"
              << "dates: " << (s.first_date.empty() ? "-" : s.first_date) << " .. "
              << (s.last_date.empty() ? "-" : s.last_date) << " (" << s.undated_passages
              << " passages undated)\n"
              << "languages (passages):\n";
    for (const auto& v : s.languages) std::cout << "  " << v.value << ": " << v.count << "\n";
    std::cout << "sources (passages):\n";
    for (const auto& v : s.sources) std::cout << "  " << v.value << ": " << v.count << "\n";
    std::cout << "analyzer version " << s.analyzer_version << ", schema version "
              << s.schema_version << "\n";
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_DFL);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return kExitFatal;
  }
  const std::string cmd = args[0];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  if (cmd == "--version") {
    std::cout << "press-index " << libsearch::kVersionString << "\n";
    return kExitOk;
  }
  args.erase(args.begin());
  try {
    if (cmd == "add") return cmd_add(args);
    if (cmd == "show") return cmd_show(args);
    if (cmd == "stats") return cmd_stats(args);
    std::cerr << "press-index: unknown command \"" << cmd << "\"\n" << kUsage;
    return kExitFatal;
  } catch (const po::error& e) {
    std::cerr << "press-index " << cmd << ": " << e.what() << " (see press-index " << cmd
              << " --help)\n";
    return kExitFatal;
  } catch (const libsearch::Error& e) {
    std::cerr << "press-index: " << e.what() << "\n";
    return kExitFatal;
  } catch (const std::exception& e) {
    std::cerr << "press-index: " << e.what() << "\n";
    return kExitFatal;
  } catch (...) {
    std::cerr << "press-index: unexpected error\n";
    return kExitFatal;
  }
}
