"""Actors stage: the story's people, organisations and places, merged across outlets.

Mentions are grouped by a folded key (case and diacritics ignored: Aydoğan = Aydogan; a title the
tagger took into a person's name left out). The story's names are then looked for in every
article's sentences, beyond what each article's tagger found. Names of one actor are merged with
evidence from the whole story (:mod:`newsweave.synthesize.actor_names`): spellings that differ by
hyphens or a suffix; a person's surname alone, or a shorter form of the name ("Tarik Aydogan"),
joins the full name that ends with it, and leading given or family names ("Kim" of "Kim Jong Un")
the one it begins; when several fit, the one mentioned ``actor_dominance`` times as often as any
other takes it. The type of an actor is the majority label over all its mentions, so a person
tagged ORGANIZATION once stays a person. An organisation's acronym joins the full name with its
initials ("NATO"), its first word alone the one name it begins; other names of a state are one
place ("Britain", "UK"); a nationality adjective counts for its state when the state is an actor
("Turkish" -> Turkey, rule data in ``rules/demonyms_en.json``); "the defense minister" counts for
the holder of that role the article named last, else the only one in the story. A person's roles
("Foreign Minister", "the defense minister", see :mod:`newsweave.synthesize.roles`) are kept with
the date of the article that states each, oldest first: a role timeline. Quality against gold
cross-document chains: ``benchmarks/actors.py``.

Each article is read alone once (its mentions, their roles, the words that begin with a capital:
:mod:`~newsweave.synthesize.actor_memory`, kept in the store), so a story written again as it
grows reads only its new articles and merges what all of them gave.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, insort
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from newsweave.config import SynthesizeSettings
from newsweave.records import Actor, Citation, Entity, Role, Sentence, StoryMaterial, StoryQuote
from newsweave.synthesize.actor_memory import ArticleMentions, Mention, MentionMemory, article_digest
from newsweave.synthesize.actor_names import (
    merge_given_names,
    merge_people,
    merge_short_organisations,
    merge_spellings,
    merge_state_names,
    merge_variants,
    name_tokens,
    pick,
    spelling,
    spelling_key,
    without_title,
)
from newsweave.synthesize.demonyms import demonym_rules, demonym_state, nationalities
from newsweave.synthesize.role_parse import shown, worth_parsing
from newsweave.synthesize.roles import parse_decides, roles_in_sentence
from newsweave.synthesize.titles import (
    generic_head,
    is_head,
    name_titles,
    neutral_qualifiers,
    office_key,
    portfolios,
    title_key,
    title_lexicon,
)
from newsweave.text.eventdate import body_positions, rule_event_date, timexes_of
from newsweave.text.eventdate_memory import EventDateMemory, date_key
from newsweave.text.names import NameFinder, capitalised_words, name_key, without_possessive
from newsweave.text.parse import Parse
from newsweave.text.timex_values import temporal_lexicon
from newsweave.text.words import stop_words

TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}


@dataclass
class _Group:
    keys: set[str] = field(default_factory=set)
    forms: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)
    roles: list[tuple[str, str | None, Citation]] = field(default_factory=list)  # (title, date, citation)
    adjectives: Counter[str] = field(default_factory=Counter)  # "Turkish" for Turkey: mentions, never the name
    after_place_word: int = 0  # mentions right after "in", "at", "near" … ("in Brennick")
    as_thing: int = 0  # mentions a determiner heads ("aboard the Marrow Star, …"): a thing's name
    tagged: int = 0  # mentions the articles' entities give (not those matched across the story)
    opening: int = 0  # of those, the ones where a capital is due anyway: a sentence's start, a headline
    courtesy: int = 0  # mentions written after a word of courtesy ("Dr Moto"): a person's
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # (article, start, end) of each mention

    def absorb(self, other: _Group) -> None:
        self.keys |= other.keys
        self.forms.update(other.forms)
        self.labels.update(other.labels)
        self.articles |= other.articles
        self.roles += other.roles
        self.adjectives.update(other.adjectives)
        self.after_place_word += other.after_place_word
        self.as_thing += other.as_thing
        self.tagged += other.tagged
        self.opening += other.opening
        self.courtesy += other.courtesy
        self.spans += other.spans

    def looks_like_a_place(self) -> bool:
        """A one-word name the tagger calls a person more often than a place, but a place at
        least once, and written after "in" or "at": a town the model does not know."""
        return (
            self.label == "PERSON"
            and all(" " not in k for k in self.keys)
            and (self.labels["GPE"] + self.labels["LOC"]) > 0
            and self.after_place_word > 0
        )

    def looks_like_a_thing(self) -> bool:
        """A name the tagger mostly calls a person but at least once a place, facility or
        organisation, that the story writes, at least twice and in a ``_THING_SHARE`` of its
        tagged mentions, as a noun phrase's head after "the" or "a" ("aboard the Marrow Star at
        dawn", "crews left the Marrow Star, the coast guard said"): a vessel, rig or building,
        which people's names are not (a person's name after "the" modifies a noun: "the Varga
        administration", "the Varga and Poe campaigns"). :meth:`as_a_thing` then gives it the
        tagger's other label: a place (a facility) or an organisation."""
        other = any(n and label != "PERSON" and label in TYPES for label, n in self.labels.items())
        return self.label == "PERSON" and other and self.as_thing >= 2 and self.as_thing >= _THING_SHARE * self.tagged

    def as_a_thing(self) -> None:
        """Relabel a person-tagged thing by the tagger's most frequent other label for it (a
        facility or a town shows as a place), else as a facility."""
        others = [label for label, _ in self.labels.most_common() if label != "PERSON" and label in TYPES]
        self.labels = Counter({others[0] if others else "FAC": self.labels.total()})

    def a_persons_name(self) -> bool:
        """Whether a group's names can be a person's: most of its mentions are written without a
        digit (a virus strain, "H1N1", "H5N1"; a model, a code, are not people), and none ends
        with a company's designator ("GlaxoSmithKline Plc")."""
        digits = sum(n for form, n in self.forms.items() if any(ch.isdigit() for ch in form))
        return 2 * digits <= self.forms.total() and not self.a_company()

    def a_company(self) -> bool:
        designators = _company_designators()
        return any(form.split()[-1].lower().strip(".,") in designators for form in self.forms if " " in form)

    def not_a_person(self) -> None:
        """Relabel a group that cannot be a person by the tagger's most frequent other label for
        it, if any (else a company's name is an organisation; anything else is no actor: the
        tagger took a thing for a name)."""
        others = [label for label, _ in self.labels.most_common() if label != "PERSON"]
        fallback = "ORG" if self.a_company() else "MISC"
        self.labels = Counter({others[0] if others else fallback: self.labels.total()})

    @property
    def label(self) -> str:
        return self.labels.most_common(1)[0][0]


