// The one header every test includes: Catch2 (2.13 today; a move to v3
// touches only this file) plus fixtures: data locations and temporary
// database folders.
#ifndef LIBSEARCH_TESTS_TEST_SUPPORT_H_
#define LIBSEARCH_TESTS_TEST_SUPPORT_H_

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

namespace libsearch::test {

// tests/data in the source tree.
inline std::string data_dir() { return LIBSEARCH_TEST_DATA_DIR; }
// The project's own sample corpus.
inline std::string samples_dir() { return LIBSEARCH_SAMPLES_DIR; }
// ../shared beside the checkout, or "" when this clone has none.
inline std::string shared_dir() {
  const std::string d = LIBSEARCH_SHARED_DIR;
  return std::filesystem::is_directory(d + "/corpus") ? d : std::string();
}
// Built programs.
inline std::string press_index_bin() { return LIBSEARCH_PRESS_INDEX; }
inline std::string press_query_bin() { return LIBSEARCH_PRESS_QUERY; }

// A fresh temporary folder, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "libsearch-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;  // owns the folder
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace libsearch::test

namespace libsearch::test {

// Under ctest every test case runs in a process of its own, with
// LIBSEARCH_SKIP_CODE set to the code ctest reads as "skipped"
// (SKIP_RETURN_CODE): a skipped case then ends its process with that code so
// that ctest's summary counts it as skipped, not passed. Run by hand (the whole
// binary at once) a skip is a warning and the case returns.
inline int skip_exit_code() {
  const char* code = std::getenv("LIBSEARCH_SKIP_CODE");
  return code && *code ? std::atoi(code) : 0;
}

[[noreturn]] inline void exit_skipped(const std::string& reason) {
  std::cerr << "skipped: " << reason << std::endl;
  std::exit(skip_exit_code());
}

}  // namespace libsearch::test

// Skips the rest of a test case, saying why.
#define LIBSEARCH_SKIP(reason)                                          \
  do {                                                                  \
    if (libsearch::test::skip_exit_code() != 0)                         \
      libsearch::test::exit_skipped(reason);                            \
    WARN("skipped: " << (reason));                                      \
    return;                                                             \
  } while (0)

// Skips the rest of a test when ../shared is absent, saying so.
#define LIBSEARCH_REQUIRE_SHARED()                                      \
  do {                                                                  \
    if (libsearch::test::shared_dir().empty())                          \
      LIBSEARCH_SKIP("../shared is not present beside this checkout");  \
  } while (0)

#endif  // LIBSEARCH_TESTS_TEST_SUPPORT_H_
