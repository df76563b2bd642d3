// Concordances (KWIC): every occurrence of a query with its context.
#include <algorithm>
#include <utility>

#include "analysis/utf8.h"
#include "libsearch/research.h"
#include "results/match_scan.h"
#include "results/searcher_access.h"

namespace libsearch {
namespace {

using detail::utf8_backward;
using detail::utf8_count;
using detail::utf8_forward;

bool chinese(const std::string& lang) { return lang.size() >= 2 && lang.compare(0, 2, "zh") == 0; }

// The normalised words of `text`, nearest the node first when `reverse`.
std::vector<std::string> sort_words(Analyzer& analyzer, const std::string& text, bool reverse) {
  std::vector<std::string> out;
  for (Token& t : analyzer.tokenize(text)) out.push_back(std::move(t.text));
  if (reverse) std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace

Concordance concordance(Searcher& searcher, const SearchRequest& request,
                        const ConcordanceOptions& options) {
  Concordance out;
  out.query = request.query;
  Analyzer& analyzer = detail::SearcherAccess::analyzer(searcher);
  std::vector<Token> tokens;
  const detail::MatchScan scan =
      detail::scan_matches(searcher, request, [&](detail::MatchedPassage& m) {
        const detail::PassageRecord& r = m.record;
        const std::string& text = r.text;
        const bool by_chars = chinese(r.lang);
        if (!by_chars && !m.occurrences.empty()) tokens = analyzer.tokenize(text);
        for (const Span& s : m.occurrences) {
          ConcordanceLine l;
          l.release_id = r.release_id;
          l.paragraph = r.paragraph;
          l.date = r.date;
          if (r.has_speaker) l.speaker = Speaker{r.speaker_name, r.speaker_role};
          l.source = r.source;
          l.lang = r.lang;
          std::size_t from, to;
          if (by_chars) {
            from = utf8_backward(text, s.byte_start, options.context_chars);
            to = utf8_forward(text, s.byte_end, options.context_chars);
          } else {
            // The first token ending at or before the node, counted back;
            // the first starting at or after its end, counted on.
            const auto after = std::partition_point(
                tokens.begin(), tokens.end(),
                [&](const Token& t) { return t.byte_start < s.byte_end; });
            const auto before = std::partition_point(
                tokens.begin(), tokens.end(),
                [&](const Token& t) { return t.byte_end <= s.byte_start; });
            const auto left_n = static_cast<std::size_t>(before - tokens.begin());
            from = options.context_words == 0 ? s.byte_start
                   : left_n >= options.context_words
                       ? tokens[left_n - options.context_words].byte_start
                       : 0;
            const auto right_n = static_cast<std::size_t>(tokens.end() - after);
            to = options.context_words == 0 ? s.byte_end
                 : right_n >= options.context_words
                     ? (after + static_cast<std::ptrdiff_t>(options.context_words) - 1)->byte_end
                     : text.size();
          }
          l.left = text.substr(from, s.byte_start - from);
          l.node = text.substr(s.byte_start, s.byte_end - s.byte_start);
          l.right = text.substr(s.byte_end, to - s.byte_end);
          l.byte_start = s.byte_start;
          l.byte_end = s.byte_end;
          l.char_start = utf8_count(text, 0, s.byte_start);
          l.char_end = l.char_start + utf8_count(text, s.byte_start, s.byte_end);
          out.lines.push_back(std::move(l));
        }
      });
  out.passages = scan.passages;
  out.warnings = scan.warnings;
  out.occurrences = out.lines.size();

  auto& lines = out.lines;
  switch (options.sort) {
    case ConcordanceSort::kCorpus:
      break;
    case ConcordanceSort::kLeft:
    case ConcordanceSort::kRight: {
      const bool left = options.sort == ConcordanceSort::kLeft;
      std::vector<std::pair<std::vector<std::string>, std::size_t>> keys;
      keys.reserve(lines.size());
      for (std::size_t i = 0; i < lines.size(); ++i)
        keys.emplace_back(sort_words(analyzer, left ? lines[i].left : lines[i].right, left), i);
      std::stable_sort(keys.begin(), keys.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      std::vector<ConcordanceLine> sorted;
      sorted.reserve(lines.size());
      for (const auto& k : keys) sorted.push_back(std::move(lines[k.second]));
      lines = std::move(sorted);
      break;
    }
    case ConcordanceSort::kDate:
      std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
        if (a.date.empty() != b.date.empty()) return b.date.empty();
        return a.date < b.date;
      });
      break;
    case ConcordanceSort::kSpeaker:
      std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
        if (a.speaker.has_value() != b.speaker.has_value()) return a.speaker.has_value();
        return a.speaker && a.speaker->name < b.speaker->name;
      });
      break;
    case ConcordanceSort::kSource:
      std::stable_sort(lines.begin(), lines.end(),
                       [](const auto& a, const auto& b) { return a.source < b.source; });
      break;
  }
  return out;
}

}  // namespace libsearch
