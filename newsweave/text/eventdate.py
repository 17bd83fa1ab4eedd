"""The date of what a sentence reports (its event date), from its temporal expressions and parse.

A sentence is dated by the temporal expression attached to its main event: one the dependency
parse hangs on the main predicate (a temporal modifier "on Friday", "last week", or an
"in/on/at …" phrase of the predicate), the main predicate being the reported one in reported
speech ("X said Monday that Y happened on Sunday" is dated Sunday; "X said Monday that …" with
no date of its own, Monday). A date in a comparison or the background is not the event's:
"since 1973", "the worst since …", "the 2000 act", a relative clause ("…, who seized power in
1973, was arrested"), a clause opened by "after", "before", "when" or "until". With no date of
its own, a report of what just happened (a past-tense or present-perfect main verb) is dated
by the article's publication date; a state, a forecast or an older background ("had
reached", "was hailed") gets none. A line of a chronology ("April 25 - The Coast Guard …",
"1981: Defense minister …") is dated by its opening date.

A date modifying a noun dates the event when the noun is the subject of a past main verb
("Monday's verdicts ended …") or is carried by "at", "in", "during" … on the main verb ("won two
medals at the 1997 championships", "the summer of 1995"), not otherwise ("the 2000 act", "a 1990s
ethos", "the Russia of today"). A span's end on the main verb ("was suspended until this week")
makes the sentence a state (none), as does a verb told as a habit or a long state with no date
("has in the past accused", "long has accused"); a "from"/"through" date is a span's edge; a
verb inside a quotation the parser took for the root gives way to the reporting clause's verb
("came home last Thursday and heard this: `` … ''"); and a posting's
timestamp ("May 4, 2019 at 8:15 pm | Reply …") marks page furniture (none). An expression found
without a value ("five years later", "several weeks ago": counted from what the text does not
give) on the main event gives none, as do a negated present perfect ("has not done that") and a
habit on the reporting verb ("previously has acknowledged"); a bare weekday follows its own
verb's tense (ahead on a modal, back on a past verb whatever the tagger guessed). A date in
brackets is an aside ("Apollo 13 (the third mission … in 1970) did not stop …"); a present
participle on the subject dates the main verb ("X, speaking at a briefing last week, made it
clear …"); a perfect participle ("having harvested … this year") is background; a copula's
subject dated by a possessive or premodifier gives its date ("Monday's blast … was the first
…"); a reporting verb in a background clause ("Though X said last week …, shelling suggests …")
is not the sentence's report. The parser's reduced relative for a sentence's only finite verb
is mended first (:func:`repaired`); an expectation in reported speech ("confirmed the filing was
expected on Wednesday") lies ahead; a present "be" state with a date not ahead ("This year, X is
the most common one") dates no event. Rule data (the reporting verbs, background markers and
prepositions) is ``rules/eventdate_en.json``.

With a parse, :func:`event_date` lets a learned model (:mod:`newsweave.text.eventdate_model`)
choose among the expressions, the publication date and none, these rules' choice one of its
features; :func:`rule_event_date` is the rules alone.

Without a parse (no parser available) the first temporal expression that is not after "since"
and not part of a noun phrase ("the 1973 coup") dates the sentence, else the publication date.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from newsweave.records import Entity, Sentence
from newsweave.text.parse import Tok
from newsweave.text.timexes import Timex

_NESTED = frozenset(["ccomp", "xcomp", "csubj", "pcomp", "acl", "relcl"])
_PREMODIFIERS = frozenset(["nummod", "compound", "amod", "nmod", "poss"])
_CHAIN = frozenset(["xcomp", "conj", "aux", "auxpass"])
# a posting's timestamp in a page's furniture: "May 4, 2019 at 8:15 pm | Reply", "April 2, 2017 6:40 PM |"
_STAMP = re.compile(
    r",?\s*(?:\d{4}\s*)?(?:(?:at\s+)?\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?\s*){1,2}(?:[A-Z]{2,4}\s*)?\|", re.I
)
# a wire dateline's time stamp opening the text: "Tue Mar 14, 2031 7:31 pm EDT (Wire) - …": a
# clock time (with a colon, or a point and am/pm), a zone, a place in capitals perhaps ("08:53
# JST ORLEN (Wire) -"), then the agency or a dash; a decimal
# number ("fell 3.25 points") is none. Or a page's: "Headline PLACE | Tue Mar 14, 2031 7:31 pm
# EDT PLACE (Wire) - …": after a "|", a clock time, and the agency in brackets and a dash (text
# tokenised the PTB way, "-LRB- Wire -RRB-", is joined back by the clean stage)
_CLOCK = r"\b\d{1,2}(?::\d\d\s*(?:[ap]\.?m\.?\s*)?|\.\d\d\s*[ap]\.?m\.?\s*)(?:[A-Z]{2,4}\s*)?"
_DATELINE = re.compile(
    rf"[^\n]{{0,48}}?{_CLOCK}(?:[A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]*){{0,3}},? )?(?:\(|[-–—]\s)"
    rf"|[^\n|]{{0,160}}\|[^\n|]{{0,40}}?{_CLOCK}[^\n|]{{0,60}}?\(\s*[A-Z][\w ]{{0,30}}?\)\s*[-–—]"
)
_CALENDAR = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")
_YEARS_HEADER = re.compile(r"^\s*((?:1[89]|20)\d\d)\s*[-–]\s*\d{2,4}\b")
_HEADER = re.compile(r"\s*[^\s:–-][^:–]{0,24}?\s*(?::\s|\s[-–]\s)")
_BULLET = re.compile(r"\s*(?:\\?\*|•|·)?\s*")  # a chronology line's bullet: "* April 26 - …"


@lru_cache(maxsize=1)
def _rules() -> dict[str, frozenset[str]]:
    """The word lists of ``rules/eventdate_en.json``."""
    data = json.loads(resources.files("newsweave.rules").joinpath("eventdate_en.json").read_text("utf-8"))
    return {key: frozenset(words) for key, words in data.items() if isinstance(words, list)}


def reporting_verbs() -> frozenset[str]:
    """The verbs that report what their complement clause says ("said", "told", "warned" ...), as
    ``rules/eventdate_en.json`` lists them (the headline cut reads them too)."""
    return _rules()["reporting_verbs"]


def event_date(
    text: str,
    timexes: Sequence[Timex],
    published: str | None,
    toks: Sequence[Tok] | None,
    learned: bool = True,
    position: int | None = None,
    previous: Sequence[Timex] | None = None,
) -> str | None:
    """The date of what ``text`` reports (a TIMEX value), ``published`` or None.

    ``timexes`` are the sentence's temporal expressions (:func:`newsweave.text.timexes.find_timexes`
    against the publication date) and ``toks`` its dependency parse (None: no parser). With
    ``learned`` and a parse, the shipped model (:mod:`newsweave.text.eventdate_model`, the rules
    among its features) chooses among the candidates; else the rules alone
    (:func:`rule_event_date`). ``position``: how many body sentences of its article come before
    it (:func:`body_positions`; the model reads a sentence away from the lead that names an old
    date as background); None when not known. ``previous``: the temporal expressions of the body
    sentence before it (the model reads a sentence with none of its own after one naming a date
    over a year old as going on with that background); None when not known.
    """
    toks = repaired(toks) if toks else toks
    if learned and toks:
        from newsweave.text.eventdate_model import learned_event_date, load_model

        model = load_model()
        if model is not None:
            return learned_event_date(text, timexes, published, toks, model, position, previous)
    return rule_event_date(text, timexes, published, toks)


def rule_event_date(
    text: str, timexes: Sequence[Timex], published: str | None, toks: Sequence[Tok] | None
) -> str | None:
    """The date of what ``text`` reports by the hand rules alone (see the module's docstring)."""
    valued = [t for t in timexes if t.value]
    if any(_STAMP.match(text, t.end) for t in valued):
        return None  # a comment's or a post's timestamp: page furniture, not a report
    valued = [t for t in valued if not in_dateline(text, t)]
    opening, header = line_header(text)
    if valued and header and valued[0].start == opening and valued[0].end <= header.end():
        return valued[0].value
    span = _YEARS_HEADER.match(text)
    if span and header and span.end() <= header.end():
        return span.group(1)  # "1990-92: Serves as housing minister …": the span's first year
    if not toks:
        return _unparsed(text, valued, published)
    toks = repaired(toks)
    longest = max({t.sent for t in toks}, key=lambda n: sum(t.sent == n for t in toks))
    # the longest parsed sentence: a dateline or kicker the parser cut off is left out
    root = next((t for t in toks if t.dep == "ROOT" and t.sent == longest), None)
    first = list(toks)  # indexed by Tok.i
    if root is None:
        return _unparsed(text, valued, published)
    root = _verb_root(first, root)
    content = _content(first, root)
    main = _chain(first, content) if content is not None else set()
    said = _chain(first, root)
    kept: list[tuple[int, Timex, int]] = []
    for tx in valued:
        place = _place(first, tx, main, said, published)
        if place is None:
            continue
        rank = 0 if place in main else 1 if place in said else 2
        kept.append((rank, tx, place))
    if kept:
        rank, tx, place = min(kept, key=lambda k: (k[0], k[1].start))
        if rank == 0 and content is not None and content.i == root.i and _present_state(first, root, tx, published):
            return None  # "This year, the new virus is the most common one …": a state now, no event dated
        return _forward(tx, first, first[place], published)
    if any(_place(first, tx, main, said) is not None for tx in timexes if not tx.value and tx.granularity != "unknown"):
        return None  # "five years later", "several weeks ago" on the main verb: a date the text does not give
    if any(_until(first, tx, main) for tx in valued):
        return None  # "was suspended until this week": a state that lasted, not an event of the day
    reported = content is None or content.i != root.i
    if any(_habitual(first, first[i], spans=not reported and i in main) for i in main | said):
        return None  # "has in the past accused …", "previously has acknowledged it was told …": background
    perfect = content is not None and _auxes(first, content) & {"has", "have", "'ve"}
    if not reported and perfect and content is not None and _negated(first, content):
        return None  # "the council has not done that", "I haven't seen anyone": a state, nothing happened
    if any(_relative(first, first[i]) for i in main | said):
        return None  # "The union later decided …": dated against an event the sentence does not give
    if _question(first, longest):
        return None  # "But how long will it take?": asks, reports nothing
    if content is not None and content.i != root.i and _tense(first, content) == "past":
        return published  # "…, police say": what they report happened
    if _tense(first, root) == "past" or any(
        t.text.lower() in _rules()["reporting_verbs"]
        and t.tag == "VBD"
        and any(c.head == t.i and c.dep == "nsubj" for c in first)
        and not _background(first, t)  # "Though X said last week …, shelling suggests": not the report
        for t in first
    ):
        return published
    return None


_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:\s+(?:morning|afternoon|evening|night))?", re.I)