@lru_cache(maxsize=1)
def _company_designators() -> frozenset[str]:
    return frozenset(demonym_rules()["company_designators"])


@lru_cache(maxsize=1)
def _honorifics() -> frozenset[str]:
    """Words of courtesy written before a person's name only ("Dr", "Mrs", "Sir"), lower case, no full stop."""
    return frozenset(w.rstrip(".") for w in title_lexicon()["honorifics"])


def _after_honorific(form: str) -> bool:
    """Whether a name is written after a word of courtesy ("Dr Moto", "Ms Varr"): a person's."""
    words = form.split()
    return len(words) > 1 and words[0].lower().rstrip(".") in _honorifics()


_LOWER_THE = re.compile(r"^the\s+")
_THING_SHARE = 0.02  # people are all but never written so: the share only guards against a stray parse of the text
_DETERMINERS = frozenset(["the", "a", "an"])
_NAMED_THINGS = frozenset(["GPE", "ORG", "LOC", "FAC", "NORP"])  # entities that keep a name in "-ing" before a title
# words after which a name may still modify a noun or stand for a person: a conjunction, a
# possessive, a relative pronoun
_NOT_A_HEAD_AFTER = frozenset(["and", "or", "nor", "'s", "’s", "'", "’", "who", "whom", "whose", "which", "that"])
_NEXT_WORD = re.compile(r"\s*([\w'’-]*)")


def _date_shaped(name: str) -> bool:
    """Whether a tagged name is a date ("Tue Jun 30", a page's time stamp the tagger took for a
    name): month and weekday words and numbers only, a number among them ("June" alone may be a name)."""
    lex = temporal_lexicon()
    words = [w.strip(".,").lower() for w in name.split()]
    return any(w.isdigit() for w in words) and all(
        w.isdigit() or w in lex["months"] or w in lex["weekdays"] for w in words
    )


def _headed_by_determiner(before: str, name: str, after: str) -> bool:
    """Whether a mention is a noun phrase's head after a determiner: "the" or "a" before it (or
    in it, as tagged: "the Marrow Star") and, after it, no noun it modifies: punctuation, the end,
    or a function word ("the Marrow Star, towed by", "the Marrow Star at dawn"); not a
    conjunction, a possessive or a relative pronoun, after which the name may still modify a noun
    or stand for a person ("the Varga administration", "the Varga and Poe campaigns")."""
    words = before.lower().split()
    if not (words and words[-1] in _DETERMINERS) and name.lower().split(maxsplit=1)[0] not in _DETERMINERS:
        return False
    following = _NEXT_WORD.match(after)
    word = following.group(1) if following else ""
    if word.lower() in _NOT_A_HEAD_AFTER:
        return False  # "the Varga and Poe campaigns", "the Varga's", "the Varga who …": the name may modify
    return not word or word.islower() and word in stop_words()


def _display_name(forms: Counter[str]) -> str:
    """The fullest form (its "the" not counted), then one without "the", then the most frequent,
    then the one with diacritics ("the Democratic National Committee" before "DNC").

    The form is shown without a possessive ending ("the Council's" -> "the Council") and without
    a lower-case article the tagger took into the name ("the Defense Ministry" -> "Defense
    Ministry"); a capitalised one ("The Times of Valmora") may be part of the name and stays."""

    def rank(form: str) -> tuple[int, bool, bool, int, int]:
        bare = form.lower().startswith("the ")
        words = tidy_name(form).split()
        # a dateline's capitals ("SAN DIEGO ―", "PELLIN ―"), shown only when there is no other form
        shouted = form.isupper() and (len(words) > 1 or _EDGE_DASHES.search(form) is not None)
        return (len(words) - bare, not bare, not shouted, forms[form], sum(ord(ch) > 127 for ch in form))

    best = max(forms, key=rank)
    shown = tidy_name(_LOWER_THE.sub("", without_possessive(best)))
    return shown or best


_SPACED_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")
_EDGE_DASHES = re.compile(r"^[\s―—–-]+|[\s―—–-]+$")


def tidy_name(form: str) -> str:
    """A name as shown: a hyphen the tokeniser spaced closed up ("Kim Jong - un" -> "Kim Jong-un")
    and a dash at either end left out ("SAN DIEGO ―" of a dateline)."""
    return _EDGE_DASHES.sub("", _SPACED_HYPHEN.sub("-", form))


@lru_cache(maxsize=1)
def place_prepositions() -> frozenset[str]:
    """Words after which a name is a place ("in", "at", "near"), from the quote rules' data (the
    quote finder takes them from here too)."""
    data = json.loads(resources.files("newsweave.rules").joinpath("quotes_en.json").read_text("utf-8"))
    return frozenset(data["place_prepositions"])


def _word_before(text: str) -> str:
    """The word before a mention, "the" passed over ("at the Brennick dam" -> "at")."""
    words = text.lower().split()
    if words and words[-1] == "the":
        words.pop()
    return words[-1] if words else ""


def _initials(key: str, stop: frozenset[str]) -> str:
    """A full name's initials, its hyphenated words each counted ("Asia-Pacific Economic
    Cooperation" -> "apec")."""
    return "".join(w[0] for w in name_tokens(key) if w not in stop)


def _outlet_names(outlet: str | None) -> tuple[str, ...]:
    """The name keys an outlet is written by: its name ("the Guardian" -> "guardian") and its
    initials ("Associated Press" -> "ap")."""
    if not outlet:
        return ()
    key = name_key(outlet)
    words = key.split()
    return (key, "".join(w[0] for w in words)) if len(words) > 1 else (key,)


def _self_reference(key: str, outlet: tuple[str, ...]) -> bool:
    """Whether a name of an article is its own outlet's (bylines, credits, "the BBC's health
    correspondent", "BBC News"): the outlet's name, initials or a name that begins with its name.
    The outlet publishes the story; another outlet naming it is news of it and counts."""
    return bool(outlet) and (key in outlet or key.startswith(outlet[0] + " "))


