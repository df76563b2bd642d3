// What the research views (concordance, timeline) read of a Searcher: its
// database, analyzer and the query it runs for a request, so that what they
// count is exactly what a search matches.
#ifndef LIBSEARCH_RESULTS_SEARCHER_ACCESS_H_
#define LIBSEARCH_RESULTS_SEARCHER_ACCESS_H_

#include <string>
#include <vector>

#include <xapian.h>

#include "libsearch/analyzer.h"
#include "libsearch/searcher.h"
#include "query/query_parser.h"

namespace libsearch::detail {

struct SearcherAccess {
  // Valid while the searcher lives (and until its next reopen()).
  static Xapian::Database& database(Searcher& s);
  static Analyzer& analyzer(Searcher& s);
  // The query a search for `request` runs, filters included; `parsed`
  // receives its highlight patterns and warnings. Throws QueryError.
  static Xapian::Query query(Searcher& s, const SearchRequest& request, ParsedQuery& parsed);
  // A speaker identity key's display name (the key when none is stored).
  // A speaker key's name, in Chinese characters when `han` and one is
  // known, else in Latin letters (as the speaker facet shows it).
  static std::string speaker_label(Searcher& s, const std::string& key, bool han);
  static const std::vector<std::string>& open_warnings(const Searcher& s);
};

}  // namespace libsearch::detail

#endif  // LIBSEARCH_RESULTS_SEARCHER_ACCESS_H_
