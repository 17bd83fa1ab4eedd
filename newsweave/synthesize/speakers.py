"""Speakers from the dependency parse: the subject of the reporting verb.

A quote's speaker is the subject of the reporting verb (``verbs`` of ``rules/quotes_en.json``:
said, told, added, wrote, warned, "according to" …) that governs the quote, or that the quote
governs ("“…,” Ms. White said"), else the one reporting verb of the quote's sentence. The
subject is read from the parse, so whom the speaker told ("told Arab News") or where ("in
Chile") is never taken for the speaker:

- a name (its compound words, "Anna Richardson White"); an apposition gives the name to a
  description ("a spokeswoman, Anna Richardson White", "one of the lawyers, Rui Matos"), not to a
  thing ("proposals from the front-runner, Ada Berg"), and a given name alone keeps the family
  tie it is given with ("Weber's son, Karl"); a title the parse made the subject gives way to
  the name it ends with ("University of Pellin political scientist Tomas Arvid");
- "X quoted Y as saying …" is Y's (:func:`quoted_object`), not X's, who only reports it;
- a description ("the official", "a spokesman for the ministry"), trimmed of relative clauses;
- "he"/"she" (and "who" of a relative clause) stand for the person they refer to; other
  pronouns ("it", "they", "we", "this") are left unknown.

Quotes inside reported speech ("adding that it was “one of the most generous pledges”") are
the speaker's ``partial`` quotes. Reported speech without quotation marks is the content
(complement clause) of a reporting verb. Parses come as :class:`Tok` lists made inside the
parser's memory zone (``ClauseSplitter.parse``), so nothing here holds spaCy objects.
Speakers the parse did not link to their verb are read by :mod:`~newsweave.synthesize.stray_speakers`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from newsweave.synthesize.parse_tree import PUNCT, Mention, ancestors, children, joined, subtree
from newsweave.synthesize.quote_marks import quote_lexicon
from newsweave.synthesize.stray_speakers import beside, fronted, label, participle_subject
from newsweave.text.parse import Tok

__all__ = [
    "Mention",
    "ancestors",
    "attribute",
    "children",
    "cue_words",
    "introducer",
    "mention",
    "named_subjects",
    "quoted_object",
    "reported",
    "subject_mentions",
    "subject_of",
    "subtree",
]

PERSONAL = frozenset({"he", "she"})
_SAID = frozenset({"ccomp", "dobj", "xcomp", "parataxis"})  # what a reporting verb says, when it says it
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_NOT_SPEAKERS = frozenset(
    [
        "it",
        "they",
        "we",
        "i",
        "you",
        "this",
        "that",
        "these",
        "those",
        "which",
        "what",
        "there",
        "everyone",
        "someone",
        "some",
        "many",
        "others",
        "all",
        "who",
    ]
)


@lru_cache(maxsize=1)
def cue_words() -> frozenset[str]:
    """Single reporting verbs (any form the rule data lists) and their "-ing" forms."""
    lex = quote_lexicon()
    words = {v.lower() for v in [*lex["verbs"], *lex["parse_verbs"], *lex["participles"]] if " " not in v}
    return frozenset(words | {"according"})


@lru_cache(maxsize=1)
def quote_cue_words() -> frozenset[str]:
    """:func:`cue_words` and the verbs that only attribute quotes ("dubbed", "thanked … for")."""
    return cue_words() | {v.lower() for v in quote_lexicon()["quote_verbs"]}


def _is_cue(tok: Tok, toks: list[Tok], words: frozenset[str] | None = None) -> bool:
    word = tok.text.lower()
    if word == "according":
        return tok.i + 1 < len(toks) and toks[tok.i + 1].text.lower() == "to"
    return word in (words or cue_words()) and tok.tag.startswith("VB")


def cues(toks: list[Tok], quoted: Sequence[tuple[int, int]], words: frozenset[str] | None = None) -> list[int]:
    """Reporting verbs outside quotation marks (``words``: the verbs, :func:`cue_words` by default)."""
    return [t.i for t in toks if _is_cue(t, toks, words) and not any(a <= t.idx < b for a, b in quoted)]


def cue_for(toks: list[Tok], kids: list[list[Tok]], span: tuple[int, int], found: list[int]) -> int | None:
    """The reporting verb of the quote at ``span``: one it hangs from, one hanging from it, else
    the nearest in a sentence the quote starts or ends in."""
    inside = [t.i for t in toks if span[0] <= t.idx < span[1]]
    if not inside or not found:
        return None
    cueset = set(found)
    best: tuple[int, int] | None = None
    # the quote's words, not its punctuation, which the parse may hang on any verb (a full stop
    # inside the quote on the sentence's root: "… reported that X said Y reacted “as one to another.”")
    words = [i for i in inside if toks[i].tag not in PUNCT] or inside
    for i in words:
        for depth, a in enumerate(ancestors(toks, i)):
            if a in cueset:
                if best is None or depth < best[0]:
                    best = (depth, a)
                break
    if best is not None:
        return best[1]
    for c in found:  # "“…,” Ms. White said": the verb hangs from the quote
        if any(span[0] <= toks[a].idx < span[1] for a in ancestors(toks, c)[:3]):
            return c
    found = [c for c in found if toks[c].text.lower() in cue_words()]  # the others only when joined to it
    sents = {toks[inside[0]].sent, toks[inside[-1]].sent}
    near = [c for c in found if toks[c].sent in sents]
    if not near:
        # "“… a false equivalency!” Dalton replied.": the parser ends the sentence at "!" or "?",
        # or at a full stop the writer put inside the quote ("“… missing.” Veldt said.")
        nxt = next((t for t in toks[inside[-1] + 1 :] if t.tag not in ("''", "``", ".", "_SP")), None)
        if nxt is None or nxt.idx > span[1] + 3 or toks[inside[-1]].text not in ("!", "?", "."):
            return None
        near = [c for c in found if toks[c].sent == nxt.sent and toks[c].idx - span[1] < 60]
        # "“….” Greece has not responded …": a verb the writer negates attributes nothing
        near = [c for c in near if not negated(toks, kids, c)]
        if near and toks[inside[-1]].text == "." and any(k.dep in _SAID for k in kids[near[0]]):
            return None  # "“….” Dalton said the talks had failed.": that verb has words of its own
        return near[0] if near else None
    return min(near, key=lambda c: min(abs(toks[c].idx - span[0]), abs(toks[c].idx - span[1])))


def subject_of(toks: list[Tok], kids: list[list[Tok]], cue: int, quoted: Sequence[tuple[int, int]] = ()) -> int | None:
    """The token that heads the speaker of a reporting verb (or of "according to"), never a
    word inside quotation marks."""
    tok = toks[cue]
    if tok.text.lower() == "according":
        to = next((c for c in kids[cue] if c.text.lower() == "to"), None)
        obj = next((c for c in kids[to.i] if c.dep == "pobj"), None) if to else None
        return obj.i if obj else None
    k = cue
    for _ in range(3):
        said_by = quoted_object(toks, kids, k, quoted)
        if said_by is not None:
            return said_by  # "X quoted Y as saying …": Y's words, which X reports
        subjects = [c for c in kids[k] if c.dep in _SUBJECTS and not any(a <= c.idx < b for a, b in quoted)]
        if subjects:
            # two subjects is the parser's slip; the nearer one ("The plan … pleases older
            # voters …, said Anna Weber, a demographer": Weber) is the verb's
            return min(subjects, key=lambda c: abs(c.i - k)).i
        # "… and said", "…, adding that": the subject of the verb it is joined to
        if toks[k].dep in ("conj", "advcl", "xcomp") and toks[k].head != k:
            k = toks[k].head
            if toks[k].dep == "ccomp" and toks[k].head != k and _is_cue(toks[toks[k].head], toks):
                # "X said it was early but added, “…”": the parse joins "added" to what X said
                k = toks[k].head
            continue
        if toks[k].dep == "acl" and toks[k].tag == "VBG" and toks[k].head != k:
            # "X issued a statement saying …": the statement's issuer; "X, …, calling him …":
            # the subject the participle hangs from after a comma
            noun = toks[toks[k].head]
            if noun.text.lower() in quote_lexicon()["documents"] and noun.dep == "dobj" and noun.head != noun.i:
                k = noun.head
                continue
            if noun.dep in ("nsubj", "nsubjpass") and noun.tag.startswith("NN") and toks[k - 1].text == ",":
                return noun.i if not any(a <= noun.idx < b for a, b in quoted) else None
            return None  # "emailed supporters saying …": not the supporters'
        # "X was quoted as saying …": the subject of the verb the participle's "as" hangs from
        if toks[k].dep == "pcomp" and toks[toks[k].head].dep == "prep" and toks[toks[k].head].head != toks[k].head:
            k = toks[toks[k].head].head
            continue
        return None
    return None


def quoted_object(
    toks: list[Tok], kids: list[list[Tok]], verb: int, quoted: Sequence[tuple[int, int]] = ()
) -> int | None:
    """The object of a verb whose "as" takes a reporting participle ("the agency quoted the
    minister as saying …", "X cited Y as telling …"): the one who said it, never the verb's
    subject, who only reports it. ``None`` for any other verb, or a passive one ("X was quoted
    as saying …" has X for its subject)."""
    prep = next((c for c in kids[verb] if c.dep == "prep" and c.text.lower() == "as"), None)
    if prep is None or not any(
        c.dep == "pcomp" and c.tag == "VBG" and c.text.lower() in cue_words() for c in kids[prep.i]
    ):
        return None
    # the last object before "as": the parse may split a name in several ("al", "-", "Maraki")
    obj = next((c for c in reversed(kids[verb]) if c.dep == "dobj" and c.i < prep.i), None)
    if obj is None or any(a <= obj.idx < b for a, b in quoted):
        return None
    return obj.i


def _name_of(toks: list[Tok], kids: list[list[Tok]], head: int) -> tuple[int, int]:
    """Token range of a proper name: its compound and flat words before the head."""
    lo = head
    while lo > 0:
        prev = toks[lo - 1]
        if prev.tag in ("NNP", "NNPS") and prev.head in (head, lo) and prev.dep in ("compound", "flat", "nmod", "amod"):
            lo -= 1
        elif (
            (prev.tag == "HYPH" or prev.text == "-")
            and prev.end == toks[lo].idx
            and lo > 1
            and toks[lo - 2].end == prev.idx
        ):
            lo -= 2  # "Pryce-Dunmore", "al-Maraki"
        else:
            break
    return lo, head


def mention(toks: list[Tok], kids: list[list[Tok]], head: int) -> Mention | None:
    """The speaker written at ``head`` (a subject), or ``None`` when it is no speaker."""
    tok = toks[head]
    word = tok.text.lower()
    if tok.tag in ("WP",) and tok.dep.startswith("nsubj"):  # "the minister, who said …"
        rel = toks[tok.head]
        if rel.dep == "relcl" and rel.head != rel.i:
            return mention(toks, kids, rel.head)
        return None
    if tok.tag in ("PRP", "PRP$"):
        # "he", "she"; "him", "her" as the object of "quoted … as saying"
        personal = word in PERSONAL or (word in ("him", "her") and tok.dep == "dobj")
        return Mention(tok.text, "pronoun", tok.idx, tok.end) if personal else None
    one_of = word == "one" and any(k.dep == "prep" and k.text.lower() == "of" for k in kids[head])
    if (word in _NOT_SPEAKERS or tok.tag in ("DT", "WDT", "CD", "EX")) and not one_of:
        return None  # but "one of the lawyers, Rui Matos" is a speaker
    capitalised = tok.text[:1].isupper() and head > 0 and toks[head - 1].sent == tok.sent
    described = any(k.dep == "det" and k.text.lower() in ("a", "an") for k in kids[head])  # "a Democrat"
    # "Pardes" may be tagged NNS, "Leme Vives" a verb: a capitalised subject joined to names
    misread = capitalised and not tok.tag.startswith("NN") and tok.dep in _SUBJECTS
    if (
        tok.tag in ("NNP", "NNPS")
        or (capitalised and tok.tag == "NNS" and not kids[head])
        or (misread and any(k.dep == "compound" and k.tag in ("NNP", "NNPS") for k in kids[head]))
    ) and not described:
        named = _titled_name(toks, kids, head)
        if named is not None:
            head = named  # "University of Pellin political scientist Tomas Arvid"
        lo, hi = _name_of(toks, kids, head)
        if lo == hi == 0 and tok.text.isupper() and len(tok.text) > 3:
            return None  # a dateline ("CLEVELAND — …"), not a speaker
        return Mention(joined(toks[lo : hi + 1]), "named", toks[lo].idx, toks[hi].end)
    if tok.tag == "JJ" and tok.dep.startswith("nsubj") and not capitalised:
        # "the 52-year-old said": an adjective the parse made the subject, with its article
        if not any(k.dep == "det" for k in kids[head]):
            return None
    elif not tok.tag.startswith("NN") and not one_of:
        return None
    within = subtree(toks, kids, head)
    last = max((i for i in within if toks[i].tag not in PUNCT), default=head)
    for c in (toks[i] for i in within):  # "a spokeswoman, Anna Richardson White", "the head of X, Frank Hill"
        # the name at the end of the phrase is its head's, unless it is inside a phrase of a noun
        # that names no person ("proposals from the front-runner, Ada Berg"; but "the head of the
        # agency, Frank Hill", where the parse hung the name on the agency)
        if (
            c.dep == "appos"
            and c.tag in ("NNP", "NNPS")
            and tok.tag != "NNS"  # "proposals …, Ada Berg": no name of a plural
            and (c.head == head or (c.i == last and (_personal(tok) or not _through_preposition(toks, c.i, head))))
        ):
            lo, hi = _name_of(toks, kids, c.i)
            if lo == hi and word in _kin_nouns():
                # "Brannock's son, Teodor": a given name alone, which the family shares with
                # others, names him only with the description
                first = _contiguous([i for i in within if i <= head], head)[0]
                words = [toks[i] for i in range(first, hi + 1)]
                return Mention(joined(words), "description", words[0].idx, words[-1].end, word, True)
            return Mention(joined(toks[lo : hi + 1]), "named", toks[lo].idx, toks[hi].end)
    keep = [i for i in subtree(toks, kids, head) if i <= head or _kept_after(toks, i, head)]
    keep = _contiguous(keep, head)
    words = [toks[i] for i in keep]
    while words and (words[0].tag in (",", ":", "``", "''") or words[0].dep == "cc"):
        words = words[1:]
    while words and words[-1].tag in (",", ":", "``", "''", "."):
        words = words[:-1]
    if not words or len(words) > 10:
        return None
    noun = _of_noun(toks, kids, head) if one_of else tok  # "one of the lawyers": a lawyer
    singular = one_of or noun.tag in ("NN", "NNP", "JJ")
    return Mention(joined(words), "description", words[0].idx, words[-1].end, noun.text.lower(), singular)


def _through_preposition(toks: list[Tok], i: int, head: int) -> bool:
    """Whether token ``i`` hangs from ``head`` through a preposition ("from the front-runner, X")."""
    path = [i, *ancestors(toks, i)]
    below = path[: path.index(head)] if head in path else path
    return any(toks[k].dep in ("prep", "pobj") for k in below)


def _personal(tok: Tok) -> bool:
    """Whether a noun names one person ("head", "spokeswoman", "one" of "one of the lawyers")."""
    from newsweave.synthesize.referents import described_person

    return tok.text.lower() == "one" or described_person(tok.text, tok.text, tok.tag != "NNS") is not None


@lru_cache(maxsize=1)
def _kin_nouns() -> frozenset[str]:
    """Nouns of family ties ("son", "wife"): the gendered nouns of ``rules/gender_en.json`` that
    ``rules/titles_en.json`` counts as no office."""
    from newsweave.synthesize.referents import gender_lexicon
    from newsweave.synthesize.titles import title_lexicon

    lex = gender_lexicon()
    return frozenset((lex["male_nouns"] | lex["female_nouns"]) & set(title_lexicon()["not_offices"]))


def _of_noun(toks: list[Tok], kids: list[list[Tok]], head: int) -> Tok:
    """The noun "one of …" picks one of ("lawyers" of "one of Kessler's lawyers")."""
    of = next(k for k in kids[head] if k.dep == "prep" and k.text.lower() == "of")
    return next((k for k in kids[of.i] if k.dep == "pobj"), toks[head])


def _titled_name(toks: list[Tok], kids: list[list[Tok]], head: int) -> int | None:
    """The name a subject written as "X of Y" ends with, when the words before that name are its
    title: a title word heads the subject ("Secretary of State Ilse Brannock") or stands
    right before the name ("University of Pellin political scientist Tomas Arvid"); the
    parse made the first word of the title the subject. ``None`` for any other subject."""
    from newsweave.synthesize.titles import is_head

    of = next((k for k in kids[head] if k.dep == "prep" and k.text.lower() == "of"), None)
    name = next((k for k in kids[of.i] if k.dep == "pobj"), None) if of is not None else None
    if name is None or name.tag not in ("NNP", "NNPS"):
        return None
    lo, _ = _name_of(toks, kids, name.i)
    before = toks[lo - 1] if lo > 0 else None
    titled_before = (
        before is not None and before.tag.startswith("NN") and before.text.islower() and is_head(before.text)
    )
    if (titled_before and before is not None and before.head == name.i) or (is_head(toks[head].text) and lo < name.i):
        return name.i
    return None


def _kept_after(toks: list[Tok], i: int, head: int) -> bool:
    """Words after a description's head that belong to it: "for the ministry", not a relative clause."""
    if (
        toks[i].tag == "HYPH"
        and toks[i].idx == toks[i - 1].end
        and i + 1 < len(toks)
        and toks[i + 1].idx == toks[i].end
    ):
        return True  # "a brother-in-law": the words the hyphens join
    path = [i, *ancestors(toks, i)]
    below = path[: path.index(head)] if head in path else path
    return bool(below) and toks[below[-1]].dep in ("prep", "pobj", "compound", "amod", "det", "poss", "case")


def _contiguous(keep: list[int], head: int) -> list[int]:
    """The run of consecutive indices around ``head``."""
    run = [head]
    s = set(keep)
    k = head - 1
    while k in s:
        run.insert(0, k)
        k -= 1
    k = head + 1
    while k in s:
        run.append(k)
        k += 1
    return run


def attribute(toks: list[Tok], quoted: Sequence[tuple[int, int]]) -> list[tuple[Mention | None, str | None, bool]]:
    """For each quoted span of a parsed paragraph: (speaker as written, reporting verb, whether
    the quote sits inside a clause, i.e. a partial quote). No verb: (None, None, False)."""
    kids = children(toks)
    found = cues(toks, quoted, quote_cue_words())
    out: list[tuple[Mention | None, str | None, bool]] = []
    for span in quoted:
        cue = cue_for(toks, kids, span, found)
        if cue is None:
            cue = _introduced(toks, span)
        if cue is None:
            named = label(toks, span)
            out.append((named, ":", False) if named else (None, None, _inside_clause(toks, span)))
            continue
        subj = subject_of(toks, kids, cue, quoted)
        if subj is not None and toks[subj].dep == "nsubjpass" and toks[cue].text.lower() not in cue_words():
            subj = None  # "X was dubbed “…”": not X's words
        if subj is None:
            subj = beside(toks, cue, span, quoted)
        if subj is None:
            subj = fronted(toks, kids, cue, quoted)
        if subj is None:
            subj = participle_subject(toks, cue, quoted)
        who = mention(toks, kids, subj) if subj is not None else None
        verb = "according to" if toks[cue].text.lower() == "according" else toks[cue].text.lower()
        out.append((who, verb, _inside_clause(toks, span)))
    return out


def _introduced(toks: list[Tok], span: tuple[int, int]) -> int | None:
    """The verb of a clause that ends with a colon right before the quote ("Dalton issued the
    following statement: “…”", "The campaign worded it more carefully: “…”"): it introduces
    what its subject said or wrote."""
    before = [t for t in toks if t.end <= span[0] and t.tag not in ("``", "''")]
    if not before or before[-1].text != ":":
        return None
    return _clause_verb(toks, before[-1])


def _clause_verb(toks: list[Tok], colon: Tok) -> int | None:
    """The verb of the clause a colon ends: the word of that clause the others hang from (the
    parser may hang the clause on the quote after the colon)."""
    clause = [t for t in toks if t.sent == colon.sent and t.i < colon.i]
    within = {t.i for t in clause}
    tops = [t for t in clause if t.head not in within or t.head == t.i]
    verbs = [t for t in tops if t.tag.startswith("VB")]
    return verbs[-1].i if len(verbs) >= 1 and len(tops) <= 3 else None


def introducer(toks: list[Tok]) -> tuple[Mention | None, str | None]:
    """Who a paragraph that ends with a colon gives the next paragraph's quote to ("Dalton issued
    the following statement:"), and the verb: the subject of the clause the colon ends."""
    words = [t for t in toks if t.tag not in ("``", "''")]
    if not words or words[-1].text != ":":
        return None, None
    verb = _clause_verb(toks, words[-1])
    if verb is None:
        return None, None
    kids = children(toks)
    subj = subject_of(toks, kids, verb)
    return (mention(toks, kids, subj) if subj is not None else None), toks[verb].text.lower()


def _inside_clause(toks: list[Tok], span: tuple[int, int]) -> bool:
    """Whether a quote opens inside a sentence of the writer's words ("it was “one of …”"),
    not after a colon or a reporting verb ("He said: “…”", "he said, “…”")."""
    first = next((t for t in toks if t.idx >= span[0]), None)
    if first is None:
        return False
    before = [t for t in toks if t.sent == first.sent and t.end <= span[0] - 1 and t.tag not in ("``", "''")]
    if not before:
        return False
    last = before[-1]
    if last.text in (":", "—", "–", "-", "(", "["):
        return False
    if last.text == ",":
        return not (len(before) > 1 and _is_cue_text(before[-2])) and len(before) > 2
    return not _is_cue_text(last)


def _is_cue_text(tok: Tok) -> bool:
    return tok.text.lower() in cue_words()


def reported(toks: list[Tok], quoted: Sequence[tuple[int, int]]) -> list[tuple[Mention, str, int, int]]:
    """Reported speech without quotation marks: (speaker, verb, start, end of the content); none
    for a negated verb (:func:`negated`: "X did not say that …" is no statement of X's)."""
    kids = children(toks)
    out = []
    for cue in cues(toks, quoted):
        subj = subject_of(toks, kids, cue, quoted)
        if subj is None:
            subj = fronted(toks, kids, cue, quoted)
        who = mention(toks, kids, subj) if subj is not None else None
        if who is None:
            continue
        if negated(toks, kids, cue):
            continue  # "X did not say …", "X never said …": not what X said
        if toks[cue].text.lower() == "according":
            clause = toks[cue].head
            idx = [i for i in subtree(toks, kids, clause) if i not in subtree(toks, kids, cue)]
            verb = "according to"
        else:
            comp = next(
                (c for c in kids[cue] if c.dep == "ccomp" and not _beyond_semicolon(toks, kids, c.i, cue)), None
            )
            if comp is None:
                continue
            idx = subtree(toks, kids, comp.i)
            verb = toks[cue].text.lower()
        words = [toks[i] for i in idx if toks[i].tag not in (",", ".", ":")]
        # "said that …" loses its "that"; "said if …", "unless …", "whether …" keep theirs: the
        # content is a condition or a question, not a statement
        while words and words[0].dep == "mark" and words[0].text.lower() == "that":
            words = words[1:]
        if len(words) < 4:
            continue
        start, end = words[0].idx, words[-1].end
        if any(a < end and start < b for a, b in quoted):
            continue
        out.append((who, verb, start, end))
    return out


def _beyond_semicolon(toks: list[Tok], kids: list[list[Tok]], clause: int, verb: int) -> bool:
    """Whether a semicolon stands between a clause and the verb the parse hung it from ("A
    quoted B as saying …; C said …": A's clause is no content of C's verb)."""
    within = subtree(toks, kids, clause)
    lo, hi = (within[-1] + 1, verb) if within[-1] < verb else (verb + 1, within[0])
    return any(toks[i].text == ";" for i in range(lo, hi))


def negated(toks: list[Tok], kids: list[list[Tok]], cue: int) -> bool:
    """Whether the parse negates a reporting verb ("did not say", "never said", "would not
    deny"), or the verb it is the complement of ("did not want to say")."""
    k = cue
    for _ in range(3):
        if any(c.dep == "neg" for c in kids[k]):
            return True
        if toks[k].dep != "xcomp" or toks[k].head == k:
            return False
        k = toks[k].head
    return False


def named_subjects(toks: list[Tok], quoted: Sequence[tuple[int, int]] = ()) -> list[tuple[int, str]]:
    """(where, name) of the subjects of a parsed text that are names, outside quotation marks,
    in order (:func:`subject_mentions`): the persons "he" and "she" may stand for ("a
    spokeswoman, Anna Richardson White" gives the name)."""
    return [(at, who.text) for at, who, _ in subject_mentions(toks, quoted) if who.kind == "named"]


def subject_mentions(toks: list[Tok], quoted: Sequence[tuple[int, int]] = ()) -> list[tuple[int, Mention, bool]]:
    """(where, mention, whether it speaks) of the subjects of a parsed text, names, descriptions
    ("one woman", "the Valmoran leader") and "he" and "she", outside quotation marks, in order:
    whom a later "he" or "she" may stand for. One that speaks is the subject of a reporting verb, or the
    object of "quoted … as saying". A subject of what someone is reported to have said ("Ward
    said Dalton would …") is not one: the speaker goes on speaking ("“…,” he said" is Ward)."""
    kids = children(toks)
    out = []
    for t in toks:
        if t.dep not in ("nsubj", "nsubjpass") or t.tag in ("PRP$", "WP", "WDT", "DT", "EX"):
            continue
        if any(a <= t.idx < b for a, b in quoted) or _reported_by(toks, t.i):
            continue
        who = mention(toks, kids, t.i)  # "he" and "she" too: they go on with the person they stand for
        if who is not None:
            speaks = t.head != t.i and _is_cue(toks[t.head], toks, quote_cue_words())
            if who.kind == "description" and _generic(toks, kids, t, speaks):
                continue  # "A president must …", "no other secretary": no one in particular
            out.append((t.sent, -_depth(toks, t.i), who.start, who, speaks))
    for t in toks:
        said_by = quoted_object(toks, kids, t.i, quoted) if t.tag.startswith("VB") else None
        who = mention(toks, kids, said_by) if said_by is not None and not _reported_by(toks, said_by) else None
        if who is not None and who.kind != "pronoun":  # "the agency quoted the minister as saying"
            out.append((t.sent, -_depth(toks, t.i), who.start, who, True))
    for t in toks:  # a sentence's verb the parse gave no subject: the name opening its clause
        if t.dep != "ROOT" or any(k.dep in _SUBJECTS for k in kids[t.i]) or any(a <= t.idx < b for a, b in quoted):
            continue
        front = fronted(toks, kids, t.i, quoted)
        who = mention(toks, kids, front) if front is not None and toks[front].dep not in _SUBJECTS else None
        if who is not None and who.kind == "named":
            out.append((t.sent, 0, who.start, who, _is_cue(t, toks, quote_cue_words())))
    # a sentence's own subject counts as named after the subjects of the clauses inside it, and
    # a clause's after those of the clauses inside it ("X predicted that the party would win if Y
    # ran": "he" is still X; "… if the interior minister rules that the colonel should be freed":
    # the interior minister)
    return [(at, who, speaks) for _, _, at, who, speaks in sorted(out, key=lambda o: o[:3])]


_QUANTIFIERS = frozenset({"no", "every", "each", "any", "all", "neither", "either"})


def _generic(toks: list[Tok], kids: list[list[Tok]], subject: Tok, speaks: bool) -> bool:
    """Whether a subject speaks of anyone of its kind: with a quantifier ("no other secretary of
    state", "every candidate"), or with "a" or "an" and a modal verb ("what a real person would
    say") or, when it does not speak, a verb not in the past ("A president has to …"; not "A
    woman sorted oranges", nor "a spokesman says", which bring someone in)."""
    dets = {k.text.lower() for k in kids[subject.i] if k.dep == "det"}
    if dets & _QUANTIFIERS:
        return True
    if not dets & {"a", "an"}:
        return False
    verb = toks[subject.head]
    chain = [verb, *(k for k in kids[verb.i] if k.dep in ("aux", "auxpass"))]
    if any(t.tag == "MD" for t in chain):
        return True
    return not speaks and not any(t.tag in ("VBD", "VBN") for t in chain)


def _depth(toks: list[Tok], i: int) -> int:
    """How many clauses token ``i`` sits inside (complement, adverbial or relative clauses)."""
    return sum(toks[a].dep in _CLAUSES for a in [i, *ancestors(toks, i)])


_CLAUSES = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "csubj"})


def _reported_by(toks: list[Tok], i: int) -> bool:
    """Whether token ``i`` sits in the complement clause of a reporting verb."""
    for a in ancestors(toks, i):
        tok = toks[a]
        if tok.dep == "ccomp" and tok.head != a and _is_cue(toks[tok.head], toks):
            return True
    return False
