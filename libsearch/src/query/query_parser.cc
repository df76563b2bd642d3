#include "query/query_parser.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <optional>
#include <set>
#include <utility>

#include "analysis/utf8.h"
#include "bilingual/link_store.h"
#include "index/schema.h"
#include "libsearch/error.h"
#include "passages/date_extractor.h"
#include "passages/speaker_identity.h"

namespace libsearch::detail {
namespace {

enum class Tok {
  kWord, kPhrase, kField, kAnd, kOr, kNot, kMinus, kNear, kLParen, kRParen, kEnd
};

// Limits are not syntax errors: they hold in every mode, since falling back
// to plain terms would not make the query any smaller.
class LimitError : public QueryError {
 public:
  using QueryError::QueryError;
};

struct Lexeme {
  Tok kind;
  std::string text;   // word, phrase content, or field name
  std::size_t offset; // byte offset in the query
  unsigned distance = 0;  // kNear: the n of NEAR/n
  bool loose = false;     // kWord written `~word`: Chinese in its loose form
};

// "NEAR" or "NEAR/n" (n of 1 to 3 digits); false for any other word.
bool near_operator(const std::string& word, std::size_t offset, unsigned& n) {
  if (word.compare(0, 4, "NEAR") != 0) return false;
  if (word.size() == 4) {
    n = kDefaultNearDistance;
    return true;
  }
  if (word[4] != '/') return false;
  const std::string digits = word.substr(5);
  if (digits.empty() || digits.size() > 3 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw QueryError(offset, word, "bad \"" + word + "\" (expected NEAR/n, n a number of words from 1 to 999)");
  n = static_cast<unsigned>(std::stoul(digits));
  if (n == 0) throw QueryError(offset, word, "bad \"" + word + "\" (n must be at least 1)");
  return true;
}

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Opening and closing quotes: ASCII and the typographic/CJK forms.
std::size_t quote_open_len(std::string_view s, std::size_t i) {
  if (s[i] == '"') return 1;
  if (s.compare(i, 3, "\xE2\x80\x9C") == 0) return 3;  // “
  if (s.compare(i, 3, "\xE3\x80\x8C") == 0) return 3;  // 「
  return 0;
}

std::size_t find_quote_close(std::string_view s, std::size_t from, std::size_t& len) {
  for (std::size_t i = from; i < s.size(); ++i) {
    if (s[i] == '"') { len = 1; return i; }
    if (s.compare(i, 3, "\xE2\x80\x9D") == 0 || s.compare(i, 3, "\xE3\x80\x8D") == 0) {
      len = 3;
      return i;
    }
  }
  return std::string_view::npos;
}

const char* const kFields[] = {"title",    "speaker", "source",     "lang",
                               "date",     "mentions", "release", "counterpart"};

bool known_field(const std::string& f) {
  for (const char* k : kFields)
    if (f == k) return true;
  return false;
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  std::vector<Lexeme> run() {
    std::vector<Lexeme> out;
    std::size_t i = 0;
    while (i < s_.size()) {
      if (is_ascii_space(s_[i]) || s_.compare(i, 3, "\xE3\x80\x80") == 0) {
        i += is_ascii_space(s_[i]) ? 1 : 3;
        continue;
      }
      const std::size_t start = i;
      if (s_[i] == '(') { out.push_back({Tok::kLParen, "(", i++}); continue; }
      if (s_[i] == ')') { out.push_back({Tok::kRParen, ")", i++}); continue; }
      if (s_[i] == '-' && (out.empty() || out.back().kind != Tok::kField) &&
          (i == 0 || is_ascii_space(s_[i - 1]) || s_[i - 1] == '(')) {
        out.push_back({Tok::kMinus, "-", i++});
        continue;
      }
      if (std::size_t q = quote_open_len(s_, i)) {
        std::size_t close_len = 0;
        const std::size_t close = find_quote_close(s_, i + q, close_len);
        if (close == std::string_view::npos)
          throw QueryError(i, std::string(s_.substr(i)), "unbalanced quote");
        out.push_back({Tok::kPhrase, std::string(s_.substr(i + q, close - i - q)), start});
        i = close + close_len;
        continue;
      }
      // A bare word runs to white space, a parenthesis or a quote.
      std::size_t j = i;
      while (j < s_.size() && !is_ascii_space(s_[j]) && s_[j] != '(' && s_[j] != ')' &&
             !quote_open_len(s_, j) && s_.compare(j, 3, "\xE3\x80\x80") != 0) {
        if (s_[j] == ':' && j > i) break;
        ++j;
      }
      std::string word(s_.substr(i, j - i));
      if (j < s_.size() && s_[j] == ':' && j > i &&
          std::all_of(word.begin(), word.end(),
                      [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); })) {
        std::string field = word;
        for (char& c : field) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!known_field(field))
          throw QueryError(i, word + ":", "unknown field \"" + word + ":\" (expected one of title:, speaker:, source:, lang:, date:, mentions:, release:, counterpart:)");
        out.push_back({Tok::kField, field, start});
        i = j + 1;
        continue;
      }
      unsigned near = 0;
      if (word == "AND") out.push_back({Tok::kAnd, word, start});
      else if (word == "OR") out.push_back({Tok::kOr, word, start});
      else if (word == "NOT") out.push_back({Tok::kNot, word, start});
      else if (near_operator(word, start, near)) out.push_back({Tok::kNear, word, start, near});
      else if (word.size() > 1 && word[0] == '~')
        out.push_back({Tok::kWord, word.substr(1), start, 0, true});
      else out.push_back({Tok::kWord, word, start});
      i = j;
      if (out.size() > kMaxQueryTerms)
        throw LimitError(start, word, "too many words (the limit is " +
                                          std::to_string(kMaxQueryTerms) + ")");
    }
    out.push_back({Tok::kEnd, "", s_.size()});
    return out;
  }

