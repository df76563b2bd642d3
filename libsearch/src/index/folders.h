// Folders beside a database: temporary ones, and swapping a new database in
// place of an old one. Defined in maintenance.cc.
#ifndef LIBSEARCH_INDEX_FOLDERS_H_
#define LIBSEARCH_INDEX_FOLDERS_H_

#include <string>

namespace libsearch::detail {

// `path` without trailing slashes ("/" stays).
std::string without_trailing_slash(std::string path);

// Checks that `path`, where a database is to be opened for writing, is a
// folder or does not exist; anything else (a file, a FIFO, which Xapian
// would open as a stub and wait on forever, a symlink loop) throws
// IndexError naming it. Returns whether it exists.
bool check_database_folder(const std::string& path);

// A new empty folder "<db><tag>XXXXXX" beside `db` (same file system, so a
// rename can swap them). Throws IndexError.
std::string make_sibling(const std::string& db, const char* tag);

// Puts the database at `fresh` in place of `db`. Where `db` exists the two
// are exchanged with one renameat2(RENAME_EXCHANGE), so `db` always names a
// whole database and the old one ends up at `fresh`. File systems without
// RENAME_EXCHANGE get two renames, with a moment in which `db` is missing
// (a searcher opening it then gets "no such database", never a partial
// one). Throws IndexError.
void swap_in(const std::string& fresh, const std::string& db, bool db_exists);

// Removes a folder on scope exit: a half-built database when a build fails,
// the old one after a swap.
class FolderGuard {
 public:
  explicit FolderGuard(std::string path) : path_(std::move(path)) {}
  ~FolderGuard();
  FolderGuard(const FolderGuard&) = delete;  // owns the folder
  FolderGuard& operator=(const FolderGuard&) = delete;

 private:
  std::string path_;
};

}  // namespace libsearch::detail

#endif  // LIBSEARCH_INDEX_FOLDERS_H_
