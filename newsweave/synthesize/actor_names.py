"""How the actors stage tells that two names of a story are one actor, with evidence from all the
story's articles (:mod:`newsweave.synthesize.actors` holds the groups and calls these).

- A title the tagger took into a person's name is no part of it ("President Arlen Vosk").
- Spellings that differ only by hyphens or a name suffix are one name ("Kim Jong-un", "Kim Jong
  Un"; "Robert Vosk III" ends with "Vosk").
- A shorter form joins the one longer name it fits; when it fits several, the one the story
  mentions far more often than any other (``dominance`` times) takes it: a bare surname in a
  story names its most mentioned bearer.
- A person's leading names alone ("Ellen" of "Ellen Varga"; "Kim" of "Kim Jong Un", whose
  family name comes first) are that person when they begin exactly one full name and end none.
- An organisation's first word alone ("Academy" of "Academy of Film Arts") is that organisation
  when it begins exactly one organisation's name.
- Other names of a state ("Britain" / "United Kingdom", rule data ``state_names`` in
  ``rules/demonyms_en.json``) are one place.

A group is anything with ``label`` (the majority NER label), ``forms`` (a Counter of the written
forms) and ``absorb(other)``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from newsweave.synthesize.demonyms import demonym_rules, nationalities
from newsweave.text.names import name_key

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def name_tokens(key: str) -> list[str]:
    """The words of a name key, hyphens read as spaces and a trailing suffix ("Jr", "III") left out."""
    tokens = key.replace("-", " ").split()
    while len(tokens) > 1 and tokens[-1] in SUFFIXES:
        tokens.pop()
    return tokens


@lru_cache(maxsize=1)
def _spelling_endings() -> tuple[tuple[str, str], ...]:
    """British word endings and their American spellings, longest first (rule data)."""
    pairs = [(str(b), str(a)) for b, a in demonym_rules()["spelling_variants"]]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@lru_cache(maxsize=65536)
def spelling(word: str) -> str:
    """A word of a name key in American spelling ("organisation" -> "organization", "centre" ->
    "center"), so that the two spellings of one name compare equal."""
    for british, american in _spelling_endings():
        if word == british or word.endswith(british) and len(word) >= len(british) + 2:
            return word[: len(word) - len(british)] + american
    return word


def spelling_key(key: str) -> str:
    """A name key with its words in one spelling and without hyphens or a suffix: the form two
    spellings of one name share ("park min-jun", "Park Min Jun"; "World Health Organisation",
    "World Health Organization")."""
    return " ".join(spelling(w) for w in name_tokens(key))


def without_title(name: str, titles: frozenset[str]) -> str:
    """A person's name without the titles the tagger took into it ("President Arlen Vosk",
    "Gen. Vosk" -> "Arlen Vosk", "Vosk"); ``titles`` lower case. A name is never emptied."""
    words = name.split()
    while len(words) > 1 and (words[0].lower() in titles or words[0].lower().rstrip(".") in titles):
        words.pop(0)
    return " ".join(words)


def size(group: Any) -> int:
    """How often the story mentions a group."""
    return int(sum(group.forms.values()))


def pick(candidates: list[str], groups: dict[str, Any], dominance: float) -> str | None:
    """The one candidate, or the one mentioned at least ``dominance`` times as often as each of
    the others; else None (ambiguous)."""
    if len(candidates) == 1:
        return candidates[0]
    if not candidates or dominance <= 0:
        return None
    ranked = sorted(candidates, key=lambda k: (-size(groups[k]), k))
    return ranked[0] if size(groups[ranked[0]]) >= dominance * size(groups[ranked[1]]) else None


def _join(groups: dict[str, Any], part_key: str, whole_key: str, relabel: str | None = None) -> None:
    part = groups.pop(part_key)
    if relabel:
        part.labels = Counter({relabel: part.labels.total()})
    groups[whole_key].absorb(part)


def merge_spellings(groups: dict[str, Any]) -> dict[str, Any]:
    """Join names whose keys differ only by hyphens and spaces ("kim jong-un", "kim jong - un",
    "kim jong un"), by British and American spelling ("Organisation", "Organization"), by the
    order of a person's two names ("Tan Wei", "Wei Tan": the family name first or last) or by a
    suffix one of them leaves out ("Arlen Vosk III", "Arlen Vosk"; not
    when the story gives two suffixes, "Jr" and "Sr": two people) into the most mentioned of them."""
    by_words: dict[str, list[str]] = defaultdict(list)
    for key, group in groups.items():
        words = spelling_key(key)
        if group.label == "PERSON" and len(words.split()) == 2:
            words = " ".join(sorted(words.split()))  # "Tan Wei", "Wei Tan": a family name first or last
        by_words[words].append(key)
    for keys in by_words.values():
        suffixes = {tuple(k.replace("-", " ").split()[len(name_tokens(k)) :]) for k in keys} - {()}
        if len(keys) < 2 or len(suffixes) > 1:
            continue
        keys.sort(key=lambda k: (-size(groups[k]), k))
        for other in keys[1:]:
            groups[keys[0]].absorb(groups.pop(other))
    return groups


def merge_variants(groups: dict[str, Any]) -> dict[str, Any]:
    """Join the names of several words of organisations and places that differ in one word only,
    one of them written with a short ending the other lacks or as the state's adjective ("Asian
    Pacific Economic Cooperation" / "Asia Pacific …", "Guinness World Records" / "… Record",
    "Palestinian National Council" / "Palestine …"), into the most mentioned of them. Never a
    person's: "Daniel" and "Daniels" are two surnames."""
    by_shape: dict[tuple[int, str], list[str]] = defaultdict(list)  # (words, the other words) -> keys
    for key, group in groups.items():
        words = spelling_key(key).split()
        if group.label == "PERSON" or len(words) < 2:
            continue
        for i in range(len(words)):
            by_shape[(i, " ".join(words[:i] + ["*"] + words[i + 1 :]))].append(key)
    for (i, _), keys in sorted(by_shape.items()):
        keys = [k for k in keys if k in groups]
        if len(keys) < 2:
            continue
        keys.sort(key=lambda k: (-size(groups[k]), k))
        first = spelling_key(keys[0]).split()[i]
        for other in keys[1:]:
            if _variant_word(first, spelling_key(other).split()[i]):
                groups[keys[0]].absorb(groups.pop(other))
    return groups


