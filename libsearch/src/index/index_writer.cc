#include "libsearch/index_writer.h"

#include <utility>

#include "index/index_writer_internal.h"
#include "index/schema.h"
#include "libsearch/analyzer.h"
#include "libsearch/error.h"

namespace libsearch {
namespace {

std::string describe(const std::string& path, const Xapian::Error& e) {
  return path + ": " + e.get_description();
}

void check_versions(const Xapian::Database& db, const std::string& path) {
  const std::string analyzer = db.get_metadata(schema::kMetaAnalyzerVersion);
  const std::string schema_v = db.get_metadata(schema::kMetaSchemaVersion);
  if (analyzer.empty() && schema_v.empty() && db.get_doccount() == 0) return;
  if (analyzer != std::to_string(Analyzer::kVersion) ||
      schema_v != std::to_string(schema::kSchemaVersion)) {
    throw VersionError(
        path + ": database was built by analyzer version " +
        (analyzer.empty() ? "?" : analyzer) + ", schema version " +
        (schema_v.empty() ? "?" : schema_v) + "; this build uses analyzer " +
        std::to_string(Analyzer::kVersion) + ", schema " +
        std::to_string(schema::kSchemaVersion) +
        " (re-index with `press-index reindex`)");
  }
}

}  // namespace

std::string IndexWriter::Impl::stored_hash(const std::string& id) const {
  return db.get_metadata(schema::kMetaHashPrefix + id);
}

AddOutcome IndexWriter::Impl::write(detail::PreparedRelease&& prepared) {
  const std::string id_term = schema::kReleaseTerm + prepared.id;
  try {
    const std::string old = stored_hash(prepared.id);
    if (old == prepared.hash) return AddOutcome::kUnchanged;
    const bool existed = !old.empty() || db.term_exists(id_term);
    // Xapian flushes by itself every XAPIAN_FLUSH_THRESHOLD documents (10,000
    // by default), and outside a transaction a flush is a commit: half a
    // release could become durable. An unflushed transaction per release
    // keeps its passages together until our own commit.
    db.begin_transaction(false);
    try {
      if (existed) db.delete_document(id_term);
      for (Xapian::Document& doc : prepared.documents) db.add_document(doc);
      db.set_metadata(schema::kMetaHashPrefix + prepared.id, prepared.hash);
      for (const auto& [key, name] : prepared.speakers) {
        const std::string meta = schema::kMetaSpeakerPrefix + key;
        if (db.get_metadata(meta).empty()) db.set_metadata(meta, name);
      }
      db.commit_transaction();
    } catch (const Xapian::Error&) {
      db.cancel_transaction();
      throw;
    }
    maybe_commit();
    return existed ? AddOutcome::kUpdated : AddOutcome::kAdded;
  } catch (const Xapian::Error& e) {
    throw IndexError(describe(path, e));
  }
}

void IndexWriter::Impl::maybe_commit() {
  if (++since_commit >= options.commit_every) commit();
}

void IndexWriter::Impl::commit() {
  try {
    db.set_metadata(schema::kMetaAnalyzerVersion,
                    std::to_string(Analyzer::kVersion));
    db.set_metadata(schema::kMetaSchemaVersion,
                    std::to_string(schema::kSchemaVersion));
    db.commit();
    since_commit = 0;
  } catch (const Xapian::Error& e) {
    throw IndexError(describe(path, e));
  }
}

IndexWriter::IndexWriter(const std::string& path, IndexOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->options = options;
  if (impl_->options.commit_every == 0) impl_->options.commit_every = 1;
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
  check_versions(impl_->db, path);
}

IndexWriter::~IndexWriter() {
  if (!impl_) return;
  try {
    if (impl_->since_commit > 0) impl_->commit();
  } catch (...) {
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

bool IndexWriter::remove(const std::string& id) {
  const std::string id_term = schema::kReleaseTerm + id;
  try {
    if (!impl_->db.term_exists(id_term)) return false;
    impl_->db.delete_document(id_term);
    impl_->db.set_metadata(schema::kMetaHashPrefix + id, "");
    impl_->maybe_commit();
    return true;
  } catch (const Xapian::Error& e) {
    throw IndexError(describe(impl_->path, e));
  }
}

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

const std::string& IndexWriter::path() const { return impl_->path; }

}  // namespace libsearch