def in_dateline(text: str, tx: Timex) -> bool:
    """Whether an expression is the date of a wire dateline's time stamp opening the text
    ("Tue Mar 14 , 2031 7:31 pm EDT (Wire) - A pier collapsed on March 2 …"): the page's, not
    the event's."""
    stamp = _DATELINE.match(text)
    return stamp is not None and tx.end <= stamp.end() and not _STAMP.match(text, tx.end)  # not a comment's


def line_header(text: str) -> tuple[int, re.Match[str] | None]:
    """Where a line's text opens after any bullet, and its header ("April 25 - ", "1981: "), if any."""
    bullet = _BULLET.match(text)
    opening = bullet.end() if bullet else 0
    return opening, _HEADER.match(text, opening)


def depth(toks: Sequence[Tok], tok: Tok) -> int:
    """Steps from a token up to its sentence's root."""
    steps = 0
    while tok.head != tok.i and steps < len(toks):
        tok, steps = toks[tok.head], steps + 1
    return steps


def repaired(toks: Sequence[Tok]) -> list[Tok]:
    """The parse with one attachment error of the small parser mended: a sentence whose only
    finite verb it read as a participle describing the subject ("The storm struck on March 3,
    leaving …", "One of the two piers … reopened on Thursday, allowing …": the noun the root, the
    verb its ``acl``) gets that verb as its root and the noun as its subject. Only when no verb
    of the sentence has a subject, and the participle has no auxiliary or mark of its own and no
    comma before it (not "The poll, conducted Nov. 3-7"). Idempotent."""
    first = list(toks)
    for root in [t for t in first if t.dep == "ROOT" and not t.tag.startswith(("VB", "MD"))]:
        sent = [t for t in first if t.sent == root.sent]
        if any(_finite(sent, t) and any(c.head == t.i and c.dep.startswith("nsubj") for c in sent) for t in sent):
            continue  # a finite verb with a subject: the stand-in of _verb_root
        verbs = [
            t
            for t in sent
            if t.head == root.i
            and t.dep == "acl"
            and t.tag in ("VBN", "VBD")
            and t.i > root.i
            and first[t.i - 1].text not in (",", "-", "--", "(", "-LRB-")
            and not any(c.head == t.i and c.dep in ("aux", "auxpass", "mark") for c in sent)
        ]
        if verbs:
            verb = verbs[0]
            first[verb.i] = replace(verb, dep="ROOT", head=verb.i)
            first[root.i] = replace(root, dep="nsubj", head=verb.i)
    return first


