#include "index/shards.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <utility>

#include "index/database_error.h"
#include "libsearch/error.h"

namespace fs = std::filesystem;

namespace libsearch {
namespace {

constexpr int kMaxStubDepth = 8;
constexpr std::size_t kQueueLimit = 256;

bool parse_port(const std::string& s, unsigned& port) {
  if (s.empty() || s.size() > 5) return false;
  unsigned v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v == 0 || v > 65535) return false;
  port = v;
  return true;
}

// "HOST:PORT" (the last colon splits, so "[::1]:7001" keeps its host).
bool split_host_port(const std::string& s, std::string& host, unsigned& port) {
  const auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = s.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return parse_port(s.substr(colon + 1), port);
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return std::string();
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::string shard_name(std::size_t i) { return "shard-" + std::to_string(i); }

}  // namespace

std::size_t shard_for(const std::string& id, std::size_t n) {
  // 64-bit FNV-1a: fixed constants, byte by byte, so the assignment is the
  // same on every platform and in every build.
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : id) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return n == 0 ? 0 : static_cast<std::size_t>(h % n);
}

StubEntry StubEntry::local(std::string path) {
  StubEntry e;
  e.kind = Kind::kLocal;
  e.path = std::move(path);
  return e;
}

StubEntry StubEntry::remote(std::string host, unsigned port) {
  StubEntry e;
  e.kind = Kind::kRemote;
  e.host = std::move(host);
  e.port = port;
  return e;
}

std::string StubEntry::label() const {
  if (kind == Kind::kLocal) return path;
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string StubEntry::to_line() const {
  return kind == Kind::kLocal ? "auto " + path : "remote " + label();
}

namespace detail {

std::string describe_file_type(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISDIR(mode)) return "a folder";
  return "not a regular file";
}

std::string describe_stat_failure(int err) {
  if (err == ELOOP) return "symlink loop (too many levels of symbolic links)";
  return std::strerror(err);
}

}  // namespace detail

namespace {

// The whole content of the regular file `path`. Opened without blocking, so
// that a FIFO (which would wait for a writer forever) is refused by type,
// never read. Throws IndexError naming the path.
std::string read_regular_file(const std::string& path, const std::string& what) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    throw IndexError(path + ": cannot read " + what + ": " + detail::describe_stat_failure(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    throw IndexError(path + ": cannot read " + what + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode))
    throw IndexError(path + ": is " + detail::describe_file_type(st.st_mode) + ", not a " + what +
                     " (expected a database folder or a stub file)");
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0)
    throw IndexError(path + ": cannot read " + what + ": " + std::strerror(errno));
  std::string content;
  char buf[8192];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw IndexError(path + ": cannot read " + what + ": " + std::strerror(errno));
    if (n == 0) break;
    content.append(buf, static_cast<std::size_t>(n));
    // A stub lists a few databases; anything this large is not one.
    if (content.size() > (std::size_t{1} << 20))
      throw IndexError(path + ": is larger than 1 MiB, not a " + what);
  }
  return content;
}

}  // namespace

std::vector<StubEntry> read_stub(const std::string& stub_path) {
  std::istringstream in(read_regular_file(stub_path, "stub file"));
  std::vector<StubEntry> out;
  int line_no = 0;
  for (std::string raw; std::getline(in, raw);) {
    ++line_no;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string type;
    words >> type;
    std::string rest;
    std::getline(words, rest);
    rest = trim(rest);
    StubEntry e;
    e.line = line_no;
    if (type == "auto" || type == "glass" || type == "chert") {
      if (rest.empty())
        throw InputError(stub_path, line_no, 1, "\"" + type + "\" needs a database path");
      e.kind = StubEntry::Kind::kLocal;
      e.path = rest;
    } else if (type == "remote") {
      std::vector<std::string> args;
      std::istringstream rs(rest);
      for (std::string a; rs >> a;) args.push_back(a);
      bool ok = false;
      e.kind = StubEntry::Kind::kRemote;
      if (args.size() == 1) {
        ok = split_host_port(args[0], e.host, e.port);
      } else if (args.size() == 2 && args[0] == "tcp") {
        ok = split_host_port(args[1], e.host, e.port);
      } else if (args.size() == 3 && args[0] == "tcp") {
        e.host = args[1];
        ok = parse_port(args[2], e.port);
      }
      if (!ok)
        throw InputError(stub_path, line_no, 1,
                         "remote shard \"" + rest +
                             "\" is not HOST:PORT (expected `remote HOST:PORT` or "
                             "`remote tcp HOST PORT`; `xapian-tcpsrv` serves a shard)");
    } else {
      throw InputError(stub_path, line_no, 1,
                       "unknown stub line type \"" + type + "\" (expected auto or remote)");
    }
    out.push_back(std::move(e));
  }
  return out;
}

