import json
import re

import pytest

from newsweave.clean.article import clean_article
from newsweave.clean.line_rules import looks_like_title
from newsweave.clean.normalise import content_hash
from newsweave.records import RawArticle

from ..conftest import SEEDS


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
    dated = clean_article(RawArticle(source="x", text=f"NEW HARBOURTON May 7 (Wire Service) - {BODY}\n{MORE}"))
    assert dated.body[0].text == BODY
    bullets = f"* Ferries run again * Union accepts pay rise By Jane Roe NEW HARBOURTON, May 7 (Wire Service) - {BODY}"
    lines = clean_article(RawArticle(source="x", text=f"{bullets}\n{MORE}")).lines
    kinds = [(ln.kind, ln.reason) for ln in lines[:3]]
    assert kinds == [("dropped", "before-dateline"), ("dropped", "dateline"), ("body", None)]
    assert lines[2].text == BODY
    # the lines after the split are all still read: a heading near the end is marked
    ending = f"{bullets}\n{MORE}\n\nWhat Comes Next\n\nThe council will meet again on Friday to set the timetable."
    marked = {ln.text: ln.kind for ln in clean_article(RawArticle(source="x", text=ending)).lines}
    assert marked["What Comes Next"] == "heading"
    for first in (  # a lead opening with a number; a page header's clock time before the dateline
        f"* Port shut * Unions angry By Jane Roe HARBOURTON, May 3 (Wire Service) - 300 {BODY}",
        f"2031 06 19 22:54 JST HARBOURTON (Wire Service) - {BODY}",
    ):
        split = clean_article(RawArticle(source="x", text=f"{first}\n{MORE}"))
        assert split.body[0].text.endswith(BODY) and "HARBOURTON" not in split.body[0].text
    for lead in (
        "Leaders of the NU (Northern Union) - the bloc of nine states - met in Eastbrook on Monday.",
        "Officials at the HPA (Harbour Port Authority) -- The port's owner -- said the quay was closing.",
    ):  # an acronym and its name in brackets inside a lead, no bullets or byline before it: kept
        assert clean_article(RawArticle(source="x", text=f"{lead}\n{MORE}")).body[0].text == lead
    undated = "NEW HARBOURTON May 7 - the words after a place and a date with no agency stay"
    assert clean_article(RawArticle(source="x", text=f"{undated}\n{MORE}")).body[0].text.startswith("NEW HARBOURTON")


STAMPED = "HARBOURTON | Tue Mar 3, 2015 4:05 pm EST HARBOURTON (Wire Service) - "
BODY = "The ferry strike ended on Tuesday after three days of talks, the port authority said."
MORE = (
    "Crews returned to the harbour at dawn, and the first ferries left on time.\n"
    "Passengers who had waited since Saturday boarded the morning boats to the islands.\n"
    "The union said its members had accepted a pay rise of four percent over two years."
)


def test_a_page_header_with_a_time_stamp_goes_with_the_dateline_and_still_dates_the_article():
    art = clean_article(RawArticle(source="x", text=f"{STAMPED}{BODY}\n{MORE}"))
    assert art.body[0].text == BODY
    assert [(ln.text, ln.reason) for ln in art.dropped] == [(STAMPED.strip(), "dateline")]
    assert art.published == "2015-03-03" and art.title is None


def test_the_headline_a_page_header_opens_with_becomes_the_title():
    for head in ("Ferry strike ends after three days", "Full Article Ferry strike ends after three days By Jane Roe"):
        art = clean_article(RawArticle(source="x", text=f"{head} {STAMPED}{BODY}\n{MORE}"))
        assert art.title == "Ferry strike ends after three days" and art.body[0].text == BODY
    credit = clean_article(RawArticle(source="x", text=f"A. Roe/Handout/Files {STAMPED}{BODY}\n{MORE}"))
    assert credit.title is None and credit.body[0].text == BODY  # a photo credit is no headline


@pytest.mark.parametrize(
    "header",
    [
        "HARBOURTON, March 3 | Tue Mar 3, 2015 4:05 pm EST HARBOURTON, March 3 (Wire Service) - ",
        "Tue Mar 3, 2015 4:05 pm EST (Wire Service) - ",
        "4:05 PM ET, Tue March 3, 2015 | HARBOURTON (Wire Service) -- ",
        "NEW HARBOURTON | Tue Mar 3, 2015 4:05 pm EST NEW HARBOURTON Mar 3 (Wire Service) - ",  # a date, no comma
    ],
)
def test_stamped_headers_of_other_shapes_go_with_the_dateline(header):
    art = clean_article(RawArticle(source="x", text=f"{header}{BODY}\n{MORE}"))
    assert art.body[0].text == BODY and art.published == "2015-03-03"


