// Invariant checks inside fuzz targets: a failed check prints what broke and
// aborts, which libFuzzer reports as a crash and the replay driver as a
// failed test. Used in place of assert() so the checks hold in every build.
#ifndef LIBSEARCH_TESTS_FUZZ_FUZZ_CHECK_H_
#define LIBSEARCH_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define LIBSEARCH_FUZZ_CHECK(cond)                                          \
  do {                                                                      \
    if (!(cond)) {                                                          \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
                   #cond);                                                  \
      std::abort();                                                         \
    }                                                                       \
  } while (0)

#endif  // LIBSEARCH_TESTS_FUZZ_FUZZ_CHECK_H_
