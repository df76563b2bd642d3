// libsearch: research views over a corpus. A concordance (every occurrence
// of a query in its context, KWIC) and trends over time (passages and
// occurrences per date bucket, against all passages of the bucket).
//
//   libsearch::Searcher searcher({"press.db"});
//   libsearch::SearchRequest req;
//   req.query = "知识产权";
//   req.langs = {"zh"};
//   libsearch::Concordance kwic = libsearch::concordance(searcher, req);
//   for (const auto& l : kwic.lines) std::cout << l.left << "[" << l.node << "]" << l.right;
//
//   libsearch::TimelineOptions t;
//   t.unit = libsearch::DateFacet::kMonth;
//   libsearch::Timeline tl = libsearch::timeline(searcher, req, {"知识产权", "创新"}, t);
//
// What an occurrence is: a place where the query matches, as search
// highlights it (the query's own terms: a phrase or Chinese run where its
// words stand together, an English word in any form with the same stem), two
// side by side counted as two. A query of several words has an occurrence
// for each of its words (or phrases) in a matching passage; NOT terms and
// filters have none. Matching passages are those a search for the request
// finds (SearchRequest filters, speakers and dates apply; offset, limit,
// per_release, sort and facets do not).
//
// Thread-safety: like the Searcher they are given, one thread at a time.
// Throws what Searcher::search throws (QueryError, IndexError).
#ifndef LIBSEARCH_RESEARCH_H_
#define LIBSEARCH_RESEARCH_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libsearch/release.h"
#include "libsearch/searcher.h"

