// Whole-database operations: reindex() and compact() build a new database
// beside the old one and swap it in atomically; database_size().
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

#include <xapian.h>

#include "fail_points.h"
#include "index/database_error.h"
#include "index/folders.h"
#include "index/index_writer_internal.h"
#include "index/shards.h"
#include "libsearch/error.h"
#include "libsearch/index_writer.h"

namespace libsearch {
namespace fs = std::filesystem;
namespace detail {

std::string without_trailing_slash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

bool check_database_folder(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT) return false;
    throw IndexError(path + ": cannot open database: " + describe_stat_failure(err));
  }
  if (!S_ISDIR(st.st_mode))
    throw IndexError(path + ": is " + describe_file_type(st.st_mode) +
                     ", not a database folder (press-index writes database folders)");
  return true;
}

std::string make_sibling(const std::string& db, const char* tag) {
  std::string tmpl = db + tag + std::to_string(::getpid()) + "-XXXXXX";
  if (!mkdtemp(tmpl.data()))
    throw IndexError(db + ": cannot create a folder beside it: " +
                     std::strerror(errno));
  return tmpl;
}

namespace {

constexpr const char* kSiblingTags[] = {"new-", "compact-", "part-"};

bool mkdtemp_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Whether `rest` (a folder name after "<db>.") is one make_sibling makes:
// "TAG<pid>-XXXXXX" or, from earlier versions, "TAGXXXXXX", either followed
// by nothing or by ".": the old database moved aside (".old"), or a folder
// of a build inside that one (".part-..."). Sets `pid` (0 when none).
bool sibling_name(const std::string& rest, long& pid) {
  for (const char* tag : kSiblingTags) {
    const std::size_t t = std::strlen(tag);
    if (rest.compare(0, t, tag) != 0) continue;
    std::size_t pos = t;
    pid = 0;
    std::size_t digits = 0;
    while (pos + digits < rest.size() && rest[pos + digits] >= '0' && rest[pos + digits] <= '9')
      ++digits;
    if (digits > 0 && digits <= 10 && pos + digits < rest.size() && rest[pos + digits] == '-') {
      pid = std::stol(rest.substr(pos, digits));
      pos += digits + 1;
    }
    if (rest.size() < pos + 6) return false;
    for (std::size_t i = pos; i < pos + 6; ++i)
      if (!mkdtemp_char(rest[i])) return false;
    pos += 6;
    return pos == rest.size() || rest[pos] == '.';
  }
  return false;
}

// Seconds since the epoch at which process `pid` started; 0 if unknown.
double process_start(long pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return 0;
  const std::size_t close = line.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(line.substr(close + 2));
  std::string field;
  // After the command: state is field 3, starttime field 22.
  for (int i = 3; i <= 22 && fields >> field; ++i)
    if (i == 22) {
      std::ifstream proc_stat("/proc/stat");
      for (std::string l; std::getline(proc_stat, l);)
        if (l.rfind("btime ", 0) == 0)
          return std::stod(l.substr(6)) +
                 std::stod(field) / static_cast<double>(::sysconf(_SC_CLK_TCK));
      return 0;
    }
  return 0;
}

// Whether the process that made a folder last changed at `mtime` may still
// be running: process `pid` exists and started before that change (a
// process started later cannot have made it, whatever its pid).
bool owner_running(long pid, double mtime) {
  if (pid == ::getpid()) return true;
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
  const double start = process_start(pid);
  // Unknown start: assume the owner. Two seconds of slack for the coarse
  // boot time.
  return start == 0 || start <= mtime + 2;
}

// Whether a process holds the Xapian write lock of the database in `dir`.
bool xapian_locked(const std::string& dir) {
  const std::string lock = dir + "/flintlock";
  const int fd = ::open(lock.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return false;
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
#ifdef F_OFD_GETLK
  const int cmd = F_OFD_GETLK;
#else
  const int cmd = F_GETLK;
#endif
  const bool locked = ::fcntl(fd, cmd, &fl) != 0 || fl.l_type != F_UNLCK;
  ::close(fd);
  return locked;
}

}  // namespace

void sweep_stale_folders(const std::string& db, bool holds_lock,
                         const std::function<void(const SweptFolder&)>& on_swept) {
  const fs::path target(without_trailing_slash(db));
  const std::string prefix = target.filename().string() + ".";
  fs::path parent = target.parent_path();
  if (parent.empty()) parent = ".";
  std::error_code ec;
  std::vector<std::pair<std::string, long>> stale;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    long pid = 0;
    if (name.compare(0, prefix.size(), prefix) != 0 || !sibling_name(name.substr(prefix.size()), pid))
      continue;
    const std::string path = (target.parent_path() / name).string();
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid())
      continue;
    const double mtime = static_cast<double>(st.st_mtim.tv_sec) + st.st_mtim.tv_nsec / 1e9;
    if (pid == 0 ? !holds_lock : owner_running(pid, mtime)) continue;
    if (xapian_locked(path)) continue;
    stale.emplace_back(path, pid);
  }
  std::sort(stale.begin(), stale.end());
  for (const auto& [path, pid] : stale) {
    SweptFolder swept;
    swept.path = path;
    swept.owner_pid = pid;
    swept.bytes = database_size(path);
    std::error_code rm;
    fs::remove_all(path, rm);
    if (rm) swept.error = rm.message();
    if (on_swept) on_swept(swept);
  }
}

