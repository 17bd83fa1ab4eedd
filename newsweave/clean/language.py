"""Language of an article and of its lines.

Function words (``rules/function_words.json``) give cheap evidence; the language identifier
(lingua, trigram models of the configured languages, about 50 MB) decides whenever the
evidence is not clear-cut. A line is foreign only when both agree: it holds more function words
of another language than of the article's, and lingua names another language with confidence.
So names ("Selim Tarik Aydogan"), places and short English lines are never taken for foreign.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice
from typing import Any

DEFAULT_LANGUAGES = (
    "en", "es", "fr", "de", "it", "pt", "nl", "tr", "sv", "da", "nb", "pl", "ro", "id", "ca", "fi", "cs", "hu",
    "ar", "he", "fa", "ru", "uk", "el", "hi", "zh", "ja", "ko",
)  # fmt: skip
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_ARTICLE_SAMPLE = 1000


@lru_cache(maxsize=2)
def function_words(name: str = "function_words.json") -> dict[str, frozenset[str]]:
    """Function words per language code, from the rule data."""
    data = json.loads(resources.files("newsweave.rules").joinpath(name).read_text("utf-8"))
    return {code: frozenset(words) for code, words in data["languages"].items()}


@lru_cache(maxsize=2)
def _languages_of_word(name: str = "function_words.json") -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for code, words in function_words(name).items():
        for word in words:
            index.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in index.items()}


def word_evidence(text: str) -> Counter[str]:
    """How many of ``text``'s words are function words of each language."""
    index = _languages_of_word()
    hits: Counter[str] = Counter()
    for token, n in Counter(_TOKEN.findall(text.lower())).items():  # each distinct word once
        for code in index.get(token, ()):
            hits[code] += n
    return hits


@dataclass(frozen=True)
class LanguageGuess:
    """A language code (ISO 639-1) or ``None`` when unknown, with the confidence in it."""

    code: str | None
    confidence: float


class LanguageIdentifier:
    """Identifies the language of articles and finds their lines in another language.

    ``languages`` are ISO 639-1 codes the identifier chooses among; ``min_confidence`` is what
    lingua must reach before a line is called foreign.
    """

    def __init__(self, languages: Sequence[str] = DEFAULT_LANGUAGES, min_confidence: float = 0.7) -> None:
        self.languages = tuple(languages)
        self.min_confidence = min_confidence
        self._detector: Any = None

    @property
    def detector(self) -> Any:
        if self._detector is None:
            from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

            langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in self.languages]
            self._detector = LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode().build()
        return self._detector

    def _lingua(self, text: str) -> LanguageGuess:
        text = text.encode("utf-8", "replace").decode("utf-8")  # lingua cannot take a lone surrogate
        values = self.detector.compute_language_confidence_values(text)
        if not values:
            return LanguageGuess(None, 0.0)
        top = values[0]
        return LanguageGuess(top.language.iso_code_639_1.name.lower(), float(top.value))

    def identify(self, text: str) -> LanguageGuess:
        """The language of a whole article (its first thousand characters)."""
        sample = text[:_ARTICLE_SAMPLE]
        tokens = len(_TOKEN.findall(sample))
        if tokens < 3:
            return LanguageGuess(None, 0.0)
        hits = word_evidence(sample).most_common(2)
        if hits:
            best, count = hits[0]
            runner_up = hits[1][1] if len(hits) > 1 else 0
            # Clear-cut evidence (a fifth of the words are its function words, twice the next
            # language's): no need to ask the model.
            if count >= 0.2 * tokens and count >= 2 * runner_up:
                return LanguageGuess(best, 1.0)
        return self._lingua(sample)

    def foreign_line(self, line: str, article_language: str | None) -> str | None:
        """The language of ``line`` when it is not the article's, else ``None``."""
        if not article_language:
            return None
        if next(islice(_TOKEN.finditer(line), 1, None), None) is None:  # fewer than two words
            return None
        hits = word_evidence(line)
        own = hits.get(article_language, 0)
        others = [(n, code) for code, n in hits.items() if code != article_language]
        if not others or max(others)[0] <= own:
            return None
        guess = self._lingua(line)
        if guess.code and guess.code != article_language and guess.confidence >= self.min_confidence:
            return guess.code
        return None


@lru_cache(maxsize=1)
def default_identifier() -> LanguageIdentifier:
    """One shared identifier with the default languages (its models load on first use)."""
    return LanguageIdentifier()
