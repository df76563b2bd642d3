// Library-only view of libsearch::Query: the tree of parts, and how the
// searcher resolves it into a Xapian query with its Analyzer and parser.
#ifndef LIBSEARCH_QUERY_QUERY_INTERNAL_H_
#define LIBSEARCH_QUERY_QUERY_INTERNAL_H_

#include <string>
#include <vector>

#include <xapian.h>

#include "libsearch/query.h"
#include "query/query_parser.h"

namespace libsearch {

struct Query::Node {
  enum class Kind { kAll, kParse, kWords, kPhrase, kField, kDateRange, kAllOf, kAnyOf, kExclude };
  Kind kind = Kind::kAll;
  std::string text;   // kParse, kWords, kPhrase, kField value; kDateRange from
  std::string name;   // kField name; kDateRange to
  bool any = false;   // kParse, kWords
  bool strict = false;  // kParse
  std::vector<Query> parts;  // kAllOf, kAnyOf; kExclude: {kept, excluded}
};

namespace detail {

// Resolves `query` with `parser` into `out` (query, patterns, warnings,
// empty = no scoring terms). Throws QueryError.
void resolve_query(const Query& query, QueryParser& parser, ParsedQuery& out);

}  // namespace detail
}  // namespace libsearch

#endif  // LIBSEARCH_QUERY_QUERY_INTERNAL_H_