 private:
  std::string_view s_;
};

std::string compact(std::string_view iso) {
  std::string out;
  for (char c : iso)
    if (c != '-') out.push_back(c);
  return out;
}

std::string period(const std::string& p) { return compact_period(p); }

// date:2019 | date:2019-06 | date:2019-06-30 | date:A..B
std::optional<Xapian::Query> date_field(const std::string& v) {
  const auto dots = v.find("..");
  if (dots != std::string::npos) {
    const std::string from = v.substr(0, dots), to = v.substr(dots + 2);
    std::string f = from.empty() ? "" : period(from), t = to.empty() ? "" : period(to);
    if ((!from.empty() && f.empty()) || (!to.empty() && t.empty())) return std::nullopt;
    // A year or month as a bound covers all of it: 2018..2019 is
    // 20180101..20191231 (values compare as strings, so "99" ends any period).
    if (!t.empty()) t.resize(8, '9');
    if (!f.empty() && !t.empty() && f > t) return std::nullopt;
    if (f.empty() && t.empty()) return std::nullopt;
    return Xapian::Query(f.empty()   ? Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, t)
                         : t.empty() ? Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, f)
                                     : Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, f, t));
  }
  const std::string p = period(v);
  if (p.empty()) return std::nullopt;
  return Xapian::Query(schema::kDateTerm + p);
}

class Parser {
 public:
  Parser(QueryParser& qp, std::string_view text, std::vector<Lexeme> lex, bool any,
         ParsedQuery& out, const std::set<std::size_t>& dropped)
      : qp_(qp),
        text_(text),
        lex_(std::move(lex)),
        any_(any),
        patterns_(out.patterns),
        wildcards_(out.wildcards),
        units_(out.units),
        relaxable_(out.relaxable),
        dropped_(dropped) {
    relaxable_ = !any;
  }

  Xapian::Query parse() {
    Xapian::Query q = parse_or();
    if (peek().kind == Tok::kRParen)
      throw QueryError(peek().offset, ")", "unbalanced parenthesis (no opening \"(\")");
    if (peek().kind != Tok::kEnd)
      throw QueryError(peek().offset, peek().text, "unexpected \"" + peek().text + "\"");
    return q;
  }

 private:
  const Lexeme& peek() const { return lex_[pos_]; }

  // The query text from byte `start` to `end`, without the spaces after it.
  std::string typed(std::size_t start, std::size_t end) const {
    std::string_view t = text_.substr(start, end - start);
    while (!t.empty()) {
      if (is_ascii_space(t.back())) t.remove_suffix(1);
      else if (t.size() >= 3 && t.compare(t.size() - 3, 3, "\xE3\x80\x80") == 0) t.remove_suffix(3);
      else break;
    }
    return std::string(t);
  }
  const Lexeme& next() { return lex_[pos_++]; }

