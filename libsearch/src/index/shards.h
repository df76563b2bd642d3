// Library-only side of sharding: opening every shard a source names, one by
// one, so a failure can name the shard (and the stub line listing it).
#ifndef LIBSEARCH_INDEX_SHARDS_H_
#define LIBSEARCH_INDEX_SHARDS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include <xapian.h>

#include "libsearch/searcher.h"
#include "libsearch/shards.h"

namespace libsearch::detail {

struct OpenedShard {
  std::string label;  // "path" or "HOST:PORT", for messages
  Xapian::Database db;
  bool remote = false;
  // Remote shards: "stub:LINE: remote shard HOST:PORT", for messages.
  std::string where;
};

// Opens `source`: a database folder, a folder holding a stub (sharded
// database) or a stub file. Each shard that cannot be opened throws
// IndexError naming it ("stub:LINE: remote shard HOST:PORT: ..."), or, with
// options.allow_partial, is skipped and described in `warnings`. Throws
// InputError for a malformed stub.
// For messages: what a file of this type is ("a FIFO (named pipe)", ...).
std::string describe_file_type(mode_t mode);
// For messages: why stat() or open() failed ("symlink loop (...)", or the
// system's text).
std::string describe_stat_failure(int err);

std::vector<OpenedShard> open_shards(const std::string& source, const SearcherOptions& options,
                                     std::vector<std::string>& warnings);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_INDEX_SHARDS_H_
