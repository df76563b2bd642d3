"""Shared helpers for the end-to-end benchmark scripts (standard library only).

Corpus reading, paragraph splitting, query-file parsing and conversion to the
plain/phrase form that peer engines understand, percentiles, and
/usr/bin/time -v parsing.
"""

import glob
import json
import os
import re
import sys

# ---------------------------------------------------------------- corpus


def corpus_files(corpus_dir):
    files = sorted(glob.glob(os.path.join(corpus_dir, "*.jsonl")))
    if not files:
        sys.exit(f"{corpus_dir}: no *.jsonl files")
    return files


def iter_releases(corpus_dir):
    for path in corpus_files(corpus_dir):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def paragraphs(release):
    """Paragraphs of a release body (split on blank lines, empty ones dropped)."""
    return [p for p in (release.get("body") or "").split("\n\n") if p.strip()]


def iter_paragraph_rows(corpus_dir):
    """(seq, release_id, paragraph_index, lang, date, title, text) per paragraph.

    seq is a 1-based integer usable as a document id by engines that need one.
    """
    seq = 0
    for r in iter_releases(corpus_dir):
        for i, p in enumerate(paragraphs(r)):
            seq += 1
            yield (seq, r["id"], i, r.get("lang", ""), r.get("date", ""),
                   r.get("title", ""), p)


def body_bytes(corpus_dir):
    """Sum of UTF-8 bytes of title + body over all releases."""
    total = 0
    for r in iter_releases(corpus_dir):
        total += len((r.get("title") or "").encode("utf-8"))
        total += len((r.get("body") or "").encode("utf-8"))
    return total


# ---------------------------------------------------------------- queries

# Field syntax of the project's query language: name:value or name:"quoted value".
FIELD_RE = re.compile(r'(?<!\S)[A-Za-z_]+:(?:"[^"]*"|\S+)')
TOKEN_RE = re.compile(r'"([^"]*)"|(\S+)')


def read_query_file(path):
    """Non-empty, non-comment lines of a batch query file, in order."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip() and not line.lstrip().startswith("#"):
                out.append(line)
    return out


def has_fields(query):
    return bool(FIELD_RE.search(query))


def peer_terms(query):
    """The plain/phrase form of a project query, as a list of (text, is_phrase).

    Field filters (lang:zh, date:2019, speaker:"Geng Shuang", ...) are dropped:
    peers index paragraph text only. Everything else is kept: quoted phrases as
    phrases, other whitespace-separated words as words, to be AND-ed.
    """
    rest = FIELD_RE.sub(" ", query)
    terms = []
    for m in TOKEN_RE.finditer(rest):
        if m.group(1) is not None:
            if m.group(1).strip():
                terms.append((m.group(1).strip(), True))
        else:
            terms.append((m.group(2), False))
    return terms


def peer_query_text(query):
    """Plain/phrase text of a project query: fields stripped, phrases quoted."""
    return " ".join(f'"{t}"' if ph else t for t, ph in peer_terms(query))


# ---------------------------------------------------------------- statistics


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100); None for an empty list."""
    if not values:
        return None
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(-(-p * len(v) // 100)) - 1))
    return v[k]


def pcts(values):
    return {"p50": percentile(values, 50), "p95": percentile(values, 95),
            "p99": percentile(values, 99), "n": len(values)}


def parse_time_v(path):
    """Wall seconds and peak RSS (MB) from a /usr/bin/time -v log."""
    wall = rss = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith("Elapsed (wall clock) time"):
                t = line.rsplit(" ", 1)[-1]
                secs = 0.0
                for part in t.split(":"):
                    secs = secs * 60 + float(part)
                wall = secs
            elif line.startswith("Maximum resident set size"):
                rss = int(line.rsplit(" ", 1)[-1]) / 1024.0
    return wall, rss


def dir_size(path, allocated=False):
    """Apparent size in bytes, like du -sb; or, with allocated, the bytes of
    disk blocks in use, like du -s --block-size=1 (smaller for sparse files)."""
    def size(fp):
        st = os.stat(fp)
        return st.st_blocks * 512 if allocated else st.st_size
    if os.path.isfile(path):
        return size(path)
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            fp = os.path.join(root, name)
            if not os.path.islink(fp):
                total += size(fp)
    return total


def append_result(path, record):
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")


def xapian_ngram_writer(path):
    """A fresh Xapian database at `path` and a TermGenerator set up as Xapian's
    own CJK indexing does it (English stemming, CJK n-grams): the peer that
    both the end-to-end and the retrieval benchmarks compare with."""
    import shutil
    import xapian  # Debian's python3-xapian
    if os.path.exists(path):
        shutil.rmtree(path)
    db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    tg.set_flags(xapian.TermGenerator.FLAG_CJK_NGRAM)
    return db, tg
