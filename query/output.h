// Output formats of press-query: text, json, jsonl, csv.
#ifndef LIBSEARCH_QUERY_OUTPUT_H_
#define LIBSEARCH_QUERY_OUTPUT_H_

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "libsearch/hit.h"

namespace press_query {

nlohmann::json hit_json(const libsearch::Hit& hit);
nlohmann::json results_json(const libsearch::SearchResults& res);

// Text for a terminal or a pipe; colour only when `colour`.
void print_text(std::ostream& out, const libsearch::SearchResults& res, bool colour);

// CSV: RFC 4180 quoting.
std::string csv_field(const std::string& s);
void print_csv_header(std::ostream& out);
void print_csv_row(std::ostream& out, const libsearch::Hit& hit);

}  // namespace press_query

#endif  // LIBSEARCH_QUERY_OUTPUT_H_
