"""Roles of people: titles and positions stated next to their names.

Two constructions, the ones news uses to introduce people:

- a premodifier: "Foreign Minister Ilan Ravid", "Interpol chief Lena Varga";
- an apposition: "Ravid, the foreign minister,", "Emre Dalton, Valmora's defence minister",
  "X, head of the National Intelligence Organisation".

A role phrase must contain a title word of ``rules/titles_en.json`` (:mod:`newsweave.synthesize.titles`).
Given the sentence's dependency parse, :func:`roles_in_sentence` adds the roles read from it
(:mod:`newsweave.synthesize.role_parse`). Each role found keeps the
date of the article that states it and a citation, so an actor's roles form a timeline (the same
person can be Foreign Minister in June and Prime Minister in October).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from newsweave.synthesize.demonyms import demonym_rules, nationalities
from newsweave.synthesize.role_parse import PastRole, parsed_roles
from newsweave.synthesize.titles import (
    MAX_TITLE_WORDS,
    has_head,
    is_employed,
    is_head,
    singular,
    title_lexicon,
    titled,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from newsweave.text.parse import Tok

# up to 300 characters when a relative clause within the first 120 cuts it ("X, Libya's deputy
# ambassador whose defection … inspired …, said"); the title itself has at most MAX_TITLE_WORDS
_APPOSITION = re.compile(r"^ ?,\s+(?P<title>[^,;:()“”\"]{3,300})(?P<stop>[,;)]|$)?")
_LEADING = re.compile(r"^(?:the|a|an|also|now|then|currently|as)\s+", re.IGNORECASE)
_PLACE_AFTER = re.compile(r"^(?P<title>.+?\s(?:of|for|at|to)\s.+?)\s+in\s+(?:[A-Z][\w.'’-]*\s*)+$")


def premodifier(prefix: str) -> str | None:
    """The title written right before a name ("Foreign Minister " -> "Foreign Minister")."""
    words = prefix.rstrip().split()
    if not words or prefix[-1:] not in (" ", "\t"):
        return None
    lex = title_lexicon()
    grade: list[str] = []
    if len(words) > 2 and words[-1].lower() == "class" and words[-2].lower() in lex["rank_classes"]:
        grade, words = words[-2:], words[:-2]  # "Petty Officer 3rd Class"
    for head in lex["multiword_heads"]:  # "chief of staff X": one title word of several
        size = len(head.split())
        if len(words) > size - 1 and " ".join(words[-size:]).lower() == head:
            words = [*words[:-size], " ".join(words[-size:])]
            break
    if not is_head(words[-1]):
        return None
    taken: list[str] = []
    lowercase_modifiers = 0
    after_name = False
    for word in reversed(words[-MAX_TITLE_WORDS:]):
        clean = word.strip("“”\"'(")
        if word.endswith((",", ";", ":")) or clean.endswith((",", ";", ":")):
            break  # punctuation ends the title phrase ("In Ankara, Foreign Minister X")
        if word.endswith(")") and "(" not in word:
            break  # a bracket closes before the title ("(… 6:25 p.m. ET) Former ABC News journalist X")
        lowered = clean.lower()
        joined_by = taken[0].lower() if taken else ""
        if joined_by == "and" and not (
            is_head(lowered) or lowered in lex["portfolios"] or lowered in lex["title_qualifiers"] or clean.islower()
        ):
            after_name = True
            break  # a name before "and" ("between Lena and Valmoran President X")
        if joined_by in lex["connectors"] and joined_by not in ("and", "the") and not is_head(lowered):
            break  # "of" follows a title word ("Secretary of State X"; not "a visit to Britain of President X")
        if lowered in lex["connectors"] and lowered not in ("and", "the") and taken and is_head(taken[0]):
            break  # another's title before the name's own: "an adviser for President X"
        bare = next((clean[len(p) :] for p in lex["title_prefixes"] if lowered.startswith(p)), clean)
        accept = (
            is_head(lowered)
            or lowered in lex["title_qualifiers"]
            or (bare[:1].isupper() and lowered not in lex["never_titles"])  # "then-MMS biologist"
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
    if after_name and any(is_head(w) and w.islower() for w in taken):
        # a lower-case title after a name with "and" in it: the capitalised words before the title
        # end that name ("Centers for Disease Control and Prevention acting director X")
        while taken and taken[0][:1].isupper() and not is_head(taken[0]) and taken[0].lower() not in lex["portfolios"]:
            taken.pop(0)
    if not taken:
        return None
    title = " ".join(taken + grade)
    before = prefix.rstrip()
    if before.endswith(title):
        last = before[: -len(title)].split()[-1:]
        if last and last[0] in lex["ending_qualifiers"]:
            return f"{last[0]} {title}"  # "fired FBI Director X": a former office
    return title


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


def apposition(suffix: str, plural: bool = False) -> str | None:
    """The title written right after a name (", the foreign minister," -> "foreign minister");
    with ``plural``, only a title in the plural, the title of two names ("X and Y, editors at Z,")."""
    match = _APPOSITION.match(suffix)
    if not match:
        return None
    if len(match.group("title")) > 120 and not re.search(
        r"\s(?:who|whom|whose|which|that)\b", match.group("title")[:120]
    ):
        return None  # a long run with no relative clause to cut it: a clause, no apposition
    text = _before_full_stop(match.group("title"))
    if text is None and match.group("stop") is None:
        return None  # ends at a colon, bracket or quotation mark: no apposition
    title = _LEADING.sub("", (text or match.group("title")).strip())
    if plural:
        title = re.sub(r"^both\s+", "", title)
    described = re.split(r"\s+and\s+(?:a|an|the)\s+", title)  # "the Y and a Z": two descriptions
    if any(_of_others(d) for d in described[1:]):
        return None  # "X, a reporter and the TV crew, …": a list of those there, no description of X
    title = described[0]  # "X, the town mayor and a keen gardener": the first describes X
    title = re.split(r"\s+(?:who|whom|whose|which|that)\b", title)[0]  # "the editor who wrote …"
    title = _first_of_two(title)
    place = _PLACE_AFTER.match(title)  # "analyst at Orlen Bank in Pellin": the post, not the town
    title = place.group("title") if place else title
    title = _before_participle(title)
    words = title.split()
    lex = title_lexicon()
    if not words or len(words) > MAX_TITLE_WORDS or words[0].lower() in lex["never_titles"]:
        return None
    if words[-1].lower() in lex["complement_prepositions"] or words[-1].lower() in lex["connectors"]:
        return None  # "the leader issued a statement in which …": a clause cut at its relative
    if plural:  # the checks on the singular words, and one title word must be plural
        if not any(singular(w) != w.lower() and is_head(singular(w)) for w in words[:6]):
            return None
        words = [singular(w) if singular(w) != w.lower() and is_head(singular(w)) else w for w in words]
    if not has_head(words[:6]) or not titled(words) or _titled_name(words):
        return None
    if re.search(r"\b(said|says|told|was|is|has|had|will|would)\b", title, re.IGNORECASE):
        return None  # a clause, not a title
    return title


@lru_cache(maxsize=1)
def _description_end() -> re.Pattern[str]:
    """Where a description's head noun phrase ends: a complement's preposition or a relative pronoun."""
    ends = [*title_lexicon()["complement_prepositions"], "who", "whom", "whose", "which", "that"]
    return re.compile(r"\s+(?:" + "|".join(re.escape(w) for w in ends) + r")\b")


def _of_others(words: str) -> bool:
    """Whether a description after "and a/the" in an apposition names others than the person,
    making the apposition a list of those present: a group (a collective noun of the rule data:
    "the TV crew"), several people ("two aides") or a person's name ("the photographer Ann Lo");
    not a second description of the person ("a keen gardener", "a fierce critic of the plan")."""
    lex = title_lexicon()
    phrase = _description_end().split(words.strip(" ,.;"))[0]
    tokens = phrase.split()
    if not tokens:
        return False
    last, lowered = tokens[-1], f" {phrase.lower()} "
    if any(f" {c} " in lowered for c in lex["collective_nouns"]):
        return True  # "the TV crew", "the Pellin Radio team aboard"
    if last.islower() and "'" not in last and "’" not in last and singular(last) != last:
        return True  # a plural noun
    named = tokens[-2:]
    return len(named) == 2 and all(w[:1].isupper() for w in named) and not has_head(named)


_NEXT_NAME = re.compile(r"^ and (?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*(?= ?,)")
_NAME_BEFORE = re.compile(r"[A-Z][\w.'’-]*\s+and\s+$")


def _shared_apposition(sentence: str, start: int, end: int) -> str | None:
    """A title in the plural after two names joined by "and", each one's ("X and Y, editors at
    the weekly Z, were …"): read for the first name past the second."""
    suffix = sentence[end:]
    other = _NEXT_NAME.match(suffix)
    if other:
        suffix = suffix[other.end() :]
    elif not _NAME_BEFORE.search(sentence[:start]):
        return None
    return apposition(suffix, plural=True)


