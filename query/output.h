// Output formats of press-query: text, json, jsonl, csv.
//
// Columns (--fields) name the same values in every format: rank, score,
// release_id, paragraph, title, date, source, lang, url, speaker,
// speaker_role, section, text, highlights, counterpart, dates, and in batch
// mode line, id and query. counterpart is a JSON object (in CSV, its JSON
// text) or null. In JSON, speaker is an object {name, role}; in CSV it is the
// name, highlights are "start-end" byte spans joined by spaces and dates are
// joined by spaces.
#ifndef LIBSEARCH_QUERY_OUTPUT_H_
#define LIBSEARCH_QUERY_OUTPUT_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "libsearch/hit.h"

namespace press_query {

// Where a result came from in batch mode (--queries).
struct BatchTag {
  int line = 0;
  std::optional<std::string> id;  // the JSONL line's "id", if any
  std::string query;
};

// Every column name; false for an unknown one.
bool known_field(const std::string& name);

// The columns of a CSV row when --fields is not given.
std::vector<std::string> default_csv_fields(bool batch, bool counterpart = false);

// A hit as JSON: all columns, or only `fields` when non-empty. With
// `explain`, adds "explain": [{term, weight, wdf, termfreq}]. With
// `counterpart` (--with-counterpart), all columns include "counterpart":
// {release_id, paragraph, paragraphs, text, confidence} or null.
nlohmann::json hit_json(const libsearch::Hit& hit, const std::vector<std::string>& fields = {},
                        const BatchTag* tag = nullptr, bool explain = false,
                        bool counterpart = false);
nlohmann::json results_json(const libsearch::SearchResults& res,
                            const std::vector<std::string>& fields = {}, bool explain = false,
                            bool counterpart = false);

// One JSON document or line as text. A string that is not UTF-8 (read from
// a damaged database) has its bad bytes replaced by U+FFFD: the output is
// always valid JSON; control characters are escaped (\u001b).
std::string json_text(const nlohmann::json& j);

// A release as indexed (press-index show --format json, press-serve's
// /api/release/ID): release_id, title, date, source, lang, url, counterpart
// (the linked release in the other language, or null) and passages
// [{paragraph, counterpart_paragraphs (when linked), speaker, section, dates,
// text}].
nlohmann::json release_json(const libsearch::IndexedRelease& release);

// Text for a terminal or a pipe; colour only when `colour`. Long passages
// are trimmed around their first match. Every value from the database is
// shown through libsearch::printable(): control characters made visible.
void print_text(std::ostream& out, const libsearch::SearchResults& res, bool colour,
                bool explain = false);

// `text` cut to about `max_chars` code points around byte offset `focus`,
// on UTF-8 boundaries; `start` receives the byte offset of the cut's first
// byte in `text`. Returns the cut (without ellipses).
std::string trim_around(const std::string& text, std::size_t focus, std::size_t max_chars,
                        std::size_t& start);

// CSV: RFC 4180 (quoted where needed, CRLF line ends, UTF-8). A field that
// holds a comma, a quote or any control character is quoted.
std::string csv_field(const std::string& s);
void print_csv_header(std::ostream& out, const std::vector<std::string>& fields);
void print_csv_row(std::ostream& out, const libsearch::Hit& hit,
                   const std::vector<std::string>& fields, const BatchTag* tag = nullptr);

}  // namespace press_query

#endif  // LIBSEARCH_QUERY_OUTPUT_H_