  static constexpr int kMaxDepth = 100;
  int depth_ = 0;
  // What parse_field tells the parse_unary it is part of: the field is a
  // boolean filter, and a language filter in its excluding form (see
  // LanguageFilter), which parse_unary negates.
  bool filter_ = false;
  bool excludes_ = false;

  Xapian::Query parse_or() {
    Xapian::Query q = parse_and();
    while (peek().kind == Tok::kOr) {
      if (depth_ == 0) relaxable_ = false;  // no words that all must match
      next();
      q = Xapian::Query(Xapian::Query::OP_OR, q, parse_and());
    }
    return q;
  }

  bool starts_unary(Tok t) const {
    return t == Tok::kWord || t == Tok::kPhrase || t == Tok::kField || t == Tok::kNot ||
           t == Tok::kMinus || t == Tok::kLParen;
  }

  // A unary term: negated with NOT or "-", and whether it is a boolean
  // filter (a field other than title).
  struct Unary {
    Xapian::Query query;
    bool negated = false;
    bool filter = false;
  };

  Xapian::Query parse_and() {
    std::vector<Unary> kept;  // in the order written
    std::vector<Xapian::Query> neg;
    bool explicit_and = false;
    bool dropped = false;  // a word with no terms (punctuation) matches nothing
    auto add = [&](Unary u) {
      if (u.query.empty()) dropped = true;
      else if (u.negated) neg.push_back(std::move(u.query));
      else kept.push_back(std::move(u));
    };
    // Words of the top level, each of which must match, are the units a
    // relaxed search may leave out (ParsedQuery::units): a plain word's
    // parts (see parse_primary), or the whole operand.
    const bool top = depth_ == 0 && !any_;
    auto operand = [&]() {
      const bool negated = peek().kind == Tok::kNot || peek().kind == Tok::kMinus;
      const std::size_t start = peek().offset;
      const std::size_t units_before = units_.size();
      unit_scope_ = top && !negated;
      Unary u = parse_unary();
      unit_scope_ = false;
      if (std::exchange(left_out_, false)) return;
      if (top && !negated && !u.filter && !u.query.empty() && units_.size() == units_before) {
        const std::size_t number = units_.size();
        units_.push_back(typed(start, peek().offset));
        if (dropped_.count(number) > 0) return;
      }
      add(std::move(u));
    };
    operand();
    while (true) {
      if (peek().kind == Tok::kAnd) {
        next();
        explicit_and = true;
        operand();
      } else if (starts_unary(peek().kind)) {
        operand();
      } else {
        break;
      }
    }
    if (kept.empty() && neg.empty() && dropped) return Xapian::Query();
    // All of them; or under `any`, any of the words within every filter.
    const bool any = any_ && !explicit_and;
    std::vector<Xapian::Query> words, all;
    for (Unary& u : kept) (any && !u.filter ? words : all).push_back(std::move(u.query));
    if (!words.empty())
      all.insert(all.begin(), Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()));
    Xapian::Query q = all.empty() ? Xapian::Query::MatchAll
                      : all.size() == 1 || !any
                          ? Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end())
                          : Xapian::Query(Xapian::Query::OP_FILTER, all[0],
                                          Xapian::Query(Xapian::Query::OP_AND, all.begin() + 1,
                                                        all.end()));
    for (const auto& n : neg) q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, n);
    return q;
  }

  Unary parse_unary() {
    bool negated = false;
    if (peek().kind == Tok::kNot || peek().kind == Tok::kMinus) {
      const Lexeme& op = next();
      if (!starts_unary(peek().kind) || peek().kind == Tok::kNot || peek().kind == Tok::kMinus)
        throw QueryError(op.offset, op.text, "\"" + op.text + "\" needs a term after it");
      negated = true;
    }
    Xapian::Query q = parse_near();
    const bool excludes = std::exchange(excludes_, false);
    return {std::move(q), negated != excludes, std::exchange(filter_, false)};
  }

  bool positional(Tok t) const { return t == Tok::kWord || t == Tok::kPhrase; }

  // a NEAR/n b [NEAR/m c ...]: all operands within the largest distance.
  // Xapian's OP_NEAR takes only terms, so it runs over each operand's
  // anchor (the terms where it starts) and the operands' own queries,
  // which carry the weight, must match too.
  Xapian::Query parse_near() {
    if (!positional(peek().kind) || lex_[pos_ + 1].kind != Tok::kNear) {
      if (peek().kind == Tok::kNear)
        throw QueryError(peek().offset, peek().text,
                         "\"" + peek().text + "\" needs a word or phrase on each side");
      return parse_primary();
    }
    std::vector<Xapian::Query> anchors, full;
    unsigned distance = 0;
    std::uint32_t longest = 0;
    while (true) {
      const Lexeme& operand = next();
      if (operand.kind == Tok::kWord && !operand.text.empty() && operand.text.back() == '*')
        throw QueryError(operand.offset, operand.text, "NEAR does not take a prefix search \"" +
                                                           operand.text + "\"");
      auto [anchor, span] = qp_.near_anchor(operand.text, schema::kBodyPrefix);
      if (anchor.empty())
        throw QueryError(operand.offset, operand.text,
                         "\"" + operand.text + "\" cannot be used with NEAR (no word positions)");
      anchors.push_back(anchor);
      longest = std::max(longest, span);
      full.push_back(operand.kind == Tok::kPhrase
                         ? qp_.phrase_query(operand.text, schema::kBodyPrefix, &patterns_)
                         : qp_.text_query(operand.text, schema::kBodyPrefix, false, &patterns_,
                                          operand.loose));
      count_terms(full.back(), operand);
      if (peek().kind != Tok::kNear) break;
      const Lexeme& op = next();
      distance = std::max(distance, op.distance);
      if (!positional(peek().kind))
        throw QueryError(op.offset, op.text,
                         "\"" + op.text + "\" needs a word or phrase on each side");
    }
    // Window: positions from the first operand's start to the last one's
    // end, n words between them.
    const auto window = static_cast<Xapian::termcount>(distance + longest + 1);
    Xapian::Query near(Xapian::Query::OP_NEAR, anchors.begin(), anchors.end(), window);
    Xapian::Query all(Xapian::Query::OP_AND, full.begin(), full.end());
    return Xapian::Query(Xapian::Query::OP_FILTER, all, near);
  }

  void count_terms(const Xapian::Query& q, const Lexeme& at) {
    terms_ += static_cast<std::size_t>(
        std::distance(q.get_unique_terms_begin(), q.get_unique_terms_end()));
    if (terms_ > kMaxQueryTerms)
      throw LimitError(at.offset, at.text, "too many terms (the limit is " +
                                               std::to_string(kMaxQueryTerms) + ")");
  }

  // `word*`: English words starting with `word`, as written.
  Xapian::Query prefix_query(const Lexeme& t, const std::string& field_prefix) {
    const std::string stem = t.text.substr(0, t.text.find_last_not_of('*') + 1);
    const std::string word = qp_.wildcard_word(stem);
    if (word.empty())
      throw QueryError(t.offset, t.text, "prefix search \"" + t.text +
                                             "\" needs one English word before the \"*\"");
    Wildcard w;
    w.offset = t.offset;
    w.fragment = t.text;
    w.field_prefix = field_prefix;
    w.prefix = field_prefix + word;
    wildcards_.push_back(w);
    ++terms_;
    return Xapian::Query(Xapian::Query::OP_WILDCARD, w.prefix, kMaxWildcardExpansion,
                         Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                         Xapian::Query::OP_SYNONYM);
  }

  static bool is_prefix_search(const Lexeme& t) {
    return t.kind == Tok::kWord && t.text.size() > 1 && t.text.back() == '*';
  }

  Xapian::Query parse_primary() {
    const Lexeme& t = next();
    switch (t.kind) {
      case Tok::kLParen: {
        // The parser recurses once per level: bound it so that a query of
        // thousands of "(" cannot overflow the stack.
        if (++depth_ > kMaxDepth)
          throw QueryError(t.offset, "(", "parentheses nested more than " +
                                              std::to_string(kMaxDepth) + " deep");
        Xapian::Query q = parse_or();
        if (peek().kind != Tok::kRParen)
          throw QueryError(t.offset, "(", "unbalanced parenthesis (no closing \")\")");
        next();
        --depth_;
        return q;
      }
      case Tok::kWord: {
        if (is_prefix_search(t)) return prefix_query(t, schema::kBodyPrefix);
        if (!std::exchange(unit_scope_, false)) {
          Xapian::Query q =
              qp_.text_query(t.text, schema::kBodyPrefix, any_, &patterns_, t.loose);
          count_terms(q, t);
          return q;
        }
        // A top-level word: each of its parts (an English word, a Chinese
        // run, or in its loose form each Chinese word) is a unit.
        std::vector<TextPart> parts;
        Xapian::Query q =
            qp_.text_query(t.text, schema::kBodyPrefix, any_, &patterns_, t.loose, &parts);
        count_terms(q, t);
        if (parts.empty()) return q;
        std::vector<Xapian::Query> kept;
        for (TextPart& p : parts) {
          if (dropped_.count(units_.size()) == 0) kept.push_back(std::move(p.query));
          units_.push_back(std::move(p.text));
        }
        if (kept.size() == parts.size()) return q;
        if (kept.empty()) {  // every part left out: parse_and skips the word
          left_out_ = true;
          return Xapian::Query();
        }
        return Xapian::Query(Xapian::Query::OP_AND, kept.begin(), kept.end());
      }
      case Tok::kPhrase: {
        Xapian::Query q = qp_.phrase_query(t.text, schema::kBodyPrefix, &patterns_);
        count_terms(q, t);
        return q;
      }
      case Tok::kField:
        return parse_field(t);
      case Tok::kRParen:
        throw QueryError(t.offset, ")", "unbalanced parenthesis (no opening \"(\")");
      case Tok::kEnd:
        throw QueryError(t.offset, "", "the query ends where a term was expected");
      default:
        throw QueryError(t.offset, t.text, "unexpected \"" + t.text + "\"");
    }
  }

  Xapian::Query parse_field(const Lexeme& field) {
    const Lexeme& v = next();
    if (v.kind != Tok::kWord && v.kind != Tok::kPhrase)
      throw QueryError(field.offset, field.text + ":", "field \"" + field.text + ":\" needs a value");
    const std::string& f = field.text;
    if (f == "title") {
      if (is_prefix_search(v)) return prefix_query(v, schema::kTitlePrefix);
      Xapian::Query q = v.kind == Tok::kPhrase
                            ? qp_.phrase_query(v.text, schema::kTitlePrefix, nullptr)
                            : qp_.text_query(v.text, schema::kTitlePrefix, false, nullptr);
      count_terms(q, v);
      if (q.empty())
        throw QueryError(v.offset, v.text, "title:\"" + v.text + "\" has no words to search");
      return q;
    }
    filter_ = true;
    if (f == "speaker") {
      if (normalize_text(v.text).empty())
        throw QueryError(v.offset, v.text, "speaker: needs a name");
      return qp_.speaker_filter(v.text);
    }
    if (f == "source") return qp_.source_filter(v.text);
    if (f == "release") return Xapian::Query(schema::kReleaseTerm + v.text);
    if (f == "counterpart") {
      // Passages of linked Chinese/English releases with no counterpart in
      // the other (bilingual/link_store.h), or with one.
      if (v.text == "none") return counterpart_filter(false);
      if (v.text == "any") return counterpart_filter(true);
      throw QueryError(v.offset, v.text, "counterpart: takes none or any, not \"" + v.text + "\"");
    }
    if (f == "lang") {
      try {
        LanguageFilter l = qp_.lang_filter(v.text);
        excludes_ = l.excludes;
        return l.query;
      } catch (const QueryError& e) {
        throw QueryError(v.offset, v.text, e.reason());
      }
    }
    if (f == "mentions") {
      // Dates the passage itself mentions ("February 10th", "2022年2月10日"),
      // resolved against the release date at indexing time.
      const std::string p = period(v.text);
      if (p.empty())
        throw QueryError(v.offset, v.text, "bad date \"" + v.text +
                         "\" for mentions: (expected YYYY, YYYY-MM or YYYY-MM-DD)");
      return Xapian::Query(schema::kMentionTerm + p);
    }
    // date
    auto q = date_field(v.text);
    if (!q)
      throw QueryError(v.offset, v.text, "bad date \"" + v.text +
                       "\" (expected YYYY, YYYY-MM, YYYY-MM-DD or FROM..TO)");
    return *q;
  }

  QueryParser& qp_;
  std::string_view text_;
  std::vector<Lexeme> lex_;
  std::size_t pos_ = 0;
  bool any_;
  std::vector<HighlightPattern>& patterns_;
  std::vector<Wildcard>& wildcards_;
  std::vector<std::string>& units_;
  bool& relaxable_;
  const std::set<std::size_t>& dropped_;
  // Set by parse_and for the primary of a top-level operand: a plain word
  // there registers its parts as units.
  bool unit_scope_ = false;
  bool left_out_ = false;  // the word parse_primary read was left out entirely
  std::size_t terms_ = 0;
};

