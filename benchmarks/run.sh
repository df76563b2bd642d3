#!/usr/bin/env bash
# End-to-end benchmark: index the press-release corpus at one or more scales
# with press-index and with peer engines, run the fixed query set, and print
# a comparison table. See benchmarks/README.md.
#
#   benchmarks/run.sh [--peers fts5|all] [--scale 1,10] [--shared DIR]
#                     [--build DIR] [--work DIR] [--skip-build]
set -euo pipefail

usage() {
  cat <<'EOF'
usage: benchmarks/run.sh [options]
  --peers fts5|all   peer engines: fts5 only (default), or also xapian, groonga, sphinx
  --scale LIST       comma-separated corpus scales (default 1; e.g. 1,10)
  --shared DIR       shared data directory (default: $LIBSEARCH_SHARED or ../shared
                     relative to the repository root)
  --build DIR        build directory holding press-index/press-query
                     (default: build-release in the repository root)
  --work DIR         scratch directory for corpora, databases, logs and results
                     (default: ${TMPDIR:-/tmp}/libsearch-bench)
  --skip-build       do not try to build the project when binaries are missing
  --timeout SECS     bound for each indexing or query step (default 3600)
EOF
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
lib=$here/lib
py=/usr/bin/python3   # Debian's python: sqlite3 with FTS5, python3-xapian

peers=fts5
scales=1
shared=${LIBSEARCH_SHARED:-$root/../shared}
build=$root/build-release
work=${TMPDIR:-/tmp}/libsearch-bench
skip_build=0
step_timeout=3600

while [[ $# -gt 0 ]]; do
  case $1 in
    --peers) peers=$2; shift 2 ;;
    --scale) scales=$2; shift 2 ;;
    --shared) shared=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --skip-build) skip_build=1; shift ;;
    --timeout) step_timeout=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

case $peers in
  fts5) peer_list=(fts5) ;;
  all) peer_list=(fts5 xapian groonga sphinx) ;;
  *) echo "run.sh: --peers '$peers' (expected fts5 or all)" >&2; exit 2 ;;
esac
IFS=, read -r -a scale_list <<<"$scales"
for s in "${scale_list[@]}"; do
  [[ $s =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --scale '$s' is not a positive integer" >&2; exit 2; }
done
real=$shared/corpus/real
[[ -d $real ]] || { echo "run.sh: $real: no such directory (use --shared)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "run.sh: /usr/bin/time missing (apt-get install time)" >&2; exit 2; }

mkdir -p "$work/logs"
work=$(cd "$work" && pwd)
results=$work/results-$(date +%Y%m%d-%H%M%S).jsonl
: >"$results"

# Stop whatever we started: searchd instances (pid files under the work dir)
# and any remaining child processes of this script.
cleanup() {
  local pidfile pid
  for pidfile in "$work"/peers-*/sphinx/searchd.pid; do
    [[ -f $pidfile ]] || continue
    pid=$(cat "$pidfile" 2>/dev/null || true)
    [[ -n $pid ]] && kill "$pid" 2>/dev/null || true
  done
  local children
  children=$(jobs -p)
  [[ -n $children ]] && kill $children 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { printf '%s\n' "$*" >&2; }
bounded() { timeout --kill-after=30 "$step_timeout" "$@"; }

# ------------------------------------------------------------ (a) build

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
press_index=$(find_bin press-index)
press_query=$(find_bin press-query)
write_bench=$(find_bin write_bench)
write_floor=
one_cpu=()
command -v taskset >/dev/null && one_cpu=(taskset -c "$(taskset -pc $$ | sed 's/.*: *//; s/[,-].*//')")
if [[ -z $press_index || -z $press_query ]] && [[ $skip_build == 0 ]]; then
  log "building the project (Release) in $build; log: $work/logs/build.log"
  # With Google Benchmark installed (libbenchmark-dev), write_bench too.
  bench_opt=()
  [[ -e /usr/include/benchmark/benchmark.h ]] && bench_opt=(-DLIBSEARCH_BUILD_BENCHMARKS=ON)
  if { cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "${bench_opt[@]}" \
       && cmake --build "$build" -j2; } >"$work/logs/build.log" 2>&1; then
    press_index=$(find_bin press-index)
    press_query=$(find_bin press-query)
    write_bench=$(find_bin write_bench)
  else
    log "build failed (see $work/logs/build.log)"
  fi
fi
have_project=1
if [[ -z $press_index || -z $press_query ]]; then
  echo "project binaries not built: running the peers only"
  have_project=0
fi

# ------------------------------------------------------------ queries

nq=$("$py" "$lib/results.py" clean-queries "$here/queries/queries.txt" \
      "$work/queries.project.txt" "$work/queries.peers.txt")
log "$nq queries; peers get the field-stripped form in $work/queries.peers.txt"

# ------------------------------------------------------------ peers available

apt_candidate() {
  apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}'
}
ensure_package() {  # package, command or python module check
  local pkg=$1 check=$2
  eval "$check" >/dev/null 2>&1 && return 0
  local cand
  cand=$(apt_candidate "$pkg")
  if [[ -z $cand || $cand == "(none)" ]]; then
    return 1
  fi
  log "installing $pkg $cand from Debian"
  local sudo=
  [[ $(id -u) == 0 ]] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$pkg" >"$work/logs/apt-$pkg.log" 2>&1 \
    || { log "apt-get install $pkg failed (see $work/logs/apt-$pkg.log)"; return 1; }
  eval "$check" >/dev/null 2>&1
}
active_peers=()
for peer in "${peer_list[@]}"; do
  case $peer in
    fts5) ok=1; "$py" "$lib/peers.py" available fts5 || ok=0
          [[ $ok == 1 ]] || echo "skipped: fts5 (python's sqlite3 lacks FTS5 trigram)" ;;
    xapian) ok=1; ensure_package python3-xapian "$py -c 'import xapian'" || ok=0 ;;
    groonga) ok=1; ensure_package groonga-bin "command -v groonga" || ok=0 ;;
    sphinx) ok=1; ensure_package sphinxsearch "command -v indexer && command -v searchd" || ok=0 ;;
  esac
  if [[ $ok == 1 ]]; then
    active_peers+=("$peer")
  elif [[ $peer != fts5 ]]; then
    echo "skipped: $peer not in Debian"
  fi
