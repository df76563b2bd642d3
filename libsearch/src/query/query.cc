#include "libsearch/query.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "index/schema.h"
#include "libsearch/error.h"
#include "query/query_internal.h"

namespace libsearch {
namespace {

using Kind = Query::Node::Kind;

std::string lower(const std::string& s) {
  std::string out;
  for (char c : s) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

// "YYYY", "YYYY-MM" or a full date as the compact date term suffix, or "".
std::string date_term_suffix(const std::string& v) { return detail::compact_period(v); }

std::string checked_date(const std::string& v, const char* which) {
  if (v.empty()) return v;
  const std::string d = detail::compact_day(v);
  if (d.empty())
    throw QueryError(0, v, std::string("date range ") + which + " \"" + v +
                               "\" is not a date (expected YYYY-MM-DD)");
  return v;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// A boolean part: restricts matches without adding to the score.
Xapian::Query unweighted(const Xapian::Query& q) {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0);
}

}  // namespace

Query::Query() : node_(std::make_shared<Node>()) {}
Query::Query(std::shared_ptr<const Node> node) : node_(std::move(node)) {}

Query Query::parse(std::string text, bool any, bool strict) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kParse;
  n->text = std::move(text);
  n->any = any;
  n->strict = strict;
  return Query(std::move(n));
}

Query Query::words(std::string text, bool any) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kWords;
  n->text = std::move(text);
  n->any = any;
  return Query(std::move(n));
}

Query Query::phrase(std::string text) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kPhrase;
  n->text = std::move(text);
  return Query(std::move(n));
}

Query Query::field(const std::string& name, std::string value) {
  static const char* const kNames[] = {"title", "speaker", "source", "lang", "release", "date"};
  if (std::find(std::begin(kNames), std::end(kNames), name) == std::end(kNames))
    throw QueryError(0, name, "unknown field \"" + name +
                                  "\" (expected title, speaker, source, lang, release or date)");
  if (value.empty()) throw QueryError(0, name, "field \"" + name + "\" needs a value");
  if (name == "lang") {
    const std::string l = lower(value);
    if (l != "zh" && l != "en" && l != "zh-hans" && l != "zh-hant")
      throw QueryError(0, value, "unknown language \"" + value +
                                     "\" (expected zh, en, zh-Hans or zh-Hant)");
  }
  if (name == "date" && date_term_suffix(value).empty())
    throw QueryError(0, value, "bad date \"" + value + "\" (expected YYYY, YYYY-MM or YYYY-MM-DD)");
  auto n = std::make_shared<Node>();
  n->kind = Kind::kField;
  n->name = name;
  n->text = std::move(value);
  return Query(std::move(n));
}

Query Query::date_range(const std::string& from, const std::string& to) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kDateRange;
  n->text = checked_date(from, "start");
  n->name = checked_date(to, "end");
  if (!n->text.empty() && !n->name.empty() && n->text > n->name)
    throw QueryError(0, from + ".." + to, "date range \"" + from + ".." + to +
                                              "\" ends before it starts");
  return Query(std::move(n));
}

Query Query::all_of(std::vector<Query> parts) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kAllOf;
  n->parts = std::move(parts);
  return Query(std::move(n));
}

Query Query::any_of(std::vector<Query> parts) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kAnyOf;
  n->parts = std::move(parts);
  return Query(std::move(n));
}

Query Query::exclude(const Query& other) const {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kExclude;
  n->parts = {*this, other};
  return Query(std::move(n));
}

std::string Query::to_string() const {
  const Node& n = *node_;
  switch (n.kind) {
    case Kind::kAll: return "*";
    case Kind::kParse: return "parse " + quoted(n.text) + (n.any ? " (any)" : "");
    case Kind::kWords: return std::string(n.any ? "any words " : "words ") + quoted(n.text);
    case Kind::kPhrase: return "phrase " + quoted(n.text);
    case Kind::kField: return n.name + ":" + quoted(n.text);
    case Kind::kDateRange: return "date:" + n.text + ".." + n.name;
    case Kind::kAllOf:
    case Kind::kAnyOf: {
      if (n.parts.empty()) return n.kind == Kind::kAllOf ? "*" : "(nothing)";
      std::string out = "(";
      for (std::size_t i = 0; i < n.parts.size(); ++i) {
        if (i) out += n.kind == Kind::kAllOf ? " AND " : " OR ";
        out += n.parts[i].to_string();
      }
      return out + ")";
    }
    case Kind::kExclude:
      return "(" + n.parts[0].to_string() + " NOT " + n.parts[1].to_string() + ")";
  }
  return std::string();
}

