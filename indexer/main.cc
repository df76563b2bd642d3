// press-index: builds and maintains a libsearch database.
#include <algorithm>
#include <thread>
#include <chrono>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "libsearch/corpus_reader.h"
#include "libsearch/error.h"
#include "libsearch/index_writer.h"
#include "libsearch/printable.h"
#include "libsearch/shards.h"
#include "libsearch/searcher.h"
#include "fatal_signal.h"
#include "index/duplicate_ids.h"
#include "libsearch/version.h"
#include "options.h"
#include "output.h"
#include "progress.h"

namespace po = boost::program_options;
using nlohmann::json;
using press_index::Config;
using press_index::Progress;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitSkipped = 1;
constexpr int kExitFatal = 2;

const char kUsage[] =
    "Usage: press-index COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  add --db DIR PATH...        index releases (files or folders; .xml, .jsonl, .txt);\n"
    "                              unchanged releases are skipped, changed ones replaced;\n"
    "                              into an empty DIR with --jobs 2 or more each job writes\n"
    "                              a part beside it, merged into DIR at the end (a crash\n"
    "                              leaves DIR empty); otherwise batches are committed as\n"
    "                              they go (a crash keeps them, a rerun finishes)\n"
    "  add --db DIR --shards N PATH...\n"
    "                              write N shards DIR/shard-K and a stub DIR/XAPIANDB;\n"
    "                              press-query --db DIR searches them as one\n"
    "  remove --db DIR ID...       remove releases by id\n"
    "  remove --db DIR --missing-from PATH...\n"
    "                              remove releases no longer found in PATH\n"
    "  reindex --db DIR PATH...    rebuild from sources into a new database and swap\n"
    "                              it in atomically\n"
    "  validate PATH...            check input without a database\n"
    "  compact --db DIR            compact the database (in place, atomically)\n"
    "  link --db DIR               link Chinese and English releases of the same\n"
    "                              conference (add, remove and reindex do it too)\n"
    "  show --db DIR ID            print a release as indexed, with its passages\n"
    "  stats --db DIR              counts, size, date range, languages, sources, versions\n"
    "\n"
    "Run press-index COMMAND --help for its options.\n"
    "\n"
    "Serving a shard to other machines: xapian-tcpsrv --port P DIR/shard-K (from\n"
    "xapian-tools); list it in a stub file as \"remote HOST:P\" and give the stub to\n"
    "press-query --db (README: Scaling out).\n"
    "\n"
    "Exit status: 0 all indexed, 1 some input skipped (reported on stderr as\n"
    "path:line: reason), 2 usage or fatal error.\n";

std::string megabytes(std::uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(bytes) / 1e6);
  return buf;
}

// Prints each diagnostic on stderr (through the progress display) and, with
// --errors, as a JSON line.
class CliSink : public libsearch::DiagnosticSink {
 public:
  CliSink(Progress& progress, const std::string& errors_file) : progress_(progress) {
    if (!errors_file.empty()) {
      errors_.open(errors_file, std::ios::out | std::ios::trunc);
      if (!errors_)
        throw libsearch::Error(errors_file + ": cannot write: " + std::strerror(errno));
    }
  }
  void report(const libsearch::Diagnostic& d) override {
    progress_.print_line("press-index: " + libsearch::printable(d.to_string()));
    if (errors_.is_open()) {
      json j;
      j["severity"] = d.severity == libsearch::Diagnostic::Severity::kError ? "error" : "warning";
      j["path"] = d.path;
      j["line"] = d.line;
      j["column"] = d.column;
      j["message"] = d.message;
      j["release_id"] = d.release_id.empty() ? json(nullptr) : json(d.release_id);
      errors_ << j.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
    }
  }
  void finish() {
    if (errors_.is_open()) {
      errors_.flush();
      if (!errors_) throw libsearch::Error("cannot write the --errors file");
    }
  }

 private:
  Progress& progress_;
  std::ofstream errors_;
};

// Tells what a writer swept: temporary folders of a run that died.
void report_swept(const libsearch::SweptFolder& f) {
  const std::string owner =
      f.owner_pid > 0 ? "left by process " + std::to_string(f.owner_pid) + ", which has ended"
                      : "left by an earlier run that did not finish";
  if (f.error.empty()) {
    std::cerr << "press-index: removed " << f.path << " (" << megabytes(f.bytes) << " MB), "
              << owner << "\n";
  } else {
    std::cerr << "press-index: cannot remove " << f.path << " (" << owner << "): " << f.error
              << "\n";
  }
}

// --commit-every and the like, with swept folders reported.
libsearch::IndexOptions index_options(const Config& c) {
  libsearch::IndexOptions o = c.index;
  o.on_swept = report_swept;
  return o;
}

