"""Language of articles and of single lines (function-word evidence confirmed by lingua)."""

import pytest

from newsweave.clean.language import LanguageIdentifier, word_evidence

ident = LanguageIdentifier()

ARTICLES = {
    "en": "The council approved the new bridge on Monday after a long debate about its cost and its route.",
    "es": "El consejo aprobó el nuevo puente el lunes después de un largo debate sobre su coste y su trazado.",
    "fr": "Le conseil a approuvé le nouveau pont lundi après un long débat sur son coût et son tracé.",
    "de": "Der Rat hat die neue Brücke am Montag nach einer langen Debatte über die Kosten genehmigt.",
    "tr": "Belediye meclisi uzun bir tartışmanın ardından yeni köprüyü pazartesi günü onayladı ve bu karar çok önemli.",
    "he": "מועצת העיר אישרה ביום שני את הגשר החדש לאחר דיון ארוך על עלותו ועל תוואי הגשר.",
}


@pytest.mark.parametrize("code", sorted(ARTICLES))
def test_article_language(code):
    assert ident.identify(ARTICLES[code]).code == code


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Envíanos tus noticias", "es"),
        ("Si tienes una pista sobre una noticia, no dudes en escribirnos a través de la web.", "es"),
        ("Le pont sera construit en deux ans", "fr"),
        ("Wir sehen uns morgen in Berlin", "de"),
        ("Selim Tarik Aydogan", None),  # names are in no language
        ("Ankara, Turkey", None),
        ("Photo: Reuters", None),
        ("The mayor welcomed the vote", None),
        ("Juan de la Cruz said the port is closed.", None),  # foreign name, English sentence
        ("Subscribe now", None),
    ],
)
def test_foreign_lines_in_an_english_article(line, expected):
    assert ident.foreign_line(line, "en") == expected


def test_an_english_line_in_a_french_article_is_foreign_to_it():
    assert ident.foreign_line("Follow us on Twitter for the latest news from the region", "fr") == "en"
    assert ident.foreign_line("Le conseil a approuvé le nouveau pont lundi.", "fr") is None


def test_word_evidence_counts_function_words_per_language():
    hits = word_evidence("The cat and the dog")
    assert hits["en"] == 3
    assert hits["es"] == 0
