"""Articles' quotes kept: found with each article's own names, so that a story written again as
it grows reads them back, and its speakers named as the story names its people afterwards."""

from __future__ import annotations

from dataclasses import replace

from newsweave.records import Actor, Line
from newsweave.synthesize import quotes as quotes_module
from newsweave.synthesize.persons import People
from newsweave.synthesize.quote_marks import Quote
from newsweave.synthesize.quote_memory import (
    KeptQuote,
    KeptQuotes,
    QuoteMemory,
    decode_quotes,
    encode_quotes,
    quotes_version,
)
from newsweave.synthesize.story_speakers import story_name

from ..synth_helpers import material

BODIES = {
    "a1": [
        "Finance Minister Emre Dalton defended the budget on Tuesday.",
        "“This budget protects the families who need help most,” Dalton told lawmakers.",
    ],
    "a2": [
        "The opposition answered on Wednesday.",
        "“The minister is hiding the real cost of the plan,” Dalton’s rival Carla Nunes said.",
        "“Our families deserve better than this,” Nunes said.",
    ],
}
NAMES = {"Emre Dalton": "PERSON", "Dalton": "PERSON", "Carla Nunes": "PERSON", "Nunes": "PERSON"}


def _story(bodies=BODIES):
    return material([(aid, "2031-03-04", body) for aid, body in bodies.items()], NAMES)


def _shown(found):
    return [(f.article, f.quote.text, f.quote.speaker, f.quote.speaker_kind, f.sentence, f.start) for f in found]


def test_a_stored_article_s_quotes_are_read_back_not_found_again(quote_reads):
    story = _story()
    first = QuoteMemory()
    found = quotes_module.story_quotes(story, None, memory=first)
    assert {f.article for f in found} == {"a1", "a2"}
    stored = {a: decode_quotes(encode_quotes(k)) for a, k in first.take_new().items()}  # as the store keeps them
    assert set(stored) == {"a1", "a2"} and first.take_new() == {}

    read = quote_reads
    read.clear()  # counted from here on
    later = QuoteMemory()  # a later command: only what the store kept
    later.remember(stored)
    again = quotes_module.story_quotes(story, None, memory=later)
    assert read == [] and (later.reused, later.found) == (2, 0)
    assert _shown(again) == _shown(found)
    assert later.take_new() == {}  # nothing new to store


def test_a_new_or_changed_article_is_read_and_the_others_are_not(quote_reads):
    story = _story()
    memory = QuoteMemory()
    quotes_module.story_quotes(story, None, memory=memory)
    memory.take_new()
    grown = _story({**BODIES, "a3": ["“We will vote against it on Friday,” Nunes told reporters."]})
    changed = replace(grown.articles[0], lines=[*grown.articles[0].lines, Line(9, "A later line.", "body")])
    grown.articles[0] = changed
    read = quote_reads
    read.clear()  # counted from here on
    quotes_module.story_quotes(grown, None, memory=memory)
    assert sorted(read) == ["a1", "a3"]  # a1 changed, a3 is new; a2 came from memory
    assert (memory.reused, memory.found) == (1, 2)
    assert set(memory.take_new()) == {"a1", "a3"}


def test_the_version_names_the_parser_and_the_code():
    assert quotes_version("spacy en_core_web_sm 3.8") != quotes_version("spacy en_core_web_sm 3.9")
    assert quotes_version(None) != quotes_version("spacy en_core_web_sm 3.8")


def test_the_version_changes_with_the_code_that_finds_quotes_and_no_other(monkeypatch):
    from newsweave.runtime import code_digest as code
    from newsweave.synthesize import quote_memory

    modules = quote_memory.quoting_modules()
    assert {"newsweave.synthesize.quote_marks", "newsweave.synthesize.speakers"} <= set(modules)
    assert "newsweave.synthesize.tallies" not in modules  # counts find no quotes
    assert "quotes_en.json" in code.rule_files(modules)

    def version_with_edit(edited: str) -> str:
        source = code._source
        with monkeypatch.context() as patch:
            patch.setattr(code, "_source", lambda m: source(m) + ("\n# edited" if m == edited else ""))
            quote_memory.code_digest.cache_clear()
            version = quotes_version("spacy en_core_web_sm 3.8")
        quote_memory.code_digest.cache_clear()
        return version

    before = quotes_version("spacy en_core_web_sm 3.8")
    assert version_with_edit("newsweave.synthesize.quote_marks") != before  # other code: other quotes
    assert version_with_edit("newsweave.synthesize.tallies") == before  # unrelated code: the same quotes


def test_kept_quotes_survive_the_store_s_bytes():
    quote = Quote("A fair budget for all of us,", "Emre Dalton", "named", "said", 1, 2, 30, "direct", 2)
    kept = KeptQuotes("abc", (KeptQuote(quote, 3, 40, 68),))
    assert decode_quotes(encode_quotes(kept)) == kept