_VARIANT_ENDING = 2  # letters one spelling of a word may add ("Asia"/"Asian", "Record"/"Records")


def _variant_word(a: str, b: str) -> bool:
    """Whether two words are one word of a name written two ways: one ends the other by a short
    ending, or one is the adjective of the state the other names ("palestinian", "palestine")."""
    short, long = sorted((a, b), key=len)
    if len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= _VARIANT_ENDING:
        return True
    state = demonym_rules()["demonyms"].get(long) or demonym_rules()["demonyms"].get(short)
    return state is not None and name_key(state) in (a, b)


def merge_people(groups: dict[str, Any], dominance: float) -> dict[str, Any]:
    """Join shorter forms of a person's name (any label) to the full name they fit: its last
    word and a subset of its words ("Vosk", "Arlen Vosk" of "Arlen B. Vosk III")."""
    names: _NameIndex | None = None  # the groups' names by last word, brought up to date after a join
    for key in sorted(groups, key=lambda k: len(name_tokens(k))):
        if key not in groups:
            continue
        tokens = name_tokens(key)
        if not tokens:
            continue
        if names is None:
            names = _NameIndex(groups, "PERSON", lambda words: words[-1])
        supers: dict[str, int] = {}  # group -> words of the longest of its names that this one fits
        for owner, words in names.find(tokens[-1]):
            if owner != key and set(tokens) <= set(words) and len(words) > len(tokens):
                supers[owner] = max(supers.get(owner, 0), len(words))
        if not supers:
            continue
        longest = max(supers.values())
        target = pick([m for m, n in supers.items() if n == longest], groups, dominance)
        if target is None:
            target = pick(list(supers), groups, dominance)
        if target is not None and _another_thing(groups[key], groups[target], dominance):
            continue
        if target is not None:
            # A surname that fits one full name is that person, whatever a bare surname was tagged
            # (small NER models often tag one ORG or GPE), so its mentions do not outvote the name.
            _join(groups, key, target, relabel="PERSON")
            names.rejoin(key, target)
    return groups


def _another_thing(part: Any, whole: Any, dominance: float) -> bool:
    """Whether a shorter name is a place and not the person's name it ends: the shorter name is a
    known place (a state or nationality of the rule data) or the tagger calls it a place in most
    of its mentions, it is written ``dominance`` times as often, and the longer name is weak (one
    or two mentions): "London", a city written 25 times, 5 of them tagged a person, stays apart
    from a "Breitbart London" tagged a person once. A bare surname is usually written far more
    often than the full name and small taggers often call it an organisation or a place, so
    without the place evidence it joins ("Trump" nine times, tagged in turn ORG, PERSON, GPE, is
    the "Donald Trump" written twice)."""
    if dominance <= 0 or size(whole) > _WEAK_WHOLE or size(part) < dominance * size(whole):
        return False
    total = part.labels.total()
    placed = sum(part.labels[label] for label in _PLACE_LABELS)
    known = any(word.lower() in nationalities() for word in {*part.forms, *getattr(part, "keys", ())})
    return bool(known or placed * 2 > total)


_WEAK_WHOLE = 2  # mentions of a longer name few enough that a place written far more often is not its part
_PLACE_LABELS = ("GPE", "LOC")


def _names(groups: dict[str, Any], label: str) -> list[tuple[str, str]]:
    """(group, name) for every name of several words of the groups of ``label`` (a group holds the
    keys of the names merged into it)."""
    return [
        (owner, name) for owner, group in groups.items() if group.label == label for name in _long_names(owner, group)
    ]


def _long_names(owner: str, group: Any) -> list[str]:
    """The names of several words of one group (its key and the keys merged into it), sorted."""
    return [name for name in sorted(set(getattr(group, "keys", ())) | {owner}) if len(name_tokens(name)) > 1]


