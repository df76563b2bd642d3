// Shared test header: the one place that includes Catch2, plus the location
// of the shared corpus.
#ifndef LIBSEARCH_TESTS_TEST_SUPPORT_H_
#define LIBSEARCH_TESTS_TEST_SUPPORT_H_

#include <catch2/catch.hpp>

#include <string>
#include <sys/stat.h>

namespace libsearch::test {

// The shared data directory (../shared relative to the repository root, set
// at build time through LIBSEARCH_SHARED_DIR), or "" when it is not there.
// Tests that need it WARN and return when this is empty.
inline std::string shared_dir() {
#ifdef LIBSEARCH_SHARED_DIR
  struct stat st;
  if (::stat(LIBSEARCH_SHARED_DIR, &st) == 0 && S_ISDIR(st.st_mode)) {
    return LIBSEARCH_SHARED_DIR;
  }
#endif
  return "";
}

}  // namespace libsearch::test

#endif  // LIBSEARCH_TESTS_TEST_SUPPORT_H_
