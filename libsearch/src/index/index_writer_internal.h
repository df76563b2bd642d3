// Library-only view of IndexWriter: writes releases already turned into
// documents by a DocumentBuilder on another thread.
#ifndef LIBSEARCH_INDEX_INDEX_WRITER_INTERNAL_H_
#define LIBSEARCH_INDEX_INDEX_WRITER_INTERNAL_H_

#include <string>

#include <xapian.h>

#include "index/document_builder.h"
#include "libsearch/index_writer.h"

namespace libsearch {

struct IndexWriter::Impl {
  std::string path;
  IndexOptions options;
  Xapian::WritableDatabase db;
  detail::DocumentBuilder builder;
  std::size_t since_commit = 0;

  // The stored content hash of release `id`, empty if not indexed.
  std::string stored_hash(const std::string& id) const;
  // True when `hash` equals the stored one (nothing to do).
  bool unchanged(const std::string& id, const std::string& hash) const {
    return stored_hash(id) == hash;
  }
  AddOutcome write(detail::PreparedRelease&& prepared);
  void maybe_commit();
  void commit();
};

}  // namespace libsearch

#endif  // LIBSEARCH_INDEX_INDEX_WRITER_INTERNAL_H_