def _present_state(toks: list[Tok], verb: Tok, tx: Timex, published: str | None) -> bool:
    """Whether the main verb is a present-tense "be" that states how things are ("is the most
    common strain", "it is by no means clear", "is due out soon"), with no open complement ("is
    due to appear on Monday", "is expected to …") and a date not ahead of the publication date
    (not a timetable: "the summit is on Tuesday")."""
    if verb.tag not in ("VBZ", "VBP") or verb.text.lower() not in _rules()["present_be"]:
        return False
    if any(t.head == verb.i and t.dep == "xcomp" for t in toks):
        return False
    return not _ahead(tx, published)


def _finite(toks: Sequence[Tok], verb: Tok) -> bool:
    """Whether a verb is finite: tensed itself or through an auxiliary ("to be delivered" is not)."""
    tensed = ("VBD", "VBZ", "VBP", "MD")
    return verb.tag in tensed or any(t.head == verb.i and t.dep in ("aux", "auxpass") and t.tag in tensed for t in toks)


def _verb_root(toks: list[Tok], root: Tok) -> Tok:
    """The parse's root, or when the parser made a preposition or a noun the root ("For X's next
    release, the rocker has created …") or chose a verb inside a quotation ("X heard this: `` I
    love you … ''"), the verb with a subject nearest to the top of the tree outside quotations."""
    quoted = _quoted(toks, root.sent)
    if root.tag.startswith(("VB", "MD")) and root.i not in quoted:
        return root

    verbs = [
        t
        for t in toks
        if t.sent == root.sent
        and t.tag.startswith("VB")
        and t.i not in quoted
        and not any(c.head == t.i and (c.dep == "mark" or c.tag == "WRB") for c in toks)  # "… when she got there"
        and any(c.head == t.i and c.dep.startswith("nsubj") for c in toks)
    ]
    return min(verbs, key=lambda t: (depth(toks, t), t.i)) if verbs else root


