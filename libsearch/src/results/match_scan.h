// Every passage a request matches, with the query's occurrences in it: what
// the research views (concordance, timeline) count.
#ifndef LIBSEARCH_RESULTS_MATCH_SCAN_H_
#define LIBSEARCH_RESULTS_MATCH_SCAN_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "index/passage_record.h"
#include "libsearch/hit.h"
#include "libsearch/searcher.h"

namespace libsearch::detail {

struct MatchedPassage {
  PassageRecord record;
  std::string date_value;     // the date slot: YYYYMMDD or empty
  std::string speaker_key;    // the speaker slot: identity key or empty
  std::vector<Span> occurrences;  // see highlighter.h occurrences()
};

struct MatchScan {
  std::size_t passages = 0;
  std::vector<std::string> warnings;
};

// Calls `each` for every passage that a search for `request` matches (its
// filters applied; offset, limit, per_release, sort, facets ignored), in
// index order. Throws QueryError when the request has no search terms
// (unless `filters_only` allows a request of filters alone, whose passages
// have no occurrences), IndexError on a database error.
MatchScan scan_matches(Searcher& searcher, const SearchRequest& request,
                       const std::function<void(MatchedPassage&)>& each,
                       bool filters_only = false);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_RESULTS_MATCH_SCAN_H_
