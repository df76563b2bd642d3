"""Result bookkeeping for benchmarks/run.sh.

usage:
  results.py body-bytes CORPUS_DIR [CACHE_FILE]
  results.py clean-queries SRC OUT_PROJECT OUT_PEERS
  results.py batch-latency OUT.jsonl              -> JSON {p50,p95,p99,n,zero}
  results.py cli-latency --bin PRESS_QUERY --db DB --queries FILE [--n 20]
  results.py record RESULTS.jsonl key=value ...   (value: JSON, string, @FILE[#FIELD])
  results.py time-v LOG                           -> "WALL_S RSS_MB" of a /usr/bin/time -v log
  results.py write-floor WRITE_BENCH.json SCALE   -> the sentence run.sh prints below the table
  results.py table RESULTS.jsonl
"""

import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def cmd_body_bytes(args):
    """Body bytes of a corpus; cached in CACHE_FILE when one is given."""
    corpus, cache = args[0], (args[1] if len(args) > 1 else None)
    if cache and os.path.exists(cache):
        print(open(cache).read().strip())
        return
    n = benchlib.body_bytes(corpus)
    if cache:
        with open(cache, "w") as f:
            f.write(f"{n}\n")
    print(n)


def cmd_clean_queries(args):
    src, out_project, out_peers = args
    queries = benchlib.read_query_file(src)
    with open(out_project, "w", encoding="utf-8") as f:
        f.writelines(q + "\n" for q in queries)
    with open(out_peers, "w", encoding="utf-8") as f:
        f.writelines(benchlib.peer_query_text(q) + "\n" for q in queries)
    print(len(queries))


def read_batch(path):
    """One JSON document per line, as printed by press-query --queries."""
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                docs.append(json.loads(line))
    return docs


def cmd_batch_latency(args):
    docs = read_batch(args[0])
    times = [float(d["elapsed_ms"]) for d in docs if "elapsed_ms" in d]
    out = benchlib.pcts(times)
    out["zero"] = sum(1 for d in docs if not d.get("hits"))
    print(json.dumps(out))


def cmd_cli_latency(args):
    import argparse
    ap = argparse.ArgumentParser(prog="results.py cli-latency")
    ap.add_argument("--bin", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--n", type=int, default=20)
    a = ap.parse_args(args)
    queries = benchlib.read_query_file(a.queries)
    times = []
    for i in range(a.n):
        q = queries[i % len(queries)]
        t0 = time.perf_counter()
        r = subprocess.run([a.bin, "--db", a.db, q], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=60)
        times.append((time.perf_counter() - t0) * 1000.0)
        if r.returncode not in (0, 1):  # 1 = no hits
            sys.exit(f"press-query {q!r}: exit status {r.returncode}")
    print(json.dumps(benchlib.pcts(times)))


def cmd_time_v(args):
    print(*benchlib.parse_time_v(args[0]))


def cmd_write_floor(args):
    """write_bench's full and positional-only rates (--benchmark_format=json)."""
    with open(args[0], encoding="utf-8") as f:
        rates = {b["name"].split("/parts")[0]: b["MB"] for b in json.load(f)["benchmarks"]}
    print(f"Xapian writing alone at {args[1]}x (benchmarks/write_bench, 2 parts, no reading or "
          f"analysis): the project's documents {rates['write']:.2f} MB/s; positional terms only "
          f"(no bigrams, words, stems, title, filters or stored text) "
          f"{rates['write/positional_only']:.2f} MB/s.")


def cmd_record(args):
    """Append one record; value is JSON, a string, @FILE (JSON) or @FILE#FIELD."""
    path, pairs = args[0], args[1:]
    rec = {}
    for p in pairs:
        k, _, v = p.partition("=")
        if v.startswith("@"):
            fname, _, field = v[1:].partition("#")
            with open(fname, encoding="utf-8") as f:
                data = json.load(f)
            rec[k] = data.get(field) if field else data
            continue
        try:
            rec[k] = json.loads(v)
        except ValueError:
            rec[k] = v
    benchlib.append_result(path, rec)


def fmt(v, digits=1):
    if v is None:
        return "-"
    if isinstance(v, (int, float)):
        if abs(v) >= 100:
            return f"{v:.0f}"
        return f"{v:.{digits}f}"
    return str(v)


def cmd_table(args):
    recs = [json.loads(line) for line in open(args[0], encoding="utf-8") if line.strip()]
    project = {r["scale"]: r for r in recs if r["system"] == "project"}
    head = ["system", "scale", "index s", "MB/s", "peak RSS MB", "size/body",
            "q p50/p95/p99 ms", "facets p95 ms", "ratio to project (index s, q p95)"]
    rows = []
    for r in recs:
        body_mb = r["body_bytes"] / 1e6
        q = r.get("q") or {}
        ratio = "-"
        p = project.get(r["scale"])
        if r["system"] != "project" and p and p.get("index_s") and (p.get("q") or {}).get("p95"):
            ratio = (f"{r['index_s'] / p['index_s']:.2f}x, "
                     f"{q['p95'] / p['q']['p95']:.2f}x" if q.get("p95") else "-")
        rows.append([
            r["system"], f"{r['scale']}x", fmt(r.get("index_s")),
            fmt(body_mb / r["index_s"], 2) if r.get("index_s") else "-",
            fmt(r.get("rss_mb"), 0),
            fmt(r["size_bytes"] / r["body_bytes"], 2) if r.get("size_bytes") else "-",
            "/".join(fmt(q.get(k), 2) for k in ("p50", "p95", "p99")) if q else "-",
            fmt((r.get("facets") or {}).get("p95"), 2),
            ratio,
        ])
    widths = [max(len(h), *(len(x[i]) for x in rows)) if rows else len(h)
              for i, h in enumerate(head)]

    def line(cells):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"

    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))
    notes = []
    for r in recs:
        extra = []
        if r.get("one_cpu_s"):
            one = r["one_cpu_s"]
            extra.append("on one CPU " + ", ".join(
                f"--jobs {k[4:]} {v:.1f} s" for k, v in sorted(one.items())) +
                f" (2-core speed-up {min(one.values()) / r['index_s']:.2f}x over the faster)")
        if r.get("rerun_s") is not None:
            extra.append(f"unchanged rerun {r['rerun_s']:.2f} s")
        if r.get("cli"):
            extra.append(f"single press-query process p50 {r['cli']['p50']:.1f} ms")
        if r.get("query_rss_mb"):
            extra.append(f"press-query batch with four facets: peak RSS {r['query_rss_mb']:.0f} MB")
        if (r.get("q") or {}).get("zero") is not None:
            extra.append(f"{r['q']['zero']} of {r['q']['n']} queries without hits")
        if r.get("disk_bytes") and r.get("size_bytes") and r["disk_bytes"] < 0.8 * r["size_bytes"]:
            extra.append(f"size/body {r['disk_bytes'] / r['body_bytes']:.2f} counting allocated "
                         f"blocks only (sparse files)")
        if r.get("note"):
            extra.append(r["note"])
        if extra:
            notes.append(f"- {r['system']} {r['scale']}x: " + "; ".join(extra))
    if notes:
        print()
        print("\n".join(notes))


COMMANDS = {"body-bytes": cmd_body_bytes, "clean-queries": cmd_clean_queries,
            "batch-latency": cmd_batch_latency, "cli-latency": cmd_cli_latency,
            "record": cmd_record, "table": cmd_table, "time-v": cmd_time_v,
            "write-floor": cmd_write_floor}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
