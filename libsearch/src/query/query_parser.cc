#include "query/query_parser.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "index/schema.h"
#include "libsearch/error.h"
#include "passages/date_extractor.h"
#include "passages/speaker_identity.h"

namespace libsearch::detail {
namespace {

enum class Tok { kWord, kPhrase, kField, kAnd, kOr, kNot, kMinus, kLParen, kRParen, kEnd };

struct Lexeme {
  Tok kind;
  std::string text;   // word, phrase content, or field name
  std::size_t offset; // byte offset in the query
};

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

const char* const kFields[] = {"title", "speaker", "source", "lang", "date", "release"};

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
          throw QueryError(i, word + ":", "unknown field \"" + word + ":\" (expected one of title:, speaker:, source:, lang:, date:, release:)");
        out.push_back({Tok::kField, field, start});
        i = j + 1;
        continue;
      }
      if (word == "AND") out.push_back({Tok::kAnd, word, start});
      else if (word == "OR") out.push_back({Tok::kOr, word, start});
      else if (word == "NOT") out.push_back({Tok::kNot, word, start});
      else out.push_back({Tok::kWord, word, start});
      i = j;
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

// date:2019 | date:2019-06 | date:2019-06-30 | date:A..B
std::optional<Xapian::Query> date_field(const std::string& v) {
  const auto dots = v.find("..");
  if (dots != std::string::npos) {
    std::string from = v.substr(0, dots), to = v.substr(dots + 2);
    std::string f, t;
    if (!from.empty() && !parse_release_date(from, f)) return std::nullopt;
    if (!to.empty() && !parse_release_date(to, t)) return std::nullopt;
    return date_range_filter(f, t);
  }
  std::string d;
  if (parse_release_date(v, d)) return Xapian::Query(schema::kDateTerm + compact(d));
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (v.size() == 4 && digits(v)) return Xapian::Query(schema::kDateTerm + v);
  if (v.size() == 7 && v[4] == '-' && digits(v.substr(0, 4)) && digits(v.substr(5, 2))) {
    const int m = std::stoi(v.substr(5, 2));
    if (m >= 1 && m <= 12) return Xapian::Query(schema::kDateTerm + compact(v));
  }
  return std::nullopt;
}

class Parser {
 public:
  Parser(QueryParser& qp, std::vector<Lexeme> lex, bool any,
         std::vector<HighlightPattern>& patterns)
      : qp_(qp), lex_(std::move(lex)), any_(any), patterns_(patterns) {}

  Xapian::Query parse() {
    Xapian::Query q = parse_or();
    if (peek().kind != Tok::kEnd)
      throw QueryError(peek().offset, peek().text, "unexpected \"" + peek().text + "\"");
    return q;
  }

 private:
  const Lexeme& peek() const { return lex_[pos_]; }
  const Lexeme& next() { return lex_[pos_++]; }

  static constexpr int kMaxDepth = 100;
  int depth_ = 0;

  Xapian::Query parse_or() {
    Xapian::Query q = parse_and();
    while (peek().kind == Tok::kOr) {
      next();
      q = Xapian::Query(Xapian::Query::OP_OR, q, parse_and());
    }
    return q;
  }

  bool starts_unary(Tok t) const {
    return t == Tok::kWord || t == Tok::kPhrase || t == Tok::kField || t == Tok::kNot ||
           t == Tok::kMinus || t == Tok::kLParen;
  }

  Xapian::Query parse_and() {
    std::vector<Xapian::Query> pos, neg;
    bool explicit_and = false;
    auto add = [&](std::pair<Xapian::Query, bool> u) {
      (u.second ? neg : pos).push_back(std::move(u.first));
    };
    add(parse_unary());
    while (true) {
      if (peek().kind == Tok::kAnd) {
        next();
        explicit_and = true;
        add(parse_unary());
      } else if (starts_unary(peek().kind)) {
        add(parse_unary());
      } else {
        break;
      }
    }
    const auto op = (any_ && !explicit_and) ? Xapian::Query::OP_OR : Xapian::Query::OP_AND;
    Xapian::Query q = pos.empty() ? Xapian::Query::MatchAll
                                  : Xapian::Query(op, pos.begin(), pos.end());
    for (const auto& n : neg) q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, n);
    return q;
  }

