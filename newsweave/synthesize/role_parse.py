"""Roles read from the dependency parse of a sentence: the ones the rules on the text miss.

An apposition the name is the second part of ("The envoy sent to London …, X"), an appointment
("named X foreign minister", "X has been hired as head coach of …"), a predicate ("X is the chief
executive of BP"). Each role is a noun phrase headed by a title word of the title lexicon
(:mod:`newsweave.synthesize.titles`). The parse is slow: :func:`worth_parsing` says which sentences
may hold such a role.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsweave.synthesize.parse_tree import ancestors
from newsweave.synthesize.titles import MAX_TITLE_WORDS, has_head, is_head, title_lexicon, titled

if TYPE_CHECKING:
    from newsweave.text.parse import Tok


def worth_parsing(sentence: str) -> bool:
    """Whether the parse may find a role in ``sentence`` the rules did not: it holds a title word
    of the rule data ("minister", "chief executive"); any role found has one."""
    lowered = sentence.lower()
    words = set(re.findall(r"[a-z][a-z.'’-]*", lowered))
    words |= {w.rstrip(".") for w in words}  # "… is a Reuters columnist.": the full stop ends the sentence
    lex = title_lexicon()
    return not words.isdisjoint(lex["heads_set"]) or any(h in lowered for h in lex["multiword_heads"])


_PHRASE_LEFT = frozenset(["compound", "amod", "poss", "nmod", "case", "punct"])


def parsed_roles(sentence: str, start: int, end: int, toks: list[Tok]) -> list[str]:
    """Roles the dependency parse links to the name at ``sentence[start:end]``."""
    in_name = [t for t in toks if start <= t.idx < end]
    if not in_name:
        return []
    span = {t.i for t in in_name}
    head = next((t for t in in_name if t.head not in span or t.head == t.i), in_name[-1])
    lex = title_lexicon()
    found: list[str] = []
    governor = toks[head.head]
    if head.dep == "appos" and governor.i not in span and governor.tag.startswith("NN") and governor.i < head.i:
        found.append(_phrase(sentence, toks, governor))
    for child in (t for t in toks if t.head == head.i and t.i not in span):
        if child.dep == "appos" and child.tag.startswith("NN") and not _listed(toks, child, head):
            found.append(_phrase(sentence, toks, child))
    if head.dep == "appos" and not (governor.tag.startswith("NN") and has_head([governor.text])):
        found += _subject_apposition(sentence, toks, head)
    verb = governor if head.dep in ("dobj", "nsubj", "nsubjpass") else None
    if verb is not None and verb.i != head.i:
        found += _verb_roles(sentence, toks, verb, head.dep)
        if head.dep == "nsubj":
            found += _gerund_roles(sentence, toks, verb)
    # the name's apposition stands for the person too: "X, a lawyer who served as Y's deputy"
    described = {head.i} | {t.i for t in toks if t.head == head.i and t.dep == "appos" and t.i > head.i}
    for child in (t for t in toks if t.head in described and t.i > head.i):
        # "X, who is the chief executive", "X, who was named foreign minister"
        if child.dep == "relcl" and child.tag.startswith("VB"):
            subject = next((t for t in toks if t.head == child.i and t.dep in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.tag in ("WP", "WDT"):
                found += _verb_roles(sentence, toks, child, subject.dep)
        # "X, named foreign minister in June": a participle of appointment
        elif (
            child.head == head.i
            and child.dep == "acl"
            and child.tag == "VBN"
            and child.text.lower() in lex["appointing_verbs"]
        ):
            found += _verb_roles(sentence, toks, child, "dobj")
    found += _possessed_post(sentence, toks, max(span))
    found += _appointed_by_words(sentence, toks, min(span), max(span))
    after = head.i + 1
    if after + 1 < len(toks) and toks[after].text == "," and toks[after + 1].tag == "VBN":
        participle = toks[after + 1]  # the same, where the parse hangs the participle elsewhere
        if participle.text.lower() in lex["appointing_verbs"] and participle.head != head.i:
            subjects = [t for t in toks if t.head == participle.i and t.dep.startswith("nsubj")]
            # no subject of its own, or one whose phrase the name ends ("A profile of X, named …")
            if all(s.i == head.i or s.i in ancestors(toks, head.i) for s in subjects):
                found += _verb_roles(sentence, toks, participle, "dobj")
    return [r for r in found if r and titled(r.split()) and len(r.split()) <= MAX_TITLE_WORDS]


def _verb_roles(sentence: str, toks: list[Tok], verb: Tok, role_of: str) -> list[str]:
    """Roles a verb gives the person that is its ``role_of`` (``nsubj``, ``nsubjpass``, ``dobj``):
    an appointment ("named X foreign minister", "X was hired as head coach"), a predicate ("X is
    the chief executive", "X became prime minister"), "X left his post as chairman"."""
    lex = title_lexicon()
    if verb.text.lower() == "being":
        return []  # "is X being judge and jury": how one acts, no post
    appointing = verb.text.lower() in lex["appointing_verbs"]
    succeeding = verb.text.lower() in lex["succession_verbs"]
    found: list[str] = []
    if any(
        t.head == verb.i and (t.dep == "neg" or t.tag == "MD" or t.text.lower() in ("longer", "never")) for t in toks
    ):
        return found  # "X should be the president", "X is no longer secretary of state"
    office = lex["office_verbs"].get(verb.text.lower())
    if office and role_of == "nsubj" and verb.tag == "VBZ":
        # "X, who chairs the oversight subcommittee": a post stated by a verb in the present
        spans = (_object_span(sentence, toks, t) for t in toks if t.head == verb.i and t.dep == "dobj")
        return [f"{office} of {span}" for span in spans if span]
    if verb.text.lower() == "acting" and role_of == "nsubj" and _has_be(toks, verb):
        # "X has been acting foreign minister": the parser took the qualifier for the verb
        dobjs = (_phrase(sentence, toks, t) for t in toks if t.head == verb.i and t.dep == "dobj")
        return [f"acting {p}" for p in dobjs if p]
    objects = [t for t in toks if t.head == verb.i and t.dep == "dobj"]
    moving = bool(objects) and (appointing or verb.text.lower() in lex["ending_qualifiers"])  # "fired Y from"
    # "X served as vice president", "X was the army's chief": a post held before
    held = role_of == "nsubj" and verb.tag == "VBD" and verb.text.lower() in lex["held_verbs"]
    for child in (t for t in toks if t.head == verb.i):
        if child.dep in ("oprd", "xcomp") and role_of in ("dobj", "nsubjpass") and appointing:
            found.append(_phrase(sentence, toks, child))
        elif (
            child.dep == "attr"
            and role_of == "nsubj"
            and child.tag.startswith("NN")
            and not _ranked(toks, child)
            and not _to_do(toks, child)
        ):
            found.append(PastRole(_phrase(sentence, toks, child)) if held else _phrase(sentence, toks, child))
        elif (
            child.dep == "prep"
            and child.text.lower() == "as"
            and (role_of == "nsubjpass" or role_of == "nsubj" and (not objects or succeeding) or appointing)
        ):  # "X served as minister", "X was hired as coach", "X succeeded Y as chairman"; not "X
            # praised her work as a lawyer"
            objects = [t for t in toks if t.head == child.i and t.dep == "pobj"]
            phrases = [_phrase(sentence, toks, o) for o in objects]
            phrases += [_split_organisation(sentence, toks, o) for o in objects]
            found += [PastRole(p) if held else p for p in phrases]
        elif child.dep == "prep" and (role_of.startswith("nsubj") and not moving or role_of == "dobj" and moving):
            # "X was removed from her post as chairwoman of the bank": a post the person's
            # own possessive names (not an object's: "X praised her work as …"); the object's
            # when the verb takes the object out of a post or puts it in ("X fired Y from his
            # posts as deputy prime minister")
            for noun in (t for t in toks if t.head == child.i and t.dep == "pobj"):
                if not any(t.head == noun.i and t.dep == "poss" and t.tag == "PRP$" for t in toks):
                    continue
                past = _past_post(toks, noun, verb)
                for prep in (t for t in toks if t.head == noun.i and t.dep == "prep" and t.text.lower() == "as"):
                    phrases = [_phrase(sentence, toks, o) for o in toks if o.head == prep.i and o.dep == "pobj"]
                    found += [PastRole(p) if past else p for p in phrases]
    return found


def _past_post(toks: list[Tok], noun: Tok, verb: Tok) -> bool:
    """Whether the post a person's post noun holds after "as" was held before: the noun says so
    ("in her previous job as", "his former role as": ``past_post_adjectives``), or it is a span of
    time under a verb in the past tense ("who fought the fever outbreak in her tenure as health director":
    ``span_post_nouns``)."""
    lex = title_lexicon()
    if any(t.head == noun.i and t.dep == "amod" and t.text.lower() in lex["past_post_adjectives"] for t in toks):
        return True
    return noun.text.lower() in lex["span_post_nouns"] and verb.tag == "VBD"


class PastRole(str):
    """A role as written that the sentence tells was held before ("who served as X's deputy", "in
    her previous job as health director", "commander of the army until March"): the text of the
    title, which the actors stage shows as a former one (:func:`as_former`)."""

    __slots__ = ()


def shown(role: str) -> str:
    """A role as an actor's role timeline shows it: a past one as former (:func:`as_former`)."""
    return as_former(role) if isinstance(role, PastRole) else str(role)


def as_former(role: str) -> str:
    """A role as a past one ("health director" -> "former health director", "Harbourton's health
    director" -> "Harbourton's former health director"), unless it says when it was held already
    ("former …", "then-…")."""
    words = role.split()
    lowered = [w.lower() for w in words]
    if not words or any(w in title_lexicon()["title_qualifiers"] or w.startswith(("ex-", "then-")) for w in lowered):
        return role
    owner = 0  # after a possessive that opens the role ("his country's", "Harbourton's")
    for i, word in enumerate(lowered):
        if is_head(word):
            break
        if word in ("his", "her", "its", "their") or word.endswith(("'s", "’s")):
            owner = i + 1
    return " ".join([*words[:owner], "former", *words[owner:]])


def _to_do(toks: list[Tok], noun: Tok) -> bool:
    """Whether a predicate noun is told by what its holder does, an infinitive after it ("X is the
    first head of state of the republic to visit Marrow"): a distinction, no post."""
    return any(
        t.head == noun.i and t.dep in ("acl", "relcl") and any(a.head == t.i and a.tag == "TO" for a in toks)
        for t in toks
    )


def _listed(toks: list[Tok], noun: Tok, name: Tok) -> bool:
    """Whether a noun the parse makes an apposition of the name is one item of a list of those
    present: a conjunct after it, of it or of the name, that names others with no title word, a
    group or several people ("X, a reporter and the TV crew, …", "…, a reporter and two aides")
    or a person's name: not a description of the name ("X, the town mayor and a keen gardener")."""
    groups = title_lexicon()["collective_nouns"]
    return any(
        t.head in (noun.i, name.i)
        and t.i > noun.i
        and t.dep == "conj"
        and t.tag.startswith("NN")
        and not _title_noun(t.text)
        and (t.tag in ("NNS", "NNPS", "NNP") or t.text.lower() in groups)
        for t in toks
    )


def _ranked(toks: list[Tok], noun: Tok) -> bool:
    """Whether a predicate noun is judged by a superlative of the rule data's
    ``evaluative_superlatives`` ("X is the best president ever", "the most hated chief
    executive"): no post. A superlative that ranks within the post keeps it ("the most senior
    minister", "the longest-serving mayor", "the best-paid chief executive")."""
    judging = title_lexicon()["evaluative_superlatives"]
    for mod in (t for t in toks if t.head == noun.i and t.dep == "amod"):
        hyphened = mod.i + 1 < len(toks) and toks[mod.i + 1].text in ("-", "‐")  # "best-paid"
        if mod.text.lower() in judging and not hyphened:
            return True
        for adverb in (t for t in toks if t.head == mod.i and t.tag in ("RBS", "JJS") and t.i == mod.i - 1):
            if f"{adverb.text} {mod.text}".lower() in judging:
                return True
    return False


_NOUN_PHRASE_TAGS = frozenset(["DT", "JJ", "NN", "NNS", "NNP", "NNPS", "HYPH", "POS", "PRP$"])


def _possessed_post(sentence: str, toks: list[Tok], last: int) -> list[str]:
    """The post a noun of holding one (the rule data's ``post_nouns``) that the person possesses
    names after "as", read by the words whatever the parse attached them to ("X's appointment as
    foreign minister is …", "X's tenure as chief executive of BP"; not "X's reputation as a tough
    negotiator")."""
    at = last + 1
    if at >= len(toks) or toks[at].text not in ("'s", "’s", "'", "’"):
        return []
    at += 1
    if at < len(toks) and toks[at].tag == "JJ":
        at += 1  # "X's new appointment as"
    if (
        at + 1 >= len(toks)
        or toks[at].text.lower() not in title_lexicon()["post_nouns"]
        or toks[at + 1].text.lower() != "as"
    ):
        return []
    return _title_run(sentence, toks, at + 2)


def _appointed_by_words(sentence: str, toks: list[Tok], first: int, last: int) -> list[str]:
    """The post an appointing verb right before the name gives it, read by the words whatever the
    parse attached them to ("the board named X as its new chairman", "elected X president of the
    assembly"): the title noun phrase right after the name or after "as"."""
    if first == 0 or toks[first - 1].text.lower() not in title_lexicon()["appointing_verbs"]:
        return []
    if not toks[first - 1].tag.startswith("VB"):
        return []
    at = last + 1
    if at < len(toks) and toks[at].text.lower() == "as":
        at += 1
    return _title_run(sentence, toks, at)


_NOUN_PHRASE_TAGS = frozenset(["DT", "JJ", "NN", "NNS", "NNP", "NNPS", "HYPH", "POS", "PRP$"])


def _title_run(sentence: str, toks: list[Tok], first: int) -> list[str]:
    """The title noun phrase that starts at token ``first``: the words of a noun phrase up to its
    last title noun, with that noun's complement ("its new chairman", "chief executive of BP");
    none when the phrase holds no title noun."""
    while first < len(toks) and toks[first].tag in ("DT", "PRP$"):
        first += 1
    title = None
    for tok in toks[first : first + MAX_TITLE_WORDS]:
        if tok.tag not in _NOUN_PHRASE_TAGS:
            break
        if tok.tag.startswith("NN") and _title_noun(tok.text):
            title = tok
    if title is None:
        return []
    phrase = _phrase(sentence, toks, title)
    start = re.sub(r"\b\d+(?:st|nd|rd|th)\s+", "", sentence[toks[first].idx : title.end])  # as _phrase does
    if not phrase:
        return []
    return [phrase[phrase.find(start) :] if start in phrase else start]


def _object_span(sentence: str, toks: list[Tok], obj: Tok) -> str:
    """An object noun phrase as written, up to a comma or a relative clause ("the oversight
    subcommittee"); empty when it is a pronoun or longer than a title."""
    if obj.tag.startswith("PRP") or obj.tag in ("WP", "WDT"):
        return ""
    last = _right_edge(toks, obj.i)
    comma = next((t.i for t in toks if obj.i < t.i <= last and t.text in (",", ";")), None)
    last = last if comma is None else comma - 1
    words = sentence[toks[_left_edge(toks, obj.i)].idx : toks[last].end]
    words = re.split(r"\s+(?:who|whom|whose|which|that)\b", words)[0].strip()
    return words if len(words.split()) < MAX_TITLE_WORDS else ""


def _has_be(toks: list[Tok], verb: Tok) -> bool:
    return any(t.head == verb.i and t.dep == "aux" and t.text.lower() in _BE for t in toks)


_BE = frozenset(["be", "is", "was", "were", "are", "am", "been", "being", "'s", "’s"])


def _split_organisation(sentence: str, toks: list[Tok], noun: Tok) -> str:
    """The title the parse made a conjunct of a name's first part, the name split at its "and"
    ("served as the National Oceanic and Atmospheric Administration's general counsel": "Oceanic"
    the object, "counsel" its conjunct with "Administration" for possessive)."""
    if not noun.tag.startswith("NNP") or _title_noun(noun.text):
        return ""
    for conj in (t for t in toks if t.head == noun.i and t.dep == "conj" and t.i > noun.i):
        if any(t.head == conj.i and t.dep == "poss" for t in toks):
            return _phrase(sentence, toks, conj, _left_edge(toks, noun.i))
    return ""


def _gerund_roles(sentence: str, toks: list[Tok], verb: Tok) -> list[str]:
    """Roles of a gerund of "become" under the verb the person is the subject of, with no subject
    of its own ("X … before entering the Treasury on his way to becoming head of the central
    bank", "after becoming prime minister, X …"); not when a verb on the way has a person for
    object, who may be the one it speaks of ("X criticised Y for becoming …")."""
    found: list[str] = []
    for gerund in (t for t in toks if t.tag == "VBG" and t.text.lower() == "becoming"):
        if any(t.head == gerund.i and t.dep.startswith("nsubj") for t in toks):
            continue
        path: list[Tok] = []
        node = gerund
        while node.i != verb.i and node.head != node.i and node.dep in _GERUND_PATH and len(path) < 10:
            node = toks[node.head]
            path.append(node)
        if node.i != verb.i or any(_person_object(toks, v) for v in path if v.tag.startswith("VB")):
            continue
        found += [_phrase(sentence, toks, t) for t in toks if t.head == gerund.i and t.dep == "attr"]
    return found


_GERUND_PATH = frozenset(["pcomp", "pobj", "prep", "advcl", "xcomp"])


def _person_object(toks: list[Tok], verb: Tok) -> bool:
    """Whether a verb's object may be a person: a pronoun, or a proper noun without a determiner."""
    for obj in (t for t in toks if t.head == verb.i and t.dep in ("dobj", "dative")):
        if obj.tag == "PRP" or obj.tag.startswith("NNP") and not any(t.head == obj.i and t.dep == "det" for t in toks):
            return True
    return False


def _subject_apposition(sentence: str, toks: list[Tok], name: Tok) -> list[str]:
    """The title noun of a long subject the name closes, where the parse hangs the name on a
    noun inside it ("The spokesman hired by the club to handle the crisis, X, would …")."""
    node = toks[name.head]
    seen = 0
    while node.dep in ("pobj", "prep", "acl", "advcl", "relcl", "dobj", "dative", "xcomp") and seen < 12:
        node, seen = toks[node.head], seen + 1
    if node.dep not in ("nsubj", "nsubjpass") or not node.tag.startswith("NN") or node.i >= name.i:
        return []
    verb = toks[node.head]
    between = [t for t in toks if name.i < t.i < verb.i and t.head != name.i]
    if verb.i <= name.i or any(t.dep not in ("punct", "aux", "auxpass", "neg", "advmod") for t in between):
        return []
    return [_phrase(sentence, toks, node)]


def _phrase(sentence: str, toks: list[Tok], noun: Tok, first: int | None = None) -> str:
    """The noun phrase a title noun heads: its premodifiers and an "of/to/for …" complement,
    not its determiner, numbers, relative clauses or participles ("The envoy sent to London …");
    from token ``first`` when given."""
    openers = title_lexicon()["not_office_openers"]
    if any(t.head == noun.i and t.dep in ("det", "nummod") and t.text.lower() in openers for t in toks):
        return ""  # "Another judge, X": one of several, no office of X's
    if not _title_noun(noun.text):
        return ""  # the phrase's own noun names the post: not "an official statement", "Justice Varga"
    first, last = noun.i if first is None else first, noun.i
    lefts = [t for t in toks if t.head == noun.i and t.i < noun.i and t.dep in _PHRASE_LEFT]
    for t in lefts:
        first = min(first, _left_edge(toks, t.i))
    for t in toks:
        if t.head == noun.i and t.i > noun.i and t.dep == "prep" and t.text.lower() in ("of", "to", "for"):
            last = max(last, _right_edge(toks, t.i))
            comma = next((c.i for c in toks if t.i < c.i <= last and c.text == ","), None)
            last = last if comma is None else comma - 1  # "head of X , Y ,": the complement ends at a comma
            break
    at = toks[last + 1] if last + 1 < len(toks) else None
    if (  # "professor of economics at Orlen University": the organisation the post is at
        at is not None
        and at.text.lower() == "at"
        and at.dep == "prep"
        and first <= at.head <= last
        and any(t.head == at.i and t.dep == "pobj" and _proper(toks, t) for t in toks)
    ):
        last = _right_edge(toks, at.i)
    words = sentence[toks[first].idx : toks[last].end]
    if "(" in words and ")" not in words[words.index("(") :]:
        words = words[: words.index("(")]  # "aide to Rep. J.K. (Jim) Orlander": the bracket left open
    words = re.split(r"\s+(?:who|whom|whose|which|that)\b", words)[0]  # "leader of a party that …"
    words = re.sub(r"(?:\s+(?:and|or))+$", "", words.strip(" ,;:"))  # "ambassador to Mexico and …"
    if any(q in words for q in '“”"'):
        return ""  # a name in quotation marks: a show's, a book's
    words = re.sub(r"^(then|now)\s+(?:a|an|the)\s+", r"\1 ", words, flags=re.IGNORECASE)
    return re.sub(r"^(?:the|a|an)\s+", "", re.sub(r"\b\d+(?:st|nd|rd|th)\s+", "", words), flags=re.IGNORECASE)


def _proper(toks: list[Tok], noun: Tok) -> bool:
    """Whether a noun names something: a proper noun or one a proper noun modifies ("Valmora
    business school")."""
    return noun.tag.startswith("NNP") or any(
        t.head == noun.i and t.dep == "compound" and t.tag.startswith("NNP") for t in toks
    )


def _title_noun(word: str) -> bool:
    """Whether a noun is a title word, also in the plural ("congressmen") or as the first or last
    word of a title of several ("assistant" of "assistant to the president")."""
    lowered = word.lower()
    singular = [lowered, lowered[:-3] + "man" if lowered.endswith("men") else lowered.removesuffix("s")]
    if any(is_head(w) for w in singular):
        return True
    return any(lowered in (h.split()[0], h.split()[-1]) for h in title_lexicon()["multiword_heads"])


def _left_edge(toks: list[Tok], i: int) -> int:
    return min([i] + [_left_edge(toks, t.i) for t in toks if t.head == i and t.i != i and t.i < i])


def _right_edge(toks: list[Tok], i: int) -> int:
    return max([i] + [_right_edge(toks, t.i) for t in toks if t.head == i and t.i != i and t.i > i])
