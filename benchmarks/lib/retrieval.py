"""ncp-policy-qa retrieval benchmark: MRR@10 and recall@10 with any-term ranking.

usage:
  retrieval.py convert DATA_DIR OUT_CORPUS_DIR OUT_QUERIES   (project input files)
  retrieval.py score-project DATA_DIR PRESS_QUERY_OUTPUT.jsonl
  retrieval.py peer fts5|xapian|bm25 DATA_DIR WORK_DIR

DATA_DIR holds docs.jsonl {docid,text}, queries.tsv (qid TAB question) and
qrels.txt (qid 0 docid 1). Each system indexes one document per release
(docs.jsonl line) and ranks the top 10 for every question, matching any of
its terms:

  project  press-query --any --per-release 1 (one hit per release, releases
           ranked) over the releases converted to the corpus format (id=docid,
           lang=zh-Hans, title="", date="", source="ncp", body=text).
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
  bm25     a plain BM25 (Xapian's BM25Weight, k1 1.2, b 0.75) over ICU words
           (PyICU's word break iterator, lower-cased; punctuation and spaces
           dropped) and the character bigrams of each run of Han characters,
           one document per release; the question's distinct terms OR-ed.

The questions are split into two fixed parts by the first byte of the SHA-1
of their id: even is the tuning part (ranking constants are chosen on it
alone), odd the check part. Every figure is printed for all questions and for
each part.

Printed per system: MRR@10 (reciprocal rank of the first relevant release,
0 past rank 10), success@1 (questions whose first release is relevant), recall@10 (mean fraction of a question's relevant releases in
the top 10; duplicates of a source release are relevant too), success@10
(questions with any relevant release in the top 10), and query latency.
"""

import hashlib
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


def part_of(qid):
    """"tune" or "check", fixed by the question id (see the module doc)."""
    return "tune" if hashlib.sha1(qid.encode("utf-8")).digest()[0] % 2 == 0 else "check"


def score_part(queries, qrels, ranked):
    rr = rec = succ = first1 = 0.0
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
            first1 += first == 1
        if rel:
            rec += len(rel & set(top)) / len(rel)
    n = max(len(queries), 1)
    return {"questions": len(queries), "mrr@10": rr / n, "success@1": first1 / n,
            "recall@10": rec / n, "success@10": succ / n}


def score(name, queries, qrels, ranked, times_ms):
    """ranked: qid -> list of docids, best first. Figures for all questions
    and, under "parts", for the tuning and the check part."""
    res = {"system": name}
    res.update(score_part(queries, qrels, ranked))
    res["parts"] = {p: score_part([q for q in queries if part_of(q[0]) == p], qrels, ranked)
                    for p in ("tune", "check")}
    if times_ms:
        res["q"] = benchlib.pcts(times_ms)
    return res


def print_result(res):
    q = res.get("q")
    lat = f"  q p50/p95 {q['p50']:.2f}/{q['p95']:.2f} ms" if q else ""
    for label, r in [("all", res)] + sorted(res["parts"].items(), reverse=True):
        print(f"{res['system']:<8} {label:<5} MRR@10 {r['mrr@10']:.3f}  success@1 {r['success@1']:.3f}"
              f"  recall@10 {r['recall@10']:.3f}  success@10 {r['success@10']:.3f}"
              f"  ({r['questions']} questions){lat if label == 'all' else ''}")
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


HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def word_bigram_terms(text, breaker):
    """ICU words (lower-cased, no punctuation or spaces) and the character
    bigrams of each run of Han characters. `breaker`: an ICU word break
    iterator."""
    terms = []
    breaker.setText(text)
    start = breaker.first()
    for end in breaker:
        w = text[start:end]
        start = end
        if any(c.isalnum() for c in w):
            terms.append(w.lower())
    run = ""
    for c in text + " ":
        if HAN_RE.match(c):
            run += c
            continue
        if c.isspace() and run:
            continue  # a run goes on across spaces, as the project's bigrams do
        terms.extend("#" + run[i:i + 2] for i in range(len(run) - 1))
        run = ""
    return terms


def run_bm25(docs, queries, work):
    import icu  # Debian's python3-icu
    import xapian  # Debian's python3-xapian
    import shutil
    path = os.path.join(work, "ncp-bm25")
    if os.path.exists(path):
        shutil.rmtree(path)
    db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
    breaker = icu.BreakIterator.createWordInstance(icu.Locale("zh"))
    t0 = time.perf_counter()
    for docid, text in docs:
        doc = xapian.Document()
        for t in word_bigram_terms(text, breaker):
            if len(t.encode("utf-8")) < 200:
                doc.add_term(t)
        doc.set_data(docid)
        db.add_document(doc)
    db.commit()
    index_s = time.perf_counter() - t0
    enquire = xapian.Enquire(db)
    enquire.set_weighting_scheme(xapian.BM25Weight())
    ranked, times = {}, []
    for qid, q in queries:
        t0 = time.perf_counter()
        terms = list(dict.fromkeys(word_bigram_terms(q, breaker)))
        enquire.set_query(xapian.Query(xapian.Query.OP_OR, terms))
        mset = enquire.get_mset(0, K)
        ranked[qid] = [m.document.get_data().decode("utf-8") for m in mset]
        times.append((time.perf_counter() - t0) * 1000.0)
    db.close()
    return ranked, times, index_s


def cmd_peer(peer, data_dir, work):
    docs, queries, qrels = load(data_dir)
    os.makedirs(work, exist_ok=True)
    runner = {"fts5": run_fts5, "xapian": run_xapian, "bm25": run_bm25}[peer]
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
    elif a[:1] == ["peer"] and len(a) == 4 and a[1] in ("fts5", "xapian", "bm25"):
        cmd_peer(*a[1:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
