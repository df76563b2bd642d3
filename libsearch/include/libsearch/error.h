// libsearch: the error hierarchy. Every failure that leaves the library is a
// libsearch::Error; foreign error types (Xapian, ICU, pugixml, JSON) are
// translated at the boundary.
//
//   try {
//     libsearch::Searcher searcher({"/data/press.db"});
//   } catch (const libsearch::IndexError& e) {
//     std::cerr << e.what() << "\n";   // "/data/press.db: no such database"
//   }
//
// Messages put the subject first: "path:line:column: what is wrong".
//
// Errors are plain values (copyable, own their strings) and safe to pass
// between threads, e.g. through std::exception_ptr.
#ifndef LIBSEARCH_ERROR_H_
#define LIBSEARCH_ERROR_H_

#include <cstddef>
#include <stdexcept>
#include <string>

namespace libsearch {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

// Bad corpus data. path/line/column locate it (line and column 1-based, 0 if
// unknown); reason() is the message without the location.
class InputError : public Error {
 public:
  InputError(std::string path, int line, int column, std::string reason);
  const std::string& path() const { return path_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& reason() const { return reason_; }

 private:
  std::string path_;
  int line_;
  int column_;
  std::string reason_;
};

// A query that cannot be parsed (only thrown in strict mode; otherwise the
// parser degrades and reports a warning). offset is a UTF-8 byte offset into
// the query text, fragment the offending part.
class QueryError : public Error {
 public:
  QueryError(std::size_t offset, std::string fragment, std::string reason);
  std::size_t offset() const { return offset_; }
  const std::string& fragment() const { return fragment_; }
  const std::string& reason() const { return reason_; }

 private:
  std::size_t offset_;
  std::string fragment_;
  std::string reason_;
};

// Opening, writing or committing a database failed, or the database was built
// by an incompatible analyzer/schema version.
class IndexError : public Error {
 public:
  explicit IndexError(const std::string& what) : Error(what) {}
};

// The database is locked by another writer.
class LockedError : public IndexError {
 public:
  explicit LockedError(const std::string& what) : IndexError(what) {}
};

// The database was built by another analyzer or schema version.
class VersionError : public IndexError {
 public:
  explicit VersionError(const std::string& what) : IndexError(what) {}
};

}  // namespace libsearch

#endif  // LIBSEARCH_ERROR_H_