@pytest.mark.parametrize(
    "header",
    [
        "Tue , Mar 3 6:14 PM EST By Jane Roe and Tom Poe HARBOURTON -LRB- Wire Service -RRB- - ",
        "Tue, Mar 3, 2015 4:05 pm EST By J. Roe, Tom Poe HARBOURTON (Wire Service) - ",
        "By Jane Roe, Tom Poe HARBOURTON | Tue Mar 3, 2015 4:05 pm EST HARBOURTON (Wire Service) - ",
    ],
)
def test_a_byline_and_a_stamp_without_its_year_go_with_the_dateline(header):
    art = clean_article(RawArticle(source="x", text=f"{header}{BODY}\n{MORE}"))
    assert art.body[0].text == BODY and art.title is None
    (dropped,) = art.dropped
    assert dropped.reason == "dateline" and dropped.text.endswith("HARBOURTON (Wire Service) -")
    assert "Roe" not in " ".join(ln.text for ln in art.body)


def test_a_date_without_year_and_a_byline_in_prose_stay():
    prose = "On Tue, Mar 3 at 6:14 PM the council met and By Jane Roe was read aloud to the members."
    art = clean_article(RawArticle(source="x", text=f"{prose}\n{BODY}"))
    assert [ln.text for ln in art.body] == [prose, BODY]


def test_comment_section_notices_are_boilerplate():
    notices = ["This discussion is now closed.", "We welcome comments on our articles for a limited period."]
    art = clean_article(RawArticle(source="x", text="\n".join([BODY, MORE, *notices])))
    assert [(ln.text, ln.kind) for ln in art.lines if ln.text in notices] == [(n, "dropped") for n in notices]


def test_lines_before_a_stamped_header_are_not_the_article_and_a_stamp_in_prose_stays():
    caption = "A ferry waits at the pier in Harbourton, March 2, 2015."
    art = clean_article(RawArticle(source="x", text=f"{caption}\n{STAMPED}{BODY}"))
    assert (caption, "before-dateline") in [(ln.text, ln.reason) for ln in art.dropped]
    assert art.body[0].text == BODY
    prose = "The vote on Tue Mar 3, 2015 at 4:05 pm EST passed after a long debate in the council."
    kept = clean_article(RawArticle(source="x", text=f"{prose}\n{BODY}"))
    assert [ln.text for ln in kept.body] == [prose, BODY] and not kept.dropped


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
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.95, (precision, recall)


def test_rules_never_drop_long_lines_and_bylines_need_names():
    long_line = "The commission unveiled its report. " * 5 + "Readers of the weekly newsletter knew it first. " * 8
    kinds, art = _kinds(long_line.strip() + "\nBy one vote, the coalition lost the confidence motion on Friday.\n")
    assert [ln.kind for ln in art.lines] == ["body", "body"]
    kinds, _ = _kinds("Main text of the story here.\nBy Jane Doe and John Roe\nMore text follows here.")
    assert kinds["By Jane Doe and John Roe"] == ("dropped", "contributor")


def test_ptb_quotes_become_typographic_also_when_a_quote_opens_with_two_apostrophes():
    from newsweave.clean.normalise import normalise_text

    text = "``We will stay,'' he said.\n''There were 3,197 cases'' of abuse, she said (''many'' more)."
    expected = "“We will stay,” he said.\n“There were 3,197 cases” of abuse, she said (“many” more)."
    assert normalise_text(text) == expected


def test_head_block_gives_title_and_standfirst_before_the_first_paragraph():
    text = "\n".join(
        [
            "Rescue teams reach villages cut off by the river after three days of rain in the valley",
            "",
            "River floods cut off valley villages",
            "",
            "Rescue teams reached the last of the villages on Thursday, the regional government said.",
            "Roads remain closed.",
        ]
    )
    kinds, art = _kinds(text)
    assert art.title == "River floods cut off valley villages"
    assert kinds["River floods cut off valley villages"] == ("title", None)
    assert kinds["Rescue teams reach villages cut off by the river after three days of rain in the valley"][0] == "dek"
    assert kinds["Roads remain closed."] == ("body", None)


