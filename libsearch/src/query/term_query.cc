#include "query/term_query.h"

#include <algorithm>

namespace libsearch::detail {
namespace {

// Chinese words count more than the bigrams that also find them, so a
// whole-word match outranks a match that only shares characters.
constexpr double kBigramWeight = 0.5;

Xapian::Query combine(Xapian::Query::op op, std::vector<Xapian::Query>& parts) {
  if (parts.empty()) return Xapian::Query();
  if (parts.size() == 1) return parts[0];
  return Xapian::Query(op, parts.begin(), parts.end());
}

}  // namespace

Xapian::Query text_query(Analyzer& analyzer_, std::string_view text, const std::string& prefix,
                         bool any, std::vector<HighlightPattern>* patterns) {
  std::vector<Xapian::Query> parts;
  // ICU leaves words it does not know as single characters (疫情 -> 疫/情):
  // adjacent ones are kept together so they match as a sequence.
  std::vector<Token> tokens;
  bool last_is_single_run = false;
  for (Token& t : analyzer_.tokenize(text)) {
    const bool single = t.kind == Token::Kind::kHan && t.length == 1;
    if (single && t.continues_run && last_is_single_run) {
      Token& prev = tokens.back();
      prev.text += t.text;
      prev.length += 1;
      prev.byte_end = t.byte_end;
      continue;
    }
    last_is_single_run = single;
    tokens.push_back(std::move(t));
  }
  for (const Token& t : tokens) {
    if (t.kind == Token::Kind::kWord) {
      const std::string term = prefix + "Z" + analyzer_.stem(t.text);
      parts.emplace_back(term);
      if (patterns) patterns->push_back({{{"Z" + analyzer_.stem(t.text), 0}}});
    } else if (t.kind == Token::Kind::kNumber) {
      parts.emplace_back(prefix + t.text);
      if (patterns) patterns->push_back({{{t.text, 0}}});
    } else {
      // A Chinese word: as an ICU word, or as its characters in order.
      const std::vector<Term> chars = analyzer_.terms(t.text);
      std::vector<Xapian::Query> bigrams;
      HighlightPattern bigram_pattern;
      std::string unigram;
      for (const Term& c : chars) {
        if (c.term[0] == 'B') {
          bigrams.emplace_back(prefix + c.term, 1, c.position);
          bigram_pattern.terms.emplace_back(c.term, static_cast<int>(c.position));
        } else if (c.term[0] == 'U' && unigram.empty()) {
          unigram = c.term;
        }
      }
      if (bigrams.empty()) {
        parts.emplace_back(prefix + unigram);
        if (patterns) patterns->push_back({{{unigram, 0}}});
        continue;
      }
      Xapian::Query chars_q =
          bigrams.size() == 1
              ? bigrams[0]
              : Xapian::Query(Xapian::Query::OP_PHRASE, bigrams.begin(), bigrams.end(),
                              static_cast<Xapian::termcount>(bigrams.size()));
      parts.emplace_back(Xapian::Query::OP_OR, Xapian::Query(prefix + t.text),
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, chars_q, kBigramWeight));
      if (patterns) {
        patterns->push_back({{{t.text, 0}}});
        patterns->push_back(std::move(bigram_pattern));
      }
    }
  }
  return combine(any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND, parts);
}

Xapian::Query phrase_query(Analyzer& analyzer_, std::string_view text, const std::string& prefix,
                           std::vector<HighlightPattern>* patterns) {
  // Terms at their positions: words as written, Chinese runs as bigrams.
  std::vector<std::pair<std::string, std::uint32_t>> seq;
  std::vector<Xapian::Query> loose;  // single Han characters between words
  for (const Term& t : analyzer_.terms(text)) {
    const char k = t.term.empty() ? 0 : t.term[0];
    if (k == 'Z') continue;
    if (k == 'U') continue;
    if (t.position == 0) continue;
    seq.emplace_back(t.term, t.position);
  }
  // Han tokens contribute their ICU word too; in a phrase only the bigrams
  // (and words of other scripts) place characters exactly.
  std::vector<Token> tokens = analyzer_.tokenize(text);
  std::vector<std::pair<std::string, std::uint32_t>> exact;
  for (const auto& entry : seq) {
    // Named, not a structured binding: C++17 lambdas cannot capture those.
    const std::string& term = entry.first;
    const std::uint32_t pos = entry.second;
    const bool han_word = std::any_of(tokens.begin(), tokens.end(), [&](const Token& t) {
      return t.kind == Token::Kind::kHan && t.text == term && t.position == pos;
    });
    if (!han_word) exact.emplace_back(term, pos);
  }
  // A Han token of one character with no neighbour in its run has no bigram.
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind != Token::Kind::kHan || t.length != 1) continue;
    const bool joined_before = t.continues_run;
    const bool joined_after = i + 1 < tokens.size() && tokens[i + 1].continues_run;
    if (!joined_before && !joined_after) {
      const std::string u = "U" + t.text;
      if (tokens.size() == 1) {
        if (patterns) patterns->push_back({{{u, 0}}});
        return Xapian::Query(prefix + u);
      }
      loose.emplace_back(prefix + u);
    }
  }
  std::sort(exact.begin(), exact.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  if (exact.empty()) {
    if (loose.empty()) return Xapian::Query();
    return combine(Xapian::Query::OP_AND, loose);
  }
  std::vector<Xapian::Query> terms;
  HighlightPattern pattern;
  const std::uint32_t first = exact.front().second;
  for (const auto& [term, pos] : exact) {
    terms.emplace_back(prefix + term, 1, pos);
    pattern.terms.emplace_back(term, static_cast<int>(pos - first));
  }
  Xapian::Query q;
  if (terms.size() == 1) {
    q = terms[0];
  } else {
    const std::uint32_t span = exact.back().second - first + 1;
    q = Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), span);
  }
  if (patterns) patterns->push_back(std::move(pattern));
  if (!loose.empty()) {
    loose.insert(loose.begin(), q);
    q = combine(Xapian::Query::OP_AND, loose);
  }
  return q;
}

}  // namespace libsearch::detail
