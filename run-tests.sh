#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the whole test suite,
# printing ctest's summary. Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/deps.sh
# The browser test of press-serve's page needs Chromium, and a CJK font for
# its screenshots; the test skips itself where Chromium is absent.
libsearch_install_deps chromium fonts-wqy-microhei
libsearch_use_ccache

BUILD=${BUILD:-build}
TYPE=${BUILD_TYPE:-RelWithDebInfo}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE="$TYPE" -DLIBSEARCH_BUILD_TESTS=ON \
      "${LIBSEARCH_LAUNCHER[@]}" ${CMAKE_ARGS:-}
cmake --build "$BUILD" -j"$(nproc)"
cd "$BUILD"
ctest --output-on-failure -j"$(nproc)" "$@"
