"""Substring recall: does a phrase query find the passage it was copied from?

Samples, with a fixed seed, Chinese substrings (1-6 consecutive Han characters
from zh-Hans and zh-Hant paragraphs) and English word sequences (1-4
consecutive words from en paragraphs) of the real corpus, queries each as a
quoted phrase restricted to its release (`release:ID "text"`), and reports per
language the fraction whose source passage (same release id and paragraph) is
among the hits, with the first misses.

usage:
  substring_recall.py sample CORPUS_DIR OUT_DIR [--zh 500] [--en 300] [--seed N]
      writes OUT_DIR/samples.jsonl and OUT_DIR/queries.txt (one query per line)
  substring_recall.py score OUT_DIR PRESS_QUERY_OUTPUT.jsonl [--misses 10]
  substring_recall.py fts5 CORPUS_DIR OUT_DIR [--misses 10]
      the same samples against SQLite FTS5 trigram, one row per paragraph
      (strings under 3 characters by instr()), as a reference
"""

import argparse
import json
import os
import random
import re
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
HAN_RUN = re.compile(f"[{HAN}]+")
WORD = re.compile(r"^[A-Za-z0-9]+$")
LEAD = "(\"'“‘["
TRAIL = ".,;:!?)\"'”’]"


def english_runs(text, k):
    """Start indexes of k-word windows of plain words separated by single spaces."""
    toks = text.split(" ")
    out = []
    for i in range(len(toks) - k + 1):
        window = toks[i:i + k]
        ok = True
        for j, t in enumerate(window):
            w = t
            if j == 0:
                w = w.lstrip(LEAD)
            if j == k - 1:
                w = w.rstrip(TRAIL)
            if not WORD.match(w):
                ok = False
                break
        if ok:
            out.append(i)
    return out


