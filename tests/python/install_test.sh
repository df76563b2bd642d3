#!/usr/bin/env bash
# Installs the build tree into a temporary prefix and imports the installed
# Python package from there (not from the build tree): it finds the installed
# libsearch.so, indexes the sample corpus and searches it.
#
#   install_test.sh BUILD_DIR SOURCE_DIR CMAKE PYTHON PYTHON_DIR
# PYTHON_DIR is LIBSEARCH_PYTHON_INSTALL_DIR, relative to the prefix.
set -euo pipefail
build=$1 src=$2 cmake=$3 python=$4 pydir=$5
work=$(mktemp -d "${TMPDIR:-/tmp}/libsearch-python-install-XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
fail() { echo "python install_test: $*" >&2; exit 1; }

"$cmake" --install "$build" --prefix "$prefix" > "$work/install.log" || { cat "$work/install.log"; fail "cmake --install failed"; }
[ -f "$prefix/$pydir/libsearch/__init__.py" ] || fail "no package in $prefix/$pydir/libsearch"
if [ -f "$build/serve/press-serve" ]; then
  "$prefix/bin/press-serve" --version | grep '^press-serve ' >/dev/null || fail "installed press-serve does not run"
fi
cd "$work"
PYTHONPATH="$prefix/$pydir" "$python" - "$prefix" "$src/corpus/samples" "$work/db" <<'PY' || fail "the installed package does not work"
import os, sys
prefix, samples, db = sys.argv[1:]
import libsearch
assert os.path.realpath(libsearch.__file__).startswith(os.path.realpath(prefix)), libsearch.__file__
with libsearch.IndexWriter(db) as writer:
    report = writer.add_paths([samples])
assert report.added > 0 and report.skipped == 0, report
results = libsearch.Searcher(db).search("知识产权", facets=["speaker"])
assert results.total > 0 and results.facets["speaker"], results
hit = results.hits[0]
assert hit.text[hit.highlights[0].start:hit.highlights[0].end] in ("知识产权", "知識產權"), hit
PY
echo "python install_test: the installed package indexes and searches"
