#include "libsearch/index_writer.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include "bilingual/link_store.h"
#include "index/database_error.h"
#include "index/folders.h"
#include "index/index_writer_internal.h"
#include "index/pipeline.h"
#include "index/schema.h"
#include "index/versions.h"
#include "libsearch/analyzer.h"
#include "libsearch/error.h"

namespace libsearch {
namespace {

std::string describe(const std::string& path, const Xapian::Error& e) {
  return detail::database_error_message(path, e);
}

constexpr char kKeptByBatches[] = "the releases committed before it are kept";


}  // namespace

namespace detail {

const char* disk_full_reason(const Xapian::Error& e) {
  const char* reason = e.get_error_string();
  // Xapian sometimes wraps the failing write in another error ("Modifications
  // failed (DatabaseError: Error writing block 120 (No space left on
  // device)), and couldn't open at the old revision"): the system's text is
  // then in the description only.
  const std::string description = e.get_description();
  for (int err : {ENOSPC, EDQUOT, EFBIG}) {
    const char* text = std::strerror(err);
    if ((reason && std::strcmp(reason, text) == 0) ||
        description.find(text) != std::string::npos)
      return text;
  }
  return nullptr;
}

std::string describe_write_error(const std::string& db, const Xapian::Error& e,
                                 const std::string& doing, const std::string& kept) {
  if (const char* reason = disk_full_reason(e))
    return db + ": " + reason + " (" + doing + "; " + kept +
           "; free some space, then run the command again)";
  return db + ": " + doing + ": " + e.get_description();
}

}  // namespace detail

std::string IndexWriter::Impl::stored_hash(const std::string& id) const {
  return db.get_metadata(schema::kMetaHashPrefix + id);
}

void IndexWriter::Impl::begin() {
  if (in_transaction) return;
  // Flushed: the transaction's changes are committed by commit_transaction
  // and by nothing else (Xapian's automatic flush waits for it).
  db.begin_transaction(true);
  in_transaction = true;
}

AddOutcome IndexWriter::Impl::write(detail::PreparedRelease&& prepared) {
  const std::string id_term = schema::kReleaseTerm + prepared.id;
  try {
    const std::string old = stored_hash(prepared.id);
    if (old == prepared.hash) return AddOutcome::kUnchanged;
    begin();
    const bool existed = !old.empty() || db.term_exists(id_term);
    if (existed) db.delete_document(id_term);
    for (Xapian::Document& doc : prepared.documents) db.add_document(doc);
    db.set_metadata(schema::kMetaHashPrefix + prepared.id, prepared.hash);
    write_speaker_metadata(db, prepared, true);
    ++since_commit;
    passages_since_commit += prepared.documents.size();
    maybe_commit();
    return existed ? AddOutcome::kUpdated : AddOutcome::kAdded;
  } catch (const Xapian::Error& e) {
    cancel();
    throw IndexError(detail::describe_write_error(path, e, "writing release \"" + prepared.id + "\"",
                                                  kKeptByBatches));
  }
}

bool IndexWriter::Impl::remove(const std::string& id) {
  const std::string id_term = schema::kReleaseTerm + id;
  try {
    if (!db.term_exists(id_term)) return false;
    begin();
    db.delete_document(id_term);
    db.set_metadata(schema::kMetaHashPrefix + id, "");
    ++since_commit;
    maybe_commit();
    return true;
  } catch (const Xapian::Error& e) {
    cancel();
    throw IndexError(detail::describe_write_error(path, e, "removing release \"" + id + "\"",
                                                  kKeptByBatches));
  }
}

void IndexWriter::Impl::maybe_commit() {
  if (since_commit >= options.commit_every ||
      passages_since_commit >= options.commit_passages)
    commit();
}

void IndexWriter::Impl::commit() {
  try {
    // Nothing written since the last commit and the versions recorded: a
    // commit would only make a new revision of the same content.
    if (!in_transaction &&
        db.get_metadata(schema::kMetaAnalyzerVersion) == std::to_string(Analyzer::kVersion) &&
        db.get_metadata(schema::kMetaSchemaVersion) == std::to_string(schema::kSchemaVersion))
      return;
    begin();
    db.set_metadata(schema::kMetaAnalyzerVersion,
                    std::to_string(Analyzer::kVersion));
    db.set_metadata(schema::kMetaSchemaVersion,
                    std::to_string(schema::kSchemaVersion));
    in_transaction = false;
    db.commit_transaction();
    since_commit = 0;
    passages_since_commit = 0;
  } catch (const Xapian::Error& e) {
    throw IndexError(detail::describe_write_error(path, e, "committing", kKeptByBatches));
  }
}

void IndexWriter::Impl::cancel() noexcept {
  if (!in_transaction) return;
  in_transaction = false;
  since_commit = 0;
  passages_since_commit = 0;
  try {
    db.cancel_transaction();
  } catch (const Xapian::Error&) {
    // The database is as of the last commit either way.
  }
}

IndexWriter::IndexWriter(const std::string& path, IndexOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->options = options;
  if (impl_->options.commit_every == 0) impl_->options.commit_every = 1;
  if (impl_->options.commit_passages == 0) impl_->options.commit_passages = 1;
  detail::check_database_folder(path);
  try {
    impl_->db = Xapian::WritableDatabase(
        path, options.create ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN);
  } catch (const Xapian::DatabaseLockError&) {
    throw LockedError(path +
                      ": database is locked by another indexer (wait for it "
                      "to finish, or stop it)");
  } catch (const Xapian::Error& e) {
    throw IndexError(describe(path, e));
  }
  detail::check_versions(impl_->db, path);
  detail::sweep_stale_folders(path, true, impl_->options.on_swept);
}

IndexWriter::~IndexWriter() {
  if (!impl_) return;
  try {
    if (impl_->in_transaction) impl_->commit();
  } catch (const Error&) {
    // A destructor must not throw; commit() reports errors to callers who
    // ask for them.
  }
}

IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;

AddOutcome IndexWriter::add(const Release& release) {
  const std::string hash = detail::content_hash(release);
  try {
    if (impl_->unchanged(release.id, hash)) return AddOutcome::kUnchanged;
  } catch (const Xapian::Error& e) {
    throw IndexError(describe(impl_->path, e));
  }
  return impl_->write(impl_->builder.build(release));
}

IndexSummary IndexWriter::add_paths(const std::vector<std::string>& paths,
                                    DiagnosticSink& sink,
                                    const IndexingOptions& options) {
  return detail::run_pipeline(paths, impl_.get(), sink, options);
}

IndexSummary validate_paths(const std::vector<std::string>& paths,
                            DiagnosticSink& sink,
                            const IndexingOptions& options) {
  return detail::run_pipeline(paths, nullptr, sink, options);
}

bool IndexWriter::remove(const std::string& id) { return impl_->remove(id); }

bool IndexWriter::contains(const std::string& id) const {
  try {
    return impl_->db.term_exists(schema::kReleaseTerm + id);
  } catch (const Xapian::Error& e) {
    throw IndexError(describe(impl_->path, e));
  }
}

std::vector<std::string> IndexWriter::release_ids() const {
  std::vector<std::string> ids;
  const std::string prefix = schema::kReleaseTerm;
  try {
    for (auto it = impl_->db.allterms_begin(prefix);
         it != impl_->db.allterms_end(prefix); ++it)
      ids.push_back((*it).substr(prefix.size()));
  } catch (const Xapian::Error& e) {
    throw IndexError(describe(impl_->path, e));
  }
  return ids;
}

void IndexWriter::commit() { impl_->commit(); }

LinkSummary IndexWriter::link() {
  LinkSummary s;
  try {
    impl_->begin();
    s = detail::relink(impl_->db);
  } catch (const Xapian::Error& e) {
    impl_->cancel();
    throw IndexError(describe(impl_->path, e));
  }
  impl_->commit();
  return s;
}

const std::string& IndexWriter::path() const { return impl_->path; }

}  // namespace libsearch
