#include "libsearch/corpus_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <system_error>
#include <utility>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "analysis/utf8.h"
#include "fail_points.h"
#include "corpus/language_guess.h"
#include "passages/date_extractor.h"

namespace libsearch {
namespace fs = std::filesystem;

std::string Diagnostic::to_string() const {
  std::string out = path;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  out += ": ";
  if (severity == Severity::kWarning) out += "warning: ";
  out += message;
  return out;
}

std::size_t DiagnosticList::errors() const {
  return static_cast<std::size_t>(
      std::count_if(items.begin(), items.end(), [](const Diagnostic& d) {
        return d.severity == Diagnostic::Severity::kError;
      }));
}

namespace {

// Maps byte offsets of a file to 1-based line:column (column in bytes).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }
  int line(std::size_t offset) const {
    auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    return static_cast<int>(it - starts_.begin());
  }
  int column(std::size_t offset) const {
    const int l = line(offset);
    return static_cast<int>(offset - starts_[static_cast<std::size_t>(l - 1)]) + 1;
  }

 private:
  std::vector<std::size_t> starts_;
};

void report(DiagnosticSink& sink, Diagnostic::Severity severity,
            const std::string& path, int line, int column, std::string message,
            std::string release_id = {}) {
  Diagnostic d;
  d.severity = severity;
  d.path = path;
  d.line = line;
  d.column = column;
  d.message = std::move(message);
  d.release_id = std::move(release_id);
  sink.report(d);
}

void error(DiagnosticSink& sink, const std::string& path, int line, int column,
           std::string message, std::string id = {}) {
  report(sink, Diagnostic::Severity::kError, path, line, column,
         std::move(message), std::move(id));
}

void warning(DiagnosticSink& sink, const std::string& path, int line,
             int column, std::string message, std::string id = {}) {
  report(sink, Diagnostic::Severity::kWarning, path, line, column,
         std::move(message), std::move(id));
}

std::string trim(std::string_view s) {
  const char* ws = " \t\r\n\f\v";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

// Collapses runs of white space (ASCII, NBSP, ideographic space) to one
// space and trims the ends.
std::string collapse_space(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t at = pos;
    const char32_t c = detail::decode_utf8(s, pos);
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                       c == '\f' || c == '\v' || c == 0xA0 || c == 0x3000;
    if (space) {
      pending = !out.empty();
      continue;
    }
    if (pending) out.push_back(' ');
    pending = false;
    out.append(s.substr(at, pos - at));
  }
  return out;
}

std::string quote_value(std::string_view s) {
  std::string out = "\"";
  // Cut at a character boundary, never inside a UTF-8 sequence.
  std::size_t cut = std::min<std::size_t>(s.size(), 60);
  while (cut < s.size() && cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  out.append(s.substr(0, cut));
  if (s.size() > cut) out += "...";
  out += "\"";
  return out;
}

// Canonical language code, or empty if `lang` is not one we know.
std::string canonical_lang(std::string_view lang) {
  std::string lower;
  for (char c : lang)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "zh-hans" || lower == "zh-cn" || lower == "zh") return "zh-Hans";
  if (lower == "zh-hant" || lower == "zh-tw" || lower == "zh-hk") return "zh-Hant";
  if (lower == "en" || lower.rfind("en-", 0) == 0) return "en";
  return {};
}

// Checks and completes a release read from `path`; returns false (after
// reporting) when it cannot be indexed.
bool finish_release(Release& r, std::string_view raw_date, bool has_date,
                    DiagnosticSink& sink, const ReadLimits& limits,
                    bool lang_expected = true, int date_line = 0, int date_column = 0) {
  const std::string& path = r.origin_path;
  const int line = r.origin_line;
  if (r.id.empty()) {
    error(sink, path, line, 0, "release has no id (expected a non-empty id)");
    return false;
  }
  if (r.body.empty()) {
    error(sink, path, line, 0,
          "release \"" + r.id + "\" has no body text (expected paragraphs)",
          r.id);
    return false;
  }
  if (r.id.size() > 200) {
    error(sink, path, line, 0,
          "release id " + quote_value(r.id) + " is longer than 200 bytes", r.id);
    return false;
  }
  if (r.body.size() > limits.max_paragraphs) {
    error(sink, path, line, 0,
          "release \"" + r.id + "\" has " + std::to_string(r.body.size()) +
              " paragraphs (limit " + std::to_string(limits.max_paragraphs) +
              "); skipped",
          r.id);
    return false;
  }
  std::size_t body_bytes = 0;
  for (const auto& p : r.body) body_bytes += p.text.size();
  if (body_bytes > limits.max_body_bytes) {
    error(sink, path, line, 0,
          "release \"" + r.id + "\" has " + std::to_string(body_bytes) +
              " bytes of body text (limit " +
              std::to_string(limits.max_body_bytes) + "); skipped",
          r.id);
    return false;
  }
  std::string text_for_guess = r.title;
  for (const auto& p : r.body) {
    if (text_for_guess.size() > 4000) break;
    text_for_guess += p.text;
  }
  const std::string lang = canonical_lang(r.lang);
  if (lang.empty() && !lang_expected && r.lang.empty()) {
    // The scraped text form has no language field: the text decides.
    r.lang = detail::guess_language(text_for_guess);
  } else if (lang.empty()) {
    const std::string guess = detail::guess_language(text_for_guess);
    warning(sink, path, line, 0,
            (r.lang.empty() ? std::string("release \"" + r.id + "\" has no language")
                            : "release \"" + r.id + "\" has unknown language " +
                                  quote_value(r.lang)) +
                " (expected zh-Hans, zh-Hant or en); guessed " + guess,
            r.id);
    r.lang = guess;
  } else {
    r.lang = lang;
  }
  if (!has_date || trim(raw_date).empty()) {
    warning(sink, path, line, 0,
            "release \"" + r.id + "\" has no date; indexed without one", r.id);
    r.date.clear();
  } else if (!parse_release_date(raw_date, r.date)) {
    warning(sink, path, date_line > 0 ? date_line : line, date_line > 0 ? date_column : 0,
            "release \"" + r.id + "\": date " + quote_value(trim(raw_date)) +
                " is not a date (expected YYYY-MM-DD); indexed without one",
            r.id);
    r.date.clear();
  }
  return true;
}

bool blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

constexpr char kBlankFileMessage[] = "empty file: only white space (expected releases)";

// A file's content is unusable as a whole when empty, blank or binary.
bool check_whole_file(std::string_view content, const std::string& path,
                      DiagnosticSink& sink) {
  if (content.empty()) {
    error(sink, path, 0, 0, "empty file (expected releases)");
    return false;
  }
  if (blank(content)) {
    error(sink, path, 0, 0, kBlankFileMessage);
    return false;
  }
  const auto nul = content.find('\0');
  if (nul != std::string_view::npos) {
    LineIndex lines(content);
    error(sink, path, lines.line(nul), lines.column(nul),
          "binary file: NUL byte at byte offset " + std::to_string(nul) +
              " (expected UTF-8 text)");
    return false;
  }
  return true;
}

std::string invalid_utf8_message(std::size_t offset) {
  return "invalid UTF-8 at byte offset " + std::to_string(offset);
}

// ---------------------------------------------------------------- XML

// All the text inside an element, inline markup and CDATA sections
// included ("<p>a <b>b</b> c</p>" is "a b c"). The tree is walked without
// recursion, so nesting of any depth (50,000 <b> in one <p>) needs no stack.
std::string all_text(const pugi::xml_node& n) {
  std::string out;
  pugi::xml_node c = n.first_child();
  while (c) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      out += c.value();
    } else if (c.type() == pugi::node_element && c.first_child()) {
      c = c.first_child();
      continue;
    }
    // Next in document order: a sibling, or the sibling of the nearest
    // ancestor below `n` that has one.
    while (c && c != n && !c.next_sibling()) c = c.parent();
    if (!c || c == n) break;
    c = c.next_sibling();
  }
  return out;
}