def _quoted(toks: list[Tok], sent: int) -> set[int]:
    """The tokens of one parsed sentence that stand inside quotation marks."""
    inside, opened = set(), False
    for t in toks:
        if t.sent != sent:
            continue
        if t.text in ("``", "`", "“"):
            opened = True
        elif t.text in ("''", "”"):
            opened = False
        elif t.text == '"':
            opened = not opened
        elif opened:
            inside.add(t.i)
    return inside


def _forward(tx: Timex, toks: list[Tok], verb: Tok, published: str | None) -> str | None:
    """A weekday alone read as the one ahead of the publication date when its verb is in the
    future ("said he would see the president Monday" published on a Saturday: the next Monday)."""
    if not (tx.value and published and _WEEKDAY.fullmatch(tx.text.strip()) and len(tx.value) == 10):
        return tx.value
    steps = 0
    while not verb.tag.startswith(("VB", "MD")) and verb.head != verb.i and steps < 4:
        verb, steps = toks[verb.head], steps + 1  # "as soon as Monday" hangs on "soon": its verb's tense
    auxes = _auxes(toks, verb)
    if tx.value > published[:10] and _tense(toks, verb) == "past" and not auxes & _rules()["future_auxiliaries"]:
        # "warned … on Tuesday as shops made plans to …": the tagger's guess of the future from a cue
        # elsewhere in the sentence; the verb it dates is past, so the Tuesday before
        return (date.fromisoformat(tx.value) - timedelta(days=7)).isoformat()
    reported = verb.dep == "ccomp" and toks[verb.head].text.lower() in _rules()["reporting_verbs"]
    if tx.value < published[:10] and reported and verb.text.lower() in _rules()["expectation_verbs"]:
        # "confirmed the filing was expected on Wednesday": an expectation told in reported speech
        # is put in the past by the reporting verb; what was expected lies ahead
        return (date.fromisoformat(tx.value) + timedelta(days=7)).isoformat()
    if tx.value >= published[:10] or _tense(toks, verb) != "present":
        return tx.value
    future = bool(auxes & _rules()["future_auxiliaries"]) or (
        bool(auxes & _rules()["modal_auxiliaries"]) and not auxes & {"have", "'ve"}
    )  # "could be announced as soon as Monday"; not "could have won on Monday"
    progressive = verb.tag == "VBG" and any(t.head == verb.i and t.tag in ("VBZ", "VBP") for t in toks)
    scheduled = (progressive or verb.tag in ("VBZ", "VBP")) and verb.text.lower() not in _rules()["reporting_verbs"]
    if not (future or scheduled):  # "is planning on Monday to send", "meets Tuesday": the one ahead
        return tx.value
    return (date.fromisoformat(tx.value) + timedelta(days=7)).isoformat()


