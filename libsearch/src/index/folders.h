// Folders beside a database: temporary ones, and swapping a new database in
// place of an old one. Defined in maintenance.cc.
#ifndef LIBSEARCH_INDEX_FOLDERS_H_
#define LIBSEARCH_INDEX_FOLDERS_H_

#include <functional>
#include <string>

#include "libsearch/index_writer.h"

namespace libsearch::detail {

// `path` without trailing slashes ("/" stays).
std::string without_trailing_slash(std::string path);

// Checks that `path`, where a database is to be opened for writing, is a
// folder or does not exist; anything else (a file, a FIFO, which Xapian
// would open as a stub and wait on forever, a symlink loop) throws
// IndexError naming it. Returns whether it exists.
bool check_database_folder(const std::string& path);

// A new empty folder "<db><tag><pid>-XXXXXX" beside `db` (same file system,
// so a rename can swap them), `tag` one of ".new-", ".compact-", ".part-".
// The pid in the name lets a later writer tell a folder of a dead process
// from one in use. Throws IndexError.
std::string make_sibling(const std::string& db, const char* tag);

// Removes the temporary folders beside `db` (see make_sibling, and the
// "<db><tag>XXXXXX" of earlier versions) that their makers left when they
// died, calling `on_swept` for each. `holds_lock`: the caller holds the
// write lock of `db` (so no writer of `db` is running). A folder is kept
// when it is not a folder owned by this user, when a process holds its
// Xapian lock, when the process named in it is running (and started before
// the folder last changed), and, without `holds_lock`, when it names no
// process. Never throws for a folder it cannot remove (that goes in
// SweptFolder::error).
void sweep_stale_folders(const std::string& db, bool holds_lock,
                         const std::function<void(const SweptFolder&)>& on_swept);

// Puts the database at `fresh` in place of `db`. Where `db` exists the two
// are exchanged with one renameat2(RENAME_EXCHANGE), so `db` always names a
// whole database and the old one ends up at `fresh`. File systems without
// RENAME_EXCHANGE get two renames, with a moment in which `db` is missing
// (a searcher opening it then gets "no such database", never a partial
// one). Throws IndexError.
void swap_in(const std::string& fresh, const std::string& db, bool db_exists);

// Removes a folder on scope exit: a half-built database when a build fails,
// the old one after a swap.
// While it lives, the folder is one of this process's temporary folders
// (see remove_own_temporary_folders).
class FolderGuard {
 public:
  explicit FolderGuard(std::string path);
  ~FolderGuard();
  FolderGuard(const FolderGuard&) = delete;  // owns the folder
  FolderGuard& operator=(const FolderGuard&) = delete;

 private:
  std::string path_;
};

// Removes the folders of every FolderGuard alive in this process, for a
// process that must end at once (a std::terminate handler). Best effort;
// never throws.
void remove_own_temporary_folders() noexcept;

}  // namespace libsearch::detail

#endif  // LIBSEARCH_INDEX_FOLDERS_H_