std::string node_text(const pugi::xml_node& n) { return collapse_space(all_text(n)); }

void parse_xml(std::string_view content, const std::string& path,
               DiagnosticSink& sink, const ReleaseCallback& callback,
               const ReadLimits& limits) {
  LineIndex lines(content);
  pugi::xml_document doc;
  const pugi::xml_parse_result result = doc.load_buffer(
      content.data(), content.size(),
      pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_utf8);
  if (!result) {
    const auto off = static_cast<std::size_t>(result.offset);
    error(sink, path, lines.line(off), lines.column(off),
          std::string("malformed XML: ") + result.description());
    return;
  }
  pugi::xml_node root = doc.document_element();
  std::vector<pugi::xml_node> releases;
  if (std::strcmp(root.name(), "release") == 0) {
    releases.push_back(root);
  } else if (std::strcmp(root.name(), "releases") == 0) {
    for (pugi::xml_node n : root.children()) {
      if (n.type() != pugi::node_element) continue;
      if (std::strcmp(n.name(), "release") == 0) {
        releases.push_back(n);
      } else {
        const auto off = static_cast<std::size_t>(n.offset_debug());
        warning(sink, path, lines.line(off), lines.column(off),
                std::string("unexpected element <") + n.name() +
                    "> ignored (expected <release>)");
      }
    }
  } else {
    error(sink, path, 1, 0,
          std::string("root element <") + root.name() +
              "> is not <releases> or <release>");
    return;
  }
  // Invalid UTF-8 costs only the release that holds it.
  std::vector<std::size_t> bad_offsets;
  for (std::size_t pos = 0; pos < content.size();) {
    const std::size_t bad = detail::find_invalid_utf8(content.substr(pos));
    if (bad == std::string_view::npos) break;
    bad_offsets.push_back(pos + bad);
    pos += bad + 1;
  }
  for (std::size_t i = 0; i < releases.size(); ++i) {
    const pugi::xml_node& n = releases[i];
    const auto begin = static_cast<std::size_t>(n.offset_debug());
    const std::size_t end =
        i + 1 < releases.size()
            ? static_cast<std::size_t>(releases[i + 1].offset_debug())
            : content.size();
    Release r;
    r.origin_path = path;
    r.origin_line = lines.line(begin);
    r.id = trim(n.attribute("id").value());
    auto bad = std::find_if(bad_offsets.begin(), bad_offsets.end(),
                            [&](std::size_t o) { return o >= begin && o < end; });
    if (bad != bad_offsets.end()) {
      error(sink, path, lines.line(*bad), lines.column(*bad),
            invalid_utf8_message(*bad) +
                (r.id.empty() ? std::string() : " in release \"" + r.id + "\""),
            r.id);
      continue;
    }
    r.lang = trim(n.attribute("lang").value());
    r.title = node_text(n.child("title"));
    r.source = node_text(n.child("source"));
    r.url = node_text(n.child("url"));
    r.reporter = node_text(n.child("reporter"));
    for (pugi::xml_node s : n.child("speakers").children("speaker")) {
      std::string name = node_text(s);
      if (!name.empty()) r.declared_speakers.push_back(std::move(name));
    }
    for (pugi::xml_node p : n.child("body").children()) {
      if (p.type() != pugi::node_element) continue;
      Paragraph para;
      if (std::strcmp(p.name(), "heading") == 0) {
        para.kind = Paragraph::Kind::kHeading;
      } else if (std::strcmp(p.name(), "p") != 0) {
        const auto off = static_cast<std::size_t>(p.offset_debug());
        warning(sink, path, lines.line(off), lines.column(off),
                std::string("unexpected element <") + p.name() +
                    "> in <body> ignored (expected <p> or <heading>)",
                r.id);
        continue;
      }
      para.text = node_text(p);
      para.line = lines.line(static_cast<std::size_t>(p.offset_debug()));
      if (!para.text.empty()) r.body.push_back(std::move(para));
    }
    pugi::xml_node date = n.child("date");
    // offset_debug() points at the element name; the tag starts one before.
    const auto date_off = date ? static_cast<std::size_t>(date.offset_debug()) - 1 : 0;
    if (finish_release(r, date.text().get(), static_cast<bool>(date), sink, limits, true,
                       date ? lines.line(date_off) : 0, date ? lines.column(date_off) : 0))
      callback(std::move(r));
  }
}

