"""The dependency parse as a tree: each token's children, subtrees and heads, and a speaker
as written (:class:`Mention`). Shared by the speaker finders (:mod:`~newsweave.synthesize.speakers`,
:mod:`~newsweave.synthesize.stray_speakers`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.text.parse import Tok

PUNCT = frozenset({",", ".", ":", "``", "''", "-LRB-", "-RRB-", "HYPH", "NFP"})


def children(toks: list[Tok]) -> list[list[Tok]]:
    """Each token's children, in order."""
    kids: list[list[Tok]] = [[] for _ in toks]
    for t in toks:
        if t.head != t.i:
            kids[t.head].append(t)
    return kids


def subtree(toks: list[Tok], kids: list[list[Tok]], root: int) -> list[int]:
    """Indices of ``root``'s subtree, in order."""
    out: list[int] = []
    stack = [root]
    while stack:
        k = stack.pop()
        out.append(k)
        stack.extend(c.i for c in kids[k])
    return sorted(out)


def ancestors(toks: list[Tok], i: int) -> list[int]:
    """The heads above token ``i``, nearest first."""
    out: list[int] = []
    while toks[i].head != i and len(out) < 60:
        i = toks[i].head
        out.append(i)
    return out


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker as written: its words, how it is given, and where it is in its text."""

    text: str
    kind: str  # "named", "pronoun", "description"
    start: int
    end: int
    head: str = ""  # a description's head noun as written ("woman" of "one woman"); else empty
    singular: bool = True  # whether a description's head noun is singular ("a witness", not "witnesses")


def joined(words: Sequence[Tok]) -> str:
    """The words as written (a space only where the text had one)."""
    spaced = [k + 1 < len(words) and words[k + 1].idx > t.end for k, t in enumerate(words)]
    return "".join(t.text + (" " if gap else "") for t, gap in zip(words, spaced, strict=True))