Xapian::Query combine(Xapian::Query::op op, std::vector<Xapian::Query>& parts) {
  if (parts.empty()) return Xapian::Query();
  if (parts.size() == 1) return parts[0];
  return Xapian::Query(op, parts.begin(), parts.end());
}

}  // namespace

LanguageFilter lang_filter(const std::string& lang, const LanguageCounts& counts) {
  std::string l;
  for (char c : lang) l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (l != "zh" && l != "en" && l != "zh-hans" && l != "zh-hant")
    throw QueryError(0, lang, "unknown language \"" + lang + "\" (expected zh, en, zh-Hans or zh-Hant)");
  LanguageFilter positive{Xapian::Query(schema::kLangTerm + l), false};
  const auto own = counts.find(l);
  if (own == counts.end()) return positive;
  // The other terms of the same kind: other primary subtags for "zh", and
  // for "zh-hans" also the other codes of its primary subtag, which stand
  // for it only when every passage of the subtag has a whole code.
  const std::string primary = l.substr(0, 2);
  const bool whole_code = l.size() > 2;
  std::vector<Xapian::Query> others;
  Xapian::doccount in_others = 0, with_code = 0;
  for (const auto& [code, n] : counts) {
    const bool primary_term = code.size() <= 2;
    const bool code_of_primary = code.size() > 3 && code.compare(0, 3, primary + "-") == 0;
    if (code_of_primary) with_code += n;
    if (code == l || (primary_term ? code == primary : !(whole_code && code_of_primary)))
      continue;
    others.emplace_back(schema::kLangTerm + code);
    in_others += n;
  }
  if (whole_code) {
    const auto p = counts.find(primary);
    if (p == counts.end() || p->second != with_code) return positive;
  }
  if (others.empty() || in_others > 2 * own->second) return positive;
  return {Xapian::Query(Xapian::Query::OP_OR, others.begin(), others.end()), true};
}

