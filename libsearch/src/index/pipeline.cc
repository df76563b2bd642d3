#include "index/pipeline.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <chrono>
#include <memory>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <thread>
#include <utility>

#include <xapian.h>

#include "fail_points.h"
#include "index/document_builder.h"
#include "passages/speaker_text.h"
#include "index/duplicate_ids.h"
#include "index/folders.h"
#include "index/index_writer_internal.h"
#include "index/schema.h"
#include "libsearch/analyzer.h"
#include "libsearch/error.h"

namespace libsearch::detail {
namespace {


using Clock = std::chrono::steady_clock;

// What a failed parallel build leaves.
constexpr char kPartsKept[] =
    "the parts were removed and the database is as it was before this run";

// What a worker found for one release.
struct ReleaseOutcome {
  std::string id;
  std::string origin_path;
  int origin_line = 0;
  std::uint64_t body_bytes = 0;
  bool unchanged = false;  // the stored hash matches: nothing to write
  std::size_t passages = 0;
  std::optional<PreparedRelease> prepared;  // when writing
  std::optional<Release> release;           // when validating with a callback
};

// A diagnostic or a release, in the order the input produced them.
struct Event {
  std::optional<Diagnostic> diagnostic;
  std::optional<ReleaseOutcome> release;
};

// One unit of work: a chunk to parse, or a diagnostic of the reader (a file
// that cannot be read) that only needs to keep its place in the order.
struct Item {
  std::uint64_t seq = 0;
  std::optional<CorpusChunk> chunk;
  std::uint64_t bytes = 0;  // input bytes this item accounts for (progress)
  std::vector<Event> events;
};

// Appends diagnostics to a list of events.
class EventSink : public DiagnosticSink {
 public:
  explicit EventSink(std::vector<Event>& events) : events_(events) {}
  void report(const Diagnostic& d) override { events_.push_back({d, std::nullopt}); }

 private:
  std::vector<Event>& events_;
};

// The queues between reader, workers and writer, under one mutex. At most
// `window` items are issued and not yet taken by the writer.
class Exchange {
 public:
  explicit Exchange(std::size_t window) : window_(window) {}

  // Reader: numbers the item and queues it; false when the run is aborted.
  bool push(Item&& item) {
    std::unique_lock<std::mutex> lock(mutex_);
    space_.wait(lock, [&] { return aborted_ || issued_ - taken_ < window_; });
    if (aborted_) return false;
    item.seq = issued_++;
    work_.push_back(std::move(item));
    work_ready_.notify_one();
    return true;
  }
  void reader_finished() {
    std::lock_guard<std::mutex> lock(mutex_);
    reader_done_ = true;
    work_ready_.notify_all();
    result_ready_.notify_all();
  }
  // Worker: the next item, or nothing when there is no more work.
  std::optional<Item> next_work() {
    std::unique_lock<std::mutex> lock(mutex_);
    work_ready_.wait(lock, [&] { return aborted_ || reader_done_ || !work_.empty(); });
    if (aborted_ || work_.empty()) return std::nullopt;
    Item item = std::move(work_.front());
    work_.pop_front();
    return item;
  }
  void finished(Item&& item) {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::uint64_t seq = item.seq;
    done_.emplace(seq, std::move(item));
    if (seq == taken_) result_ready_.notify_one();
  }
  // Writer: the next item in order, or nothing at the end of the input.
  // Rethrows a failure of the reader or a worker.
  std::optional<Item> next_result() {
    std::unique_lock<std::mutex> lock(mutex_);
    result_ready_.wait(lock, [&] {
      return failure_ || done_.count(taken_) > 0 ||
             (reader_done_ && taken_ == issued_);
    });
    if (failure_) std::rethrow_exception(failure_);
    auto it = done_.find(taken_);
    if (it == done_.end()) return std::nullopt;
    Item item = std::move(it->second);
    done_.erase(it);
    ++taken_;
    space_.notify_one();
    return item;
  }
  // Stops everyone; `failure` (if any) is rethrown to the writer.
  void abort(std::exception_ptr failure = nullptr) {
    std::lock_guard<std::mutex> lock(mutex_);
    aborted_ = true;
    if (failure && !failure_) failure_ = failure;
    space_.notify_all();
    work_ready_.notify_all();
    result_ready_.notify_all();
  }

