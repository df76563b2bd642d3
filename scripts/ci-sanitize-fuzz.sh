#!/usr/bin/env bash
# The reliability half of CI, in one instrumented build (clang, AddressSanitizer
# and UndefinedBehaviorSanitizer, coverage for libFuzzer): runs each fuzz
# target for SECONDS (default 20), then the whole test suite under the
# sanitizers except the corpus-scale "real corpus" tests (they index all of
# ../shared and take minutes when instrumented) and the packaging tests
# (install, Doxygen), which the plain build runs.
# Ends with ctest's summary; exits non-zero if a fuzz target or a test fails.
#
#   scripts/ci-sanitize-fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-20}
export BUILD=${BUILD:-build-fuzz}
. scripts/deps.sh
libsearch_install_deps clang libclang-rt-14-dev

start=$(date +%s)
libsearch_use_ccache
launcher=("${LIBSEARCH_LAUNCHER[@]}")
# Same configuration as scripts/fuzz.sh, so its build step finds everything built.
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
      -DLIBSEARCH_SANITIZE=ON -DLIBSEARCH_BUILD_FUZZERS=ON \
      -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" "${launcher[@]}" >/dev/null
cmake --build "$BUILD" -j"$(nproc)"
built=$(date +%s)

fuzz_status=0
scripts/fuzz.sh "$SECONDS_EACH" || fuzz_status=$?
fuzzed=$(date +%s)
echo "ci-sanitize-fuzz.sh: build $((built - start)) s, fuzzing $((fuzzed - built)) s (status $fuzz_status)"

export ASAN_OPTIONS=halt_on_error=1:detect_stack_use_after_return=0:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/scripts/lsan.supp
test_status=0
(cd "$BUILD" && ctest --output-on-failure -j"$(nproc)" -E 'real corpus|install:|docs:') || test_status=$?
[ $fuzz_status -eq 0 ] && [ $test_status -eq 0 ]