def _before_participle(title: str) -> str:
    """A title too long to be one cut before a participle that follows its complement ("head of
    a reconfigured agency overseeing the offshore oil and gas industry" -> "head of a
    reconfigured agency"); a shorter one as it is ("commander overseeing the spill response")."""
    words = title.split()
    if len(words) <= MAX_TITLE_WORDS:
        return title
    lex = title_lexicon()
    cut = next((i for i, w in enumerate(words) if i and w.lower() in lex["complement_prepositions"]), None)
    if cut is None:
        return title
    for i in range(cut + 2, len(words)):
        if words[i].islower() and words[i].isalpha() and words[i].endswith("ing") and len(words[i]) > 4:
            return " ".join(words[:i])
    return title


def _first_of_two(title: str) -> str:
    """The first of two titles joined by "and" when both together are too long to be one ("a law
    professor and director of the … Office at … University" -> "law professor")."""
    words = title.split()
    if len(words) <= MAX_TITLE_WORDS or "and" not in words:
        return title
    cut = words.index("and")
    second = [w for w in words[cut + 1 :] if w.lower() not in ("a", "an", "the")]
    return " ".join(words[:cut]) if second and is_head(second[0]) and has_head(words[:cut]) else title


def _before_full_stop(text: str) -> str | None:
    """``text`` up to a full stop that ends a sentence, not one of an abbreviation ("U.S.",
    "Corp.", "Gov."); None when it has none."""
    lex = title_lexicon()
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
    lex = title_lexicon()
    ands = [i for i, w in enumerate(words) if w.lower() == "and"]
    words = words[ands[-1] + 1 :] if ands else words  # "…, Secretary Y and Adm. Lena Varga"
    last = max((i for i, w in enumerate(words) if is_head(w) or is_head(w, dotless=True)), default=None)
    if last is None or last == len(words) - 1:
        return False
    if any(w.lower() in lex["complement_prepositions"] for w in words[:last]):
        return False  # the name is in the complement: "adviser to President Arlen Vosk"
    return all(w[:1].isupper() for w in words[last + 1 :])


