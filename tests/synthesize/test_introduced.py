"""Summary sentences that lean on what the summary has not introduced (issue 23)."""

from newsweave.config import Config
from newsweave.records import Entity, Sentence, StoryMaterial
from newsweave.synthesize.introduced import Introductions, StoryNames, leaning, place
from newsweave.synthesize.similarity import SentenceVectors
from newsweave.synthesize.summary import summarize

from ..conftest import bag_of_words_encoder
from ..synth_helpers import material


def _names(*texts: str) -> StoryNames:
    return StoryNames.of(material([("a", "2024-03-01", list(texts))]))


def test_the_writers_own_voice_outside_quotes_leans_on_nobody_introduced():
    assert leaning("I suppose the cranes are a mixed blessing at times.").first_person
    assert leaning("After the vote, we asked the dockers what they made of it.").first_person
    assert not leaning("“We will not back down,” the union said.").first_person
    assert not leaning("World War I closed the port for four years.").first_person
    assert not leaning("The US port handled more containers than ever.").first_person
    # a transcript's speaker label names who speaks; a title in single quotes is no one's voice
    assert not leaning("ANNA VELDT, PORT RADIO HOST: We are getting word of the strike.").first_person
    assert not leaning("The show covers ‘The Songs My Port Sang’ and the strike.").first_person
    assert leaning("The show, I said, covers the strike.").first_person


def test_a_pronoun_subject_and_a_described_person_are_read():
    assert leaning("It is a matter of interpretation.").context_pronoun
    assert leaning("The plan changed after he met the harbour board.").person_pronoun
    assert not leaning("Mara Velden said he would stay.").person_pronoun
    assert not leaning("This year the port handled more containers.").context_pronoun
    assert leaning("The minister said the cranes would stay.").description == "minister"
    assert leaning("On Monday, the company said it would pay.").description == "company"
    assert leaning("The chief engineer of the port said it would pay.").description is None
    assert leaning("The company, Orlen Freight, said it would pay.").description is None


def test_a_surname_alone_waits_for_the_full_name():
    names = _names("Dockworker leader Mara Velden called the strike.", "Velden reckons the cranes will cost jobs.")
    assert "Velden" in names.surnames
    alone = "Shipping will stop for a week, Velden reckons."
    intro = Introductions(names)
    assert intro.lacking(leaning(alone), alone) == "surname Velden"
    intro.add("Mara Velden, who leads the dockworkers, called a strike at the port.")
    assert intro.admits(leaning(alone), alone)
    # a capitalised word the story never gives a first name to is no surname
    other = "Calloway reckons the cranes will come."
    assert Introductions(names).admits(leaning(other), other)


def test_tagged_persons_decide_surnames_and_who_is_named():
    sentences = [
        Sentence("a", 0, "Mara Velden called the strike on Monday.", "body", 0, 41),
        Sentence("a", 1, "Velden said the port would stay shut.", "body", 42, 79),
    ]
    entities = [Entity("a", 0, "Mara Velden", "PERSON", 0, 11), Entity("a", 1, "Velden", "PERSON", 42, 48)]
    mat = StoryMaterial("s", material([("a", "2024-03-01", ["x"])]).articles, {"a": sentences}, {"a": entities})
    names = StoryNames.of(mat)
    assert names.surnames == frozenset({"Velden"})
    intro = Introductions(names)
    assert not intro.admits(leaning(sentences[1].text), sentences[1].text, sentences[1])
    intro.add(sentences[0].text, sentences[0])
    assert intro.person
    assert intro.admits(leaning("He said the port would stay shut."), "He said the port would stay shut.")


def test_it_and_they_need_the_article_sentence_before_them():
    names = _names("The harbour board met on Monday.")
    first = Sentence("a", 3, "The harbour board voted to buy automated cranes.", "body", 0, 10)
    then = Sentence("a", 4, "They will arrive next year.", "body", 11, 20)
    elsewhere = Sentence("b", 0, "Dockworkers went on strike at the port of Calloway.", "body", 0, 10)
    intro = Introductions(names)
    intro.add(elsewhere.text, elsewhere)
    assert intro.lacking(leaning(then.text), then.text, then) == "it/they"
    intro.add(first.text, first)
    assert intro.admits(leaning(then.text), then.text, then)


def test_place_puts_an_introduction_before_what_leans_on_it():
    names = _names("Port director Mara Velden spoke on Monday.")
    items = [
        ("Velden said the cranes would cost jobs.", None),
        ("Dockworkers struck at the port of Calloway.", None),
        ("Port director Mara Velden called the strike a mistake.", None),
    ]
    order = place(items, names)
    assert order.index(2) < order.index(0)
    assert order[0] == 1  # time order kept where nothing leans


STORY = [
    (
        "a",
        "2024-03-01",
        [
            "Dockworkers at the Port of Calloway began a strike over automated cranes on Monday.",
            "Port director Mara Velden met union officials at a hotel downtown.",
        ],
    ),
    (
        "b",
        "2024-03-02",
        [
            "Velden said the automated cranes would cost hundreds of dockworkers their jobs.",
            "Ships queued outside the harbour as loading stopped.",
        ],
    ),
    (
        "c",
        "2024-03-03",
        [
            "I suppose a strike by dockworkers over automated cranes was bound to come.",
            "The harbour board said talks would resume on Friday after the weekend.",
        ],
    ),
]


def test_a_summary_sentence_never_leans_on_what_it_has_not_introduced():
    # the bare surname is central enough to be chosen; its full name is in a sentence chosen later or never
    mat = material(STORY)
    config = Config().with_options(citation_threshold=0.5)
    for words in (24, 40):
        summary = summarize(mat, SentenceVectors(bag_of_words_encoder()), config, words=words)
        texts = [s.text for s in summary]
        assert not any(t.startswith("I suppose") for t in texts), texts
        bare = [k for k, t in enumerate(texts) if t.startswith("Velden said")]
        full = [k for k, t in enumerate(texts) if "Mara Velden" in t]
        assert not bare or (full and full[0] < bare[0]), texts
        total = sum(len(t.split()) for t in texts)
        assert 0.9 * words <= total <= 1.1 * words, (words, total)


def test_a_one_article_story_skips_a_commenters_voice_but_is_never_left_empty():
    lead = [
        "Dockworkers at the Port of Calloway began a strike over automated cranes.",
        "I suppose the strike was bound to come after years of talks.",
        "Ships queued outside the harbour as loading stopped at the terminal.",
    ]
    vectors = SentenceVectors(bag_of_words_encoder())
    summary = summarize(material([("a", "2024-03-01", lead)]), vectors, Config(), words=22)
    assert [s.text for s in summary] == [lead[0], lead[2]]
    column = [
        "I suppose the strike was bound to come after years of talks.",
        "We asked the dockers what they made of it.",
    ]
    summary = summarize(material([("a", "2024-03-01", column)]), vectors, Config(), words=12)
    assert summary, "a one-article story keeps its lead when every sentence leans"
