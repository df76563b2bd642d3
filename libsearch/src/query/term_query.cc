#include "query/term_query.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>

#include "analysis/utf8.h"
#include "index/schema.h"
#include "query/question_words.h"

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

char kind_of(const std::string& term) { return term.empty() ? 0 : term[0]; }

// Title terms are indexed without positions (see DocumentBuilder).
bool positional_field(const std::string& prefix) { return prefix != schema::kTitlePrefix; }

// Below this share of the rarest bigram's passages holding the word, a
// phrase is checked in every candidate (see exact_chars). On real/ at 10x
// the faster form changed between a share of 0.51 (国防部: 4.3 ms as the
// word or the phrase, 2.6 ms checked everywhere) and 0.61 (中美关系: 1.2
// against 3.3 ms).
constexpr double kWordShareForWordFirst = 0.56;

// `filter` (a run's bigrams `bigram_terms`, which carry the weight) where
// `phrase`, the run's characters in order, holds. The characters' posting
// lists are long, and moving them to each candidate is most of the cost of
// a Chinese phrase. Two forms give the same passages with the same weights:
// - Word first: a passage where the run is indexed as one word (`word`:
//   ICU or the lexicon made it one there, however the query was segmented)
//   holds its characters in order, so only passages without that word are
//   checked. Xapian would merge a plain AND_NOT into the AND over the
//   characters and read their postings for every candidate first; as a
//   synonym it is matched on its own. This check runs before the query's
//   other terms, on every passage with the bigrams.
// - Checked everywhere: the phrase filters the whole AND it stands in, so
//   its characters are read only for passages that hold every other term of
//   the query and could still make the top hits.
// Word first is faster when most candidates hold the word; `term_freq`, when
// given, tells which. Without it, word first.
Xapian::Query exact_chars(const Xapian::Query& filter,
                          const std::vector<std::string>& bigram_terms,
                          const Xapian::Query& phrase, const std::string& word,
                          const TermFreqFn& term_freq) {
  if (term_freq && !bigram_terms.empty()) {
    Xapian::doccount fewest = std::numeric_limits<Xapian::doccount>::max();
    for (const std::string& b : bigram_terms) fewest = std::min(fewest, term_freq(b));
    if (static_cast<double>(term_freq(word)) < kWordShareForWordFirst * fewest)
      return Xapian::Query(Xapian::Query::OP_FILTER, filter, phrase);
  }
  const Xapian::Query w(word);
  const Xapian::Query without_word(Xapian::Query::OP_AND_NOT, filter, w);
  const Xapian::Query checked(Xapian::Query::OP_FILTER,
                              Xapian::Query(Xapian::Query::OP_SYNONYM, &without_word,
                                            &without_word + 1),
                              phrase);
  return Xapian::Query(Xapian::Query::OP_FILTER, filter,
                       Xapian::Query(Xapian::Query::OP_OR, w, checked));
}

// The run of Chinese characters that "U" terms spell, as a word term.
std::string run_word(const std::vector<const Term*>& chars, const std::string& prefix) {
  std::string word = prefix;
  for (const Term* t : chars) word.append(t->term, 1, std::string::npos);
  return word;
}

// Characters in order: the characters' exact phrase, matched through the
// bigrams (which give the weight and find candidates quickly). `chars` are
// the "U" terms of one Han run, `bigrams` its "B" terms. In a field without
// positions the bigrams alone stand for the phrase.
Xapian::Query han_run_query(const std::vector<const Term*>& chars,
                            const std::vector<const Term*>& bigrams,
                            const std::string& prefix, bool positional,
                            const TermFreqFn& term_freq) {
  if (chars.size() == 1) return Xapian::Query(prefix + chars[0]->term);
  std::vector<std::string> bigram_terms;
  std::vector<Xapian::Query> b;
  for (const Term* t : bigrams) b.emplace_back(bigram_terms.emplace_back(prefix + t->term));
  Xapian::Query filter = combine(Xapian::Query::OP_AND, b);
  if (chars.size() == 2 || !positional) return filter;
  std::vector<Xapian::Query> u;
  for (const Term* t : chars) u.emplace_back(prefix + t->term, 1, t->position);
  Xapian::Query phrase(Xapian::Query::OP_PHRASE, u.begin(), u.end(),
                       static_cast<Xapian::termcount>(u.size()));
  return exact_chars(filter, bigram_terms, phrase, run_word(chars, prefix), term_freq);
}

