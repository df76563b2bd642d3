"""A real press-serve on 127.0.0.1 over the sample corpus, for the tests."""

import os
import re
import subprocess
import tempfile
import urllib.error
import urllib.request

PRESS_INDEX = os.environ["LIBSEARCH_PRESS_INDEX"]
PRESS_QUERY = os.environ["LIBSEARCH_PRESS_QUERY"]
PRESS_SERVE = os.environ["LIBSEARCH_PRESS_SERVE"]
SAMPLES = os.environ["LIBSEARCH_SAMPLES_DIR"]


class Server:
    """Indexes the sample corpus and serves it on a free port."""

    def __init__(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="press-serve-test-")
        self.db = os.path.join(self.tmp.name, "sample.db")
        subprocess.run([PRESS_INDEX, "add", "--quiet", "--db", self.db, SAMPLES], check=True,
                       stdout=subprocess.DEVNULL)
        self.process = subprocess.Popen([PRESS_SERVE, "--db", self.db, "--port", "0"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.banner = self.process.stdout.readline()
        m = re.match(r"press-serve: serving on (http://127\.0\.0\.1:(\d+)/)$", self.banner.strip())
        if not m:
            self.process.kill()
            raise AssertionError("press-serve did not start: %r %r" % (
                self.banner, self.process.stderr.read()))
        self.url = m.group(1)
        self.port = int(m.group(2))

    def get(self, path):
        """(status, headers, body bytes)."""
        try:
            with urllib.request.urlopen(self.url.rstrip("/") + path, timeout=30) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def stop(self):
        """Stops the server with SIGTERM; returns its exit status."""
        self.process.terminate()
        try:
            status = self.process.wait(timeout=30)
        finally:
            self.process.stdout.close()
            self.process.stderr.close()
            self.tmp.cleanup()
        return status
