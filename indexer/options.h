// press-index command-line options: raw Boost.Program_options parsing, then
// a validated Config. Every validation error surfaces (as po::error) before
// any work starts.
#ifndef LIBSEARCH_INDEXER_OPTIONS_H_
#define LIBSEARCH_INDEXER_OPTIONS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "libsearch/corpus_reader.h"
#include "libsearch/index_writer.h"

namespace press_index {

struct Config {
  std::string command;              // add, remove, reindex, validate, compact, stats, show
  std::string db;                   // --db (all but validate)
  std::vector<std::string> paths;   // corpus files or folders (add, reindex, validate)
  std::vector<std::string> ids;     // release ids (remove, show)
  std::vector<std::string> missing_from;  // remove --missing-from
  bool force = false;               // remove --missing-from despite unreadable input
  std::size_t jobs = 0;             // --jobs; 0 = one per core
  std::size_t shards = 0;           // add --shards N; 0 = not sharded (or keep the existing count)
  bool quiet = false;               // --quiet: no progress, no summary
  std::string errors_file;          // --errors FILE: diagnostics as JSON Lines
  std::string format = "text";      // --format text|json (show, stats, validate)
  bool list = false;                // validate --list
  libsearch::IndexOptions index;    // --commit-every
  libsearch::ReadLimits limits;     // --max-file-bytes, --max-line-bytes, --max-release-bytes
  std::size_t max_passages = 20000; // --max-passages
};

// Parses the arguments after the command name. Returns nothing when --help
// was printed (to stdout). Throws boost::program_options::error on bad usage.
std::optional<Config> parse_options(const std::string& command,
                                    const std::vector<std::string>& args);

}  // namespace press_index

#endif  // LIBSEARCH_INDEXER_OPTIONS_H_