def roles_in_sentence(
    sentence: str, start: int, end: int, toks: list[Tok] | None = None, names: Sequence[tuple[int, int]] = ()
) -> list[str]:
    """Titles the sentence gives the name at ``sentence[start:end]``.

    Without a parse: a title written inside the name ("Adm Allen"), right before it
    ("Foreign Minister X", "the UK ambassador to Washington, Sir X") or in an apposition after
    it. With ``toks`` (the sentence's dependency parse), also an apposition the name is the
    second part of ("The envoy sent to London …, X"), an appointment ("named X foreign
    minister", "X has been hired as head coach of …") and a predicate ("X is the chief
    executive of BP"). Family ties, "counterpart" and fragments ("Another judge") are no roles.
    ``names``: the sentence offsets of the places and organisations the tagger found, which keep
    a name in "-ing" before a title ("Wyoming Governor X").
    """
    found = []
    inside = _inside(sentence[start:end])
    if inside:
        found.append(inside)
    prefix = _without_honorific(sentence[:start])
    comma = prefix.endswith(", ")
    if comma:  # "his Turkish counterpart, Mevlut Cavusoglu"
        prefix = prefix[:-2] + " "
    before = _before_name(prefix, len(sentence[start:end].split()) == 1)
    if before and _doubtful_opener(before):
        before = _without_participle(before, sentence, start, toks, names)
    if before and not (comma and _describes_the_noun_before(prefix, before)):
        found.append(before)
    after = apposition(sentence[end:]) or _shared_apposition(sentence, start, end)
    if after:
        found.append(after)
    if toks:
        found += [r for r in parsed_roles(sentence, start, end, toks) if r not in found]
    kept = list(dict.fromkeys(r for r in (_cleaned(_until(r)) for r in found) if r))
    # one role cut short of another ("NASA's deputy manager of operations" beside "… for the
    # station", "president for research" beside "Orlen's vice-president for research")
    return [
        r
        for r in kept
        if not any(o != r and (o.startswith((r + " ", r + "-")) or o.endswith((" " + r, "-" + r))) for o in kept)
    ]


