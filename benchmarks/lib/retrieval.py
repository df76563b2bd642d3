"""ncp-policy-qa retrieval benchmark: MRR@10 and recall@10 with any-term ranking.

usage:
  retrieval.py convert DATA_DIR OUT_CORPUS_DIR OUT_QUERIES   (project input files)
  retrieval.py score-project DATA_DIR PRESS_QUERY_OUTPUT.jsonl
  retrieval.py peer fts5|xapian DATA_DIR WORK_DIR

DATA_DIR holds docs.jsonl {docid,text}, queries.tsv (qid TAB question) and
qrels.txt (qid 0 docid 1). Each system indexes one document per release
(docs.jsonl line) and ranks the top 10 for every question, matching any of
its terms:

  project  press-query --any over the releases converted to the corpus format
           (id=docid, lang=zh-Hans, title="", date="", source="ncp", body=text).
  fts5     SQLite FTS5 tokenize='trigram', bm25 order. A question becomes the
           OR of its distinct character trigrams, taken inside runs of letters,
           digits and Han characters (punctuation and spaces split runs; runs
           shorter than 3 characters cannot be matched by a trigram index and
           are dropped). Every trigram is a quoted FTS5 string, so no question
           character reaches FTS5's query syntax.
  xapian   Xapian TermGenerator FLAG_CJK_NGRAM (unigrams + bigrams of Han
           text, English words stemmed), BM25. The question is analysed by the
           same TermGenerator and its distinct terms are OR-ed (OP_OR). Xapian
           1.4's QueryParser AND-s the n-grams of one Han run even with a
           default OR, which would make a sentence-length question match
           almost nothing, so the parser is not used.

Printed per system: MRR@10 (reciprocal rank of the first relevant release,
0 past rank 10), recall@10 (mean fraction of a question's relevant releases in
the top 10; duplicates of a source release are relevant too), success@10
(questions with any relevant release in the top 10), and query latency.
"""

import json
import os
import re
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

K = 10