// `terms` of `text` as a highlight pattern.
HighlightPattern pattern_of(const std::vector<const Term*>& terms, std::string_view text) {
  HighlightPattern p;
  if (terms.empty()) return p;
  const auto first = static_cast<int>(terms.front()->position);
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const Term* t = terms[i];
    p.terms.emplace_back(t->term, static_cast<int>(t->position) - first);
    const Term* prev = i > 0 ? terms[i - 1] : nullptr;
    p.touching.push_back(prev && kind_of(prev->term) == 'U' && kind_of(t->term) == 'U' &&
                         prev->byte_end <= t->byte_start && t->byte_start <= text.size() &&
                         only_space(text.substr(prev->byte_end, t->byte_start - prev->byte_end)));
  }
  return p;
}

// A quoted phrase (see phrase_query). With `weighted`, the passages of the
// phrase that `weighted` matches, with the weight `weighted` gives them
// and none from the phrase's own terms.
Xapian::Query phrase_form(Analyzer& analyzer_, std::string_view text, const std::string& prefix,
                          std::vector<HighlightPattern>* patterns,
                          const TermFreqFn& term_freq, const Xapian::Query* weighted) {
  auto weigh = [&](const Xapian::Query& q) {
    return weighted ? Xapian::Query(Xapian::Query::OP_FILTER, *weighted, q) : q;
  };
  const bool positional = positional_field(prefix);
  const std::vector<Term> terms = analyzer_.terms(text);
  // The phrase: characters, words and numbers at their positions, which
  // follow each other with no gap. The filter: bigrams, words and numbers,
  // which carry the weight and narrow the candidates before positions are
  // read.
  std::vector<const Term*> seq;
  std::vector<Xapian::Query> filter;
  std::vector<std::string> bigram_terms;
  for (const Term& t : terms) {
    const char k = kind_of(t.term);
    if (t.positional) seq.push_back(&t);
    if (k == 'B') filter.emplace_back(bigram_terms.emplace_back(prefix + t.term));
    else if (t.positional && k != 'U') filter.emplace_back(prefix + t.term);
  }
  const bool has_bigram = !bigram_terms.empty();
  if (seq.empty()) return weighted ? *weighted : Xapian::Query();
  if (patterns) patterns->push_back(pattern_of(seq, text));
  if (seq.size() == 1) return weigh(Xapian::Query(prefix + seq[0]->term));
  // A lone character (no bigram holds it) must be in the filter too when the
  // field has no positions.
  if (!positional) {
    for (const Term* s : seq) {
      if (kind_of(s->term) != 'U') continue;
      const bool joined = std::any_of(terms.begin(), terms.end(), [&](const Term& b) {
        return kind_of(b.term) == 'B' &&
               (b.position == s->position || b.position + 1 == s->position);
      });
      if (!joined) filter.emplace_back(prefix + s->term);
    }
    return weigh(combine(Xapian::Query::OP_AND, filter));
  }
  // Two characters of one run: their bigram is the phrase.
  if (seq.size() == 2 && filter.size() == 1 && kind_of(seq[0]->term) == 'U' &&
      kind_of(seq[1]->term) == 'U')
    return weigh(filter[0]);
  std::vector<Xapian::Query> u;
  for (const Term* t : seq) u.emplace_back(prefix + t->term, 1, t->position);
  Xapian::Query phrase(Xapian::Query::OP_PHRASE, u.begin(), u.end(),
                       static_cast<Xapian::termcount>(u.size()));
  if (!has_bigram) return weigh(phrase);  // words only: the phrase is weight enough
  Xapian::Query all = weigh(combine(Xapian::Query::OP_AND, filter));
  if (std::all_of(seq.begin(), seq.end(), [](const Term* t) { return kind_of(t->term) == 'U'; }))
    return exact_chars(all, bigram_terms, phrase, run_word(seq, prefix),
                       term_freq);  // Chinese characters alone
  return Xapian::Query(Xapian::Query::OP_FILTER, all, phrase);
}