_HELD_UNTIL = re.compile(
    r"\s+(?:(?:until|till)\s+\S.*|from\s+\d{4}\s*(?:[-–]|to|until)\s*\d{2,4}|between\s+\d{4}\s+and\s+\d{4})$"
)


def _until(role: str) -> str:
    """A role that says when it ended: a past one (:class:`~newsweave.synthesize.role_parse.PastRole`)
    without the dates ("commander-in-chief of the army until March", "prime minister from 1979-90"
    -> "commander-in-chief of the army", "prime minister", held before)."""
    held = _HELD_UNTIL.search(role)
    return PastRole(role[: held.start()]) if held and held.start() else role


def _before_name(prefix: str, single: bool) -> str | None:
    """The title written before a name (of one word with ``single``): a premodifier, an office
    with its complement, or one before a given name the tagger left out."""
    office = premodifier(prefix) or _office_of(prefix, single)
    if office == "":
        return None  # the words before the name begin it: no given name either
    return office or _before_given_name(prefix)


def _doubtful_opener(role: str) -> bool:
    """Whether a title before a name opens with a capitalised word in "-ing" the title lexicon
    does not know: a participle opening the sentence ("Hosting President X …", "Receiving French
    President X …") or a name ("Beijing Mayor X", "Boeing Chief Executive X"), which only the
    parse tells apart. The lexicon's own words ("Acting", "Outgoing") are titles' words."""
    first = role.split()[0]
    lowered = first.lower()
    if not (first[:1].isupper() and lowered.isalpha() and lowered.endswith("ing") and len(lowered) > 5):
        return False
    lex = title_lexicon()
    known = {*lex["title_qualifiers"], *lex["neutral_qualifiers"], *lex["portfolios"]}
    return (
        lowered not in known
        and not is_head(lowered)
        and not any(h.split()[0] == lowered for h in lex["multiword_heads"])
    )


def _without_participle(
    role: str, sentence: str, start: int, toks: list[Tok] | None, names: Sequence[tuple[int, int]] = ()
) -> str | None:
    """A title before a name without a doubtful opening word (:func:`_doubtful_opener`) that is a
    participle: a role never starts with one ("Hosting President X" -> "President"). The word
    stays when the tagger's entities (``names``: sentence offsets of places and organisations)
    cover it ("Wyoming Governor", "Boeing Chief Executive"), when the parse does not tag it a verb
    ("Beijing Mayor"), and, without a parse, when it neither opens the sentence nor a clause: a
    capitalised word in "-ing" inside a sentence is a name."""
    words = role.split()
    at = sentence.rfind(role, 0, start)
    if at >= 0 and any(a <= at < b for a, b in names):
        return role
    if toks and at >= 0:
        tok = next((t for t in toks if t.idx == at), None)
        if tok is not None and not tok.tag.startswith("VB"):
            return role
    elif at >= 0 and not _opens_a_clause(sentence[:at]):
        return role
    rest = words[1:]
    return " ".join(rest) if rest and has_head(rest) else None


def _opens_a_clause(before: str) -> bool:
    """Whether a word after ``before`` opens its sentence or a clause (after a comma, semicolon,
    colon, dash, bracket or quotation mark)."""
    before = before.rstrip()
    return not before or before[-1] in _CLAUSE_OPENERS


_CLAUSE_OPENERS = frozenset(",;:([\"'—–“‘-")


def parse_decides(sentence: str, start: int, end: int, names: Sequence[tuple[int, int]] = ()) -> bool:
    """Whether the title before the name at ``sentence[start:end]`` opens with a word only the
    parse tells (:func:`_doubtful_opener`) and the tagger's entities (``names``, sentence offsets of
    places and organisations) do not cover: the actors stage then reads the sentence's parse."""
    prefix = _without_honorific(sentence[:start])
    before = _before_name(prefix[:-2] + " " if prefix.endswith(", ") else prefix, len(sentence[start:end].split()) == 1)
    if before is None or not _doubtful_opener(before):
        return False
    at = sentence.rfind(before, 0, start)
    return not (at >= 0 and any(a <= at < b for a, b in names))


