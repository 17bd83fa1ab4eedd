"""Speakers from a dependency parse where the parser slipped: parses written by hand (the
slips seen on real articles, with invented words), so each rule is tested without the model."""

from __future__ import annotations

from newsweave.synthesize.speakers import attribute, children, subject_of
from newsweave.text.parse import Tok


def toks_of(spec: list[tuple[str, str, str, int, int]]) -> tuple[str, list[Tok]]:
    """The text (words joined by spaces; a space token "_SP" is the second of two spaces) and
    its tokens from (word, tag, dep, head, sentence)."""
    toks, text = [], ""
    for i, (word, tag, dep, head, sent) in enumerate(spec):
        if tag == "_SP":
            toks.append(Tok(i, len(text), word, tag, dep, head, sent))
            text += word
            continue
        toks.append(Tok(i, len(text), word, tag, dep, head, sent))
        text += word + " "
    return text, toks


def quoted(text: str) -> list[tuple[int, int]]:
    """The spans between “ and ” (or the ” after a bare opening), as the quote finder gives them."""
    spans, start = [], None
    for k, ch in enumerate(text):
        if ch == "“":
            start = k + 1
        elif ch == "”" and start is not None:
            spans.append((start, k))
            start = None
    return spans


def test_a_verb_without_subject_takes_the_name_between_the_quote_and_it():
    # the parser hung the name inside the quote, as the predicate of its verb
    text, toks = toks_of(
        [
            ("“", "``", "punct", 11, 0),
            ("It", "PRP", "nsubj", 2, 0),
            ("is", "VBZ", "ccomp", 11, 0),
            ("fine", "JJ", "acomp", 2, 0),
            (",", ",", "punct", 2, 0),
            ("”", "''", "punct", 11, 0),
            ("Tamsin", "NNP", "compound", 7, 0),
            ("Ardley", "NNP", "attr", 2, 0),
            (",", ",", "punct", 7, 0),
            ("an", "DT", "det", 10, 0),
            ("adviser", "NN", "appos", 7, 0),
            ("said", "VBD", "ROOT", 11, 0),
            (".", ".", "punct", 11, 0),
        ]
    )
    ((who, verb, _),) = attribute(toks, quoted(text))
    assert (who.text, who.kind, verb) == ("Tamsin Ardley", "named", "said")


def test_a_verb_without_subject_after_the_quote_takes_the_phrase_after_it():
    text, toks = toks_of(
        [
            ("“", "``", "punct", 6, 0),
            ("It", "PRP", "nsubj", 2, 0),
            ("is", "VBZ", "ccomp", 6, 0),
            ("large", "JJ", "acomp", 2, 0),
            (",", ",", "punct", 2, 0),
            ("”", "''", "punct", 6, 0),
            ("added", "VBD", "ROOT", 6, 0),
            ("a", "DT", "det", 8, 0),
            ("Democrat", "NNP", "dobj", 6, 0),
            ("from", "IN", "prep", 8, 0),
            ("Orlen", "NNP", "pobj", 9, 0),
            (".", ".", "punct", 6, 0),
        ]
    )
    ((who, verb, _),) = attribute(toks, quoted(text))
    # "a Democrat" is someone described, not a person's name
    assert (who.text, who.kind, verb) == ("a Democrat from Orlen", "description", "added")


def test_the_space_left_by_a_curled_double_apostrophe_is_no_word_of_the_next_sentence():
    # "''Can we win?'' Mr. Dalby asked." curled: the quote's sentence ends at "?", and the
    # space after the closing mark belongs to it
    text, toks = toks_of(
        [
            ("“", "``", "punct", 3, 0),
            ("Can", "MD", "aux", 3, 0),
            ("we", "PRP", "nsubj", 3, 0),
            ("win", "VB", "ROOT", 3, 0),
            ("?", ".", "punct", 3, 0),
            ("”", "''", "punct", 3, 0),
            (" ", "_SP", "dep", 5, 0),
            ("Mr.", "NNP", "compound", 8, 1),
            ("Dalby", "NNP", "nsubj", 9, 1),
            ("asked", "VBD", "ROOT", 9, 1),
            (".", ".", "punct", 9, 1),
        ]
    )
    ((who, verb, _),) = attribute(toks, quoted(text))
    assert (who.text, verb) == ("Mr. Dalby", "asked")