def test_the_story_s_people_name_a_speaker_the_article_gave_a_surname_alone():
    story = _story(
        {
            **BODIES,
            "a3": ["Lawmakers met again on Thursday.", "“The plan will pass by Friday,” Dalton told reporters."],
        }
    )
    # the third article names the minister by his surname only: alone, it knows no more
    memory = QuoteMemory()
    alone = quotes_module.story_quotes(story, None, memory=memory)
    assert [f.quote.speaker for f in alone if f.article == "a3"] == ["Dalton"]
    actors = [Actor("Emre Dalton", "person", ["Dalton"], 3), Actor("Carla Nunes", "person", ["Nunes"], 3)]
    found = quotes_module.story_quotes(story, actors, memory=memory)  # the articles' quotes read back
    assert [f.quote.speaker for f in found if f.article == "a3"] == ["Emre Dalton"]
    assert [f.quote.speaker for f in found if f.article == "a1"] == ["Emre Dalton"]
    # what the memory keeps is the article's own reading: the story's names never reach it
    assert [q.quote.speaker for q in memory.recent["a3"].quotes] == ["Dalton"]


def test_a_speaker_is_the_story_s_person_by_the_names_the_story_knows():
    people = People.from_actors(
        [
            Actor("Emre Dalton", "person", ["Dalton", "Emre K. Dalton"], 5),
            Actor("Ilse Brandt", "person", ["Brandt"], 2),
            Actor("Port Elden", "place", [], 2),
        ]
    )
    assert story_name("Emre K. Dalton", people) == "Emre Dalton"  # an alias
    assert story_name("Minister Emre Dalton", people) == "Emre Dalton"  # a title removed
    assert story_name("Counsellor Ilse Brandt", people) == "Ilse Brandt"  # a word the tagger took in
    assert story_name("HARBOUR TALKS STALL Brandt", people) == "Ilse Brandt"  # a headline run before it
    assert story_name("Oskar Brandt", people) == "Oskar Brandt"  # another person of that surname
    assert story_name("Port Elden", people) == "Port Elden"  # no person
    assert story_name("Mira Castell", people) == "Mira Castell"  # unknown to the story


def test_an_article_s_shared_surname_stands_for_the_full_name_it_names_most():
    story = material(
        [
            (
                "b1",
                "2031-03-04",
                [
                    "Admiral Oskar Lind led the response on Monday.",
                    "Neither Lind nor the crews expected the storm, wrote Mara Lind.",
                    "Oskar Lind said the pumps were working.",
                    "Lind said the crews would stay.",
                ],
            )
        ],
        {"Oskar Lind": "PERSON", "Mara Lind": "PERSON", "Lind": "PERSON"},
    )
    people = quotes_module.article_people(story, "b1")
    assert people.names["Lind"] == "Oskar Lind"
    assert quotes_module.article_people(_story(), "a1").names["Dalton"] == "Emre Dalton"  # unique: as before


def test_a_sentence_s_first_word_run_into_a_name_is_read_off_by_the_story_s_lower_case():
    from newsweave.synthesize.story_speakers import CommonWords

    story = material(
        [
            (
                "c1",
                "2031-03-04",
                [
                    "Maybe Brandt will sign the deal, maybe not.",
                    "Oskar spoke after Brandt; Oskar said little.",
                    "Brandt spoke again.",
                ],
            )
        ]
    )
    common = CommonWords(story)
    assert common("Maybe") and not common("Oskar") and not common("Brandt")
    people = People.from_actors([Actor("Ilse Brandt", "person", ["Brandt"], 2)])
    assert story_name("Maybe Brandt", people, common) == "Ilse Brandt"
    assert story_name("Oskar Brandt", people, common) == "Oskar Brandt"
    assert story_name("Maybe Brandt", people) == "Maybe Brandt"  # without the story's words: as found


def test_the_story_does_not_rename_a_place_the_article_tagged_nor_shorten_a_full_name():
    from newsweave.synthesize.story_speakers import story_speaker

    # actors the story's merging got wrong: a place joined to a person, a person shown by a surname
    people = People.from_actors(
        [Actor("Ilse Brandt Valmora", "person", ["Valmora"], 4), Actor("Mrs Castell", "person", ["Mira Castell"], 5)]
    )
    assert story_speaker("Valmora", "named", people) == "Ilse Brandt Valmora"
    assert story_speaker("Valmora", "named", people, others=frozenset({"Valmora"})) == "Valmora"
    assert story_speaker("Mira Castell", "named", people) == "Mira Castell"
    assert story_speaker("a spokeswoman", "description", people) == "a spokeswoman"