// ---------------------------------------------------------------- JSONL

std::string json_string(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return {};
}

// Splits body text into paragraphs at blank lines.
std::vector<Paragraph> split_paragraphs(std::string_view body, int line) {
  std::vector<Paragraph> out;
  std::size_t pos = 0;
  std::string current;
  auto flush = [&] {
    std::string text = collapse_space(current);
    if (!text.empty()) out.push_back({Paragraph::Kind::kText, std::move(text), line});
    current.clear();
  };
  while (pos <= body.size()) {
    std::size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) nl = body.size();
    std::string_view l = body.substr(pos, nl - pos);
    if (trim(l).empty()) {
      flush();
    } else {
      if (!current.empty()) current.push_back('\n');
      current.append(l);
    }
    pos = nl + 1;
  }
  flush();
  return out;
}

// ---------------------------------------------------------------- text

bool ends_sentence(std::string_view s) {
  // A closing quote ends a sentence only after sentence punctuation: the
  // seed's heading 'Sub-centers in the "two zones"' ends with a quote.
  if (s.size() >= 2 && s.back() == '"') return ends_sentence(s.substr(0, s.size() - 1));
  static const char* const kEnds[] = {".", "!", "?", ":", ";", ")",
                                      "\xE3\x80\x82" /* 。 */,
                                      "\xEF\xBC\x81" /* ！ */,
                                      "\xEF\xBC\x9F" /* ？ */,
                                      "\xE2\x80\x9D" /* ” */,
                                      "\xE3\x80\x8D" /* 」 */,
                                      "\xEF\xBC\x9A" /* ： */,
                                      "\xEF\xBC\x89" /* ） */,
                                      // A clause left open is not a heading either.
                                      ",", "\xEF\xBC\x8C" /* ， */, "\xE3\x80\x81" /* 、 */,
                                      "\xEF\xBC\x9B" /* ； */, "\xE2\x80\xA6" /* … */,
                                      "\xE3\x80\x8F" /* 』 */};
  for (const char* e : kEnds) {
    const std::size_t n = std::strlen(e);
    if (s.size() >= n && s.compare(s.size() - n, n, e) == 0) return true;
  }
  return false;
}