def _auxes(toks: list[Tok], verb: Tok) -> set[str]:
    """The auxiliaries of a verb, lower-cased."""
    return {t.text.lower() for t in toks if t.head == verb.i and t.dep in ("aux", "auxpass")}


def _unparsed(text: str, valued: list[Timex], published: str | None) -> str | None:
    for tx in valued:
        before = text[: tx.start].lower().split()[-1:]
        after = text[tx.end :].split()[:1]
        if before and before[0] in _rules()["background_prepositions"]:
            continue
        if after and re.match(r"[a-z]{2}", after[0]) and tx.granularity in ("year", "decade"):
            continue  # "the 1973 coup", "his 2008 album"
        return tx.value
    return published


def _content(toks: list[Tok], root: Tok) -> Tok | None:
    """The reported predicate when the main verb reports speech, else the main verb itself."""
    if root.text.lower() not in _rules()["reporting_verbs"]:
        # "The 1988 bombing killed 270 people - most of them were American": the clause before the dash
        for t in toks:
            before = t.head == root.i and t.dep in ("ccomp", "parataxis") and t.i < root.i and t.tag == "VBD"
            if before and any(p.text in ("-", "–", "—", ";") and t.i < p.i < root.i for p in toks):
                return t
        return root
    for t in toks:
        if t.head == root.i and t.dep in ("ccomp", "parataxis") and t.tag.startswith(("VB", "MD")):
            return t
    return None


def _chain(toks: list[Tok], predicate: Tok) -> set[int]:
    """A predicate with the verbs that share its event: its open complements and conjuncts, and
    an adjective's ("is due to be opened", "is likely to fall")."""
    members = {predicate.i}
    grew = True
    while grew:
        grew = False
        for t in toks:
            verbal = t.dep in _CHAIN and t.tag.startswith(("VB", "MD"))
            if t.i not in members and t.head in members and (verbal or t.dep == "acomp"):  # "is due to open"
                members.add(t.i)
                grew = True
    return members