void write_stub(const std::string& stub_path, const std::vector<StubEntry>& entries) {
  const std::string tmp = stub_path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) throw IndexError(tmp + ": cannot write stub file");
    out << "# libsearch shards, in shard order (shard_for(id, " << entries.size() << "))\n";
    for (const StubEntry& e : entries) out << e.to_line() << "\n";
    out.flush();
    if (!out) throw IndexError(tmp + ": cannot write stub file");
  }
  std::error_code ec;
  fs::rename(tmp, stub_path, ec);
  if (ec) throw IndexError(stub_path + ": cannot write stub file: " + ec.message());
}

std::string resolve_stub_path(const std::string& stub_path, const StubEntry& entry) {
  const fs::path p(entry.path);
  if (p.is_absolute()) return entry.path;
  return (fs::path(stub_path).parent_path() / p).lexically_normal().string();
}

bool is_sharded_database(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec) && fs::is_regular_file(fs::path(path) / kStubFileName, ec);
}

// ---------------------------------------------------------------------------
// Opening for search.

namespace detail {
namespace {

std::string stub_of(const std::string& source) {
  return is_sharded_database(source) ? (fs::path(source) / kStubFileName).string() : source;
}

void open_into(const std::string& source, const std::string& where, const SearcherOptions& options,
               int depth, std::vector<OpenedShard>& out, std::vector<std::string>& warnings);

void open_entry(const std::string& stub, const StubEntry& e, const SearcherOptions& options,
                int depth, std::vector<OpenedShard>& out, std::vector<std::string>& warnings) {
  const std::string where = stub + ":" + std::to_string(e.line) + ": ";
  if (e.kind == StubEntry::Kind::kLocal) {
    open_into(resolve_stub_path(stub, e), where + "shard ", options, depth + 1, out, warnings);
    return;
  }
  const std::string what = where + "remote shard " + e.label();
  try {
    out.push_back({e.label(),
                   Xapian::Remote::open(e.host, e.port, options.timeout_ms,
                                        options.connect_timeout_ms),
                   true, what});
  } catch (const Xapian::Error& x) {
    std::string msg = what + ": cannot connect: " + x.get_msg();
    const char* detail = x.get_error_string();
    if (detail && *detail) msg += std::string(" (") + detail + ")";
    msg += "; is `xapian-tcpsrv --port " + std::to_string(e.port) + " DIR` running there?";
    if (!options.allow_partial) throw IndexError(msg);
    warnings.push_back(msg + "; searching without it");
  }
}

void open_into(const std::string& source, const std::string& where, const SearcherOptions& options,
               int depth, std::vector<OpenedShard>& out, std::vector<std::string>& warnings) {
  if (depth > kMaxStubDepth)
    throw IndexError(where + source + ": stub files nested too deeply (a stub lists itself?)");
  struct stat st {};
  if (::stat(source.c_str(), &st) != 0) {
    const int err = errno;
    const std::string msg =
        where + source +
        (err == ENOENT || err == ENOTDIR
             ? ": no such database (create it with `press-index add --db " + source + " ...`)"
             : ": cannot open database: " + describe_stat_failure(err));
    if (depth == 0 || !options.allow_partial) throw IndexError(msg);
    warnings.push_back(msg + "; searching without it");
    return;
  }
  const bool is_dir = S_ISDIR(st.st_mode);
  if (!is_dir || is_sharded_database(source)) {
    const std::string stub = stub_of(source);
    std::vector<StubEntry> entries;
    try {
      entries = read_stub(stub);
    } catch (const IndexError& x) {
      // A stub listed by another stub: say which line listed it.
      if (where.empty()) throw;
      throw IndexError(where + x.what());
    }
    for (const StubEntry& e : entries) open_entry(stub, e, options, depth, out, warnings);
    return;
  }
  try {
    // A writer committing twice while the database opens discards the
    // revision being read; opening again reads the new one.
    for (int attempt = 0;; ++attempt) {
      try {
        out.push_back({source, Xapian::Database(source), false, where + source});
        break;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt >= 4) throw;
      }
    }
  } catch (const Xapian::Error& x) {
    const std::string msg = where + source + ": cannot open database: " + x.get_msg() +
                            (is_damage(x) ? damage_advice(source) : std::string());
    if (depth == 0 || !options.allow_partial) throw IndexError(msg);
    warnings.push_back(msg + "; searching without it");
  }
}

}  // namespace

