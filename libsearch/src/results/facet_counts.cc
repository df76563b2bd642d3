#include "results/facet_counts.h"

#include <algorithm>
#include <unordered_map>

namespace libsearch::detail {

std::vector<std::pair<std::string, std::size_t>> FacetCounts::top(std::size_t limit) const {
  std::vector<std::pair<std::string, std::size_t>> out = values;
  auto by_count = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  if (out.size() > limit) {
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(limit), out.end(),
                      by_count);
    out.resize(limit);
  } else {
    std::sort(out.begin(), out.end(), by_count);
  }
  return out;
}

FacetCounts counts_of(const Xapian::ValueCountMatchSpy& spy) {
  FacetCounts c;
  c.total = spy.get_total();
  for (auto v = spy.values_begin(); v != spy.values_end(); ++v)
    c.values.emplace_back(*v, v.get_termfreq());
  return c;
}

FacetColumns::FacetColumns(const Xapian::Database& db, const std::vector<Xapian::valueno>& slots)
    : slots_(slots), codes_(slots.size()), values_(slots.size()) {
  const std::size_t size = static_cast<std::size_t>(db.get_lastdocid()) + 1;
  for (std::size_t c = 0; c < slots_.size(); ++c) {
    std::vector<std::uint32_t>& codes = codes_[c];
    codes.assign(size, 0);
    std::unordered_map<std::string, std::uint32_t> seen;
    // Passages of a release follow each other and mostly share their
    // values: the previous value's code is checked before the map.
    std::string last;
    std::uint32_t last_code = 0;
    for (auto v = db.valuestream_begin(slots_[c]); v != db.valuestream_end(slots_[c]); ++v) {
      const Xapian::docid did = v.get_docid();
      if (did >= size) continue;  // cannot happen within one snapshot
      std::string value = *v;
      if (value.empty()) continue;
      if (last_code == 0 || value != last) {
        auto [it, added] =
            seen.emplace(value, static_cast<std::uint32_t>(values_[c].size() + 1));
        if (added) values_[c].push_back(value);
        last_code = it->second;
        last = std::move(value);
      }
      codes[did] = last_code;
    }
  }
}

int FacetColumns::column_of(Xapian::valueno slot) const {
  for (std::size_t c = 0; c < slots_.size(); ++c)
    if (slots_[c] == slot) return static_cast<int>(c);
  return -1;
}

ColumnSpy::ColumnSpy(const FacetColumns& columns, std::vector<int> wanted)
    : columns_(columns), wanted_(std::move(wanted)), tally_(wanted_.size()) {
  for (std::size_t i = 0; i < wanted_.size(); ++i)
    tally_[i].assign(columns_.values_[static_cast<std::size_t>(wanted_[i])].size() + 1, 0);
}

void ColumnSpy::operator()(const Xapian::Document& doc, double) {
  const Xapian::docid did = doc.get_docid();
  ++total_;
  for (std::size_t i = 0; i < wanted_.size(); ++i) {
    const auto& codes = columns_.codes_[static_cast<std::size_t>(wanted_[i])];
    if (did < codes.size()) ++tally_[i][codes[did]];
  }
}

FacetCounts ColumnSpy::counts(std::size_t i) const {
  FacetCounts c;
  c.total = total_;
  const auto& values = columns_.values_[static_cast<std::size_t>(wanted_[i])];
  for (std::size_t code = 1; code < tally_[i].size(); ++code)
    if (tally_[i][code] > 0) c.values.emplace_back(values[code - 1], tally_[i][code]);
  std::sort(c.values.begin(), c.values.end());
  return c;
}

}  // namespace libsearch::detail