// Joins the lines of one paragraph: with a space between Latin text, with
// nothing between Chinese characters.
bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

char32_t last_char(std::string_view s) {
  std::size_t i = s.size();
  while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;
  if (i > 0) --i;
  std::size_t pos = i;
  return detail::decode_utf8(s, pos);
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) {
    if (!out.empty()) {
      std::size_t pos = 0;
      if (!is_cjk(last_char(out)) && !is_cjk(detail::decode_utf8(l, pos))) out.push_back(' ');
    }
    out += l;
  }
  return collapse_space(out);
}

// Layout leftovers of scraped pages: a camelCase or kebab-case style
// property ("fontSize: big middle small" in the seed, "font-size: 14px").
bool is_layout_junk(std::string_view line) {
  std::size_t colon = line.find(':');
  const std::size_t wide = line.find("\xEF\xBC\x9A");
  if (wide < colon) colon = wide;
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view key = line.substr(0, colon);
  while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
  for (const char* k : {"color", "margin", "padding", "width", "height"})
    if (key == k) return true;
  if (key.empty() || key[0] < 'a' || key[0] > 'z') return false;
  bool upper = false, dash = false;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (c >= 'A' && c <= 'Z') {
      upper = true;
    } else if (c == '-') {
      if (i + 1 >= key.size() || key[i + 1] < 'a' || key[i + 1] > 'z') return false;
      dash = true;
    } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9' && upper))) {
      return false;
    }
  }
  return upper != dash;
}