// The loose form of tokens [first, end) of `text`, appended to `out`: each
// English word as its stem, each number whole, each Chinese word as the word
// or as its characters in order, characters ICU cut apart kept together.
void loose_parts(Analyzer& analyzer_, std::string_view text, const std::vector<Token>& tokens,
                 std::size_t first, std::size_t end, const std::string& prefix, bool positional,
                 const TermFreqFn& term_freq, std::vector<TextPart>& out,
                 std::vector<HighlightPattern>* patterns) {
  for (std::size_t i = first; i < end; ++i) {
    const Token& t = tokens[i];
    const std::string typed(text.substr(t.byte_start, t.byte_end - t.byte_start));
    if (t.kind == Token::Kind::kWord) {
      const std::string stem = "Z" + analyzer_.stem(t.text);
      out.push_back({Xapian::Query(prefix + stem), typed});
      if (patterns) patterns->push_back({{{stem, 0}}});
      continue;
    }
    if (t.kind == Token::Kind::kNumber) {
      out.push_back({Xapian::Query(prefix + t.text), typed});
      if (patterns) patterns->push_back({{{t.text, 0}}});
      continue;
    }
    // ICU cuts a run it does not know into single characters (字人 ->
    // 字/人): such characters stay together, in order.
    std::size_t last = i;
    if (t.length == 1) {
      while (last + 1 < end && tokens[last + 1].kind == Token::Kind::kHan &&
             tokens[last + 1].length == 1 && tokens[last + 1].continues_run)
        ++last;
    }
    // A Chinese word: as a word, or as its characters in order.
    const std::string_view word = text.substr(t.byte_start, tokens[last].byte_end - t.byte_start);
    const std::vector<Term> terms = analyzer_.terms(word);
    std::vector<const Term*> chars, bigrams;
    for (const Term& c : terms) {
      if (kind_of(c.term) == 'U') chars.push_back(&c);
      if (kind_of(c.term) == 'B') bigrams.push_back(&c);
    }
    if (chars.empty()) continue;
    Xapian::Query chars_q = han_run_query(chars, bigrams, prefix, positional, term_freq);
    if (patterns) patterns->push_back(pattern_of(chars, word));
    if (last > i || chars.size() == 1) {
      out.push_back({chars_q, std::string(word)});
      i = last;
      continue;
    }
    out.push_back({Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(prefix + t.text),
                                 Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, chars_q,
                                               kBigramWeight)),
                   typed});
    if (patterns) patterns->push_back({{{t.text, 0}}});
  }
}

// Whether the loose form of run [first, end) (touching tokens, `run` their
// text) matches more than the run as written: it holds Chinese and more
// than one position, and is not already one sequence of characters (one
// Chinese word, which matches as the word or as its characters in order;
// two characters, whose bigram is the run; characters ICU cut apart).
bool needs_exact(Analyzer& analyzer_, const std::vector<Token>& tokens, std::size_t first,
                 std::size_t end, std::string_view run) {
  if (end - first == 1 && tokens[first].kind == Token::Kind::kHan) return false;
  bool han = false, all_single = true;
  for (std::size_t i = first; i < end; ++i) {
    if (tokens[i].kind != Token::Kind::kHan) all_single = false;
    else han = true;
    if (tokens[i].length != 1) all_single = false;
  }
  if (!han || all_single) return false;
  std::size_t positions = 0, chars = 0;
  for (const Term& t : analyzer_.terms(run)) {
    if (!t.positional) continue;
    ++positions;
    if (kind_of(t.term) == 'U') ++chars;
  }
  return positions > 2 || (positions == 2 && chars < 2);
}

}  // namespace

