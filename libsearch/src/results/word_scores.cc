// Collocates and keywords: words scored against their passage frequencies.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <xapian.h>

#include "libsearch/error.h"
#include "libsearch/research.h"
#include "results/match_scan.h"
#include "results/searcher_access.h"

namespace libsearch {
namespace {

std::unordered_set<std::string> stop_set(const std::vector<std::string>& words) {
  std::unordered_set<std::string> out;
  for (const std::string& w : words) out.insert(normalize_text(w));
  return out;
}

// o ln(o / e), 0 for an empty cell.
double g_term(double o, double e) { return o > 0 && e > 0 ? o * std::log(o / e) : 0.0; }

// Dunning's G2 of a 2x2 table [o11 o12; o21 o22].
double log_likelihood(double o11, double o12, double o21, double o22) {
  const double n = o11 + o12 + o21 + o22;
  const double r1 = o11 + o12, r2 = o21 + o22, c1 = o11 + o21, c2 = o12 + o22;
  return 2.0 * (g_term(o11, r1 * c1 / n) + g_term(o12, r1 * c2 / n) + g_term(o21, r2 * c1 / n) +
                g_term(o22, r2 * c2 / n));
}

const char* measure_name(AssociationMeasure m) {
  return m == AssociationMeasure::kLogDice ? "logdice"
         : m == AssociationMeasure::kMi    ? "mi"
                                           : "ll";
}

// A word term of the index: not a character ("U"), bigram ("B") or stem
// ("Z") term, and not a number.
bool word_term(const std::string& t) {
  if (t.empty()) return false;
  const char c = t[0];
  return c != 'U' && c != 'B' && c != 'Z' && !(c >= '0' && c <= '9');
}

// The corpus words are scored against: every passage, or with a language
// filter the passages in those languages (a researcher comparing English
// passages wants English ones as the reference). Passage frequencies come
// from the index: a word's term frequency, or within the languages its
// passages there, counted by a query.
class Corpus {
 public:
  Corpus(Searcher& searcher, const SearchRequest& request)
      : db_(detail::SearcherAccess::database(searcher)) {
    if (request.langs.empty()) {
      passages_ = db_.get_doccount();
      return;
    }
    SearchRequest langs;
    langs.langs = request.langs;
    detail::ParsedQuery parsed;
    filter_ = detail::SearcherAccess::query(searcher, langs, parsed);
    filtered_ = true;
    passages_ = count(filter_);
  }
  std::size_t passages() const { return passages_; }
  std::size_t frequency(const std::string& word) const {
    if (!filtered_) return db_.get_termfreq(word);
    return count(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(word), filter_));
  }

 private:
  std::size_t count(const Xapian::Query& q) const {
    Xapian::Enquire e(db_);
    e.set_weighting_scheme(Xapian::BoolWeight());
    e.set_query(q);
    return e.get_mset(0, 0, db_.get_doccount()).get_matches_estimated();
  }
  Xapian::Database& db_;
  Xapian::Query filter_;
  bool filtered_ = false;
  std::size_t passages_ = 0;
};

void rank(std::vector<WordScore>& items, std::size_t limit) {
  std::sort(items.begin(), items.end(), [](const WordScore& a, const WordScore& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.observed != b.observed) return a.observed > b.observed;
    return a.word < b.word;
  });
  if (items.size() > limit) items.resize(limit);
}

}  // namespace