 private:
  const std::size_t window_;
  std::mutex mutex_;
  std::condition_variable space_, work_ready_, result_ready_;
  std::deque<Item> work_;
  std::map<std::uint64_t, Item> done_;
  std::uint64_t issued_ = 0;
  std::uint64_t taken_ = 0;
  bool reader_done_ = false;
  bool aborted_ = false;
  std::exception_ptr failure_;
};

// The reader's diagnostics become items of their own, in order.
class ReaderSink : public DiagnosticSink {
 public:
  explicit ReaderSink(Exchange& exchange) : exchange_(exchange) {}
  void report(const Diagnostic& d) override {
    Item item;
    item.events.push_back({d, std::nullopt});
    exchange_.push(std::move(item));
  }

 private:
  Exchange& exchange_;
};

void read_all(const std::vector<std::string>& files, const ReadLimits& limits,
              Exchange& exchange, std::uint64_t& bytes_read) {
  ReaderSink sink(exchange);
  for (const std::string& file : files) {
    bytes_read += read_corpus_chunks(
        file, sink,
        [&](CorpusChunk&& chunk) {
          Item item;
          item.bytes = chunk.text.size() +
                       (chunk.format == CorpusFormat::kJsonLines ? 1 : 0);
          item.chunk = std::move(chunk);
          exchange.push(std::move(item));
        },
        limits);
  }
}

// Per-thread work: parse, hash, compare with the stored hash, build.
class Worker {
 public:
  // With `db_path` the worker builds documents and skips releases whose
  // hash is stored there; without, it only counts passages (validation).
  Worker(const std::string* db_path, const IndexingOptions& options)
      : options_(options), writing_(db_path != nullptr) {
    if (!db_path) return;
    try {
      snapshot_ = Xapian::Database(*db_path);
    } catch (const Xapian::Error&) {
      // Without a snapshot every release is built; the writer still skips
      // unchanged ones.
    }
  }

  void process(Item& item) {
    if (!item.chunk) return;
    EventSink sink(item.events);
    try {
      parse_chunk(
          *item.chunk, sink,
          [&](Release&& r) { item.events.push_back(analyse(std::move(r))); },
          options_.limits);
    } catch (const std::exception& e) {
      // A file the reader cannot cope with (memory exhausted by a hostile
      // file) costs that chunk only: the batch goes on and the releases
      // already read are written and committed.
      Diagnostic d;
      d.path = item.chunk->path;
      d.line = item.chunk->line;
      d.message = std::string("cannot be read: ") + e.what() + "; skipped";
      sink.report(d);
    }
    item.chunk.reset();
  }

 private:
  // The hash stored for `id` in this worker's snapshot of the database;
  // empty if none or unknown.
  std::string stored_hash(const std::string& id) {
    if (!snapshot_) return {};
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        return snapshot_->get_metadata(schema::kMetaHashPrefix + id);
      } catch (const Xapian::DatabaseModifiedError&) {
        // The writer committed twice since the snapshot was opened.
        try {
          snapshot_->reopen();
        } catch (const Xapian::Error&) {
          return {};
        }
      } catch (const Xapian::Error&) {
        return {};
      }
    }
    return {};
  }

  Event analyse(Release&& r) {
    ReleaseOutcome o;
    o.id = r.id;
    o.origin_path = r.origin_path;
    o.origin_line = r.origin_line;
    for (const Paragraph& p : r.body) o.body_bytes += p.text.size();
    try {
      if (snapshot_ && stored_hash(r.id) == content_hash(r)) {
        o.unchanged = true;
        return {std::nullopt, std::move(o)};
      }
      if (writing_) {
        PreparedRelease prepared = builder_.build(r);
        o.passages = prepared.passages();
        if (o.passages <= options_.max_passages) o.prepared = std::move(prepared);
      } else {
        o.passages = builder_.passages(r).size();
      }
    } catch (const Error& e) {
      return {skip(r, std::string("cannot be indexed: ") + e.what()), std::nullopt};
    }
    if (o.passages > options_.max_passages)
      return {skip(r, "has " + std::to_string(o.passages) + " passages (limit " +
                          std::to_string(options_.max_passages) + "); skipped"),
              std::nullopt};
    if (!writing_ && options_.on_release) o.release = std::move(r);
    return {std::nullopt, std::move(o)};
  }

  static Diagnostic skip(const Release& r, const std::string& what) {
    Diagnostic d;
    d.path = r.origin_path;
    d.line = r.origin_line;
    d.release_id = r.id;
    d.message = "release \"" + r.id + "\" " + what;
    return d;
  }

