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
// Memory stays bounded whatever the input size: JSON Lines files are read
// line by line (read_corpus_chunks), .xml and .txt files are read whole but
// only up to ReadLimits::max_file_bytes, and a release larger than the
// limits is reported and skipped.
//
// Thread-safety: the functions keep no state; the sink and callback are
// called from the calling thread only. Chunks may be parsed on any thread
// (one sink per thread).
//
// Ownership: the callback receives each Release by rvalue and may keep it
// (move from it); the sink and callback are borrowed for the call only.
#ifndef LIBSEARCH_CORPUS_READER_H_
#define LIBSEARCH_CORPUS_READER_H_

#include <cstddef>
#include <cstdint>
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

// Limits against hostile or broken input. Input beyond a limit is reported
// as an error and skipped; it never exhausts memory.
struct ReadLimits {
  // Largest .xml or .txt file, in bytes (these are parsed whole). Default
  // 256 MiB.
  std::size_t max_file_bytes = std::size_t{256} << 20;
  // Longest JSON Lines line, in bytes (one release). Default 32 MiB. A longer
  // line is skipped without being held in memory.
  std::size_t max_line_bytes = std::size_t{32} << 20;
  // Largest release body (the bytes of its paragraphs). Default 16 MiB.
  std::size_t max_body_bytes = std::size_t{16} << 20;
  // Most paragraphs in one release. Default 20,000.
  std::size_t max_paragraphs = 20000;
};

// One unit of parsing work: the whole content of an .xml or .txt file, or
// one line of a JSON Lines file. Plain value; may move between threads.
struct CorpusChunk {
  CorpusFormat format = CorpusFormat::kUnknown;
  std::string path;
  int line = 0;                  // 1-based line of `text` (JSON Lines); 1 otherwise
  std::uint64_t byte_offset = 0;  // offset of `text` in the file
  std::string text;
};

using ChunkCallback = std::function<void(CorpusChunk&&)>;

using ReleaseCallback = std::function<void(Release&&)>;

// The format for a file name, by extension.
CorpusFormat format_for_path(std::string_view path);

// Files under `path` (itself if a file) with a known extension, recursively,
// sorted. A missing path is reported to `sink` and yields nothing.
std::vector<std::string> list_corpus_files(const std::string& path,
                                           DiagnosticSink& sink);

// Reads one file or a folder tree, calling `callback` for each good release.
void read_corpus(const std::string& path, DiagnosticSink& sink,
                 const ReleaseCallback& callback,
                 const ReadLimits& limits = ReadLimits());

// Reads one corpus file as chunks, in file order: one per non-blank line of
// a JSON Lines file (streamed: memory holds one line), the whole content of
// an .xml or .txt file. File-level problems are reported to `sink`: cannot
// open or read (with the system's reason), empty, binary (a NUL byte: the
// rest of the file is skipped), larger than max_file_bytes, a line longer
// than max_line_bytes (that line is skipped). Returns the bytes read.
std::uint64_t read_corpus_chunks(const std::string& file, DiagnosticSink& sink,
                                 const ChunkCallback& callback,
                                 const ReadLimits& limits = ReadLimits());

// Parses one chunk, calling `callback` for each good release in it.
void parse_chunk(const CorpusChunk& chunk, DiagnosticSink& sink,
                 const ReleaseCallback& callback,
                 const ReadLimits& limits = ReadLimits());

// Parses in-memory content of one format; `path` is used for messages and
// for ids derived from the file name (text format).
void parse_corpus(CorpusFormat format, std::string_view content,
                  const std::string& path, DiagnosticSink& sink,
                  const ReleaseCallback& callback,
                  const ReadLimits& limits = ReadLimits());

// For JSON Lines: parses one line (1-based `line` for messages;
// `line_offset` is the line's byte offset in the file, for messages).
void parse_jsonl_line(std::string_view line_text, const std::string& path,
                      int line, DiagnosticSink& sink,
                      const ReleaseCallback& callback,
                      const ReadLimits& limits = ReadLimits(),
                      std::uint64_t line_offset = 0);

}  // namespace libsearch

#endif  // LIBSEARCH_CORPUS_READER_H_