std::string compact_day(std::string_view text) {
  auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return "";
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!digit(i)) return "";
  std::string iso;
  if (!parse_release_date(text, iso)) return "";  // the calendar check
  return compact(iso);
}

std::string compact_period(std::string_view text) {
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (text.size() == 10) return compact_day(text);
  if (text.size() == 4 && digits(text) && text >= "1000") return std::string(text);
  if (text.size() == 7 && text[4] == '-' && digits(text.substr(0, 4)) && digits(text.substr(5, 2)) &&
      text.substr(0, 4) >= "1000") {
    const std::string_view m = text.substr(5, 2);
    if (m >= "01" && m <= "12") return compact(text);
  }
  return "";
}

Xapian::Query date_range_filter(const std::string& from, const std::string& to) {
  const std::string f = compact(from), t = compact(to);
  if (f.empty() && t.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, "0");
  if (f.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, "0", t);
  if (t.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, f);
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, f, t);
}

QueryParser::QueryParser(Analyzer& analyzer, IndexFacts facts)
    : analyzer_(analyzer), facts_(std::move(facts)) {}

Xapian::Query QueryParser::speaker_filter(const std::string& name) const {
  return Xapian::Query(schema::kSpeakerTerm +
                       (facts_.speaker_key_of ? facts_.speaker_key_of(name) : speaker_key(name)));
}

