#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer and
# UndefinedBehaviorSanitizer on) in their own build folder and runs each for
# SECONDS (default 25). Seeds: the committed tests/fuzz/seeds and
# regressions, the project's fixtures and samples, and fragments of
# ../shared/corpus/real generated into the scratch folder when it exists.
# A crash input is copied to tests/fuzz/regressions/<target>/ (commit it; the
# replay tests keep it fixed) and the script exits 1.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#   targets: corpus_xml corpus_jsonl corpus_text analyzer query_parser
# Environment: BUILD (default build-fuzz), WORK (scratch, default
# $BUILD/fuzz-work; kept between runs so the corpora grow), JOBS.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_EACH=${1:-25}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(corpus_xml corpus_jsonl corpus_text analyzer query_parser)

. scripts/deps.sh
libsearch_install_deps clang libclang-rt-14-dev

BUILD=${BUILD:-build-fuzz}
WORK=${WORK:-$BUILD/fuzz-work}
JOBS=${JOBS:-$(nproc)}
libsearch_use_ccache
launcher=("${LIBSEARCH_LAUNCHER[@]}")

# The library is instrumented for coverage (fuzzer-no-link) and built with
# the sanitizers; only the fuzz programs link libFuzzer's main.
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
      -DLIBSEARCH_SANITIZE=ON -DLIBSEARCH_BUILD_FUZZERS=ON \
      -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" "${launcher[@]}" >/dev/null
cmake --build "$BUILD" -j"$JOBS" --target "${TARGETS[@]/#/fuzz_}"

# Seeds from the shared corpus: a few whole lines per JSONL file, and the
# same releases rewritten as XML and scraped text, so the readers start from
# real structure. Generated here, never committed.
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
SHARED="$ROOT/../shared/corpus/real"
gen="$WORK/shared-seeds"
if [ -d "$SHARED" ] && [ ! -d "$gen" ]; then
  python3 - "$SHARED" "$gen" <<'PY'
import json, os, sys, glob
from xml.sax.saxutils import escape
src, out = sys.argv[1], sys.argv[2]
for d in ("jsonl", "xml", "text", "analyzer", "query"):
    os.makedirs(os.path.join(out, d), exist_ok=True)
n = 0
for path in sorted(glob.glob(os.path.join(src, "*.jsonl"))):
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    for line in lines[:: max(1, len(lines) // 12)][:12]:
        r = json.loads(line)
        body = r["body"][:3000]
        r["body"] = body
        n += 1
        with open(os.path.join(out, "jsonl", "r%03d.jsonl" % n), "w", encoding="utf-8") as o:
            o.write(json.dumps(r, ensure_ascii=False) + "\n")
        paras = "".join("<p>%s</p>\n" % escape(p) for p in body.split("\n\n") if p.strip())
        xml = ('<release id="%s" lang="%s">\n<title>%s</title>\n<date>%s</date>\n'
               '<source>%s</source>\n<body>\n%s</body>\n</release>\n') % (
            escape(r["id"]), r["lang"], escape(r["title"]), r["date"], escape(r["source"]), paras)
        with open(os.path.join(out, "xml", "r%03d.xml" % n), "w", encoding="utf-8") as o:
            o.write(xml)
        with open(os.path.join(out, "text", "r%03d.txt" % n), "w", encoding="utf-8") as o:
            o.write("%s\nDate: %s\nSource: %s\n\n%s\n" % (r["title"], r["date"], r["source"], body))
        with open(os.path.join(out, "analyzer", "r%03d.txt" % n), "w", encoding="utf-8") as o:
            o.write(body.split("\n\n")[0][:1000])
        with open(os.path.join(out, "query", "r%03d.txt" % n), "w", encoding="utf-8") as o:
            o.write("0" + r["title"][:80])
PY
fi

seeds_for() {
  local fx=tests/data/corpus
  case "$1" in
    corpus_xml) echo "$fx/*.xml corpus/samples $gen/xml" ;;
    corpus_jsonl) echo "$fx/*.jsonl $gen/jsonl" ;;
    corpus_text) echo "$fx/*.txt $gen/text" ;;
    analyzer) echo "tests/fuzz/seeds/analyzer $fx/good.txt $gen/analyzer" ;;
    query_parser) echo "tests/fuzz/seeds/query_parser $gen/query" ;;
  esac
}

status=0
for t in "${TARGETS[@]}"; do
  corpus="$WORK/corpus/$t"
  artifacts="$WORK/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  # Copy the seeds into the working corpus (libFuzzer adds what it finds there).
  for s in $(seeds_for "$t") "tests/fuzz/regressions/$t"; do
    [ -e "$s" ] || continue
    if [ -d "$s" ]; then find "$s" -type f ! -name '.*' -exec cp -n {} "$corpus/" \; ; else cp -n "$s" "$corpus/"; fi
  done
  echo "== fuzz_$t: $SECONDS_EACH s"
  log="$WORK/$t.log"
  set +e
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} \
  "$BUILD/tests/fuzz/fuzz_$t" "$corpus" -max_total_time="$SECONDS_EACH" -max_len=65536 \
      -timeout=25 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$artifacts/" \
      >"$log" 2>&1
  rc=$?
  set -e
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE" "$log" || tail -3 "$log"
  if [ $rc -ne 0 ]; then
    status=1
    echo "fuzz_$t FAILED (exit $rc); log: $log"
    grep -E "ERROR|SUMMARY|check failed|Test unit written" "$log" | head -5
    for a in "$artifacts"/*; do
      [ -f "$a" ] || continue
      cp "$a" "tests/fuzz/regressions/$t/"
      echo "kept $(basename "$a") in tests/fuzz/regressions/$t/"
    done
  fi
done
exit $status