Xapian::Query text_query(Analyzer& analyzer_, std::string_view text, const std::string& prefix,
                         bool any, std::vector<HighlightPattern>* patterns,
                         const TermFreqFn& term_freq, TextRuns* runs, bool loose,
                         std::vector<TextPart>* text_parts) {
  const bool positional = positional_field(prefix);
  std::vector<Xapian::Query> parts;
  if (any) {
    // Any-term ranking (long natural-language questions): every word, stem,
    // number and Chinese bigram is a term of its own, Chinese words weighted
    // above bigrams; single characters only where a run has no bigram.
    // Question and function words (QuestionWords) are left out: their
    // words, characters and stems, and the bigrams they share with their
    // neighbours.
    const std::vector<Term> terms = analyzer_.terms(text);
    const QuestionWords& question_words = QuestionWords::builtin();
    std::set<std::uint32_t> asking;  // positions of question words
    for (const Token& tk : analyzer_.tokenize(text))
      if (question_words.contains(tk.text))
        for (std::uint32_t p = tk.position; p < tk.position + tk.length; ++p) asking.insert(p);
    std::set<std::pair<std::string, std::size_t>> seen;
    for (std::size_t i = 0; i < terms.size(); ++i) {
      const Term& t = terms[i];
      const char k = kind_of(t.term);
      bool asks = false;
      if (k == 'U') {
        const bool joined = std::any_of(terms.begin(), terms.end(), [&](const Term& b) {
          return kind_of(b.term) == 'B' &&
                 (b.position == t.position || b.position + 1 == t.position);
        });
        if (joined) continue;
        asks = asking.count(t.position) != 0;
      } else if (k == 'B') {
        // A bigram with a character of a question word: 是否 in 资金是否受
        // leaves out B是否 and also B金是, B否受.
        asks = asking.count(t.position) != 0 || asking.count(t.position + 1) != 0;
      } else if (k == 'Z') {
        asks = asking.count(t.position) != 0;
      } else if (i + 1 < terms.size() && kind_of(terms[i + 1].term) == 'Z' &&
                 terms[i + 1].position == t.position) {
        // A word (of any script but Chinese): its stem, the next term,
        // stands for it. Numbers, also those with letters (g20), have no
        // stem and stand for themselves.
        continue;
      } else {
        asks = question_words.contains(t.term);  // a Chinese word
      }
      if (asks) continue;
      Xapian::Query q(prefix + t.term);
      if (k == 'B') q = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, kAnyBigramWeight);
      parts.push_back(std::move(q));
      if (patterns && seen.emplace(t.term, 0).second) patterns->push_back({{{t.term, 0}}});
    }
    return combine(Xapian::Query::OP_OR, parts);
  }
  const std::vector<Token> tokens = analyzer_.tokenize(text);
  std::vector<TextPart> own;
  std::vector<TextPart>& out = text_parts ? *text_parts : own;
  const std::size_t first_part = out.size();
  for (std::size_t i = 0; i < tokens.size();) {
    // Tokens [i, end) touch each other: one run when it holds Chinese.
    std::size_t end = i + 1;
    while (end < tokens.size() && tokens[end].byte_start == tokens[end - 1].byte_end) ++end;
    const std::size_t before = out.size();
    std::vector<HighlightPattern> loose_patterns;
    loose_parts(analyzer_, text, tokens, i, end, prefix, positional, term_freq, out,
                patterns ? &loose_patterns : nullptr);
    const std::string_view run =
        text.substr(tokens[i].byte_start, tokens[end - 1].byte_end - tokens[i].byte_start);
    if (!needs_exact(analyzer_, tokens, i, end, run)) {
      if (patterns) patterns->insert(patterns->end(), loose_patterns.begin(), loose_patterns.end());
      i = end;
      continue;
    }
    const std::size_t number = runs ? runs->runs.size() : 0;
    const bool as_loose = loose || (runs && (runs->all_loose || runs->loose.count(number) > 0));
    if (runs)
      runs->runs.push_back(
          {std::string(run), phrase_form(analyzer_, run, prefix, nullptr, term_freq, nullptr),
           as_loose});
    if (as_loose) {
      if (patterns) patterns->insert(patterns->end(), loose_patterns.begin(), loose_patterns.end());
      i = end;
      continue;
    }
    // As written: the quoted run's passages, weighted as its loose form is
    // (which every passage holding the run as written also matches), so
    // ranking among them is the loose form's.
    std::vector<Xapian::Query> weighted;
    for (std::size_t k = before; k < out.size(); ++k) weighted.push_back(out[k].query);
    const Xapian::Query w = combine(Xapian::Query::OP_AND, weighted);
    Xapian::Query exact = phrase_form(analyzer_, run, prefix, patterns, term_freq, &w);
    out.resize(before);
    out.push_back({std::move(exact), std::string(run)});
    i = end;
  }
  std::vector<Xapian::Query> all;
  for (std::size_t k = first_part; k < out.size(); ++k) all.push_back(out[k].query);
  return combine(Xapian::Query::OP_AND, all);
}

Xapian::Query phrase_query(Analyzer& analyzer_, std::string_view text, const std::string& prefix,
                           std::vector<HighlightPattern>* patterns,
                           const TermFreqFn& term_freq) {
  return phrase_form(analyzer_, text, prefix, patterns, term_freq, nullptr);
}

}  // namespace libsearch::detail
