// libsearch: Searcher runs queries against one or several databases and
// returns ranked passages with highlights, plus facet counts.
//
//   libsearch::Searcher searcher({"press.db"});
//   libsearch::SearchRequest req;
//   req.query = "知识产权 保护";
//   req.facets = {"speaker", "date"};
//   libsearch::SearchResults res = searcher.search(req);
//   for (const auto& hit : res.hits) print(hit);
//
// Sources: a database folder, a folder of shards (ShardedIndexWriter), or a
// stub file listing local and remote shards (shards.h); several sources are
// searched as one, with ranking statistics combined across all of them.
// Remote shards are served by `xapian-tcpsrv --port PORT DIR`.
//
// Ownership: the Searcher owns its database handles; results are plain
// values that stay valid after the Searcher is gone.
//
// Thread-safety: a Searcher is not safe to share between threads; open one
// per thread (opening is cheap). It sees the database as of its opening or
// the last reopen().
#ifndef LIBSEARCH_SEARCHER_H_
#define LIBSEARCH_SEARCHER_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libsearch/hit.h"
#include "libsearch/query.h"

namespace libsearch {
namespace detail {
struct SearcherAccess;  // the research views' way in (results/searcher_access.h)
}

enum class SortOrder { kRelevance, kDateAscending, kDateDescending };
enum class DateFacet { kYear, kMonth, kDay };

struct SearchRequest {
  std::string query;          // the query language (README, press-query --help)
  // A query built in code (query.h). When set it is used instead of `query`
  // (and `any`, `strict` apply only to its Query::parse parts); filters below
  // still apply. Default unset.
  std::optional<Query> built_query;
  bool any = false;           // OR the query's terms instead of AND. Default false.
  bool strict = false;        // throw QueryError on a syntax error instead of
                              // falling back to plain terms, and search
                              // exactly what was typed: no loose or relaxed
                              // fallback (below). Default false.
  // An unquoted run of Chinese characters (贸易战, 5G网络) matches where it
  // stands as written, as the run in quotes does. When no passage holds it
  // so, it is searched in its loose form (its words and characters ANDed,
  // anywhere in the passage), with a warning. `loose`: every run in its
  // loose form (`~word` in the query does so for one word). Default false.
  // When no passage holds all the words that must match, the passages
  // holding the most of them are shown instead, with a warning naming the
  // words left out, and SearchResults::relaxed set; totals and facets count
  // those passages. Not with `any`, `strict`, or a top-level OR.
  bool loose = false;
  // Counts beyond what a database can hold (2^32 - 1 passages) are
  // clamped to it, never wrapped: an offset past every match gives no hits.
  std::size_t offset = 0;     // hits to skip. Default 0.
  std::size_t limit = 10;     // hits to return. Default 10.
  std::size_t per_release = 0;  // at most this many passages per release;
                                // 0 = unlimited. Default 0.
  SortOrder sort = SortOrder::kRelevance;
  // Filters, combined with AND; values within one filter are ORed.
  std::vector<std::string> langs;     // "zh" (both scripts), "zh-Hans", "zh-Hant", "en"
  std::vector<std::string> speakers;  // names in any spelling/script
  std::vector<std::string> sources;   // substrings of the source name
  std::vector<std::string> releases;  // release ids
  // A real calendar day as YYYY-MM-DD, inclusive; empty = open. Anything
  // else ("2024-02-31", "yesterday", "2024/02/01") throws QueryError, and so
  // does a `from` after `to` (validate_request).
  std::string from;
  std::string to;
  // Facets to count over all matches: "speaker", "date", "source", "lang".
  std::vector<std::string> facets;
  DateFacet date_facet = DateFacet::kYear;
  std::size_t facet_limit = 50;  // values per facet. Default 50.
  std::size_t context = 0;  // passages of context before and after each hit
  bool highlight = true;
  // Count all matches exactly even without facets (slower on broad
  // queries). Default false: SearchResults::total is exact up to 300
  // matching passages, and above that may be Xapian's estimate
  // (SearchResults::total_exact tells).
  bool exact_total = false;
  // Fill SearchResults::parsed_query/query_terms and Hit::matched_terms
  // (costs one extra posting-list walk per term and hit). Default false.
  bool explain = false;
  // Fill Hit::counterpart: the aligned passage of the linked release in the
  // other language (IndexWriter::link). Default false.
  bool with_counterpart = false;
  // Only passages of linked releases that have no counterpart in the other
  // language (what the translation left out); the query field
  // `counterpart:none` does the same. Default false.
  bool no_counterpart = false;
  // Across languages: when set ("en", "zh", "zh-Hans", "zh-Hant"), the
  // query runs on the passages in this language that have a counterpart,
  // and each hit is that counterpart (the passage in the other language),
  // with the passage that matched as its Hit::counterpart. Highlights then
  // are empty. Default "" (off).
  std::string query_lang;
};

// Checks the request's own values before any database is read: `from` and
// `to` (each a calendar day YYYY-MM-DD or empty, `from` not after `to`).
// Throws QueryError whose reason() starts with the field's name, e.g.
//   from "2024-02-31" is not a date (expected YYYY-MM-DD)
// so a front end can name its own option. Searcher::search calls it; call it
// yourself to report a bad request before opening a database.
void validate_request(const SearchRequest& request);

struct DatabaseStats {
  std::size_t releases = 0;
  std::size_t passages = 0;
  std::string first_date;  // YYYY-MM-DD, empty if none
  std::string last_date;
  std::vector<FacetValue> languages;  // passages by language
  std::vector<FacetValue> sources;    // passages by source
  std::size_t undated_passages = 0;
  std::size_t linked_releases = 0;  // releases linked with a counterpart
  std::string analyzer_version;
  std::string schema_version;
};

struct SearcherOptions {
  // Skip shards that cannot be opened (a remote server that is down) instead
  // of failing; each skipped shard is named in warnings() and in every
  // SearchResults::warnings. At least one shard must open. Default false.
  bool allow_partial = false;
  // Remote shards: milliseconds to wait for a connection, and for each reply
  // (0 = wait forever). Defaults 5000 and 10000.
  unsigned connect_timeout_ms = 5000;
  unsigned timeout_ms = 10000;
  // Facet counts of a broad query are several times faster from the facet
  // values of every passage held in memory (about 16 bytes a passage, read
  // once, some 100 ms per million passages). A searcher reads them at its
  // second faceted search; with this set, at its first: for batches. Only
  // for one local database (shards and remote servers count as they match).
  // Default false.
  bool facet_columns_at_once = false;
};

class Searcher {
 public:
  // Opens the databases (folders, folders of shards, stub files). Throws
  // IndexError when one cannot be opened (naming the shard, and the stub line
  // that lists it), VersionError when built by another analyzer/schema,
  // InputError for a malformed stub file.
  explicit Searcher(const std::vector<std::string>& databases,
                    SearcherOptions options = {});
  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  Searcher(const Searcher&) = delete;  // holds an analyzer; open another
  Searcher& operator=(const Searcher&) = delete;

  // Throws QueryError (strict mode, a bad filter value, or a query over the
  // length/term limits) and IndexError. A prefix search (`word*`) that
  // matches more than 200 words searches the 200 most frequent, with a
  // warning (a QueryError in strict mode).
  SearchResults search(const SearchRequest& request);

  // The release as indexed, or nullopt.
  std::optional<IndexedRelease> release(const std::string& id);

  DatabaseStats stats();

  // Re-opens to see the latest committed changes.
  void reopen();

  // How the query text parses (Xapian's description of the query).
  std::string describe_query(const SearchRequest& request);

  // Problems met while opening: shards skipped under allow_partial.
  const std::vector<std::string>& warnings() const;

  // The shards searched, as "path" or "HOST:PORT", in search order.
  std::vector<std::string> shards() const;

 private:
  DatabaseStats stats_once();
  friend struct detail::SearcherAccess;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace libsearch

#endif  // LIBSEARCH_SEARCHER_H_