namespace libsearch {

// ---------------------------------------------------------------- concordance

enum class ConcordanceSort {
  kCorpus,   // index order (releases as added), then position. The default.
  kLeft,     // by the word nearest the node on its left, then the next one
  kRight,    // by the word right after the node, then the next one
  kDate,     // date, then corpus order; undated last
  kSpeaker,  // speaker name, then corpus order; passages without one last
  kSource,   // source, then corpus order
};

struct ConcordanceOptions {
  // Context each side of the node: code points in Chinese passages (lang
  // zh*), words (the analyzer's tokens, with what stands between them) in
  // others. Never taken across the passage's ends. Defaults 20 and 8.
  std::size_t context_chars = 20;
  std::size_t context_words = 8;
  ConcordanceSort sort = ConcordanceSort::kCorpus;
};

// One occurrence. Offsets are those of the node in the passage text
// (Passage::text as indexed): UTF-8 bytes and code points, end exclusive.
struct ConcordanceLine {
  std::string release_id;
  int paragraph = 0;
  std::string date;  // YYYY-MM-DD or empty
  std::optional<Speaker> speaker;
  std::string source;
  std::string lang;
  std::string left;   // context as written (line breaks kept)
  std::string node;   // the occurrence as written
  std::string right;
  std::size_t byte_start = 0, byte_end = 0;
  std::size_t char_start = 0, char_end = 0;
};

struct Concordance {
  std::string query;
  std::size_t occurrences = 0;  // lines.size()
  std::size_t passages = 0;     // matching passages (a search's exact total)
  std::vector<ConcordanceLine> lines;
  std::vector<std::string> warnings;  // as SearchResults::warnings
};

// Every occurrence of request.query in the passages it matches. Throws
// QueryError when the request has no search terms (filters only).
Concordance concordance(Searcher& searcher, const SearchRequest& request,
                        const ConcordanceOptions& options = {});

// ------------------------------------------------------------------- timeline

enum class TimelineNorm {
  kShare,   // rate = matching passages / all passages of the bucket. Default.
  kPer10k,  // rate = occurrences per 10,000 passages of the bucket
  kRaw,     // rate = matching passages
};

enum class TimelineGroup { kNone, kSpeaker, kSource, kLang };

struct TimelineOptions {
  DateFacet unit = DateFacet::kYear;
  TimelineGroup by = TimelineGroup::kNone;  // one series per query and value
  TimelineNorm norm = TimelineNorm::kShare;
};

struct TimelineBucket {
  std::string bucket;             // "2019", "2019-06", "2019-06-30"; "unknown"
  std::size_t passages = 0;       // matching passages
  std::size_t occurrences = 0;    // occurrences in them
  std::size_t bucket_passages = 0;  // all passages of the bucket (the request's
                                    // filters and the series' group applied)
  double rate = 0;                // see TimelineNorm; 0 for an empty bucket
};

struct TimelineSeries {
  std::string query;
  std::string group;      // the speaker, source or language; empty without `by`
  std::string group_key;  // the value grouped on (speaker identity key, ...)
  std::size_t total = 0;        // matching passages (sum of buckets' passages)
  std::size_t occurrences = 0;  // sum of buckets' occurrences
  // Every bucket from the first to the last that holds any passage (of the
  // corpus as filtered), empty ones as 0, in date order; then "unknown" for
  // undated passages when the series has any.
  std::vector<TimelineBucket> buckets;
};

struct Timeline {
  DateFacet unit = DateFacet::kYear;
  TimelineNorm norm = TimelineNorm::kShare;
  std::vector<TimelineSeries> series;  // by query, then group (most passages first)
  std::vector<std::string> warnings;   // each prefixed with its query
};

// A series for each of `queries` (and with options.by, for each speaker,
// source or language it matches in), each run as `request` with that query.
// Throws QueryError for a query with no search terms.
Timeline timeline(Searcher& searcher, const SearchRequest& request,
                  const std::vector<std::string>& queries, const TimelineOptions& options = {});

// ------------------------------------------------------ collocates, keywords
//
// Both count passages, the unit the index keeps word frequencies in (how
// many passages hold a word: Xapian's term frequency, kept as releases are
// added and removed), so every figure is exact and needs no scan of the
// corpus. A word is the analyzer's: a Chinese word as segmented for the
// index (ICU's dictionary and the lexicon), not a bigram; an English word
// as written, lower-cased (not its stem). Numbers and the stop words given
// are left out. N is every passage of the database, or with a language
// filter (SearchRequest::langs) every passage in those languages, and the
// words' passage frequencies are then counted within them.

enum class AssociationMeasure {
  kLogDice,        // 14 + log2(2 O / (f(node) + f(word))). The default.
  kMi,             // log2(O / E)
  kLogLikelihood,  // Dunning's G2 over the 2x2 table of passages
};

struct CollocateOptions {
  std::size_t window = 5;  // words each side of an occurrence. Default 5.
  AssociationMeasure measure = AssociationMeasure::kLogDice;
  std::size_t min_observed = 3;  // words seen in fewer passages are left out
  std::size_t limit = 30;        // items to return, best first
  std::vector<std::string> stop_words;  // normalised when compared
};

struct KeywordOptions {
  std::size_t min_observed = 3;
  std::size_t limit = 30;
  std::vector<std::string> stop_words;
};

// One word and the counts its score came from.
//  collocates: observed O = matching passages where the word stands within
//    the window of an occurrence; corpus_frequency f = passages holding it;
//    expected E = f(node) * f / N, f(node) the matching passages.
//  keywords: observed a = target passages holding it; corpus_frequency
//    a + b (b: the rest's); expected = target * (a + b) / N; score =
//    Dunning's log-likelihood (2 * sum of o ln(o / e) over target and rest),
//    log_ratio = log2 of the target's share over the rest's (b = 0 read as
//    0.5): the effect size, in doublings.
struct WordScore {
  std::string word;
  std::size_t observed = 0;
  double expected = 0;
  std::size_t corpus_frequency = 0;
  double score = 0;
  double log_ratio = 0;  // keywords only
};

struct WordScores {
  std::string query;
  std::string measure;          // "logdice", "mi", "ll" (keywords: "ll")
  std::size_t passages = 0;     // matching (target) passages
  std::size_t corpus_passages = 0;  // N
  std::vector<WordScore> items;     // best first
  std::vector<std::string> warnings;
};

// Words that stand near the query's occurrences, ranked by `measure`.
// Throws QueryError when the request has no search terms.
WordScores collocates(Searcher& searcher, const SearchRequest& request,
                      const CollocateOptions& options = {});

// Words over-represented in the passages `request` matches (a query, or
// filters alone: a speaker, a date range) against the rest of the database,
// by log-likelihood; only words more frequent in the target than the rest.
// Throws QueryError when the request matches every passage or none is left.
WordScores keywords(Searcher& searcher, const SearchRequest& request,
                    const KeywordOptions& options = {});

// Stop words from a UTF-8 file: one word per line, `#` comments and blank
// lines skipped. Throws InputError naming the file (and line) it cannot read.
std::vector<std::string> read_stop_words(const std::string& path);

// A line chart of the series' rates as a standalone SVG document: axes with
// ticks, bucket labels, a legend of the series, `title` above (escaped).
// Empty series and the "unknown" bucket are left out.
std::string timeline_svg(const Timeline& timeline, const std::string& title);

// ---------------------------------------------------------------- helpers

// Terminal columns `text` takes: East Asian Wide and Fullwidth characters
// two, combining marks and controls none, others one. Invalid UTF-8 bytes
// count one each.
std::size_t display_width(std::string_view text);

}  // namespace libsearch

#endif  // LIBSEARCH_RESEARCH_H_
