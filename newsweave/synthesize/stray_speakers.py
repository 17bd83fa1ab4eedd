"""Speakers the parse left without a link to their reporting verb, read from where the
writer put them: between the quote and the verb or right after it ("“…,” added a councillor"),
at the head of the verb's clause before an aside set off by commas ("Tamsin Ardley, an adviser
in Lyon, said"), the first subject of the sentence a participle is set off from ("Pell seemed
unmoved, telling the council, “…”"), or a name alone before a colon ("Alves: “…”")."""

from __future__ import annotations

from collections.abc import Sequence

from newsweave.synthesize.parse_tree import PUNCT, Mention, joined, subtree
from newsweave.synthesize.quote_marks import quote_lexicon
from newsweave.text.parse import Tok

_NOUN_PHRASE = frozenset(["det", "compound", "amod", "poss", "case", "nmod", "nummod"])


def beside(toks: list[Tok], cue: int, span: tuple[int, int], quoted: Sequence[tuple[int, int]]) -> int | None:
    """The speaker of a reporting verb the parse gave no subject, written between the quote and
    the verb ("“…,” Tamsin Ardley, an adviser, said", where the parse hangs the name inside the
    quote) or right after a verb that follows the quote ("“…,” added a councillor from Orlen")."""
    verb = toks[cue]
    if verb.idx < span[1] or verb.text.lower() == "according":
        return None
    skip = PUNCT | {"``", "''", "_SP"}
    between = [t for t in toks if span[1] < t.idx < verb.idx and t.tag not in skip]
    if any(a <= t.idx < b for t in between for a, b in quoted):
        return None
    if between:
        # the words between form one phrase (a name and its apposition), and nothing else
        inside = {t.i for t in between}
        tops = [t for t in between if t.head not in inside or t.head == t.i]
        if len(tops) == 1 and tops[0].tag.startswith(("NN", "PRP")) and verb.sent == tops[0].sent:
            return tops[0].i
        return None
    # inverted: the first noun phrase after the verb, in its sentence
    words = [t for t in toks[cue + 1 :] if t.sent == verb.sent]
    k = 0
    while k < len(words) and words[k].dep in _NOUN_PHRASE and not words[k].tag.startswith("PRP"):
        k += 1
    if k < len(words) and words[k].tag.startswith("NN"):
        head = words[k]
        while head.i + 1 < len(toks) and toks[head.i + 1].tag in ("NNP", "NNPS"):
            if toks[head.i + 1].dep not in _NOUN_PHRASE | {"appos"}:
                break
            head = toks[head.i + 1]
        return head.i
    return None


_STRAY_ROLES = frozenset({"nsubj", "nsubjpass", "appos", "conj", "ROOT", "dep", "nmod"})
_CLAUSE_OPENERS = frozenset({",", ":", "``", "''", "—", "–", ";"})


def fronted(toks: list[Tok], kids: list[list[Tok]], cue: int, quoted: Sequence[tuple[int, int]]) -> int | None:
    """The speaker of a finite reporting verb the parse gave no subject, written before it at
    the head of its clause: right before the verb ("…, former president Anna Weber said") or
    before an aside set off by commas ("Tamsin Ardley, a spokeswoman in Lyon, said", "Weber,
    whose firm, Orlen, builds ports, said"), where the parse hung the name elsewhere."""
    verb = toks[cue]
    if verb.tag not in ("VBD", "VBZ", "VBP"):
        return None
    lo = cue
    while lo > 0 and toks[lo - 1].sent == verb.sent and not any(a <= toks[lo - 1].idx < b for a, b in quoted):
        lo -= 1
    k = cue - 1
    while k >= lo and toks[k].tag == "RB":
        k -= 1
    if k < lo:
        return None

    def opens_clause(i: int) -> bool:
        start = min(subtree(toks, kids, i))
        while start > lo and toks[start - 1].tag in ("_SP", "``", "''"):
            start -= 1
        return start >= lo and (start == lo or toks[start - 1].text in _CLAUSE_OPENERS or toks[start - 1].dep == "cc")

    def fits(t: Tok) -> bool:
        return (
            t.tag in ("NN", "NNP", "NNPS", "NNS")
            and t.dep in _STRAY_ROLES
            and t.head != cue
            and t.text.lower().rstrip(".") not in quote_lexicon()["not_names"]
        )

    if toks[k].text != ",":  # right before the verb
        return k if fits(toks[k]) and opens_clause(k) else None
    aside = [t.i for t in toks[lo:k] if fits(t) and toks[t.i + 1].text == "," and opens_clause(t.i)]
    if not aside:
        return None
    best = aside[0]  # the clause's first phrase: what follows is the aside
    # "Col. Ann Weber, a military spokeswoman, said": the name the description is an apposition of
    while toks[best].dep == "appos" and toks[best].head < best and fits(toks[toks[best].head]):
        if not opens_clause(toks[best].head):
            break
        best = toks[best].head
    return best


def label(toks: list[Tok], span: tuple[int, int]) -> Mention | None:
    """A name alone before a colon that opens the quote, as a transcript writes it
    ("Alves: “We will not sign.”")."""
    before = [t for t in toks if t.end <= span[0] and t.tag != "_SP"]
    while before and before[-1].tag == "``":
        before.pop()
    if len(before) < 2 or before[-1].text != ":":
        return None
    k = len(before) - 2
    while k >= 0 and before[k].tag in ("NNP", "NNPS") and len(before) - 2 - k < 4:
        k -= 1
    run = before[k + 1 : -1]
    opened = k < 0 or before[k].text in (".", "!", "?", ";", "”") or before[k].tag == "''"
    if not run or not opened or not run[0].text[:1].isupper():
        return None
    return Mention(joined(run), "named", run[0].idx, run[-1].end)


def participle_subject(toks: list[Tok], cue: int, quoted: Sequence[tuple[int, int]]) -> int | None:
    """The speaker of a participle set off after its clause ("Pell seemed unmoved,
    telling reporters, “…”") that the parse hung elsewhere: the first subject of its sentence."""
    verb = toks[cue]
    k = cue - 1
    while k >= 0 and toks[k].tag == "RB":
        k -= 1
    if verb.tag != "VBG" or k < 0 or toks[k].text not in (",", "and"):
        return None
    for t in toks[:cue]:
        if t.sent == verb.sent and t.dep == "nsubj" and toks[t.head].tag.startswith("VB"):
            return None if any(a <= t.idx < b for a, b in quoted) else t.i
    return None
