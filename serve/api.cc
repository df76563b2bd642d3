#include "api.h"

#include <algorithm>

#include <boost/program_options/errors.hpp>
#include <nlohmann/json.hpp>

#include "libsearch/error.h"
#include "options.h"
#include "output.h"
#include "research_output.h"

using nlohmann::json;

namespace press_serve {
namespace {

using Names = std::vector<std::string>;

// /api/search's fields: press-query's options that take a value, and its
// switches (q, the query, comes first).
const Names kSearchValues = {"lang",       "from",  "to",     "speaker", "source",
                             "release",    "facets", "date-facet", "limit", "offset",
                             "sort",       "per-release", "context", "fields"};
const Names kSearchSwitches = {"any", "strict", "explain"};

// The research views' fields: the filters, then each view's own options.
const Names kFilterValues = {"lang", "from", "to", "speaker", "source", "release"};
const Names kFilterSwitches = {"any", "strict"};

bool one_of(const std::string& s, const Names& names) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

Answer error(int status, const std::string& message) {
  return {status, json{{"error", message}}.dump() + "\n"};
}

// The fields as press-query arguments (after `view`, the arguments that
// name a research view, if any); throws boost's error for a field the
// endpoint does not take.
std::vector<std::string> arguments(const std::vector<std::string>& databases, const Params& params,
                                   const Names& values, const Names& switches,
                                   const std::vector<std::string>& view = {}) {
  std::vector<std::string> args{"--format=json"};
  for (const auto& db : databases) args.push_back("--db=" + db);
  args.insert(args.end(), view.begin(), view.end());
  for (const auto& [name, value] : params) {
    if (name == "q") {
      if (!value.empty()) args.push_back("--query=" + value);
    } else if (one_of(name, values)) {
      args.push_back("--" + name + "=" + value);
    } else if (one_of(name, switches)) {
      if (value == "1" || value == "true" || value.empty()) args.push_back("--" + name);
      else if (value != "0" && value != "false")
        throw boost::program_options::error(name + " \"" + value + "\" must be 1 or 0");
    } else {
      std::string expected = "q";
      for (const auto* names : {&values, &switches})
        for (const auto& n : *names) expected += ", " + n;
      throw boost::program_options::error("unknown parameter \"" + name + "\" (expected " +
                                          expected + ")");
    }
  }
  return args;
}

Names joined(Names a, const Names& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

bool has(const Params& params, const std::string& name) {
  return std::any_of(params.begin(), params.end(), [&](const auto& p) { return p.first == name; });
}

// The error answers of every endpoint that searches.
template <typename Run>
Answer answer(Run&& run) {
  try {
    return {200, run().dump() + "\n"};
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

}  // namespace

Answer search(libsearch::Searcher& searcher, const std::vector<std::string>& databases,
              const Params& params) {
  return answer([&] {
    press_query::Config c;
    press_query::parse_options(arguments(databases, params, kSearchValues, kSearchSwitches), c);
    libsearch::SearchRequest req = c.request;
    req.query = c.query;
    const libsearch::SearchResults res = searcher.search(req);
    return press_query::results_json(res, c.fields, c.explain, press_query::counterparts(c));
  });
}

Answer research(libsearch::Searcher& searcher, const std::vector<std::string>& databases,
                View view, const Params& params) {
  return answer([&] {
    Names values, view_args;
    switch (view) {
      case View::kConcordance:
        values = joined(kFilterValues, {"kwic", "sort"});
        if (!has(params, "kwic")) view_args.push_back("--kwic=default");
        break;
      case View::kTimeline:
        values = joined(kFilterValues, {"timeline", "by", "norm"});
        if (!has(params, "timeline")) view_args.push_back("--timeline=year");
        break;
      case View::kCollocates:
        values = joined(kFilterValues, {"window", "measure", "min-count", "limit"});
        view_args.push_back("--collocates");
        break;
      case View::kKeywords:
        values = joined(kFilterValues, {"min-count", "limit"});
        view_args.push_back("--keywords");
        break;
    }
    press_query::Config c;
    press_query::parse_options(
        arguments(databases, params, values, kFilterSwitches, view_args), c);
    return press_query::research_json(searcher, c).document;
  });
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
