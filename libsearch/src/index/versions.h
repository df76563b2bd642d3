// The analyzer and schema versions a database records, checked by every
// reader and writer that opens one.
#ifndef LIBSEARCH_INDEX_VERSIONS_H_
#define LIBSEARCH_INDEX_VERSIONS_H_

#include <string>

#include <xapian.h>

namespace libsearch::detail {

// Throws VersionError naming `path` when `db` was built by another analyzer
// or schema version. An empty database without versions passes.
void check_versions(const Xapian::Database& db, const std::string& path);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_INDEX_VERSIONS_H_
