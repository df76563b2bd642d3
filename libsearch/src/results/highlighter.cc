#include "results/highlighter.h"

#include <algorithm>
#include <unordered_map>

namespace libsearch::detail {

std::vector<Span> highlight(Analyzer& analyzer, const std::string& text,
                            const std::vector<HighlightPattern>& patterns) {
  std::vector<Span> spans;
  if (patterns.empty()) return spans;
  const std::vector<Term> terms = analyzer.terms(text);
  std::unordered_map<std::string, std::vector<const Term*>> by_term;
  for (const Term& t : terms) by_term[t.term].push_back(&t);
  auto at = [&](const std::string& term, std::uint32_t pos) -> const Term* {
    auto it = by_term.find(term);
    if (it == by_term.end()) return nullptr;
    for (const Term* t : it->second)
      if (t->position == pos) return t;
    return nullptr;
  };
  for (const HighlightPattern& p : patterns) {
    if (p.terms.empty()) continue;
    auto first = by_term.find(p.terms[0].first);
    if (first == by_term.end()) continue;
    if (p.terms.size() == 1) {
      for (const Term* t : first->second) spans.push_back({t->byte_start, t->byte_end});
      continue;
    }
    for (const Term* t : first->second) {
      if (t->position == 0) continue;
      std::size_t start = t->byte_start, end = t->byte_end;
      bool ok = true;
      for (std::size_t i = 1; i < p.terms.size() && ok; ++i) {
        const auto rel = static_cast<std::uint32_t>(p.terms[i].second - p.terms[0].second);
        const Term* u = at(p.terms[i].first, t->position + rel);
        if (!u) {
          ok = false;
        } else {
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
  std::vector<Span> merged;
  for (const Span& s : spans) {
    if (!merged.empty() && s.byte_start <= merged.back().byte_end) {
      merged.back().byte_end = std::max(merged.back().byte_end, s.byte_end);
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

}  // namespace libsearch::detail
