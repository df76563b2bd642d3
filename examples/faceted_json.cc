// Runs a faceted search over a database (or a sharded folder, or a stub
// file) and prints the results as one JSON document.
//
//   faceted_json DB WORDS [LANG]
//
// The query is built in code: the words, optionally restricted to a language
// (zh, en, zh-Hans, zh-Hant). Facets: language, source and year.
// Exit status: 0 hits, 1 no hits, 2 error.
#include <cstdio>
#include <iostream>
#include <string>

#include <libsearch/libsearch.h>

namespace {

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::cerr << "usage: faceted_json DB WORDS [LANG]\n";
    return 2;
  }
  try {
    libsearch::Query query = libsearch::Query::words(argv[2]);
    if (argc == 4)
      query = libsearch::Query::all_of({query, libsearch::Query::field("lang", argv[3])});

    libsearch::Searcher searcher({argv[1]});
    libsearch::SearchRequest request;
    request.built_query = query;
    request.facets = {"lang", "source", "date"};
    request.date_facet = libsearch::DateFacet::kYear;
    request.limit = 3;
    const libsearch::SearchResults res = searcher.search(request);

    std::cout << "{\"query\": " << json_string(res.query) << ", \"total\": " << res.total
              << ", \"total_exact\": " << (res.total_exact ? "true" : "false")
              << ", \"hits\": [";
    for (std::size_t i = 0; i < res.hits.size(); ++i) {
      const libsearch::Hit& h = res.hits[i];
      std::cout << (i ? ", " : "") << "{\"release_id\": " << json_string(h.release_id)
                << ", \"paragraph\": " << h.paragraph << ", \"score\": " << h.score
                << ", \"title\": " << json_string(h.title)
                << ", \"date\": " << json_string(h.date)
                << ", \"url\": " << json_string(h.url)
                << ", \"speaker\": " << (h.speaker ? json_string(h.speaker->name) : "null")
                << ", \"text\": " << json_string(h.text) << ", \"highlights\": [";
      for (std::size_t k = 0; k < h.highlights.size(); ++k)
        std::cout << (k ? ", " : "") << "[" << h.highlights[k].byte_start << ", "
                  << h.highlights[k].byte_end << "]";
      std::cout << "]}";
    }
    std::cout << "], \"facets\": {";
    bool first_facet = true;
    for (const auto& [name, values] : res.facets) {
      std::cout << (first_facet ? "" : ", ") << json_string(name) << ": [";
      first_facet = false;
      for (std::size_t i = 0; i < values.size(); ++i)
        std::cout << (i ? ", " : "") << "{\"value\": " << json_string(values[i].value)
                  << ", \"count\": " << values[i].count << "}";
      std::cout << "]";
    }
    std::cout << "}}\n";
    return res.hits.empty() ? 1 : 0;
  } catch (const libsearch::Error& e) {
    std::cerr << "faceted_json: " << e.what() << "\n";
    return 2;
  }
}
