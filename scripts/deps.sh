#!/usr/bin/env bash
# Installs the Debian packages the project builds and tests with, when any is
# missing. Sourced by quickstart.sh and run-tests.sh.
libsearch_install_deps() {
  # pybind11-dev python3-dev: the Python module; python3-pandas: its
  # to_pandas(); libcpp-httplib-dev: press-serve; chromium and a CJK font:
  # the browser test of press-serve's page (headless, no display needed).
  local pkgs=(g++ cmake make pkg-config libxapian-dev xapian-tools libicu-dev
              libpugixml-dev libboost-program-options-dev catch2 nlohmann-json3-dev
              libjemalloc-dev python3 doxygen pybind11-dev python3-dev python3-pandas
              libcpp-httplib-dev "$@")
  local missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# When ccache is installed, builds go through it, with paths made relative to
# the checkout so that separate clones share the cache. Sets LIBSEARCH_LAUNCHER
# to the CMake arguments to pass (empty without ccache).
libsearch_use_ccache() {
  LIBSEARCH_LAUNCHER=()
  if command -v ccache >/dev/null; then
    export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
    export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
    LIBSEARCH_LAUNCHER=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
}
