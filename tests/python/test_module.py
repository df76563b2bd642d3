"""The Python module against press-query on the sample corpus: the same
queries give exactly the same documents, attribute by attribute.

Run by ctest (tests/python/CMakeLists.txt) with PYTHONPATH at the build tree's
package and the programs and corpus named in the environment.
"""

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import libsearch

PRESS_QUERY = os.environ["LIBSEARCH_PRESS_QUERY"]
SAMPLES = os.environ["LIBSEARCH_SAMPLES_DIR"]

try:
    import pandas
except ImportError:  # Debian python3-pandas
    pandas = None

# (query, keyword arguments, the same as press-query options): Chinese,
# English and mixed, with each option at least once.
QUERIES = [
    ("知识产权", {}, []),
    ("知识产权", {"facets": ["speaker", "date", "source", "lang"], "limit": 20},
     ["--facets", "speaker,date,source,lang", "--limit", "20"]),
    ('"digital RMB"', {"lang": "en", "facets": "speaker"}, ["--lang", "en", "--facets", "speaker"]),
    ("數字人民幣", {"date_from": "2024-01-01", "date_to": "2024-12-31"},
     ["--from", "2024-01-01", "--to", "2024-12-31"]),
    ("protection", {"sort": "-date", "limit": 3, "offset": 1},
     ["--sort", "-date", "--limit", "3", "--offset", "1"]),
    ("知识产权 protection", {"any": True, "per_release": 1}, ["--any", "--per-release", "1"]),
    ("知识产权", {"lang": ["zh-Hans", "zh-Hant"], "facets": ["date"], "date_facet": "month"},
     ["--lang", "zh-Hans", "--lang", "zh-Hant", "--facets", "date", "--date-facet", "month"]),
    ("保护", {"context": 1, "limit": 2}, ["--context", "1", "--limit", "2"]),
    ("intellectual property", {"explain": True, "limit": 2}, ["--explain", "--limit", "2"]),
    ("", {"speaker": "Li Hua", "facets": ["speaker"]}, ["--speaker", "Li Hua", "--facets", "speaker"]),
    ("专利 -纠纷", {"source": "知识产权"}, ["--source", "知识产权"]),
    ("spkr:nobody 知识产权", {}, []),  # a warning, and the fallback's hits
    ("nothingmatchesthis", {}, []),
    ("~知识产权保护", {}, []),
    ("知识产权保护", {"loose": True}, ["--loose"]),
    ("知识产权", {"with_counterpart": True, "limit": 3}, ["--with-counterpart", "--limit", "3"]),
    ("protection", {"in_lang": "en", "limit": 3}, ["--in", "en", "--limit", "3"]),
    ("", {"no_counterpart": True, "limit": 3}, ["--no-counterpart", "--limit", "3"]),
]

# The research views: (method, positional arguments, keyword arguments, the
# same as press-query options, press-query's query words).
VIEWS = [
    ("concordance", ["知识产权"], {}, ["--kwic"], ["知识产权"]),
    ("concordance", ['"intellectual property"'], {"width": 3, "sort": "left", "lang": "en"},
     ["--kwic", "3", "--sort", "left", "--lang", "en"], ['"intellectual property"']),
    ("concordance", ["保护 protection"], {"any": True, "date_from": "2024-01-01"},
     ["--kwic", "--any", "--from", "2024-01-01"], ["保护 protection"]),
    ("timeline", [["知识产权", "protection"]], {}, ["--timeline", "year"],
     ["知识产权", "protection"]),
    ("timeline", ["知识产权"], {"unit": "month", "by": "lang", "norm": "per-10k"},
     ["--timeline", "month", "--by", "lang", "--norm", "per-10k"], ["知识产权"]),
    ("timeline", ["數字人民幣"], {"unit": "day", "speaker": "Li Hua", "norm": "raw"},
     ["--timeline", "day", "--speaker", "Li Hua", "--norm", "raw"], ["數字人民幣"]),
    ("collocates", ["知识产权"], {"min_count": 1, "limit": 8},
     ["--collocates", "--min-count", "1", "--limit", "8"], ["知识产权"]),
    ("collocates", ["protection"], {"window": 2, "measure": "ll", "min_count": 1},
     ["--collocates", "--window", "2", "--measure", "ll", "--min-count", "1"], ["protection"]),
    ("keywords", [], {"speaker": "Li Hua", "min_count": 1, "limit": 10},
     ["--keywords", "--speaker", "Li Hua", "--min-count", "1", "--limit", "10"], []),
    ("keywords", ["知识产权"], {"lang": "zh-Hans", "min_count": 2},
     ["--keywords", "--lang", "zh-Hans", "--min-count", "2"], ["知识产权"]),
]

