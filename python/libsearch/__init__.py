"""libsearch: full-text search of press releases in Chinese and English.

    import libsearch
    with libsearch.IndexWriter("press.db") as writer:
        report = writer.add_paths(["corpus/samples"])
    searcher = libsearch.Searcher("press.db")
    results = searcher.search("知识产权", lang="zh", facets=["speaker", "date"])
    for hit in results.hits:
        s = hit.highlights[0]
        print(hit.rank, hit.title, hit.text[s.start:s.end])
    frame = results.to_pandas()          # one row per hit, the CSV's columns
    kwic = searcher.concordance('"知识产权"', width=10, sort="left")
    trend = searcher.timeline(['"知识产权"', "patent"], unit="month")

A search returns what ``press-query --format json`` prints for the same
options (``results.to_dict()`` is that document), with attributes: the
parameters go through press-query's own parser, so a bad one raises
ValueError with press-query's message. Highlight spans give UTF-8 byte
offsets (``byte_start``, ``byte_end``, as in the JSON) and code point offsets
(``start``, ``end``: ``hit.text[start:end]`` is the match).

The research views (concordance, timeline, collocates, keywords) return
Views: ``to_dict()`` is what press-query prints with ``--kwic``,
``--timeline``, ``--collocates`` or ``--keywords`` and ``--format json``, and
``to_pandas()`` has the rows and columns of its ``--format csv``.

The library's exceptions keep their names: Error (a RuntimeError), InputError,
QueryError (with ``offset``, a byte offset into the query, and ``fragment``),
IndexError, LockedError and VersionError (both IndexErrors). libsearch.IndexError
is not the built-in IndexError.

Threads: the GIL is released while searching and indexing. A Searcher or
IndexWriter is one thread's at a time: open one Searcher per thread.
"""

from . import _libsearch
from ._libsearch import (Error, IndexError, InputError, LockedError,  # noqa: F401
                         QueryError, VersionError)

__version__ = _libsearch.__version__
__all__ = ["Searcher", "Results", "Hit", "Span", "Speaker", "FacetValue",
           "ContextPassage", "IndexWriter", "IndexReport", "Diagnostic", "Error",
           "InputError", "QueryError", "IndexError", "LockedError", "VersionError",
           "CSV_COLUMNS", "View", "CONCORDANCE_COLUMNS", "TIMELINE_COLUMNS",
           "COLLOCATE_COLUMNS", "KEYWORD_COLUMNS"]

#: The columns of ``press-query --format csv`` (and of Results.to_pandas()).
CSV_COLUMNS = tuple(_libsearch.CSV_COLUMNS)
#: The columns of the research views' csv (and of View.to_pandas()).
CONCORDANCE_COLUMNS = tuple(_libsearch.CONCORDANCE_COLUMNS)
TIMELINE_COLUMNS = tuple(_libsearch.TIMELINE_COLUMNS)
COLLOCATE_COLUMNS = tuple(_libsearch.COLLOCATE_COLUMNS)
KEYWORD_COLUMNS = tuple(_libsearch.KEYWORD_COLUMNS)


def _strings(value):
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


class _Record:
    """Attributes over one object of the JSON document."""

    __slots__ = ("_data",)

    def __init__(self, data):
        self._data = data

    def to_dict(self):
        """The object as in press-query's JSON output."""
        return self._data

    def __eq__(self, other):
        return type(self) is type(other) and self._data == other._data

    def __repr__(self):
        fields = ", ".join("%s=%r" % (k, self._data[k]) for k in self._repr_keys if k in self._data)
        return "%s(%s)" % (type(self).__name__, fields)


class Speaker(_Record):
    """Who said a passage: ``name`` and ``role`` (either may be None)."""

    __slots__ = ()
    _repr_keys = ("name", "role")
    name = property(lambda self: self._data["name"])
    role = property(lambda self: self._data["role"])


class Span:
    """A highlighted match: UTF-8 bytes and code points, ends exclusive."""

    __slots__ = ("byte_start", "byte_end", "start", "end")

    def __init__(self, data, code_points):
        self.byte_start = data["byte_start"]
        self.byte_end = data["byte_end"]
        self.start, self.end = code_points

    def to_dict(self):
        return {"byte_start": self.byte_start, "byte_end": self.byte_end}

    def __eq__(self, other):
        return isinstance(other, Span) and (self.byte_start, self.byte_end, self.start, self.end) == \
            (other.byte_start, other.byte_end, other.start, other.end)

    def __repr__(self):
        return "Span(byte_start=%d, byte_end=%d, start=%d, end=%d)" % (
            self.byte_start, self.byte_end, self.start, self.end)


