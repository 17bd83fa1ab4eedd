"""Made-up inputs for the hostile-input tests and ``benchmarks/hostile.py``: valid articles of
random words (no third-party text), and a corpus of hostile and malformed inputs of every kind
with valid articles hidden among them, generated at test time, its bombs bounded.

    corpus = write_corpus(folder, seed=0)   # -> Corpus(paths, valid ids, inputs tried)
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

_VOCABULARY = """harbour board council valley river bridge market school hospital station museum library
farmers engineers residents officials workers teachers voted opened closed repaired rebuilt reported announced
delayed approved rejected planned finished north south east west old new small large regional local national
early late heavy light storm flood frost harvest budget contract road rail ferry tunnel pier tower square garden
festival exhibition season winter summer spring autumn"""
_WORDS = tuple(_VOCABULARY.split())
_PLACES = ("Calloway", "Osterfeld", "Brenn", "Amsel", "Kora", "Vellin", "Marnholt", "Tessaly", "Rundle", "Palk")


def made_up_text(rng: random.Random, sentences: int = 4) -> str:
    """A paragraph of made-up news prose: sentences of random words around a made-up place."""
    out = []
    for _ in range(sentences):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 20))]
        words.insert(rng.randint(0, len(words)), rng.choice(_PLACES))
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def made_up_records(count: int, seed: int = 0, repeats: int = 0, copies: int = 0) -> list[dict[str, object]]:
    """``count`` distinct articles, then ``repeats`` exact repeats of some of them and ``copies``
    of some under other outlets (wire copies), in a shuffled order fixed by ``seed``."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = [
        {
            "id": f"v{seed}-{i}",
            "title": f"Report {i} from {rng.choice(_PLACES)}",
            "text": made_up_text(rng),
            "outlet": f"Outlet {i % 7}",
            "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
        }
        for i in range(count)
    ]
    extra = [dict(rng.choice(rows)) for _ in range(repeats)]
    for n in range(copies):
        copy = dict(rng.choice(rows))
        copy.update(id=f"{copy['id']}-wire{n}", outlet=f"Wire outlet {n}")
        extra.append(copy)
    rows += extra
    rng.shuffle(rows)
    return rows


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    """Write ``rows`` as JSON Lines."""
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@dataclass
class Corpus:
    """A written hostile corpus: the paths to ingest, the ids of its valid articles, inputs tried."""

    paths: list[Path]
    valid: set[str] = field(default_factory=set)
    inputs: int = 0


def _valid_text(rng: random.Random, corpus: Corpus) -> str:
    """A valid article's text, with a marker that tells it apart (``markerNNNz``)."""
    marker = f"marker{len(corpus.valid)}z"
    corpus.valid.add(marker)
    return f"{made_up_text(rng)} The {marker} report ends here."


def _json_lines(rng: random.Random, corpus: Corpus) -> str:
    bad = [
        "{not json",
        '{"text": "n", "n": ' + "7" * 5000 + "}",
        "[" * 3000 + "]" * 3000,
        json.dumps({"text": "A text \ud800 with a lone surrogate in it, of several words."}),
        json.dumps({"text": made_up_text(rng), "outlet": ["A", "B"]}),
        json.dumps({"text": made_up_text(rng), "published": "0001-01-01"}),
        json.dumps({"text": "   "}),
        json.dumps({"body": 5}),
        json.dumps([1, 2, 3]),
        json.dumps({"text": made_up_text(rng) + " " + '"' * 5000}),
        json.dumps({"text": "He said " + "A" * 16000 + " and more words."}),
        "\x00",
    ]
    lines = []
    for line in bad * 3:
        lines.append(line)
        corpus.inputs += 1
        if rng.random() < 0.3:
            lines.append(json.dumps({"text": _valid_text(rng, corpus), "outlet": "Good outlet"}))
            corpus.inputs += 1
    return "\n".join(lines) + "\n"


def _zeros_member(head: bytes, size: int) -> bytes:
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    return packer.compress(head) + b"".join(packer.compress(block) for _ in range(size >> 20)) + packer.flush()


