// The query language, parsed with the same Analyzer as the index.
//
//   words            all must match (any with `any`); English words match
//                    their stem, Chinese words match as ICU words or as the
//                    same characters in any segmentation
//   "a phrase"       exact sequence; a Chinese phrase matches its characters
//                    in order, whatever the segmentation
//   a AND b, a OR b, NOT a, -a, ( ... )
//   title:x  speaker:x  source:x  lang:zh|en|zh-Hans|zh-Hant
//   date:2019  date:2019-06  date:2019-06-30  date:2018-01-01..2019-06-30
//   release:ID
//
// On a syntax error the parser falls back to the plain terms of the whole
// text and records a warning; in strict mode it throws QueryError with the
// byte offset instead.
#ifndef LIBSEARCH_QUERY_QUERY_PARSER_H_
#define LIBSEARCH_QUERY_QUERY_PARSER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "libsearch/analyzer.h"
#include "query/term_query.h"

namespace libsearch::detail {

struct ParsedQuery {
  Xapian::Query query;  // MatchAll when the text has no terms
  bool empty = true;    // no search terms (filters only)
  std::vector<HighlightPattern> patterns;
  std::vector<std::string> warnings;
};

// Boolean filter helpers shared with the searcher.
Xapian::Query lang_filter(const std::string& lang);  // throws QueryError
Xapian::Query date_range_filter(const std::string& from, const std::string& to);
Xapian::Query speaker_filter(const std::string& name);

class QueryParser {
 public:
  // `analyzer` must outlive the parser. `sources` lists the normalised
  // source names in the database (for substring matching of source:).
  QueryParser(Analyzer& analyzer, std::vector<std::string> sources);

  ParsedQuery parse(std::string_view text, bool any, bool strict);

  Xapian::Query text_query(std::string_view text, const std::string& prefix, bool any,
                           std::vector<HighlightPattern>* patterns) {
    return detail::text_query(analyzer_, text, prefix, any, patterns);
  }
  Xapian::Query phrase_query(std::string_view text, const std::string& prefix,
                             std::vector<HighlightPattern>* patterns) {
    return detail::phrase_query(analyzer_, text, prefix, patterns);
  }
  Xapian::Query source_filter(const std::string& text) const;

 private:
  Analyzer& analyzer_;
  std::vector<std::string> sources_;
};

}  // namespace libsearch::detail

#endif  // LIBSEARCH_QUERY_QUERY_PARSER_H_