# A bad parameter of each view, with the press-query options it stands for.
BAD_VIEWS = [
    ("concordance", ["知识产权"], {"sort": "-date"}, ["--kwic", "--sort", "-date"], ["知识产权"]),
    ("timeline", ["知识产权"], {"unit": "week"}, ["--timeline", "week"], ["知识产权"]),
    ("collocates", ["知识产权"], {"measure": "t-score"}, ["--collocates", "--measure", "t-score"],
     ["知识产权"]),
    ("keywords", [], {"min_count": 0, "lang": "en"}, ["--keywords", "--min-count", "0",
                                                     "--lang", "en"], []),
]


def press_query_view(db, options, queries, fmt="json"):
    run = subprocess.run([PRESS_QUERY, "--db", db, "--format", fmt] + options + ["--"] + queries,
                         capture_output=True, text=True)
    if run.returncode == 2:
        raise AssertionError("press-query failed: " + run.stderr)
    return run.stdout


def press_query(db, query, options, fmt="json"):
    args = [PRESS_QUERY, "--db", db, "--format", fmt] + options
    if query:
        args += ["--", query]
    run = subprocess.run(args, capture_output=True, text=True)
    if run.returncode == 2:
        raise AssertionError("press-query failed: " + run.stderr)
    return run.stdout


def cli_message(db, options):
    """press-query's error message for bad options, without its decoration."""
    run = subprocess.run([PRESS_QUERY, "--db", db, "--format", "json"] + options,
                         capture_output=True, text=True)
    assert run.returncode == 2, run
    message = run.stderr.strip()
    message = message.removeprefix("press-query: ")
    return message.removesuffix(" (see press-query --help)")


def byte_slice(text, start, end):
    return text.encode("utf-8")[start:end].decode("utf-8")


class ModuleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="libsearch-python-")
        cls.db = os.path.join(cls.tmp.name, "sample.db")
        with libsearch.IndexWriter(cls.db) as writer:
            cls.report = writer.add_paths([SAMPLES], jobs=2)
        cls.searcher = libsearch.Searcher(cls.db)

    @classmethod
    def tearDownClass(cls):
        cls.searcher.close()
        cls.tmp.cleanup()

    def test_indexing_report(self):
        self.assertGreater(self.report.added, 10)
        self.assertEqual(self.report.skipped, 0)
        self.assertEqual(self.report.updated + self.report.unchanged, 0)
        self.assertGreater(self.report.passages, self.report.added)

    def test_same_documents_as_press_query(self):
        for query, kwargs, options in QUERIES:
            with self.subTest(query=query, kwargs=kwargs):
                expected = json.loads(press_query(self.db, query, options))
                results = self.searcher.search(query, **kwargs)
                self.assertEqual(results.to_dict(), expected)
                # The attributes say the same as the document.
                self.assertEqual(results.query, expected["query"])
                self.assertEqual(results.total, expected["total"])
                self.assertEqual(results.total_exact, expected["total_exact"])
                self.assertEqual(results.warnings, expected["warnings"])
                self.assertEqual(len(results.hits), len(expected["hits"]))
                for hit, want in zip(results.hits, expected["hits"]):
                    for field in ("rank", "score", "release_id", "paragraph", "title", "date",
                                  "source", "lang", "url", "section", "text", "dates"):
                        self.assertEqual(getattr(hit, field), want[field], field)
                    if want["speaker"] is None:
                        self.assertIsNone(hit.speaker)
                    else:
                        self.assertEqual((hit.speaker.name, hit.speaker.role),
                                         (want["speaker"]["name"], want["speaker"]["role"]))
                    self.assertEqual([(s.byte_start, s.byte_end) for s in hit.highlights],
                                     [(s["byte_start"], s["byte_end"]) for s in want["highlights"]])
                    self.assertEqual([c.text for c in hit.context_before],
                                     [c["text"] for c in want.get("context_before", [])])
                    self.assertEqual([c.text for c in hit.context_after],
                                     [c["text"] for c in want.get("context_after", [])])
                    self.assertEqual(hit.explain, want.get("explain"))
                    self.assertEqual(hit.counterpart, want.get("counterpart"))
                self.assertEqual(
                    {n: [(v.value, v.count, v.key) for v in vs] for n, vs in results.facets.items()},
                    {n: [(v["value"], v["count"], v.get("key")) for v in vs]
                     for n, vs in expected["facets"].items()})

    def test_something_was_compared(self):
        # The table above is not vacuous: hits, facets, context and explain.
        r = self.searcher.search("保护", context=1, explain=True, facets=["speaker"])
        self.assertGreater(len(r.hits), 0)
        self.assertTrue(any(h.context_before or h.context_after for h in r.hits))
        self.assertTrue(r.hits[0].explain)
        self.assertTrue(r.facets["speaker"])
        self.assertTrue(self.searcher.search("spkr:nobody 知识产权").warnings)

    def test_offsets_in_code_points_select_the_match(self):
        for query in ("知识产权", "digital RMB", "數字人民幣", "protection"):
            for hit in self.searcher.search(query, limit=50).hits:
                self.assertTrue(hit.highlights, hit)
                for s in hit.highlights:
                    self.assertEqual(hit.text[s.start:s.end],
                                     byte_slice(hit.text, s.byte_start, s.byte_end))

    def test_offsets_past_astral_characters(self):
        # Characters outside the BMP take 4 bytes in UTF-8 and one code point
        # in a Python str (two UTF-16 units elsewhere): the offsets still cut
        # the match.
        with tempfile.TemporaryDirectory(prefix="libsearch-astral-") as tmp:
            corpus = os.path.join(tmp, "astral.jsonl")
            with open(corpus, "w", encoding="utf-8") as f:
                f.write(json.dumps({
                    "id": "astral-1", "lang": "zh", "title": "𠀀𠀁 知识产权",
                    "date": "2024-02-02", "source": "测试", "url": "",
                    "body": "𠀀𠀁🙂 汉字𪚥知识产权保护 😀 and 𝒳 protection again"},
                    ensure_ascii=False) + "\n")
            db = os.path.join(tmp, "db")
            with libsearch.IndexWriter(db) as writer:
                report = writer.add_paths([corpus])
            self.assertEqual(report.added, 1, report.diagnostics)
            searcher = libsearch.Searcher(db)
            for query, match in (("知识产权", "知识产权"), ("protection", "protection")):
                hits = searcher.search(query).hits
                self.assertEqual(len(hits), 1)
                spans = hits[0].highlights
                self.assertIn(match, [hits[0].text[s.start:s.end] for s in spans])
                for s in spans:
                    self.assertEqual(hits[0].text[s.start:s.end],
                                     byte_slice(hits[0].text, s.byte_start, s.byte_end))
                    self.assertLess(s.start, s.byte_start)  # astral characters before it
            searcher.close()

    def test_bad_options_raise_press_query_messages(self):
        for kwargs, options in (
                ({"date_from": "2023-13-01"}, ["--from", "2023-13-01"]),
                ({"date_to": "yesterday"}, ["--to", "yesterday"]),
                ({"lang": "fr"}, ["--lang", "fr"]),
                ({"facets": ["colour"]}, ["--facets", "colour"]),
                ({"sort": "random"}, ["--sort", "random"]),
                ({"date_facet": "week"}, ["--date-facet", "week"]),
                ({"limit": -1}, ["--limit", "-1"]),
                ({"limit": "ten"}, ["--limit", "ten"])):
            with self.subTest(kwargs=kwargs):
                with self.assertRaises(ValueError) as raised:
                    self.searcher.search("知识产权", **kwargs)
                self.assertEqual(str(raised.exception),
                                 cli_message(self.db, options + ["知识产权"]))
        with self.assertRaises(ValueError) as raised:
            self.searcher.search("")
        self.assertEqual(str(raised.exception), cli_message(self.db, []))

    def test_views_are_press_query_json(self):
        for method, args, kwargs, options, queries in VIEWS:
            with self.subTest(method=method, args=args, kwargs=kwargs):
                expected = json.loads(press_query_view(self.db, options, queries))
                view = getattr(self.searcher, method)(*args, **kwargs)
                self.assertEqual(view.to_dict(), expected)
                self.assertEqual(view.warnings, [])
        # Not vacuous: lines, buckets with passages and items were compared.
        self.assertGreater(self.searcher.concordance("知识产权").to_dict()["occurrences"], 5)
        series = self.searcher.timeline(["知识产权", "protection"]).to_dict()["series"]
        self.assertEqual(len(series), 2)
        self.assertTrue(all(s["total"] > 0 for s in series))
        self.assertGreater(len(self.searcher.timeline("知识产权", by="lang")["series"]), 1)
        self.assertGreater(len(self.searcher.collocates("知识产权", min_count=1)["items"]), 3)
        self.assertGreater(len(self.searcher.keywords(speaker="Li Hua", min_count=1)["items"]), 3)

    def test_view_warnings_are_press_query_stderr(self):
        run = subprocess.run([PRESS_QUERY, "--db", self.db, "--format", "json", "--kwic",
                              "spkr:nobody 知识产权"], capture_output=True, text=True)
        view = self.searcher.concordance("spkr:nobody 知识产权")
        self.assertEqual(view.to_dict(), json.loads(run.stdout))
        self.assertTrue(view.warnings)
        self.assertEqual(["press-query: " + w for w in view.warnings],
                         run.stderr.strip().split("\n"))

    def test_bad_view_options_raise_press_query_messages(self):
        for method, args, kwargs, options, queries in BAD_VIEWS:
            with self.subTest(method=method, kwargs=kwargs):
                with self.assertRaises(ValueError) as raised:
                    getattr(self.searcher, method)(*args, **kwargs)
                self.assertEqual(str(raised.exception), cli_message(self.db, options + queries))
        # Options of another view, or of none, are Python's TypeError.
        for method, kwargs in (("concordance", {"window": 3}), ("keywords", {"plot": "x.svg"}),
                               ("timeline", {"stopwords": "x"})):
            with self.subTest(method=method, kwargs=kwargs):
                with self.assertRaises(TypeError):
                    getattr(self.searcher, method)("知识产权", **kwargs)

    def test_query_error_keeps_offset_and_fragment(self):
        for query in ('知识产权 "unbalanced', "知识产权 spkr:华春莹", "x" * 5000):
            with self.subTest(query=query[:30]):
                with self.assertRaises(libsearch.QueryError) as raised:
                    self.searcher.search(query, strict=True)
                e = raised.exception
                self.assertIsInstance(e, libsearch.Error)
                self.assertIsInstance(e, RuntimeError)
                self.assertIsInstance(e.offset, int)
                self.assertIsInstance(e.fragment, str)
                run = subprocess.run([PRESS_QUERY, "--db", self.db, "--strict", "--", query],
                                     capture_output=True, text=True)
                self.assertEqual(run.returncode, 2)
                self.assertEqual(run.stderr.strip(), "press-query: " + str(e))
        with self.assertRaises(libsearch.QueryError) as raised:
            self.searcher.search("知识产权 spkr:华春莹", strict=True)
        e = raised.exception
        self.assertEqual(e.fragment, "spkr:")
        self.assertEqual(e.offset, len("知识产权 ".encode("utf-8")))

    def test_index_errors_by_name(self):
        with tempfile.TemporaryDirectory(prefix="libsearch-errors-") as tmp:
            with self.assertRaises(libsearch.IndexError) as raised:
                libsearch.Searcher(os.path.join(tmp, "missing"))
            self.assertIn("missing", str(raised.exception))
            self.assertNotIsInstance(raised.exception, IndexError)  # not the built-in
            db = os.path.join(tmp, "db")
            writer = libsearch.IndexWriter(db)
            with self.assertRaises(libsearch.LockedError) as raised:
                libsearch.IndexWriter(db)
            self.assertIsInstance(raised.exception, libsearch.IndexError)
            writer.close()
            libsearch.IndexWriter(db).close()  # the lock went with close()

    def test_index_writer_diagnostics_remove_and_readd(self):
        with tempfile.TemporaryDirectory(prefix="libsearch-writer-") as tmp:
            corpus = os.path.join(tmp, "in")
            os.mkdir(corpus)
            good = {"id": "w-1", "lang": "en", "title": "Ports reopen", "date": "2024-05-01",
                    "source": "Harbour Office", "url": "", "body": "The ports reopened today."}
            with open(os.path.join(corpus, "batch.jsonl"), "w", encoding="utf-8") as f:
                f.write(json.dumps(good) + "\n")
                f.write("{not json\n")
                f.write(json.dumps(dict(good, id="w-2", title="Second")) + "\n")
            db = os.path.join(tmp, "db")
            with libsearch.IndexWriter(db) as writer:
                report = writer.add_paths([corpus])
                self.assertEqual((report.added, report.skipped), (2, 1))
                errors = [d for d in report.diagnostics if d.severity == "error"]
                self.assertEqual(len(errors), 1)
                self.assertTrue(errors[0].path.endswith("batch.jsonl"))
                self.assertEqual(errors[0].line, 2)
                self.assertTrue(str(errors[0]).startswith(errors[0].path + ":2"))
                self.assertEqual(writer.release_ids(), ["w-1", "w-2"])
                self.assertEqual(writer.remove(["w-2", "w-3"]), ["w-2"])
                self.assertFalse(writer.contains("w-2"))
            searcher = libsearch.Searcher(db)
            self.assertEqual([h.release_id for h in searcher.search("ports").hits], ["w-1"])
            self.assertIsNone(searcher.release("w-2"))
            self.assertEqual(searcher.release("w-1")["title"], "Ports reopen")
            with libsearch.IndexWriter(db) as writer:
                again = writer.add_paths([corpus])
            self.assertEqual((again.added, again.unchanged), (1, 1))
            searcher.reopen()
            self.assertEqual(searcher.search("ports").total, 2)
            searcher.close()

    def test_threads_with_a_searcher_each(self):
        # One Searcher per thread, as in C++; searches run outside the GIL.
        expected = {q: self.searcher.search(q, facets=["speaker"]).to_dict()
                    for q in ("知识产权", "protection", "数字人民币")}
        failures = []

        def work():
            s = libsearch.Searcher(self.db)
            for _ in range(20):
                for q, want in expected.items():
                    if s.search(q, facets=["speaker"]).to_dict() != want:
                        failures.append(q)
            s.close()

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])

    def test_indexing_releases_the_gil(self):
        # While one thread is inside add_paths, another runs Python code. With
        # the GIL held it could not run at all in the middle of the call: the
        # indexing thread would keep the GIL from entering C++ to returning.
        with tempfile.TemporaryDirectory(prefix="libsearch-gil-") as tmp:
            window = {}

            def index():
                with libsearch.IndexWriter(os.path.join(tmp, "db")) as writer:
                    window["start"] = time.perf_counter()
                    writer.add_paths([SAMPLES], jobs=1)
                    window["end"] = time.perf_counter()

            ticks = []
            worker = threading.Thread(target=index)
            worker.start()
            while worker.is_alive():
                ticks.append(time.perf_counter())
            worker.join()
            start, end = window["start"], window["end"]
            middle = [t for t in ticks if start + (end - start) / 4 < t < end - (end - start) / 4]
            self.assertGreater(end - start, 0.01)
            self.assertGreater(len(middle), 100)

    @unittest.skipIf(pandas is None, "pandas is not installed (Debian python3-pandas)")
    def test_to_pandas_has_the_csv_columns_and_values(self):
        options = ["--facets", "speaker", "--limit", "20"]
        results = self.searcher.search("知识产权", facets=["speaker"], limit=20)
        frame = results.to_pandas()
        rows = list(csv.DictReader(io.StringIO(press_query(self.db, "知识产权", options, "csv"),
                                               newline="")))
        self.assertEqual(list(frame.columns), list(rows[0].keys()))
        self.assertEqual(list(frame.columns), list(libsearch.CSV_COLUMNS))
        self.assertEqual(len(frame), len(rows))
        for (_, got), want in zip(frame.iterrows(), rows):
            for column in frame.columns:
                value = got[column]
                text = "" if value is None else str(value)
                if column == "score":  # six significant digits in CSV
                    self.assertEqual("%.6g" % value, want[column])
                else:
                    self.assertEqual(text, want[column], column)
        speakers = results.facet_frame("speaker")
        self.assertEqual(list(speakers.columns), ["value", "count", "key"])
        self.assertEqual(list(speakers["count"]), [v.count for v in results.facets["speaker"]])
        with self.assertRaises(KeyError):
            results.facet_frame("date")

    @unittest.skipIf(pandas is None, "pandas is not installed (Debian python3-pandas)")
    def test_view_frames_are_press_query_csv(self):
        for method, args, kwargs, options, queries in VIEWS:
            with self.subTest(method=method, args=args, kwargs=kwargs):
                frame = getattr(self.searcher, method)(*args, **kwargs).to_pandas()
                rows = list(csv.reader(io.StringIO(
                    press_query_view(self.db, options, queries, "csv"), newline="")))
                self.assertEqual(list(frame.columns), rows[0])
                self.assertEqual(len(frame), len(rows) - 1)
                for (_, got), want in zip(frame.iterrows(), rows[1:]):
                    for column, cell in zip(frame.columns, want):
                        value = got[column]
                        if isinstance(value, float):  # six significant digits in CSV
                            self.assertEqual("%.6g" % value, cell, column)
                        else:
                            self.assertEqual("" if value is None else str(value), cell, column)


if __name__ == "__main__":
    unittest.main(verbosity=2)
