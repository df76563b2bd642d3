#include "libsearch/error.h"

#include <utility>

namespace libsearch {
namespace {

std::string locate(const std::string& path, int line, int column,
                   const std::string& reason) {
  std::string out = path;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  out += ": " + reason;
  return out;
}

}  // namespace

InputError::InputError(std::string path, int line, int column,
                       std::string reason)
    : Error(locate(path, line, column, reason)),
      path_(std::move(path)),
      line_(line),
      column_(column),
      reason_(std::move(reason)) {}

QueryError::QueryError(std::size_t offset, std::string fragment,
                       std::string reason)
    : Error("query:" + std::to_string(offset + 1) + ": " + reason),
      offset_(offset),
      fragment_(std::move(fragment)),
      reason_(std::move(reason)) {}

}  // namespace libsearch
