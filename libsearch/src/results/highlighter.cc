#include "results/highlighter.h"

#include <algorithm>
#include <string_view>

#include "analysis/utf8.h"

namespace libsearch::detail {
namespace {

// Every match of every pattern, sorted by start (longest first), overlaps
// and adjacent matches kept.
std::vector<Span> matches(Analyzer& analyzer, const std::string& text,
                          const std::vector<HighlightPattern>& patterns) {
  std::vector<Span> spans;
  if (patterns.empty()) return spans;
  // The distinct terms the patterns use, and where each occurs in the text:
  // a passage has hundreds of terms, a query a handful.
  std::vector<std::string_view> wanted;
  for (const HighlightPattern& p : patterns)
    for (const auto& [term, offset] : p.terms)
      if (std::find(wanted.begin(), wanted.end(), term) == wanted.end()) wanted.push_back(term);
  std::vector<std::vector<const Term*>> found(wanted.size());
  auto index_of = [&](std::string_view term) -> std::size_t {
    return static_cast<std::size_t>(std::find(wanted.begin(), wanted.end(), term) -
                                    wanted.begin());
  };
  std::vector<Term> terms;
  analyzer.character_terms(text, 1, terms);
  for (const Term& t : terms) {
    const std::size_t i = index_of(t.term);
    if (i < wanted.size()) found[i].push_back(&t);
  }
  auto at = [&](const std::string& term, std::uint32_t pos) -> const Term* {
    const std::size_t i = index_of(term);
    if (i == wanted.size()) return nullptr;
    for (const Term* t : found[i])
      if (t->position == pos) return t;
    return nullptr;
  };
  // Nothing but white space between two characters of the text.
  auto touch = [&](const Term& a, const Term& b) {
    return a.byte_end <= b.byte_start &&
           only_space(std::string_view(text).substr(a.byte_end, b.byte_start - a.byte_end));
  };
  for (const HighlightPattern& p : patterns) {
    if (p.terms.empty()) continue;
    const std::vector<const Term*>& first = found[index_of(p.terms[0].first)];
    if (p.terms.size() == 1) {
      for (const Term* t : first) spans.push_back({t->byte_start, t->byte_end});
      continue;
    }
    for (const Term* t : first) {
      if (t->position == 0) continue;
      std::size_t start = t->byte_start, end = t->byte_end;
      bool ok = true;
      const Term* prev = t;
      for (std::size_t i = 1; i < p.terms.size() && ok; ++i) {
        const auto rel = static_cast<std::uint32_t>(p.terms[i].second - p.terms[0].second);
        const Term* u = at(p.terms[i].first, t->position + rel);
        if (!u || (i < p.touching.size() && p.touching[i] && !touch(*prev, *u))) {
          ok = false;
        } else {
          prev = u;
          start = std::min(start, u->byte_start);
          end = std::max(end, u->byte_end);
        }
      }
      if (ok) spans.push_back({start, end});
    }
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.byte_start < b.byte_start || (a.byte_start == b.byte_start && a.byte_end > b.byte_end);
  });
  return spans;
}

}  // namespace

std::vector<Span> occurrences(Analyzer& analyzer, const std::string& text,
                              const std::vector<HighlightPattern>& patterns) {
  std::vector<Span> out;
  for (const Span& s : matches(analyzer, text, patterns))
    if (out.empty() || s.byte_start >= out.back().byte_end) out.push_back(s);
  return out;
}

std::vector<Span> highlight(Analyzer& analyzer, const std::string& text,
                            const std::vector<HighlightPattern>& patterns) {
  std::vector<Span> merged;
  for (const Span& s : matches(analyzer, text, patterns)) {
    if (!merged.empty() && s.byte_start <= merged.back().byte_end) {
      merged.back().byte_end = std::max(merged.back().byte_end, s.byte_end);
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

}  // namespace libsearch::detail