WordScores collocates(Searcher& searcher, const SearchRequest& request,
                      const CollocateOptions& options) {
  WordScores out;
  out.query = request.query;
  out.measure = measure_name(options.measure);
  Analyzer& analyzer = detail::SearcherAccess::analyzer(searcher);
  const auto stop = stop_set(options.stop_words);
  std::unordered_map<std::string, std::size_t> observed;
  std::set<std::string> near;
  const detail::MatchScan scan =
      detail::scan_matches(searcher, request, [&](detail::MatchedPassage& m) {
        if (m.occurrences.empty()) return;
        const std::vector<Token> tokens = analyzer.tokenize(m.record.text);
        // Tokens inside an occurrence are the node, never its collocates.
        auto inside = [&](const Token& t) {
          for (const Span& s : m.occurrences)
            if (t.byte_start < s.byte_end && s.byte_start < t.byte_end) return true;
          return false;
        };
        near.clear();
        auto take = [&](const Token& t) {
          if (t.kind == Token::Kind::kNumber || inside(t) || stop.count(t.text)) return;
          near.insert(t.text);
        };
        for (const Span& s : m.occurrences) {
          const auto first = static_cast<std::size_t>(
              std::partition_point(tokens.begin(), tokens.end(),
                                   [&](const Token& t) { return t.byte_end <= s.byte_start; }) -
              tokens.begin());
          const auto after = static_cast<std::size_t>(
              std::partition_point(tokens.begin(), tokens.end(),
                                   [&](const Token& t) { return t.byte_start < s.byte_end; }) -
              tokens.begin());
          for (std::size_t i = first >= options.window ? first - options.window : 0; i < first; ++i)
            take(tokens[i]);
          for (std::size_t i = after; i < tokens.size() && i < after + options.window; ++i)
            take(tokens[i]);
        }
        for (const std::string& w : near) ++observed[w];
      });
  out.warnings = scan.warnings;
  out.passages = scan.passages;
  try {
    const Corpus corpus(searcher, request);
    out.corpus_passages = corpus.passages();
    const double n = static_cast<double>(out.corpus_passages);
    const double fx = static_cast<double>(out.passages);
    for (const auto& [word, o] : observed) {
      if (o < options.min_observed) continue;
      const std::size_t f = corpus.frequency(word);
      if (f < o) continue;  // not a word the index holds as one (see header)
      WordScore w;
      w.word = word;
      w.observed = o;
      w.corpus_frequency = f;
      w.expected = fx * static_cast<double>(f) / n;
      const double od = static_cast<double>(o), fd = static_cast<double>(f);
      switch (options.measure) {
        case AssociationMeasure::kLogDice: w.score = 14.0 + std::log2(2.0 * od / (fx + fd)); break;
        case AssociationMeasure::kMi: w.score = std::log2(od / w.expected); break;
        case AssociationMeasure::kLogLikelihood:
          w.score = log_likelihood(od, fx - od, fd - od, n - fx - fd + od);
          break;
      }
      out.items.push_back(std::move(w));
    }
  } catch (const Xapian::Error& e) {
    throw IndexError("reading word frequencies: " + e.get_description());
  }
  rank(out.items, options.limit);
  return out;
}

WordScores keywords(Searcher& searcher, const SearchRequest& request,
                    const KeywordOptions& options) {
  WordScores out;
  out.query = request.query;
  out.measure = "ll";
  Analyzer& analyzer = detail::SearcherAccess::analyzer(searcher);
  const auto stop = stop_set(options.stop_words);
  std::unordered_map<std::string, std::size_t> held;
  std::vector<Term> terms;
  std::set<std::string> words;
  const detail::MatchScan scan = detail::scan_matches(
      searcher, request,
      [&](detail::MatchedPassage& m) {
        analyzer.terms(m.record.text, 1, terms);
        words.clear();
        for (const Term& t : terms)
          if (word_term(t.term) && !stop.count(t.term)) words.insert(t.term);
        for (const std::string& w : words) ++held[w];
      },
      true);
  out.warnings = scan.warnings;
  out.passages = scan.passages;
  try {
    const Corpus corpus(searcher, request);
    out.corpus_passages = corpus.passages();
    const double t = static_cast<double>(out.passages);
    const double r = static_cast<double>(out.corpus_passages) - t;
    if (out.passages == 0 || r <= 0)
      throw QueryError(0, request.query,
                       "keywords compare the passages a query or filter matches with the rest; \"" +
                           request.query + "\" matches " +
                           (out.passages == 0 ? "none" : "every passage"));
    // Only the words held often enough are looked up.
    for (const auto& [word, a] : held) {
      if (a < options.min_observed) continue;
      const std::size_t f = corpus.frequency(word);
      if (f < a) continue;
      const double ad = static_cast<double>(a), bd = static_cast<double>(f - a);
      if (ad / t <= bd / r) continue;  // not over-represented
      WordScore w;
      w.word = word;
      w.observed = a;
      w.corpus_frequency = f;
      const double n = t + r;
      w.expected = t * static_cast<double>(f) / n;
      w.score = 2.0 * (g_term(ad, w.expected) + g_term(bd, r * static_cast<double>(f) / n));
      w.log_ratio = std::log2((ad / t) / ((bd > 0 ? bd : 0.5) / r));
      out.items.push_back(std::move(w));
    }
  } catch (const Xapian::Error& e) {
    throw IndexError("reading word frequencies: " + e.get_description());
  }
  rank(out.items, options.limit);
  return out;
}

std::vector<std::string> read_stop_words(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, 0, "cannot open the stop word file");
  std::vector<std::string> out;
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const std::size_t last = line.find_last_not_of(" \t");
    const std::string word = line.substr(first, last - first + 1);
    if (word.find_first_of(" \t") != std::string::npos)
      throw InputError(path, line_no, static_cast<int>(first) + 1,
                       "\"" + word + "\" is not one word (expected one stop word a line)");
    out.push_back(word);
  }
  return out;
}

}  // namespace libsearch
