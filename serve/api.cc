#include "api.h"

#include <algorithm>

#include <boost/program_options/errors.hpp>
#include <nlohmann/json.hpp>

#include "libsearch/error.h"
#include "options.h"
#include "output.h"

using nlohmann::json;

namespace press_serve {
namespace {

// press-query's options that take a value, by their query-string name.
const char* const kValueFields[] = {"lang",  "from",   "to",   "speaker",    "source",
                                    "release", "facets", "date-facet", "limit", "offset",
                                    "sort",  "per-release", "context", "fields"};
// press-query's switches.
const char* const kSwitchFields[] = {"any", "strict", "explain"};

template <std::size_t N>
bool one_of(const std::string& s, const char* const (&names)[N]) {
  return std::find(std::begin(names), std::end(names), s) != std::end(names);
}

Answer error(int status, const std::string& message) {
  return {status, json{{"error", message}}.dump() + "\n"};
}

// The fields as press-query arguments; throws boost's error for a field
// press-query has no option for (or that the API does not offer).
std::vector<std::string> arguments(const std::vector<std::string>& databases,
                                   const Params& params) {
  std::vector<std::string> args{"--format=json"};
  for (const auto& db : databases) args.push_back("--db=" + db);
  for (const auto& [name, value] : params) {
    if (name == "q") {
      if (!value.empty()) args.push_back("--query=" + value);
    } else if (one_of(name, kValueFields)) {
      args.push_back("--" + name + "=" + value);
    } else if (one_of(name, kSwitchFields)) {
      if (value == "1" || value == "true" || value.empty()) args.push_back("--" + name);
      else if (value != "0" && value != "false")
        throw boost::program_options::error(name + " \"" + value + "\" must be 1 or 0");
    } else {
      throw boost::program_options::error(
          "unknown parameter \"" + name +
          "\" (expected q, lang, from, to, speaker, source, release, facets, date-facet, "
          "limit, offset, sort, per-release, context, fields, any, strict, explain)");
    }
  }
  return args;
}

}  // namespace

Answer search(libsearch::Searcher& searcher, const std::vector<std::string>& databases,
              const Params& params) {
  try {
    press_query::Config c;
    press_query::parse_options(arguments(databases, params), c);
    libsearch::SearchRequest req = c.request;
    req.query = c.query;
    const libsearch::SearchResults res = searcher.search(req);
    return {200, press_query::results_json(res, c.fields, c.explain, press_query::counterparts(c)).dump() + "\n"};
  } catch (const boost::program_options::error& e) {
    return error(400, e.what());
  } catch (const libsearch::QueryError& e) {
    return {400, json{{"error", e.what()}, {"offset", e.offset()}, {"fragment", e.fragment()}}
                     .dump() + "\n"};
  } catch (const libsearch::IndexError& e) {
    return error(500, e.what());
  } catch (const libsearch::Error& e) {
    return error(400, e.what());
  }
}

Answer release(libsearch::Searcher& searcher, const std::string& id) {
  try {
    const auto rel = searcher.release(id);
    if (!rel) return error(404, "no release \"" + id + "\"");
    return {200, press_query::release_json(*rel).dump() + "\n"};
  } catch (const libsearch::Error& e) {
    return error(500, e.what());
  }
}

}  // namespace press_serve
