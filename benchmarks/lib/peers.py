"""Peer search engines for the end-to-end benchmark: index and query.

Every peer indexes one document per paragraph of the corpus (body text only,
with the release id and paragraph number kept alongside) and answers the
plain/phrase form of the fixed query set (field filters stripped; see
benchlib.peer_terms), top 10 by the engine's own ranking, in its own client:

  fts5    SQLite FTS5, tokenize='trigram', python's sqlite3 module; bm25 order,
          snippet() per hit. Terms shorter than 3 characters cannot be matched
          by the trigram index; they become LIKE '%term%' conditions on the same
          table (a full scan when no longer term is present).
  xapian  Xapian TermGenerator/QueryParser with FLAG_CJK_NGRAM (Chinese as
          unigrams and bigrams), English stemmed, positions kept; python3-xapian;
          BM25 order; document data read and MSet.snippet() per hit.
  groonga Groonga, TokenBigram + NormalizerAuto, index WITH_POSITION; queried
          through one long-running `groonga DB` process on stdin/stdout (no
          network); sorted by score, snippet_html() per hit.
  sphinx  Sphinx 2.2 plain index fed by tsvpipe, ngram_len=1 over CJK, English
          stem_en; searchd on 127.0.0.1 only (SphinxQL/mysql41, spoken by a
          small client below); WEIGHT() order, no snippets (body not stored).

usage:
  peers.py index PEER --corpus DIR --dir INDEX_DIR
  peers.py query PEER --dir INDEX_DIR --queries FILE [--passes N] [--limit 10]
  peers.py tsv CORPUS_DIR                       (sphinx's tsvpipe feed)
  peers.py available PEER                       (exit 0 if usable here)

`index` and `query` print one JSON object on stdout. Run with Debian's
/usr/bin/python3 so that python3-xapian is importable.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

PEERS = ("fts5", "xapian", "groonga", "sphinx")


def _sigterm(_signo, _frame):
    # Turn SIGTERM into SystemExit so that finally blocks stop servers.
    sys.exit(143)


# ================================================================ FTS5


def fts5_index(corpus, out):
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "fts5.db")
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("CREATE VIRTUAL TABLE p USING fts5("
                "body, release_id UNINDEXED, para UNINDEXED, tokenize='trigram')")
    with con:
        con.executemany(
            "INSERT INTO p(rowid, body, release_id, para) VALUES (?,?,?,?)",
            ((seq, text, rid, i)
             for seq, rid, i, _l, _d, _t, text in benchlib.iter_paragraph_rows(corpus)))
    con.execute("INSERT INTO p(p) VALUES ('optimize')")
    con.commit()
    con.close()
    return path


def fts5_quote(text):
    return '"' + text.replace('"', '""') + '"'


def fts5_like(text):
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class Fts5Searcher:
    def __init__(self, out):
        self.con = sqlite3.connect(os.path.join(out, "fts5.db"))

    def search(self, query, limit):
        terms = benchlib.peer_terms(query)
        long_terms = [t for t, _ph in terms if len(t) >= 3]
        short_terms = [t for t, _ph in terms if len(t) < 3]
        # The ESCAPE clause keeps the LIKE out of FTS5's hands: SQLite 3.40's
        # trigram LIKE returns no rows for a non-ASCII pattern under 3
        # characters; with ESCAPE SQLite scans and filters the rows itself.
        likes = "".join(" AND body LIKE ? ESCAPE '\\'" for _ in short_terms)
        params = [fts5_like(t) for t in short_terms]
        if long_terms:
            sql = ("SELECT release_id, para, snippet(p, 0, '[', ']', '…', 16) FROM p "
                   "WHERE p MATCH ?" + likes + " ORDER BY rank LIMIT ?")
            params = [" ".join(fts5_quote(t) for t in long_terms)] + params
        else:
            sql = ("SELECT release_id, para, substr(body, 1, 80) FROM p WHERE 1"
                   + likes + " LIMIT ?")
        return self.con.execute(sql, params + [limit]).fetchall()

    def close(self):
        self.con.close()


# ================================================================ Xapian n-grams


def xapian_module():
    import xapian  # noqa: WPS433 (Debian's python3-xapian)
    return xapian


def xapian_index(corpus, out):
    xapian = xapian_module()
    path = os.path.join(out, "xapian")
    db, tg = benchlib.xapian_ngram_writer(path)
    for seq, rid, i, _l, _d, _t, text in benchlib.iter_paragraph_rows(corpus):
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(text)
        doc.set_data(json.dumps({"r": rid, "p": i, "t": text}, ensure_ascii=False))
        db.replace_document(seq, doc)
    db.commit()
    db.close()
    return path


class XapianSearcher:
    def __init__(self, out):
        xapian = self.x = xapian_module()
        self.db = xapian.Database(os.path.join(out, "xapian"))
        self.enquire = xapian.Enquire(self.db)
        qp = self.qp = xapian.QueryParser()
        qp.set_database(self.db)
        qp.set_stemmer(xapian.Stem("english"))
        qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        qp.set_default_op(xapian.Query.OP_AND)
        self.flags = (xapian.QueryParser.FLAG_DEFAULT | xapian.QueryParser.FLAG_PHRASE
                      | xapian.QueryParser.FLAG_CJK_NGRAM)
        self.snip_flags = getattr(xapian.MSet, "SNIPPET_CJK_NGRAM", 0)

    def search(self, query, limit, any_term=False):
        qp = self.qp
        qp.set_default_op(self.x.Query.OP_OR if any_term else self.x.Query.OP_AND)
        q = qp.parse_query(benchlib.peer_query_text(query) if not any_term else query,
                           self.flags)
        self.enquire.set_query(q)
        mset = self.enquire.get_mset(0, limit)
        rows = []
        for m in mset:
            d = json.loads(m.document.get_data())
            snip = mset.snippet(d["t"], 80, self.x.Stem("english"),
                                self.x.MSet.SNIPPET_BACKGROUND_MODEL | self.snip_flags,
                                "[", "]", "…") if not any_term else ""
            if isinstance(snip, bytes):
                snip = snip.decode("utf-8", "replace")
            rows.append((d["r"], d["p"], snip))
        return rows

    def close(self):
        self.db.close()


# ================================================================ Groonga


def groonga_index(corpus, out):
    path = os.path.join(out, "groonga")
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(path)
    db = os.path.join(path, "db")
    proc = subprocess.Popen(["groonga", "-n", db], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    # Read responses concurrently so that groonga never blocks on a full pipe.
    import threading
    responses = []
    reader = threading.Thread(target=lambda: responses.extend(proc.stdout.readlines()),
                              daemon=True)
    reader.start()
    try:
        w = proc.stdin
        w.write(b"table_create Paragraphs TABLE_NO_KEY\n"
                b"column_create Paragraphs release_id COLUMN_SCALAR ShortText\n"
                b"column_create Paragraphs para COLUMN_SCALAR UInt32\n"
                b"column_create Paragraphs body COLUMN_SCALAR LongText\n"
                b"load --table Paragraphs\n[\n")
        first = True
        for _seq, rid, i, _l, _d, _t, text in benchlib.iter_paragraph_rows(corpus):
            rec = json.dumps({"release_id": rid, "para": i, "body": text}, ensure_ascii=False)
            w.write((("" if first else ",\n") + rec).encode("utf-8"))
            first = False
        # The lexicon is created after loading: one static index build is much
        # faster than updating the index per record.
        w.write(b"\n]\n"
                b"table_create Terms TABLE_PAT_KEY ShortText "
                b"--default_tokenizer TokenBigram --normalizer NormalizerAuto\n"
                b"column_create Terms body_index COLUMN_INDEX|WITH_POSITION Paragraphs body\n"
                b"quit\n")
        w.close()
        rc = proc.wait()
        reader.join()
    finally:
        if proc.poll() is None:  # interrupted: do not leave groonga behind
            proc.kill()
            proc.wait()
    errors = [r for r in responses if not r.startswith(b"[[0,")]
    if rc != 0 or errors:
        sys.exit("groonga index failed: " + b"".join(errors[:3]).decode("utf-8", "replace"))
    return path


def groonga_quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class GroongaSearcher:
    def __init__(self, out):
        self.proc = subprocess.Popen(["groonga", os.path.join(out, "groonga", "db")],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def search(self, query, limit):
        q = " ".join(groonga_quote(t) for t, _ph in benchlib.peer_terms(query))
        params = urllib.parse.urlencode({
            "table": "Paragraphs", "match_columns": "body", "query": q,
            "output_columns": "release_id,para,snippet_html(body)",
            "sort_keys": "-_score", "limit": str(limit), "command_version": "2",
            # Groonga answers a repeated select from its cache in ~0.01 ms;
            # the measured pass must search.
            "cache": "no"})
        self.proc.stdin.write(("/d/select?" + params + "\n").encode())
        self.proc.stdin.flush()
        resp = json.loads(self.proc.stdout.readline())
        if resp[0][0] != 0:
            raise RuntimeError(f"groonga: {resp[0]}")
        return [tuple(r) for r in resp[1][0][2:]]

    def close(self):
        try:
            self.proc.stdin.write(b"quit\n")
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except Exception:  # already gone
            self.proc.kill()


# ================================================================ Sphinx


SPHINX_SPECIAL = set('\\()|-!@~"&/^$=<')


def sphinx_conf(out, corpus=None, port=0):
    path = os.path.join(out, "sphinx")
    here = os.path.abspath(__file__)
    feed = f"/usr/bin/python3 {here} tsv {os.path.abspath(corpus)}" if corpus else "true"
    return f"""
