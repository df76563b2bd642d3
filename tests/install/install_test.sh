#!/usr/bin/env bash
# Installs the built tree into a temporary prefix, then builds examples/ as a
# separate CMake project against it (shared and static), runs both examples,
# and checks the installed programs, the SONAME and the pkg-config file.
#
#   install_test.sh BUILD_DIR SOURCE_DIR CMAKE CXX_COMPILER
# No grep -q after a pipe: with pipefail, grep quitting early kills the
# writer with SIGPIPE and fails the pipeline.
set -euo pipefail
build=$1 src=$2 cmake=$3 cxx=$4
work=$(mktemp -d "${TMPDIR:-/tmp}/libsearch-install-XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
fail() { echo "install_test: $*" >&2; exit 1; }

"$cmake" --install "$build" --prefix "$prefix" > "$work/install.log" || { cat "$work/install.log"; fail "cmake --install failed"; }

libdir=$(dirname "$(find "$prefix" -name 'libsearch.so.*.*' | head -1)")
[ -n "$libdir" ] || fail "no versioned libsearch.so installed"
[ -f "$libdir/libsearch.a" ] || fail "no static libsearch.a installed"
objdump -p "$libdir"/libsearch.so.*.* | grep 'SONAME *libsearch.so.0$' >/dev/null || fail "SONAME is not libsearch.so.0"
[ -f "$libdir/cmake/libsearch/libsearchConfig.cmake" ] || fail "no CMake package config"
for h in libsearch.h searcher.h query.h shards.h index_writer.h error.h version.h; do
  [ -f "$prefix/include/libsearch/$h" ] || fail "header $h not installed"
done
if grep -l -E '#include *<(xapian|unicode/|pugixml)' "$prefix"/include/libsearch/*.h; then
  fail "a public header includes Xapian, ICU or pugixml"
fi
"$prefix/bin/press-query" --version | grep '^press-query ' >/dev/null || fail "installed press-query does not run"
"$prefix/bin/press-index" --version | grep '^press-index ' >/dev/null || fail "installed press-index does not run"

for variant in shared static; do
  static=OFF
  [ $variant = static ] && static=ON
  ex=$work/examples-$variant
  "$cmake" -S "$src/examples" -B "$ex" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_BUILD_TYPE=Release -DLIBSEARCH_EXAMPLES_STATIC=$static > "$ex.log" 2>&1 \
    || { cat "$ex.log"; fail "examples ($variant) do not configure against the install"; }
  "$cmake" --build "$ex" >> "$ex.log" 2>&1 || { cat "$ex.log"; fail "examples ($variant) do not build"; }
  if [ $variant = static ]; then
    ! ldd "$ex/index_and_search" | grep libsearch.so >/dev/null || fail "static example links libsearch.so"
  else
    ldd "$ex/index_and_search" | grep "$libdir/libsearch.so.0" >/dev/null \
      || { ldd "$ex/index_and_search" >&2; fail "shared example does not use the installed libsearch.so (in $libdir)"; }
  fi
  db=$work/db-$variant
  out=$("$ex/index_and_search" "$src/corpus/samples" "$db" "知识产权 保护" 2> "$ex.err") \
    || { cat "$ex.err"; fail "index_and_search ($variant) failed"; }
  grep -q '\[知' <<< "$out" || { echo "$out"; fail "index_and_search ($variant) shows no highlighted hit"; }
  json=$("$ex/faceted_json" "$db" "intellectual property" en) || fail "faceted_json ($variant) failed"
  python3 - "$json" <<'PY' || fail "faceted_json ($variant) printed bad JSON"
import json, sys
j = json.loads(sys.argv[1])
assert j["total"] > 0 and j["hits"], j
assert set(j["facets"]) == {"lang", "source", "date"}, j["facets"]
assert j["facets"]["lang"] == [{"value": "en", "count": j["total"]}], j["facets"]["lang"]
PY
done

# pkg-config, shared library.
export PKG_CONFIG_PATH=$libdir/pkgconfig
cat > "$work/pc.cc" <<'CC'
#include <libsearch/libsearch.h>
#include <iostream>
int main() { std::cout << libsearch::kVersionString << "\n"; }
CC
# shellcheck disable=SC2046
"$cxx" -std=c++17 "$work/pc.cc" -o "$work/pc" $(pkg-config --cflags --libs libsearch) \
  -Wl,-rpath,"$libdir" || fail "cannot build with pkg-config --cflags --libs libsearch"
[ "$("$work/pc")" = "$(pkg-config --modversion libsearch)" ] || fail "pkg-config version differs"
echo "install_test: passed (shared and static examples, pkg-config)"
