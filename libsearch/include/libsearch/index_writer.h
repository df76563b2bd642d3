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
// Whole folders are indexed in parallel with add_paths(): readers stream the
// files, IndexingOptions::jobs threads parse and analyse, and the calling
// thread writes, in input order. Into an empty database with more than one
// job, each job writes its own part beside it and the parts are merged at
// the end (nothing is committed to the database before that merge): the
// same documents and metadata whatever the number of jobs, numbered
// (docids) the same for the same number of jobs:
//
//   libsearch::IndexWriter writer("press.db");
//   libsearch::DiagnosticList problems;
//   libsearch::IndexingOptions opts;   // all cores
//   libsearch::IndexSummary s = writer.add_paths({"corpus/"}, problems, opts);
//   writer.commit();
//
// Durability: writes go in batches, each inside a Xapian transaction, so
// Xapian never flushes part of a batch by itself. A batch becomes visible to
// readers and durable when it is committed, atomically: a crash at any
// moment (SIGKILL included) leaves the database as of the last commit,
// holding whole releases only, and the next add finishes the job. The writer
// commits by itself every IndexOptions::commit_every releases (or
// commit_passages passages, whichever comes first).
//
// Thread-safety: one IndexWriter per database at a time (a second one, in
// this or another process, fails with LockedError); its methods must not be
// called concurrently. Readers (Searcher) may search while it writes.
#ifndef LIBSEARCH_INDEX_WRITER_H_
#define LIBSEARCH_INDEX_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "libsearch/corpus_reader.h"
#include "libsearch/release.h"

namespace libsearch {

// A temporary folder beside a database ("<db>.new-*", "<db>.compact-*",
// "<db>.part-*") that a writing run left when it was killed, found and
// removed by the next writer of that database.
struct SweptFolder {
  std::string path;
  std::uint64_t bytes = 0;  // size on disk it took
  long owner_pid = 0;       // the process that made it; 0 if not recorded (older versions)
  std::string error;        // why it could not be removed; empty when it was
};

struct IndexOptions {
  // Releases between automatic commits. Default 500.
  std::size_t commit_every = 500;
  // Passages (documents) between automatic commits; bounds the memory a
  // batch holds (about 30 MB per 1,000 passages of Chinese text). Default
  // 5,000.
  std::size_t commit_passages = 5000;
  // Create the database when it does not exist. Default true.
  bool create = true;
  // Called (on the opening thread) for each temporary folder left beside
  // the database by a writer that died, when the writer opening it removes
  // the folder. A folder is removed only while this writer holds the
  // database's lock, when no process holds the folder's own lock, and when
  // the process that made it (recorded in its name) is no longer running.
  // May be empty (the folders are still removed).
  std::function<void(const SweptFolder&)> on_swept;
};

enum class AddOutcome { kAdded, kUpdated, kUnchanged };

// Where an indexing run is; passed to IndexingOptions::progress.
struct IndexProgress {
  std::size_t releases = 0;      // releases read so far (any outcome)
  std::size_t skipped = 0;       // errors reported so far (input skipped)
  std::uint64_t bytes_read = 0;  // corpus bytes consumed so far
  std::uint64_t total_bytes = 0; // size of all input files (for an ETA)
  double seconds = 0;            // since the run started
  bool done = false;             // true for the last call
};

// Options of add_paths(), validate_paths() and reindex().
struct IndexingOptions {
  // Threads that parse and analyse; 0 means one per core. Default 0.
  std::size_t jobs = 0;
  // Limits against hostile input (see corpus_reader.h).
  ReadLimits limits;
  // Most passages in one release; a release with more is reported and
  // skipped. Default 20,000.
  std::size_t max_passages = 20000;
  // Called on the calling thread about five times a second and once at the
  // end. May be empty.
  std::function<void(const IndexProgress&)> progress;
  // validate_paths() only: called on the calling thread, in input order, for
  // each release that would be indexed, with its passage count. May be
  // empty.
  std::function<void(const Release&, std::size_t passages)> on_release;
};

// What an indexing run did. `skipped` counts errors: each one is a release,
// a line or a file of input that was not indexed.
struct IndexSummary {
  std::size_t added = 0;
  std::size_t updated = 0;
  std::size_t unchanged = 0;
  std::size_t skipped = 0;
  std::size_t warnings = 0;
  std::size_t passages = 0;      // passages written (or, validating, found)
  std::size_t files = 0;
  std::uint64_t bytes_read = 0;  // corpus file bytes
  std::uint64_t body_bytes = 0;  // body text of the releases read
  double seconds = 0;
};

// What IndexWriter::link() found.
struct LinkSummary {
  std::size_t pairs = 0;            // linked Chinese/English pairs
  std::size_t linked_releases = 0;  // releases in a pair (2 per pair)
  std::size_t passages_with = 0;    // passages of linked releases with a
                                    // counterpart shown
  std::size_t passages_without = 0; // ... and without one
};

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
  // Indexes files and folders (see corpus_reader.h) in parallel: releases
  // whose content is unchanged are skipped cheaply, changed ones replaced,
  // duplicate ids within the run reported and skipped. Bad input is reported
  // to `sink` (from the calling thread) and never stops the run. Commits in
  // batches; call commit() at the end. Throws IndexError if the database
  // write fails.
  IndexSummary add_paths(const std::vector<std::string>& paths,
                         DiagnosticSink& sink,
                         const IndexingOptions& options = IndexingOptions());
  // Removes every passage of release `id`; false if it was not indexed.
  bool remove(const std::string& id);
  // True if a release with this id is indexed.
  bool contains(const std::string& id) const;
  // Ids of all indexed releases, sorted.
  std::vector<std::string> release_ids() const;
  // Makes all changes durable and visible. Throws IndexError.
  void commit();
  // Links each Chinese press conference or statement with its English
  // counterpart among all releases the database holds (same date, kind and
  // spokesperson, confirmed by content; never by id), aligns their passages,
  // and commits. Recomputed from scratch each time, so links follow adds,
  // removals and rebuilds; only passages whose link changed are rewritten.
  // press-index runs it at the end of add, remove and reindex. Throws
  // IndexError.
  LinkSummary link();

