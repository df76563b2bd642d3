#include "output.h"

#include <sstream>

using nlohmann::json;

namespace press_query {
namespace {

json null_if_empty(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json speaker_json(const std::optional<libsearch::Speaker>& s) {
  if (!s) return nullptr;
  return json{{"name", null_if_empty(s->name)}, {"role", null_if_empty(s->role)}};
}

std::string speaker_text(const std::optional<libsearch::Speaker>& s) {
  if (!s) return "";
  std::string out = s->name.empty() ? "(unnamed)" : s->name;
  if (!s->role.empty()) out += " (" + s->role + ")";
  return out;
}

// The passage with its highlights marked.
std::string marked(const libsearch::Hit& h, bool colour) {
  const char* open = colour ? "\x1b[1;31m" : "**";
  const char* close = colour ? "\x1b[0m" : "**";
  std::string out;
  std::size_t pos = 0;
  for (const auto& s : h.highlights) {
    if (s.byte_start < pos || s.byte_end > h.text.size()) continue;
    out.append(h.text, pos, s.byte_start - pos);
    out += open;
    out.append(h.text, s.byte_start, s.byte_end - s.byte_start);
    out += close;
    pos = s.byte_end;
  }
  out.append(h.text, pos, std::string::npos);
  return out;
}

}  // namespace

json hit_json(const libsearch::Hit& h) {
  json j;
  j["rank"] = h.rank;
  j["score"] = h.score;
  j["release_id"] = h.release_id;
  j["paragraph"] = h.paragraph;
  j["title"] = h.title;
  j["date"] = null_if_empty(h.date);
  j["source"] = h.source;
  j["lang"] = h.lang;
  j["url"] = null_if_empty(h.url);
  j["speaker"] = speaker_json(h.speaker);
  j["section"] = null_if_empty(h.section);
  j["text"] = h.text;
  j["highlights"] = json::array();
  for (const auto& s : h.highlights)
    j["highlights"].push_back({{"byte_start", s.byte_start}, {"byte_end", s.byte_end}});
  j["dates"] = h.mentioned_dates;
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
  return j;
}

json results_json(const libsearch::SearchResults& res) {
  json j;
  j["query"] = res.query;
  j["total"] = res.total;
  j["total_exact"] = res.total_exact;
  j["hits"] = json::array();
  for (const auto& h : res.hits) j["hits"].push_back(hit_json(h));
  j["facets"] = json::object();
  for (const auto& [name, values] : res.facets) {
    json a = json::array();
    for (const auto& v : values) {
      json fv{{"value", v.value}, {"count", v.count}};
      if (name == "speaker") fv["key"] = v.key;
      a.push_back(std::move(fv));
    }
    j["facets"][name] = std::move(a);
  }
  j["warnings"] = res.warnings;
  return j;
}

void print_text(std::ostream& out, const libsearch::SearchResults& res, bool colour) {
  out << res.total << (res.total_exact ? "" : " (about)") << " matching passages\n";
  for (const auto& h : res.hits) {
    out << "\n" << h.rank << ". " << h.title << "\n   " << (h.date.empty() ? "(no date)" : h.date)
        << " | " << h.source << " | " << h.lang;
    if (h.speaker) out << " | " << speaker_text(h.speaker);
    out << "\n   [" << h.release_id << " ¶" << h.paragraph << "]";
    if (!h.url.empty()) out << " " << h.url;
    out << "\n";
    for (const auto& c : h.before) out << "   … " << c.text << "\n";
    out << "   " << marked(h, colour) << "\n";
    for (const auto& c : h.after) out << "   … " << c.text << "\n";
  }
  for (const auto& [name, values] : res.facets) {
    out << "\n" << name << ":\n";
    for (const auto& v : values) out << "  " << v.value << "  " << v.count << "\n";
  }
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void print_csv_header(std::ostream& out) {
  out << "rank,score,release_id,paragraph,title,date,source,lang,url,speaker,speaker_role,text\r\n";
}

void print_csv_row(std::ostream& out, const libsearch::Hit& h) {
  std::ostringstream score;
  score << h.score;
  const std::string name = h.speaker ? h.speaker->name : "";
  const std::string role = h.speaker ? h.speaker->role : "";
  out << h.rank << "," << score.str() << "," << csv_field(h.release_id) << "," << h.paragraph
      << "," << csv_field(h.title) << "," << h.date << "," << csv_field(h.source) << ","
      << h.lang << "," << csv_field(h.url) << "," << csv_field(name) << ","
      << csv_field(role) << "," << csv_field(h.text) << "\r\n";
}

}  // namespace press_query
