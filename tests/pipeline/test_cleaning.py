"""Cleaning records in forked processes gives what cleaning them here gives, in order."""

from __future__ import annotations

from newsweave.config import Config
from newsweave.errors import Errors
from newsweave.pipeline import cleaning
from newsweave.records import RawArticle, Skipped


def records(n: int) -> list[RawArticle | Skipped]:
    items: list[RawArticle | Skipped] = []
    for k in range(n):
        body = f"The council of Varde voted {k} times on the harbour plan."
        text = f"Council votes on harbour plan {k}\n\n{body}\nShare this article"
        items.append(RawArticle(source=f"r{k}.txt", text=text, id=f"r{k}"))
    items[5] = RawArticle(source="bad.txt", text="x", title=7)  # type: ignore[arg-type]  # not text: skipped
    items[9] = Skipped("gone.jsonl", 3, Errors.W104, "a reader's own skip")
    return items


def outcome(c: cleaning.Cleaned) -> tuple:
    if c.article is not None:
        return ("article", c.article.id, c.article.body, [ln.kind for ln in c.article.lines])
    assert c.skipped is not None
    return ("skipped", c.skipped.source, c.skipped.error, c.record)


def test_many_records_are_cleaned_in_forked_processes_in_order(monkeypatch):
    forks = []
    real = cleaning.forked_map

    def counted(*args, **kwargs):
        forks.append(kwargs["processes"])
        return real(*args, **kwargs)

    monkeypatch.setattr(cleaning, "forked_map", counted)
    items = records(cleaning.FORK_FROM + 10)
    here = [outcome(c) for c in cleaning.clean_items(items, Config(), processes=1)]
    forked = [outcome(c) for c in cleaning.clean_items(items, Config(), processes=2)]
    assert forks == [2]
    assert forked == here
    assert here[5][0] == "skipped" and here[9] == ("skipped", "gone.jsonl", Errors.W104, False)
    assert sum(o[0] == "article" for o in here) == len(items) - 2


def test_few_records_are_cleaned_here(monkeypatch):
    monkeypatch.setattr(cleaning, "forked_map", None)  # calling it would fail
    items = records(cleaning.FORK_FROM - 1)
    assert len(list(cleaning.clean_items(items, Config(), processes=2))) == len(items)


def test_the_html_fringe_setting_reaches_the_clean_stage():
    prose = (
        "The council of Varde voted on Tuesday to rebuild the harbour wall before the winter storms, "
        "and the work will start next month with money from the regional fund."
    )
    text = "\n".join([prose, "More from the harbour desk"])  # a short line only the recall pass found
    raw = RawArticle(source="p.html", text=text, is_html=True, core_text=prose, id="p")

    def reason(config: Config) -> str | None:
        article = cleaning.clean_record(raw, config).article
        assert article is not None
        return {ln.text: ln.reason for ln in article.lines}["More from the harbour desk"]

    assert reason(Config()) == "fringe"  # beyond the precise text's span: dropped whatever its score
    assert reason(Config(html_fringe_threshold=1.1)) != "fringe"
