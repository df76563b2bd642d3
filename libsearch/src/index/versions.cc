#include "index/versions.h"

#include "index/schema.h"
#include "libsearch/analyzer.h"
#include "libsearch/error.h"

namespace libsearch::detail {

void check_versions(const Xapian::Database& db, const std::string& path) {
  const std::string analyzer = db.get_metadata(schema::kMetaAnalyzerVersion);
  const std::string schema_v = db.get_metadata(schema::kMetaSchemaVersion);
  if (analyzer.empty() && schema_v.empty() && db.get_doccount() == 0) return;
  if (analyzer != std::to_string(Analyzer::kVersion) ||
      schema_v != std::to_string(schema::kSchemaVersion)) {
    throw VersionError(path + ": database was built by analyzer version " +
                       (analyzer.empty() ? "?" : analyzer) + ", schema version " +
                       (schema_v.empty() ? "?" : schema_v) + "; this build uses analyzer " +
                       std::to_string(Analyzer::kVersion) + ", schema " +
                       std::to_string(schema::kSchemaVersion) +
                       " (re-index with `press-index reindex`)");
  }
}

}  // namespace libsearch::detail