_ACRONYM_AFTER = re.compile(
    r"^(?:,\s+(?:or\s+)?|\s+\(|\s+or\s+)(?:the\s+)?(?P<acronym>[A-Z][A-Z.&]{1,9})(?=[\s,.;:)]|$)"
)


def _written_acronyms(material: StoryMaterial, read: dict[str, ArticleMentions]) -> dict[str, set[str]]:
    """Acronyms the story writes right after an organisation's or a place's full name, in
    brackets or an apposition ("the Veldmark Workers Party, or PVV,", "Veldmark Workers Party
    (PVV)"), by key: acronym -> full name. Whatever their initials, as long as the acronym's
    letters are among the name's initials (a name in another language's word order); an acronym
    written after several full names joins them all: they are that organisation's names
    ("Veldish Workers Party, or PVV", "Veldmark Workers Party, PVV")."""
    found: dict[str, set[str]] = defaultdict(set)
    for article in material.articles:
        sentences = {s.index: s for s in material.sentences.get(article.id, [])}
        for m in read[article.id].mentions:
            sent = sentences.get(m.sentence) if m.sentence is not None else None
            if sent is None or m.label == "PERSON" or len(name_tokens(m.key)) < 2:
                continue
            after = _ACRONYM_AFTER.match(sent.text[m.end - sent.start :])
            if after is None:
                continue
            acronym = name_key(after.group("acronym"))
            initials = {w[0] for w in name_tokens(m.key)}
            if len(acronym) >= 2 and set(acronym) <= initials:
                found[acronym].add(m.key)
    return dict(found)


def _merge_acronyms(
    groups: dict[str, _Group], dominance: float, written: dict[str, set[str]], lower: _LowerCase
) -> dict[str, _Group]:
    """An organisation's acronym joins its full name ("NATO" / "North Atlantic Treaty Organization"):
    the one the story writes it after (``written``: :func:`_written_acronyms`), else the one full
    name of the story with those initials, or one mentioned ``dominance`` times as often as any
    other (:func:`~newsweave.synthesize.actor_names.pick`). An acronym written as a word ("Iata")
    joins only the one full name with its initials, and never as a common word of the story
    (``lower``) or a person's name."""
    stop = frozenset(demonym_rules()["acronym_stop"])
    by_initials: dict[str, list[str]] = defaultdict(list)  # full names (never joined away here) by initials
    for key in groups:
        if " " in key:
            by_initials[_initials(key, stop)].append(key)
    for key in list(groups):
        group = groups.get(key)
        if group is None or " " in key or not 2 <= len(key) <= 8:
            continue
        capitals = any(form.isupper() for form in group.forms)
        # an acronym some outlets write as a word ("Iata", "Nato"): no common word, no person's name
        as_word = not capitals and group.label != "PERSON" and not any(lower.count(f) for f in group.forms)
        if not capitals and not as_word:
            continue
        fulls_written = written.get(key, set())
        owners = sorted(
            (k for k, g in groups.items() if k != key and g.label != "PERSON" and not fulls_written.isdisjoint(g.keys)),
            key=lambda k: (-groups[k].forms.total(), k),
        )
        target = owners[0] if owners else None
        for other in owners[1:]:
            groups[owners[0]].absorb(groups.pop(other))
        if target is None:
            fulls = [k for k in by_initials.get(key, ()) if k in groups and groups[k].label != "PERSON"]
            target = pick(fulls, groups, dominance) if capitals or len(fulls) == 1 else None
        if target is not None:
            groups[target].absorb(groups.pop(key))
    return groups


def _people_by_courtesy(groups: dict[str, _Group]) -> dict[str, _Group]:
    """A name written after a word of courtesy ("Dr Moto", "Ms Varr") is a person's, and so
    is a full name it ends ("Daiki Moto", "Nicola Varr"), whatever the tagger called them
    most often: a small tagger takes many people for organisations. A surname joins its full name
    next (:func:`~newsweave.synthesize.actor_names.merge_people`)."""
    courteous = {key for key, group in groups.items() if group.courtesy and len(name_tokens(key)) == 1}
    for key, group in groups.items():
        if group.label == "PERSON" or not group.a_persons_name():
            continue
        tokens = name_tokens(key)
        if group.courtesy or len(tokens) > 1 and tokens[-1] in courteous and group.labels["PERSON"]:
            group.labels = Counter({"PERSON": group.labels.total()})
    return groups


def _merge_demonyms(groups: dict[str, _Group]) -> dict[str, _Group]:
    """A nationality adjective tagged NORP ("Turkish") counts for the state ("Turkey") if it is an actor."""
    for key in list(groups):
        group = groups.get(key)
        if group is None or group.label != "NORP":
            continue
        state = demonym_state(key)
        state_key = name_key(state) if state else None
        # the state's group, whichever of its names it is kept under ("Britain" in "United Kingdom")
        target = next((k for k, g in groups.items() if state_key and state_key in g.keys), None)
        if target and groups[target].label in ("GPE", "LOC"):
            moved = groups.pop(key)
            groups[target].adjectives.update(moved.forms)
            groups[target].articles |= moved.articles
            groups[target].keys |= moved.keys
            groups[target].spans += moved.spans
            # the state's name and type stay by its own mentions
    return groups


