"""Group: new articles into events, changed events into stories (merging stories that meet),
undated articles dated by their story."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta

import numpy as np

from newsweave.annotate.annotator import date_entities
from newsweave.cluster.conflicts import dense_dates, happenings
from newsweave.cluster.events import (
    Leads,
    Piece,
    event_features,
    event_moves,
    part_moves,
    place_keys,
    story_merges,
    story_splits,
)
from newsweave.cluster.stories import ArticleFeatures, RegroupWindow, place, similarity_matrix
from newsweave.config import Grouping
from newsweave.pipeline.steps import Steps
from newsweave.pipeline.story_source import (
    EventStories,
    StoredStories,
    StoredWeights,
    articles_features,
    linking_profile,
    stored_event_features,
)
from newsweave.records import Article
from newsweave.store.groups import CameWith, EventWriting
from newsweave.text.dates import infer_published, parse_iso, published_from_event

log = logging.getLogger("newsweave.pipeline.runner")

# rounds of story merges at most per build when pieces join (each story merges once a round)
MERGE_ROUNDS = 20


class GroupSteps(Steps):
    """Grouping and dating by story."""

    def cluster(self) -> int:
        """Put annotated articles that are in no event into events, and events into stories.

        Two levels (:mod:`newsweave.cluster.events`): new articles join events (existing or new) by
        :func:`newsweave.cluster.stories.place` under :meth:`Config.event_grouping`; members of events
        dated within ``recluster_days`` of a new article are grouped again and may move
        (:class:`newsweave.cluster.stories.RegroupWindow`). Every event that changed is then
        linked to a developing story by the same grouping one level up, each event standing as one
        item (:meth:`link_events`). Returns the number of new articles placed.
        """
        self.fill_vectors()  # none missing but after an interrupted reembed
        new_ids = self.store.unassigned()
        changed: set[str] = set()
        if new_ids:
            dates = {a.id: a.published for a in self.store.articles(new_ids)}
            dimension = self.embedder.dimension
            new = articles_features(self.store, [(i, dates[i]) for i in new_ids], dimension)
            # an event whose coverage ended long before the new articles cannot take them, nor,
            # when they are all dated (an archive fed late), one that began long after them
            since, until = date_bounds([f.date for f in new], timedelta(days=4 * self.config.event_window_days))
            events = StoredStories(
                self.store,
                self.store.event_ids(since=since, until=until),
                dimension,
                self.config.cluster_chunk,
                member_dates=self.store.event_member_dates,
            )
            grouping = self.config.event_grouping()
            moves = place(new, events, StoredWeights(self.store), grouping)
            # what the events that may be cut again held and had written, before this grouping
            written = (
                self.store.event_writings(
                    set(moves.values()) | {e for e, _ in self.store.article_events(moves).values() if e}
                )
                if grouping.dense_rate
                else {}
            )
            changed = self.store.assign_events(moves)
        self.link_events()
        if new_ids:
            self.cut_happenings(changed, written)
        return len(new_ids)

    def cut_happenings(self, event_ids: set[str], written: Mapping[str, EventWriting]) -> int:
        """Cut the dense ones of ``event_ids`` (weeks of daily coverage of one developing story) into
        the happenings they hold (:func:`newsweave.cluster.conflicts.happenings`), after their
        stories were linked: each happening stays in its event's story, so that stories are
        linked from whole stretches of coverage while a story's events are happenings. A
        happening takes the id most of its articles had before this grouping (``written``: event
        -> its articles and what was written for it), and one that holds the same articles as
        then keeps what was written for it: a stretch grouped again with new reports moves and
        rewrites only what changed. Returns the number of articles moved."""
        grouping = self.config.event_grouping()
        if not grouping.dense_rate or not event_ids:
            return 0
        groups: dict[str, list[tuple[str, str | None]]] = {}
        for event_id in sorted(event_ids):
            dated = self.store.event_member_dates(event_id)
            if dense_dates([parse_iso(d) for _, d in dated], grouping):
                groups[event_id] = dated
        if not groups:
            return 0
        inside = {a for members in groups.values() for a, _ in members}
        before = {a: e for e, w in written.items() for a in w.articles if a in inside}
        # an event that holds articles outside these groups keeps its id
        taken = {
            e
            for e in set(before.values()) - set(groups)
            if any(a not in inside for a, _ in self.store.event_member_dates(e))
        }
        dimension = self.embedder.dimension
        weights = StoredWeights(self.store)
        features = {g: articles_features(self.store, members, dimension) for g, members in groups.items()}
        while True:
            events, _ = happenings(
                features, before, taken, lambda items: similarity_matrix(items, items, weights, grouping), grouping
            )
            # an id derived for a new happening may be an event's that holds other articles
            clash = {
                e
                for e in set(events.values()) - set(groups) - set(before.values())
                if any(a not in inside for a, _ in self.store.event_member_dates(e))
            }
            if not clash:
                break
            taken |= clash
        parent = {a: g for g, members in groups.items() for a, _ in members}
        moved = {a: e for a, e in events.items() if e != parent[a]}
        if moved:
            self.store.assign_events(moved)
        pieces = set(events.values())
        stories = self.store.stories_of_events(sorted(groups))
        linking = {e: stories[parent[a]] for a, e in events.items() if parent[a] in stories}
        # each happening's articles, in the order the store gives an event's (as linking reads them)
        held: dict[str, list[ArticleFeatures]] = {}
        for items in features.values():
            for item in items:
                held.setdefault(events[item.id], []).append(item)
        rows = [
            (e, f.vector, f.entities, f.terms, f.date.isoformat() if f.date else None, f.principals)
            for e in sorted(pieces)
            for f in [event_features(e, held[e])]
        ]
        self.store.link_events(linking, rows)
        kept = self.store.restore_writings({e: w for e, w in written.items() if e in pieces})
        log.info(
            "%d dense events cut into %d happenings (%d articles moved, %d happenings unchanged)",
            len(groups),
            len(pieces),
            len(moved),
            kept,
        )
        return len(moved)

    def link_events(self) -> int:
        """Link every new or changed event to a developing story (existing or new); returns how many.

        Each event stands as one item (:func:`newsweave.cluster.events.event_features`); it joins the
        story whose events it is most similar to under :meth:`Config.story_grouping`, or opens
        one. Changed events already in a story are grouped again with the others, so a story
        re-formed from them keeps its id; a story left empty redirects to the one that took its
        articles. Resumable: events still to link are read from the store."""
        pending = self.store.unlinked_events()
        if not pending:
            return 0
        dimension = self.embedder.dimension
        changed = {
            e: event_features(e, articles_features(self.store, self.store.event_member_dates(e), dimension))
            for e in pending
        }
        previous = self.store.stories_of_events(pending)
        # a story that went quiet long before the events cannot take them, nor, when they are
        # all dated (an archive fed late), one that began long after them
        since, until = date_bounds([f.date for f in changed.values()], timedelta(days=self.config.story_horizon_days))
        candidates = sorted(set(self.store.linkable_story_ids(since, until)) | set(previous.values()))
        source = EventStories(
            self.store, candidates, changed, previous, self.config.cluster_chunk, self.config.story_link_average
        )
        fresh = [f for e, f in changed.items() if e not in previous]
        linking = place(fresh, source, StoredWeights(self.store), self.config.story_grouping())
        self.store.link_events(
            linking,
            [
                (e, f.vector, f.entities, f.terms, f.date.isoformat() if f.date else None, f.principals)
                for e, f in changed.items()
            ],
        )
        touched = set(self.store.stories_of_events(pending).values())
        pool = set(candidates) | touched
        if self.config.story_regroup_days:
            moved = self._regroup_recent([f.date for f in changed.values()], sorted(pool))
            touched |= {s for pair in moved.values() for s in pair}
        # with pieces, merged stories are compared again (their profiles changed) until none merge
        grown, gone = set(touched), set()
        for _ in range(MERGE_ROUNDS if self.config.story_piece_threshold else 1):
            merges = self._merge_stories(touched, sorted(pool))
            if not merges:
                break
            pool -= set(merges)
            gone |= set(merges)
            touched = set(merges.values()) - set(merges)
            grown |= touched
        self._split_stories(grown - gone, pool - gone)
        return len(changed)

    def _regroup_recent(self, dates: Sequence[date | None], pool: list[str]) -> dict[str, tuple[str, str]]:
        """Judge again the events of ``pool``'s stories dated within ``story_regroup_days`` of
        ``dates`` (the build's changed events) against every story of ``pool``, and move those
        nearer another story (:func:`newsweave.cluster.events.event_moves`); a story left empty
        redirects to the one that took its events. Stories are met by the mean of their events'
        vectors (:func:`newsweave.pipeline.story_source.linking_profile` with ``average``: average
        linkage over the events, as one batch groups them): met by the normalised mean, nearer to
        every related event than its events are, lone DUC events joined related stories (half A
        fed in ten parts 0.883 -> 0.863). Returns event -> (story it left, story it joined)."""
        window = RegroupWindow.around([d for d in dates if d], self.config.story_regroup_days)
        if window is None:
            return {}
        stories = {s: stored_event_features(self.store, self.store.story_event_ids(s)) for s in pool}
        recent = {e: s for s, events in stories.items() for e, f in events.items() if window.holds(f.date)}
        moves = event_moves(
            recent,
            stories,
            StoredWeights(self.store),
            self.config.story_grouping(),
            margin=self.config.story_regroup_margin,
            weak=self.config.story_regroup_weak,
            profile=lambda story, events: linking_profile(story, events, average=True),
        )
        if not moves:
            return {}
        rows = self.store.event_features(list(moves))
        self.store.link_events(moves, list(rows.values()))
        log.info("events regrouped: %s", ", ".join(f"{e} {recent[e]} -> {s}" for e, s in sorted(moves.items())))
        return {e: (recent[e], s) for e, s in moves.items()}

    def _split_stories(self, stories: set[str], pool: set[str]) -> dict[str, str]:
        """Move parts of stories that came by a merge to a nearer story
        (:func:`newsweave.cluster.events.part_moves`, ``story_part_moves``; parts of any story of
        ``pool``), then undo earlier merges of whole stories among ``stories`` whose parts no longer
        meet (:func:`newsweave.cluster.events.story_splits`, ``story_split_margin``): the part's
        events go back to the story they came with, whose id lives again. Returns absorbed -> left."""
        if self.config.story_part_moves and pool:
            self._move_parts(pool)
        margin = self.config.story_split_margin
        merged = self.store.merged_parts(sorted(stories)) if margin is not None and stories else {}
        # pieces (joined below the merge bar) are never parted by it
        parts = {
            story: {e: c.story if c is not None and not c.piece else None for e, c in origins.items()}
            for story, origins in merged.items()
        }
        if not parts:
            return {}
        splits = story_splits(
            parts,
            stored_event_features(self.store, [e for events in parts.values() for e in events]),
            StoredWeights(self.store),
            self._merging(),
            margin=margin,
            share=self.config.story_merge_profile_share,
            leads=self._leads(),
        )
        if not splits:
            return splits
        moving = {e: origin for origin, story in splits.items() for e, o in parts[story].items() if o == origin}
        rows = self.store.event_features(list(moving))
        self.store.link_events(moving, list(rows.values()), merged_from=dict.fromkeys(moving))
        log.info("stories parted: %s", ", ".join(f"{a} from {b}" for a, b in sorted(splits.items())))
        return splits

    def _move_parts(self, pool: set[str]) -> dict[str, str]:
        """Move the parts of ``pool``'s stories that are nearer another story than their own
        (:func:`newsweave.cluster.events.part_moves`). Returns origin -> the story it joined."""
        merged = self.store.merged_parts(sorted(pool))
        if not merged:
            return {}
        parts = {
            story: {e: c.story if c is not None else None for e, c in origins.items()}
            for story, origins in merged.items()
        }
        profiles, sizes, members, _ = self._profiles(sorted(pool))
        events = stored_event_features(self.store, [e for origins in parts.values() for e in origins])
        event_sizes = self.store.event_sizes(events)
        moves = part_moves(
            parts,
            events,
            event_sizes,
            profiles,
            sizes,
            StoredWeights(self.store),
            self._merging(),
            self._piece(),
            members,
            share=self.config.story_profile_share,
        )
        if not moves:
            return {}
        moving: dict[str, str] = {}
        came_with: dict[str, CameWith | None] = {}
        for origins in parts.values():
            for e, o in origins.items():
                if o is not None and o in moves:
                    target, whole = moves[o]
                    moving[e] = target
                    came_with[e] = CameWith(o, piece=not whole)
        self._relink(moving, came_with)
        log.info("parts moved: %s", ", ".join(f"{a} -> {b}" for a, (b, _) in sorted(moves.items())))
        return {o: t for o, (t, _) in moves.items()}

    def _relink(self, moving: dict[str, str], came_with: dict[str, CameWith | None]) -> None:
        """Link each event of ``moving`` to its new story, recording the story it came with."""
        rows = self.store.event_features(list(moving))
        self.store.link_events(moving, list(rows.values()), merged_from=came_with)

    def _profiles(
        self, candidates: list[str]
    ) -> tuple[
        dict[str, ArticleFeatures], dict[str, int], dict[str, list[ArticleFeatures]], dict[str, ArticleFeatures]
    ]:
        """Each story's profile, articles, events' features (for the piece's spread guard) and
        profile of its core names (when that share differs)."""
        profiles: dict[str, ArticleFeatures] = {}
        sizes: dict[str, int] = {}
        members: dict[str, list[ArticleFeatures]] = {}
        cores: dict[str, ArticleFeatures] = {}
        core_share = self.config.story_merge_profile_share
        for story in candidates:
            events = self.store.story_event_ids(story)
            features = stored_event_features(self.store, events)
            if features:
                profiles[story] = event_features(story, list(features.values()), share=self.config.story_profile_share)
                sizes[story] = len(self.store.story_members(story))
                if self.config.story_piece_spread or self.config.story_merge_lead_threshold > 0:
                    members[story] = list(features.values())
                if core_share != self.config.story_profile_share:
                    cores[story] = event_features(story, list(features.values()), share=core_share)
        return profiles, sizes, members, cores

    def _merge_stories(self, touched: set[str], candidates: list[str]) -> dict[str, str]:
        """Merge each story that took events into another whose profile is as similar as linking
        asks (:func:`newsweave.cluster.events.story_merges`; a piece of a story from
        ``story_piece_threshold``); the merged story's id redirects. Returns the merges."""
        profiles, sizes, members, cores = self._profiles(candidates)
        merges = story_merges(
            {s: profiles[s] for s in touched if s in profiles},
            profiles,
            sizes,
            StoredWeights(self.store),
            self._merging(),
            self._piece(),
            members,
            {s: cores[s] for s in profiles} if cores else None,
            self._leads(),
        )
        if not merges:
            return merges
        moving: dict[str, str] = {}
        came_with: dict[str, CameWith | None] = {}
        for story, target in merges.items():
            for e in self.store.story_event_ids(story):
                moving[e] = target
                if story in merges.whole:  # a whole story may part again (_split_stories)
                    came_with[e] = CameWith(story)
                elif self.config.story_part_moves:  # a piece may move to a nearer story (_move_parts)
                    came_with[e] = CameWith(story, piece=True)
        self._relink(moving, came_with)
        log.info("stories merged: %s", ", ".join(f"{a} -> {b}" for a, b in sorted(merges.items())))
        return merges

    def _merging(self) -> Grouping:
        """The story level's grouping at the merge bar (stories merged, parted and moved whole, and
        pieces joined): stories' names weigh the share of their events naming them raised to
        ``story_merge_share_power``."""
        c = self.config
        return replace(
            c.story_grouping(), threshold=c.story_merge_threshold, entity_share_power=c.story_merge_share_power
        )

    def _leads(self) -> Leads | None:
        c = self.config
        if c.story_merge_lead_threshold <= 0:  # off
            return None
        places = self._place_keys if c.story_lead_places else None
        return Leads(c.story_merge_lead_threshold, c.story_lead_share, c.story_lead_foreign, places)

    def _place_keys(self, stories: Sequence[str]) -> frozenset[str]:
        """The keys the articles of ``stories`` name as places (:func:`newsweave.cluster.events.place_keys`)."""
        return place_keys(self.store.story_entity_labels(stories))

    def _piece(self) -> Piece | None:
        c = self.config
        if not c.story_piece_threshold:
            return None
        return Piece(
            c.story_piece_threshold,
            c.story_piece_share,
            c.story_piece_margin,
            c.story_piece_articles,
            c.story_piece_spread,
        )

    def date_from_stories(self) -> int:
        """Date the undated articles of each story by its dated articles.

        An article whose source gave no date and whose text gave no strong evidence of one
        takes the date of its event's most similar dated article that is not older than the
        latest date it mentions, else the story's not older than the latest date any undated
        report of its event mentions and dated within ``story_date_reach_days`` of it
        (:func:`newsweave.text.dates.published_from_event`): reports of one happening are
        written within days, while a story's other happenings may be years away. Its temporal
        expressions are resolved again against that date; the date is stored as ``story`` with
        its evidence, and ``--published`` or a record's own date always wins. A weekday is read
        as the day of that weekday the article names by its month within a week, if any
        ("Sunday" with "April 29"): the article's own dates outrank a borrowed one.

        Only stories changed since they were last written are looked at: a story that did not
        change has no new dated article to date its others by.
        """
        undated: dict[str, list[str]] = {}
        for article_id, story_id in self.store.undated_in_changed_stories():
            undated.setdefault(story_id, []).append(article_id)
        done = 0
        for story_id, article_ids in undated.items():
            # dated by their own evidence: a date guessed before from the story is no evidence
            others = {
                m: (published, self.store.article_vector(m)) for m, published in self.store.evidence_dates(story_id)
            }
            if not others:
                continue
            events = self.store.article_events([*others, *article_ids])
            articles = {a.id: a for a in self.store.articles(article_ids)}
            bounds = {
                a.id: infer_published([ln.text for ln in a.lines if ln.kind != "dropped"]).not_before
                for a in articles.values()
            }
            event_bounds: dict[str, str] = {}  # event -> the latest date its undated reports mention
            for article_id, bound in bounds.items():
                event = events.get(article_id, (None, None))[0]
                if event is not None and bound is not None:
                    event_bounds[event] = max(bound, event_bounds.get(event, bound))
            for article_id, article in articles.items():
                event = events.get(article_id, (None, None))[0]
                done += self._date_from_story(
                    article, bounds[article_id], event_bounds.get(event or ""), others, events
                )
        return done

    def _date_from_story(
        self,
        article: Article,
        bound: str | None,
        event_bound: str | None,
        dated: dict[str, tuple[str, np.ndarray | None]],
        events: dict[str, tuple[str | None, str | None]],
    ) -> int:
        """Date one article (the latest date it mentions ``bound``, its event's undated reports
        ``event_bound``) by the story's ``dated`` articles (id → date, vector), those of its own
        event first (``events``: article id → (event, date)); 1 if dated."""
        vector = self.store.article_vector(article.id)
        if vector is None:
            return 0
        neighbours = [
            (
                other_id,
                published,
                float(vector @ other) / (float(np.linalg.norm(vector) * np.linalg.norm(other)) or 1.0),
            )
            for other_id, (published, other) in dated.items()
            if other is not None
        ]
        event = events.get(article.id, (None, None))[0]
        same_event = [n for n in neighbours if event is not None and events.get(n[0], (None, None))[0] == event]
        reach = self.config.story_date_reach_days if self.config.story_date_reach_days > 0 else None
        guess = published_from_event(bound, same_event, neighbours, reach, event_bound)
        if guess.value is None:
            return 0
        dates = date_entities(article.id, self.store.sentences(article.id), parse_iso(guess.value), borrowed=True)
        evidence = [*article.published_evidence, *guess.evidence]
        self.store.set_published(article.id, guess.value, "story", evidence, dates)
        log.info("%s: published %s, dated by its story (%s)", article.source, guess.value, guess.evidence[0])
        return 1


def date_bounds(dates: Sequence[date | None], reach: timedelta) -> tuple[str | None, str | None]:
    """The days (ISO) between which stored groups may take items of these ``dates``: ``reach``
    before the earliest, and ``reach`` after the latest when every item is dated (an undated
    one may belong anywhere); None for no bound."""
    known = [d for d in dates if d]
    since = (min(known) - reach).isoformat() if known else None
    until = (max(known) + reach).isoformat() if known and len(known) == len(dates) else None
    return since, until