_INDEFINITE_AFTER_COMMA = re.compile(r",\s+(?:a|an)\s+(?:[a-z][\w-]*\s+){0,2}$")


def _describes_the_noun_before(prefix: str, title: str) -> bool:
    """Whether a title before "TITLE, Name" opens with an indefinite article after a comma ("…
    by his head of press, a former editor of the Courier, X gave"): an apposition of the noun
    before it, not of the name (unlike "The envoy to Veldmark, X" or "A geologist, X …")."""
    text = prefix.rstrip()
    at = text.rfind(title)
    return at > 0 and _INDEFINITE_AFTER_COMMA.search(text[:at]) is not None


def _before_given_name(prefix: str) -> str | None:
    """The title before a given name the tagger left out of the mention ("Port Elden Mayor Tamsin "
    before "Khan"): one capitalised word of letters, no title word itself, after a title."""
    words = prefix.split()
    if len(words) < 2 or prefix[-1:] != " ":
        return None
    given = words[-1]
    lex = title_lexicon()
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
    for head in title_lexicon()["multiword_heads"]:  # "Crown Prince Hassan"
        size = len(head.split())
        if len(words) > size and " ".join(words[:size]).lower() == head:
            return " ".join(words[:size])
    if not is_head(words[0], dotless=True):
        return None
    if len(words) == 2 and words[0].lower() in title_lexicon()["given_name_heads"]:
        return None  # "Dean Harlow": a given name, not a title before one name
    return words[0]


def _without_honorific(prefix: str) -> str:
    """The text before a name without the honorific that ends it ("…, Sir " -> "…, ")."""
    words = prefix.rstrip().split()
    if " ".join(words[-2:]).lower() in title_lexicon()["multiword_heads"]:
        return prefix  # "Crown Prince X": the rank is part of a title
    if words and words[-1].lower() in title_lexicon()["honorifics"] and prefix[-1:] == " ":
        return prefix.rstrip()[: -len(words[-1])]
    return prefix


_INITIAL = re.compile(r"^[A-Z]\.$")


def _object_runs_into_name(title: str, single: bool) -> bool:
    """Whether the complement of a title before a name is the start of that name, so the title is
    another's ("campaign manager of Donald J." before "Trump": the complement ends with an initial;
    "leader of the Pueblo Sin" before a one-word name: two capitalised words or more, none a
    title's word, a portfolio or a state, run into it) and not the name's own ("Secretary of
    State X", "Minister of Foreign Affairs X")."""
    words = re.split(r"\s+(?:of|to|for)\s+(?:the\s+)?", title, maxsplit=1)
    if len(words) < 2:
        return False
    named = words[1].split()
    if named and _INITIAL.match(named[-1]):
        return True  # (a title of the lexicon before an initial is cut there: "Secretary of State J.")
    if not single or len(named) < 2 or title.lower() in title_lexicon()["heads_set"]:
        return False
    lex = title_lexicon()
    states = {w.lower() for state in demonym_rules()["demonyms"].values() for w in state.split()}
    plain = [w for w in named if w[:1].isupper() and not is_head(w) and w.lower() not in lex["portfolios"]]
    return len(plain) == len(named) and not any(w.lower() in states for w in named)


_OFFICE_OF = re.compile(
    r"(?P<title>(?:[A-Z][\w.'’-]*\s+){0,3}(?<![\w-])(?P<head>[A-Za-z.]+(?:-[A-Za-z.]+)*)\s+(?:of|to|for)\s+"
    r"(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){1,4})$"
)


