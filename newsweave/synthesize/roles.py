"""Roles of people: titles and positions stated next to their names.

Two constructions, the ones news uses to introduce people:

- a premodifier: "Foreign Minister Ilan Ravid", "Interpol chief Lena Varga";
- an apposition: "Ravid, the foreign minister,", "Emre Dalton, Valmora's defence minister",
  "X, head of the National Intelligence Organisation".

A role phrase must contain a title word of ``rules/titles_en.json``. Each role found keeps the
date of the article that states it and a citation, so an actor's roles form a timeline (the same
person can be Foreign Minister in June and Prime Minister in October).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsweave.text.parse import Tok

_APPOSITION = re.compile(r"^,\s+(?P<title>[^,;:()“”\"]{3,90}?)\s*(?=[,;.)]|$)")
_LEADING = re.compile(r"^(?:the|a|an|also|now|then|as)\s+", re.IGNORECASE)
_MAX_TITLE_WORDS = 9


@lru_cache(maxsize=1)
def quote_lexicon() -> dict[str, Any]:
    data = json.loads(resources.files("newsweave.rules").joinpath("titles_en.json").read_text("utf-8"))
    data["heads_set"] = frozenset(data["heads"])
    return data


def neutral_qualifiers() -> frozenset[str]:
    """Words that qualify a title without changing the office ("former", "acting"), from the rule data."""
    return frozenset(quote_lexicon()["neutral_qualifiers"])


def portfolios() -> frozenset[str]:
    """Fields of an office ("defense" in "Defense Minister"), from the rule data: no actor alone."""
    return frozenset(quote_lexicon()["portfolios"])


@lru_cache(maxsize=1)
def name_titles() -> frozenset[str]:
    """One-word titles and honorifics that may open a person's name as tagged ("President",
    "Gen.", "Mr"), lower case, from the rule data."""
    data = quote_lexicon()
    return frozenset(w for w in [*data["heads"], *data["honorifics"]] if " " not in w)


def title_heads() -> list[str]:
    """The words that head a title ("minister", "chief", "spokesman"), from the rule data."""
    return list(quote_lexicon()["heads"])


def _has_head(words: list[str]) -> bool:
    heads = quote_lexicon()["heads_set"]
    lowered = [w.lower().strip(",") for w in words]
    joined = " ".join(lowered)
    return any(w in heads for w in lowered) or any(" " in h and h in joined for h in heads)


def worth_parsing(sentence: str) -> bool:
    """Whether the parse may find a role in ``sentence`` the rules did not: it holds a title word
    of the rule data ("minister", "chief executive"); any role found has one."""
    lowered = sentence.lower()
    words = set(re.findall(r"[a-z][a-z.'’-]*", lowered))
    heads = quote_lexicon()["heads_set"]
    return not words.isdisjoint(heads) or any(" " in h and h in lowered for h in heads)


def premodifier(prefix: str) -> str | None:
    """The title written right before a name ("Foreign Minister " -> "Foreign Minister")."""
    words = prefix.rstrip().split()
    if not words or prefix[-1:] not in (" ", "\t"):
        return None
    lex = quote_lexicon()
    last = words[-1].lower()
    if last not in lex["heads_set"]:
        return None
    taken: list[str] = []
    lowercase_modifiers = 0
    for word in reversed(words[-_MAX_TITLE_WORDS:]):
        if word.endswith((",", ";", ":")):
            break  # punctuation ends the title phrase ("In Ankara, Foreign Minister X")
        clean = word.strip("“”\"'(")
        lowered = clean.lower()
        accept = (
            lowered in lex["heads_set"]
            or lowered in ("former", "acting", "interim")
            or (clean[:1].isupper() and lowered not in lex["never_titles"])
            or (taken and lowered in lex["connectors"] and lowered != "the")
        )
        # One lower-case word may qualify the title word, right before it: "defense minister",
        # "security chief"; not a word before a capitalised title ("where Defense Minister X").
        if (
            not accept
            and taken
            and lowercase_modifiers == 0
            and clean.isalpha()
            and lowered not in lex["never_titles"]
            and all(t.lower() in lex["heads_set"] for t in taken)
        ):
            accept, lowercase_modifiers = True, 1
        if not accept:
            break
        taken.insert(0, clean)
        if clean != word:
            break  # a quote or bracket starts before the title
    taken = _after_titled_name(taken, lex["heads_set"])
    while taken and (taken[0].lower() in lex["connectors"] or taken[0].lower() in lex["never_titles"]):
        taken.pop(0)
    return " ".join(taken) if taken else None


def _after_titled_name(words: list[str], heads: frozenset[str]) -> list[str]:
    """The words after the last "and" that follows another titled name ("President Lena Varga
    and Prime Minister" -> "Prime Minister"); "and" inside one title stays ("Chairman and Chief
    Executive", "Foreign and Commonwealth Secretary")."""
    for i in range(len(words) - 1, 0, -1):
        if words[i].lower() != "and":
            continue
        left = words[:i]
        last_head = max((j for j, w in enumerate(left) if w.lower() in heads), default=None)
        if last_head is not None and any(w[:1].isupper() and w.lower() not in heads for w in left[last_head + 1 :]):
            return words[i + 1 :]
    return words


def apposition(suffix: str) -> str | None:
    """The title written right after a name (", the foreign minister," -> "foreign minister")."""
    match = _APPOSITION.match(suffix)
    if not match:
        return None
    title = _LEADING.sub("", match.group("title").strip())
    words = title.split()
    if not words or len(words) > _MAX_TITLE_WORDS or words[0].lower() in quote_lexicon()["never_titles"]:
        return None
    if not _has_head(words[:6]):
        return None
    if re.search(r"\b(said|says|told|was|is|has|had|will|would)\b", title, re.IGNORECASE):
        return None  # a clause, not a title
    return title


def roles_in_sentence(sentence: str, start: int, end: int, toks: list[Tok] | None = None) -> list[str]:
    """Titles the sentence gives the name at ``sentence[start:end]``.

    Without a parse: a title written inside the name ("Adm Allen"), right before it
    ("Foreign Minister X", "the UK ambassador to Washington, Sir X") or in an apposition after
    it. With ``toks`` (the sentence's dependency parse), also an apposition the name is the
    second part of ("The envoy sent to London …, X"), an appointment ("named X foreign
    minister", "X has been hired as head coach of …") and a predicate ("X is the chief
    executive of BP"). Family ties, "counterpart" and fragments ("Another judge") are no roles.
    """
    found = []
    inside = _inside(sentence[start:end])
    if inside:
        found.append(inside)
    prefix = _without_honorific(sentence[:start])
    if prefix.endswith(", "):  # "his Turkish counterpart, Mevlut Cavusoglu"
        prefix = prefix[:-2] + " "
    before = premodifier(prefix) or _office_of(prefix)
    if before:
        found.append(before)
    after = apposition(sentence[end:])
    if after:
        found.append(after)
    if toks:
        found += [r for r in parsed_roles(sentence, start, end, toks) if r not in found]
    kept = [r for r in (_cleaned(r) for r in found) if r]
    return list(dict.fromkeys(kept))


def _inside(name: str) -> str | None:
    """A title the named-entity tagger took into the name ("Adm Allen", "Constable Tim Fanning")."""
    words = name.split()
    if len(words) < 2:
        return None
    heads = quote_lexicon()["heads_set"]
    first = words[0].lower()
    if first in heads or first + "." in heads:
        return words[0]
    return None


def _without_honorific(prefix: str) -> str:
    """The text before a name without the honorific that ends it ("…, Sir " -> "…, ")."""
    words = prefix.rstrip().split()
    if words and words[-1].lower() in quote_lexicon()["honorifics"] and prefix[-1:] == " ":
        return prefix.rstrip()[: -len(words[-1])]
    return prefix


_OFFICE_OF = re.compile(
    r"(?P<title>(?:[A-Z][\w.'’-]*\s+){0,3}(?P<head>[A-Za-z.]+)\s+(?:of|to|for)\s+"
    r"(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){1,4})$"
)


def _office_of(prefix: str) -> str | None:
    """A title ending in "of/to/for" and a name right before a name ("Secretary of State X",
    "the UK ambassador to Washington, X"), or one with a "-designate" or "-elect" head."""
    words = prefix.split()
    if words and prefix[-1:] == " ":
        for suffix in quote_lexicon()["designate_suffixes"]:
            last = words[-1]
            if last.lower().endswith(suffix) and last.lower()[: -len(suffix)] in quote_lexicon()["heads_set"]:
                return last
    match = _OFFICE_OF.search(prefix)
    if not match or match.group("head").lower() not in quote_lexicon()["heads_set"]:
        return None
    title = match.group("title").strip()
    lead = prefix[: match.start()].split()
    if lead and lead[-1][:1].isupper() and lead[-1].lower() not in quote_lexicon()["never_titles"]:
        title = lead[-1] + " " + title  # "the UK ambassador to Washington"
    return title


def _cleaned(role: str) -> str | None:
    """A role as shown, or None when it names no position: a family tie, a counterpart, a fragment."""
    lex = quote_lexicon()
    words = role.split()
    if not words or words[0].lower() in lex["not_office_openers"]:
        return None
    lowered = [w.lower().strip(",.") for w in words]
    heads = [w for w in lowered if w in lex["heads_set"] or w + "." in lex["heads_set"]]
    if any(w in lex["not_offices"] for w in lowered) and not any(h not in lex["not_offices"] for h in heads):
        return None
    ends = [i for i, w in enumerate(lowered) if w in ("of", "to", "for")]
    if lowered[ends[0] - 1 if ends else -1] in lex["not_offices"]:
        return None  # "daughter of the former president"
    return role


_PHRASE_LEFT = frozenset(["compound", "amod", "poss", "nmod", "case", "punct"])


def parsed_roles(sentence: str, start: int, end: int, toks: list[Tok]) -> list[str]:
    """Roles the dependency parse links to the name at ``sentence[start:end]``."""
    in_name = [t for t in toks if start <= t.idx < end]
    if not in_name:
        return []
    span = {t.i for t in in_name}
    head = next((t for t in in_name if t.head not in span or t.head == t.i), in_name[-1])
    lex = quote_lexicon()
    found: list[str] = []
    governor = toks[head.head]
    if head.dep == "appos" and governor.i not in span and governor.tag.startswith("NN") and governor.i < head.i:
        found.append(_phrase(sentence, toks, governor))
    for child in (t for t in toks if t.head == head.i and t.i not in span):
        if child.dep == "appos" and child.tag.startswith("NN"):
            found.append(_phrase(sentence, toks, child))
    if head.dep == "appos" and not (governor.tag.startswith("NN") and _has_head([governor.text])):
        found += _subject_apposition(sentence, toks, head)
    verb = governor if head.dep in ("dobj", "nsubj", "nsubjpass") else None
    if verb is not None and verb.i != head.i:
        found += _verb_roles(sentence, toks, verb, head.dep)
    for child in (t for t in toks if t.head == head.i and t.i > head.i):
        # "X, who is the chief executive", "X, who was named foreign minister"
        if child.dep == "relcl" and child.tag.startswith("VB"):
            subject = next((t for t in toks if t.head == child.i and t.dep in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.tag in ("WP", "WDT"):
                found += _verb_roles(sentence, toks, child, subject.dep)
        # "X, named foreign minister in June": a participle of appointment
        elif child.dep == "acl" and child.tag == "VBN" and child.text.lower() in lex["appointing_verbs"]:
            found += _verb_roles(sentence, toks, child, "dobj")
    after = head.i + 1
    if after + 1 < len(toks) and toks[after].text == "," and toks[after + 1].tag == "VBN":
        participle = toks[after + 1]  # the same, where the parse hangs the participle elsewhere
        if participle.text.lower() in lex["appointing_verbs"] and participle.head != head.i:
            subjects = [t for t in toks if t.head == participle.i and t.dep.startswith("nsubj")]
            # no subject of its own, or one whose phrase the name ends ("A profile of X, named …")
            if all(_ancestor(toks, head, s) for s in subjects):
                found += _verb_roles(sentence, toks, participle, "dobj")
    return [r for r in found if r and _has_head(r.split()) and len(r.split()) <= _MAX_TITLE_WORDS]


def _verb_roles(sentence: str, toks: list[Tok], verb: Tok, role_of: str) -> list[str]:
    """Roles a verb gives the person that is its ``role_of`` (``nsubj``, ``nsubjpass``, ``dobj``):
    an appointment ("named X foreign minister", "X was hired as head coach"), a predicate ("X is
    the chief executive", "X became prime minister"), "X left his post as chairman"."""
    lex = quote_lexicon()
    appointing = verb.text.lower() in lex["appointing_verbs"]
    found: list[str] = []
    objects = [t for t in toks if t.head == verb.i and t.dep == "dobj"]
    for child in (t for t in toks if t.head == verb.i):
        if (
            child.dep in ("oprd", "xcomp")
            and role_of in ("dobj", "nsubjpass")
            and appointing
            or child.dep == "attr"
            and role_of == "nsubj"
            and child.tag.startswith("NN")
        ):
            found.append(_phrase(sentence, toks, child))
        elif (
            child.dep == "prep"
            and child.text.lower() == "as"
            and (role_of == "nsubjpass" or role_of == "nsubj" and not objects or appointing)
        ):  # "X served as minister", "X was hired as coach"; not "X praised her work as a lawyer"
            objects = [t for t in toks if t.head == child.i and t.dep == "pobj"]
            found += [_phrase(sentence, toks, o) for o in objects]
        elif child.dep == "prep" and role_of.startswith("nsubj"):
            # "X was removed from her post as chairwoman of the bank": a post the person's
            # own possessive names (not an object's: "X praised her work as …")
            for noun in (t for t in toks if t.head == child.i and t.dep == "pobj"):
                if not any(t.head == noun.i and t.dep == "poss" and t.tag == "PRP$" for t in toks):
                    continue
                for prep in (t for t in toks if t.head == noun.i and t.dep == "prep" and t.text.lower() == "as"):
                    found += [_phrase(sentence, toks, o) for o in toks if o.head == prep.i and o.dep == "pobj"]
    return found


def _ancestor(toks: list[Tok], tok: Tok, of: Tok) -> bool:
    """Whether ``of`` is ``tok`` or one of its heads."""
    node, steps = tok, 0
    while steps < len(toks):
        if node.i == of.i:
            return True
        if node.head == node.i:
            return False
        node, steps = toks[node.head], steps + 1
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


def _phrase(sentence: str, toks: list[Tok], noun: Tok) -> str:
    """The noun phrase a title noun heads: its premodifiers and an "of/to/for …" complement,
    not its determiner, numbers, relative clauses or participles ("The envoy sent to London …")."""
    openers = quote_lexicon()["not_office_openers"]
    if any(t.head == noun.i and t.dep in ("det", "nummod") and t.text.lower() in openers for t in toks):
        return ""  # "Another judge, X": one of several, no office of X's
    first = last = noun.i
    lefts = [t for t in toks if t.head == noun.i and t.i < noun.i and t.dep in _PHRASE_LEFT]
    for t in lefts:
        first = min(first, _left_edge(toks, t.i))
    for t in toks:
        if t.head == noun.i and t.i > noun.i and t.dep == "prep" and t.text.lower() in ("of", "to", "for"):
            last = max(last, _right_edge(toks, t.i))
            break
    words = sentence[toks[first].idx : toks[last].end]
    return re.sub(r"^(?:the|a|an)\s+", "", re.sub(r"\b\d+(?:st|nd|rd|th)\s+", "", words), flags=re.IGNORECASE)


def _left_edge(toks: list[Tok], i: int) -> int:
    return min([i] + [_left_edge(toks, t.i) for t in toks if t.head == i and t.i != i and t.i < i])


def _right_edge(toks: list[Tok], i: int) -> int:
    return max([i] + [_right_edge(toks, t.i) for t in toks if t.head == i and t.i != i and t.i > i])


def title_key(title: str) -> str:
    """Titles compared without case, possessives of countries kept ("Turkey's defense minister")."""
    return re.sub(r"\s+", " ", title.lower().replace("’", "'")).strip()
