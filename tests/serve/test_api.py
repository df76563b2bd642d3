"""press-serve's endpoints on a real server: the same documents as
press-query and press-index, the same messages for bad input, nothing
served outside the database."""

import json
import socket
import subprocess
import unittest
import urllib.parse

from serve_support import PRESS_INDEX, PRESS_QUERY, PRESS_SERVE, Server

# (query-string fields, the same as press-query options): Chinese, English,
# mixed, and every option the API takes.
SEARCHES = [
    ({"q": "知识产权"}, ["知识产权"]),
    ({"q": "知识产权", "facets": "speaker,date,source,lang", "limit": "20"},
     ["--facets", "speaker,date,source,lang", "--limit", "20", "知识产权"]),
    ({"q": '"digital RMB"', "lang": "en", "facets": "speaker"},
     ["--lang", "en", "--facets", "speaker", '"digital RMB"']),
    ({"q": "數字人民幣", "from": "2024-01-01", "to": "2024-12-31"},
     ["--from", "2024-01-01", "--to", "2024-12-31", "數字人民幣"]),
    ({"q": "protection", "sort": "-date", "limit": "3", "offset": "1"},
     ["--sort", "-date", "--limit", "3", "--offset", "1", "protection"]),
    ({"q": "知识产权 protection", "any": "1", "per-release": "1"},
     ["--any", "--per-release", "1", "知识产权 protection"]),
    ({"q": "知识产权", "facets": "date", "date-facet": "month"},
     ["--facets", "date", "--date-facet", "month", "知识产权"]),
    ({"q": "保护", "context": "1", "limit": "2", "explain": "1"},
     ["--context", "1", "--limit", "2", "--explain", "保护"]),
    ({"speaker": "Li Hua", "facets": "speaker"}, ["--speaker", "Li Hua", "--facets", "speaker"]),
    ({"q": "专利", "source": "知识产权", "release": "sample-zh-003"},
     ["--source", "知识产权", "--release", "sample-zh-003", "专利"]),
    ({"q": "知识产权", "fields": "release_id,date"}, ["--fields", "release_id,date", "知识产权"]),
    ({"q": "-纠纷 专利"}, ["--", "-纠纷 专利"]),
    ({"q": "spkr:nobody 知识产权"}, ["spkr:nobody 知识产权"]),
    ({"q": "nothingmatchesthis"}, ["nothingmatchesthis"]),
]

# Bad fields, and the press-query options that press-query rejects alike.
BAD = [
    ({"q": "x", "from": "2023-13-01"}, ["--from", "2023-13-01", "x"]),
    ({"q": "x", "to": "soon"}, ["--to", "soon", "x"]),
    ({"q": "x", "lang": "fr"}, ["--lang", "fr", "x"]),
    ({"q": "x", "facets": "colour"}, ["--facets", "colour", "x"]),
    ({"q": "x", "sort": "random"}, ["--sort", "random", "x"]),
    ({"q": "x", "limit": "-1"}, ["--limit=-1", "x"]),
    ({"q": "x", "limit": "ten"}, ["--limit", "ten", "x"]),
    ({"q": "x", "date-facet": "week"}, ["--date-facet", "week", "x"]),
    ({"q": "x", "fields": "colour"}, ["--fields", "colour", "x"]),
    ({"q": ""}, []),
    ({"q": '知识产权 "unbalanced', "strict": "1"}, ["--strict", '知识产权 "unbalanced']),
    ({"q": "知识产权 spkr:华春莹", "strict": "1"}, ["--strict", "知识产权 spkr:华春莹"]),
    ({"q": "x" * 5000}, ["x" * 5000]),
]

# The research views: (endpoint, query-string fields, the same as press-query
# options). Each q is a series of the timeline.
VIEWS = [
    ("/api/kwic", {"q": "知识产权"}, ["--kwic", "知识产权"]),
    ("/api/kwic", {"q": '"intellectual property"', "kwic": "3", "sort": "left", "lang": "en"},
     ["--kwic", "3", "--sort", "left", "--lang", "en", '"intellectual property"']),
    ("/api/kwic", {"q": "保护 protection", "any": "1", "from": "2024-01-01"},
     ["--kwic", "--any", "--from", "2024-01-01", "保护 protection"]),
    ("/api/timeline", [("q", "知识产权"), ("q", "protection")],
     ["--timeline", "year", "知识产权", "protection"]),
    ("/api/timeline", {"q": "知识产权", "timeline": "month", "by": "lang", "norm": "per-10k"},
     ["--timeline", "month", "--by", "lang", "--norm", "per-10k", "知识产权"]),
    ("/api/timeline", {"q": "數字人民幣", "timeline": "day", "speaker": "Li Hua", "norm": "raw"},
     ["--timeline", "day", "--speaker", "Li Hua", "--norm", "raw", "數字人民幣"]),
    ("/api/collocates", {"q": "知识产权", "min-count": "1", "limit": "8"},
     ["--collocates", "--min-count", "1", "--limit", "8", "知识产权"]),
    ("/api/collocates", {"q": "protection", "window": "2", "measure": "ll", "min-count": "1"},
     ["--collocates", "--window", "2", "--measure", "ll", "--min-count", "1", "protection"]),
    ("/api/keywords", {"speaker": "Li Hua", "min-count": "1", "limit": "10"},
     ["--keywords", "--speaker", "Li Hua", "--min-count", "1", "--limit", "10"]),
    ("/api/keywords", {"q": "知识产权", "release": "sample-zh-003", "min-count": "1"},
     ["--keywords", "--release", "sample-zh-003", "--min-count", "1", "知识产权"]),
]