def _warc_page(rng: random.Random, corpus: Corpus) -> bytes:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = f"<html><body><article><p>{_valid_text(rng, corpus)}</p></article></body></html>".encode()
    out = BytesIO()
    writer = WARCWriter(out, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    uri = f"https://example.org/{len(corpus.valid)}"
    writer.write_record(writer.create_warc_record(uri, "response", payload=BytesIO(page), http_headers=http))
    return out.getvalue()


def write_corpus(folder: Path, seed: int = 0, copies: int = 1) -> Corpus:
    """Write a hostile corpus into ``folder``: ``copies`` times a few hundred inputs of every kind
    (files, lines, pages, archives, links), valid articles hidden among them. Bombs are bounded:
    an archive inflates to 64 MB, a sparse file is 256 MB on no disk."""
    import os

    rng = random.Random(seed)
    corpus = Corpus([folder])
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        d = folder / f"set{n}"
        (d / "deep").mkdir(parents=True, exist_ok=True)
        (d / "lines.jsonl").write_text(_json_lines(rng, corpus), encoding="utf-8", errors="surrogatepass")
        (d / "array.json").write_text("[]", encoding="utf-8")
        (d / "header.csv").write_text("id,title,text\n", encoding="utf-8")
        (d / "bad.csv").write_text('id,text\n1,"unclosed\n2,' + _valid_text(rng, corpus) + "\n", encoding="utf-8")
        files: dict[str, bytes] = {
            "binary.txt": bytes(range(256)) * 4,
            "latin1.txt": "Caf\xe9 cr\xe8me ".encode("latin-1") * 20,
            "late-nul.txt": made_up_text(rng).encode() * 200 + b"\x00",
            "empty.txt": b"",
            "blank.md": b"\n\n   \n",
            "utf32.txt": ("\ufeff" + _valid_text(rng, corpus)).encode("utf-32-le"),
            "utf16.txt": ("\ufeff" + _valid_text(rng, corpus)).encode("utf-16-be"),
            "plain.txt": _valid_text(rng, corpus).encode(),
            "quotes.txt": (made_up_text(rng) + "\n" + '"' * 20000 + "\n" + "$(" * 10000).encode(),
            "caps.txt": ("Abc " * 20000 + "said the works would end.").encode(),
            "many-quotes.txt": ('"one two three four" ' * 5000).encode(),
            "attrs.html": (
                "<html><body><p " + " ".join(f"a{i}=x" for i in range(20000)) + ">x</p>"
                f"<article><p>{_valid_text(rng, corpus)}</p></article></body></html>"
            ).encode(),
            "nested.html": ("<div>" * 5000 + "text" + "</div>" * 5000).encode(),
            "garbage.html": b"<<<>>>" * 100,
            "page.html": f"<html><body><article><p>{_valid_text(rng, corpus)}</p></article></body></html>".encode(),
            "script.html": b"<script>alert(1)</script><p onload=x>" + made_up_text(rng).encode() + b"</p>",
            "unknown.docx": b"PK\x03\x04",
            "sidecar.txt": _valid_text(rng, corpus).encode(),
            "sidecar.meta.json": b'{"title": 42, "outlet": ["x"]}',
            "good.warc.gz": _warc_page(rng, corpus),
            "bomb.warc.gz": _zeros_member(b"WARC/1.0\r\nContent-Length: 1073741824\r\n\r\n", 64 << 20),
            "endless.warc.gz": _zeros_member(b"WARC/1.0\r\n" + b"X-H: v\r\n" * 300_000, 1 << 20),
            "line.warc.gz": _zeros_member(b"WARC/1.0\r\nX-Long: ", 32 << 20),
            "notgz.warc.gz": b"WARC/1.0\r\n",
            "deep/inner.txt": _valid_text(rng, corpus).encode(),
        }
        for name, data in files.items():
            (d / name).write_bytes(data)
        with (d / "sparse.warc").open("wb") as out:
            out.write(b"WARC/1.0\r\nWARC-Type: response\r\nX-Pad: ")
            out.truncate(256 << 20)
        (d / "dangling.txt").symlink_to(d / "nowhere.txt")
        (d / "deep" / "loop").symlink_to(d / "deep")
        os.mkfifo(d / "pipe.txt")
        try:
            (d / os.fsdecode(b"caf\xe9.txt")).write_bytes(_valid_text(rng, corpus).encode())
            corpus.valid.discard(f"marker{len(corpus.valid) - 1}z")  # refused by name (W121), not lost
        except (OSError, UnicodeError):
            pass
        corpus.inputs += len(files) + 9
    return corpus
