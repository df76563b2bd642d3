#!/usr/bin/env bash
# ncp-policy-qa retrieval benchmark: MRR@10, success@1 and recall@10 of the
# project, SQLite FTS5 (trigram), Xapian CJK n-grams and a plain BM25 over
# words and bigrams on 242 policy questions, for all of them and for their
# tuning and check parts. See benchmarks/README.md and benchmarks/lib/retrieval.py.
#
#   benchmarks/retrieval.sh [--shared DIR] [--build DIR] [--work DIR] [--peers fts5,xapian,bm25]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
lib=$here/lib
py=/usr/bin/python3   # Debian's python: sqlite3 with FTS5, python3-xapian

shared=${LIBSEARCH_SHARED:-$root/../shared}
build=$root/build-release
work=${TMPDIR:-/tmp}/libsearch-bench/retrieval
peers=fts5,xapian,bm25

while [[ $# -gt 0 ]]; do
  case $1 in
    --shared) shared=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --peers) peers=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "retrieval.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done

data=$shared/eval/rel/ncp-policy-qa
for f in docs.jsonl queries.tsv qrels.txt; do
  [[ -f $data/$f ]] || { echo "retrieval.sh: $data/$f missing (use --shared)" >&2; exit 2; }
done
mkdir -p "$work"
work=$(cd "$work" && pwd)

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
press_index=$(find_bin press-index)
press_query=$(find_bin press-query)

echo "ncp-policy-qa: $(wc -l <"$data/queries.tsv") questions, $(wc -l <"$data/docs.jsonl") releases; top $((10)), any-term ranking"
echo "parts: tune (SHA-1 of the question id, first byte even; ranking constants chosen on it), check (odd)"
if [[ -n $press_index && -n $press_query ]]; then
  "$py" "$lib/retrieval.py" convert "$data" "$work/corpus" "$work/questions.txt"
  rm -rf "$work/project.db"
  timeout 1800 "$press_index" add --db "$work/project.db" --jobs 2 --quiet "$work/corpus" \
    >"$work/project-index.log" 2>&1 \
    || { ec=$?; [[ $ec == 1 ]] || { echo "press-index failed ($ec), see $work/project-index.log" >&2; exit 1; }; }
  timeout 600 "$press_query" --db "$work/project.db" --any --queries "$work/questions.txt" \
    --format json --limit 10 --per-release 1 >"$work/project-hits.jsonl" 2>"$work/project-query.log" \
    || { ec=$?; [[ $ec == 1 ]] || { echo "press-query failed ($ec), see $work/project-query.log" >&2; exit 1; }; }
  "$py" "$lib/retrieval.py" score-project "$data" "$work/project-hits.jsonl" 2>>"$work/results.jsonl"
else
  echo "project binaries not built: running the peers only"
fi

IFS=, read -r -a peer_list <<<"$peers"
for peer in "${peer_list[@]}"; do
  case $peer in
    fts5) ;;
    xapian)
      if ! "$py" -c 'import xapian' 2>/dev/null; then
        echo "skipped: xapian (apt-get install python3-xapian)"
        continue
      fi ;;
    bm25)
      if ! "$py" -c 'import xapian, icu' 2>/dev/null; then
        echo "skipped: bm25 (apt-get install python3-xapian python3-icu)"
        continue
      fi ;;
    *) echo "retrieval.sh: unknown peer '$peer' (fts5, xapian, bm25)" >&2; exit 2 ;;
  esac
  "$py" "$lib/retrieval.py" peer "$peer" "$data" "$work" 2>>"$work/results.jsonl"
done
echo "details: $work/results.jsonl"