def test_a_verb_joined_to_what_was_said_takes_the_speaker_of_the_saying():
    # "Anna Weber said it was early but added, “Go home.”": the parser joins "added" to "was"
    text, toks = toks_of(
        [
            ("Anna", "NNP", "compound", 1, 0),
            ("Weber", "NNP", "nsubj", 2, 0),
            ("said", "VBD", "ROOT", 2, 0),
            ("it", "PRP", "nsubj", 4, 0),
            ("was", "VBD", "ccomp", 2, 0),
            ("early", "JJ", "acomp", 4, 0),
            ("but", "CC", "cc", 4, 0),
            ("added", "VBD", "conj", 4, 0),
            (",", ",", "punct", 7, 0),
            ("“", "``", "punct", 7, 0),
            ("Go", "VB", "ccomp", 7, 0),
            ("home", "RB", "advmod", 10, 0),
            (".", ".", "punct", 10, 0),
            ("”", "''", "punct", 7, 0),
        ]
    )
    ((who, verb, _),) = attribute(toks, quoted(text))
    assert (who.text, verb) == ("Anna Weber", "added")


def test_of_two_subjects_of_one_verb_the_nearer_is_its_speaker():
    # "The plan pleases voters, said Anna Weber.": the parser gave "said" both nouns as subjects
    _, toks = toks_of(
        [
            ("The", "DT", "det", 1, 0),
            ("plan", "NN", "nsubj", 5, 0),
            ("pleases", "VBZ", "ccomp", 5, 0),
            ("voters", "NNS", "dobj", 2, 0),
            (",", ",", "punct", 5, 0),
            ("said", "VBD", "ROOT", 5, 0),
            ("Anna", "NNP", "compound", 7, 0),
            ("Weber", "NNP", "nsubj", 5, 0),
            (".", ".", "punct", 5, 0),
        ]
    )
    assert subject_of(toks, children(toks), 5) == 7


def test_a_speaker_written_as_nothing_but_punctuation_is_unknown_not_an_error():
    from newsweave.synthesize.persons import speaker_as_written

    for who in (".", " ", ",", ". ,"):
        assert speaker_as_written(who, ["", "Anna Berg"]) == (None, "unknown")
    assert speaker_as_written("Berg", ["", "Anna Berg"]) == ("Anna Berg", "named")


def test_a_verb_without_subject_takes_the_name_before_an_aside():
    # the parser hung the name as the apposition of a date in the opening phrase
    text, toks = toks_of(
        [
            ("In", "IN", "prep", 9, 0),
            ("March", "NNP", "pobj", 0, 0),
            (",", ",", "punct", 1, 0),
            ("Tamsin", "NNP", "compound", 4, 0),
            ("Ardley", "NNP", "appos", 1, 0),
            (",", ",", "punct", 4, 0),
            ("an", "DT", "det", 7, 0),
            ("adviser", "NN", "appos", 4, 0),
            (",", ",", "punct", 4, 0),
            ("said", "VBD", "ROOT", 9, 0),
            (":", ":", "punct", 9, 0),
            ("“", "``", "punct", 9, 0),
            ("It", "PRP", "nsubj", 13, 0),
            ("is", "VBZ", "ccomp", 9, 0),
            ("fine", "JJ", "acomp", 13, 0),
            ("”", "''", "punct", 9, 0),
        ]
    )
    ((who, verb, _),) = attribute(toks, quoted(text))
    assert (who.text, who.kind, verb) == ("Tamsin Ardley", "named", "said")


def test_a_verb_without_subject_after_a_date_alone_stays_unknown():
    text, toks = toks_of(
        [
            ("Tuesday", "NNP", "dep", 4, 0),
            (",", ",", "punct", 0, 0),
            ("as", "IN", "mark", 3, 0),
            ("expected", "VBN", "advcl", 4, 0),
            ("said", "VBD", "ROOT", 4, 0),
            (":", ":", "punct", 4, 0),
            ("“", "``", "punct", 4, 0),
            ("It", "PRP", "nsubj", 8, 0),
            ("is", "VBZ", "ccomp", 4, 0),
            ("fine", "JJ", "acomp", 8, 0),
            ("”", "''", "punct", 4, 0),
        ]
    )
    ((who, verb, _),) = attribute(toks, quoted(text))
    assert who is None and verb == "said"