libsearch::IndexingOptions indexing_options(const Config& c, Progress& progress) {
  libsearch::IndexingOptions o;
  o.jobs = c.jobs;
  o.limits = c.limits;
  o.max_passages = c.max_passages;
  o.progress = [&progress](const libsearch::IndexProgress& p) { progress.update(p); };
  return o;
}

void print_summary(const Config& c, const libsearch::IndexSummary& s, bool validating) {
  if (c.quiet) return;
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.1f s, %.2f MB/s of body text", s.seconds,
                static_cast<double>(s.body_bytes) / 1e6 / std::max(s.seconds, 1e-3));
  std::cerr << "press-index: ";
  if (validating) {
    std::cerr << s.added << " would be indexed (" << s.passages << " passages), ";
  } else {
    std::cerr << s.added << " added, " << s.updated << " updated, " << s.unchanged
              << " unchanged, ";
  }
  std::cerr << s.skipped << " skipped, " << s.warnings << " warnings; " << s.files
            << " files, " << megabytes(s.bytes_read) << " MB in " << rate << "\n";
}

// Counts what passes through to another sink.
class CountingSink : public libsearch::DiagnosticSink {
 public:
  explicit CountingSink(libsearch::DiagnosticSink& out) : out_(out) {}
  void report(const libsearch::Diagnostic& d) override {
    (d.severity == libsearch::Diagnostic::Severity::kError ? errors : warnings)++;
    out_.report(d);
  }
  std::size_t errors = 0;
  std::size_t warnings = 0;

 private:
  libsearch::DiagnosticSink& out_;
};

// add into a sharded folder: releases go to shard shard_for(id, N), shards
// are written in parallel (--jobs threads, at most one per shard).
libsearch::IndexSummary add_sharded(const Config& c, libsearch::DiagnosticSink& sink) {
  const auto start = std::chrono::steady_clock::now();
  libsearch::ShardOptions o;
  o.shards = c.shards;
  o.jobs = c.jobs > 0 ? c.jobs : std::max(1u, std::thread::hardware_concurrency());
  o.index = index_options(c);
  libsearch::ShardedIndexWriter writer(c.db, o);
  CountingSink counting(sink);
  libsearch::IndexSummary s;
  libsearch::detail::DuplicateIds seen;
  auto add = [&](libsearch::Release&& r) {
    if (auto repeat = seen.check(r.id, r.origin_path, r.origin_line)) {
      counting.report(*repeat);
      return;
    }
    for (const auto& p : r.body) s.body_bytes += p.text.size();
    writer.add(std::move(r));
  };
  for (const std::string& path : c.paths) {
    for (const std::string& file : libsearch::list_corpus_files(path, counting)) {
      ++s.files;
      s.bytes_read += libsearch::read_corpus_chunks(
          file, counting,
          [&](libsearch::CorpusChunk&& chunk) {
            libsearch::parse_chunk(chunk, counting, add, c.limits);
          },
          c.limits);
    }
  }
  writer.commit();
  const libsearch::ShardedCounts n = writer.counts();
  s.added = n.added;
  s.updated = n.updated;
  s.unchanged = n.unchanged;
  s.skipped = counting.errors;
  s.warnings = counting.warnings;
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return s;
}

void print_links(const Config& c, const libsearch::LinkSummary& s) {
  if (c.quiet) return;
  std::cerr << "press-index: " << s.pairs << " Chinese/English pairs linked; "
            << s.passages_with << " of their passages have a counterpart, "
            << s.passages_without << " have none\n";
}

int cmd_link(const Config& c) {
  libsearch::IndexWriter writer(c.db, [&] {
    libsearch::IndexOptions o = c.index;
    o.create = false;
    return o;
  }());
  print_links(c, writer.link());
  return kExitOk;
}

int cmd_add(const Config& c) {
  Progress progress(Progress::mode_for(c.quiet, 2), std::cerr);
  CliSink sink(progress, c.errors_file);
  libsearch::IndexSummary s;
  if (c.command == "add" && (c.shards > 0 || libsearch::is_sharded_database(c.db))) {
    s = add_sharded(c, sink);
  } else if (c.command == "reindex") {
    s = libsearch::reindex(c.db, c.paths, sink, indexing_options(c, progress), index_options(c));
  } else {
    libsearch::IndexWriter writer(c.db, index_options(c));
    s = writer.add_paths(c.paths, sink, indexing_options(c, progress));
    writer.commit();
    print_links(c, writer.link());
  }
  sink.finish();
  print_summary(c, s, false);
  return s.skipped > 0 ? kExitSkipped : kExitOk;
}

