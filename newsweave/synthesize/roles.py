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

_APPOSITION = re.compile(r"^ ?,\s+(?P<title>[^,;:()“”\"]{3,120})(?P<stop>[,;)]|$)?")
_LEADING = re.compile(r"^(?:the|a|an|also|now|then|currently|as)\s+", re.IGNORECASE)
_PLACE_AFTER = re.compile(r"^(?P<title>.+?\s(?:of|for|at|to)\s.+?)\s+in\s+(?:[A-Z][\w.'’-]*\s*)+$")
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


def is_head(word: str, dotless: bool = False) -> bool:
    """Whether one word is a title word of the rule data, also with a prefix ("ex-President");
    with ``dotless``, also an abbreviation without its full stop ("Adm" inside a name)."""
    lex = quote_lexicon()
    lowered = word.lower()
    for prefix in lex["title_prefixes"]:
        if lowered.startswith(prefix) and len(lowered) > len(prefix):
            lowered = lowered[len(prefix) :]
    return lowered in lex["heads_set"] or dotless and lowered + "." in lex["heads_set"]


def _has_head(words: list[str]) -> bool:
    heads = quote_lexicon()["heads_set"]
    lowered = [w.lower().strip(",") for w in words]
    joined = " ".join(lowered)
    return any(is_head(w) for w in lowered) or any(" " in h and h in joined for h in heads)


def _titled(words: list[str]) -> bool:
    """Whether a phrase is headed by a title word: one stands before its complement ("head of
    the agency", "professor at the university", "assistant to the president"), not only inside
    it ("an unlikely foil for the president", "a critic of the minister")."""
    lex = quote_lexicon()
    lowered = [w.lower().strip(",") for w in words]
    cut = next((i for i, w in enumerate(lowered) if i and w in lex["complement_prepositions"]), len(lowered))
    if any(is_head(w) for w in lowered[:cut]):
        return True
    joined, before = " ".join(lowered), len(" ".join(lowered[:cut]))
    return any(" " in h and 0 <= joined.find(h) < before for h in lex["heads_set"])


def worth_parsing(sentence: str) -> bool:
    """Whether the parse may find a role in ``sentence`` the rules did not: it holds a title word
    of the rule data ("minister", "chief executive"); any role found has one."""
    lowered = sentence.lower()
    words = set(re.findall(r"[a-z][a-z.'’-]*", lowered))
    heads = quote_lexicon()["heads_set"]
    return not words.isdisjoint(heads) or any(" " in h and h in lowered for h in heads)