Xapian::Query QueryParser::source_filter(const std::string& text) const {
  const std::string needle = normalize_text(text);
  std::vector<Xapian::Query> parts;
  for (const std::string& s : facts_.sources)
    if (s.find(needle) != std::string::npos) parts.emplace_back(schema::kSourceTerm + s);
  if (parts.empty()) return Xapian::Query::MatchNothing;
  return combine(Xapian::Query::OP_OR, parts);
}

std::pair<Xapian::Query, std::uint32_t> QueryParser::near_anchor(std::string_view text,
                                                                 const std::string& prefix) {
  // Anchors are the terms the index stores with positions (characters,
  // words of other scripts, numbers) at the operand's first position.
  std::uint32_t first = 0, last = 0;
  std::vector<Term> terms = analyzer_.terms(text);
  for (const Term& t : terms) {
    if (!t.positional || t.term.empty()) continue;
    if (first == 0 || t.position < first) first = t.position;
    last = std::max(last, t.position);
  }
  if (first == 0) return {Xapian::Query(), 0};
  std::vector<Xapian::Query> at_start;
  for (const Term& t : terms) {
    if (!t.positional || t.position != first) continue;
    at_start.emplace_back(prefix + t.term);
  }
  Xapian::Query anchor = at_start.size() == 1
                             ? at_start[0]
                             : Xapian::Query(Xapian::Query::OP_OR, at_start.begin(), at_start.end());
  return {anchor, last - first + 1};
}

