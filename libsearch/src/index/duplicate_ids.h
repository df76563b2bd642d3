// Release ids met in one indexing run, with where each was first read: a
// second release with the same id is a mistake in the input, not an update.
// Used by every way of adding releases (the pipeline and the sharded writer
// of press-index), so all report a repeat alike.
#ifndef LIBSEARCH_INDEX_DUPLICATE_IDS_H_
#define LIBSEARCH_INDEX_DUPLICATE_IDS_H_

#include <optional>
#include <string>
#include <unordered_map>

#include "libsearch/corpus_reader.h"

namespace libsearch::detail {

class DuplicateIds {
 public:
  // Nothing the first time `id` is met; after that, the error to report for
  // the release read at `path`:`line`, which is skipped.
  std::optional<Diagnostic> check(const std::string& id, const std::string& path, int line) {
    auto [it, fresh] = first_.emplace(id, path + ":" + std::to_string(line));
    if (fresh) return std::nullopt;
    Diagnostic d;
    d.path = path;
    d.line = line;
    d.release_id = id;
    d.message = "duplicate id \"" + id + "\" (first at " + it->second + "); skipped";
    return d;
  }

 private:
  std::unordered_map<std::string, std::string> first_;  // id -> path:line
};

}  // namespace libsearch::detail

#endif  // LIBSEARCH_INDEX_DUPLICATE_IDS_H_
