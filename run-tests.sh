#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the whole test suite,
# printing ctest's summary. Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/deps.sh
libsearch_install_deps
libsearch_use_ccache

BUILD=${BUILD:-build}
TYPE=${BUILD_TYPE:-RelWithDebInfo}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE="$TYPE" -DLIBSEARCH_BUILD_TESTS=ON \
      "${LIBSEARCH_LAUNCHER[@]}" ${CMAKE_ARGS:-}
cmake --build "$BUILD" -j"$(nproc)"
cd "$BUILD"
ctest --output-on-failure -j"$(nproc)" "$@"