void parse_text(std::string_view content, const std::string& path,
                DiagnosticSink& sink, const ReleaseCallback& callback,
                const ReadLimits& limits) {
  const std::size_t bad = detail::find_invalid_utf8(content);
  if (bad != std::string_view::npos) {
    LineIndex lines(content);
    error(sink, path, lines.line(bad), lines.column(bad),
          invalid_utf8_message(bad));
    return;
  }
  // Lines, with their numbers.
  std::vector<std::pair<int, std::string>> lines;
  {
    std::size_t pos = 0;
    int n = 0;
    while (pos < content.size()) {
      std::size_t nl = content.find('\n', pos);
      if (nl == std::string_view::npos) nl = content.size();
      std::string l(content.substr(pos, nl - pos));
      if (!l.empty() && l.back() == '\r') l.pop_back();
      ++n;
      if (!is_layout_junk(trim(l))) lines.emplace_back(n, std::move(l));
      pos = nl + 1;
    }
    // A UTF-8 byte order mark is not part of the title.
    if (!lines.empty() && lines[0].second.rfind("\xEF\xBB\xBF", 0) == 0)
      lines[0].second.erase(0, 3);
  }
  std::size_t i = 0;
  while (i < lines.size() && trim(lines[i].second).empty()) ++i;
  if (i == lines.size()) {
    error(sink, path, 0, 0, "no text (expected a title line and paragraphs)");
    return;
  }
  Release r;
  r.origin_path = path;
  r.origin_line = lines[i].first;
  r.id = fs::path(path).stem().string();
  r.title = collapse_space(lines[i].second);
  ++i;
  std::string raw_date;
  bool has_date = false;
  // Header lines "Key: value" up to the first paragraph: Date, Source, and
  // (an extension of the scraped form) URL, Lang and Id. Any other line,
  // "Q: ..." included, starts the body.
  for (; i < lines.size(); ++i) {
    const std::string l = trim(lines[i].second);
    if (l.empty()) continue;
    std::size_t colon = l.find(':');
    std::size_t skip = 1;
    const std::size_t wide = l.find("\xEF\xBC\x9A");
    if (wide < colon) {
      colon = wide;
      skip = 3;
    }
    if (colon == std::string::npos) break;
    std::string key;
    for (char c : l.substr(0, colon))
      key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    const std::string value = trim(std::string_view(l).substr(colon + skip));
    if (key == "date") {
      raw_date = value;
      has_date = true;
    } else if (key == "source") {
      r.source = value;
    } else if (key == "url") {
      r.url = value;
    } else if (key == "lang" || key == "language") {
      r.lang = value;
    } else if (key == "id") {
      r.id = value;
    } else {
      break;
    }
  }
  // Paragraphs separated by blank lines.
  std::vector<std::string> current;
  int current_line = 0;
  auto flush = [&] {
    if (current.empty()) return;
    std::string text = join_lines(current);
    current.clear();
    if (text.empty()) return;
    Paragraph p;
    p.text = std::move(text);
    p.line = current_line;
    // A short line without closing punctuation is a section heading
    // ("Highlight One" in the seed).
    if (!ends_sentence(p.text) && p.text.size() < 160)
      p.kind = Paragraph::Kind::kHeading;
    r.body.push_back(std::move(p));
  };
  for (; i < lines.size(); ++i) {
    const std::string l = trim(lines[i].second);
    if (l.empty()) {
      flush();
      continue;
    }
    if (current.empty()) current_line = lines[i].first;
    current.push_back(l);
  }
  flush();
  // A closing "(Reporter: Zhang Lu)" / "（记者：张璐）" is metadata.
  if (!r.body.empty()) {
    const std::string& last = r.body.back().text;
    for (const char* open : {"(Reporter:", "(reporter:", "(Reporters:", "(reporters:",
                             "\xEF\xBC\x88\xE8\xAE\xB0\xE8\x80\x85\xEF\xBC\x9A" /* （记者： */,
                             "\xEF\xBC\x88\xE8\xA8\x98\xE8\x80\x85\xEF\xBC\x9A" /* （記者： */,
                             "\xEF\xBC\x88\xE8\xAE\xB0\xE8\x80\x85 " /* （记者 */,
                             "\xEF\xBC\x88\xE8\xA8\x98\xE8\x80\x85 " /* （記者 */}) {
      const std::size_t n = std::strlen(open);
      if (last.rfind(open, 0) == 0) {
        std::string name = last.substr(n);
        for (const char* close : {")", "\xEF\xBC\x89"}) {
          const std::size_t m = std::strlen(close);
          if (name.size() >= m && name.compare(name.size() - m, m, close) == 0)
            name.resize(name.size() - m);
        }
        r.reporter = trim(name);
        r.body.pop_back();
        break;
      }
    }
  }
  if (finish_release(r, raw_date, has_date, sink, limits, false)) callback(std::move(r));
}

}  // namespace

void parse_jsonl_line(std::string_view line_text, const std::string& path,
                      int line, DiagnosticSink& sink,
                      const ReleaseCallback& callback, const ReadLimits& limits,
                      std::uint64_t line_offset) {
  if (trim(line_text).empty()) return;
  if (line_text.size() > limits.max_line_bytes) {
    error(sink, path, line, 0,
          "line is " + std::to_string(line_text.size()) + " bytes long (limit " +
              std::to_string(limits.max_line_bytes) + "); skipped");
    return;
  }
  const std::size_t bad = detail::find_invalid_utf8(line_text);
  if (bad != std::string_view::npos) {
    error(sink, path, line, static_cast<int>(bad) + 1,
          invalid_utf8_message(static_cast<std::size_t>(line_offset) + bad));
    return;
  }
  nlohmann::json obj;
  try {
    obj = nlohmann::json::parse(line_text);
  } catch (const nlohmann::json::parse_error& e) {
    const int column = e.byte > 0 ? static_cast<int>(e.byte) : 0;
    std::string what = e.what();
    // Keep nlohmann's explanation, drop its "[json.exception...]" prefix.
    const auto colon = what.find(": ");
    if (colon != std::string::npos) what = what.substr(colon + 2);
    error(sink, path, line, column, "line is not valid JSON: " + what);
    return;
  }
  if (!obj.is_object()) {
    error(sink, path, line, 1, "line is not a JSON object (expected a release)");
    return;
  }
  Release r;
  r.origin_path = path;
  r.origin_line = line;
  try {
    r.id = trim(json_string(obj, "id"));
    r.lang = json_string(obj, "lang");
    r.title = collapse_space(json_string(obj, "title"));
    r.source = collapse_space(json_string(obj, "source"));
    r.url = trim(json_string(obj, "url"));
    r.reporter = collapse_space(json_string(obj, "reporter"));
    r.body = split_paragraphs(json_string(obj, "body"), line);
    if (auto it = obj.find("speakers"); it != obj.end() && it->is_array()) {
      for (const auto& s : *it)
        if (s.is_string()) {
          std::string name = collapse_space(s.get<std::string>());
          if (!name.empty()) r.declared_speakers.push_back(std::move(name));
        }
    }
  } catch (const nlohmann::json::exception& e) {
    error(sink, path, line, 0, std::string("unexpected JSON content: ") + e.what());
    return;
  }
  auto date = obj.find("date");
  const bool has_date = date != obj.end() && date->is_string();
  if (finish_release(r, has_date ? date->get<std::string>() : std::string(),
                     has_date, sink, limits))
    callback(std::move(r));
}