class ContextPassage(_Record):
    """A passage before or after a hit (search(..., context=N))."""

    __slots__ = ()
    _repr_keys = ("paragraph", "text")
    paragraph = property(lambda self: self._data["paragraph"])
    text = property(lambda self: self._data["text"])

    @property
    def speaker(self):
        s = self._data["speaker"]
        return None if s is None else Speaker(s)


class Hit(_Record):
    """One passage: every field of a hit in press-query's JSON output."""

    __slots__ = ("_spans",)
    _repr_keys = ("rank", "release_id", "paragraph", "title")

    def __init__(self, data, spans):
        super().__init__(data)
        self._spans = spans

    rank = property(lambda self: self._data["rank"])
    score = property(lambda self: self._data["score"])
    release_id = property(lambda self: self._data["release_id"])
    paragraph = property(lambda self: self._data["paragraph"])
    title = property(lambda self: self._data["title"])
    date = property(lambda self: self._data["date"], doc="YYYY-MM-DD or None")
    source = property(lambda self: self._data["source"])
    lang = property(lambda self: self._data["lang"])
    url = property(lambda self: self._data["url"])
    section = property(lambda self: self._data["section"])
    text = property(lambda self: self._data["text"])
    dates = property(lambda self: self._data["dates"], doc="dates the passage mentions")
    explain = property(lambda self: self._data.get("explain"),
                       doc="with explain=True: [{term, weight, wdf, termfreq}]")
    counterpart = property(
        lambda self: self._data.get("counterpart"),
        doc="with with_counterpart=True or in_lang: the aligned passage of the linked release "
            "in the other language, {release_id, paragraph, paragraphs, text, confidence}, or None")

    @property
    def speaker(self):
        s = self._data["speaker"]
        return None if s is None else Speaker(s)

    @property
    def highlights(self):
        return [Span(h, cp) for h, cp in zip(self._data["highlights"], self._spans)]

    @property
    def context_before(self):
        return [ContextPassage(c) for c in self._data.get("context_before", [])]

    @property
    def context_after(self):
        return [ContextPassage(c) for c in self._data.get("context_after", [])]


class FacetValue(_Record):
    """A facet's value and its count of matching passages (speakers also
    have the ``key`` counted: one person in any spelling)."""

    __slots__ = ()
    _repr_keys = ("value", "count")
    value = property(lambda self: self._data["value"])
    count = property(lambda self: self._data["count"])
    key = property(lambda self: self._data.get("key"))


class Results(_Record):
    """A search's results: ``query``, ``total`` (matching passages, exact
    when ``total_exact``), ``hits``, ``facets`` ({name: [FacetValue]}) and
    ``warnings``; ``to_dict()`` is press-query's JSON document."""

    __slots__ = ("_spans",)
    _repr_keys = ("query", "total")

    def __init__(self, data, spans):
        super().__init__(data)
        self._spans = spans

    query = property(lambda self: self._data["query"])
    total = property(lambda self: self._data["total"])
    total_exact = property(lambda self: self._data["total_exact"])
    warnings = property(lambda self: self._data["warnings"])
    explain = property(lambda self: self._data.get("explain"),
                       doc="with explain=True: {parsed, terms}")

    @property
    def hits(self):
        return [Hit(h, s) for h, s in zip(self._data["hits"], self._spans)]

    @property
    def facets(self):
        return {name: [FacetValue(v) for v in values]
                for name, values in self._data["facets"].items()}

    def __len__(self):
        return len(self._data["hits"])

    def __iter__(self):
        return iter(self.hits)

    def to_pandas(self):
        """One row per hit with the columns of ``press-query --format csv``
        (CSV_COLUMNS): speaker is the name, speaker_role the role; missing
        values are None."""
        import pandas
        rows = []
        for h in self._data["hits"]:
            row = {c: h.get(c) for c in CSV_COLUMNS}
            speaker = h.get("speaker")
            row["speaker"] = speaker["name"] if speaker else None
            row["speaker_role"] = speaker["role"] if speaker else None
            rows.append(row)
        return pandas.DataFrame(rows, columns=list(CSV_COLUMNS))

    def facet_frame(self, name):
        """One facet as a DataFrame: value, count (and key for speakers)."""
        import pandas
        values = self._data["facets"].get(name)
        if values is None:
            raise KeyError("no facet %r in these results (ask for it with facets=[...])" % name)
        columns = ["value", "count"] + (["key"] if name == "speaker" else [])
        return pandas.DataFrame([[v.get(c) for c in columns] for v in values], columns=columns)


