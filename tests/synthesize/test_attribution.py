"""The speaker the parse found, as the reader sees it: how far back "he"/"she" may reach."""

from __future__ import annotations

from newsweave.synthesize.attribution import heard_speaker, nearby
from newsweave.synthesize.referents import PRONOUN_REACH, Genders
from newsweave.synthesize.speakers import Mention


def test_a_pronoun_stands_only_for_a_person_named_in_its_paragraph_or_the_few_before():
    paragraphs = ["Mr. Tarn Holloway opened the session."]
    paragraphs += ["The council met for an hour."] * PRONOUN_REACH
    paragraphs += ["“It went well,” he said."]
    genders = Genders(paragraphs, ["Tarn Holloway"])
    he = Mention("he", "pronoun", 17, 19)
    last = len(paragraphs) - 1
    assert heard_speaker(he, ["Tarn Holloway"], [], genders) == ("Tarn Holloway", "pronoun")
    assert heard_speaker(he, ["Tarn Holloway"], [], genders, nearby(paragraphs, last)) == (None, "unknown")
    paragraphs[1] = "Holloway spoke first."
    assert heard_speaker(he, ["Tarn Holloway"], [], genders, nearby(paragraphs, last)) == ("Tarn Holloway", "pronoun")
