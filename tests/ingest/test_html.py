"""The HTML reader: trafilatura's two passes merged, and when the flattened page goes with them."""

from __future__ import annotations

from newsweave.ingest.html import FALLBACK_WORDS, extract_html, merge_core

_SENTENCES = [
    "The council voted on Tuesday to close the old bridge over the river for repairs.",
    "Engineers found cracks in two of the piers during an inspection in the spring.",
    "Shop owners near the bridge said they feared losing customers while it is closed.",
    "The mayor promised that a footpath would stay open for people walking to the market.",
    "Work is due to start next month and should be finished before the winter.",
]


def test_lines_only_the_precise_pass_found_go_where_the_precise_text_puts_them():
    recall = "\n".join([_SENTENCES[0], _SENTENCES[2], "Share this"])
    precise = "\n".join([_SENTENCES[1], _SENTENCES[0].upper(), _SENTENCES[3], _SENTENCES[2]])
    merged = merge_core(recall, precise).split("\n")
    # before the first line both have: first; after a line both have: right after it
    assert merged == [_SENTENCES[1], _SENTENCES[0], _SENTENCES[3], _SENTENCES[2], "Share this"]
    assert merge_core(recall, None) == recall
    assert merge_core(recall, "share   THIS!") == recall  # folded case, spacing and punctuation: already there


def _page(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<html><head><title>Bridge to close</title></head><body><nav>Home Subscribe Contact</nav>"
        f"<article><h1>Bridge to close</h1>{body}</article><footer>About us</footer></body></html>"
    )


def test_the_flattened_page_goes_along_only_when_trafilatura_found_next_to_nothing():
    short = extract_html(_page(_SENTENCES[:1]), "p.html")
    assert len(short.text.split()) < FALLBACK_WORDS and short.page_text is not None
    longer = extract_html(_page(_SENTENCES), "p.html")
    assert len(longer.text.split()) >= FALLBACK_WORDS and longer.page_text is None
    assert _SENTENCES[4] in longer.text and "Subscribe" not in longer.text
