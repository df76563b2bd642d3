// Library-only view of IndexWriter: writes releases already turned into
// documents by a DocumentBuilder on another thread.
#ifndef LIBSEARCH_INDEX_INDEX_WRITER_INTERNAL_H_
#define LIBSEARCH_INDEX_INDEX_WRITER_INTERNAL_H_

#include <string>

#include <xapian.h>

#include "index/document_builder.h"
#include "libsearch/index_writer.h"

namespace libsearch {

// All writes happen inside a Xapian transaction that spans one batch (up to
// commit_every releases or commit_passages passages): Xapian never flushes
// part of a batch by itself, so a commit holds whole releases only. A later
// `--shards N` would keep one Impl per shard and route each release by a
// stable hash of its id; write() and commit() are per database already.
struct IndexWriter::Impl {
  std::string path;
  IndexOptions options;
  Xapian::WritableDatabase db;
  detail::DocumentBuilder builder;
  std::size_t since_commit = 0;           // releases written in this batch
  std::size_t passages_since_commit = 0;  // passages written in this batch
  bool in_transaction = false;

  // The stored content hash of release `id`, empty if not indexed.
  std::string stored_hash(const std::string& id) const;
  // True when `hash` equals the stored one (nothing to do).
  bool unchanged(const std::string& id, const std::string& hash) const {
    return stored_hash(id) == hash;
  }
  // Adds or replaces one release (all its passages, in this batch). Throws
  // IndexError; the batch is then cancelled.
  AddOutcome write(detail::PreparedRelease&& prepared);
  // Removes release `id` in this batch; false if it was not indexed.
  bool remove(const std::string& id);
  // Commits the batch when it is full.
  void maybe_commit();
  // Commits the batch (with the analyzer and schema versions). Throws
  // IndexError.
  void commit();
  // Discards the batch (after a failed write).
  void cancel() noexcept;
  // Opens the batch's transaction if it is not open.
  void begin();
};

namespace detail {

// The system's text ("No space left on device", "Disk quota exceeded", "File
// too large") when `e` comes from a write that found no room; else null.
const char* disk_full_reason(const Xapian::Error& e);

// The message for a failed write to the database `db` (`doing`: what was
// being written; `kept`: what the failure leaves, for the reader). A full
// disk or quota (ENOSPC, EDQUOT, EFBIG), in whichever thread it happened,
// reads "DB: No space left on device (doing; kept; free some space, then run
// the command again)"; other errors "DB: doing: <Xapian's description>".
std::string describe_write_error(const std::string& db, const Xapian::Error& e,
                                 const std::string& doing, const std::string& kept);

}  // namespace detail
}  // namespace libsearch

#endif  // LIBSEARCH_INDEX_INDEX_WRITER_INTERNAL_H_