class View(_Record):
    """A research view: ``to_dict()`` is press-query's ``--format json``
    document for it, ``warnings`` what press-query prints on stderr, and
    ``to_pandas()`` the rows of its ``--format csv`` (a concordance: one per
    line; a timeline: one per series and bucket; collocates and keywords:
    one per item). Keys of the document read as items: ``view["rows"]``."""

    __slots__ = ("_warnings", "_rows", "_columns")
    _repr_keys = ("query", "unit", "occurrences", "passages")

    def __init__(self, data, warnings, rows, columns):
        super().__init__(data)
        self._warnings = warnings
        self._rows = rows
        self._columns = columns

    warnings = property(lambda self: self._warnings)

    def __getitem__(self, key):
        return self._data[key]

    def to_pandas(self):
        import pandas
        rows = [[row.get(c) for c in self._columns] for row in self._rows(self._data)]
        return pandas.DataFrame(rows, columns=list(self._columns))


def _timeline_rows(document):
    for series in document["series"]:
        for bucket in series["buckets"]:
            yield dict(bucket, query=series["query"], group=series.get("group"))


def _options(view_options, options):
    """press-query arguments for keyword `options`, each named in
    `view_options` ({keyword: option}); lists repeat the option, True is a
    switch, None and False leave it out."""
    args = []
    for name, value in options.items():
        if name not in view_options:
            raise TypeError("unexpected keyword argument %r (expected %s)" % (
                name, ", ".join(view_options)))
        if value is None or value is False:
            continue
        option = "--" + view_options[name]
        if value is True:
            args.append(option)
        else:
            values = value if isinstance(value, (list, tuple)) else [value]
            args += ["%s=%s" % (option, v) for v in values]
    return args


# The filters every research view takes, as keyword: press-query option.
_FILTERS = {"lang": "lang", "speaker": "speaker", "source": "source", "release": "release",
            "date_from": "from", "date_to": "to", "any": "any", "strict": "strict",
            "loose": "loose"}