def _place(toks: list[Tok], tx: Timex, main: set[int], said: set[int], published: str | None = None) -> int | None:
    """The token a temporal expression hangs on (a verb, or a noun the parse left it to), or
    None when it is background or a comparison: after "since", "after", "before", "than"; in a
    relative clause or a clause opened by "after", "when" …; a premodifier of a noun that is
    not the subject ("the 2000 act", "Israel's 1982 invasion"); a deadline "by 2020" not on the
    main verb; inside brackets (an aside)."""
    inside = [t for t in toks if tx.start <= t.idx < tx.end]
    if not inside:
        return None
    if _bracketed(toks, inside[0].i):
        return None  # "Apollo 13 (the third mission to the moon in 1970) did not stop …": an aside
    span = {t.i for t in inside}
    head = next((t for t in inside if t.head not in span or t.head == t.i), inside[-1])
    before = toks[inside[0].i - 1] if inside[0].i > 0 else None
    if before is not None and before.text.lower() in _rules()["background_prepositions"]:
        return None
    target = toks[head.head]
    if head.dep == "pobj" and target.text.lower() in _rules()["background_prepositions"]:
        return None  # "from February 15 through `` at least '' February 28"
    if head.dep == "pobj" and target.text.lower() == "to" and any(t.text.lower() == "from" for t in toks[: head.i]):
        return None  # "used from 1903 to 1977": a span's end
    if head.dep == "pobj" and target.text.lower() == "of" and toks[target.head].tag.startswith("NN"):
        verb = _noun_verb(toks, toks[target.head], main, said)  # "the Russia of today", "the lockout of 1995"
        if verb is None:
            return None
        target = verb
    elif head.dep == "pobj":
        target = toks[target.head]
    elif _modifies_noun(head, target, before):
        verb = _noun_verb(toks, target, main, said)  # "the 2000 act", "his 2008 album": None
        if verb is None:
            return None
        target = verb
    node, seen = target, 0
    while seen < len(toks):
        if _background(toks, node):
            framed = _frame(toks, node, main | said)
            if framed is None:
                return None
            node, seen = framed, seen + 1
            continue
        if node.i in main or node.i in said or node.head == node.i:
            break
        if node.dep in _NESTED and node.tag.startswith(("VB", "MD")):
            return None  # the date of an event inside the reported one ("demanded that X stop … on May 4")
        node, seen = toks[node.head], seen + 1
    if before is not None and before.text.lower() == "by" and (target.i not in main or _ahead(tx, published)):
        return None  # a deadline ("a cap on emissions by 2020"), not the event's date ("By 1942, X denounced …" is)
    if before is not None and before.text.lower() == "until" and not _negated(toks, target):
        return None  # "wait until Jan. 10" ends a span; "not due until August" is when it happens
    return target.i


def _bracketed(toks: list[Tok], i: int) -> bool:
    """Whether token ``i`` stands inside brackets opened before it in its sentence (an aside)."""
    depth = 0
    for t in toks[:i]:
        if t.sent != toks[i].sent:
            continue
        if t.text in ("(", "-LRB-", "["):
            depth += 1
        elif t.text in (")", "-RRB-", "]") and depth:
            depth -= 1
    return depth > 0


def _modifies_noun(head: Tok, target: Tok, before: Tok | None) -> bool:
    """Whether a date qualifies a noun rather than a verb: a premodifier ("the 2000 act"), a
    possessive even after a preposition ("for Monday's blast", "in this year's race") or a bare
    date after the noun ("a deadline of midnight Wednesday")."""
    if head.dep == "poss" and target.i > head.i:
        return True
    if head.dep == "npadvmod" and target.tag.startswith("NN"):
        return True
    return head.dep in _PREMODIFIERS and target.i > head.i and (before is None or before.tag != "IN")


def _noun_verb(toks: list[Tok], noun: Tok, main: set[int], said: set[int]) -> Tok | None:
    """The main verb a date modifying a noun dates: the subject's ("Monday's verdicts ended …",
    with the verb in the past), or that of the noun a preposition hangs on the main verb ("won
    medals at the 1997 championships", "during the summer of 1995"); else None ("the 2000 act",
    "his 2008 album", "a 1990s ethos is gaining")."""
    verb = toks[noun.head]
    perfect = any(t.head == verb.i and t.dep == "aux" and t.text.lower() in ("has", "have", "'ve") for t in toks)
    if noun.dep in ("nsubj", "nsubjpass") and (verb.i in main or verb.i in said) and not perfect:
        # "A March 28 study said …" dates the statement; "The May resignation has brought …" does not
        # "Monday's blast … was the first such blast in four years" (a past copula) dates it too
        copula = verb.text.lower() in ("was", "were") and _tense(toks, verb) == "state"
        return verb if copula or _tense(toks, verb) == "past" else None
    carried = noun.dep == "pobj" and verb.text.lower() in _rules()["noun_date_prepositions"]
    if carried and verb.head != verb.i and (verb.head in main or verb.head in said):
        return toks[verb.head]
    return None