int cmd_validate(const Config& c) {
  Progress progress(Progress::mode_for(c.quiet, 2), std::cerr);
  CliSink sink(progress, c.errors_file);
  libsearch::IndexingOptions o = indexing_options(c, progress);
  if (c.list) {
    o.on_release = [&](const libsearch::Release& r, std::size_t passages) {
      if (c.format == "json") {
        json j;
        j["release_id"] = r.id;
        j["path"] = r.origin_path;
        j["line"] = r.origin_line;
        j["lang"] = r.lang;
        j["date"] = r.date.empty() ? json(nullptr) : json(r.date);
        j["paragraphs"] = r.body.size();
        j["passages"] = passages;
        std::cout << j.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
      } else {
        std::cout << libsearch::printable(r.origin_path + ":" + std::to_string(r.origin_line) +
                                          ": " + r.id + " (" + r.lang + ", " +
                                          (r.date.empty() ? "no date" : r.date))
                  << ", " << passages << " passages)\n";
      }
    };
  }
  const libsearch::IndexSummary s = libsearch::validate_paths(c.paths, sink, o);
  sink.finish();
  print_summary(c, s, true);
  return s.skipped > 0 ? kExitSkipped : kExitOk;
}

int cmd_remove(const Config& c) {
  libsearch::IndexWriter writer(c.db, [&] {
    libsearch::IndexOptions o = index_options(c);
    o.create = false;
    return o;
  }());
  std::size_t removed = 0, missing = 0;
  if (!c.missing_from.empty()) {
    // Ids still present in the sources, including those of releases that
    // are there but currently unreadable (they must not be removed).
    Progress progress(Progress::Mode::kQuiet, std::cerr);
    CliSink sink(progress, "");
    struct Collect : libsearch::DiagnosticSink {
      libsearch::DiagnosticSink* out = nullptr;
      std::set<std::string>* ids = nullptr;
      std::size_t unattributed = 0;
      void report(const libsearch::Diagnostic& d) override {
        if (!d.release_id.empty()) {
          ids->insert(d.release_id);
        } else if (d.severity == libsearch::Diagnostic::Severity::kError) {
          ++unattributed;
        }
        out->report(d);
      }
    } collect;
    std::set<std::string> present;
    collect.out = &sink;
    collect.ids = &present;
    for (const std::string& path : c.missing_from)
      libsearch::read_corpus(path, collect,
                             [&](libsearch::Release&& r) { present.insert(r.id); });
    if (collect.unattributed > 0 && !c.force) {
      std::cerr << "press-index: " << collect.unattributed
                << " problem(s) above hide which releases are in the sources; nothing "
                   "removed (fix them, or use --force)\n";
      return kExitFatal;
    }
    for (const std::string& id : writer.release_ids()) {
      if (present.count(id)) continue;
      if (writer.remove(id)) ++removed;
    }
  } else {
    for (const std::string& id : c.ids) {
      if (writer.remove(id)) {
        ++removed;
      } else {
        ++missing;
        std::cerr << "press-index: " << c.db << ": no release \"" << id << "\"\n";
      }
    }
  }
  writer.commit();
  print_links(c, writer.link());
  if (!c.quiet) {
    std::cerr << "press-index: " << removed << " removed";
    if (missing) std::cerr << ", " << missing << " not found";
    std::cerr << "\n";
  }
  return missing > 0 ? kExitSkipped : kExitOk;
}

int cmd_compact(const Config& c) {
  const std::uint64_t before = libsearch::database_size(c.db);
  const std::uint64_t after = libsearch::compact(c.db, index_options(c));
  if (!c.quiet)
    std::cerr << "press-index: " << c.db << ": compacted from " << megabytes(before)
              << " MB to " << megabytes(after) << " MB\n";
  return kExitOk;
}

// A JSON document as text: bytes that are not UTF-8 (a damaged database)
// become U+FFFD, so the output is always valid JSON.
std::string json_text(const json& j) {
  return j.dump(2, ' ', false, json::error_handler_t::replace);
}