class Searcher:
    """Searches one or several databases (folders, sharded folders, stub
    files) as one. Raises IndexError when one cannot be opened, VersionError
    when it was built by another analyzer or schema version."""

    def __init__(self, paths, allow_partial=False):
        self._searcher = _libsearch.Searcher(_strings(paths), allow_partial)

    def search(self, query="", *, lang=None, speaker=None, source=None, release=None,
               date_from=None, date_to=None, facets=None, date_facet=None, limit=10,
               offset=0, sort=None, per_release=None, context=None, any=False,
               strict=False, explain=False, loose=False, with_counterpart=False,
               no_counterpart=False, in_lang=None):
        """Runs `query` (press-query's query language) with press-query's
        options: lang, speaker, source, release (a string or a list: values
        ORed), date_from/date_to ("YYYY-MM-DD", inclusive), facets (names
        among speaker, date, source, lang), date_facet ("year", "month",
        "day"), limit, offset, sort ("relevance", "date", "-date"),
        per_release (0: no limit, the default), context (passages before and
        after), any, strict, explain, loose (Chinese words in their loose
        form), with_counterpart, no_counterpart and in_lang (press-query's
        --in: match in that language, show the other's aligned passages).
        Raises ValueError for a bad option and
        QueryError for a bad query (with strict=True, or over the limits)."""
        options = []
        if query:
            options.append("--query=" + query)
        for name, value in (("lang", lang), ("speaker", speaker), ("source", source),
                            ("release", release)):
            options += ["--%s=%s" % (name, v) for v in _strings(value)]
        for name, value in (("from", date_from), ("to", date_to), ("date-facet", date_facet),
                            ("sort", sort), ("limit", limit), ("offset", offset),
                            ("per-release", per_release), ("context", context),
                            ("in", in_lang)):
            if value is not None:
                options.append("--%s=%s" % (name, value))
        if facets:
            options.append("--facets=" + ",".join(_strings(facets)))
        for name, value in (("any", any), ("strict", strict), ("explain", explain),
                            ("loose", loose), ("with-counterpart", with_counterpart),
                            ("no-counterpart", no_counterpart)):
            if value:
                options.append("--" + name)
        document, spans = self._searcher.search(options)
        return Results(document, spans)

    def _view(self, args, view_options, options, rows, columns):
        document, warnings = self._searcher.research(args + _options(view_options, options))
        return View(document, warnings, rows, columns)

    def concordance(self, query, **options):
        """Every occurrence of `query` in context (press-query --kwic):
        width (characters of Chinese, words of other scripts each side; the
        default 20 and 8), sort ("left", "right", "date", "speaker",
        "source"; default index order) and the filters lang, speaker,
        source, release, date_from, date_to, any, strict, loose."""
        width = options.pop("width", None)
        args = ["--kwic=" + ("default" if width is None else str(width)), "--query=" + query]
        return self._view(args, dict(_FILTERS, sort="sort"), options,
                          lambda d: d["rows"], CONCORDANCE_COLUMNS)

    def timeline(self, queries, **options):
        """Matching passages and occurrences per bucket, a series per query
        in `queries` (a string or a list; press-query --timeline): unit
        ("year", the default, "month", "day"), by ("speaker", "source",
        "lang"), norm ("share", the default, "per-10k", "raw") and the
        filters of concordance()."""
        unit = options.pop("unit", "year")
        args = ["--timeline=" + str(unit)] + ["--query=" + q for q in _strings(queries)]
        return self._view(args, dict(_FILTERS, by="by", norm="norm"), options,
                          _timeline_rows, TIMELINE_COLUMNS)

    def collocates(self, query, **options):
        """Words near the occurrences of `query` (press-query --collocates):
        window (default 5), measure ("logdice", the default, "mi", "ll"),
        min_count (default 3), stopwords (a file, one word a line), limit
        (default 30) and the filters of concordance()."""
        return self._view(["--collocates", "--query=" + query],
                          dict(_FILTERS, window="window", measure="measure",
                               min_count="min-count", stopwords="stopwords", limit="limit"),
                          options, lambda d: d["items"], COLLOCATE_COLUMNS)

    def keywords(self, query=None, **options):
        """Words over-represented in the passages `query` or the filters
        alone match (press-query --keywords): min_count, stopwords, limit and
        the filters of concordance()."""
        args = ["--keywords"] + (["--query=" + query] if query else [])
        return self._view(args, dict(_FILTERS, min_count="min-count", stopwords="stopwords",
                                     limit="limit"),
                          options, lambda d: d["items"], KEYWORD_COLUMNS)

    def release(self, id):
        """The release as indexed (as ``press-index show --format json``
        prints it: a dict with its passages), or None."""
        return self._searcher.release(id)

    def reopen(self):
        """Sees changes committed since opening."""
        self._searcher.reopen()

    @property
    def warnings(self):
        """Shards skipped under allow_partial."""
        return self._searcher.warnings()

    def close(self):
        self._searcher.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Diagnostic(_Record):
    """A problem met in the input: ``severity`` ("error": input skipped, or
    "warning"), ``path``, ``line``, ``column`` (1-based, 0 when unknown),
    ``message``, ``release_id`` (or None); str() is "path:line:column: message"."""

    __slots__ = ()
    _repr_keys = ("severity", "path", "line", "message")
    severity = property(lambda self: self._data["severity"])
    path = property(lambda self: self._data["path"])
    line = property(lambda self: self._data["line"])
    column = property(lambda self: self._data["column"])
    message = property(lambda self: self._data["message"])
    release_id = property(lambda self: self._data["release_id"])

    def __str__(self):
        return self._data["text"]


class IndexReport:
    """What add_paths() did: counts of releases ``added``, ``updated``,
    ``unchanged`` and ``skipped`` (errors), ``warnings``, ``passages``
    written, ``files``, ``bytes_read``, ``seconds``, and ``diagnostics``."""

    def __init__(self, summary, diagnostics):
        self.__dict__.update(summary)
        self.diagnostics = [Diagnostic(d) for d in diagnostics]

    def __repr__(self):
        return "IndexReport(added=%d, updated=%d, unchanged=%d, skipped=%d, diagnostics=%d)" % (
            self.added, self.updated, self.unchanged, self.skipped, len(self.diagnostics))


class IndexWriter:
    """Creates or extends the database at `path`. One writer per database
    (LockedError otherwise); searches may run meanwhile. As a context
    manager it commits and closes at the end."""

    def __init__(self, path):
        self._writer = _libsearch.IndexWriter(str(path))

    def add_paths(self, paths, jobs=0):
        """Indexes files and folders (.xml, .jsonl, .txt; folders read
        recursively) on `jobs` threads (0: one per core). Bad input never
        stops the run: it is in the report's diagnostics."""
        return IndexReport(*self._writer.add_paths(_strings(paths), jobs))

    def remove(self, ids):
        """Removes releases by id; returns the ids that were indexed."""
        return self._writer.remove(_strings(ids))

    def contains(self, id):
        return self._writer.contains(id)

    def release_ids(self):
        return self._writer.release_ids()

    def commit(self):
        """Makes all changes durable and visible to searchers."""
        self._writer.commit()

    def close(self):
        """Commits and lets go of the database and its lock."""
        self._writer.close()

    @property
    def path(self):
        return self._writer.path

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        self.close()