  // Returns the query and whether it is negated.
  std::pair<Xapian::Query, bool> parse_unary() {
    if (peek().kind == Tok::kNot || peek().kind == Tok::kMinus) {
      const Lexeme& op = next();
      if (!starts_unary(peek().kind) || peek().kind == Tok::kNot || peek().kind == Tok::kMinus)
        throw QueryError(op.offset, op.text, "\"" + op.text + "\" needs a term after it");
      return {parse_primary(), true};
    }
    return {parse_primary(), false};
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
      case Tok::kWord:
        return qp_.text_query(t.text, schema::kBodyPrefix, any_, &patterns_);
      case Tok::kPhrase:
        return qp_.phrase_query(t.text, schema::kBodyPrefix, &patterns_);
      case Tok::kField:
        return parse_field(t);
      case Tok::kRParen:
        throw QueryError(t.offset, ")", "unbalanced parenthesis (no opening \"(\")");
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
      return v.kind == Tok::kPhrase ? qp_.phrase_query(v.text, schema::kTitlePrefix, nullptr)
                                    : qp_.text_query(v.text, schema::kTitlePrefix, false, nullptr);
    }
    if (f == "speaker") return speaker_filter(v.text);
    if (f == "source") return qp_.source_filter(v.text);
    if (f == "release") return Xapian::Query(schema::kReleaseTerm + v.text);
    if (f == "lang") {
      try {
        return lang_filter(v.text);
      } catch (const QueryError& e) {
        throw QueryError(v.offset, v.text, e.reason());
      }
    }
    // date
    auto q = date_field(v.text);
    if (!q)
      throw QueryError(v.offset, v.text, "bad date \"" + v.text +
                       "\" (expected YYYY, YYYY-MM, YYYY-MM-DD or FROM..TO)");
    return *q;
  }

  QueryParser& qp_;
  std::vector<Lexeme> lex_;
  std::size_t pos_ = 0;
  bool any_;
  std::vector<HighlightPattern>& patterns_;
};

Xapian::Query combine(Xapian::Query::op op, std::vector<Xapian::Query>& parts) {
  if (parts.empty()) return Xapian::Query();
  if (parts.size() == 1) return parts[0];
  return Xapian::Query(op, parts.begin(), parts.end());
}

}  // namespace

Xapian::Query lang_filter(const std::string& lang) {
  std::string l;
  for (char c : lang) l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (l == "zh" || l == "en" || l == "zh-hans" || l == "zh-hant")
    return Xapian::Query(schema::kLangTerm + l);
  throw QueryError(0, lang, "unknown language \"" + lang + "\" (expected zh, en, zh-Hans or zh-Hant)");
}

Xapian::Query date_range_filter(const std::string& from, const std::string& to) {
  const std::string f = compact(from), t = compact(to);
  if (f.empty() && t.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, "0");
  if (f.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, "0", t);
  if (t.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, f);
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, f, t);
}

Xapian::Query speaker_filter(const std::string& name) {
  return Xapian::Query(schema::kSpeakerTerm + speaker_key(name));
}

QueryParser::QueryParser(Analyzer& analyzer, std::vector<std::string> sources)
    : analyzer_(analyzer), sources_(std::move(sources)) {}

Xapian::Query QueryParser::source_filter(const std::string& text) const {
  const std::string needle = normalize_text(text);
  std::vector<Xapian::Query> parts;
  for (const std::string& s : sources_)
    if (s.find(needle) != std::string::npos) parts.emplace_back(schema::kSourceTerm + s);
  if (parts.empty()) return Xapian::Query::MatchNothing;
  return combine(Xapian::Query::OP_OR, parts);
}

ParsedQuery QueryParser::parse(std::string_view text, bool any, bool strict) {
  ParsedQuery out;
  try {
    Lexer lexer(text);
    std::vector<Lexeme> lex = lexer.run();
    if (lex.size() == 1) {
      out.query = Xapian::Query::MatchAll;
      return out;
    }
    Parser parser(*this, std::move(lex), any, out.patterns);
    out.query = parser.parse();
    out.empty = false;
  } catch (const QueryError& e) {
    if (strict) throw;
    out.warnings.push_back(std::string(e.what()) + "; searched as plain terms");
    out.patterns.clear();
    // Plain terms: every syntax character becomes a space.
    std::string plain(text);
    for (char& c : plain)
      if (c == '"' || c == '(' || c == ')' || c == ':') c = ' ';
    out.query = text_query(plain, schema::kBodyPrefix, any, &out.patterns);
    out.empty = out.query.empty();
  }
  if (out.query.empty()) {
    out.query = Xapian::Query::MatchNothing;
  }
  return out;
}

}  // namespace libsearch::detail