std::vector<OpenedShard> open_shards(const std::string& source, const SearcherOptions& options,
                                     std::vector<std::string>& warnings) {
  std::vector<OpenedShard> out;
  open_into(source, "", options, 0, out, warnings);
  return out;
}

}  // namespace detail

// ---------------------------------------------------------------------------
// Writing.

namespace {

// A thread that owns some shards' writers and applies queued releases to
// them in order.
class ShardWorker {
 public:
  explicit ShardWorker(std::vector<IndexWriter*> writers) : writers_(std::move(writers)) {
    thread_ = std::thread([this] { run(); });
  }
  ~ShardWorker() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  ShardWorker(const ShardWorker&) = delete;  // owns a thread
  ShardWorker& operator=(const ShardWorker&) = delete;

  void push(std::size_t shard, Release&& r) {
    std::unique_lock<std::mutex> lock(mu_);
    space_.wait(lock, [this] { return queue_.size() < kQueueLimit || error_; });
    rethrow_locked();
    queue_.emplace_back(shard, std::move(r));
    wake_.notify_one();
  }

  // Waits until every queued release is written; rethrows a worker error.
  void drain() {
    std::unique_lock<std::mutex> lock(mu_);
    idle_.wait(lock, [this] { return (queue_.empty() && !busy_) || error_; });
    rethrow_locked();
  }

  ShardedCounts counts() {
    std::lock_guard<std::mutex> lock(mu_);
    return counts_;
  }

 private:
  void rethrow_locked() {
    if (error_) std::rethrow_exception(error_);
  }

  void run() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty() || error_) {
        queue_.clear();
        if (stop_) return;
        idle_.notify_all();
        continue;
      }
      auto [shard, release] = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
      space_.notify_one();
      lock.unlock();
      std::exception_ptr err;
      AddOutcome outcome = AddOutcome::kUnchanged;
      try {
        outcome = writers_[shard]->add(release);
      } catch (...) {
        // Carried to the caller's thread at its next call.
        err = std::current_exception();
      }
      lock.lock();
      busy_ = false;
      if (err) {
        error_ = err;
        space_.notify_all();
      } else {
        switch (outcome) {
          case AddOutcome::kAdded: ++counts_.added; break;
          case AddOutcome::kUpdated: ++counts_.updated; break;
          case AddOutcome::kUnchanged: ++counts_.unchanged; break;
        }
      }
      if (queue_.empty()) idle_.notify_all();
    }
  }

  std::vector<IndexWriter*> writers_;  // indexed by shard number; not owned
  std::mutex mu_;
  std::condition_variable wake_, space_, idle_;
  std::deque<std::pair<std::size_t, Release>> queue_;
  bool busy_ = false;
  bool stop_ = false;
  std::exception_ptr error_;
  ShardedCounts counts_;
  std::thread thread_;
};

}  // namespace

struct ShardedIndexWriter::Impl {
  std::string dir;
  std::vector<std::string> paths;
  std::vector<std::unique_ptr<IndexWriter>> writers;
  std::vector<std::unique_ptr<ShardWorker>> workers;  // empty when jobs == 1
  ShardedCounts serial_counts;

  void drain() {
    for (auto& w : workers) w->drain();
  }
};

