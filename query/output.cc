#include "output.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "analysis/utf8.h"
#include "libsearch/printable.h"

using nlohmann::json;

namespace press_query {
namespace {

using libsearch::detail::utf8_backward;
using libsearch::detail::utf8_continuation;
using libsearch::detail::utf8_count;
using libsearch::detail::utf8_forward;

// Text output shows at most this many characters of a passage, and of each
// context passage.
constexpr std::size_t kPassageChars = 320;
constexpr std::size_t kContextChars = 160;
// How far before the first match a trimmed passage starts.
constexpr std::size_t kLeadChars = 80;

const char* const kFields[] = {"rank",   "score",  "release_id", "paragraph",    "title",
                               "date",   "source", "lang",       "url",          "speaker",
                               "speaker_role",     "section",    "text",         "highlights", "counterpart",
                               "dates",  "line",   "id",         "query"};

json null_if_empty(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json speaker_json(const std::optional<libsearch::Speaker>& s) {
  if (!s) return nullptr;
  return json{{"name", null_if_empty(s->name)}, {"role", null_if_empty(s->role)}};
}

using libsearch::printable;

std::string speaker_text(const std::optional<libsearch::Speaker>& s) {
  if (!s) return "";
  std::string out = s->name.empty() ? "(unnamed)" : printable(s->name);
  if (!s->role.empty()) out += " (" + printable(s->role) + ")";
  return out;
}

// The passage with its highlights marked, trimmed around the first one.
std::string marked(const libsearch::Hit& h, bool colour) {
  const char* open = colour ? "\x1b[1;31m" : "**";
  const char* close = colour ? "\x1b[0m" : "**";
  const std::size_t focus = h.highlights.empty() ? 0 : h.highlights.front().byte_start;
  std::size_t start = 0;
  const std::string cut = trim_around(h.text, focus, kPassageChars, start);
  const std::size_t end = start + cut.size();
  std::string out = start > 0 ? "…" : "";
  std::size_t pos = start;
  // Highlights are byte spans of the stored text: each piece is made
  // printable on its own, after the spans are placed.
  auto piece = [&](std::size_t from, std::size_t to) {
    return printable(std::string_view(h.text).substr(from, to - from));
  };
  for (const auto& s : h.highlights) {
    if (s.byte_start < pos || s.byte_end > end) continue;
    out += piece(pos, s.byte_start);
    out += open;
    out += piece(s.byte_start, s.byte_end);
    out += close;
    pos = s.byte_end;
  }
  out += piece(pos, end);
  if (end < h.text.size()) out += "…";
  return out;
}

std::string context_text(const std::string& text, bool before) {
  if (utf8_count(text) <= kContextChars) return printable(text);
  if (before) {
    const std::size_t start = utf8_backward(text, text.size(), kContextChars);
    return "…" + printable(text.substr(start));
  }
  return printable(text.substr(0, utf8_forward(text, 0, kContextChars))) + "…";
}

std::string format_score(double score) {
  std::ostringstream s;
  s << std::setprecision(6) << score;
  return s.str();
}

json explain_json(const std::vector<libsearch::TermWeight>& terms) {
  json a = json::array();
  for (const auto& t : terms) {
    json j{{"term", t.term}, {"weight", t.weight}, {"wdf", t.wdf}, {"termfreq", t.termfreq}};
    if (t.factor != 1) j["factor"] = t.factor;
    a.push_back(std::move(j));
  }
  return a;
}

json release_score_json(const libsearch::ReleaseScore& r) {
  return {{"passage_weight", r.passage_weight}, {"passage_factor", r.passage_factor},
          {"release_weight", r.release_weight}, {"release_factor", r.release_factor},
          {"passages", r.passages}};
}

json field_value(const libsearch::Hit& h, const std::string& name, const BatchTag* tag) {
  if (name == "rank") return h.rank;
  if (name == "score") return h.score;
  if (name == "release_id") return h.release_id;
  if (name == "paragraph") return h.paragraph;
  if (name == "title") return h.title;
  if (name == "date") return null_if_empty(h.date);
  if (name == "source") return h.source;
  if (name == "lang") return h.lang;
  if (name == "url") return null_if_empty(h.url);
  if (name == "speaker") return speaker_json(h.speaker);
  if (name == "speaker_role") return h.speaker ? null_if_empty(h.speaker->role) : json(nullptr);
  if (name == "section") return null_if_empty(h.section);
  if (name == "text") return h.text;
  if (name == "highlights") {
    json a = json::array();
    for (const auto& s : h.highlights)
      a.push_back({{"byte_start", s.byte_start}, {"byte_end", s.byte_end}});
    return a;
  }
  if (name == "dates") return h.mentioned_dates;
  if (name == "counterpart") {
    if (!h.counterpart) return nullptr;
    return {{"release_id", h.counterpart->release_id},
            {"paragraph", h.counterpart->paragraph},
            {"paragraphs", h.counterpart->paragraphs},
            {"text", h.counterpart->text},
            {"confidence", h.counterpart->confidence}};
  }
  if (name == "line") return tag ? json(tag->line) : json(nullptr);
  if (name == "id") return tag && tag->id ? json(*tag->id) : json(nullptr);
  if (name == "query") return tag ? json(tag->query) : json(nullptr);
  return nullptr;
}

std::string csv_value(const libsearch::Hit& h, const std::string& name, const BatchTag* tag) {
  if (name == "score") return format_score(h.score);
  if (name == "speaker") return h.speaker ? h.speaker->name : "";
  if (name == "highlights" || name == "dates") {
    std::string out;
    if (name == "dates") {
      for (const auto& d : h.mentioned_dates) out += (out.empty() ? "" : " ") + d;
    } else {
      for (const auto& s : h.highlights)
        out += (out.empty() ? "" : " ") + std::to_string(s.byte_start) + "-" +
               std::to_string(s.byte_end);
    }
    return out;
  }
  const json v = field_value(h, name, tag);
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

}  // namespace

bool known_field(const std::string& name) {
  return std::find(std::begin(kFields), std::end(kFields), name) != std::end(kFields);
}

std::vector<std::string> default_csv_fields(bool batch, bool counterpart) {
  std::vector<std::string> out;
  if (batch) out = {"line", "id", "query"};
  for (const char* f : {"rank", "score", "release_id", "paragraph", "title", "date", "source",
                        "lang", "url", "speaker", "speaker_role", "text"})
    out.emplace_back(f);
  if (counterpart) out.emplace_back("counterpart");
  return out;
}

std::string trim_around(const std::string& text, std::size_t focus, std::size_t max_chars,
                        std::size_t& start) {
  start = 0;
  if (utf8_count(text) <= max_chars) return text;
  focus = std::min(focus, text.size());
  while (focus > 0 && focus < text.size() && utf8_continuation(text[focus])) --focus;
  start = utf8_backward(text, focus, kLeadChars);
  // Begin at a word when a space is near (English), else mid-run (Chinese).
  if (start > 0) {
    const std::size_t space = text.find(' ', start);
    if (space != std::string::npos && space < focus && space - start < 24) start = space + 1;
  }
  std::size_t end = utf8_forward(text, start, max_chars);
  if (end >= text.size()) {
    end = text.size();
    start = utf8_backward(text, end, max_chars);
  }
  return text.substr(start, end - start);
}

json hit_json(const libsearch::Hit& h, const std::vector<std::string>& fields,
              const BatchTag* tag, bool explain, bool counterpart) {
  json j;
  if (!fields.empty()) {
    for (const auto& f : fields) j[f] = field_value(h, f, tag);
    if (explain) j["explain"] = explain_json(h.matched_terms);
    if (explain && h.release_score) j["explain_score"] = release_score_json(*h.release_score);
    return j;
  }
  for (const char* f : {"rank", "score", "release_id", "paragraph", "title", "date", "source",
                        "lang", "url", "speaker", "section", "text", "highlights", "dates"})
    j[f] = field_value(h, f, tag);
  if (counterpart) j["counterpart"] = field_value(h, "counterpart", tag);
  if (!h.before.empty() || !h.after.empty()) {
    auto ctx = [](const std::vector<libsearch::ContextPassage>& v) {
      json a = json::array();
      for (const auto& c : v)
        a.push_back({{"paragraph", c.paragraph}, {"speaker", speaker_json(c.speaker)},
                     {"text", c.text}});
      return a;
    };
    j["context_before"] = ctx(h.before);
    j["context_after"] = ctx(h.after);
  }
  if (explain) j["explain"] = explain_json(h.matched_terms);
  if (explain && h.release_score) j["explain_score"] = release_score_json(*h.release_score);
  return j;
}

json results_json(const libsearch::SearchResults& res, const std::vector<std::string>& fields,
                  bool explain, bool counterpart) {
  json j;
  j["query"] = res.query;
  j["total"] = res.total;
  j["total_exact"] = res.total_exact;
  j["relaxed"] = res.relaxed;
  j["hits"] = json::array();
  for (const auto& h : res.hits) j["hits"].push_back(hit_json(h, fields, nullptr, explain, counterpart));
  j["facets"] = json::object();
  for (const auto& [name, values] : res.facets) {
    json a = json::array();
    for (const auto& v : values) {
      json fv{{"value", v.value}, {"count", v.count}};
      if (name == "speaker") fv["key"] = v.key;
      if (!v.also.empty()) fv["also"] = v.also;
      a.push_back(std::move(fv));
    }
    j["facets"][name] = std::move(a);
  }
  j["warnings"] = res.warnings;
  if (explain) {
    json terms = json::array();
    for (const auto& t : res.query_terms)
      terms.push_back({{"term", t.term}, {"termfreq", t.termfreq}});
    j["explain"] = {{"parsed", res.parsed_query}, {"terms", terms}};
    if (!res.question_words.empty()) j["explain"]["question_words"] = res.question_words;
  }
  return j;
}

json release_json(const libsearch::IndexedRelease& rel) {
  json j;
  j["release_id"] = rel.release_id;
  j["title"] = rel.title;
  j["date"] = null_if_empty(rel.date);
  j["source"] = rel.source;
  j["lang"] = rel.lang;
  j["url"] = null_if_empty(rel.url);
  j["counterpart"] = null_if_empty(rel.counterpart_id);
  j["passages"] = json::array();
  for (std::size_t i = 0; i < rel.passages.size(); ++i) {
    const auto& p = rel.passages[i];
    json pj;
    pj["paragraph"] = p.paragraph;
    if (!rel.counterpart_id.empty()) pj["counterpart_paragraphs"] = rel.counterpart_paragraphs[i];
    pj["speaker"] = speaker_json(p.speaker);
    pj["section"] = null_if_empty(p.section);
    pj["dates"] = p.mentioned_dates;
    pj["text"] = p.text;
    j["passages"].push_back(std::move(pj));
  }
  return j;
}

void print_text(std::ostream& out, const libsearch::SearchResults& res, bool colour,
                bool explain) {
  out << res.total << (res.total_exact ? "" : " (about)") << " matching passages";
  if (res.relaxed) {
    out << " (relaxed: not all of the words; without";
    for (std::size_t i = 0; i < res.dropped.size(); ++i)
      out << (i ? ", " : " ") << "\"" << res.dropped[i] << "\"";
    out << ")";
  }
  out << "\n";
  if (explain) {
    out << "parsed: " << printable(res.parsed_query) << "\nterms:";
    for (const auto& t : res.query_terms)
      out << " " << printable(t.term) << " (" << t.termfreq << ")";
    out << "\n";
    if (!res.question_words.empty()) {
      out << "question words left out:";
      for (const auto& w : res.question_words) out << " " << printable(w);
      out << "\n";
    }
  }
  for (const auto& h : res.hits) {
    out << "\n" << h.rank << ". " << printable(h.title) << "\n   "
        << (h.date.empty() ? "(no date)" : printable(h.date)) << " | " << printable(h.source)
        << " | " << printable(h.lang);
    if (h.speaker) out << " | " << speaker_text(h.speaker);
    out << "\n   [" << printable(h.release_id) << " ¶" << h.paragraph << "]";
    if (!h.url.empty()) out << " " << printable(h.url);
    out << "\n";
    for (const auto& c : h.before)
      out << "   ¶" << c.paragraph << " " << context_text(c.text, true) << "\n";
    out << "   " << marked(h, colour) << "\n";
    for (const auto& c : h.after)
      out << "   ¶" << c.paragraph << " " << context_text(c.text, false) << "\n";
    if (h.counterpart) {
      const libsearch::Counterpart& c = *h.counterpart;
      std::ostringstream conf;
      conf << std::fixed << std::setprecision(2) << c.confidence;
      out << "      [" << c.release_id << " ¶";
      for (std::size_t i = 0; i < c.paragraphs.size(); ++i)
        out << (i ? "," : "") << c.paragraphs[i];
      out << ", confidence " << conf.str() << "]\n";
      std::size_t start = 0;
      // One indented line per paragraph (a counterpart may be two).
      for (std::size_t end; start <= c.text.size(); start = end + 2) {
        end = c.text.find("\n\n", start);
        if (end == std::string::npos) end = c.text.size();
        out << "      " << c.text.substr(start, end - start) << "\n";
        if (end == c.text.size()) break;
      }
    }
    if (explain) {
      if (const auto& r = h.release_score) {
        out << "   score " << format_score(h.score) << " = " << format_score(r->passage_factor)
            << " × passage " << format_score(r->passage_weight) << " + "
            << format_score(r->release_factor) << " × release " << format_score(r->release_weight)
            << " (" << r->passages << " passages)\n   passage " << format_score(r->passage_weight)
            << ":";
      } else {
        out << "   score " << format_score(h.score) << ":";
      }
      for (const auto& t : h.matched_terms) {
        out << " " << printable(t.term);
        if (t.term.empty() || t.term[0] != 'X') {
          out << "=";
          if (t.factor != 1) out << format_score(t.factor) << "×";
          out << format_score(t.weight) << " (×" << t.wdf << ", in " << t.termfreq << ")";
        }
      }
      out << "\n";
    }
  }
  for (const auto& [name, values] : res.facets) {
    out << "\n" << name << ":\n";
    for (const auto& v : values) {
      out << "  " << printable(v.value);
      if (!v.also.empty()) out << " (" << printable(v.also) << ")";
      out << "  " << v.count << "\n";
    }
  }
}

std::string json_text(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string csv_field(const std::string& s) {
  const bool plain = std::none_of(s.begin(), s.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b == ',' || b == '"' || b < 0x20 || b == 0x7F;
  });
  if (plain) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void print_csv_header(std::ostream& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << fields[i];
  out << "\r\n";
}

void print_csv_row(std::ostream& out, const libsearch::Hit& h,
                   const std::vector<std::string>& fields, const BatchTag* tag) {
  for (std::size_t i = 0; i < fields.size(); ++i)
    out << (i ? "," : "") << csv_field(csv_value(h, fields[i], tag));
  out << "\r\n";
}

}  // namespace press_query
