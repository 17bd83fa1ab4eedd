"""The clean stage chooses the text of an HTML page: trafilatura's extraction or the page flattened."""

from __future__ import annotations

from newsweave.clean.article import clean_article
from newsweave.clean.choice import choose_text, no_article_text
from newsweave.records import RawArticle

_PROSE = (
    "The council voted on Tuesday to close the old bridge over the river for repairs that will last until "
    "the end of next year, and traffic will be sent across the new crossing to the north of the town.",
    "Engineers found cracks in two of the piers during an inspection in the spring, and the council said "
    "that the work could not wait for the budget of the following year as it had first planned.",
    "Shop owners near the bridge said they feared losing customers while it is closed, but the mayor "
    "promised that a footpath would stay open for people walking into the old market from the station.",
)
_MENU = ["Home", "News", "Sport", "Weather", "Contact us", "Subscribe"]


def _page(trafilatura_text: str) -> RawArticle:
    flat = "\n".join([*_MENU, *(_PROSE * 2), "Share this article", *_MENU])
    return RawArticle(source="p.html", text=trafilatura_text, is_html=True, page_text=flat)


def test_the_flattened_page_is_read_when_it_holds_much_more_article_than_trafilatura_found():
    chosen = choose_text(_page("Contact us"))
    assert not chosen.is_html and chosen.page_text is None
    assert _PROSE[1] in chosen.text
    article = clean_article(_page("Contact us"))
    body = [ln.text for ln in article.body]
    assert _PROSE[0] in body and "Weather" not in body


def test_trafilatura_text_is_kept_when_it_holds_the_article():
    text = "\n".join(_PROSE)
    chosen = choose_text(_page(text))
    assert chosen.is_html and chosen.text == text
    assert choose_text(RawArticle(source="a.txt", text=text)).text == text  # no page: nothing to choose


def test_a_page_with_no_article_text_is_told_apart():
    menus = RawArticle(source="p.html", text="© 2024", is_html=True, page_text="\n".join(_MENU))
    article = clean_article(menus)
    assert not article.body
    assert no_article_text(menus, article.raw_text)
    article = clean_article(_page("Contact us"))
    assert not no_article_text(_page("Contact us"), article.raw_text)


def test_a_line_trafilatura_was_not_sure_of_is_dropped_when_the_classifier_doubts_it():
    links = "World | Politics"  # a list of links no rule names, after the article
    text = "\n".join([*_PROSE, links])
    sure = "\n".join(_PROSE)
    article = clean_article(RawArticle(source="p.html", text=text, is_html=True, core_text=sure))
    kinds = {ln.text: (ln.kind, ln.reason) for ln in article.lines}
    assert kinds[links] == ("dropped", "classifier") and kinds[_PROSE[2]] == ("body", None)
    # trafilatura sure of every line: the classifier drops none of them
    article = clean_article(RawArticle(source="p.html", text=text, is_html=True, core_text=text))
    assert all(ln.kind != "dropped" for ln in article.lines)


def test_a_line_of_the_precise_extraction_is_dropped_only_by_a_phrase_rule():
    odd = ["breaking news", "Всё о погоде в городе", "Sign up for our newsletter"]  # tag, other script, promotion
    text = "\n".join([_PROSE[0], *odd, *_PROSE[1:]])
    doubtful = clean_article(RawArticle(source="p.html", text=text, is_html=True, core_text="\n".join(_PROSE)))
    sure = clean_article(RawArticle(source="p.html", text=text, is_html=True, core_text=text))
    reasons = {ln.text: ln.reason for ln in doubtful.lines}
    assert reasons["breaking news"] == "tag" and reasons["Всё о погоде в городе"] == "other-script"
    reasons = {ln.text: ln.reason for ln in sure.lines}
    assert reasons["breaking news"] is None and reasons["Всё о погоде в городе"] is None
    assert reasons["Sign up for our newsletter"] == "promotion"
    # plain text has no precise extraction: the line's shape drops it as before
    plain = clean_article(RawArticle(source="p.txt", text=text))
    assert {ln.text: ln.reason for ln in plain.lines}["breaking news"] == "tag"


