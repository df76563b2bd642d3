#!/usr/bin/env bash
# Substring recall of phrase queries: 500 Chinese substrings (1-6 Han
# characters) and 300 English word sequences (1-4 words) sampled with a fixed
# seed from the real corpus, each queried as `release:ID "text"`; prints recall
# per language and the first misses. See benchmarks/README.md.
#
#   benchmarks/substring_recall.sh [--shared DIR] [--build DIR] [--work DIR]
#                                  [--db DB] [--seed N] [--misses N] [--no-fts5]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
lib=$here/lib
py=/usr/bin/python3

shared=${LIBSEARCH_SHARED:-$root/../shared}
build=$root/build-release
work=${TMPDIR:-/tmp}/libsearch-bench/substring
db=
seed=20240601
misses=10
fts5=1

while [[ $# -gt 0 ]]; do
  case $1 in
    --shared) shared=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --db) db=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --misses) misses=$2; shift 2 ;;
    --no-fts5) fts5=0; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "substring_recall.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done

real=$shared/corpus/real
[[ -d $real ]] || { echo "substring_recall.sh: $real: no such directory (use --shared)" >&2; exit 2; }
mkdir -p "$work"
work=$(cd "$work" && pwd)

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
press_index=$(find_bin press-index)
press_query=$(find_bin press-query)

"$py" "$lib/substring_recall.py" sample "$real" "$work" --seed "$seed"

if [[ -n $press_index && -n $press_query ]]; then
  if [[ -z $db ]]; then
    db=$work/project.db
    if [[ ! -d $db ]]; then
      echo "indexing $real into $db"
      rm -rf "$db.tmp"
      timeout 3600 "$press_index" add --db "$db.tmp" --jobs 2 --quiet "$real" \
        >"$work/project-index.log" 2>&1 \
        || { ec=$?; [[ $ec == 1 ]] || { echo "press-index failed ($ec), see $work/project-index.log" >&2; exit 1; }; }
      mv "$db.tmp" "$db"
    fi
  fi
  timeout 1800 "$press_query" --db "$db" --queries "$work/queries.txt" --format json \
    --limit 1000 --per-release 0 >"$work/project-hits.jsonl" 2>"$work/project-query.log" \
    || { ec=$?; [[ $ec == 1 ]] || { echo "press-query failed ($ec), see $work/project-query.log" >&2; exit 1; }; }
  "$py" "$lib/substring_recall.py" score "$work" "$work/project-hits.jsonl" --misses "$misses"
else
  echo "project binaries not built: only the FTS5 reference runs"
fi
if [[ $fts5 == 1 ]]; then
  "$py" "$lib/substring_recall.py" fts5 "$real" "$work" --misses "$misses"
fi