def test_a_long_standfirst_that_ends_in_a_quote_is_not_body():
    text = (
        "Minister travels to the capital to meet her counterpart, with trade on top of mind; "
        "‘This visit opens a new chapter for both countries’\n\n"
        "The minister is set to meet her counterpart in the capital on Thursday afternoon.\n"
    )
    _, art = _kinds(text)
    assert [ln.kind for ln in art.lines] == ["dek", "body"]
    assert art.title is None


def test_hard_wrapped_body_lines_are_neither_headings_nor_head():
    text = (
        "BERLIN (AP) _ The former chancellor, who led the country for sixteen years,\n"
        "said on Monday that he would testify.\n"
        "The court, meanwhile, planned to ask\n"
        "the ministry for its files.\n"
    )
    _, art = _kinds(text)
    assert [ln.kind for ln in art.lines] == ["dropped", "body", "body", "body", "body"]


def test_a_line_wedged_in_the_closing_promotion_block_is_dropped():
    text = "\n".join(
        [
            "The strike ended on Friday after the union accepted the offer of the port operator.",
            "You are a dedicated reader",
            "That is why we started this site ten years ago, to give discerning people the coverage they need",
            "Join our community",
            "Already a member? Log in to stop seeing this",
        ]
    )
    kinds, art = _kinds(text)
    assert [ln.kind for ln in art.lines] == ["body", "dropped", "dropped", "dropped", "dropped"]
    body_between = "\n".join(
        [
            "The strike ended on Friday after the union accepted the offer.",
            "Read more: Port strike enters second week",
            "Workers will return to the terminal on Monday, the union said.",
            "Read more: Ships queue outside the harbour",
            "Both sides will meet again in the spring to talk about the cranes.",
        ]
    )
    kinds, art = _kinds(body_between)
    assert kinds["Workers will return to the terminal on Monday, the union said."] == ("body", None)


def test_lines_in_another_language_are_dropped_and_the_article_language_kept():
    text = "\n".join(
        [
            "The council approved the new bridge on Monday after a long debate about its cost.",
            "Construction is due to start next spring, the mayor said.",
            "Envíanos tus noticias",
            "Si tienes una pista sobre una noticia, no dudes en escribirnos a través de la web.",
        ]
    )
    kinds, art = _kinds(text)
    assert art.language == "en"
    assert kinds["Envíanos tus noticias"] == ("dropped", "other-language:es")
    assert kinds["Construction is due to start next spring, the mayor said."] == ("body", None)


def test_a_non_english_article_is_kept_and_flagged_with_its_language():
    text = "Le conseil a approuvé le nouveau pont lundi après un long débat.\nLes travaux commenceront au printemps."
    _, art = _kinds(text)
    assert art.language == "fr"
    assert [ln.kind for ln in art.lines] == ["body", "body"]