CorpusFormat format_for_path(std::string_view path) {
  const std::string ext = fs::path(std::string(path)).extension().string();
  if (ext == ".xml") return CorpusFormat::kXml;
  if (ext == ".jsonl") return CorpusFormat::kJsonLines;
  if (ext == ".txt") return CorpusFormat::kText;
  return CorpusFormat::kUnknown;
}

namespace {

// Why stat() failed on `path`, for a message.
std::string status_failure(const std::string& path, int err) {
  if (err == ELOOP) return "symlink loop (too many levels of symbolic links)";
  if (err == ENOENT || err == ENOTDIR) {
    struct stat link {};
    if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode))
      return "broken symlink (its target does not exist)";
    return "no such file or folder";
  }
  return std::string("cannot read: ") + std::strerror(err);
}

// What a file that is neither a regular file nor a folder is, for a message.
std::string special_file(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

std::string not_regular_message(mode_t mode) {
  return "is " + special_file(mode) + ", not a regular file or folder; skipped";
}

// The folder walk behind list_corpus_files: every folder and entry that
// cannot be read is reported with its path (remove --missing-from relies on
// that to refuse), symlinks to folders are followed, and a symlink back to a
// folder being read is reported once instead of looping.
class FolderWalk {
 public:
  FolderWalk(DiagnosticSink& sink, std::vector<std::string>& files)
      : sink_(sink), files_(files) {
    if (auto p = detail::fail_point("walk-fail")) fail_at_ = fs::path(*p).lexically_normal();
  }

  void walk(const std::string& dir, const struct stat& st) {
    const std::pair<dev_t, ino_t> id{st.st_dev, st.st_ino};
    if (std::find(open_.begin(), open_.end(), id) != open_.end()) {
      warning(sink_, dir, 0, 0,
              "symlink loop: leads back to a folder being read; not followed again");
      return;
    }
    if (!seen_.insert(id).second) return;  // reached again through a symlink
    open_.push_back(id);
    read_folder(dir);
    open_.pop_back();
  }

 private:
  void read_folder(const std::string& dir) {
    std::error_code ec;
    if (!fail_at_.empty() && fs::path(dir).lexically_normal() == fail_at_)
      ec = std::error_code(EIO, std::generic_category());  // fail point walk-fail
    fs::directory_iterator it;
    if (!ec) it = fs::directory_iterator(dir, ec);
    if (ec) {
      error(sink_, dir, 0, 0, "cannot read folder: " + ec.message());
      return;
    }
    std::vector<std::string> entries;
    for (const fs::directory_iterator end; it != end; it.increment(ec)) {
      entries.push_back(it->path().string());
    }
    if (ec) error(sink_, dir, 0, 0, "cannot read folder: " + ec.message());
    std::sort(entries.begin(), entries.end());
    for (const std::string& entry : entries) {
      struct stat st {};
      if (::stat(entry.c_str(), &st) != 0) {
        error(sink_, entry, 0, 0, status_failure(entry, errno));
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        walk(entry, st);
      } else if (format_for_path(entry) == CorpusFormat::kUnknown) {
        continue;
      } else if (S_ISREG(st.st_mode)) {
        files_.push_back(entry);
      } else {
        error(sink_, entry, 0, 0, not_regular_message(st.st_mode));
      }
    }
  }

  DiagnosticSink& sink_;
  std::vector<std::string>& files_;
  fs::path fail_at_;
  std::vector<std::pair<dev_t, ino_t>> open_;  // folders being read, outermost first
  std::set<std::pair<dev_t, ino_t>> seen_;
};

}  // namespace

std::vector<std::string> list_corpus_files(const std::string& path,
                                           DiagnosticSink& sink) {
  std::vector<std::string> files;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    error(sink, path, 0, 0, status_failure(path, errno));
    return files;
  }
  if (S_ISDIR(st.st_mode)) {
    FolderWalk(sink, files).walk(path, st);
    std::sort(files.begin(), files.end());
  } else if (format_for_path(path) == CorpusFormat::kUnknown) {
    error(sink, path, 0, 0,
          "unknown file type (expected .xml, .jsonl or .txt)");
  } else if (!S_ISREG(st.st_mode)) {
    error(sink, path, 0, 0, not_regular_message(st.st_mode));
  } else {
    files.push_back(path);
  }
  return files;
}