def _title_mentions(material: StoryMaterial, found: list[ResolvedActor]) -> None:
    """Count "the defense minister" as a mention of the person the story gives that role: the one
    the article named last among those who hold it, else the only holder in the story (titles of
    two words or more: "the president" alone, before any president is named, stays no one's)."""
    by_title: dict[str, list[ResolvedActor]] = defaultdict(list)
    for item in found:
        for title in item.titles or [role.title for role in item.actor.roles]:
            key = title_key(title)
            if key and item not in by_title[key]:
                by_title[key].append(item)
    if not by_title:
        return
    pattern = re.compile(r"\bthe (" + "|".join(re.escape(k) for k in sorted(by_title, key=len, reverse=True)) + r")\b")
    # where each holder is mentioned, by article: sorted starts (a title mention found is one too)
    starts: dict[int, dict[str, list[int]]] = {}
    for holders in by_title.values():
        for h in holders:
            if id(h) not in starts:
                starts[id(h)] = defaultdict(list)
                for a, a_start, _ in h.spans:
                    starts[id(h)][a].append(a_start)
                for found_starts in starts[id(h)].values():
                    found_starts.sort()
    for article in material.articles:
        for sent in material.sentences.get(article.id, []):
            for m in pattern.finditer(sent.text.lower().replace("’", "'")):
                holders = by_title[m.group(1)]
                start = sent.start + m.start()
                named = []  # (the holder's last mention before this one, which holder)
                for k, h in enumerate(holders):
                    before = starts[id(h)].get(article.id, [])
                    at = bisect_left(before, start)
                    if at:
                        named.append((before[at - 1], k))
                if named:
                    item = holders[max(named)[1]]
                elif len(holders) == 1 and len(m.group(1).split()) >= 2:
                    item = holders[0]
                else:
                    continue
                item.actor.mentions += 1
                item.spans.append((article.id, start, sent.start + m.end()))
                insort(starts[id(item)][article.id], start)
                form = "the " + m.group(1)
                if form not in item.actor.aliases:
                    item.actor.aliases.append(form)


def _role_timeline(
    found: list[tuple[str, str | None, Citation]], holders: _Holders | None = None, limit: int = 5
) -> list[Role]:
    """One role per title (case-insensitive), dated by the earliest article stating it, oldest
    first; a title that is the last words of one more precise title is that role, shown in the
    more precise form ("operations director" -> "water authority's operations director"); and
    one office written several ways is one role, shown in its longest form ("WHO's
    director-general", "director general of the World Health Organization", "WHO chief": see
    :func:`_one_office`; ``holders`` tells which names of organisations and places are one)."""
    keys = {title_key(title) for title, _, _ in found}
    canonical = {key: _more_precise(key, keys) for key in keys}
    shown: dict[str, str] = {}
    for title, _, _ in found:
        shown.setdefault(title_key(title), title)
    written = Counter(canonical[title_key(title)] for title, _, _ in found)
    offices = _one_office({key: shown[key] for key in set(canonical.values())}, holders or _Holders({}), written)
    canonical = {key: offices[target] for key, target in canonical.items()}
    for key in set(offices.values()):  # the longest way the story writes the office
        shown[key] = max((shown[k] for k, t in offices.items() if t == key), key=lambda t: (len(t), t == shown[key]))
    by_title: dict[str, Role] = {}
    for title, as_of, citation in sorted(found, key=lambda r: (r[1] or "9999", r[2].article, r[2].sentence)):
        key = canonical[title_key(title)]
        role = by_title.setdefault(key, Role(shown[key], as_of, []))
        if len(role.citations) < limit and citation not in role.citations:
            role.citations.append(citation)
    _undate_recalled(by_title)
    return sorted(by_title.values(), key=lambda r: (r.as_of or "9999", r.title))


class _Holders:
    """The story's organisations and places by the keys of all their names, to tell that two
    titles' holders are one ("WHO", "World Health Organisation"; "Malaysian", "Malaysia")."""

    def __init__(self, owner_of: dict[str, str]) -> None:
        self.owner_of = {**owner_of, **{spelling_key(k): o for k, o in owner_of.items()}}

    def known(self, phrase: str) -> bool:
        return name_key(phrase) in self.owner_of

    def __call__(self, holder: str) -> str:
        """The story's actor a holder names, else the holder's name in one spelling: by any of its
        names, a nationality by its state, a name after a country's ("US CDC"), or the start of
        one name ("Centers for Disease Control" of "… and Prevention")."""
        if not holder:
            return ""
        key = spelling_key(name_key(holder))
        words = key.split()
        state = demonym_state(key)
        candidates = [key, name_key(state) if state else ""]
        if len(words) > 1 and (words[0] in nationalities() or words[0] in self.countries):
            candidates.append(" ".join(words[1:]))  # "us cdc" -> "cdc"
        for candidate in candidates:
            if candidate in self.owner_of:
                return self.owner_of[candidate]
        for candidate in (c for c in candidates if len(c.split()) > 1):
            starting = {o for k, o in self.owner_of.items() if k.startswith(candidate + " ")}
            if len(starting) == 1:
                return starting.pop()
        return key

    @property
    def countries(self) -> frozenset[str]:
        return frozenset(name_key(c) for c in title_lexicon()["country_abbreviations"])


def _one_office(titles: dict[str, str], holders: _Holders, counts: Counter[str] | None = None) -> dict[str, str]:
    """Title key -> the key of the role it is: titles naming one office at one holder are one role
    (:func:`~newsweave.synthesize.titles.office_key`, the holders compared by ``holders``); an office
    with no holder is the one office of that name the person holds somewhere, when there is one
    ("Director-General"), or the one ``counts`` shows written ``_OFFICE_DOMINANCE`` times as often as
    any other; a generic one ("head of X", "X chief") is the one office the person holds at that
    holder, when there is one. Never across a time qualifier ("former", "acting")."""
    counts = counts or Counter()
    offices = {}
    for key, title in titles.items():
        when, office, holder = office_key(title, holders.known)
        offices[key] = (when, " ".join(spelling(w) for w in office.split()), holders(holder))
    by_office: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for key in sorted(titles, key=lambda k: (-len(k), k)):
        if offices[key][1]:
            by_office[offices[key]].append(key)
    target = {key: key for key in titles}
    for keys in by_office.values():
        for key in keys:
            target[key] = keys[0]
    for key, (when, office, holder) in offices.items():
        if not office or target[key] != key:
            continue
        if not holder:
            held = {o for o in by_office if o[0] == when and o[1] == office and o[2]}
        elif generic_head(office):  # "head of the agency" is its acting director too, not its former one
            held = {
                o
                for o in by_office
                if (o[0] == when or not when and o[0] != "former") and o[2] == holder and not generic_head(o[1])
            }
        else:
            continue
        weight = {o: sum(counts[k] for k in by_office[o]) for o in held}
        ranked = sorted(held, key=lambda o: -weight[o])
        if len(ranked) > 1 and weight[ranked[0]] >= _OFFICE_DOMINANCE * weight[ranked[1]]:
            held = {ranked[0]}
        if len(held) == 1:
            chosen = by_office[held.pop()][0]
            for other, was in target.items():
                if was == key:
                    target[other] = chosen
    return target