def _habitual(toks: list[Tok], verb: Tok, spans: bool = True) -> bool:
    """Whether a verb is told as a habit or a long state: "long", "often", "in the past", "for
    decades", or with ``spans`` a present perfect since a time ("Since 1992, X has struggled
    with …"; not asked of a reported one: "…, officials have said" is dated as a statement)."""
    perfect = any(t.head == verb.i and t.dep == "aux" and t.text.lower() in ("has", "have", "'ve") for t in toks)
    for t in toks:
        if t.head != verb.i:
            continue
        if perfect and spans and _since(toks, t):
            return True
        if t.dep == "advmod" and t.text.lower() in _rules()["habitual_adverbs"]:
            return not (t.i + 1 < len(toks) and toks[t.i + 1].text.lower() in ("again", "more"))  # "once again"

        objects = [o.text.lower() for o in toks if o.head == t.i and o.dep == "pobj"] if t.dep == "prep" else []
        if (t.text.lower() == "in" and "past" in objects) or (
            t.text.lower() == "for" and set(objects) & _rules()["durations"]
        ):
            return True
    return False


def _since(toks: list[Tok], child: Tok) -> bool:
    """Whether a verb's dependent opens a span with "since": "since 1992", "since the war began"."""
    if child.dep == "prep":
        return child.text.lower() == "since"
    if child.dep == "advcl":
        return any(t.head == child.i and t.dep == "mark" and t.text.lower() == "since" for t in toks)
    return False


def _relative(toks: list[Tok], verb: Tok) -> bool:
    """Whether a verb is dated only after another event: "later", "eventually" on it."""
    return any(t.head == verb.i and t.dep == "advmod" and t.text.lower() in _rules()["relative_adverbs"] for t in toks)


def _question(toks: list[Tok], sent: int) -> bool:
    """Whether a parsed sentence is a question (its last word before closing quotes is "?")."""
    words = [t.text for t in toks if t.sent == sent and t.text not in ("''", "”", '"', "’")]
    return bool(words) and words[-1] == "?"


def _until(toks: list[Tok], tx: Timex, main: set[int]) -> bool:
    """Whether a date ends a span of the main verb ("remained in command until March", "was used
    from 1903 to 1977"), the verb not negated."""
    inside = [t for t in toks if tx.start <= t.idx < tx.end]
    if not inside or inside[0].i == 0:
        return False
    before = toks[inside[0].i - 1]
    word = before.text.lower()
    ends = word in ("until", "through") or (word == "to" and any(t.text.lower() == "from" for t in toks[: before.i]))
    if not ends:
        return False
    verb = before.head
    while toks[verb].dep in ("pobj", "prep") and toks[verb].head != verb:  # "from 1903 to 1977" hung on "1911"
        verb = toks[verb].head
    return verb in main and not _negated(toks, toks[verb])


def _ahead(tx: Timex, published: str | None) -> bool:
    """Whether a date lies after the publication date (compared at the date's own precision)."""
    if not (tx.value and published and _CALENDAR.fullmatch(tx.value)):
        return False
    return tx.value > published[: len(tx.value)]


def _negated(toks: list[Tok], verb: Tok) -> bool:
    """Whether a verb, or the verb it completes ("not due to be completed"), is negated."""
    heads, node = {verb.i}, verb
    while node.dep in ("xcomp", "acomp") and node.head != node.i and len(heads) < 4:
        node = toks[node.head]
        heads.add(node.i)
    return any(t.dep == "neg" and t.head in heads for t in toks)


def _background(toks: list[Tok], verb: Tok) -> bool:
    """Whether a verb is in a relative or adverbial clause opened by "after", "when" …"""
    if verb.dep in ("relcl", "acl"):
        return True
    if verb.dep != "ROOT" and any(
        t.head == verb.i and t.dep.startswith("nsubj") and t.tag in ("WDT", "WP") for t in toks
    ):
        return True  # "…, and which failed last month" parsed as a conjunct: a relative clause still
    if verb.dep == "advcl" and verb.tag == "VBN" and verb.i > verb.head:
        bare = not any(t.head == verb.i and (t.dep.startswith(("nsubj", "aux")) or t.dep == "mark") for t in toks)
        if bare:
            return True  # "his deposition, taken in August": a participle describing a noun before it
    if (
        verb.dep == "advcl"
        and verb.tag == "VBN"
        and any(t.head == verb.i and t.dep == "aux" and t.text.lower() == "having" for t in toks)
    ):
        return True  # "…, having harvested 3 million tons this year": done before the main event
    if verb.dep == "advcl":  # "when …", "while serving …", "speaking on Sunday" tell the main event's time
        marks = [t for t in toks if t.head == verb.i and t.dep in ("mark", "advmod") and t.i < verb.i]
        return bool(marks) and marks[0].text.lower() in _rules()["background_marks"]
    return False


