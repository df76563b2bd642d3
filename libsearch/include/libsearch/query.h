// libsearch: a query built in code, as an alternative to the query language.
//
//   using libsearch::Query;
//   Query q = Query::all_of({Query::words("intellectual property"),
//                            Query::field("lang", "en")})
//                 .exclude(Query::phrase("trade war"));
//   libsearch::SearchRequest req;
//   req.built_query = q;
//   auto results = searcher.search(req);
//
// A Query describes what to match; the Searcher turns it into index terms
// with its own Analyzer when it runs, so the same Query can be used with any
// database. Words and phrases match exactly as in the query language: English
// words match their stem, Chinese characters written together match where
// they stand together (as the same characters in a phrase do), Traditional
// and Simplified characters match each other, and matched words are
// highlighted in the hits. Of the fallbacks of SearchRequest (searcher.h),
// a built query takes the loose one (a Chinese run no passage holds as
// written) but is never relaxed: its parts are not words as typed.
//
// Errors: field() checks the field name and the value's form at once
// (QueryError, offset 0, fragment = the bad name or value). Query::parse text
// is parsed when the search runs; its syntax errors degrade to plain words
// with a warning, or throw QueryError with the byte offset into that text
// when `strict` is set.
//
// Ownership and thread-safety: a Query is an immutable value; copies share
// their parts and are cheap. It may be copied and read from any thread.
#ifndef LIBSEARCH_QUERY_H_
#define LIBSEARCH_QUERY_H_

#include <memory>
#include <string>
#include <vector>

namespace libsearch {

class Query {
 public:
  // Matches every passage (useful with filters, or to exclude from).
  Query();

  // Text in the query language (searcher.h, press-query --help).
  // `any`: OR the words instead of AND. `strict`: throw QueryError on a
  // syntax error instead of falling back to the plain words.
  static Query parse(std::string text, bool any = false, bool strict = false);
  // Free text in the body, all words required (`any`: at least one).
  static Query words(std::string text, bool any = false);
  // An exact sequence of words (Chinese: characters in order).
  static Query phrase(std::string text);
  // A field: "title" (words in the title), "speaker" (a name in any
  // spelling or script), "source" (a substring of the source name),
  // "lang" (zh, en, zh-Hans, zh-Hant), "release" (a release id),
  // "date" (YYYY, YYYY-MM or YYYY-MM-DD). Throws QueryError.
  static Query field(const std::string& name, std::string value);
  // Release dates from `from` to `to` inclusive, YYYY-MM-DD; either may be
  // empty for an open end. Throws QueryError.
  static Query date_range(const std::string& from, const std::string& to);
  // All parts must match / at least one must match. An empty list matches
  // everything (all_of) or nothing (any_of).
  static Query all_of(std::vector<Query> parts);
  static Query any_of(std::vector<Query> parts);
  // This query, without passages that match `other`.
  Query exclude(const Query& other) const;

  // A readable description, e.g. (words "a b" AND lang:en).
  std::string to_string() const;

  // Library-internal representation (query/query_internal.h).
  struct Node;
  const Node& node() const { return *node_; }

 private:
  explicit Query(std::shared_ptr<const Node> node);
  std::shared_ptr<const Node> node_;
};

}  // namespace libsearch

#endif  // LIBSEARCH_QUERY_H_
