"""TF-IDF rows of a few texts, as scikit-learn's ``TfidfVectorizer(stop_words="english",
sublinear_tf=True)`` makes them, without importing scikit-learn.

Summaries and timelines build a TF-IDF matrix for every event and story they write; importing
scikit-learn for it costs each process 1.5-2 s of CPU (``python -X importtime``), more than all
the matrices of a run. The arithmetic follows scikit-learn's step by step (words of two or more
word characters, lower-cased, stop words out; columns in alphabetical order, each row's entries
in the order the words were first seen in the texts; ``1 + ln(count)``; smoothed idf
``ln((n + 1) / (df + 1)) + 1``; rows L2-normalised in that order), so the numbers are the same to
the last bit (``tests/text/test_tfidf.py`` compares them with scikit-learn's).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from newsweave.text.words import english_stop_words

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def tfidf_rows(texts: Sequence[str]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows of ``texts`` (English stop words removed); a matrix of one
    empty column when no text has a word that is not a stop word."""
    stop = english_stop_words()
    seen: dict[str, int] = {}  # word -> the order it was first seen in
    indptr, indices, counts = [0], [], []
    for text in texts:
        row: dict[int, int] = {}
        for word in _TOKEN.findall(text.lower()):
            if word in stop:
                continue
            column = seen.setdefault(word, len(seen))
            row[column] = row.get(column, 0) + 1
        for column in sorted(row):  # entries by first-seen order, as the count matrix sorts them
            indices.append(column)
            counts.append(row[column])
        indptr.append(len(indices))
    n = len(texts)
    if not seen:
        return sparse.csr_matrix((n, 1))
    rank = np.empty(len(seen), dtype=np.int64)  # first-seen order -> alphabetical column
    for new, word in enumerate(sorted(seen)):
        rank[seen[word]] = new
    columns = rank[np.asarray(indices, dtype=np.int64)]
    data = np.asarray(counts, dtype=np.float64)
    df = np.bincount(columns, minlength=len(seen)).astype(np.float64)
    df += 1.0
    idf = np.full_like(df, fill_value=n + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    np.log(data, data)
    data += 1.0
    data *= idf[columns]
    for i in range(n):
        start, stop_ = indptr[i], indptr[i + 1]
        total = 0.0
        for value in data[start:stop_].tolist():
            total += value * value
        if total != 0.0:
            data[start:stop_] /= math.sqrt(total)
    return sparse.csr_matrix((data, columns, np.asarray(indptr)), shape=(n, len(seen)))