  const IndexingOptions& options_;
  const bool writing_;
  std::optional<Xapian::Database> snapshot_;
  DocumentBuilder builder_;
};

// One part of a parallel build: a thread that writes the releases it is
// given into its own temporary database. Parts are merged by
// ParallelBuild::finish().
class PartWriter {
 public:
  // `target`: the database the parts are built for (named in messages).
  PartWriter(const std::string& target, std::string path, std::size_t flush_passages)
      : target_(target), path_(std::move(path)), guard_(path_), flush_passages_(flush_passages) {
    try {
      db_ = Xapian::WritableDatabase(path_, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
    } catch (const Xapian::Error& e) {
      throw IndexError(describe_write_error(target_, e, "creating part " + path_, kPartsKept));
    }
    thread_ = std::thread([this] { run(); });
  }
  // Without finish(), the build failed elsewhere: the thread stops without
  // writing or committing what is queued (the folder is removed anyway, and
  // on a full disk every further write is one more failure).
  ~PartWriter() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      abandoned_ = true;
    }
    close_queue();
    if (thread_.joinable()) thread_.join();
  }
  PartWriter(const PartWriter&) = delete;  // owns a thread and a folder
  PartWriter& operator=(const PartWriter&) = delete;

  // Queues a release; waits while the queue is full. Throws what the
  // thread failed with.
  void push(PreparedRelease&& r) {
    std::unique_lock<std::mutex> lock(mutex_);
    space_.wait(lock, [&] { return failure_ || queue_.size() < kQueue; });
    if (failure_) std::rethrow_exception(failure_);
    queue_.push_back(std::move(r));
    ready_.notify_one();
  }
  // Writes what is queued, commits and closes the database. Throws what the
  // thread failed with.
  void finish() {
    close_queue();
    if (thread_.joinable()) thread_.join();
    if (failure_) std::rethrow_exception(failure_);
  }
  const std::string& path() const { return path_; }

 private:
  static constexpr std::size_t kQueue = 16;

  void close_queue() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    ready_.notify_all();
  }

  void run() {
    try {
      std::size_t passages = 0;
      for (;;) {
        std::optional<PreparedRelease> r;
        {
          std::unique_lock<std::mutex> lock(mutex_);
          ready_.wait(lock, [&] { return closed_ || !queue_.empty(); });
          if (abandoned_) return;
          if (queue_.empty()) break;
          r = std::move(queue_.front());
          queue_.pop_front();
          space_.notify_one();
        }
        if (fail_now("part-write-fail"))
          throw Xapian::DatabaseError("Error writing block (fail point)", ENOSPC);
        if (fail_now("part-write-terminate")) terminate_as_xapian_does();
        for (Xapian::Document& doc : r->documents) db_.add_document(doc);
        db_.set_metadata(schema::kMetaHashPrefix + r->id, r->hash);
        write_speaker_metadata(db_, *r, false);
        passages += r->documents.size();
        if (passages >= flush_passages_) {
          db_.commit();
          passages = 0;
        }
      }
      db_.set_metadata(schema::kMetaAnalyzerVersion, std::to_string(Analyzer::kVersion));
      db_.set_metadata(schema::kMetaSchemaVersion, std::to_string(schema::kSchemaVersion));
      db_.commit();
      db_.close();
    } catch (const Xapian::Error& e) {
      fail(std::make_exception_ptr(
          IndexError(describe_write_error(target_, e, "writing part " + path_, kPartsKept))));
    } catch (...) {
      fail(std::current_exception());
    }
  }
  // Fail points part-write-fail=N and part-write-terminate=N: the Nth
  // release written to any part fails as a full disk would, by an exception
  // or by std::terminate (see terminate_as_xapian_does).
  static bool fail_now(const char* name) {
    const auto v = fail_point(name);
    if (!v) return false;
    static std::atomic<long> written{0};
    return ++written == std::atol(v->c_str());
  }
  // What Xapian 1.4.22 can do when a commit meets a full disk: a
  // DatabaseError escapes through a frame that may not throw, so the process
  // ends in std::terminate with that error active.
  [[noreturn]] static void terminate_as_xapian_does() {
    try {
      throw Xapian::DatabaseError("Error writing block (fail point)", ENOSPC);
    } catch (...) {
      std::terminate();
    }
  }

  void fail(std::exception_ptr e) {
    std::lock_guard<std::mutex> lock(mutex_);
    failure_ = e;
    queue_.clear();
    space_.notify_all();
  }

  const std::string target_;
  const std::string path_;
  FolderGuard guard_;
  const std::size_t flush_passages_;
  Xapian::WritableDatabase db_;
  std::mutex mutex_;
  std::condition_variable space_, ready_;
  std::deque<PreparedRelease> queue_;
  bool closed_ = false;
  bool abandoned_ = false;
  std::exception_ptr failure_;
  std::thread thread_;
};

