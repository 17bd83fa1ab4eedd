"""The HTML reader: trafilatura's two passes merged, and when the flattened page goes with them."""

from __future__ import annotations

import lxml.html

from newsweave.ingest.html import (
    FALLBACK_WORDS,
    LEAD_MAX_LINES,
    block_lines,
    extract_html,
    flatten_html,
    merge_core,
    page_lead,
    page_tree,
)

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


_LEAD = "The town's oldest crossing shuts for a year while engineers mend its cracked piers."


def _page_with_lead(description: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in _SENTENCES)
    return (
        f'<html><head><title>Bridge to close</title><meta name="description" content="{description}"></head>'
        "<body><nav>Home Subscribe Contact</nav><header><h1>Bridge to close</h1>"
        f'<div class="teaser">{_LEAD}</div></header><article>{body}</article><footer>About us</footer></body></html>'
    )


def test_the_standfirst_trafilatura_left_out_is_found_by_the_page_description():
    raw = extract_html(_page_with_lead(_LEAD), "p.html")
    assert raw.lead == _LEAD and raw.text.split("\n")[0] == _LEAD
    cut = extract_html(_page_with_lead(_LEAD[:50] + "…"), "p.html")  # a description cut short
    assert cut.lead == _LEAD
    other = extract_html(_page_with_lead("A description of the site that the page does not show anywhere."), "p.html")
    assert other.lead is None and _LEAD not in other.text


def test_a_lead_is_a_line_of_the_page_not_the_title_nor_a_block_of_it_nor_in_the_text_already():
    lines = ["Home", _LEAD, _SENTENCES[0]]
    assert page_lead(_LEAD, lambda: lines, _SENTENCES[1]) == _LEAD
    assert page_lead(_LEAD, lambda: lines, _LEAD.upper()) is None  # trafilatura has it
    assert page_lead(_LEAD, lambda: lines, "", title=_LEAD) is None  # the title again
    assert page_lead(_LEAD, lambda: [" ".join([_LEAD, *_SENTENCES])], "") is None  # a block, not its paragraph
    assert page_lead("Bridge to close", lambda: lines, "") is None  # too short to tell
    assert page_lead(_LEAD[:47], lambda: lines, "") == _LEAD  # cut short without an ellipsis, in mid-word
    two = ["Home", _SENTENCES[0], _SENTENCES[1], _SENTENCES[2]]  # a standfirst of two paragraphs
    assert page_lead(f"{_SENTENCES[0]} {_SENTENCES[1]}", lambda: two, "") == "\n".join(two[1:3])
    assert page_lead(f"{_SENTENCES[0]} {_SENTENCES[3]}", lambda: two, "") is None  # not the page's next line
    blocks = [f"block{n}" for n in range(LEAD_MAX_LINES + 2)]  # a page of one-word blocks
    assert page_lead(" ".join(blocks[:LEAD_MAX_LINES]), lambda: blocks, "") == "\n".join(blocks[:LEAD_MAX_LINES])
    assert page_lead(" ".join(blocks[: LEAD_MAX_LINES + 1]), lambda: blocks, "") is None  # too many blocks


def test_block_lines_break_where_blocks_end_whatever_the_markup_lines():
    body = "<div>a<b>b</b> c<p>one</p>tail<!-- x -->more<br>next</div>"
    html = f"<html><head><title>T</title></head><body>{body}</body></html>"
    assert block_lines(html) == ["ab c", "one", "tailmore", "next"]


def test_the_page_parsed_once_reads_as_its_markup_and_stays_unchanged():
    import trafilatura

    body = (
        "<div>a<b>b</b> c<p>one</p>tail<!-- x -->more<script>var s = 1;</script>kept<br>next"
        "<style>p {}</style><noscript>no script</noscript></div>"
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in _SENTENCES)
    html = f"<html><head><title>T</title></head><body>{body}<article>{paragraphs}</article></body></html>"
    tree = page_tree(html)
    assert tree is not None
    before = lxml.html.tostring(tree)
    assert block_lines(tree) == block_lines(html)
    assert "kept" in block_lines(tree)[2] and not any("var s" in ln or "no script" in ln for ln in block_lines(tree))
    assert flatten_html(tree) == flatten_html(html)
    assert "var s" not in flatten_html(tree) and "kept" in flatten_html(tree)
    # trafilatura's two passes copy a tree they are given before changing it: the reader shares it
    trafilatura.bare_extraction(tree, with_metadata=True, include_tables=True, favor_recall=True)
    trafilatura.extract(tree, include_tables=True, favor_precision=True, deduplicate=False)
    assert lxml.html.tostring(tree) == before
