// libsearch: IndexWriter creates or extends a database of releases.
//
//   libsearch::IndexWriter writer("press.db");          // creates if missing
//   libsearch::read_corpus("corpus/samples", sink,
//                          [&](libsearch::Release&& r) { writer.add(r); });
//   writer.commit();
//
// Each release becomes one Xapian document per passage. Adding a release
// whose id is already indexed replaces it when its content changed and does
// nothing when it did not (a content hash is stored), so adding the same
// folder twice changes nothing.
//
// Durability: changes become visible to readers and durable at commit(),
// which is atomic: a crash at any moment leaves the database as of the last
// commit, holding whole releases only. The writer commits by itself every
// IndexOptions::commit_every releases.
//
// Thread-safety: one IndexWriter per database at a time (a second one, in
// this or another process, fails with LockedError); its methods must not be
// called concurrently. Readers (Searcher) may search while it writes.
#ifndef LIBSEARCH_INDEX_WRITER_H_
#define LIBSEARCH_INDEX_WRITER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "libsearch/release.h"

namespace libsearch {

struct IndexOptions {
  // Releases between automatic commits. Default 2000.
  std::size_t commit_every = 2000;
  // Create the database when it does not exist. Default true.
  bool create = true;
};

enum class AddOutcome { kAdded, kUpdated, kUnchanged };

class IndexWriter {
 public:
  // Opens (or creates) the database at `path`. Throws LockedError when
  // another writer holds it, VersionError when it was built by another
  // analyzer or schema version, IndexError otherwise.
  explicit IndexWriter(const std::string& path, IndexOptions options = {});
  // Commits pending changes; errors at that point are swallowed, so call
  // commit() yourself to see them.
  ~IndexWriter();
  IndexWriter(IndexWriter&&) noexcept;
  IndexWriter& operator=(IndexWriter&&) noexcept;
  IndexWriter(const IndexWriter&) = delete;  // one writer per database
  IndexWriter& operator=(const IndexWriter&) = delete;

  // Adds or replaces a release (analysis runs on the calling thread). Throws
  // IndexError if the database write fails.
  AddOutcome add(const Release& release);
  // Removes every passage of release `id`; false if it was not indexed.
  bool remove(const std::string& id);
  // True if a release with this id is indexed.
  bool contains(const std::string& id) const;
  // Ids of all indexed releases, sorted.
  std::vector<std::string> release_ids() const;
  // Makes all changes durable and visible. Throws IndexError.
  void commit();

  const std::string& path() const;

  // Library-internal access (see index_writer_internal.h).
  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace libsearch

#endif  // LIBSEARCH_INDEX_WRITER_H_