// A build into an empty database with several writers: release k (in input
// order, counting those written) goes to part k mod N, each part is a
// temporary database beside the target written by its own thread, and at
// the end the parts are merged by Xapian's compaction (documents of part 0,
// then part 1, ...) into a new database that is swapped in place of the
// empty one. The target stays empty until that swap: a crash leaves it as
// it was, never partly written. For the same input and number of parts the
// result is the same database.
class ParallelBuild {
 public:
  ParallelBuild(IndexWriter::Impl& writer, std::size_t parts)
      : writer_(writer), target_(without_trailing_slash(writer.path)) {
    const std::size_t flush_every =
        std::min(kPartFlushPassages, std::max<std::size_t>(1, writer.options.commit_passages));
    for (std::size_t i = 0; i < parts; ++i)
      parts_.push_back(
          std::make_unique<PartWriter>(target_, make_sibling(target_, ".part-"), flush_every));
  }

  // Whether `writer` may be built this way: nothing written to it yet.
  static bool applies(const IndexWriter::Impl& writer) {
    if (writer.in_transaction) return false;
    try {
      return writer.db.get_doccount() == 0 &&
             writer.db.metadata_keys_begin(schema::kMetaHashPrefix) ==
                 writer.db.metadata_keys_end(schema::kMetaHashPrefix);
    } catch (const Xapian::Error&) {
      return false;
    }
  }

  void write(PreparedRelease&& r) {
    // A speaker's display name is the one of the first release naming it,
    // as with one writer; later ones would lose in the merge anyway.
    auto& sp = r.speakers;
    sp.erase(std::remove_if(sp.begin(), sp.end(),
                            [&](const auto& s) { return !speakers_.insert(s.first).second; }),
             sp.end());
    auto& scripts = r.speaker_scripts;
    scripts.erase(std::remove_if(scripts.begin(), scripts.end(),
                                 [&](const auto& s) {
                                   const bool han = detail::speakers::has_han(s.second);
                                   return !speaker_scripts_.insert(s.first + (han ? "\n" : "\t")).second;
                                 }),
                  scripts.end());
    auto& names = r.speaker_names;
    names.erase(std::remove_if(names.begin(), names.end(),
                               [&](const auto& n) { return !speaker_names_.insert(n.first).second; }),
                names.end());
    parts_[next_ % parts_.size()]->push(std::move(r));
    ++next_;
  }

  // Finishes the parts, merges them and swaps the result in. Throws
  // IndexError.
  void finish() {
    for (auto& p : parts_) p->finish();
    if (next_ == 0) return;
    kill_point("kill-before-merge");
    const std::string fresh = make_sibling(target_, ".new-");
    FolderGuard cleanup(fresh);
    try {
      Xapian::Database all;
      for (auto& p : parts_) all.add_database(Xapian::Database(p->path()));
      all.compact(fresh);
    } catch (const Xapian::Error& e) {
      throw IndexError(describe_write_error(target_, e, "merging the parts", kPartsKept));
    }
    kill_point("kill-before-swap");
    // The writer's handle holds the lock of the empty database until the
    // merged one is in place; then it opens the merged one.
    swap_in(fresh, target_, true);
    try {
      writer_.db.close();
      writer_.db = Xapian::WritableDatabase(target_, Xapian::DB_OPEN);
    } catch (const Xapian::Error& e) {
      throw IndexError(target_ + ": " + e.get_description());
    }
  }

 private:
  IndexWriter::Impl& writer_;
  const std::string target_;
  std::vector<std::unique_ptr<PartWriter>> parts_;
  std::set<std::string> speakers_;
  std::set<std::string> speaker_scripts_;  // key + script already written
  std::set<std::string> speaker_names_;
  std::size_t next_ = 0;
};

// Joins threads however the scope is left.
class ThreadGroup {
 public:
  explicit ThreadGroup(Exchange& exchange) : exchange_(exchange) {}
  ~ThreadGroup() {
    if (!joined_) {
      exchange_.abort();
      join();
    }
  }
  ThreadGroup(const ThreadGroup&) = delete;  // owns running threads
  ThreadGroup& operator=(const ThreadGroup&) = delete;
  template <typename F>
  void spawn(F&& f) {
    threads_.emplace_back(std::forward<F>(f));
  }
  void join() {
    for (std::thread& t : threads_)
      if (t.joinable()) t.join();
    joined_ = true;
  }