_OFFICE_DOMINANCE = 3  # times as often as another office of that name for an office's bare title to be it


def _undate_recalled(by_title: dict[str, Role]) -> None:
    """Leave undated a role the story calls a former one at the same date or before ("former FBI
    director" on 19 April, "FBI director" on 30 April in "when he fired X, the FBI director"): the
    later sentence recalls the office; its article's date is no date the person held it."""
    ended = {"former", "ex", "late", *title_lexicon()["ending_qualifiers"]}
    for key, role in by_title.items():
        if role.as_of is None:
            continue
        for other_key, other in by_title.items():
            words = other_key.replace("ex-", "ex ").split()
            if words[-len(key.split()) :] != key.split() or len(words) == len(key.split()):
                continue
            if ended & set(words[: -len(key.split())]) and other.as_of is not None and other.as_of <= role.as_of:
                role.as_of = None
                break


def _more_precise(key: str, keys: set[str]) -> str:
    """The longest of ``keys`` that ends with ``key`` when all that do are nested ("director",
    "operations director" -> "water authority's operations director"), else ``key``. Never across a
    qualifier that changes the role in time ("former defense minister" is not "defense minister")."""
    qualifiers = neutral_qualifiers()
    longer = [
        k
        for k in keys
        if k.endswith(" " + key)
        and not qualifiers & set(k[: -len(key)].replace("-", " ").split())
        and not _another_office(k[: -len(key)].split(), key)
    ]
    if not longer:
        return key
    longest = max(longer, key=len)
    return longest if all(k == longest or longest.endswith(" " + k) for k in longer) else key


def _another_office(extra: list[str], key: str) -> bool:
    """Whether the words before a title in a longer one make that a different office: a title
    word of their own, whose complement the title is ("nominee to serve as secretary of state",
    "adviser to the president"), or one of several words with the title's first ("vice" of
    "vice president"): then the longer is not the same role put more precisely."""
    lex = title_lexicon()
    words = [re.sub(r"['’]s$", "", w).strip(",.") for w in extra]
    if any(is_head(w) or w in lex["complement_prepositions"] or w == "as" for w in words if w):
        return True
    return bool(extra) and f"{extra[-1]} {key.split()[0]}" in lex["heads_set"]


_LOWER_WORD = re.compile(r"(?<![\w'’./@-])[a-z][a-z'’-]*(?![\w'’-]|\.\w)")  # not in an address
_TITLE_CASE_SHARE = 0.6  # of a line's words of four letters or more capitalised: a headline's title case


class _LowerCase:
    """How often the story writes words and phrases in lower case: a form it also writes so
    ("How", "People", "Swine Flu" beside "how", "people", "swine flu") is a common word or phrase,
    capitalised where a sentence or a headline begins, not a name."""

    def __init__(self, material: StoryMaterial) -> None:
        self.text = "\n".join(s.text for sents in material.sentences.values() for s in sents)
        self.words = Counter(_LOWER_WORD.findall(self.text))
        self.phrases: dict[str, int] = {}

    def count(self, form: str) -> int:
        """How often the story writes ``form`` in lower case (0 for an acronym: "WHO" is no "who")."""
        if form.isupper() and len(form) > 1:
            return 0
        lowered = tidy_name(without_possessive(form)).lower()
        words = lowered.split()
        if not words or any(w not in self.words for w in words):
            return 0
        if len(words) == 1:
            return self.words[lowered]
        if lowered not in self.phrases:
            pattern = re.compile(r"(?<![\w'’./@-])" + re.escape(lowered).replace("\\ ", r"\s+") + r"(?![\w’-]|\.\w)")
            self.phrases[lowered] = sum(1 for _ in pattern.finditer(self.text))
        return self.phrases[lowered]


def _opens_or_title_case(text: str, at: int) -> bool:
    """Whether the word at ``at`` opens its sentence or a quotation, or stands in a line written
    in title case (a headline), where a capital says nothing of a name."""
    before = text[:at].rstrip()
    if not re.search(r"\w", before) or before[-1] in '“"‘:(—–':
        return True
    long_words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) >= 4]
    return bool(long_words) and sum(w[:1].isupper() for w in long_words) >= _TITLE_CASE_SHARE * len(long_words)


def _story_mentions(
    material: StoryMaterial, groups: dict[str, _Group], read: dict[str, ArticleMentions], lower: _LowerCase
) -> None:
    """Mentions of the story's names where no entity was tagged: the tagger reads only an
    article's lead and the annotator matches only that article's names further on, so a name one
    article's lead gives ("Brennick") is found in another article's tenth paragraph too. Names of
    three letters or more, written as tagged (case-sensitive), never inside another entity (a
    surname that is also a month stays a date: "May 3"). They begin with a capital, so they are
    looked for only where a word does (each article's words kept in ``read``). A one-word form the
    story also writes in lower case ("How", "Flu", "People": ``lower``) is a common word wherever
    a capital is due anyway: it is not looked for at the start of a sentence or a quotation, nor
    in a headline's title case."""
    names: dict[str, str] = {}
    common: set[str] = set()
    for key, group in groups.items():
        if group.label not in TYPES:
            continue
        for form in group.forms:
            if len(form) >= 3 and form[:1].isupper():
                names.setdefault(form, key)
                if " " not in form.strip() and lower.count(form):
                    common.add(form)
    if not names:
        return
    find = NameFinder(names)
    for article in material.articles:
        outlet = _outlet_names(article.outlet)
        capitals = read[article.id].capitals
        taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for ent in material.entities.get(article.id, []):
            taken[ent.sentence].append((ent.start, ent.end))
        for sent in material.sentences.get(article.id, []):
            words = capitals.get(sent.index)
            if not words:
                continue
            spans = taken.get(sent.index, [])
            for name, begin, finish in find.among(sent.text, words):
                if name in common and _opens_or_title_case(sent.text, begin):
                    continue
                if outlet and _self_reference(name_key(name), outlet):
                    continue
                start, end = sent.start + begin, sent.start + finish
                if any(start < e and s < end for s, e in spans):
                    continue
                group = groups[names[name]]
                group.forms[name] += 1
                group.labels[group.label] += 1
                group.articles.add(article.id)
                group.spans.append((article.id, start, end))


_CALENDAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


