// Whole-database operations: reindex() and compact() build a new database
// beside the old one and swap it in atomically; database_size().
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>

#include <xapian.h>

#include "index/folders.h"
#include "libsearch/error.h"
#include "libsearch/index_writer.h"

namespace libsearch {
namespace fs = std::filesystem;
namespace detail {

std::string without_trailing_slash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

std::string make_sibling(const std::string& db, const char* tag) {
  std::string tmpl = db + tag + "XXXXXX";
  if (!mkdtemp(tmpl.data()))
    throw IndexError(db + ": cannot create a folder beside it: " +
                     std::strerror(errno));
  return tmpl;
}

FolderGuard::~FolderGuard() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void swap_in(const std::string& fresh, const std::string& db, bool db_exists) {
  if (!db_exists) {
    if (std::rename(fresh.c_str(), db.c_str()) != 0)
      throw IndexError(db + ": cannot move the new database in place: " +
                       std::strerror(errno));
    return;
  }
  if (renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, db.c_str(), RENAME_EXCHANGE) == 0)
    return;
  if (errno != EINVAL && errno != ENOSYS)
    throw IndexError(db + ": cannot swap in the new database: " + std::strerror(errno));
  const std::string old = fresh + ".old";
  if (std::rename(db.c_str(), old.c_str()) != 0)
    throw IndexError(db + ": cannot move the old database aside: " + std::strerror(errno));
  if (std::rename(fresh.c_str(), db.c_str()) != 0) {
    const int err = errno;
    std::rename(old.c_str(), db.c_str());
    throw IndexError(db + ": cannot move the new database in place: " + std::strerror(err));
  }
  std::rename(old.c_str(), fresh.c_str());
}

}  // namespace detail

namespace {

// Opens `db` for writing only to hold its lock, so no other indexer writes
// to it while it is being replaced.
Xapian::WritableDatabase hold_lock(const std::string& db) {
  try {
    return Xapian::WritableDatabase(db, Xapian::DB_OPEN);
  } catch (const Xapian::DatabaseLockError&) {
    throw LockedError(db +
                      ": database is locked by another indexer (wait for it "
                      "to finish, or stop it)");
  } catch (const Xapian::Error& e) {
    throw IndexError(db + ": " + e.get_description());
  }
}

using detail::FolderGuard;
using detail::make_sibling;
using detail::swap_in;
using detail::without_trailing_slash;

}  // namespace

IndexSummary reindex(const std::string& db, const std::vector<std::string>& paths,
                     DiagnosticSink& sink, const IndexingOptions& options,
                     IndexOptions index_options) {
  const std::string target = without_trailing_slash(db);
  const bool exists = fs::exists(target);
  std::optional<Xapian::WritableDatabase> lock;
  if (exists) lock = hold_lock(target);
  const std::string fresh = make_sibling(target, ".new-");
  FolderGuard cleanup(fresh);
  IndexSummary summary;
  {
    index_options.create = true;
    IndexWriter writer(fresh, index_options);
    summary = writer.add_paths(paths, sink, options);
    writer.commit();
    writer.link();
  }
  swap_in(fresh, target, exists);
  if (lock) lock->close();
  return summary;
}

std::uint64_t compact(const std::string& db) {
  const std::string target = without_trailing_slash(db);
  if (!fs::exists(target))
    throw IndexError(target + ": no such database");
  Xapian::WritableDatabase lock = hold_lock(target);
  const std::string fresh = make_sibling(target, ".compact-");
  FolderGuard cleanup(fresh);
  try {
    Xapian::Database source(target);
    source.compact(fresh);
  } catch (const Xapian::Error& e) {
    throw IndexError(target + ": compaction failed: " + e.get_description());
  }
  swap_in(fresh, target, true);
  lock.close();
  return database_size(target);
}

std::uint64_t database_size(const std::string& db) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(db, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const auto n = it->file_size(size_ec);
      if (!size_ec) total += n;
    }
  }
  return total;
}

}  // namespace libsearch
