// Facet counting: how many matching passages carry each value of a slot.
//
// Xapian's ValueCountMatchSpy reads each match's values from the value
// streams, a seek per value when matches are sparse; counting every match of
// a broad query with four facets costs tens of milliseconds. FacetColumns
// reads the facet slots of every passage once into memory (a code per
// passage and slot, about 16 bytes per passage for four slots) and
// ColumnSpy counts by array lookups. The searcher builds columns when a
// second faceted search shows it is being reused, and only for local
// database (a remote server runs its own spies, and Xapian shows spies
// shard-local document numbers).
#ifndef LIBSEARCH_RESULTS_FACET_COUNTS_H_
#define LIBSEARCH_RESULTS_FACET_COUNTS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

namespace libsearch::detail {

// Counts of one facet: the number of matches seen and, for each non-empty
// value, how many of them carry it.
struct FacetCounts {
  std::size_t total = 0;
  std::vector<std::pair<std::string, std::size_t>> values;  // by value

  // The `limit` most frequent values, most frequent first, ties by value.
  std::vector<std::pair<std::string, std::size_t>> top(std::size_t limit) const;
};

FacetCounts counts_of(const Xapian::ValueCountMatchSpy& spy);

class FacetColumns {
 public:
  // Reads `slots` of every document of `db`. Throws Xapian::Error.
  FacetColumns(const Xapian::Database& db, const std::vector<Xapian::valueno>& slots);

  // The column of `slot`, or -1 when it was not read.
  int column_of(Xapian::valueno slot) const;

 private:
  friend class ColumnSpy;
  std::vector<Xapian::valueno> slots_;
  // codes_[c][docid]: 0 for no value, else 1 + index into values_[c].
  std::vector<std::vector<std::uint32_t>> codes_;
  std::vector<std::vector<std::string>> values_;
};

// Counts the values of some columns over the matches it is shown. The
// columns must have been read from the database being searched.
class ColumnSpy : public Xapian::MatchSpy {
 public:
  ColumnSpy(const FacetColumns& columns, std::vector<int> wanted);
  void operator()(const Xapian::Document& doc, double weight) override;
  // Counts of the i-th wanted column.
  FacetCounts counts(std::size_t i) const;

 private:
  const FacetColumns& columns_;
  std::vector<int> wanted_;
  std::vector<std::vector<std::size_t>> tally_;  // per wanted column, by code
  std::size_t total_ = 0;
};

}  // namespace libsearch::detail

#endif  // LIBSEARCH_RESULTS_FACET_COUNTS_H_