void parse_corpus(CorpusFormat format, std::string_view content,
                  const std::string& path, DiagnosticSink& sink,
                  const ReleaseCallback& callback, const ReadLimits& limits) {
  if (!check_whole_file(content, path, sink)) return;
  switch (format) {
    case CorpusFormat::kXml:
      parse_xml(content, path, sink, callback, limits);
      break;
    case CorpusFormat::kJsonLines: {
      std::size_t pos = 0;
      int line = 0;
      while (pos < content.size()) {
        std::size_t nl = content.find('\n', pos);
        if (nl == std::string_view::npos) nl = content.size();
        parse_jsonl_line(content.substr(pos, nl - pos), path, ++line, sink,
                         callback, limits, pos);
        pos = nl + 1;
      }
      break;
    }
    case CorpusFormat::kText:
      parse_text(content, path, sink, callback, limits);
      break;
    case CorpusFormat::kUnknown:
      error(sink, path, 0, 0, "unknown file type (expected .xml, .jsonl or .txt)");
      break;
  }
}

void parse_chunk(const CorpusChunk& chunk, DiagnosticSink& sink,
                 const ReleaseCallback& callback, const ReadLimits& limits) {
  if (chunk.format == CorpusFormat::kJsonLines) {
    parse_jsonl_line(chunk.text, chunk.path, chunk.line, sink, callback, limits,
                     chunk.byte_offset);
  } else {
    parse_corpus(chunk.format, chunk.text, chunk.path, sink, callback, limits);
  }
}

namespace {

// A file descriptor closed on scope exit.
class FileHandle {
 public:
  explicit FileHandle(const std::string& path)
      : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)) {}
  ~FileHandle() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileHandle(const FileHandle&) = delete;  // owns the descriptor
  FileHandle& operator=(const FileHandle&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Reads up to `size` bytes, retrying on EINTR; -1 on error (errno set).
ssize_t read_some(int fd, char* buf, std::size_t size) {
  for (;;) {
    const ssize_t n = ::read(fd, buf, size);
    if (n >= 0 || errno != EINTR) return n;
  }
}

std::string read_failure(int err) {
  return std::string("cannot read: ") + std::strerror(err);
}

// Streams a JSON Lines file line by line; a line is held in memory only up to
// limits.max_line_bytes.
std::uint64_t stream_jsonl(int fd, const std::string& file, DiagnosticSink& sink,
                           const ChunkCallback& callback,
                           const ReadLimits& limits) {
  constexpr std::size_t kBufferBytes = std::size_t{1} << 20;
  std::vector<char> buffer(kBufferBytes);
  std::uint64_t total = 0;
  std::uint64_t line_start = 0;
  int line = 1;
  std::string current;
  bool too_long = false;
  bool any_text = false;  // a line that is not blank
  std::uint64_t too_long_bytes = 0;
  auto finish_line = [&] {
    any_text = any_text || too_long || !blank(current);
    if (too_long) {
      error(sink, file, line, 0,
            "line is " + std::to_string(too_long_bytes) +
                " bytes long (limit " + std::to_string(limits.max_line_bytes) +
                "); skipped");
    } else if (!blank(current)) {
      CorpusChunk chunk;
      chunk.format = CorpusFormat::kJsonLines;
      chunk.path = file;
      chunk.line = line;
      chunk.byte_offset = line_start;
      chunk.text = std::move(current);
      callback(std::move(chunk));
    }
    current.clear();
    too_long = false;
    too_long_bytes = 0;
  };
  for (;;) {
    const ssize_t n = read_some(fd, buffer.data(), buffer.size());
    if (n < 0) {
      error(sink, file, line, 0, read_failure(errno));
      return total;
    }
    if (n == 0) break;
    std::string_view data(buffer.data(), static_cast<std::size_t>(n));
    const std::size_t nul = data.find('\0');
    if (nul != std::string_view::npos) {
      // Lines before the NUL byte are complete only up to here; the rest of
      // the file is not text.
      const std::uint64_t offset = total + nul;
      const std::size_t nl = data.substr(0, nul).rfind('\n');
      if (nl != std::string_view::npos) {
        const std::string_view head = data.substr(0, nl);
        for (std::size_t pos = 0; pos <= head.size();) {
          std::size_t e = head.find('\n', pos);
          if (e == std::string_view::npos) e = head.size();
          if (!too_long) current.append(head.substr(pos, e - pos));
          finish_line();
          line_start = total + e + 1;
          ++line;
          pos = e + 1;
        }
      }
      const std::uint64_t column = offset - line_start + 1;
      Diagnostic d;
      d.path = file;
      d.line = line;
      d.column = static_cast<int>(column);
      d.message = "binary file: NUL byte at byte offset " +
                  std::to_string(offset) +
                  " (expected UTF-8 text); rest of the file skipped";
      sink.report(d);
      return total + static_cast<std::uint64_t>(n);
    }
    std::size_t pos = 0;
    while (pos < data.size()) {
      const std::size_t nl = data.find('\n', pos);
      const std::size_t end = nl == std::string_view::npos ? data.size() : nl;
      const std::size_t piece = end - pos;
      if (!too_long && current.size() + piece > limits.max_line_bytes) {
        too_long = true;
        too_long_bytes = current.size();
        current.clear();
        current.shrink_to_fit();
      }
      if (too_long) {
        too_long_bytes += piece;
      } else {
        current.append(data.substr(pos, piece));
      }
      if (nl == std::string_view::npos) break;
      finish_line();
      ++line;
      line_start = total + nl + 1;
      pos = nl + 1;
    }
    total += static_cast<std::uint64_t>(n);
  }
  if (total == 0) {
    error(sink, file, 0, 0, "empty file (expected releases)");
    return 0;
  }
  if (!current.empty() || too_long) finish_line();
  if (!any_text) error(sink, file, 0, 0, kBlankFileMessage);
  return total;
}

}  // namespace

