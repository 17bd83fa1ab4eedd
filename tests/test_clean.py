import json

import pytest

from newsweave.clean import clean_article, content_hash, looks_like_title
from newsweave.records import RawArticle

from .conftest import SEEDS


def _kinds(text, **kw):
    art = clean_article(RawArticle(source="t.txt", text=text, **kw))
    return {ln.text: (ln.kind, ln.reason) for ln in art.lines}, art


def test_boilerplate_kinds_are_dropped_with_reasons():
    text = "\n".join(
        [
            "Council approves new bridge",
            "",
            "The city council approved the new bridge on Monday after a long debate.",
            "Subscribe to our daily newsletter and never miss a story.",
            "The mayor welcomed the vote (Photo: Jane Doe)",
            "AGENCY/JOHN SMITH - Le pont sera construit en deux ans",
            "Follow the Example Gazette on Facebook, Twitter and Instagram",
            "Tom Reporter contributed to this report.",
            "מצגת תמונות",
            "bridge city",
            "Construction is due to start next spring.",
        ]
    )
    kinds, art = _kinds(text)
    assert kinds["Council approves new bridge"] == ("title", None)
    assert kinds["Subscribe to our daily newsletter and never miss a story."] == ("dropped", "promotion")
    assert kinds["The mayor welcomed the vote (Photo: Jane Doe)"] == ("dropped", "caption")
    assert kinds["AGENCY/JOHN SMITH - Le pont sera construit en deux ans"] == ("dropped", "caption")
    assert kinds["Follow the Example Gazette on Facebook, Twitter and Instagram"][1] == "promotion"
    assert kinds["Tom Reporter contributed to this report."] == ("dropped", "contributor")
    assert kinds["מצגת תמונות"] == ("dropped", "other-script")
    assert kinds["bridge city"] == ("dropped", "tag")
    assert [ln.text for ln in art.body] == [
        "The city council approved the new bridge on Monday after a long debate.",
        "Construction is due to start next spring.",
    ]
    assert art.raw_text == text  # nothing is lost


def test_dateline_is_split_off_and_kept_as_dropped():
    kinds, art = _kinds("LONDON (AP) _ An influential lawmaker on Saturday backed the request to question him.")
    assert art.body[0].text.startswith("An influential lawmaker")
    assert kinds["LONDON (AP) _"] == ("dropped", "dateline")


def test_first_line_is_title_only_when_it_looks_like_one():
    assert looks_like_title("Storm hits the coast")
    assert not looks_like_title("The storm hit the coast on Friday.")
    _, art = _kinds("The storm hit the coast on Friday.\nIt was strong.")
    assert art.title is None and len(art.body) == 2


def test_content_hash_ignores_case_spacing_and_punctuation():
    assert content_hash(["Hello,  World!"]) == content_hash(["hello world"])
    assert content_hash(["Hello world"]) != content_hash(["Hello there world"])


@pytest.mark.skipif(not (SEEDS / "labels.json").exists(), reason="../shared/seeds not present")
def test_seed_boilerplate_precision_and_no_body_line_dropped():
    labels = json.loads((SEEDS / "labels.json").read_text())["files"]
    tp = fp = fn = 0
    for name, lab in labels.items():
        art = clean_article(RawArticle(source=name, text=(SEEDS / name).read_text(encoding="utf-8")))
        gold = {int(k) for k in lab["boilerplate"]}
        pred = {ln.number for ln in art.lines if ln.kind == "dropped" and ln.reason != "dateline"}
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert fp == 0, "a line of the article body was dropped"
    assert precision == 1.0 and recall >= 0.85


def test_rules_never_drop_long_lines_and_bylines_need_names():
    long_line = "The commission unveiled its report. " * 5 + "Readers of the weekly newsletter knew it first. " * 8
    kinds, art = _kinds(long_line.strip() + "\nBy one vote, the coalition lost the confidence motion on Friday.\n")
    assert [ln.kind for ln in art.lines] == ["body", "body"]
    kinds, _ = _kinds("Main text of the story here.\nBy Jane Doe and John Roe\nMore text follows here.")
    assert kinds["By Jane Doe and John Roe"] == ("dropped", "contributor")


def test_ptb_quotes_become_typographic_also_when_a_quote_opens_with_two_apostrophes():
    from newsweave.clean import normalise_text

    text = "``We will stay,'' he said.\n''There were 3,197 cases'' of abuse, she said (''many'' more)."
    expected = "“We will stay,” he said.\n“There were 3,197 cases” of abuse, she said (“many” more)."
    assert normalise_text(text) == expected