class _SameScore:
    """A line classifier that gives every line the same probability, with the shipped thresholds' roles."""

    threshold, threshold_html, threshold_doubtful, threshold_core = 0.5, 0.7, 0.4, 1.1

    def __init__(self, probability: float) -> None:
        self.probability = probability

    def boilerplate_probability(self, features):
        import numpy as np

        return np.full(len(features), self.probability)


def test_a_sentence_only_the_recall_pass_found_needs_the_page_threshold_to_be_dropped(monkeypatch):
    import newsweave.clean.article as article_module

    extra = "Residents can read the full report at the town hall until the end of the month."
    links = "World | Politics"
    text = "\n".join([_PROSE[0], extra, links])
    raw = RawArticle(source="p.html", text=text, is_html=True, core_text=_PROSE[0])
    for probability, extra_kept in ((0.55, True), (0.75, False)):
        monkeypatch.setattr(article_module, "load_line_model", lambda *_, p=probability: _SameScore(p))
        kinds = {ln.text: ln.kind for ln in clean_article(raw).lines}
        assert (kinds[extra] != "dropped") is extra_kept
        assert kinds[links] == "dropped"  # a short line left out by the precise pass: threshold_doubtful
        assert kinds[_PROSE[0]] != "dropped"  # the precise pass is sure of it


def test_a_short_line_only_the_recall_pass_found_outside_the_precise_span_is_dropped(monkeypatch):
    import newsweave.clean.article as article_module

    before, inside, after = "Town council news", "Bridge repairs", "Read the council minutes"
    sentence = "Residents can read the full report at the town hall until the end of the month."
    text = "\n".join([before, _PROSE[0], inside, _PROSE[1], sentence, after])
    raw = RawArticle(source="p.html", text=text, is_html=True, core_text="\n".join(_PROSE[:2]))
    monkeypatch.setattr(article_module, "load_line_model", lambda *_: _SameScore(0.1))  # under every threshold
    lines = {ln.text: (ln.kind, ln.reason) for ln in clean_article(raw).lines}
    assert lines[before] == ("dropped", "fringe") and lines[after] == ("dropped", "fringe")
    assert lines[inside][0] != "dropped"  # between lines the precise pass is sure of: threshold_doubtful
    assert lines[sentence][0] != "dropped"  # a sentence beyond the span still needs the page threshold
    # the setting above 1: a line beyond the span is judged as one inside it
    lines = {ln.text: ln.kind for ln in clean_article(raw, fringe_threshold=1.1).lines}
    assert lines[before] != "dropped" and lines[after] != "dropped"
    # no line of the text in the precise extraction: no span, nothing dropped for lying outside it
    elsewhere = RawArticle(source="p.html", text=text, is_html=True, core_text=_PROSE[2])
    assert all(ln.reason != "fringe" for ln in clean_article(elsewhere).lines)


def test_the_page_standfirst_is_kept_as_the_dek_outside_the_precise_span():
    lead = "Repairs to the bridge"  # a short line only the recall pass has, before the precise text
    text = "\n".join([lead, *_PROSE])
    fringe = clean_article(RawArticle(source="p.html", text=text, is_html=True, core_text="\n".join(_PROSE)))
    assert fringe.lines[0].kind == "dropped"
    found = clean_article(RawArticle(source="p.html", text=text, is_html=True, core_text="\n".join(_PROSE), lead=lead))
    assert (found.lines[0].kind, found.lines[0].text) == ("dek", lead)
    assert [ln.kind for ln in found.lines[1:]] == ["body"] * len(_PROSE)
    two = clean_article(RawArticle(source="p.html", text=text, is_html=True, core_text=_PROSE[2], lead=text))
    assert [ln.kind for ln in two.lines] == ["dek"] * (len(_PROSE) + 1)  # a standfirst of several lines