class _RoleDates:
    """When a role stated in a sentence held: the date of the event the sentence tells when it is
    earlier than the article's date, or the article has none ("the 2015 agreement made by President
    X", a caption "in 2011"): the sentence recalls the past; else the article's date. The event
    date is the one the timeline found (``memory``, by the parse and the learned model), else the
    rules' without a parse (:func:`~newsweave.text.eventdate.rule_event_date`); only sentences
    with a temporal expression are read. The event date says when the title held only when it is
    the sentence's one date and no comma stands between it and the titled name: a date in an
    apposition or a relative clause ("X, a lawyer first elected in 2010, arrived") tells of
    something else than the title before the name, so such a role keeps the article's date."""

    def __init__(self, material: StoryMaterial, memory: EventDateMemory | None) -> None:
        self.material, self.memory = material, memory
        self.sentences = {a: {s.index: s for s in sents} for a, sents in material.sentences.items()}
        self.positions: dict[str, dict[int, int]] = {}
        self.found: dict[tuple[str, int], str | None] = {}

    def __call__(self, citation: Citation, published: str | None, span: tuple[int, int] | None = None) -> str | None:
        at = (citation.article, citation.sentence)
        if at not in self.found:
            self.found[at] = self._event(citation, published)
        event = self.found[at]
        if event is None or not _CALENDAR.match(event):
            return published  # no date, or none of the calendar ("2018-SU", "PAST_REF")
        if published is not None and not event < published[: len(event)]:
            return published
        if span is not None and not self._dates_the_name(citation, span):
            return published
        return event

    def _dates_the_name(self, citation: Citation, span: tuple[int, int]) -> bool:
        """Whether the sentence's one dated temporal expression and the name at ``span`` (article
        offsets) stand with no comma between them."""
        sent = self.sentences.get(citation.article, {}).get(citation.sentence)
        if sent is None:
            return False
        dated = [t for t in timexes_of(self.material.entities.get(citation.article, []), sent) if t.value]
        if len(dated) != 1:
            return False
        # the timex's offsets are the sentence's
        timex, start, end = dated[0], span[0] - sent.start, span[1] - sent.start
        lo, hi = (timex.end, start) if timex.end <= start else (end, timex.start)
        return "," not in sent.text[max(0, lo) : max(0, hi)]

    def _event(self, citation: Citation, published: str | None) -> str | None:
        sent = self.sentences.get(citation.article, {}).get(citation.sentence)
        if sent is None:
            return None
        timexes = timexes_of(self.material.entities.get(citation.article, []), sent)
        if not any(t.value for t in timexes):
            return None
        if self.memory is not None:
            if citation.article not in self.positions:
                self.positions[citation.article] = body_positions(self.material.sentences[citation.article])
            key = date_key(sent.text, timexes, published, self.positions[citation.article].get(sent.index))
            known = self.memory.known([key])
            if key in known:
                return known[key]
        return rule_event_date(sent.text, timexes, published, None)


@lru_cache(maxsize=1)
def _relative_pattern() -> re.Pattern[str]:
    """The pattern "<Name>'s <relative>, <One-word name>" ("Brannock's son, Teodor,"; "Park's younger
    sister, Mi Rae" has a name of two words and is not read)."""
    nouns = "|".join(re.escape(w) for w in sorted(title_lexicon()["relative_nouns"], key=len, reverse=True))
    return re.compile(
        r"(?P<owner>\b[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)(?:'s|’s)\s+(?:[a-z][\w-]*\s+){0,2}(?:"
        + nouns
        + r"),\s+(?P<name>[A-Z][\w'’-]+)(?![\w'’-]|\s+[A-Z])"
    )


def _leave_out_relatives(material: StoryMaterial, groups: dict[str, _Group]) -> None:
    """Leave out of an actor a mention by one name that names the actor's relative: "Brannock's
    son, Teodor," where "Teodor" joined "Teodor Brannock", the one "Brannock" names too (the
    son bears the father's names). Only when the possessor is that actor: "Wladimir Klitschko's
    brother, Vitali" is "Vitali Klitschko"."""
    owner_of = {key: owner for owner, group in groups.items() for key in group.keys}
    for article in material.articles:
        for sent in material.sentences.get(article.id, []):
            for found in _relative_pattern().finditer(sent.text):
                possessor = owner_of.get(name_key(found.group("owner")))
                group = groups.get(possessor) if possessor else None
                span = (article.id, sent.start + found.start("name"), sent.start + found.end("name"))
                if group is None or span not in group.spans:
                    continue
                group.spans.remove(span)
                form = found.group("name")
                if group.forms[form] > 0:
                    group.forms[form] -= 1
                group.forms = +group.forms


def _common_phrase(name: str, group: _Group, lower: _LowerCase) -> bool:
    """Whether an actor's name is a common word or phrase of the story, capitalised where a
    sentence or a headline begins: the story writes it in lower case at least as often as the
    tagger took it for a name, and twice at least; and the tagger calls it a person (no person's
    name is a common phrase: "Swine Flu") or most of its mentions stand where a capital is due
    anyway ("People", "Countries"; not "Parliament", "Police" written so inside sentences: an
    institution's name)."""
    written = lower.count(name)
    if written < _COMMON_AT_LEAST or written < group.tagged:
        return False
    return group.label == "PERSON" or 2 * group.opening > group.tagged


_COMMON_AT_LEAST = 2