def premodifier(prefix: str) -> str | None:
    """The title written right before a name ("Foreign Minister " -> "Foreign Minister")."""
    prefix = re.sub(r"(\w) (['’]s )", r"\1\2", prefix)  # tokenised text: "BP 's chief executive"
    words = prefix.rstrip().split()
    if not words or prefix[-1:] not in (" ", "\t"):
        return None
    lex = quote_lexicon()
    grade: list[str] = []
    if len(words) > 2 and words[-1].lower() == "class" and words[-2].lower() in lex["rank_classes"]:
        grade, words = words[-2:], words[:-2]  # "Petty Officer 3rd Class"
    if not is_head(words[-1]):
        return None
    taken: list[str] = []
    lowercase_modifiers = 0
    for word in reversed(words[-_MAX_TITLE_WORDS:]):
        clean = word.strip("“”\"'(")
        if word.endswith((",", ";", ":")) or clean.endswith((",", ";", ":")):
            break  # punctuation ends the title phrase ("In Ankara, Foreign Minister X")
        lowered = clean.lower()
        joined_by = taken[0].lower() if taken else ""
        if joined_by == "and" and not (
            is_head(lowered) or lowered in lex["portfolios"] or lowered in lex["title_qualifiers"] or clean.islower()
        ):
            break  # a name before "and" ("between Kim and South Korean President X")
        if joined_by in lex["connectors"] and joined_by not in ("and", "the") and not is_head(lowered):
            break  # "of" follows a title word ("Secretary of State X"; not "a visit to Britain of President X")
        if lowered in lex["connectors"] and lowered not in ("and", "the") and taken and is_head(taken[0]):
            break  # another's title before the name's own: "an adviser for President X"
        accept = (
            is_head(lowered)
            or lowered in lex["title_qualifiers"]
            or (clean[:1].isupper() and lowered not in lex["never_titles"])
            or (taken and lowered in lex["connectors"] and lowered != "the")
        )
        # One lower-case word may qualify a lower-case title word, right before it: "defense
        # minister", "security chief"; not a capitalised title ("where Defense Minister X", "to
        # give President X time").
        if (
            not accept
            and taken
            and lowercase_modifiers == 0
            and clean.isalpha()
            and lowered not in lex["never_titles"]
            and all(is_head(t) and t.islower() for t in taken)
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
    return " ".join(taken + grade) if taken else None


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
    text = _before_full_stop(match.group("title"))
    if text is None and match.group("stop") is None:
        return None  # ends at a colon, bracket or quotation mark: no apposition
    title = _LEADING.sub("", (text or match.group("title")).strip())
    title = re.split(r"\s+and\s+(?:a|an|the)\s+", title)[0]  # "the Y and a Z": two descriptions
    title = re.split(r"\s+(?:who|whom|whose|which|that)\b", title)[0]  # "the editor who wrote …"
    place = _PLACE_AFTER.match(title)  # "analyst at Orlen Bank in Pellin": the post, not the town
    title = place.group("title") if place else title
    words = title.split()
    if not words or len(words) > _MAX_TITLE_WORDS or words[0].lower() in quote_lexicon()["never_titles"]:
        return None
    if not _has_head(words[:6]) or not _titled(words) or _titled_name(words):
        return None
    if re.search(r"\b(said|says|told|was|is|has|had|will|would)\b", title, re.IGNORECASE):
        return None  # a clause, not a title
    return title


def _before_full_stop(text: str) -> str | None:
    """``text`` up to a full stop that ends a sentence, not one of an abbreviation ("U.S.",
    "Corp.", "Gov."); None when it has none."""
    lex = quote_lexicon()
    short = {w[:-1] for w in [*lex["heads"], *lex["honorifics"]] if w.endswith(".")} | set(lex["abbreviations"])
    for dot in re.finditer(r"\.", text):
        word = re.search(r"[\w'’-]*$", text[: dot.start()])
        before = word.group().lower() if word else ""
        if not before or len(before) > 1 and before not in short:  # " ." of tokenised text ends one
            return text[: dot.start()]
    return None


def _titled_name(words: list[str]) -> bool:
    """Whether a phrase (or its last part after "and") ends with a name after its last title
    word ("Foreign Minister Amr Lenz"): another titled person in a list, not an apposition."""
    lex = quote_lexicon()
    ands = [i for i, w in enumerate(words) if w.lower() == "and"]
    words = words[ands[-1] + 1 :] if ands else words  # "…, Secretary Y and Adm. Lena Varga"
    last = max((i for i, w in enumerate(words) if is_head(w) or is_head(w, dotless=True)), default=None)
    if last is None or last == len(words) - 1:
        return False
    if any(w.lower() in lex["complement_prepositions"] for w in words[:last]):
        return False  # the name is in the complement: "adviser to President George Bush"
    return all(w[:1].isupper() for w in words[last + 1 :])


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
    before = premodifier(prefix) or _office_of(prefix) or _before_given_name(prefix)
    if before:
        found.append(before)
    after = apposition(sentence[end:])
    if after:
        found.append(after)
    if toks:
        found += [r for r in parsed_roles(sentence, start, end, toks) if r not in found]
    kept = list(dict.fromkeys(r for r in (_cleaned(r) for r in found) if r))
    # one role cut short of another ("NASA's deputy manager of operations" beside "… for the station")
    return [r for r in kept if not any(o != r and o.startswith(r + " ") for o in kept)]


def _before_given_name(prefix: str) -> str | None:
    """The title before a given name the tagger left out of the mention ("London Mayor Sadiq "
    before "Khan"): one capitalised word of letters, no title word itself, after a title."""
    words = prefix.split()
    if len(words) < 2 or prefix[-1:] != " ":
        return None
    given = words[-1]
    lex = quote_lexicon()
    if not (given[:1].isupper() and given.replace("-", "").isalpha()) or is_head(given):
        return None
    if given.lower() in lex["honorifics"] or given.lower() in lex["never_titles"]:
        return None
    rest = prefix[: prefix.rstrip().rfind(given)]
    return premodifier(rest) or _office_of(rest)


def _inside(name: str) -> str | None:
    """A title the named-entity tagger took into the name ("Adm Allen", "Constable Tim Fanning")."""
    words = name.split()
    if len(words) < 2:
        return None
    return words[0] if is_head(words[0], dotless=True) else None


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
    never = quote_lexicon()["never_titles"]
    opened = title
    while len(title.split()) > 1 and title.split()[0].lower() in never:  # "Earlier Secretary of State X"
        title = title.split(maxsplit=1)[1]
    lead = prefix[: match.start()].split()
    if title == opened and lead and lead[-1][:1].isupper() and lead[-1].lower() not in never:
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
    after = head.i + 1
    if after + 1 < len(toks) and toks[after].text == "," and toks[after + 1].tag == "VBN":
        participle = toks[after + 1]  # the same, where the parse hangs the participle elsewhere
        if participle.text.lower() in lex["appointing_verbs"] and participle.head != head.i:
            subjects = [t for t in toks if t.head == participle.i and t.dep.startswith("nsubj")]
            # no subject of its own, or one whose phrase the name ends ("A profile of X, named …")
            if all(_ancestor(toks, head, s) for s in subjects):
                found += _verb_roles(sentence, toks, participle, "dobj")
    return [r for r in found if r and _titled(r.split()) and len(r.split()) <= _MAX_TITLE_WORDS]


def _verb_roles(sentence: str, toks: list[Tok], verb: Tok, role_of: str) -> list[str]:
    """Roles a verb gives the person that is its ``role_of`` (``nsubj``, ``nsubjpass``, ``dobj``):
    an appointment ("named X foreign minister", "X was hired as head coach"), a predicate ("X is
    the chief executive", "X became prime minister"), "X left his post as chairman"."""
    lex = quote_lexicon()
    appointing = verb.text.lower() in lex["appointing_verbs"]
    found: list[str] = []
    if any(
        t.head == verb.i and (t.dep == "neg" or t.tag == "MD" or t.text.lower() in ("longer", "never")) for t in toks
    ):
        return found  # "X should be the president", "X is no longer secretary of state"
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
    if not _title_noun(noun.text):
        return ""  # the phrase's own noun names the post: not "an official statement", "Justice Scalia"
    first = last = noun.i
    lefts = [t for t in toks if t.head == noun.i and t.i < noun.i and t.dep in _PHRASE_LEFT]
    for t in lefts:
        first = min(first, _left_edge(toks, t.i))
    for t in toks:
        if t.head == noun.i and t.i > noun.i and t.dep == "prep" and t.text.lower() in ("of", "to", "for"):
            last = max(last, _right_edge(toks, t.i))
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
        words = words[: words.index("(")]  # "aide to Rep. W.J. (Billy) Tauzin": the bracket left open
    words = re.split(r"\s+(?:who|whom|whose|which|that)\b", words)[0]  # "leader of a party that …"
    words = re.sub(r"(?:\s+(?:and|or))+$", "", words.strip(" ,;:"))  # "ambassador to Mexico and …"
    if any(q in words for q in '“”"'):
        return ""  # a name in quotation marks: a show's, a book's
    words = re.sub(r"^(then|now)\s+(?:a|an|the)\s+", r"\1 ", words, flags=re.IGNORECASE)
    return re.sub(r"^(?:the|a|an)\s+", "", re.sub(r"\b\d+(?:st|nd|rd|th)\s+", "", words), flags=re.IGNORECASE)


def _proper(toks: list[Tok], noun: Tok) -> bool:
    """Whether a noun names something: a proper noun or one a proper noun modifies ("Harvard
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
    return any(" " in h and lowered in (h.split()[0], h.split()[-1]) for h in quote_lexicon()["heads_set"])


def _left_edge(toks: list[Tok], i: int) -> int:
    return min([i] + [_left_edge(toks, t.i) for t in toks if t.head == i and t.i != i and t.i < i])


def _right_edge(toks: list[Tok], i: int) -> int:
    return max([i] + [_right_edge(toks, t.i) for t in toks if t.head == i and t.i != i and t.i > i])


def title_key(title: str) -> str:
    """Titles compared without case, possessives of countries kept ("Turkey's defense minister")."""
    return re.sub(r"\s+", " ", title.lower().replace("’", "'")).strip()
