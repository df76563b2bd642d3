#!/usr/bin/env python3
"""Latency of the front ends on one batch of queries: press-query's batch
mode (the C++ Searcher::search, as its elapsed_ms), one press-query process
per query, the Python module's Searcher.search, and press-serve's
/api/search over one kept-alive HTTP connection. Every front end returns the
same document (top `--limit` passages with highlights, plus `--facets`).

    PYTHONPATH=build/python python3 benchmarks/frontends.py --build build \
        --db /tmp/press.db [--queries benchmarks/queries/queries.txt] [--facets speaker,date]

Prints milliseconds per query (median, p95, mean) for each, after one
warm-up pass of the whole batch; wall times, and for the Python module also
the CPU time of the searching thread (a loaded machine adds waits for a CPU
to the wall times).
"""

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse


def queries_of(path):
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def summary(name, ms):
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    print("%-44s %8.3f %8.3f %8.3f" % (name, statistics.median(ms), p95, statistics.mean(ms)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--db", required=True)
    ap.add_argument("--queries", default=os.path.join(os.path.dirname(__file__), "queries",
                                                      "queries.txt"))
    ap.add_argument("--limit", type=int, default=10)
    ap.add_argument("--facets", default="")
    ap.add_argument("--rounds", type=int, default=3, help="passes over the batch (default 3)")
    args = ap.parse_args()
    press_query = os.path.join(args.build, "query", "press-query")
    press_serve = os.path.join(args.build, "serve", "press-serve")
    queries = queries_of(args.queries)
    options = ["--limit", str(args.limit)] + (["--facets", args.facets] if args.facets else [])
    print("%d queries, limit %d, facets %s; %d rounds after a warm-up; ms per query" % (
        len(queries), args.limit, args.facets or "none", args.rounds))
    print("%-44s %8s %8s %8s" % ("front end", "median", "p95", "mean"))

    # press-query --queries: its own elapsed_ms is Searcher::search alone.
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write("\n".join(queries * (args.rounds + 1)) + "\n")
        batch_file = f.name
    t0 = time.perf_counter()
    out = subprocess.run([press_query, "--db", args.db, "--queries", batch_file, "--format",
                          "json"] + options, capture_output=True, text=True, check=False).stdout
    batch_wall = time.perf_counter() - t0
    os.unlink(batch_file)
    elapsed = [json.loads(line)["elapsed_ms"] for line in out.splitlines()][len(queries):]
    summary("C++ Searcher::search (press-query batch)", elapsed)
    print("%-44s %8.3f" % ("  press-query batch, wall per query", 1000 * batch_wall /
                            (len(queries) * (args.rounds + 1))))

    # One press-query process per query: what shelling out costs.
    ms = []
    for q in queries:
        t0 = time.perf_counter()
        subprocess.run([press_query, "--db", args.db, "--format", "json"] + options + ["--", q],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        ms.append(1000 * (time.perf_counter() - t0))
    summary("press-query, one process per query", ms)

    # The Python module.
    import libsearch
    searcher = libsearch.Searcher(args.db)
    kwargs = {"limit": args.limit}
    if args.facets:
        kwargs["facets"] = args.facets.split(",")
    ms, cpu = [], []
    for round_ in range(args.rounds + 1):
        for q in queries:
            c0 = time.thread_time()
            t0 = time.perf_counter()
            searcher.search(q, **kwargs)
            if round_:
                ms.append(1000 * (time.perf_counter() - t0))
                cpu.append(1000 * (time.thread_time() - c0))
    summary("Python Searcher.search", ms)
    # On a loaded machine the wall times have waits for a CPU in them.
    summary("  the same, CPU time of the thread", cpu)

    # press-serve, one connection kept alive.
    server = subprocess.Popen([press_serve, "--db", args.db, "--port", "0"],
                              stdout=subprocess.PIPE, text=True)
    try:
        port = int(re.search(r":(\d+)/", server.stdout.readline()).group(1))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        extra = [("limit", str(args.limit))] + ([("facets", args.facets)] if args.facets else [])
        ms = []
        for round_ in range(args.rounds + 1):
            for q in queries:
                path = "/api/search?" + urllib.parse.urlencode([("q", q)] + extra)
                t0 = time.perf_counter()
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if round_:
                    ms.append(1000 * (time.perf_counter() - t0))
                if response.status != 200:
                    sys.exit("press-serve answered %d for %r" % (response.status, q))
        summary("press-serve /api/search (HTTP, kept alive)", ms)
        conn.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
