#!/usr/bin/env bash
# Quick start: installs what is missing, builds in Release, indexes the
# bundled sample corpus and runs two sample queries, one Chinese, one English.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/deps.sh
libsearch_install_deps

BUILD=${BUILD:-build-release}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DLIBSEARCH_BUILD_TESTS=OFF
cmake --build "$BUILD" -j"$(nproc)"

DB=${DB:-sample-db}
echo
echo "== Indexing corpus/samples into $DB"
# reindex builds a fresh database and swaps it in, so a database left by an
# older build is replaced rather than refused.
"$BUILD/indexer/press-index" reindex --db "$DB" corpus/samples
"$BUILD/indexer/press-index" stats --db "$DB"

echo
echo "== press-query --db $DB 知识产权"
"$BUILD/query/press-query" --db "$DB" --limit 3 知识产权
echo
echo "== press-query --db $DB \"digital RMB\" --facets speaker,lang"
"$BUILD/query/press-query" --db "$DB" --limit 3 --facets speaker,lang '"digital RMB"'
echo
echo "Done. Try: $BUILD/query/press-query --db $DB --help"
if [ -x "$BUILD/serve/press-serve" ]; then
  echo "The search page: $BUILD/serve/press-serve --db $DB, then open http://127.0.0.1:8080/"
fi
if [ -d "$BUILD/python/libsearch" ]; then
  echo "In Python: PYTHONPATH=$BUILD/python python3, then import libsearch"
fi
