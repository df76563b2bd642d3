"""press-serve's page in a real headless Chromium (Debian chromium): load it,
run a query, find hits, facets and the date histogram in the DOM, click a
facet and a histogram bar and see the hits narrow, and save screenshots.

Chromium is driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: commands on fd 3, replies on fd 4, each a JSON
message ended by a NUL byte), so no display, driver or extra package is
needed. Without Chromium the test exits 77, which ctest reports as skipped.
Screenshots go to $LIBSEARCH_ARTIFACTS_DIR (build/test-artifacts).
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

from serve_support import Server

CHROMIUM = os.environ.get("LIBSEARCH_CHROMIUM") or shutil.which("chromium") or \
    shutil.which("chromium-browser")
ARTIFACTS = os.environ.get("LIBSEARCH_ARTIFACTS_DIR", tempfile.gettempdir())
WAIT_SECONDS = 60  # the longest any condition is waited for


class Chromium:
    """A headless Chromium and one page in it, over the DevTools pipe."""

    def __init__(self):
        self.profile = tempfile.TemporaryDirectory(prefix="press-serve-chromium-")
        commands_r, self._commands = os.pipe()
        self._replies, replies_w = os.pipe()

        def to_fds_3_and_4():
            # Via high numbers, so the two dup2s cannot overwrite each other.
            a, b = os.dup2(commands_r, 100), os.dup2(replies_w, 101)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [CHROMIUM, "--headless=new", "--remote-debugging-pipe",
                "--user-data-dir=" + self.profile.name, "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--lang=en-US", "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root otherwise
        self.process = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=to_fds_3_and_4,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)
        os.close(commands_r)
        os.close(replies_w)
        self._next_id = 0
        self._replies_by_id = {}
        self.events = []
        self._cv = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget",
                                 {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Network"):
            self.call(domain + ".enable", session=self.session)

    def _read(self):
        buffer = b""
        while True:
            chunk = os.read(self._replies, 65536)
            if not chunk:
                break
            buffer += chunk
            while b"\0" in buffer:
                message, buffer = buffer.split(b"\0", 1)
                reply = json.loads(message)
                with self._cv:
                    if "id" in reply:
                        self._replies_by_id[reply["id"]] = reply
                    else:
                        self.events.append(reply)
                    self._cv.notify_all()
        with self._cv:
            self._cv.notify_all()

    def call(self, method, params=None, session=None):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        with self._cv:
            if not self._cv.wait_for(lambda: message["id"] in self._replies_by_id or
                                     not self._reader.is_alive(), WAIT_SECONDS):
                raise AssertionError("Chromium did not answer " + method)
            reply = self._replies_by_id.pop(message["id"], None)
        if reply is None:
            raise AssertionError("Chromium ended: " + self.process.stderr.read().decode()[-2000:])
        if "error" in reply:
            raise AssertionError("%s: %s" % (method, reply["error"]))
        return reply["result"]

    def page(self, method, params=None):
        return self.call(method, params, self.session)

    def evaluate(self, expression):
        result = self.page("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise AssertionError("%s: %s" % (expression, result["exceptionDetails"]))
        return result["result"].get("value")

    def wait_for(self, expression, what):
        """Polls `expression` in the page until it is true."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if self.evaluate(expression):
                return
            time.sleep(0.05)
        raise AssertionError("waited %d s for %s (%s)" % (WAIT_SECONDS, what, expression))

    def resize(self, width, height):
        self.page("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1,
                   "mobile": width < 600})

    def click(self, selector):
        """A real mouse click at the middle of the element."""
        box = self.evaluate("""(() => {
            const e = document.querySelector(%s);
            if (!e) return null;
            e.scrollIntoView({block: "center"});
            const r = e.getBoundingClientRect();
            return {x: r.left + r.width / 2, y: r.top + r.height / 2};
        })()""" % json.dumps(selector))
        if box is None:
            raise AssertionError("nothing to click at " + selector)
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.page("Input.dispatchMouseEvent", {"type": kind, "x": box["x"], "y": box["y"],
                                                   "button": "left", "clickCount": 1})

    def screenshot(self, name):
        os.makedirs(ARTIFACTS, exist_ok=True)
        path = os.path.join(ARTIFACTS, name)
        shot = self.page("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        return path

    def close(self):
        try:
            self.call("Browser.close")
        except AssertionError:
            pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        self._reader.join(timeout=30)
        os.close(self._replies)
        self.process.stderr.close()
        self.profile.cleanup()


class PageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.browser = Chromium()
        cls.browser.resize(1200, 900)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.server.stop()

    def open(self, query_string, state="done"):
        # The old page is marked, so that its "done" is not taken for the new one's.
        self.browser.evaluate('document.body && (document.body.dataset.state = "left")')
        self.browser.page("Page.navigate", {"url": self.server.url.rstrip("/") + query_string})
        self.browser.wait_for('document.body && document.body.dataset.state === "%s"' % state,
                              "the page of " + query_string)

    def state(self):
        return self.browser.evaluate("""(() => ({
            total: Number(document.getElementById("summary").dataset.total),
            hits: [...document.querySelectorAll("#hits li.hit")].map((h) => ({
                release: h.dataset.release, speaker: h.dataset.speaker,
                marks: [...h.querySelectorAll("mark")].map((m) => m.textContent)})),
            facets: Object.fromEntries([...document.querySelectorAll("#facets .facet")].map((f) =>
                [f.dataset.facet, [...f.querySelectorAll("li")].map((li) => ({
                    value: li.querySelector("a").dataset.value,
                    count: Number(li.querySelector(".count").textContent)}))])),
            bars: [...document.querySelectorAll("#histogram svg rect.bar")].map((r) => ({
                value: r.dataset.value, count: Number(r.dataset.count)})),
            search: location.search,
            form: {q: document.getElementById("q").value,
                   speaker: document.getElementById("speaker").value,
                   from: document.getElementById("from").value,
                   to: document.getElementById("to").value},
            overflow: document.documentElement.scrollWidth > window.innerWidth,
        }))()""")

    def test_query_facet_histogram_and_history(self):
        b = self.browser
        events_before = len(b.events)
        self.open("/?q=" + urllib.parse.quote("知识产权"))
        first = self.state()
        # Hits with highlights, facets and the histogram are in the DOM.
        self.assertEqual(first["form"]["q"], "知识产权")
        self.assertGreaterEqual(first["total"], 5)
        self.assertEqual(len(first["hits"]), min(10, first["total"]))
        for hit in first["hits"]:
            self.assertTrue(hit["marks"], hit)
            self.assertTrue(all(m in ("知识产权", "知識產權") for m in hit["marks"]), hit)
        self.assertIn("speaker", first["facets"])
        self.assertIn("source", first["facets"])
        self.assertTrue(first["bars"])
        self.assertEqual(sum(bar["count"] for bar in first["bars"]), first["total"])
        b.screenshot("press-serve-page.png")

        # A click on a speaker narrows the hits to that speaker's passages.
        speaker = first["facets"]["speaker"][0]
        self.assertLess(speaker["count"], first["total"])
        b.click('#facets .facet[data-facet="speaker"] li:first-child a')
        b.wait_for('location.search.includes("speaker=") && document.body.dataset.state === "done"',
                   "the speaker filter")
        narrowed = self.state()
        self.assertEqual(narrowed["total"], speaker["count"])
        self.assertEqual(narrowed["form"]["speaker"], speaker["value"])
        self.assertEqual(urllib.parse.parse_qs(narrowed["search"][1:])["speaker"],
                         [speaker["value"]])
        self.assertTrue(set(h["release"] for h in narrowed["hits"]) <=
                        set(h["release"] for h in first["hits"]))

        # Back to the unfiltered search, through the history.
        b.evaluate("history.back()")
        b.wait_for('!location.search.includes("speaker=") && document.body.dataset.state === "done"'
                   ' && document.getElementById("speaker").value === ""', "going back")
        self.assertEqual(self.state()["total"], first["total"])

        # A click on a bar narrows the dates to its period.
        bar = max(first["bars"], key=lambda x: x["count"])
        self.assertLess(bar["count"], first["total"])
        b.click('#histogram rect.bar[data-value="%s"]' % bar["value"])
        b.wait_for('location.search.includes("from=") && document.body.dataset.state === "done"',
                   "the date filter")
        dated = self.state()
        self.assertEqual(dated["total"], bar["count"])
        self.assertEqual(dated["form"]["from"][:len(bar["value"])], bar["value"])
        self.assertEqual(dated["form"]["to"][:len(bar["value"])], bar["value"])
        # The histogram now counts the months of that year.
        self.assertTrue(all(x["value"].startswith(bar["value"] + "-") for x in dated["bars"]))

        # The page loaded nothing from elsewhere and threw nothing.
        requests = [e["params"]["request"]["url"] for e in b.events[events_before:]
                    if e.get("method") == "Network.requestWillBeSent"]
        self.assertTrue(requests)
        for url in requests:  # data: URLs are Chromium's own icons (the date inputs')
            self.assertTrue(url.startswith(self.server.url) or url.startswith("data:"), url)
        errors = [e for e in b.events if e.get("method") == "Runtime.exceptionThrown"]
        self.assertEqual(errors, [])

    def test_state_from_the_url_and_errors(self):
        self.open("/?q=" + urllib.parse.quote('"digital RMB"') + "&lang=en&speaker=" +
                  urllib.parse.quote("Li Hua"))
        s = self.state()
        self.assertEqual(s["form"]["speaker"], "Li Hua")
        self.assertEqual(self.browser.evaluate('document.getElementById("lang").value'), "en")
        self.assertGreater(s["total"], 0)
        self.assertTrue(all(h["speaker"] in ("Li Hua", "李华") for h in s["hits"]), s["hits"])
        # A bad date shows press-query's message.
        self.open("/?q=x&from=2023-13-01", state="error")
        self.assertEqual(self.browser.evaluate('document.querySelector(".error").textContent'),
                         '--from "2023-13-01" is not a date (expected YYYY-MM-DD)')

    def test_narrow_width(self):
        self.browser.resize(380, 800)
        try:
            self.open("/?q=" + urllib.parse.quote("protection") + "&page=1")
            s = self.state()
            self.assertGreater(len(s["hits"]), 0)
            self.assertFalse(s["overflow"], "the page is wider than a phone's screen")
            self.browser.screenshot("press-serve-page-narrow.png")
        finally:
            self.browser.resize(1200, 900)

    def test_paging(self):
        self.open("/?q=" + urllib.parse.quote("the"))
        first = self.state()
        if first["total"] <= 10:
            self.skipTest("the sample corpus has one page of hits for this query")
        self.browser.click("#next")
        self.browser.wait_for('location.search.includes("page=2") && '
                              'document.body.dataset.state === "done"', "page 2")
        second = self.state()
        self.assertEqual(second["total"], first["total"])
        self.assertEqual(len(second["hits"]), min(10, first["total"] - 10))
        self.assertNotEqual(second["hits"], first["hits"])


if __name__ == "__main__":
    if not CHROMIUM:
        print("SKIPPED: Chromium is not installed (Debian package chromium)")
        sys.exit(77)
    unittest.main(verbosity=2)