done

# ------------------------------------------------------------ per scale

for s in "${scale_list[@]}"; do
  # (b) corpus at this scale
  if [[ $s == 1 ]]; then
    corpus=$real
  else
    corpus=$work/corpus-${s}x
    log "[$s x] writing $corpus"
    "$py" "$lib/scale_corpus.py" "$real" "$corpus" "$s"
  fi
  body_bytes=$("$py" "$lib/results.py" body-bytes "$corpus" "$work/bodybytes-${s}x")
  log "[$s x] body text $(( body_bytes / 1000000 )) MB"

  # (c) + (f) the project
  if [[ $have_project == 1 ]]; then
    db=$work/project-${s}x.db
    rm -rf "$db"
    log "[$s x] press-index --jobs 2"
    bounded /usr/bin/time -v -o "$work/logs/project-${s}x-index.time" \
      "$press_index" add --db "$db" --jobs 2 --quiet "$corpus" \
      >"$work/logs/project-${s}x-index.out" 2>&1 \
      || { ec=$?; [[ $ec == 1 ]] || { log "press-index failed ($ec), see $work/logs/project-${s}x-index.out"; exit 1; }; }
    read -r index_s rss_mb < <("$py" "$lib/results.py" time-v "$work/logs/project-${s}x-index.time")
    log "[$s x] unchanged rerun"
    t0=$(date +%s%N)
    bounded "$press_index" add --db "$db" --jobs 2 --quiet "$corpus" >"$work/logs/project-${s}x-rerun.out" 2>&1 || true
    rerun_s=$(awk -v ns=$(( $(date +%s%N) - t0 )) 'BEGIN { printf "%.3f", ns / 1e9 }')
    size_bytes=$(du -sb "$db" | cut -f1)
    one_cpu_s=null
    if [[ $s == 1 && ${#one_cpu[@]} -gt 0 ]]; then
      # One core, for the two-core speed-up: --jobs 1 (which still reads,
      # analyses and writes on separate threads, committing as it goes) and
      # --jobs 2 (parts merged at the end), both pinned to one CPU.
      one_cpu_s="{"
      for j in 1 2; do
        log "[$s x] press-index --jobs $j on one CPU"
        rm -rf "$db.one"
        bounded /usr/bin/time -v -o "$work/logs/project-${s}x-index-one-cpu-j$j.time" \
          "${one_cpu[@]}" "$press_index" add --db "$db.one" --jobs "$j" --quiet "$corpus" \
          >"$work/logs/project-${s}x-index-one-cpu-j$j.out" 2>&1 || true
        read -r t _ < <("$py" "$lib/results.py" time-v "$work/logs/project-${s}x-index-one-cpu-j$j.time")
        [[ $j == 1 ]] || one_cpu_s+=", "
        one_cpu_s+="\"jobs$j\": $t"
      done
      one_cpu_s+="}"
      rm -rf "$db.one"
    fi
    log "[$s x] press-query batch (warm-up pass, then measured pass)"
    for variant in plain facets; do
      extra=()
      [[ $variant == facets ]] && extra=(--facets speaker,date,source,lang)
      out=$work/logs/project-${s}x-$variant.jsonl
      for pass in warm measured; do
        # The measured pass's peak RSS (the facets variant holds the most).
        bounded /usr/bin/time -v -o "$work/logs/project-${s}x-$variant-query.time" \
          "$press_query" --db "$db" --queries "$work/queries.project.txt" \
          --format json --limit 10 "${extra[@]}" >"$out" 2>"$work/logs/project-${s}x-$variant.err" \
          || { ec=$?; [[ $ec == 1 ]] || { log "press-query failed ($ec), see $work/logs/project-${s}x-$variant.err"; exit 1; }; }
      done
      "$py" "$lib/results.py" batch-latency "$out" >"$work/logs/project-${s}x-$variant.lat.json"
    done
    read -r _ query_rss_mb < <("$py" "$lib/results.py" time-v "$work/logs/project-${s}x-facets-query.time")
    "$py" "$lib/results.py" cli-latency --bin "$press_query" --db "$db" \
      --queries "$work/queries.project.txt" --n 20 >"$work/logs/project-${s}x-cli.json"
    "$py" "$lib/results.py" record "$results" system=project scale="$s" \
      body_bytes="$body_bytes" index_s="$index_s" rss_mb="$rss_mb" size_bytes="$size_bytes" \
      one_cpu_s="$one_cpu_s" rerun_s="$rerun_s" query_rss_mb="$query_rss_mb" \
      q="@$work/logs/project-${s}x-plain.lat.json" \
      facets="@$work/logs/project-${s}x-facets.lat.json" \
      cli="@$work/logs/project-${s}x-cli.json"
  fi

  # (c') Xapian's share: the project's documents written with no analysis
  if [[ $s == 1 && $have_project == 1 && -n $write_bench ]]; then
    log "[$s x] write_bench (Xapian writing alone, 2 parts)"
    LIBSEARCH_BENCH_CORPUS=$corpus bounded "$write_bench" \
      --benchmark_filter='^write/(positional_only/)?parts:2/' --benchmark_format=json \
      >"$work/logs/write-bench-${s}x.json" 2>"$work/logs/write-bench-${s}x.err" \
      && write_floor=$("$py" "$lib/results.py" write-floor "$work/logs/write-bench-${s}x.json" "$s") \
      || log "write_bench failed, see $work/logs/write-bench-${s}x.err"
  fi

  # (d) + (f) peers
  pdir=$work/peers-${s}x
  mkdir -p "$pdir"
  for peer in "${active_peers[@]}"; do
    log "[$s x] $peer: index"
    bounded /usr/bin/time -v -o "$work/logs/$peer-${s}x-index.time" \
      "$py" "$lib/peers.py" index "$peer" --corpus "$corpus" --dir "$pdir" \
      >"$work/logs/$peer-${s}x-index.json" 2>"$work/logs/$peer-${s}x-index.err" \
      || { log "$peer: indexing failed, see $work/logs/$peer-${s}x-index.err"; continue; }
    read -r index_s rss_mb < <("$py" "$lib/results.py" time-v "$work/logs/$peer-${s}x-index.time")
    log "[$s x] $peer: queries"
    bounded "$py" "$lib/peers.py" query "$peer" --dir "$pdir" \
      --queries "$work/queries.project.txt" --log "$work/logs/$peer-${s}x-hits.jsonl" \
      >"$work/logs/$peer-${s}x-query.json" 2>"$work/logs/$peer-${s}x-query.err" \
      || { log "$peer: queries failed, see $work/logs/$peer-${s}x-query.err"; continue; }
    note=
    case $peer in
      fts5) note="terms under 3 characters as LIKE conditions" ;;
      sphinx) note="no snippets (body not stored)" ;;
    esac
    "$py" "$lib/results.py" record "$results" system="$peer" scale="$s" \
      body_bytes="$body_bytes" index_s="$index_s" rss_mb="$rss_mb" \
      size_bytes="@$work/logs/$peer-${s}x-index.json#size_bytes" \
      disk_bytes="@$work/logs/$peer-${s}x-index.json#disk_bytes" \
      q="@$work/logs/$peer-${s}x-query.json#q" note="$note"
  done
done

# ------------------------------------------------------------ (g) report

echo
echo "libsearch end-to-end benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores;" \
     "queries: $nq (project batch file; peers without field filters)"
echo "index s = wall time of the indexing process; MB/s = (title+body MB) / index s;"
echo "q = per-query time inside the engine's own client, second of two passes, top 10."
echo
"$py" "$lib/results.py" table "$results" | tee "$work/results.md"
[[ -n $write_floor ]] && { echo; echo "$write_floor" | tee -a "$work/results.md"; }
echo
echo "results: $results, $work/results.md; logs: $work/logs"
