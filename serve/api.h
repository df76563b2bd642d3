// press-serve's JSON endpoints, apart from the HTTP server so that each
// answer is a plain function of the request's parameters.
//
// /api/search takes press-query's options as query-string fields (q for the
// query words, lang, from, to, speaker, source, release, facets, date-facet,
// limit, offset, sort, per-release, context, fields; any, strict and explain
// as 1/0) and answers with the document `press-query --format json` prints.
// The parameters go through press-query's own parser, so a bad one gets a
// 400 with the message press-query would print.
//
// /api/kwic, /api/timeline, /api/collocates and /api/keywords answer with
// the document of press-query's --kwic, --timeline, --collocates and
// --keywords with --format json. They take the filters (q, lang, from, to,
// speaker, source, release; any and strict as 1/0) and each view's own
// options: kwic (N, context each side) and sort; timeline (year, month or
// day; default year: each q is a series), by and norm; window, measure,
// min-count and limit; min-count and limit. --stopwords is not offered: it
// reads a file of the server's.
#ifndef LIBSEARCH_SERVE_API_H_
#define LIBSEARCH_SERVE_API_H_

#include <string>
#include <utility>
#include <vector>

#include "libsearch/searcher.h"

namespace press_serve {

struct Answer {
  int status = 200;
  std::string body;  // JSON
};

// Query-string fields in the order they came, repeated fields included.
using Params = std::vector<std::pair<std::string, std::string>>;

// /api/search. `databases` are the --db values (press-query's parser
// requires one); the search runs on `searcher`.
Answer search(libsearch::Searcher& searcher, const std::vector<std::string>& databases,
              const Params& params);

enum class View { kConcordance, kTimeline, kCollocates, kKeywords };

// /api/kwic, /api/timeline, /api/collocates, /api/keywords.
Answer research(libsearch::Searcher& searcher, const std::vector<std::string>& databases,
                View view, const Params& params);

// /api/release/ID: the release as `press-index show --format json` prints
// it, or 404.
Answer release(libsearch::Searcher& searcher, const std::string& id);

}  // namespace press_serve

#endif  // LIBSEARCH_SERVE_API_H_