class _NameIndex:
    """The names of several words of the groups of one label (a group holds the keys of the
    names merged into it), as word lists, found by one word of theirs (``word_of``: the last, the
    first, ...), so a story's hundreds of names are not each read for every shorter one."""

    def __init__(self, groups: dict[str, Any], label: str, word_of: Callable[[list[str]], str | None]) -> None:
        self.groups, self.label, self.word_of = groups, label, word_of
        self.names: dict[str, list[list[str]]] = {}  # group -> its names' words
        self.index: dict[str, set[str]] = defaultdict(set)  # word -> the groups with a name of it there
        for owner, group in groups.items():
            if group.label == label:
                self._add(owner)

    def _add(self, owner: str) -> None:
        names = [name_tokens(name) for name in _long_names(owner, self.groups[owner])]
        self.names[owner] = names
        for words in names:
            word = self.word_of(words)
            if word is not None:
                self.index[word].add(owner)

    def find(self, word: str) -> list[tuple[str, list[str]]]:
        """(group, name's words) of every name with ``word`` in the indexed place, groups in order."""
        return [(owner, words) for owner in sorted(self.index.get(word, ())) for words in self.names[owner]]

    def rejoin(self, part: str, whole: str) -> None:
        """Bring the index up to date after the group ``part`` joined ``whole``: only those two
        groups' entries change (a large story makes hundreds of joins)."""
        for owner in (part, whole):
            for words in self.names.pop(owner, []):
                word = self.word_of(words)
                if word is not None:
                    self.index[word].discard(owner)
        if whole in self.groups and self.groups[whole].label == self.label:
            self._add(whole)


def _merge_leading(
    groups: dict[str, Any],
    label: str,
    dominance: float,
    fits: Callable[[list[str], list[str]], bool],
    leading: Callable[[list[str]], str | None],
) -> dict[str, Any]:
    """Join each name of ``label`` to the one longer name it ``fits`` (see :func:`pick`), the
    longer names found by their ``leading`` word, which is the shorter name's first."""
    names: _NameIndex | None = None  # brought up to date after a join
    for key in sorted(groups, key=lambda k: len(name_tokens(k))):
        if key not in groups or groups[key].label != label:
            continue
        tokens = name_tokens(key)
        if not tokens:
            continue
        if names is None:
            names = _NameIndex(groups, label, leading)
        candidates = sorted(
            {
                owner
                for owner, words in names.find(tokens[0])
                if owner != key and len(words) > len(tokens) and fits(tokens, words)
            }
        )
        target = pick(candidates, groups, dominance)
        if target is not None:
            _join(groups, key, target)
            names.rejoin(key, target)
    return groups


def merge_given_names(groups: dict[str, Any], dominance: float) -> dict[str, Any]:
    """A person's leading names alone ("Ellen", "Kim", "Moon Jae") join the full name they begin,
    unless their last word ends another person's full name (then it is a surname)."""
    surnames = {name_tokens(name)[-1] for _, name in _names(groups, "PERSON")}

    def fits(tokens: list[str], full: list[str]) -> bool:
        return full[: len(tokens)] == tokens and tokens[-1] not in surnames

    return _merge_leading(groups, "PERSON", dominance, fits, lambda words: words[0])


def merge_short_organisations(groups: dict[str, Any], dominance: float, stop: Iterable[str]) -> dict[str, Any]:
    """An organisation named by its first word alone ("Academy") joins the organisation whose name
    begins with it ("Academy of Film Arts")."""
    stopwords = frozenset(stop)

    def fits(tokens: list[str], full: list[str]) -> bool:
        words = [w for w in full if w not in stopwords]
        return len(tokens) == 1 and bool(words) and words[0] == tokens[0]

    def leading(full: list[str]) -> str | None:
        return next((w for w in full if w not in stopwords), None)

    # an acronym before more words names a thing of the organisation ("the DNC server", "a NATO
    # summit"), not the organisation by its first word: acronyms join by their initials
    acronyms = {key: groups.pop(key) for key in list(groups) if _acronym(groups[key])}
    merged = _merge_leading(groups, "ORG", dominance, fits, leading)
    merged.update(acronyms)
    return merged


def _acronym(group: Any) -> bool:
    """Whether a group is named by an acronym only: one word, every form of it in capitals ("DNC",
    "D.N.C.")."""
    return all(len(form.split()) == 1 and form.isupper() and len(form.replace(".", "")) > 1 for form in group.forms)


@lru_cache(maxsize=1)
def _state_names() -> dict[str, str]:
    out = {}
    for state, names in demonym_rules()["state_names"].items():
        for name in [state, *names]:
            out[name_key(name)] = name_key(state)
    return out


def merge_state_names(groups: dict[str, Any]) -> dict[str, Any]:
    """Names of one state ("Britain", "UK", "United Kingdom") join the most mentioned of them;
    never a person's name."""
    states = _state_names()
    by_state: dict[str, list[str]] = defaultdict(list)
    for key, group in groups.items():
        if key in states and group.label != "PERSON":
            by_state[states[key]].append(key)
    for keys in by_state.values():
        keys.sort(key=lambda k: (-size(groups[k]), k))
        for other in keys[1:]:
            groups[keys[0]].absorb(groups.pop(other))
    return groups
