// Helpers shared by the bilingual tests.
#ifndef LIBSEARCH_TESTS_BILINGUAL_BILINGUAL_SUPPORT_H_
#define LIBSEARCH_TESTS_BILINGUAL_BILINGUAL_SUPPORT_H_

#include <xapian.h>

#include <map>
#include <string>

#include "index/schema.h"

namespace libsearch::test {

// The links stored in database `db`: Chinese release id -> English id.
inline std::map<std::string, std::string> stored_links(const std::string& db) {
  Xapian::Database d(db);
  std::map<std::string, std::string> out;
  const std::string prefix = libsearch::schema::kMetaLinkPrefix;
  for (auto it = d.metadata_keys_begin(prefix); it != d.metadata_keys_end(prefix); ++it) {
    const std::string id = (*it).substr(prefix.size());
    const std::string partner = d.get_metadata(*it);
    if (!partner.empty() && id.find("-zh-") != std::string::npos) out[id] = partner;
  }
  return out;
}

}  // namespace libsearch::test

#endif  // LIBSEARCH_TESTS_BILINGUAL_BILINGUAL_SUPPORT_H_
