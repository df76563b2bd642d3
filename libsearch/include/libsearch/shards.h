// libsearch: sharded databases. A collection that outgrows one database is
// split into N shard databases; a stub file lists them, and a Searcher opened
// on the stub searches all of them as one (ranking statistics are combined,
// so scores equal those of one database holding the same releases).
//
//   // Write three shards under press.db/ (press.db/XAPIANDB lists them).
//   libsearch::ShardOptions options;
//   options.shards = 3;
//   options.jobs = 3;                       // one writer thread per shard
//   libsearch::ShardedIndexWriter writer("press.db", options);
//   libsearch::read_corpus("corpus", sink,
//                          [&](libsearch::Release&& r) { writer.add(std::move(r)); });
//   writer.commit();
//   libsearch::Searcher searcher({"press.db"});   // the folder, or any stub
//
// Stub files use Xapian's own format, one database per line ('#' starts a
// comment line), so Xapian's tools open them too:
//   auto shard-0                a local database; relative paths resolve
//                               against the stub file's folder
//   remote 10.0.0.7:7001        a database served by
//                               `xapian-tcpsrv --port 7001 DIR`
// `remote tcp HOST PORT` and `remote tcp HOST:PORT` are read as well (and
// written back in Xapian's form).
//
// Shard assignment: a release goes to shard_for(release.id, N), a stable hash
// (64-bit FNV-1a of the id's UTF-8 bytes, modulo N) that does not depend on
// the platform or the build, so an update always lands in the shard that holds
// the old version. Changing N means re-indexing into a new folder.
//
// Thread-safety: read_stub/write_stub/shard_for keep no state. A
// ShardedIndexWriter is used from one thread (it runs its own worker threads
// when jobs > 1); like IndexWriter, one writer per sharded database at a time.
#ifndef LIBSEARCH_SHARDS_H_
#define LIBSEARCH_SHARDS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "libsearch/index_writer.h"
#include "libsearch/release.h"

namespace libsearch {

// The shard (0 .. n-1) that holds release `id`. n must be at least 1.
std::size_t shard_for(const std::string& id, std::size_t n);

// The file name of the stub inside a sharded database folder. Xapian opens a
// folder holding this file as the databases it lists.
inline constexpr char kStubFileName[] = "XAPIANDB";

// One line of a stub file.
struct StubEntry {
  enum class Kind { kLocal, kRemote };
  Kind kind = Kind::kLocal;
  std::string path;   // kLocal: as written (absolute, or relative to the stub)
  std::string host;   // kRemote
  unsigned port = 0;  // kRemote
  int line = 0;       // 1-based line in the stub file; 0 when not read

  static StubEntry local(std::string path);
  static StubEntry remote(std::string host, unsigned port);
  // The line as written to a stub file: "auto PATH" or "remote HOST:PORT".
  std::string to_line() const;
  // For messages: the path, or "HOST:PORT".
  std::string label() const;
};

// Reads a stub file. Throws InputError (with the line) for a malformed line
// and IndexError when the file cannot be read.
std::vector<StubEntry> read_stub(const std::string& stub_path);

// Writes a stub file atomically (a temporary file renamed into place).
// Throws IndexError.
void write_stub(const std::string& stub_path, const std::vector<StubEntry>& entries);

// The path of a local entry as opened: relative paths are resolved against
// the folder of `stub_path`.
std::string resolve_stub_path(const std::string& stub_path, const StubEntry& entry);

// True when `path` is a folder holding a stub file (a sharded database).
bool is_sharded_database(const std::string& path);

struct ShardOptions {
  // Number of shards. 0 = take the number from an existing sharded database
  // (an error when creating one). Default 0.
  std::size_t shards = 0;
  // Threads writing shards in parallel, each owning shards i with
  // i % jobs == its index; 1 = write on the calling thread. Capped at the
  // number of shards. Default 1.
  std::size_t jobs = 1;
  // Options for each shard's IndexWriter (commit_every counts the releases
  // of that shard).
  IndexOptions index;
};

// Totals of add() outcomes since the writer was opened.
struct ShardedCounts {
  std::size_t added = 0;
  std::size_t updated = 0;
  std::size_t unchanged = 0;
};

// Writes a sharded database: the folder `dir` holds the shard databases
// dir/shard-0 .. dir/shard-<N-1> and the stub dir/XAPIANDB listing them in
// shard order. Owns one IndexWriter per shard.
class ShardedIndexWriter {
 public:
  // Opens the sharded database in `dir`, or creates it (when
  // options.index.create and options.shards > 0). Throws IndexError when
  // `dir` holds a single (unsharded) database, when options.shards differs
  // from the existing number of shards, or when the stub lists a remote
  // shard; LockedError when another writer holds a shard.
  ShardedIndexWriter(const std::string& dir, ShardOptions options);
  // Waits for queued releases and commits, swallowing errors (call commit()
  // to see them).
  ~ShardedIndexWriter();
  ShardedIndexWriter(const ShardedIndexWriter&) = delete;  // one writer per database
  ShardedIndexWriter& operator=(const ShardedIndexWriter&) = delete;
  ShardedIndexWriter(ShardedIndexWriter&&) noexcept;
  ShardedIndexWriter& operator=(ShardedIndexWriter&&) noexcept;

  // Adds or replaces a release in shard shard_for(release.id, shards()).
  // With jobs > 1 the release is queued for its shard's thread (blocking
  // while that queue is full) and an error surfaces at a later call. Throws
  // IndexError.
  void add(Release release);
  // Removes release `id`; false if it was not indexed. Waits for queued work.
  bool remove(const std::string& id);
  // True if release `id` is indexed. Waits for queued work.
  bool contains(const std::string& id);
  // Waits for queued work and commits every shard. Throws IndexError naming
  // the shard that failed.
  void commit();
  // Outcomes so far; waits for queued work.
  ShardedCounts counts();

  std::size_t shards() const;
  const std::string& dir() const;
  // Folder of shard i.
  std::string shard_path(std::size_t i) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace libsearch

#endif  // LIBSEARCH_SHARDS_H_
