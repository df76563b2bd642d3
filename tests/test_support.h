// The one header every test includes: Catch2 (2.13 today; a move to v3
// touches only this file) plus fixtures: data locations and temporary
// database folders.
#ifndef LIBSEARCH_TESTS_TEST_SUPPORT_H_
#define LIBSEARCH_TESTS_TEST_SUPPORT_H_

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
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

// ctest runs each test case in a process of its own with
// LIBSEARCH_SKIP_EXIT set (tests/CMakeLists.txt) and counts exit status 77
// as skipped.
namespace libsearch::test {
inline constexpr int kSkipExitCode = 77;
}  // namespace libsearch::test

// Skips the rest of a test when ../shared is absent, saying so: under ctest
// the test reports itself as skipped; run by hand, it passes with a warning.
#define LIBSEARCH_REQUIRE_SHARED()                                             \
  do {                                                                         \
    if (libsearch::test::shared_dir().empty()) {                               \
      if (std::getenv("LIBSEARCH_SKIP_EXIT")) {                                \
        std::fprintf(stderr, "skipped: ../shared is not present beside this checkout\n"); \
        std::exit(libsearch::test::kSkipExitCode);                             \
      }                                                                        \
      WARN("skipped: ../shared is not present beside this checkout");          \
      return;                                                                  \
    }                                                                          \
  } while (0)

#endif  // LIBSEARCH_TESTS_TEST_SUPPORT_H_