source paragraphs
{{
    type = tsvpipe
    tsvpipe_command = {feed}
    tsvpipe_field = body
    tsvpipe_attr_string = release_id
    tsvpipe_attr_uint = para
}}

index paragraphs
{{
    source = paragraphs
    path = {path}/paragraphs
    docinfo = extern
    charset_table = 0..9, A..Z->a..z, _, a..z, U+C0..U+FF
    ngram_len = 1
    ngram_chars = U+3000..U+2FA1F
    morphology = stem_en
}}

indexer
{{
    mem_limit = 256M
}}

searchd
{{
    listen = 127.0.0.1:{port}:mysql41
    log = {path}/searchd.log
    query_log = {path}/query.log
    pid_file = {path}/searchd.pid
    binlog_path =
    workers = threads
    max_children = 4
    read_timeout = 5
}}
"""


def sphinx_index(corpus, out):
    path = os.path.join(out, "sphinx")
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(path)
    conf = os.path.join(path, "sphinx.conf")
    with open(conf, "w") as f:
        f.write(sphinx_conf(out, corpus, port=1))
    r = subprocess.run(["indexer", "--config", conf, "--all", "--quiet"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        sys.exit("sphinx indexer failed:\n" + r.stdout.decode("utf-8", "replace")[-2000:])
    os.remove(conf)
    return path


def tsv_feed(corpus):
    out = sys.stdout
    for seq, rid, i, _l, _d, _t, text in benchlib.iter_paragraph_rows(corpus):
        text = text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
        out.write(f"{seq}\t{text}\t{rid}\t{i}\n")


class MiniMySQL:
    """Just enough of the MySQL 4.1 text protocol for SphinxQL (no auth)."""

    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=30)
        self.buf = b""
        self._packet()  # server greeting
        caps = 0x1 | 0x200 | 0x8000  # LONG_PASSWORD, PROTOCOL_41, SECURE_CONNECTION
        self._send(struct.pack("<IIB23x", caps, 1 << 24, 33) + b"bench\0\0", 1)
        self._check(self._packet())

    def _recv(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("searchd closed the connection")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def _packet(self):
        head = self._recv(4)
        return self._recv(head[0] | head[1] << 8 | head[2] << 16)

    def _send(self, payload, seq):
        self.sock.sendall(struct.pack("<I", len(payload))[:3] + bytes([seq]) + payload)

    @staticmethod
    def _check(p):
        if p[:1] == b"\xff":
            raise RuntimeError("searchd: " + p[9:].decode("utf-8", "replace"))
        return p

    @staticmethod
    def _lenenc(p, pos):
        c = p[pos]
        if c < 0xFB:
            return c, pos + 1
        if c == 0xFB:
            return None, pos + 1
        size = {0xFC: 2, 0xFD: 3, 0xFE: 8}[c]
        return int.from_bytes(p[pos + 1:pos + 1 + size], "little"), pos + 1 + size

    def query(self, sql):
        self._send(b"\x03" + sql.encode("utf-8"), 0)
        first = self._check(self._packet())
        if first[0] == 0x00:
            return []
        ncols, _ = self._lenenc(first, 0)
        for _ in range(ncols):
            self._packet()
        self._packet()  # EOF after column definitions
        rows = []
        while True:
            p = self._check(self._packet())
            if p[0] == 0xFE and len(p) < 9:
                return rows
            pos, row = 0, []
            for _ in range(ncols):
                n, pos = self._lenenc(p, pos)
                row.append(None if n is None else p[pos:pos + n].decode("utf-8", "replace"))
                pos += n or 0
            rows.append(tuple(row))

    def close(self):
        self.sock.close()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def sphinx_escape(text):
    return "".join("\\" + c if c in SPHINX_SPECIAL else c for c in text)


class SphinxSearcher:
    def __init__(self, out):
        self.path = os.path.join(out, "sphinx")
        self.port = free_port()
        self.conf = os.path.join(self.path, "searchd.conf")
        with open(self.conf, "w") as f:
            f.write(sphinx_conf(out, None, self.port))
        subprocess.run(["searchd", "--config", self.conf], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while True:
            try:
                self.con = MiniMySQL("127.0.0.1", self.port)
                break
            except OSError:
                if time.time() > deadline:
                    self.close()
                    raise
                time.sleep(0.1)

    def search(self, query, limit):
        q = " ".join('"' + sphinx_escape(t) + '"' for t, _ph in benchlib.peer_terms(query))
        q = q.replace("\\", "\\\\").replace("'", "\\'")
        return self.con.query(f"SELECT release_id, para, WEIGHT() FROM paragraphs "
                              f"WHERE MATCH('{q}') LIMIT {int(limit)}")

    def close(self):
        if getattr(self, "con", None):
            self.con.close()
        subprocess.run(["searchd", "--config", self.conf, "--stopwait"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pidfile = os.path.join(self.path, "searchd.pid")
        if os.path.exists(pidfile):  # --stopwait failed: stop it ourselves
            try:
                with open(pidfile) as f:
                    os.kill(int(f.read().strip()), signal.SIGTERM)
            except (ValueError, ProcessLookupError):
                pass


# ================================================================ driver

INDEXERS = {"fts5": fts5_index, "xapian": xapian_index,
            "groonga": groonga_index, "sphinx": sphinx_index}
SEARCHERS = {"fts5": Fts5Searcher, "xapian": XapianSearcher,
             "groonga": GroongaSearcher, "sphinx": SphinxSearcher}


def available(peer):
    if peer == "fts5":
        con = sqlite3.connect(":memory:")
        try:
            con.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
            return True
        except sqlite3.Error:
            return False
    if peer == "xapian":
        try:
            xapian_module()
            return True
        except ImportError:
            return False
    if peer == "groonga":
        return shutil.which("groonga") is not None
    if peer == "sphinx":
        return shutil.which("indexer") is not None and shutil.which("searchd") is not None
    return False


def main():
    signal.signal(signal.SIGTERM, _sigterm)
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("index")
    p.add_argument("peer", choices=PEERS)
    p.add_argument("--corpus", required=True)
    p.add_argument("--dir", required=True)
    p = sub.add_parser("query")
    p.add_argument("peer", choices=PEERS)
    p.add_argument("--dir", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--passes", type=int, default=2,
                   help="passes over the query set; all but the last warm the caches")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--log", help="write each query's hits here (JSON Lines)")
    p = sub.add_parser("tsv")
    p.add_argument("corpus")
    p = sub.add_parser("available")
    p.add_argument("peer", choices=PEERS)
    a = ap.parse_args()

    if a.cmd == "available":
        sys.exit(0 if available(a.peer) else 1)
    if a.cmd == "tsv":
        tsv_feed(a.corpus)
        return
    if a.cmd == "index":
        os.makedirs(a.dir, exist_ok=True)
        t0 = time.perf_counter()
        path = INDEXERS[a.peer](a.corpus, a.dir)
        secs = time.perf_counter() - t0
        print(json.dumps({"peer": a.peer, "index_s": secs, "path": path,
                          "size_bytes": benchlib.dir_size(path),
                          "disk_bytes": benchlib.dir_size(path, allocated=True)}))
        return

    queries = benchlib.read_query_file(a.queries)
    searcher = SEARCHERS[a.peer](a.dir)
    try:
        for pass_no in range(a.passes):
            times, nhits, log = [], [], []
            for line_no, q in enumerate(queries, 1):
                t0 = time.perf_counter()
                rows = searcher.search(q, a.limit)
                times.append((time.perf_counter() - t0) * 1000.0)
                nhits.append(len(rows))
                log.append({"line": line_no, "query": q,
                            "peer_query": benchlib.peer_query_text(q),
                            "elapsed_ms": times[-1], "hits": [list(r) for r in rows]})
    finally:
        searcher.close()
    if a.log:
        with open(a.log, "w", encoding="utf-8") as f:
            for rec in log:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    q = benchlib.pcts(times)
    q["zero"] = sum(1 for n in nhits if n == 0)
    print(json.dumps({"peer": a.peer, "q": q, "elapsed_ms": times, "hits": nhits}))


if __name__ == "__main__":
    main()
