#!/usr/bin/env bash
# Builds the project with AddressSanitizer and UndefinedBehaviorSanitizer in
# its own build folder and runs the whole test suite there, printing ctest's
# summary. Exits non-zero if the build or any test fails.
#
#   scripts/sanitize.sh              # build-asan/, RelWithDebInfo
#   BUILD=/tmp/asan scripts/sanitize.sh -R fault_tests   # extra args go to ctest
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
libsearch_install_deps

BUILD=${BUILD:-build-asan}
TYPE=${BUILD_TYPE:-RelWithDebInfo}
JOBS=${JOBS:-$(nproc)}
libsearch_use_ccache
launcher=("${LIBSEARCH_LAUNCHER[@]}")

start=$(date +%s)
# GCC 12 with -fsanitize=address reports -Wmaybe-uninitialized false
# positives inside libstdc++'s <regex> (included by Catch2); silence that one.
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE="$TYPE" -DLIBSEARCH_SANITIZE=ON \
      -DLIBSEARCH_BUILD_TESTS=ON -DCMAKE_CXX_FLAGS="-Wno-maybe-uninitialized" \
      "${launcher[@]}" ${CMAKE_ARGS:-}
cmake --build "$BUILD" -j"$JOBS"
built=$(date +%s)

# Leak checking stays on (the default); reports go to stderr and fail the
# program. halt_on_error makes the first report end the program.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_stack_use_after_return=0:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp}
status=0
(cd "$BUILD" && ctest --output-on-failure -j"$JOBS" "$@") || status=$?
end=$(date +%s)
echo "sanitize.sh: build $((built - start)) s, tests $((end - built)) s, total $((end - start)) s"
exit $status
