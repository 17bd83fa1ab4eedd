import json
import random
from pathlib import Path

import numpy as np
import pytest

from newsweave.text.tfidf import tfidf_rows
from newsweave.text.words import english_stop_words


def _texts(seed: int) -> list[str]:
    rng = random.Random(seed)
    words = ["dam", "river", "The", "rain", "flood", "it", "was", "Gates", "x", "évacuation", "2024", "rain's", "A1"]
    return [" ".join(rng.choice(words) for _ in range(rng.randint(0, 25))) for _ in range(rng.randint(1, 40))]


@pytest.mark.parametrize("seed", range(8))
def test_tfidf_rows_are_scikit_learns_to_the_last_bit(seed):
    text_mod = pytest.importorskip("sklearn.feature_extraction.text")
    texts = _texts(seed)
    ours = tfidf_rows(texts)
    try:
        theirs = text_mod.TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(texts)
    except ValueError:  # only stop words
        assert ours.shape == (len(texts), 1) and ours.nnz == 0
        return
    assert ours.shape == theirs.shape
    assert np.array_equal(ours.indptr, theirs.indptr) and np.array_equal(ours.indices, theirs.indices)
    assert np.array_equal(ours.data, theirs.data)  # exactly, not approximately
    assert np.array_equal((ours @ ours.T).toarray(), (theirs @ theirs.T).toarray())


def test_the_stop_words_are_scikit_learns():
    text_mod = pytest.importorskip("sklearn.feature_extraction.text")
    assert english_stop_words() == frozenset(text_mod.ENGLISH_STOP_WORDS)
    rules = Path(__file__).resolve().parents[2] / "newsweave" / "rules" / "stopwords_en.json"
    assert len(json.loads(rules.read_text(encoding="utf-8"))["words"]) == len(english_stop_words())