ShardedIndexWriter::ShardedIndexWriter(const std::string& dir, ShardOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->dir = dir;
  const std::string stub = (fs::path(dir) / kStubFileName).string();
  std::error_code ec;
  std::size_t n = options.shards;
  bool fresh = false;
  if (is_sharded_database(dir)) {
    const std::vector<StubEntry> entries = read_stub(stub);
    for (const StubEntry& e : entries) {
      if (e.kind != StubEntry::Kind::kLocal)
        throw IndexError(stub + ":" + std::to_string(e.line) + ": remote shard " + e.label() +
                         " cannot be written from here (index it where it is stored)");
      impl_->paths.push_back(resolve_stub_path(stub, e));
    }
    if (n != 0 && n != entries.size())
      throw IndexError(dir + ": has " + std::to_string(entries.size()) + " shards, not " +
                       std::to_string(n) +
                       " (shard counts cannot change; index into a new folder)");
    n = entries.size();
    if (n == 0) throw IndexError(stub + ": lists no shards");
  } else {
    if (fs::exists(dir, ec) && !(fs::is_directory(dir, ec) && fs::is_empty(dir, ec)))
      throw IndexError(dir + ": is not a sharded database (it holds a single database or "
                             "other files; index shards into a new folder)");
    if (!options.index.create) throw IndexError(dir + ": no such sharded database");
    if (n == 0)
      throw IndexError(dir + ": the number of shards is required to create a sharded database");
    fs::create_directories(dir, ec);
    if (ec) throw IndexError(dir + ": cannot create folder: " + ec.message());
    for (std::size_t i = 0; i < n; ++i)
      impl_->paths.push_back((fs::path(dir) / shard_name(i)).string());
    fresh = true;
  }
  for (const std::string& p : impl_->paths)
    impl_->writers.push_back(std::make_unique<IndexWriter>(p, options.index));
  if (fresh) {
    std::vector<StubEntry> entries;
    for (std::size_t i = 0; i < n; ++i) entries.push_back(StubEntry::local(shard_name(i)));
    write_stub(stub, entries);
  }
  const std::size_t jobs = std::min(options.jobs == 0 ? 1 : options.jobs, n);
  if (jobs > 1) {
    for (std::size_t j = 0; j < jobs; ++j) {
      std::vector<IndexWriter*> mine(n, nullptr);
      for (std::size_t i = j; i < n; i += jobs) mine[i] = impl_->writers[i].get();
      impl_->workers.push_back(std::make_unique<ShardWorker>(std::move(mine)));
    }
  }
}

ShardedIndexWriter::~ShardedIndexWriter() {
  if (!impl_) return;
  try {
    impl_->drain();
  } catch (...) {
    // Errors were the caller's to see through commit(); the writers' own
    // destructors still commit what they hold.
  }
  impl_->workers.clear();
}

ShardedIndexWriter::ShardedIndexWriter(ShardedIndexWriter&&) noexcept = default;
ShardedIndexWriter& ShardedIndexWriter::operator=(ShardedIndexWriter&&) noexcept = default;

void ShardedIndexWriter::add(Release release) {
  const std::size_t shard = shard_for(release.id, impl_->writers.size());
  if (impl_->workers.empty()) {
    switch (impl_->writers[shard]->add(release)) {
      case AddOutcome::kAdded: ++impl_->serial_counts.added; break;
      case AddOutcome::kUpdated: ++impl_->serial_counts.updated; break;
      case AddOutcome::kUnchanged: ++impl_->serial_counts.unchanged; break;
    }
    return;
  }
  impl_->workers[shard % impl_->workers.size()]->push(shard, std::move(release));
}

bool ShardedIndexWriter::remove(const std::string& id) {
  impl_->drain();
  return impl_->writers[shard_for(id, impl_->writers.size())]->remove(id);
}

bool ShardedIndexWriter::contains(const std::string& id) {
  impl_->drain();
  return impl_->writers[shard_for(id, impl_->writers.size())]->contains(id);
}

void ShardedIndexWriter::commit() {
  impl_->drain();
  for (auto& w : impl_->writers) w->commit();
}

ShardedCounts ShardedIndexWriter::counts() {
  impl_->drain();
  ShardedCounts total = impl_->serial_counts;
  for (auto& w : impl_->workers) {
    const ShardedCounts c = w->counts();
    total.added += c.added;
    total.updated += c.updated;
    total.unchanged += c.unchanged;
  }
  return total;
}

std::size_t ShardedIndexWriter::shards() const { return impl_->writers.size(); }
const std::string& ShardedIndexWriter::dir() const { return impl_->dir; }
std::string ShardedIndexWriter::shard_path(std::size_t i) const { return impl_->paths.at(i); }

}  // namespace libsearch
