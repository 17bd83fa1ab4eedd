"""A headline cut from a sentence along its dependency parse.

A sentence made a headline by cutting it at a comma or before a preposition often ends where a
needed part was cut off ("The powerful oil industry says it needs", "may have to answer for the
millions"). The parse tells what may go: a clause that only adds to the sentence (a relative or
adverbial clause, an apposition, a second main clause, a participle after a noun, a fronted
adverbial, a time phrase), the attribution around reported speech ("..., officials said" keeps
what was said); and what may not: the subject, the verb with its auxiliaries and negation, its
objects and complements. What is left is a grammatical clause of the sentence's own words, in
their order. When it is still too long, the verb's prepositional phrases go from the end, while
the verb keeps another complement; a noun's phrases stay ("answer for the millions | in campaign
contributions" would say something else). A sentence whose subject is a pronoun or a bare
determiner ("It", "All", "They") names nothing a reader of the headline alone would know
(:func:`names_nothing`: the caller passes it over), one with no finite main verb is no clause,
and an attribution whose reported clause names nothing ("Nobody was hurt ..., police said") is
no news: none of them makes a headline (None).

The idea is sentence compression by pruning the dependency tree (Filippova and Strube, *Dependency
tree based sentence compression*, INLG 2008), with fixed rules instead of their corpus weights.
Rule data (which dependencies are optional, which subjects are vague, time words) lives in
``rules/headlines_en.json``. Pure functions over parsed tokens (:class:`~newsweave.text.parse.Tok`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsweave.synthesize.headlines import _rules, _tidy, title_problem
from newsweave.text.eventdate import reporting_verbs
from newsweave.text.parse import Tok

_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")
_FINITE_TAGS = ("VBD", "VBZ", "VBP", "MD")
_OPEN_DEPS = ("prep", "det", "cc", "aux", "auxpass", "mark", "poss", "case")
_COMPLEMENTS = ("dobj", "attr", "acomp", "xcomp", "ccomp", "oprd", "dative", "prep", "agent")


class _Tree:
    """The tokens of one parsed sentence with each token's children."""

    def __init__(self, toks: Sequence[Tok]) -> None:
        self.toks = {t.i: t for t in toks}
        self.kids: dict[int, list[int]] = {t.i: [] for t in toks}
        self.root: Tok | None = None
        for t in toks:
            if t.head == t.i or t.dep == "ROOT" or t.head not in self.toks:
                self.root = self.root or t
            else:
                self.kids[t.head].append(t.i)

    def children(self, t: Tok, *deps: str) -> list[Tok]:
        """The children of ``t`` (of these dependencies, when given), in order."""
        kids = [self.toks[k] for k in self.kids[t.i]]
        return [k for k in kids if k.dep in deps] if deps else kids

    def subtree(self, t: Tok) -> set[int]:
        """``t`` and every token under it."""
        out, todo = {t.i}, [t.i]
        while todo:
            for k in self.kids[todo.pop()]:
                if k not in out:
                    out.add(k)
                    todo.append(k)
        return out


def _reports_nothing(tree: _Tree, core: Tok) -> bool:
    """Whether ``core`` is a reporting verb after what it reports, and that names nothing
    ("Nobody was hurt ..., police said"): the attribution alone is no headline."""
    if core.text.lower() not in reporting_verbs():
        return False
    said = [c for c in tree.children(core, "ccomp") if c.i < core.i]
    subjects = tree.children(said[0], *_SUBJECTS) if said else []
    return bool(said) and (not subjects or _vague(tree, subjects[0]))  # "Expect delays," X said


def _core(tree: _Tree, root: Tok) -> Tok:
    """The clause the headline is made of: the root's, or what a reporting root after it reports
    when that names its own subject ("The council approved the plan, officials said" -> "The
    council approved the plan"; "The company reported that its profit rose" and "The industry
    says it needs more" stay whole: there the speaker is the news)."""
    if root.text.lower() in reporting_verbs():
        said = [c for c in tree.children(root, "ccomp") if c.i < root.i]  # attribution after it
        subjects = tree.children(said[0], *_SUBJECTS) if said else []
        if subjects and not _vague(tree, subjects[0]):
            return said[0]
    return root


def _finite(tree: _Tree, verb: Tok) -> bool:
    """Whether ``verb`` heads a finite clause: a finite form, or an auxiliary beside it."""
    if verb.tag in _FINITE_TAGS:
        return True
    return verb.tag.startswith("VB") and any(a.text.lower() != "to" for a in tree.children(verb, "aux", "auxpass"))


