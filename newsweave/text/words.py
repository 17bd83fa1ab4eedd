"""Content words: what is left of a text without its stop words and news function words."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

_CONTENT = re.compile(r"[a-z][a-z'-]{2,}")


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """English stop words (``rules/stopwords_en.json``: scikit-learn's list)."""
    data = json.loads(resources.files("newsweave.rules").joinpath("stopwords_en.json").read_text("utf-8"))
    return frozenset(data["words"])


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """English stop words and news function words (``rules/news_stopwords_en.json``)."""
    data = json.loads(resources.files("newsweave.rules").joinpath("news_stopwords_en.json").read_text("utf-8"))
    return english_stop_words() | frozenset(data["words"])


def content_words(text: str) -> set[str]:
    """The distinct lower-cased content words of ``text`` (stop words left out)."""
    stop = stop_words()
    return {w for w in _CONTENT.findall(text.lower()) if w not in stop}


_WORD = re.compile(r"[^\W\d_]{2,}")


def has_words(text: str, at_least: int = 3) -> bool:
    """Whether a text holds words at all (``at_least`` runs of two letters or more), not only
    markup debris or numbers."""
    return any(found >= at_least for found, _ in enumerate(_WORD.finditer(text), start=1))