namespace detail {
namespace {

// The query for `q`; `scoring` tells whether it adds to the score (words),
// or only restricts (filters, everything).
Xapian::Query resolve(const Query& q, QueryParser& parser, ParsedQuery& out, bool& scoring) {
  const Query::Node& n = q.node();
  scoring = false;
  switch (n.kind) {
    case Kind::kAll:
      return Xapian::Query::MatchAll;
    case Kind::kParse: {
      ParsedQuery p = parser.parse(n.text, n.any, n.strict);
      out.patterns.insert(out.patterns.end(), p.patterns.begin(), p.patterns.end());
      out.warnings.insert(out.warnings.end(), p.warnings.begin(), p.warnings.end());
      scoring = !p.empty;
      return p.query;
    }
    case Kind::kWords:
    case Kind::kPhrase: {
      Xapian::Query t = n.kind == Kind::kWords
                            ? parser.text_query(n.text, schema::kBodyPrefix, n.any, &out.patterns)
                            : parser.phrase_query(n.text, schema::kBodyPrefix, &out.patterns);
      if (t.empty()) return Xapian::Query::MatchAll;  // no terms in the text
      scoring = true;
      return t;
    }
    case Kind::kField: {
      if (n.name == "title") {
        Xapian::Query t = parser.text_query(n.text, schema::kTitlePrefix, false, &out.patterns);
        if (t.empty()) return Xapian::Query::MatchAll;
        scoring = true;
        return t;
      }
      if (n.name == "speaker") return unweighted(parser.speaker_filter(n.text));
      if (n.name == "source") return unweighted(parser.source_filter(n.text));
      if (n.name == "lang") return unweighted(parser.lang_filter(n.text).passages());
      if (n.name == "release") return unweighted(Xapian::Query(schema::kReleaseTerm + n.text));
      return unweighted(Xapian::Query(schema::kDateTerm + date_term_suffix(n.text)));
    }
    case Kind::kDateRange:
      return date_range_filter(n.text, n.name);
    case Kind::kAllOf: {
      std::vector<Xapian::Query> scored, filters;
      std::vector<LanguageFilter> languages;  // applied last, in their cheaper form
      for (const Query& part : n.parts) {
        const Query::Node& p = part.node();
        if (p.kind == Kind::kField && p.name == "lang") {
          languages.push_back(parser.lang_filter(p.text));
          continue;
        }
        bool s = false;
        Xapian::Query x = resolve(part, parser, out, s);
        (s ? scored : filters).push_back(std::move(x));
      }
      scoring = !scored.empty();
      Xapian::Query result =
          scored.empty() ? Xapian::Query::MatchAll
                         : Xapian::Query(Xapian::Query::OP_AND, scored.begin(), scored.end());
      for (const Xapian::Query& f : filters)
        result = Xapian::Query(Xapian::Query::OP_FILTER, result, f);
      for (const LanguageFilter& l : languages) result = l.restrict(result);
      return result;
    }
    case Kind::kAnyOf: {
      if (n.parts.empty()) return Xapian::Query::MatchNothing;
      std::vector<Xapian::Query> all;
      for (const Query& part : n.parts) {
        bool s = false;
        all.push_back(resolve(part, parser, out, s));
        scoring = scoring || s;
      }
      return Xapian::Query(Xapian::Query::OP_OR, all.begin(), all.end());
    }
    case Kind::kExclude: {
      Xapian::Query kept = resolve(n.parts[0], parser, out, scoring);
      // Words that only exclude are not highlighted.
      ParsedQuery dropped;
      bool unused = false;
      Xapian::Query excluded = resolve(n.parts[1], parser, dropped, unused);
      out.warnings.insert(out.warnings.end(), dropped.warnings.begin(), dropped.warnings.end());
      return Xapian::Query(Xapian::Query::OP_AND_NOT, kept, excluded);
    }
  }
  return Xapian::Query::MatchNothing;
}

}  // namespace

void resolve_query(const Query& query, QueryParser& parser, ParsedQuery& out) {
  bool scoring = false;
  out.query = resolve(query, parser, out, scoring);
  out.empty = !scoring;
}

}  // namespace detail
}  // namespace libsearch