def _vague(tree: _Tree, subject: Tok) -> bool:
    """A subject that names nothing on its own: a pronoun, "there", a bare determiner ("All",
    "This"), or one of the listed words ("Others", "Officials" alone are kept)."""
    if subject.tag in ("PRP", "EX", "WP", "WDT"):
        return True
    alone = not tree.children(subject)
    return subject.text.lower() in _rules()["vague_subjects"] and (alone or subject.tag == "DT")


def _timed(tree: _Tree, t: Tok) -> bool:
    """A phrase that only says when: "on Monday", "last week" (a time word heads it or its object)."""
    words = _rules()["time_words"]
    if t.text.lower() in words:
        return True
    objects = tree.children(t, "pobj") if t.dep == "prep" else []
    return any(o.text.lower() in words for o in objects)


def _time_phrase(tree: _Tree, t: Tok) -> bool:
    """Whether ``t`` heads a phrase that only says when: a prepositional phrase, or a noun phrase
    on a verb ("last week"), of time words."""
    verb_head = tree.toks[t.head].tag.startswith("VB") if t.head in tree.toks else False
    return (t.dep == "prep" or t.dep == "npadvmod" and verb_head) and _timed(tree, t)


def _always_optional(tree: _Tree, core: Tok, subject: Tok, kept: set[int]) -> list[set[int]]:
    """Subtrees that go from every headline: added clauses, asides, fronted adverbials, time phrases."""
    rules = _rules()
    drops: list[set[int]] = []
    timed = {i for i in kept if _time_phrase(tree, tree.toks[i])}
    attributions = {
        i for i in kept if tree.toks[i].dep == "prep" and tree.toks[i].text.lower() in rules["attribution_preps"]
    }
    going = {j for i in timed | attributions for j in tree.subtree(tree.toks[i])}
    for i in sorted(kept):
        t = tree.toks[i]
        if i == core.i:
            continue
        participle = t.dep == "acl" and t.tag in ("VBG", "VBN") and not tree.children(t, "aux")
        verb_conj = t.dep == "conj" and t.tag.startswith("VB") and tree.toks[t.head].tag.startswith("VB")
        fronted = t.head == core.i and i < subject.i and t.dep in rules["fronted_deps"]
        if t.dep == "appos" and not _set_off(tree, t):
            continue  # "the port director Tom Vale": a name, not an aside
        # a time phrase goes when its verb keeps a complement that stays ("lasted for two weeks" stays)
        timing = i in timed and _verb_keeps_complement(tree, tree.subtree(t), kept - going)
        if (
            t.dep in rules["optional_deps"]
            or participle
            or verb_conj
            or fronted
            or i in attributions  # "according to"
            or timing
        ):
            drops.append(tree.subtree(t))
    for i in sorted(kept):  # the "and" before a dropped second clause
        t = tree.toks[i]
        if t.dep == "conj" and t.tag.startswith("VB") and tree.toks[t.head].tag.startswith("VB"):
            drops += [{c.i} for c in tree.children(tree.toks[t.head], "cc", "preconj")]
    return drops


def _set_off(tree: _Tree, t: Tok) -> bool:
    """Whether the phrase ``t`` heads is set off by a comma, bracket or dash before it."""
    before = tree.toks.get(min(tree.subtree(t)) - 1)
    return before is not None and before.text in (",", "(", "-", "--", "–", "—")


def _prunable_phrases(tree: _Tree, kept: set[int]) -> list[set[int]]:
    """Prepositional phrases of verbs that may go when the headline is too long, right to left ("on
    a Spanish request" after "arrested by British police"), each only once nothing is kept after
    it; a noun's phrases stay ("answer for the millions | in campaign contributions" would say
    something else)."""
    preps = [tree.toks[i] for i in sorted(kept, reverse=True) if tree.toks[i].dep == "prep"]
    return [tree.subtree(p) for p in preps if tree.toks[p.head].tag.startswith("VB")]


def _verb_keeps_complement(tree: _Tree, phrase: set[int], rest: set[int]) -> bool:
    """Whether the head of ``phrase`` (a prepositional phrase) keeps a complement in ``rest`` (what
    is kept without it) when it is a verb: "answer for the millions" keeps its phrase."""
    prep = next(tree.toks[i] for i in phrase if tree.toks[i].head not in phrase)
    head = tree.toks[prep.head]
    if not head.tag.startswith("VB"):
        return True
    return any(c.i in rest for c in tree.children(head, *_COMPLEMENTS))


def _words(tree: _Tree, kept: set[int]) -> int:
    return sum(1 for i in kept if tree.toks[i].dep != "punct")


_SOFT = frozenset({",", ";", ":", "-", "--", "–", "—"})