def test_clean_command_prints_kept_and_dropped_lines_with_input_line_numbers(tmp_path, capsys):
    from newsweave.cli import main

    path = tmp_path / "a.txt"
    path.write_text(
        "Port strike ends after two weeks\n\nThe strike ended on Friday, the union said.\n"
        "Subscribe to our daily newsletter and never miss a story.\n",
        encoding="utf-8",
    )
    assert main(["clean", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == str(path)
    assert data["language"] == "en"
    assert data["title"] == "Port strike ends after two weeks"
    assert data["body"] == [{"line": 3, "text": "The strike ended on Friday, the union said."}]
    [dropped] = data["dropped"]
    assert dropped["line"] == 4 and dropped["reason"] == "promotion"
    assert dropped["text"] == "Subscribe to our daily newsletter and never miss a story."
    assert 0.0 <= dropped["confidence"] <= 1.0  # the classifier's probability that it is boilerplate
    assert main(["clean", str(path)]) == 0
    assert re.search(r"    4 - \[promotion [01]\.\d\d\] Subscribe", capsys.readouterr().out)
    assert main(["clean", str(tmp_path / "missing.txt")]) == 3


def test_a_line_that_recurs_across_an_outlets_articles_is_its_boilerplate(tmp_path):
    from newsweave.pipeline.runner import Newsweave
    from newsweave.store.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    stories = [
        "The harbour reopened on Monday after the storm, the port authority said.",
        "The city council approved the budget for next year on Tuesday evening.",
        "Police arrested two men after a break-in at the museum on Wednesday.",
        "The school board voted to extend the summer holidays by one week.",
    ]
    recurring = "Our reporters work around the clock to bring you the news that matters"
    background = "The port handles about a third of the region's container traffic."
    for i, text in enumerate(stories):
        extra = f"\n{background}" if i < 2 else ""
        (folder / f"{i}.txt").write_text(f"{text}{extra}\n{recurring}\n", encoding="utf-8")
    (folder / "other.txt").write_text(f"{stories[0]} Ships queued outside.\n{recurring}\n", encoding="utf-8")
    with Newsweave(tmp_path / "n.db") as nw:
        nw.ingest([folder / f"{i}.txt" for i in range(4)], outlet="Harbour Times")
        nw.ingest([folder / "other.txt"], outlet="Other Outlet")
        for article in nw._without_recurring(nw.store.pending_annotation()):
            kinds = {ln.text: (ln.kind, ln.reason) for ln in article.lines}
            if article.outlet == "Harbour Times":
                assert kinds[recurring] == ("dropped", "recurring")  # in 4 of its 4 articles
                if background in kinds:
                    assert kinds[background] == ("body", None)  # in 2 of 4: not enough
            else:
                assert kinds[recurring] == ("body", None)  # one article of that outlet: no evidence
    with Store(tmp_path / "n.db") as store:  # the decision is stored with the article
        stored = [a for a in store.articles() if a.outlet == "Harbour Times"]
        assert all(any(ln.reason == "recurring" for ln in a.lines) for a in stored)


def test_without_outlets_a_line_recurring_across_a_files_articles_is_its_boilerplate(tmp_path):
    """Articles without an outlet are grouped by their file: a file of many records drops a line
    most of them carry; a small file (which may mix outlets printing one wire sentence) keeps it,
    and articles of files of their own never share a group."""
    import json

    from newsweave.pipeline.runner import Newsweave

    promo = "Our newsroom covers the towns of the valley every day of the week."
    places = ["harbour", "bridge", "museum", "school", "library", "station", "market", "stadium", "park", "clinic"]
    texts = [
        f"The {place} closed on Monday after the storm, officials said.\nIts repairs will take {i + 2} weeks."
        for i, place in enumerate(places * 2)
    ]
    big, small = tmp_path / "export.jsonl", tmp_path / "small.jsonl"
    big.write_text("".join(json.dumps({"text": f"{t}\n{promo}"}) + "\n" for t in texts[:12]), encoding="utf-8")
    small.write_text("".join(json.dumps({"text": f"{t}\n{promo}"}) + "\n" for t in texts[12:16]), encoding="utf-8")
    folder = tmp_path / "pages"
    folder.mkdir()
    for i, text in enumerate(texts[16:]):
        (folder / f"{i}.txt").write_text(f"{text}\n{promo}\n", encoding="utf-8")
    with Newsweave(tmp_path / "n.db") as nw:
        nw.ingest([big, small, folder])
        kinds = {}
        for article in nw._without_recurring(nw.store.pending_annotation()):
            assert article.outlet is None
            line = next(ln for ln in article.lines if ln.text == promo)
            kinds.setdefault(article.source.rsplit(":", 1)[0], set()).add((line.kind, line.reason))
    assert kinds.pop(str(big)) == {("dropped", "recurring")}  # 12 of the file's 12 articles
    assert kinds.pop(str(small)) == {("body", None)}  # 4 articles: too few for a file
    assert kinds and all(found == {("body", None)} for found in kinds.values())  # a file each


BOILERPLATE_IN_MANY_LANGUAGES = {
    "Share this article": "promotion",
    "Advertisement": "promotion",
    "Skip to main content": "promotion",
    "We use cookies to improve your experience on our site.": "cookie",
    "Reporting by Jane Doe; Editing by John Roe": "contributor",
    "Related articles": "promotion",  # an English rule names it first
    "Abonnez-vous à notre newsletter": "promotion",
    "À lire aussi : le budget en débat": "related",
    "Ce site utilise des cookies pour améliorer votre expérience": "cookie",
    "Foto: dpa/Max Muster": "caption",
    "Lesen Sie auch: Neue Pläne für die Brücke": "related",
    "Alle Rechte vorbehalten": "footer",
    "Suscríbete a nuestro boletín": "promotion",
    "Noticias relacionadas": "related",
    "Leggi anche: il ponte sul fiume": "related",
    "Iscriviti alla newsletter": "promotion",
    "Leia também: a ponte sobre o rio": "related",
    "Siga-nos no Instagram": "promotion",
    "צילום: ישראל ישראלי": "caption",
    "כתבות נוספות": "related",
    "اقرأ أيضا": "related",
    "جميع الحقوق محفوظة": "footer",
}


def test_rules_name_boilerplate_in_eight_languages():
    from newsweave.clean.line_rules import classify_line

    for line, reason in BOILERPLATE_IN_MANY_LANGUAGES.items():
        assert classify_line(line, None) == reason, line
    for line in (
        "Le conseil a approuvé le nouveau pont lundi après un long débat.",
        "Die Stadt teilte am Montag mit, dass die Brücke im Frühjahr gebaut wird.",
        "Par ailleurs, avec le soutien de la région, les travaux commenceront en mai.",
        "Reuters reported on Monday that the talks had stalled.",
    ):
        assert classify_line(line, None) is None, line


def test_injected_boilerplate_is_dropped_and_the_article_kept():
    body = [
        "The city council approved the new bridge on Monday after a long debate about its cost.",
        "Construction is due to start next spring, the mayor said, and will take two years.",
        "Opponents said the money would be better spent on repairing the roads of the old town.",
        "The vote was 12 to 9, with two members absent because of illness.",
    ]
    injected = ["Share this article", "Advertisement", "Reporting by Jane Doe; Editing by John Roe"]
    text = "\n".join([body[0], injected[0], body[1], injected[1], body[2], body[3], injected[2]])
    kinds, art = _kinds(text)
    assert [ln.text for ln in art.body] == body
    assert all(kinds[line][0] == "dropped" for line in injected)
    assert all(ln.score is not None and 0.0 <= ln.score <= 1.0 for ln in art.lines)


MENU = ["Home", "World", "UK", "Business", "Politics", "Technology", "Science", "Health", "Sport", "Weather", "Search"]
ARTICLE = [
    "Harbour reopens after the storm",
    "The harbour reopened on Monday after three days of storms had kept every ship in port, the authority said.",
    "Fishermen who had waited since Friday were the first to leave, followed by the ferry to the islands.",
    "The authority said the damage to the outer wall would be repaired over the summer at a cost still unknown.",
    "Local shops, closed since the weekend, opened again in the afternoon as the wind dropped and the rain moved east.",
    "The weather service expects calmer days for the rest of the week, with light winds from the south.",
]
RELATED = [
    "Most popular",
    "Council votes on school budget",
    "Police appeal for witnesses",
    "Ferry timetable changes",
    "New cafe opens on the quay",
    "Top stories",
    "Bridge repairs to start in May",
    "Mayor visits flooded street",
]
FOOTER = ["About us", "Privacy policy", "Terms of use", "Cookie settings", "Advertise with us", "© 2024 Example Media"]


def test_a_page_flattened_to_text_keeps_its_article_and_drops_menus_lists_and_footer():
    kinds, art = _kinds("\n".join(MENU + ARTICLE + RELATED + FOOTER))
    assert [ln.text for ln in art.lines if ln.kind != "dropped"] == ARTICLE
    assert {kinds[line] for line in MENU} <= {("dropped", "menu"), ("dropped", "classifier"), ("dropped", "promotion")}
    assert all(kinds[line][0] == "dropped" for line in RELATED + FOOTER)
    classified = [ln for ln in art.lines if ln.reason == "classifier"]
    assert classified and all(ln.score >= 0.5 for ln in classified)


def test_the_line_model_ships_with_the_package_and_fits_the_features():
    import numpy as np

    from newsweave.clean.line_features import feature_names, line_features
    from newsweave.clean.line_model import load_line_model

    model = load_line_model()
    assert model is not None and model.hidden_weights.shape[0] == len(feature_names())
    features = line_features(
        ["Home", "The council met on Monday to approve the budget for next year."], [None, None], "en"
    )
    probability = model.boilerplate_probability(features)
    assert probability[0] > probability[1]
    assert np.all((probability >= 0) & (probability <= 1))


def test_lines_passed_over_by_date_inference_hold_no_full_date():
    """Date inference reads only the lines that may hold a full date: on the project's temporal
    sets, every sentence in which the full scan finds a full date passes the quick check."""
    from pathlib import Path

    from newsweave.text.dates import infer_published, may_hold_full_date, parse_iso
    from newsweave.text.timexes import find_timexes

    data = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
    sentences = [
        json.loads(line)["sentence"]
        for name in ("timex_en.jsonl", "timex_en_heldout.jsonl")
        for line in (data / name).read_text("utf-8").splitlines()
    ]
    sentences += ["Published 2022-06-23 09:14", "ON MARCH 9TH, 2022, IT RAINED.", "the 9th of   may 1998 was hot"]
    dated = [
        s
        for s in sentences
        if any(tx.granularity == "day" and parse_iso(tx.value) for tx in find_timexes(s, None) if tx.value)
    ]
    assert len(dated) >= 10 and any(infer_published([s]).value for s in dated)
    assert [s for s in dated if not may_hold_full_date(s)] == []
    assert not may_hold_full_date("Talks resumed on Friday, weeks after the March walkout.")


def test_folding_for_hashes_is_one_rule_for_ascii_and_other_text():
    from newsweave.clean.normalise import folded as _folded

    for text in ("  Hello,   World!! it's_2024 ", "--", "Ça va — très BIEN_ok?", "ﬁne Straße\tİstanbul", ""):
        assert _folded(text) == re.sub(r"[\W_]+", " ", text.casefold()).strip(), text


def test_a_headline_before_a_stamp_and_paragraphs_is_the_title_not_a_wrapped_line():
    paragraph = (
        "The city council voted on Tuesday to close the old harbour bridge to cars for two years while "
        "engineers replace its deck, a plan residents had fought since the spring."
    )
    text = "\n".join(
        [
            "Council closes harbour bridge for repairs",
            "First Published: March 3, 2021 4:59 PM EDT",
            paragraph,
            "Traffic will be sent over the northern crossing, which the council says can take the load.",
        ]
    )
    kinds, art = _kinds(text)
    assert art.title == "Council closes harbour bridge for repairs"
    assert kinds["First Published: March 3, 2021 4:59 PM EDT"] == ("dropped", "dateline")  # no standfirst
    # the first headline of a few words, not a shorter kicker before it
    _, art = _kinds("Local news\n" + text)
    assert art.title == "Council closes harbour bridge for repairs"
    # a stamp alone above the paragraphs is never the title
    _, art = _kinds("\n".join(["Updated 4:08 p.m. ET", paragraph]))
    assert art.title is None


def test_a_capitalised_line_carries_on_the_one_before_only_in_hard_wrapped_text():
    from newsweave.clean.article import hard_wrapped

    lines = [
        "The ministry said on Monday that the new rules would apply from the first day of",
        "January and that companies which had already filed their returns for the year would",
        "not need to file them again, the statement signed by the deputy minister said, and",
        "that the office in the capital would write to each of them before the end of the",
        "Summer Recess",  # a short capitalised line, carried on by the next
        "Committee's sitting to explain what the change means for their accounts this year.",
    ]
    _, art = _kinds("\n".join(lines))
    assert hard_wrapped(art.lines)
    assert all(ln.kind == "body" for ln in art.lines)  # not a heading: the sentence goes on
    paragraph = " ".join(lines[:4])  # the same words, a paragraph a line: the short line stands alone
    _, art = _kinds("\n".join([paragraph, paragraph, "Summer Recess", paragraph, paragraph, paragraph]))
    assert not hard_wrapped(art.lines)
    assert [ln.kind for ln in art.lines if ln.text == "Summer Recess"] == ["heading"]


def test_a_wire_dateline_after_a_standfirst_sentence_is_split_off():
    text = "\n\n".join(
        [
            "The new levy has strained relations with the neighbouring states and drawn two complaints.",
            "PORTVILLE , May 2 ( Wire ) - The government postponed the levy on imported steel until June, "
            "officials said on Monday.",
            "The decision came hours before the exemptions were due to end.",
        ]
    )
    _, art = _kinds(text)
    assert art.body[1].text.startswith("The government postponed")
    assert [ln.reason for ln in art.lines if ln.text.startswith("PORTVILLE")] == ["dateline"]
    # a later paragraph opening with a place and a dash but no agency is left whole
    plain = text.replace("( Wire ) ", "")
    _, art = _kinds(plain)
    assert any(ln.text.startswith("PORTVILLE") and ln.kind == "body" for ln in art.lines)


def test_a_photo_caption_ending_in_its_weekday_and_full_date_is_dropped():
    caption = "A pedestrian walks past a stock board in the capital, Thursday, Oct. 16, 2008."
    body = "Shares fell on Thursday, Oct. 16, 2008, as investors sold banks."
    told = "The vote was held on Friday, April 27, 2018."
    begins = "The trial of the former mayor, who is charged with taking bribes, begins Monday, Jan. 5, 2009."
    kinds, _ = _kinds("\n".join([body, caption, told, begins]))
    assert kinds[caption] == ("dropped", "caption")
    assert all(kinds[line][0] == "body" for line in (body, told, begins))