def _frame(toks: list[Tok], verb: Tok, main: set[int]) -> Tok | None:
    """The main verb a participle's date dates, or None: a participle describing the fronted phrase
    that sets the main event's time ("In the elections, held in July, the party won 41 seats"),
    or the subject of a past main verb without a comma between ("The picture posted over the
    weekend showed …"), unlike one of a later noun ("his deposition, taken in August") or one set
    off by commas ("The poll, conducted Nov. 3-7, was broadcast …")."""
    if verb.dep != "acl" or verb.tag not in ("VBN", "VBG"):
        return None
    noun = toks[verb.head]
    if noun.head == noun.i:
        return None
    if verb.tag == "VBG":
        # "X, speaking at a briefing last week, said …": what the subject was doing as it acted
        owner = toks[noun.head]
        return owner if noun.dep in ("nsubj", "nsubjpass") and owner.i in main else None
    if noun.dep == "pobj":
        prep = toks[noun.head]
        return toks[prep.head] if prep.head in main and prep.i < prep.head else None
    owner = toks[noun.head]
    restrictive = verb.i == noun.i + 1 and noun.dep in ("nsubj", "nsubjpass")
    return owner if restrictive and owner.i in main and _tense(toks, owner) == "past" else None


def _tense(toks: list[Tok], verb: Tok) -> str:
    """past (a report of what happened), present, state (a past state or the background), or other."""
    auxes = [t for t in toks if t.head == verb.i and t.dep in ("aux", "auxpass")]
    words = {t.text.lower() for t in auxes}
    if words & {"will", "would", "could", "may", "might", "should", "can", "must", "'ll", "shall"}:
        return "present"
    if "had" in words and verb.tag == "VBN":
        return "state"  # past perfect: background to the news
    if words & {"has", "have", "'ve"} and verb.tag == "VBN":
        copula = verb.text.lower() == "been" and not any(t.head == verb.i and t.dep == "expl" for t in toks)
        return "state" if copula else "past"  # "has been shaky", not "there has been an explosion"
    subject = any(t.head == verb.i and t.dep in ("nsubj", "nsubjpass") for t in toks)
    if "did" in words and verb.tag == "VB":
        return "past"  # "did not match", "did accept"
    if verb.tag == "VBD" or (verb.tag == "VBN" and (words & {"was", "were"} or (subject and not auxes))):
        obliged = verb.text.lower() == "had" and any(t.head == verb.i and t.dep == "xcomp" for t in toks)
        if verb.text.lower() in ("was", "were", "had") and not auxes and not obliged:  # "had to steer clear": past
            return "state"  # "it was …", "the video had low resolution"
        return "past"
    if verb.tag in ("VBZ", "VBP", "VBG") or words & {"is", "are", "am"}:
        return "present"
    return "other"


def body_positions(sentences: Sequence[Sentence]) -> dict[int, int]:
    """Sentence index -> how many body sentences of the article come before it (the ``position``
    :func:`event_date` takes); ``sentences`` are all the article's, in order."""
    positions: dict[int, int] = {}
    for sent in sentences:
        if sent.kind == "body" and sent.part == 0 and sent.index not in positions:
            positions[sent.index] = len(positions)
    return positions


def previous_body(sentences: Sequence[Sentence]) -> dict[int, int]:
    """Body sentence index -> the index of the body sentence before it (the one whose temporal
    expressions :func:`event_date` takes as ``previous``); ``sentences`` are all the article's, in order."""
    body = [s.index for s in sentences if s.kind == "body" and s.part == 0]
    return {index: before for before, index in zip(body, body[1:], strict=False)}


def timexes_of(entities: Sequence[Entity], sentence: Sentence) -> list[Timex]:
    """A sentence's DATE entities (offsets in the article) as temporal expressions of the sentence."""
    found = []
    for ent in entities:
        if ent.label != "DATE" or ent.sentence != sentence.index:
            continue
        value = ent.value or ""
        granularity = {10: "day", 7: "month", 4: "year", 3: "decade"}.get(len(value), "unknown")
        found.append(Timex(ent.text, ent.start - sentence.start, ent.end - sentence.start, ent.value, granularity))
    return sorted(found, key=lambda t: t.start)