def load(data_dir):
    docs = []
    with open(os.path.join(data_dir, "docs.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                docs.append((d["docid"], d["text"]))
    queries = []
    with open(os.path.join(data_dir, "queries.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                qid, _, q = line.partition("\t")
                queries.append((qid, q))
    qrels = {}
    with open(os.path.join(data_dir, "qrels.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4 and int(parts[3]) > 0:
                qrels.setdefault(parts[0], set()).add(parts[2])
    return docs, queries, qrels


def score(name, queries, qrels, ranked, times_ms):
    """ranked: qid -> list of docids, best first."""
    rr = rec = succ = 0.0
    for qid, _q in queries:
        rel = qrels.get(qid, set())
        top = []
        for d in ranked.get(qid, []):
            if d not in top:
                top.append(d)
        top = top[:K]
        first = next((i for i, d in enumerate(top, 1) if d in rel), None)
        if first:
            rr += 1.0 / first
            succ += 1
        if rel:
            rec += len(rel & set(top)) / len(rel)
    n = len(queries)
    res = {"system": name, "questions": n, "mrr@10": rr / n, "recall@10": rec / n,
           "success@10": succ / n}
    if times_ms:
        res["q"] = benchlib.pcts(times_ms)
    return res


def print_result(res):
    q = res.get("q")
    lat = f"  q p50/p95 {q['p50']:.2f}/{q['p95']:.2f} ms" if q else ""
    print(f"{res['system']:<8} MRR@10 {res['mrr@10']:.3f}  recall@10 {res['recall@10']:.3f}"
          f"  success@10 {res['success@10']:.3f}  ({res['questions']} questions){lat}")
    sys.stdout.flush()


# ------------------------------------------------------------ project


def cmd_convert(data_dir, out_corpus, out_queries):
    docs, queries, _ = load(data_dir)
    os.makedirs(out_corpus, exist_ok=True)
    with open(os.path.join(out_corpus, "ncp-policy-qa.jsonl"), "w", encoding="utf-8") as f:
        for docid, text in docs:
            f.write(json.dumps({"id": docid, "lang": "zh-Hans", "title": "", "date": "",
                                "source": "ncp", "url": None, "body": text,
                                "speakers": []}, ensure_ascii=False) + "\n")
    with open(out_queries, "w", encoding="utf-8") as f:
        for _qid, q in queries:
            # One question per line; line breaks inside a question would
            # shift the batch's line numbers.
            f.write(" ".join(q.split()) + "\n")


def cmd_score_project(data_dir, output):
    _docs, queries, qrels = load(data_dir)
    ranked, times = {}, []
    with open(output, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    for i, d in enumerate(docs):
        line = int(d.get("line", i + 1))
        if not 1 <= line <= len(queries):
            continue
        qid = queries[line - 1][0]
        ranked[qid] = [h.get("release_id") for h in d.get("hits", [])]
        if "elapsed_ms" in d:
            times.append(float(d["elapsed_ms"]))
    res = score("project", queries, qrels, ranked, times)
    print_result(res)
    print(json.dumps(res), file=sys.stderr)


# ------------------------------------------------------------ peers

RUN_RE = re.compile(r"[\w]+")  # letters, digits, Han (str.isalnum classes) and _


def trigrams(question):
    grams = []
    for run in RUN_RE.findall(question.lower()):
        run = run.replace("_", "")
        for i in range(len(run) - 2):
            g = run[i:i + 3]
            if g not in grams:
                grams.append(g)
    return grams


def run_fts5(docs, queries, work):
    path = os.path.join(work, "ncp-fts5.db")
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    con.execute("CREATE VIRTUAL TABLE d USING fts5(text, docid UNINDEXED, tokenize='trigram')")
    t0 = time.perf_counter()
    with con:
        con.executemany("INSERT INTO d(text, docid) VALUES (?, ?)",
                        ((t, i) for i, t in docs))
    index_s = time.perf_counter() - t0
    ranked, times = {}, []
    for qid, q in queries:
        grams = trigrams(q)
        if not grams:
            ranked[qid] = []
            continue
        match = " OR ".join('"' + g.replace('"', '""') + '"' for g in grams)
        t0 = time.perf_counter()
        rows = con.execute("SELECT docid FROM d WHERE d MATCH ? ORDER BY rank LIMIT ?",
                           (match, K)).fetchall()
        times.append((time.perf_counter() - t0) * 1000.0)
        ranked[qid] = [r[0] for r in rows]
    con.close()
    return ranked, times, index_s


def run_xapian(docs, queries, work):
    import xapian  # Debian's python3-xapian
    db, tg = benchlib.xapian_ngram_writer(os.path.join(work, "ncp-xapian"))
    t0 = time.perf_counter()
    for docid, text in docs:
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(text)
        doc.set_data(docid)
        db.add_document(doc)
    db.commit()
    index_s = time.perf_counter() - t0
    enquire = xapian.Enquire(db)
    ranked, times = {}, []
    for qid, q in queries:
        t0 = time.perf_counter()
        qdoc = xapian.Document()
        tg.set_document(qdoc)
        tg.index_text(q)
        terms = [t.term for t in qdoc.termlist()]
        enquire.set_query(xapian.Query(xapian.Query.OP_OR, terms))
        mset = enquire.get_mset(0, K)
        ranked[qid] = [m.document.get_data().decode("utf-8") for m in mset]
        times.append((time.perf_counter() - t0) * 1000.0)
    db.close()
    return ranked, times, index_s


def cmd_peer(peer, data_dir, work):
    docs, queries, qrels = load(data_dir)
    os.makedirs(work, exist_ok=True)
    runner = {"fts5": run_fts5, "xapian": run_xapian}[peer]
    ranked, times, index_s = runner(docs, queries, work)
    res = score(peer, queries, qrels, ranked, times)
    res["index_s"] = index_s
    print_result(res)
    print(json.dumps(res), file=sys.stderr)


def main():
    a = sys.argv[1:]
    if a[:1] == ["convert"] and len(a) == 4:
        cmd_convert(*a[1:])
    elif a[:1] == ["score-project"] and len(a) == 3:
        cmd_score_project(*a[1:])
    elif a[:1] == ["peer"] and len(a) == 4 and a[1] in ("fts5", "xapian"):
        cmd_peer(*a[1:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