std::string QueryParser::wildcard_word(std::string_view text) {
  const std::vector<Token> tokens = analyzer_.tokenize(text);
  if (tokens.size() != 1 || tokens[0].kind == Token::Kind::kHan) return "";
  // The token must be the whole text: "u.s*" is not one word.
  if (tokens[0].byte_start != 0 || tokens[0].byte_end != text.size()) return "";
  return tokens[0].text;
}

ParsedQuery QueryParser::parse(std::string_view text, bool any, bool strict) {
  ParsedQuery out;
  const std::size_t runs_first = runs_.runs.size();
  if (text.size() > kMaxQueryBytes)
    throw QueryError(kMaxQueryBytes, std::string(text.substr(kMaxQueryBytes, 20)),
                     "query too long (" + std::to_string(text.size()) +
                         " bytes; the limit is " + std::to_string(kMaxQueryBytes) + ")");
  if (const std::size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
    const std::string reason =
        std::string("invalid UTF-8 (byte ") + byte + "; a query is UTF-8 text)";
    if (strict) throw QueryError(bad, byte, reason);
    out.warnings.push_back(QueryError(bad, byte, reason).what() +
                           std::string("; the bytes that are not UTF-8 are ignored"));
  }
  try {
    Lexer lexer(text);
    std::vector<Lexeme> lex = lexer.run();
    if (lex.size() == 1) {
      out.query = Xapian::Query::MatchAll;
      return out;
    }
    Parser parser(*this, text, std::move(lex), any, out, dropped_);
    out.query = parser.parse();
    out.empty = false;
  } catch (const LimitError&) {
    throw;
  } catch (const QueryError& e) {
    if (strict) throw;
    out.warnings.push_back(std::string(e.what()) + "; searched as plain terms");
    out.patterns.clear();
    out.wildcards.clear();
    out.units.clear();
    out.relaxable = !any;
    runs_.runs.resize(runs_first);
    // Plain terms: every syntax character becomes a space.
    std::string plain(text);
    for (char& c : plain)
      if (c == '"' || c == '(' || c == ')' || c == ':' || c == '*') c = ' ';
    std::vector<TextPart> parts;
    out.query = text_query(plain, schema::kBodyPrefix, any, &out.patterns, false, &parts);
    if (!any && !dropped_.empty()) {
      std::vector<Xapian::Query> kept;
      for (std::size_t i = 0; i < parts.size(); ++i)
        if (dropped_.count(i) == 0) kept.push_back(parts[i].query);
      out.query = kept.empty() ? Xapian::Query::MatchAll
                               : Xapian::Query(Xapian::Query::OP_AND, kept.begin(), kept.end());
    }
    if (!any)
      for (TextPart& p : parts) out.units.push_back(std::move(p.text));
    const auto n = static_cast<std::size_t>(
        std::distance(out.query.get_unique_terms_begin(), out.query.get_unique_terms_end()));
    if (n > kMaxQueryTerms)
      throw QueryError(0, std::string(text.substr(0, 20)),
                       "too many terms (the limit is " + std::to_string(kMaxQueryTerms) + ")");
    out.empty = out.query.empty();
  }
  if (out.query.empty()) {
    out.query = Xapian::Query::MatchNothing;
  }
  return out;
}

}  // namespace libsearch::detail
