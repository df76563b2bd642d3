// libsearch: readers for the corpus formats. The format is chosen by file
// extension: .xml (the project's release format, corpus/FORMAT.md), .jsonl
// (one release per line) and .txt (the scraped plain-text form). A folder is
// read recursively, files in sorted order.
//
//   struct Printer : libsearch::DiagnosticSink {
//     void report(const libsearch::Diagnostic& d) override {
//       std::cerr << d.to_string() << "\n";
//     }
//   } printer;
//   libsearch::read_corpus("corpus/samples", printer,
//                          [](libsearch::Release&& r) { use(r); });
//
// Bad input never stops a batch: a release that cannot be read is reported to
// the DiagnosticSink as an error and skipped; the rest of the file is still
// read. Problems that do not lose the release (a missing date, an unknown
// language guessed from the text) are reported as warnings.
//
// Thread-safety: the functions keep no state; the sink and callback are
// called from the calling thread only.
//
// Ownership: the callback receives each Release by rvalue and may keep it
// (move from it); the sink and callback are borrowed for the call only.
#ifndef LIBSEARCH_CORPUS_READER_H_
#define LIBSEARCH_CORPUS_READER_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "libsearch/release.h"

namespace libsearch {

struct Diagnostic {
  enum class Severity { kWarning, kError };
  Severity severity = Severity::kError;
  std::string path;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
  std::string message;
  std::string release_id;  // when known

  // "path:line:column: message" (line and column omitted when unknown),
  // prefixed "warning: " for warnings.
  std::string to_string() const;
};

class DiagnosticSink {
 public:
  virtual ~DiagnosticSink() = default;
  virtual void report(const Diagnostic& diagnostic) = 0;
};

// Collects diagnostics in a vector; handy for tests and small programs.
class DiagnosticList : public DiagnosticSink {
 public:
  void report(const Diagnostic& diagnostic) override {
    items.push_back(diagnostic);
  }
  std::size_t errors() const;
  std::vector<Diagnostic> items;
};

enum class CorpusFormat { kXml, kJsonLines, kText, kUnknown };

using ReleaseCallback = std::function<void(Release&&)>;

// The format for a file name, by extension.
CorpusFormat format_for_path(std::string_view path);

// Files under `path` (itself if a file) with a known extension, recursively,
// sorted. A missing path is reported to `sink` and yields nothing.
std::vector<std::string> list_corpus_files(const std::string& path,
                                           DiagnosticSink& sink);

// Reads one file or a folder tree, calling `callback` for each good release.
void read_corpus(const std::string& path, DiagnosticSink& sink,
                 const ReleaseCallback& callback);

// Parses in-memory content of one format; `path` is used for messages and
// for ids derived from the file name (text format).
void parse_corpus(CorpusFormat format, std::string_view content,
                  const std::string& path, DiagnosticSink& sink,
                  const ReleaseCallback& callback);

// For JSON Lines: parses one line (1-based `line` for messages). Lets a
// caller split a large file across threads.
void parse_jsonl_line(std::string_view line_text, const std::string& path,
                      int line, DiagnosticSink& sink,
                      const ReleaseCallback& callback);

}  // namespace libsearch

#endif  // LIBSEARCH_CORPUS_READER_H_