def _text(tree: _Tree, kept: set[int], source: str) -> str:
    """The kept tokens as text: the source's own spacing between neighbours, one space across a
    cut, and no comma, dash or colon beside a cut or at either end."""
    order = sorted(kept)
    cut_before = [n > 0 and order[n - 1] != i - 1 for n, i in enumerate(order)]
    parts: list[str] = []
    previous: Tok | None = None
    for n, i in enumerate(order):
        t = tree.toks[i]
        at_cut = cut_before[n] or (n + 1 < len(order) and cut_before[n + 1])
        if t.text in _SOFT and (n == 0 or n == len(order) - 1 or at_cut) or t.text in ".!?" and cut_before[n]:
            continue  # a comma beside a cut, or the sentence's full stop after one
        if previous is not None:
            # "BP" + "'s"; across a cut, a closing mark the source wrote right after what went
            attached = t.idx > 0 and not source[t.idx - 1].isspace() and not t.text[:1].isalnum()
            joined = source[previous.end : t.idx] == "" if previous.i == t.i - 1 else attached
            parts.append("" if joined else " ")
        parts.append(t.text)
        previous = t
    text = " ".join(_EMPTY_PAIR.sub(" ", "".join(parts)).split()).replace(" ,", ",")  # "( )" whose words went
    while text and (text[-1] in _QUOTES and not _balanced(text) or text[-1] in " .!?,;:"):
        text = text[:-1]  # a closing quote whose opening went, and the full stop before it
    while text and text[0] in _QUOTES and not _balanced(text):
        text = text[1:].lstrip()
    return _tidy(text) if _balanced(text) else ""


_EMPTY_PAIR = re.compile(r"\(\s*\)|\[\s*\]|“\s*”|‘\s*’|\"\s*\"")
_QUOTES = "\"“”‘’`'"


def _balanced(text: str) -> bool:
    """Whether ``text``'s quotation marks pair up ("“..." alone, or a straight quote left open, do not)."""
    straight = text.count('"') % 2 == 0 and text.count("``") == text.count("''")
    return straight and text.count("“") == text.count("”") and text.count("(") == text.count(")")


def _first_sentence(toks: Sequence[Tok]) -> _Tree:
    return _Tree([t for t in toks if t.sent == toks[0].sent] if toks else [])


def names_nothing(toks: Sequence[Tok]) -> bool:
    """Whether the parsed sentence's main clause has a subject that names nothing on its own ("It",
    "All", "These") or one after its verb ("Here is ..."): no headline can be made of it, however
    it is cut."""
    tree = _first_sentence(toks)
    if tree.root is None:
        return False
    core = _core(tree, tree.root)
    subjects = tree.children(core, *_SUBJECTS)
    vague = _vague(tree, subjects[0]) or subjects[0].i > core.i if subjects else False
    return vague or _reports_nothing(tree, core)


def headline_from_parse(source: str, toks: Sequence[Tok], max_words: int) -> str | None:
    """A headline of at most ``max_words`` words cut from the first sentence of ``source`` along
    its parse ``toks`` (see the module's docstring), or None when the sentence makes none."""
    tree = _first_sentence(toks)
    if tree.root is None:
        return None
    core = _core(tree, tree.root)
    subjects = tree.children(core, *_SUBJECTS)
    if not subjects or not _finite(tree, core) or _vague(tree, subjects[0]) or subjects[0].i > core.i:
        return None  # no subject, no finite verb, a vague subject, or one after its verb ("Here is")
    if _reports_nothing(tree, core):
        return None
    reporting = core.text.lower() in reporting_verbs()
    kept = tree.subtree(core)
    for drop in _always_optional(tree, core, subjects[0], kept):
        kept -= drop
    for phrase in _prunable_phrases(tree, kept):
        if _words(tree, kept) <= max_words:
            break
        words_after = [i for i in kept - phrase if i > max(phrase) and tree.toks[i].dep != "punct"]
        if phrase <= kept and not words_after and _verb_keeps_complement(tree, phrase, kept - phrase):
            kept -= phrase  # from the end only: a phrase cut from the middle can strand its words
    if reporting and not any(c.i in kept for c in tree.children(core, *_COMPLEMENTS)):
        return None  # "No comment," the director said: the attribution alone
    last = tree.toks[max(i for i in kept if tree.toks[i].dep != "punct")]
    if (
        _words(tree, kept) > max_words
        or core.i not in kept
        or last.dep in _OPEN_DEPS
        or last.tag in ("DT", "CC", "IN", "TO")
    ):
        return None  # too long, or a phrase left open: "fighting in", "the", "and"
    headline = _text(tree, kept, source)
    return headline if headline and title_problem(headline) is None else None