def test_a_statement_saying_speaks_for_whoever_issued_it_not_for_whom_it_was_sent():
    words = [
        ("Ardley", "NNP", "nsubj", 1, 0),
        ("issued", "VBD", "ROOT", 1, 0),
        ("a", "DT", "det", 3, 0),
        ("statement", "NN", "dobj", 1, 0),
        ("saying", "VBG", "acl", 3, 0),
        ("“", "``", "punct", 6, 0),
        ("Enough", "JJ", "ccomp", 4, 0),
        ("”", "''", "punct", 6, 0),
    ]
    text, toks = toks_of(words)
    ((who, verb, _),) = attribute(toks, quoted(text))
    assert (who.text, verb) == ("Ardley", "saying")
    words[3] = ("voters", "NNS", "dobj", 1, 0)  # "Ardley emailed voters saying …": not the voters'
    text, toks = toks_of(words)
    ((who, verb, _),) = attribute(toks, quoted(text))
    assert who is None and verb == "saying"


def test_a_verb_that_only_attributes_quotes_gives_the_quote_it_governs_to_its_subject():
    spec = [
        ("Ardley", "NNP", "nsubj", 1, 0),
        ("dubbed", "VBD", "ROOT", 1, 0),
        ("him", "PRP", "dobj", 1, 0),
        ("“", "``", "punct", 5, 0),
        ("a", "DT", "det", 5, 0),
        ("slow", "JJ", "amod", 5, 0),
        ("crash", "NN", "oprd", 1, 0),
        ("”", "''", "punct", 5, 0),
    ]
    text, toks = toks_of(spec)
    ((who, verb, _),) = attribute(toks, quoted(text))
    assert (who.text, verb) == ("Ardley", "dubbed")
    # "Ardley was dubbed “…”": not Ardley's words
    spec[0:2] = [("Ardley", "NNP", "nsubjpass", 2, 0), ("was", "VBD", "auxpass", 2, 0)]
    spec[2:] = [("dubbed", "VBD", "ROOT", 2, 0)] + [(w, t, d, h + 1 if h > 1 else 2, s) for w, t, d, h, s in spec[3:]]
    text, toks = toks_of(spec)
    ((who, verb, _),) = attribute(toks, quoted(text))
    assert who is None and verb == "dubbed"


def test_a_verb_that_only_attributes_quotes_is_not_a_cue_of_reported_speech():
    from newsweave.synthesize.speakers import reported

    spec = [
        ("Ardley", "NNP", "nsubj", 1, 0),
        ("mocked", "VBD", "ROOT", 1, 0),
        ("that", "IN", "mark", 5, 0),
        ("the", "DT", "det", 4, 0),
        ("plan", "NN", "nsubj", 5, 0),
        ("was", "VBD", "ccomp", 1, 0),
        ("very", "RB", "advmod", 7, 0),
        ("costly", "JJ", "acomp", 5, 0),
    ]
    _, toks = toks_of(spec)
    assert reported(toks, []) == []
    # the same tree with a reporting verb is reported speech: the verb alone made the difference
    spec[1] = ("said", "VBD", "ROOT", 1, 0)
    _, toks = toks_of(spec)
    assert [(who.text, verb) for who, verb, _, _ in reported(toks, [])] == [("Ardley", "said")]


def test_an_adjective_made_subject_with_its_article_is_a_description():
    # "“…,” said the 52-year-old." with the adjective the subject
    text, toks = toks_of(
        [
            ("“", "``", "punct", 4, 0),
            ("Fine", "JJ", "ccomp", 4, 0),
            (",", ",", "punct", 4, 0),
            ("”", "''", "punct", 4, 0),
            ("said", "VBD", "ROOT", 4, 0),
            ("the", "DT", "det", 6, 0),
            ("52-year-old", "JJ", "nsubj", 4, 0),
            (".", ".", "punct", 4, 0),
        ]
    )
    ((who, verb, _),) = attribute(toks, quoted(text))
    assert (who.text, who.kind, verb) == ("the 52-year-old", "description", "said")