# A bad parameter of each view, and the press-query options it stands for.
BAD_VIEWS = [
    ("/api/kwic", {"q": "知识产权", "kwic": "ten"}, ["--kwic=ten", "知识产权"]),
    ("/api/kwic", {}, ["--kwic"]),
    ("/api/timeline", {"q": "知识产权", "timeline": "week"}, ["--timeline", "week", "知识产权"]),
    ("/api/collocates", {"q": "知识产权", "window": "0"}, ["--collocates", "--window", "0",
                                                        "知识产权"]),
    ("/api/keywords", {"lang": "en", "min-count": "0"}, ["--keywords", "--lang", "en",
                                                       "--min-count", "0"]),
]


def cli(args):
    return subprocess.run(args, capture_output=True, text=True)


def cli_message(stderr):
    message = stderr.strip().removeprefix("press-query: ")
    return message.removesuffix(" (see press-query --help)")


class ApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        # SIGTERM stops the server cleanly.
        assert cls.server.stop() == 0

    def search(self, fields):
        return self.server.get("/api/search?" + urllib.parse.urlencode(fields))

    def test_search_is_press_query_json(self):
        for fields, options in SEARCHES:
            with self.subTest(fields=fields):
                status, headers, body = self.search(fields)
                run = cli([PRESS_QUERY, "--db", self.server.db, "--format", "json"] + options)
                self.assertIn(run.returncode, (0, 1), run.stderr)
                self.assertEqual(status, 200, body)
                self.assertEqual(headers["Content-Type"], "application/json; charset=utf-8")
                # Byte for byte: the same document, the same number formatting.
                self.assertEqual(body.decode("utf-8"), run.stdout)
        # Not vacuous: these had hits, facets and context.
        doc = json.loads(self.search(SEARCHES[1][0])[2])
        self.assertGreater(len(doc["hits"]), 3)
        self.assertTrue(doc["facets"]["speaker"])
        doc = json.loads(self.search(SEARCHES[7][0])[2])
        self.assertIn("explain", doc)

    def test_repeated_fields_are_ored_as_repeated_options(self):
        status, _, body = self.search([("q", "知识产权"), ("lang", "zh-Hans"), ("lang", "en")])
        run = cli([PRESS_QUERY, "--db", self.server.db, "--format", "json", "--lang", "zh-Hans",
                   "--lang", "en", "知识产权"])
        self.assertEqual(status, 200)
        self.assertEqual(body.decode("utf-8"), run.stdout)

    def test_bad_parameters_get_400_with_press_query_message(self):
        for fields, options in BAD:
            with self.subTest(fields={k: v[:40] for k, v in fields.items()}):
                status, headers, body = self.search(fields)
                self.assertEqual(status, 400, body)
                self.assertEqual(headers["Content-Type"], "application/json; charset=utf-8")
                run = cli([PRESS_QUERY, "--db", self.server.db, "--format", "json"] + options)
                self.assertEqual(run.returncode, 2)
                doc = json.loads(body)
                self.assertEqual(doc["error"], cli_message(run.stderr))

    def test_query_errors_keep_offset_and_fragment(self):
        status, _, body = self.search({"q": "知识产权 spkr:华春莹", "strict": "1"})
        self.assertEqual(status, 400)
        doc = json.loads(body)
        self.assertEqual(doc["fragment"], "spkr:")
        self.assertEqual(doc["offset"], len("知识产权 ".encode("utf-8")))

    def test_fields_press_query_has_but_the_api_does_not_offer(self):
        for name in ("db", "queries", "format", "count", "help", "version", "allow-partial",
                     "nonsense"):
            with self.subTest(name=name):
                status, _, body = self.search({"q": "x", name: "1"})
                self.assertEqual(status, 400)
                self.assertIn('unknown parameter "%s"' % name, json.loads(body)["error"])
        status, _, body = self.search({"q": "x", "any": "maybe"})
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["error"], 'any "maybe" must be 1 or 0')

    def test_views_are_press_query_json(self):
        for path, fields, options in VIEWS:
            with self.subTest(path=path, fields=fields):
                status, headers, body = self.server.get(path + "?" + urllib.parse.urlencode(fields))
                run = cli([PRESS_QUERY, "--db", self.server.db, "--format", "json"] + options)
                self.assertEqual(run.returncode, 0, run.stderr)
                self.assertEqual(status, 200, body)
                self.assertEqual(headers["Content-Type"], "application/json; charset=utf-8")
                self.assertEqual(body.decode("utf-8"), run.stdout)
        # Not vacuous: the series are in the order of the q fields, with passages.
        status, _, body = self.server.get("/api/timeline?" + urllib.parse.urlencode(VIEWS[3][1]))
        series = json.loads(body)["series"]
        self.assertEqual([s["query"] for s in series], ["知识产权", "protection"])
        self.assertTrue(all(s["total"] > 0 for s in series))

    def test_bad_view_parameters_get_400_with_press_query_message(self):
        for path, fields, options in BAD_VIEWS:
            with self.subTest(path=path, fields=fields):
                status, _, body = self.server.get(path + "?" + urllib.parse.urlencode(fields))
                self.assertEqual(status, 400, body)
                run = cli([PRESS_QUERY, "--db", self.server.db, "--format", "json"] + options)
                self.assertEqual(run.returncode, 2)
                self.assertEqual(json.loads(body)["error"], cli_message(run.stderr))
        # Another view's options, and files of the server's, are not taken.
        for path, name in (("/api/kwic", "window"), ("/api/timeline", "plot"),
                           ("/api/collocates", "stopwords"), ("/api/keywords", "facets")):
            with self.subTest(path=path, name=name):
                status, _, body = self.server.get(path + "?q=x&" + name + "=1")
                self.assertEqual(status, 400)
                self.assertIn('unknown parameter "%s"' % name, json.loads(body)["error"])

    def test_release_is_press_index_show(self):
        for rid in ("sample-zh-003", "sample-en-001"):
            with self.subTest(id=rid):
                run = cli([PRESS_INDEX, "show", "--db", self.server.db, "--format", "json", rid])
                self.assertEqual(run.returncode, 0, run.stderr)
                status, _, body = self.server.get("/api/release/" + urllib.parse.quote(rid))
                self.assertEqual(status, 200)
                self.assertEqual(json.loads(body), json.loads(run.stdout))
        status, _, body = self.server.get("/api/release/no-such-release")
        self.assertEqual(status, 404)
        self.assertEqual(json.loads(body)["error"], 'no release "no-such-release"')

    def test_nothing_else_is_served(self):
        for path in ("/etc/passwd", "/../../etc/passwd", "/api", "/api/searchx", "/api/release/",
                     "/page.html", "/index.html", "/%2e%2e/%2e%2e/etc/passwd"):
            with self.subTest(path=path):
                status, _, _ = self.server.get(path)
                self.assertEqual(status, 404)
        request = "POST /api/search?q=x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n" \
                  "Connection: close\r\n\r\n"
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=30) as s:
            s.sendall(request.encode())
            reply = s.recv(200).decode("latin-1")
        self.assertNotIn(" 200 ", reply.split("\r\n")[0])

    def test_page_is_self_contained(self):
        status, headers, body = self.server.get("/")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "text/html; charset=utf-8")
        self.assertIn("default-src 'none'", headers["Content-Security-Policy"])
        page = body.decode("utf-8")
        self.assertIn('<input id="q"', page)
        for external in ("<link", "@import", "src=", "url(", "//fonts.", "cdn"):
            self.assertNotIn(external, page)

    def test_listens_on_loopback_by_default(self):
        self.assertTrue(self.server.banner.startswith("press-serve: serving on http://127.0.0.1:"))
        with socket.socket() as s:
            s.settimeout(5)
            # Another address of this machine, if it has one, is refused.
            try:
                s.connect(("127.0.0.2", self.server.port))
                reached = True
            except OSError:
                reached = False
        self.assertFalse(reached)

    def test_bad_command_lines(self):
        run = cli([PRESS_SERVE, "--db", self.server.db + "-missing", "--port", "0"])
        self.assertEqual(run.returncode, 2)
        self.assertIn("-missing", run.stderr)
        self.assertTrue(run.stderr.startswith("press-serve: "))
        run = cli([PRESS_SERVE, "--port", "0"])
        self.assertEqual((run.returncode, run.stderr.strip()),
                         (2, "press-serve: --db is required (see press-serve --help)"))
        run = cli([PRESS_SERVE, "--db", self.server.db, "--port", str(self.server.port)])
        self.assertEqual(run.returncode, 2)
        self.assertIn("cannot listen on 127.0.0.1:%d" % self.server.port, run.stderr)
        run = cli([PRESS_SERVE, "--help"])
        self.assertEqual(run.returncode, 0)
        self.assertIn("--host", run.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