 private:
  Exchange& exchange_;
  std::vector<std::thread> threads_;
  bool joined_ = false;
};

}  // namespace

IndexSummary run_pipeline(const std::vector<std::string>& paths,
                          IndexWriter::Impl* writer, DiagnosticSink& sink,
                          const IndexingOptions& options) {
  const Clock::time_point start = Clock::now();
  IndexSummary summary;
  IndexProgress progress;

  // Listing first, so that the total size (for an ETA) is known.
  std::vector<Diagnostic> listing_problems;
  std::vector<std::string> files;
  {
    DiagnosticList listed;
    for (const std::string& path : paths) {
      for (std::string& f : list_corpus_files(path, listed)) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(f, ec);
        if (!ec) progress.total_bytes += size;
        files.push_back(std::move(f));
      }
    }
    listing_problems = std::move(listed.items);
  }
  summary.files = files.size();
  auto report = [&](const Diagnostic& d) {
    if (d.severity == Diagnostic::Severity::kError) {
      ++summary.skipped;
    } else {
      ++summary.warnings;
    }
    sink.report(d);
  };
  for (const Diagnostic& d : listing_problems) report(d);

  std::size_t jobs = options.jobs;
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  // Into an empty database several threads write, each its own part.
  std::optional<ParallelBuild> parallel;
  if (writer && jobs > 1 && ParallelBuild::applies(*writer)) parallel.emplace(*writer, jobs);
  Exchange exchange(4 * jobs + 8);
  std::uint64_t bytes_read = 0;
  ThreadGroup threads(exchange);
  threads.spawn([&] {
    try {
      read_all(files, options.limits, exchange, bytes_read);
      exchange.reader_finished();
    } catch (...) {
      exchange.abort(std::current_exception());
    }
  });
  for (std::size_t i = 0; i < jobs; ++i) {
    threads.spawn([&] {
      try {
        Worker worker(writer ? &writer->path : nullptr, options);
        while (std::optional<Item> item = exchange.next_work()) {
          worker.process(*item);
          exchange.finished(std::move(*item));
        }
      } catch (...) {
        exchange.abort(std::current_exception());
      }
    });
  }

  DuplicateIds seen;
  Clock::time_point last_progress = start;
  auto seconds_since_start = [&] {
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  while (std::optional<Item> item = exchange.next_result()) {
    progress.bytes_read += item->bytes;
    for (Event& e : item->events) {
      if (e.diagnostic) {
        report(*e.diagnostic);
        continue;
      }
      ReleaseOutcome& o = *e.release;
      ++progress.releases;
      summary.body_bytes += o.body_bytes;
      if (auto repeat = seen.check(o.id, o.origin_path, o.origin_line)) {
        report(*repeat);
        continue;
      }
      if (o.unchanged) {
        ++summary.unchanged;
        continue;
      }
      if (!writer) {
        ++summary.added;
        summary.passages += o.passages;
        if (options.on_release && o.release) options.on_release(*o.release, o.passages);
        continue;
      }
      summary.passages += o.passages;
      if (parallel) {
        parallel->write(std::move(*o.prepared));
        ++summary.added;
        continue;
      }
      switch (writer->write(std::move(*o.prepared))) {
        case AddOutcome::kAdded: ++summary.added; break;
        case AddOutcome::kUpdated: ++summary.updated; break;
        case AddOutcome::kUnchanged:
          ++summary.unchanged;
          summary.passages -= o.passages;
          break;
      }
    }
    if (options.progress) {
      const Clock::time_point now = Clock::now();
      if (now - last_progress >= std::chrono::milliseconds(200)) {
        last_progress = now;
        progress.skipped = summary.skipped;
        progress.seconds = seconds_since_start();
        options.progress(progress);
      }
    }
  }
  threads.join();
  if (parallel) parallel->finish();
  summary.bytes_read = bytes_read;
  summary.seconds = seconds_since_start();
  if (options.progress) {
    progress.skipped = summary.skipped;
    progress.seconds = summary.seconds;
    progress.bytes_read = bytes_read;
    progress.done = true;
    options.progress(progress);
  }
  return summary;
}

}  // namespace libsearch::detail