def _office_of(prefix: str, single: bool = False) -> str | None:
    """A title ending in "of/to/for" and a name right before a name ("Secretary of State X",
    "the UK ambassador to Washington, X"), or one with a "-designate" or "-elect" head. With
    ``single`` the name is one word, which the words before it may belong to
    (:func:`_object_runs_into_name`): then ``""``."""
    words = prefix.split()
    if words and prefix[-1:] == " ":
        for suffix in title_lexicon()["designate_suffixes"]:
            last = words[-1]
            if last.lower().endswith(suffix) and last.lower()[: -len(suffix)] in title_lexicon()["heads_set"]:
                return last
    match = _OFFICE_OF.search(prefix)
    if not match or not (match.group("head").lower() in title_lexicon()["heads_set"] or is_head(match.group("head"))):
        return None  # a title word, or one of title words joined by hyphens ("director-general of the …")
    title = match.group("title").strip()
    initials = title.split()
    while initials and _INITIAL.match(initials[-1]):
        initials.pop()  # "Secretary of State J. Varga"
    if " ".join(initials).lower() in title_lexicon()["heads_set"]:
        title = " ".join(initials)
    elif _object_runs_into_name(title, single):
        return ""  # the name's start, not an office
    never = title_lexicon()["never_titles"]
    opened = title
    while len(title.split()) > 1 and title.split()[0].lower() in never:  # "Earlier Secretary of State X"
        title = title.split(maxsplit=1)[1]
    lead = prefix[: match.start()].split()
    if title == opened and lead and lead[-1].islower() and is_head(f"{lead[-1]}-{match.group('head')}"):
        return f"{lead[-1]} {title}"  # "the director general of the agency": title words of one title
    if title == opened and lead and lead[-1][:1].isupper() and lead[-1].lower() not in never:
        title = lead[-1] + " " + title  # "the UK ambassador to Washington"
    return title


_BEFORE_A_NAME = frozenset(["of", "for", "at", "to", "in", "on", "with", "from", "and", "&", "by"])


def _cleaned(role: str) -> str | None:
    """A role as shown, or None when it names no position: a family tie, a counterpart, a fragment."""
    lex = title_lexicon()
    words = role.split()
    run_on = next(
        (i for i, w in enumerate(words) if i and w == "The" and words[i - 1].lower() not in _BEFORE_A_NAME), None
    )
    if run_on is not None:  # "Pellin's Chief Medical Officer The Health Ministry added": a sentence
        words = words[:run_on]  # run on where its full stop was lost ("CEO of The Wildlife Society" is a name)
        role = type(role)(" ".join(words))
    if not words or words[0].lower() in lex["not_office_openers"]:
        return None
    lowered = [w.lower().strip(",.") for w in words]
    if any(w in lex["degree_adverbs"] for w in lowered):
        return None  # "a very vocal political leader": a description graded, no office
    if " ".join(lowered[-3:]) in lex["award_complements"]:
        return None  # "Reporter of the Year": an award, no office
    heads = [w.rsplit("-", 1)[-1] for w in lowered if is_head(w) or w + "." in lex["heads_set"]]  # "co-founder"
    if any(w.rsplit("-", 1)[-1] in lex["not_offices"] for w in lowered) and not any(
        h not in lex["not_offices"] for h in heads
    ):
        return None
    ends = [i for i, w in enumerate(lowered) if w in ("of", "to", "for")]
    if lowered[ends[0] - 1 if ends else -1] in lex["not_offices"]:
        return None  # "daughter of the former president"
    if len(lowered) == 1 and lowered[0] in lex["bare_not_titles"]:
        return None  # "Republicans after his head, X replied"
    if heads and all(is_employed(h) for h in heads) and not _employer(words):
        return None  # "a prominent economist and activist": an occupation, no post
    return role


def _employer(words: list[str]) -> bool:
    """Whether a role names whom its occupation is exercised for: a name (not a nationality) or a
    possessive before its title word ("Harlow lawyer", "then-MMS biologist", "Veldt’s lawyer") or a
    complement after it ("a scholar at the Brookings Institution", "senior scientist for the NWF")."""
    lex = title_lexicon()
    lowered = [w.lower().strip(",.") for w in words]
    first = next(i for i, w in enumerate(lowered) if is_employed(w))
    for word in words[:first]:
        for prefix in lex["title_prefixes"]:
            if word.lower().startswith(prefix):
                word = word[len(prefix) :]
        if word.lower().endswith(("'s", "’s")) or word[:1].isupper() and word.lower() not in nationalities():
            return True
    return any(w in lex["employer_prepositions"] for w in lowered[first + 1 : -1])