@dataclass
class ResolvedActor:
    """An actor and where the story mentions it: (article id, start, end) in the article's text
    as annotated (the offsets of :class:`~newsweave.records.Entity`)."""

    actor: Actor
    spans: list[tuple[str, int, int]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # every title its roles were written as


def extract_actors(
    material: StoryMaterial,
    config: SynthesizeSettings,
    *,
    everyone: bool = False,
    parse: Parse | None = None,
    memory: MentionMemory | None = None,
    event_dates: EventDateMemory | None = None,
) -> list[Actor]:
    """The story's actors, most mentioned first, at most ``config.actors_max`` (all with
    ``everyone``), with their roles. The story page shows those :func:`rank_actors` picks once
    the quotes are known.

    With ``parse`` (the dependency parser) a person the rules give no role in a sentence that
    holds a title word is looked at again in that sentence's parse (appositions, appointments,
    predicates: :func:`newsweave.synthesize.role_parse.parsed_roles`); only those sentences are parsed."""
    resolved = resolve_actors(material, config, parse=parse, memory=memory, event_dates=event_dates)
    actors = [item.actor for item in resolved]
    return actors if everyone else actors[: config.actors_max]


def rank_actors(actors: list[Actor], quotes: list[StoryQuote], limit: int) -> list[Actor]:
    """The ``limit`` actors a story page shows, most central first: by the articles that mention
    each and those that quote it (a speaker's name or one of its aliases), not by mentions, which
    places and datelines swell ("Mexico" 1,283 times, the most quoted official 50). People take
    at least half the places (``_PEOPLE_SHARE_PERCENT``) when the story has that many: who acts and speaks is
    what a reader looks for first; the rest are the most central others."""
    by_name: dict[str, int] = {}
    for i, actor in enumerate(actors):
        for name in (actor.name, *actor.aliases):
            by_name.setdefault(name_key(name), i)
    quoted: dict[int, set[str]] = defaultdict(set)
    for quote in quotes:
        at = by_name.get(name_key(quote.speaker)) if quote.speaker else None
        if at is not None:
            quoted[at] |= {c.article for c in quote.citations}
    score = {i: actor.articles + len(quoted[i]) for i, actor in enumerate(actors)}
    order = sorted(range(len(actors)), key=lambda i: (-score[i], -actors[i].mentions, actors[i].name))
    people = [i for i in order if actors[i].type == "person"][: -(-limit * _PEOPLE_SHARE_PERCENT // 100)]
    chosen = set(people)
    chosen |= set([i for i in order if i not in chosen][: max(0, limit - len(chosen))])
    return [actors[i] for i in order if i in chosen]


_PEOPLE_SHARE_PERCENT = 50  # of a story's shown actors kept for its people, when it has as many


def article_mentions(
    material: StoryMaterial, parse: Parse | None = None, memory: MentionMemory | None = None
) -> dict[str, ArticleMentions]:
    """What each article of the story gives its actors, read from the article alone
    (:class:`~newsweave.synthesize.actor_memory.ArticleMentions`), by article id. With ``memory``,
    the articles it knows (unchanged since) are not read again, and those read are added to it
    (not those whose sentences the parse was asked for and gave nothing: no parser was loaded)."""
    read: dict[str, ArticleMentions] = {}
    todo = []
    for article in material.articles:
        sentences = material.sentences.get(article.id, [])
        entities = material.entities.get(article.id, [])
        digest = article_digest(sentences, entities)
        kept = memory.known(article.id, digest) if memory is not None else None
        if kept is not None:
            read[article.id] = kept
        else:
            todo.append((article.id, digest, sentences, entities))
    # (article, mention, sentence text, start, end, places' and organisations' offsets) to parse
    pending: list[tuple[str, int, str, int, int, tuple[tuple[int, int], ...]]] = []
    made: dict[str, tuple[str, list[Mention], dict[int, tuple[tuple[int, str], ...]]]] = {}
    for article_id, digest, sentences, entities in todo:
        mentions = _mentions(sentences, entities, parse, pending, article_id)
        capitals = {s.index: words for s in sentences if (words := tuple(capitalised_words(s.text)))}
        made[article_id] = (digest, mentions, capitals)
    unparsed: set[str] = set()
    if pending and parse is not None:
        texts = list(dict.fromkeys(text for _, _, text, _, _, _ in pending))
        trees = dict(zip(texts, parse(texts), strict=True))
        for article_id, at, text, start, end, names in pending:
            if not trees[text]:
                unparsed.add(article_id)
            mentions = made[article_id][1]
            parsed = tuple(shown(r) for r in roles_in_sentence(text, start, end, trees[text], names))
            mentions[at] = replace(mentions[at], parsed_titles=parsed)
    for article_id, (digest, mentions, capitals) in made.items():
        read[article_id] = ArticleMentions(digest, tuple(mentions), capitals)
    if memory is not None:
        memory.reused, memory.read = len(read) - len(made), len(made)
        memory.add({a: read[a] for a in made if a not in unparsed})
    return read


_LOWER_PREFIX = re.compile(r"^(?:[a-z]+-)+(?=[A-Z])")


def _without_lower_prefix(ent: Entity) -> Entity:
    """An entity without the lower-case prefix joined to it by a hyphen ("pro-Kessler",
    "anti-Dorval" -> "Kessler", "Dorval"): an adjective made of a name, whose name is the
    mention; a prefix kept would make it a name of two words."""
    prefix = _LOWER_PREFIX.match(ent.text)
    if prefix is None:
        return ent
    return replace(ent, text=ent.text[prefix.end() :], start=ent.start + prefix.end())


def _from_inner_honorific(ent: Entity) -> Entity:
    """A person's entity from a word of courtesy after its first word on, when the word before it
    comes again after it ("Hale Mr Hale", "Ruiz Dr Ana Ruiz" -> "Mr Hale", "Dr Ana Ruiz"): two
    mentions run together where a sentence or a caption ended without a stop; kept whole, the run
    would be a name of its own that takes the person's other mentions. A title inside a name
    that does not repeat ("Omar Sheikh Ali", "Ada Lord Fenn") is part of the name."""
    words = list(re.finditer(r"\S+", ent.text))
    for n in range(len(words) - 2, 0, -1):
        before, word = words[n - 1].group().rstrip(".,"), words[n].group().lower().rstrip(".")
        if word in _honorifics() and before in {w.group().rstrip(".,") for w in words[n + 1 :]}:
            at = words[n].start()
            return replace(ent, text=ent.text[at:], start=ent.start + at)
    return ent


def _mentions(
    sentences: list[Sentence],
    entities: list[Entity],
    parse: Parse | None,
    pending: list[tuple[str, int, str, int, int, tuple[tuple[int, int], ...]]],
    article_id: str,
) -> list[Mention]:
    """The mentions of one article's entities (:class:`~newsweave.synthesize.actor_memory.Mention`);
    a person's mention the rules give no role, in a sentence worth parsing, is added to ``pending``
    when there is a ``parse`` (the story's are parsed in one call)."""
    not_actors = portfolios()  # "Defense" of "Defense Minister X", tagged ORG by the NER model
    place_words = place_prepositions()
    title_words = name_titles()
    by_index = {s.index: s for s in sentences}
    named: dict[int, list[tuple[int, int]]] = defaultdict(list)  # sentence -> places' and organisations' spans
    for ent in entities:
        if ent.label in _NAMED_THINGS:
            named[ent.sentence].append((ent.start, ent.end))
    mentions: list[Mention] = []
    for ent in entities:
        if ent.label not in TYPES and ent.label != "NORP":
            continue
        if not any(ch.isupper() for ch in ent.text):
            continue  # a common word the tagger took for a name ("state television"), no name's mention
        ent = _without_lower_prefix(ent)
        if ent.label == "PERSON" and "/" in ent.text:
            continue  # a photo credit run into a name ("Ann Lo/AP Arlen Vosk"): no one's name
        if ent.label == "PERSON":
            ent = _from_inner_honorific(ent)
        if ent.label != "PERSON" and _after_honorific(ent.text):
            ent = replace(ent, label="PERSON")  # "Dr Moto" tagged an organisation
        key = name_key(without_title(ent.text, title_words) if ent.label == "PERSON" else ent.text)
        if len(key) < 2 or key.isdigit() or (ent.label == "ORG" and key in not_actors) or _date_shaped(ent.text):
            continue
        mention = Mention(key, ent.text.strip(), ent.label, ent.start, ent.end)
        sent = by_index.get(ent.sentence)
        if sent is None or not sent.start <= ent.start < sent.end:
            mentions.append(mention)
            continue
        local = ent.start - sent.start
        titles: tuple[str, ...] = ()
        if ent.label == "PERSON":
            names = tuple((a - sent.start, b - sent.start) for a, b in named.get(sent.index, ()))
            titles = tuple(shown(r) for r in roles_in_sentence(sent.text, local, local + len(ent.text), names=names))
            if parse is not None and (
                not titles and worth_parsing(sent.text) or parse_decides(sent.text, local, local + len(ent.text), names)
            ):  # no role by the rules, or one whose first word only the parse can tell
                pending.append((article_id, len(mentions), sent.text, local, local + len(ent.text), names))
                titles = ()
        mentions.append(
            replace(
                mention,
                sentence=sent.index,
                after_place_word=_word_before(sent.text[:local]) in place_words,
                as_thing=_headed_by_determiner(sent.text[:local], ent.text, sent.text[local + len(ent.text) :]),
                titles=titles,
            )
        )
    return mentions


def resolve_actors(
    material: StoryMaterial,
    config: SynthesizeSettings,
    *,
    parse: Parse | None = None,
    memory: MentionMemory | None = None,
    event_dates: EventDateMemory | None = None,
) -> list[ResolvedActor]:
    """All the story's actors, most mentioned first, each with the spans of its mentions (what
    :func:`extract_actors` shows; the actor benchmark scores the spans).

    Each article is read alone first (:func:`article_mentions`; with ``memory``, only the articles
    whose mentions it does not know), then what every article gave is merged, oldest article first.
    A role is dated by its article, or by the event its sentence tells when that is earlier
    (:class:`_RoleDates`; ``event_dates``: the dates the timeline found, else the rules')."""
    read = article_mentions(material, parse, memory)
    groups: dict[str, _Group] = defaultdict(_Group)
    parsed: list[tuple[_Group, str, str | None, Citation]] = []  # roles the parse gave, added after the rules'
    when = _RoleDates(material, event_dates)
    for article in material.articles:
        outlet = _outlet_names(article.outlet)
        sentences = {s.index: s for s in material.sentences.get(article.id, [])}
        for m in read[article.id].mentions:
            if _self_reference(m.key, outlet):
                continue
            group = groups[m.key]
            group.keys.add(m.key)
            group.forms[m.form] += 1
            group.labels[m.label] += 1
            group.articles.add(article.id)
            group.spans.append((article.id, m.start, m.end))
            group.courtesy += m.label == "PERSON" and _after_honorific(m.form)
            if m.sentence is None:
                continue
            group.after_place_word += m.after_place_word
            group.tagged += 1
            sent = sentences.get(m.sentence)
            if sent is not None and _opens_or_title_case(sent.text, m.start - sent.start):
                group.opening += 1
            group.as_thing += m.as_thing
            citation = Citation(article.id, m.sentence)
            dated = when(citation, article.published, (m.start, m.end)) if m.titles or m.parsed_titles else None
            for title in m.titles:
                group.roles.append((title, dated, citation))
            parsed += [(group, title, dated, citation) for title in m.parsed_titles]
    for group, title, dated, citation in parsed:
        group.roles.append((title, dated, citation))
    lower = _LowerCase(material)
    if config.actor_story_names:
        _story_mentions(material, groups, read, lower)
    dominance = config.actor_dominance
    merged = _people_by_courtesy(merge_variants(merge_spellings(dict(groups))))
    merged = merge_given_names(merge_people(merged, dominance), dominance)
    merged = merge_short_organisations(merged, dominance, demonym_rules()["acronym_stop"])
    merged = _merge_demonyms(
        merge_state_names(_merge_acronyms(merged, dominance, _written_acronyms(material, read), lower))
    )
    _leave_out_relatives(material, merged)
    holders = _Holders({k: owner for owner, g in merged.items() if g.label != "PERSON" for k in g.keys})
    for group in merged.values():
        if group.label == "PERSON" and not group.a_persons_name():
            group.not_a_person()
        if group.looks_like_a_place():
            group.labels = Counter({"GPE": group.labels.total()})
        elif group.looks_like_a_thing():
            group.as_a_thing()
    found = []
    for group in merged.values():
        if group.label not in TYPES:
            continue  # nationalities and groups (NORP) are not actors by themselves
        name = _display_name(group.forms)
        if _common_phrase(name, group, lower):
            continue
        aliases = sorted(({tidy_name(f) for f in group.forms} - {name, ""}) | set(group.adjectives))
        roles = _role_timeline(group.roles, holders) if group.label == "PERSON" else []
        actor = Actor(
            name,
            TYPES[group.label],
            aliases,
            sum(group.forms.values()) + sum(group.adjectives.values()),
            len(group.articles),
            roles,
        )
        titles = list(dict.fromkeys(title for title, _, _ in group.roles)) if roles else []
        found.append(ResolvedActor(actor, list(group.spans), titles))
    _title_mentions(material, found)
    found.sort(key=lambda r: (-r.actor.mentions, -r.actor.articles, r.actor.name))
    return found