int cmd_show(const Config& c) {
  const std::string& db = c.db;
  const std::string& id = c.ids[0];
  const std::string& format = c.format;
  libsearch::Searcher searcher({db});
  auto rel = searcher.release(id);
  if (!rel) {
    std::cerr << "press-index: " << libsearch::printable(db + ": no release \"" + id + "\"")
              << "\n";
    return kExitSkipped;
  }
  if (format == "json") {
    std::cout << json_text(press_query::release_json(*rel)) << "\n";
  } else {
    // Indexed text may hold terminal escapes: shown made visible.
    using libsearch::printable;
    std::cout << printable(rel->title) << "\n"
              << (rel->date.empty() ? "(no date)" : printable(rel->date)) << " | "
              << printable(rel->source) << " | " << printable(rel->lang) << "\n";
    if (!rel->url.empty()) std::cout << printable(rel->url) << "\n";
    if (!rel->counterpart_id.empty())
      std::cout << "counterpart: " << printable(rel->counterpart_id) << "\n";
    for (std::size_t i = 0; i < rel->passages.size(); ++i) {
      const auto& p = rel->passages[i];
      std::cout << "\n[" << p.paragraph << "]";
      if (p.speaker) {
        std::cout << " " << (p.speaker->name.empty() ? "(unnamed)" : printable(p.speaker->name));
        if (!p.speaker->role.empty()) std::cout << " (" << printable(p.speaker->role) << ")";
      }
      if (!rel->counterpart_id.empty()) {
        std::cout << " <->";
        if (rel->counterpart_paragraphs[i].empty()) std::cout << " (none)";
        for (int cp : rel->counterpart_paragraphs[i]) std::cout << " [" << cp << "]";
      }
      std::cout << "\n" << printable(p.text, libsearch::Newlines::kKeep) << "\n";
    }
  }
  return kExitOk;
}

int cmd_stats(const Config& c) {
  const std::string& db = c.db;
  const std::string& format = c.format;
  libsearch::Searcher searcher({db});
  const libsearch::DatabaseStats s = searcher.stats();
  const std::uint64_t size = libsearch::database_size(db);
  if (format == "json") {
    json j;
    j["releases"] = s.releases;
    j["passages"] = s.passages;
    j["first_date"] = s.first_date.empty() ? json(nullptr) : json(s.first_date);
    j["last_date"] = s.last_date.empty() ? json(nullptr) : json(s.last_date);
    j["undated_passages"] = s.undated_passages;
    j["linked_releases"] = s.linked_releases;
    j["languages"] = json::object();
    for (const auto& v : s.languages) j["languages"][v.value] = v.count;
    j["sources"] = json::object();
    for (const auto& v : s.sources) j["sources"][v.value] = v.count;
    j["analyzer_version"] = s.analyzer_version;
    j["schema_version"] = s.schema_version;
    j["size_bytes"] = size;
    std::cout << json_text(j) << "\n";
  } else {
    std::cout << "releases: " << s.releases << "\npassages: " << s.passages << "\n"
              << "dates: " << (s.first_date.empty() ? "-" : s.first_date) << " .. "
              << (s.last_date.empty() ? "-" : s.last_date) << " (" << s.undated_passages
              << " passages undated)\n"
              << "linked releases (Chinese/English counterparts): " << s.linked_releases << "\n"
              << "languages (passages):\n";
    using libsearch::printable;
    for (const auto& v : s.languages)
      std::cout << "  " << printable(v.value) << ": " << v.count << "\n";
    std::cout << "sources (passages):\n";
    for (const auto& v : s.sources)
      std::cout << "  " << printable(v.value) << ": " << v.count << "\n";
    std::cout << "analyzer version " << printable(s.analyzer_version) << ", schema version "
              << printable(s.schema_version) << "\n"
              << "size on disk: " << megabytes(size) << " MB\n";
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_DFL);
  libsearch::detail::install_fatal_signal_handler("press-index");
  libsearch::detail::install_terminate_handler("press-index");
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
  static const std::set<std::string> kCommands = {"add",   "remove", "reindex", "validate",
                                                  "compact", "show", "stats", "link"};
  if (!kCommands.count(cmd)) {
    std::cerr << "press-index: unknown command \"" << cmd << "\"\n" << kUsage;
    return kExitFatal;
  }
  args.erase(args.begin());
  try {
    const std::optional<Config> config = press_index::parse_options(cmd, args);
    if (!config) return kExitOk;
    if (!config->db.empty()) libsearch::detail::set_fatal_signal_subject(config->db);
    if (cmd == "add" || cmd == "reindex") return cmd_add(*config);
    if (cmd == "validate") return cmd_validate(*config);
    if (cmd == "remove") return cmd_remove(*config);
    if (cmd == "compact") return cmd_compact(*config);
    if (cmd == "show") return cmd_show(*config);
    if (cmd == "link") return cmd_link(*config);
    return cmd_stats(*config);
  } catch (const po::error& e) {
    std::cerr << "press-index " << cmd << ": " << libsearch::printable(e.what())
              << " (see press-index " << cmd << " --help)\n";
    return kExitFatal;
  } catch (const libsearch::Error& e) {
    std::cerr << "press-index: " << libsearch::printable(e.what()) << "\n";
    return kExitFatal;
  } catch (const std::exception& e) {
    std::cerr << "press-index: " << libsearch::printable(e.what()) << "\n";
    return kExitFatal;
  } catch (...) {
    std::cerr << "press-index: unexpected error\n";
    return kExitFatal;
  }
}