std::uint64_t read_corpus_chunks(const std::string& file, DiagnosticSink& sink,
                                 const ChunkCallback& callback,
                                 const ReadLimits& limits) {
  const CorpusFormat format = format_for_path(file);
  if (format == CorpusFormat::kUnknown) {
    error(sink, file, 0, 0, "unknown file type (expected .xml, .jsonl or .txt)");
    return 0;
  }
  FileHandle in(file);
  if (in.fd() < 0) {
    error(sink, file, 0, 0, std::string("cannot open: ") + std::strerror(errno));
    return 0;
  }
  // Opened without blocking (a FIFO with no writer would wait forever);
  // only a regular file is read, then with blocking reads.
  struct stat st {};
  if (::fstat(in.fd(), &st) != 0) {
    error(sink, file, 0, 0, read_failure(errno));
    return 0;
  }
  if (!S_ISREG(st.st_mode)) {
    error(sink, file, 0, 0, not_regular_message(st.st_mode));
    return 0;
  }
  const int flags = ::fcntl(in.fd(), F_GETFL);
  if (flags < 0 || ::fcntl(in.fd(), F_SETFL, flags & ~O_NONBLOCK) != 0) {
    error(sink, file, 0, 0, read_failure(errno));
    return 0;
  }
  if (format == CorpusFormat::kJsonLines)
    return stream_jsonl(in.fd(), file, sink, callback, limits);

  if (static_cast<std::uint64_t>(st.st_size) > limits.max_file_bytes) {
    error(sink, file, 0, 0,
          "file is " + std::to_string(st.st_size) + " bytes (limit " +
              std::to_string(limits.max_file_bytes) +
              " for files read whole); skipped");
    return 0;
  }
  CorpusChunk chunk;
  chunk.format = format;
  chunk.path = file;
  chunk.line = 1;
  std::vector<char> buffer(std::size_t{1} << 16);
  for (;;) {
    const ssize_t n = read_some(in.fd(), buffer.data(), buffer.size());
    if (n < 0) {
      error(sink, file, 0, 0, read_failure(errno));
      return chunk.text.size();
    }
    if (n == 0) break;
    if (chunk.text.size() + static_cast<std::size_t>(n) > limits.max_file_bytes) {
      error(sink, file, 0, 0,
            "file is larger than " + std::to_string(limits.max_file_bytes) +
                " bytes (the limit for files read whole); skipped");
      return chunk.text.size();
    }
    chunk.text.append(buffer.data(), static_cast<std::size_t>(n));
  }
  const std::uint64_t total = chunk.text.size();
  callback(std::move(chunk));
  return total;
}

void read_corpus(const std::string& path, DiagnosticSink& sink,
                 const ReleaseCallback& callback, const ReadLimits& limits) {
  for (const std::string& file : list_corpus_files(path, sink)) {
    read_corpus_chunks(
        file, sink,
        [&](CorpusChunk&& chunk) { parse_chunk(chunk, sink, callback, limits); },
        limits);
  }
}

}  // namespace libsearch