namespace {

std::mutex g_folders_mutex;
std::multiset<std::string>& own_folders() {
  static std::multiset<std::string> folders;
  return folders;
}

}  // namespace

FolderGuard::FolderGuard(std::string path) : path_(std::move(path)) {
  std::lock_guard<std::mutex> lock(g_folders_mutex);
  own_folders().insert(path_);
}

FolderGuard::~FolderGuard() {
  std::error_code ec;
  fs::remove_all(path_, ec);
  std::lock_guard<std::mutex> lock(g_folders_mutex);
  auto it = own_folders().find(path_);
  if (it != own_folders().end()) own_folders().erase(it);
}

void remove_own_temporary_folders() noexcept {
  try {
    std::lock_guard<std::mutex> lock(g_folders_mutex);
    for (const std::string& path : own_folders()) {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  } catch (...) {
    // Called while the process ends: nothing more can be done.
  }
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
  detail::check_database_folder(db);
  try {
    return Xapian::WritableDatabase(db, Xapian::DB_OPEN);
  } catch (const Xapian::DatabaseLockError&) {
    throw LockedError(db +
                      ": database is locked by another indexer (wait for it "
                      "to finish, or stop it)");
  } catch (const Xapian::Error& e) {
    throw IndexError(detail::database_error_message(db, e));
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
  const bool exists = detail::check_database_folder(target);
  std::optional<Xapian::WritableDatabase> lock;
  if (exists) lock = hold_lock(target);
  detail::sweep_stale_folders(target, exists, index_options.on_swept);
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
  detail::kill_point("kill-before-swap");
  swap_in(fresh, target, exists);
  if (lock) lock->close();
  return summary;
}

std::uint64_t compact(const std::string& db, const IndexOptions& options) {
  const std::string target = without_trailing_slash(db);
  if (!detail::check_database_folder(target))
    throw IndexError(target + ": no such database");
  Xapian::WritableDatabase lock = hold_lock(target);
  detail::sweep_stale_folders(target, true, options.on_swept);
  const std::string fresh = make_sibling(target, ".compact-");
  FolderGuard cleanup(fresh);
  try {
    Xapian::Database source(target);
    source.compact(fresh);
  } catch (const Xapian::Error& e) {
    throw IndexError(detail::describe_write_error(target, e, "compaction failed", "the database is as it was"));
  }
  detail::kill_point("kill-before-swap");
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