def test_a_name_alone_before_a_colon_speaks_the_quote_after_it():
    spec = [
        ("Alves", "NNP", "ROOT", 0, 0),
        (":", ":", "punct", 0, 0),
        ("“", "``", "punct", 4, 0),
        ("We", "PRP", "nsubj", 4, 0),
        ("won", "VBD", "appos", 0, 0),
        ("”", "''", "punct", 4, 0),
    ]
    text, toks = toks_of(spec)
    ((who, verb, _),) = attribute(toks, quoted(text))
    assert (who.text, verb) == ("Alves", ":")
    spec[0] = ("aid", "NN", "ROOT", 0, 0)  # "… aid: “…”" is no name
    text, toks = toks_of(spec)
    ((who, verb, _),) = attribute(toks, quoted(text))
    assert who is None


def test_the_name_opening_a_clause_whose_verb_has_no_subject_counts_as_a_subject():
    from newsweave.synthesize.speakers import named_subjects

    text, toks = toks_of(
        [
            ("In", "IN", "prep", 9, 0),
            ("March", "NNP", "pobj", 0, 0),
            (",", ",", "punct", 1, 0),
            ("Tamsin", "NNP", "compound", 4, 0),
            ("Ardley", "NNP", "appos", 1, 0),
            (",", ",", "punct", 4, 0),
            ("an", "DT", "det", 7, 0),
            ("adviser", "NN", "appos", 4, 0),
            (",", ",", "punct", 4, 0),
            ("resigned", "VBD", "ROOT", 9, 0),
            (".", ".", "punct", 9, 0),
        ]
    )
    assert [name for _, name in named_subjects(toks)] == ["Tamsin Ardley"]


def test_a_participle_after_its_clause_hung_elsewhere_takes_the_first_subject_of_the_sentence():
    text, toks = toks_of(
        [
            ("Pell", "NNP", "nsubj", 1, 0),
            ("seemed", "VBD", "ccomp", 8, 0),
            ("unmoved", "JJ", "acomp", 1, 0),
            (",", ",", "punct", 8, 0),
            ("telling", "VBG", "advcl", 8, 0),
            ("aides", "NNS", "dobj", 4, 0),
            (",", ",", "punct", 4, 0),
            ("“", "``", "punct", 8, 0),
            ("Wait", "VB", "ROOT", 8, 0),
            ("”", "''", "punct", 8, 0),
        ]
    )
    ((who, verb, _),) = attribute(toks, quoted(text))
    assert (who.text, verb) == ("Pell", "telling")


def test_reported_speech_under_a_negated_verb_is_no_statement_and_a_condition_keeps_its_if():
    from newsweave.synthesize.speakers import reported

    spec = [
        ("Ardley", "NNP", "nsubj", 3, 0),
        ("did", "VBD", "aux", 3, 0),
        ("not", "RB", "neg", 3, 0),
        ("say", "VB", "ROOT", 3, 0),
        ("that", "IN", "mark", 7, 0),
        ("the", "DT", "det", 6, 0),
        ("plan", "NN", "nsubj", 7, 0),
        ("failed", "VBD", "ccomp", 3, 0),
        ("last", "JJ", "amod", 9, 0),
        ("week", "NN", "npadvmod", 7, 0),
    ]
    _, toks = toks_of(spec)
    assert reported(toks, []) == []
    # the same tree without its negation is Ardley's statement, "that" left out of the content
    text, toks = toks_of([*spec[:2], ("always", "RB", "advmod", 3, 0), *spec[3:]])
    assert [(who.text, verb, text[a:b]) for who, verb, a, b in reported(toks, [])] == [
        ("Ardley", "say", "the plan failed last week")
    ]
    conditional = [
        ("Ardley", "NNP", "nsubj", 1, 0),
        ("said", "VBD", "ROOT", 1, 0),
        ("if", "IN", "mark", 4, 0),
        ("it", "PRP", "nsubj", 4, 0),
        ("rains", "VBZ", "advcl", 8, 0),
        (",", ",", "punct", 8, 0),
        ("the", "DT", "det", 7, 0),
        ("ferry", "NN", "nsubj", 8, 0),
        ("stays", "VBZ", "ccomp", 1, 0),
    ]
    text, toks = toks_of(conditional)
    assert [text[a:b] for _, _, a, b in reported(toks, [])] == ["if it rains , the ferry stays"]