def cmd_sample(a):
    rng = random.Random(a.seed)
    zh, en = [], []
    for r in benchlib.iter_releases(a.corpus):
        for i, p in enumerate(benchlib.paragraphs(r)):
            (zh if r["lang"].startswith("zh") else en).append((r["id"], r["lang"], i, p))
    samples = []
    while len([s for s in samples if s["lang"] != "en"]) < a.zh:
        rid, lang, i, p = rng.choice(zh)
        runs = [m.group(0) for m in HAN_RUN.finditer(p)]
        n = rng.randint(1, 6)
        runs = [x for x in runs if len(x) >= n]
        if not runs:
            continue
        run = rng.choice(runs)
        start = rng.randrange(len(run) - n + 1)
        samples.append({"lang": lang, "release_id": rid, "paragraph": i,
                        "text": run[start:start + n]})
    while len([s for s in samples if s["lang"] == "en"]) < a.en:
        rid, lang, i, p = rng.choice(en)
        k = rng.randint(1, 4)
        starts = english_runs(p, k)
        if not starts:
            continue
        st = rng.choice(starts)
        toks = p.split(" ")[st:st + k]
        toks[0] = toks[0].lstrip(LEAD)
        toks[-1] = toks[-1].rstrip(TRAIL)
        samples.append({"lang": lang, "release_id": rid, "paragraph": i,
                        "text": " ".join(toks)})
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "samples.jsonl"), "w", encoding="utf-8") as f:
        for s in samples:
            f.write(json.dumps(s, ensure_ascii=False) + "\n")
    with open(os.path.join(a.out, "queries.txt"), "w", encoding="utf-8") as f:
        for s in samples:
            f.write(f'release:{s["release_id"]} "{s["text"]}"\n')
    counts = {}
    for s in samples:
        counts[s["lang"]] = counts.get(s["lang"], 0) + 1
    print(f"sampled {len(samples)} strings (seed {a.seed}): "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


def load_samples(out):
    with open(os.path.join(out, "samples.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


PARA_KEYS = ("paragraph", "para", "paragraph_index", "passage_paragraph")


def hit_paragraph(h):
    for k in PARA_KEYS:
        if isinstance(h.get(k), int):
            return h[k]
    p = h.get("passage")
    if isinstance(p, dict):
        return hit_paragraph(p)
    return None


def report(name, samples, found, hit_counts, misses_to_show):
    by_lang = {}
    for s, ok in zip(samples, found):
        t = by_lang.setdefault(s["lang"], [0, 0])
        t[0] += ok
        t[1] += 1
    print(f"{name}:")
    for lang in sorted(by_lang):
        ok, n = by_lang[lang]
        print(f"  {lang:<8} recall {ok / n:.3f}  ({ok}/{n})")
    zh_ok = sum(v[0] for k, v in by_lang.items() if k != "en")
    zh_n = sum(v[1] for k, v in by_lang.items() if k != "en")
    if zh_n:
        print(f"  {'zh (all)':<8} recall {zh_ok / zh_n:.3f}  ({zh_ok}/{zh_n})")
    misses = [(s, c) for s, ok, c in zip(samples, found, hit_counts) if not ok]
    if misses:
        print(f"  first {min(misses_to_show, len(misses))} of {len(misses)} misses:")
        for s, c in misses[:misses_to_show]:
            print(f'    {s["lang"]:<7} {s["release_id"]} ¶{s["paragraph"]} '
                  f'"{s["text"]}" ({c} hits in the release)')


def cmd_score(a):
    samples = load_samples(a.out)
    found = [False] * len(samples)
    counts = [0] * len(samples)
    seen_keys = set()
    with open(a.output, encoding="utf-8") as f:
        for idx, line in enumerate(f):
            if not line.strip():
                continue
            d = json.loads(line)
            n = int(d.get("line", idx + 1)) - 1
            if not 0 <= n < len(samples):
                continue
            s = samples[n]
            hits = d.get("hits") or []
            counts[n] = len(hits)
            for h in hits:
                seen_keys.update(h.keys())
                if h.get("release_id") == s["release_id"] and hit_paragraph(h) == s["paragraph"]:
                    found[n] = True
                    break
    if seen_keys and not seen_keys & set(PARA_KEYS + ("passage",)):
        print(f"warning: hits carry no paragraph number (fields: {sorted(seen_keys)})",
              file=sys.stderr)
    report("project", samples, found, counts, a.misses)


def cmd_fts5(a):
    samples = load_samples(a.out)
    path = os.path.join(a.out, "substring-fts5.db")
    if not os.path.exists(path):
        con = sqlite3.connect(path + ".tmp")
        con.execute("CREATE VIRTUAL TABLE p USING fts5(body, release_id UNINDEXED, "
                    "para UNINDEXED, tokenize='trigram')")
        with con:
            con.executemany("INSERT INTO p(body, release_id, para) VALUES (?,?,?)",
                            ((t, rid, i) for _s, rid, i, _l, _d, _ti, t
                             in benchlib.iter_paragraph_rows(a.corpus)))
        con.close()
        os.replace(path + ".tmp", path)
    con = sqlite3.connect(path)
    found, counts = [], []
    for s in samples:
        t = s["text"]
        if len(t) >= 3:
            rows = con.execute("SELECT para FROM p WHERE p MATCH ? AND release_id = ?",
                               ('"' + t.replace('"', '""') + '"', s["release_id"])).fetchall()
        else:
            # Not LIKE: SQLite 3.40 lets FTS5 take a LIKE pattern and returns
            # no rows when it is under 3 characters.
            rows = con.execute("SELECT para FROM p WHERE release_id = ? AND instr(body, ?) > 0",
                               (s["release_id"], t)).fetchall()
        counts.append(len(rows))
        found.append(any(r[0] == s["paragraph"] for r in rows))
    con.close()
    report("fts5 (trigram, reference)", samples, found, counts, a.misses)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("sample")
    p.add_argument("corpus")
    p.add_argument("out")
    p.add_argument("--zh", type=int, default=500)
    p.add_argument("--en", type=int, default=300)
    p.add_argument("--seed", type=int, default=20240601)
    p = sub.add_parser("score")
    p.add_argument("out")
    p.add_argument("output")
    p.add_argument("--misses", type=int, default=10)
    p = sub.add_parser("fts5")
    p.add_argument("corpus")
    p.add_argument("out")
    p.add_argument("--misses", type=int, default=10)
    a = ap.parse_args()
    {"sample": cmd_sample, "score": cmd_score, "fts5": cmd_fts5}[a.cmd](a)


if __name__ == "__main__":
    main()