  const std::string& path() const;

  // Library-internal access (see index_writer_internal.h).
  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// Reads and analyses `paths` as add_paths() would, without a database:
// reports what would be skipped and why to `sink`, and each release that
// would be indexed to options.on_release. `unchanged` stays 0; `added`
// counts the releases that would be indexed.
IndexSummary validate_paths(const std::vector<std::string>& paths,
                            DiagnosticSink& sink,
                            const IndexingOptions& options = IndexingOptions());

// Rebuilds the database at `db` from `paths`: builds a new database in a
// sibling folder "<db>.new-<pid>-XXXXXX", then swaps it in with one atomic
// rename (Linux renameat2 RENAME_EXCHANGE), so searchers see either the old
// or the new index, never a half-built one. The old database is kept (and locked
// against other writers) until the swap succeeds, then deleted; if the build
// fails, the new folder is deleted and the old database is left as it was.
// Works whatever analyzer or schema version the old database has. Throws
// LockedError, IndexError.
IndexSummary reindex(const std::string& db, const std::vector<std::string>& paths,
                     DiagnosticSink& sink,
                     const IndexingOptions& options = IndexingOptions(),
                     IndexOptions index_options = IndexOptions());

// Compacts the database at `db` (Xapian's compaction) into a sibling folder
// and swaps it in as reindex() does. Returns the size on disk after, in
// bytes. Of `options` only on_swept is used. Throws LockedError, IndexError.
std::uint64_t compact(const std::string& db, const IndexOptions& options = IndexOptions());

// Size on disk of the database folder `db`, in bytes.
std::uint64_t database_size(const std::string& db);

}  // namespace libsearch

#endif  // LIBSEARCH_INDEX_WRITER_H_
