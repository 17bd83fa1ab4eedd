"""Group: new articles into events, changed events into stories (merging stories that meet),
undated articles dated by their story."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta

import numpy as np

from newsweave.annotate.annotator import date_entities
from newsweave.cluster.conflicts import happenings
from newsweave.cluster.events import Leads, Piece, event_features, event_moves, part_moves, story_merges, story_splits
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
from newsweave.store.groups import CameWith
from newsweave.text.dates import infer_published, parse_iso, published_from_story

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
        families: dict[str, str] = {}
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
            moves, families = self.cut_happenings(place(new, events, StoredWeights(self.store), grouping), grouping)
            self.store.assign_events(moves)
        self.link_events(families)
        return len(new_ids)

    def cut_happenings(self, moves: dict[str, str], grouping: Grouping) -> tuple[dict[str, str], dict[str, str]]:
        """``moves`` (article -> event, as the event level grouped them) with the dense groups
        cut into the happenings they hold (:func:`newsweave.cluster.conflicts.happenings`), and
        each piece's family (piece -> the group it was cut from, which the story level links as
        one). A happening grouped again with new reports keeps its id and articles: only the
        articles whose event changes are returned."""
        if not grouping.dense_rate or not moves:
            return moves, {}
        stored = self.store.article_events(moves)
        groups: dict[str, list[tuple[str, str | None]]] = {}
        for group_id in sorted(set(moves.values())):
            kept = [(a, d) for a, d in self.store.event_member_dates(group_id) if moves.get(a, group_id) == group_id]
            joined = [(a, stored.get(a, (None, None))[1]) for a, g in sorted(moves.items()) if g == group_id]
            members = list(dict(kept + joined).items())
            if grouping.dense_min <= len(members) <= grouping.chunk:  # a larger one is not compared whole
                groups[group_id] = members
        if not groups:
            return moves, {}
        inside = {a for members in groups.values() for a, _ in members}
        before = {a: e for a, (e, _) in stored.items() if e}
        before.update({a: g for g, members in groups.items() for a, _ in members if a not in moves})
        # an event that keeps articles outside these groups keeps its id, as does every other group
        taken = {e for e in set(before.values()) if any(a not in inside for a, _ in self.store.event_member_dates(e))}
        taken |= set(moves.values()) - set(groups)
        dimension = self.embedder.dimension
        weights = StoredWeights(self.store)
        events, families = happenings(
            {g: articles_features(self.store, members, dimension) for g, members in groups.items()},
            before,
            taken,
            lambda items: similarity_matrix(items, items, weights, grouping),
            grouping,
        )
        out = {a: g for a, g in moves.items() if a not in inside}
        out.update({a: e for a, e in events.items() if before.get(a) != e})
        log.debug("%d dense groups cut into %d happenings", len(set(families.values())), len(families))
        return out, families

    def link_events(self, families: Mapping[str, str] | None = None) -> int:
        """Link every new or changed event to a developing story (existing or new); returns how many.

        Each event stands as one item (:func:`newsweave.cluster.events.event_features`); it joins the
        story whose events it is most similar to under :meth:`Config.story_grouping`, or opens
        one. Changed events already in a story are grouped again with the others, so a story
        re-formed from them keeps its id; a story left empty redirects to the one that took its
        articles. Resumable: events still to link are read from the store. With ``families``
        (happening -> the stretch it was cut from: :meth:`cut_happenings`), the new happenings of
        one stretch go to the story a happening of that stretch is in, else are linked as one item
        (the stretch, all its happenings' articles)."""
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
        # happenings of a stretch some story holds go to it; the others are linked as usual
        homes = self._homes(changed, families) if families else {}
        linked = {e: f for e, f in changed.items() if e not in homes}
        before = {e: s for e, s in previous.items() if e not in homes}
        source = EventStories(
            self.store, candidates, linked, before, self.config.cluster_chunk, self.config.story_link_average
        )
        fresh = [f for e, f in linked.items() if e not in before]
        stretches: dict[str, list[str]] = {}  # a stretch no story holds yet -> its new happenings
        if families:
            fresh, stretches = self._stretches(fresh, families, dimension)
        linking = place(fresh, source, StoredWeights(self.store), self.config.story_grouping())
        for stretch, pieces in stretches.items():
            linking.update({p: linking[stretch] for p in pieces if stretch in linking})
            if stretch not in pieces:
                linking.pop(stretch, None)
        linking.update(homes)
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

    def _homes(self, changed: Mapping[str, ArticleFeatures], families: Mapping[str, str]) -> dict[str, str]:
        """The ``changed`` happenings of stretches (``families``: happening -> stretch) one of whose
        happenings is in a story -> the story of the largest such happening: a stretch's
        happenings stay together, as the stretch was linked."""
        siblings: dict[str, list[str]] = {}
        for piece, stretch in families.items():
            siblings.setdefault(stretch, []).append(piece)
        homes: dict[str, str] = {}
        for stretch in sorted({families[e] for e in changed if e in families}):
            placed = self.store.stories_of_events(siblings[stretch])
            if placed:
                sizes = self.store.event_sizes(placed)
                largest = max(placed, key=lambda e: (sizes.get(e, 0), e))
                homes.update({p: placed[largest] for p in siblings[stretch] if p in changed})
        return homes

    def _stretches(
        self, fresh: list[ArticleFeatures], families: Mapping[str, str], dimension: int
    ) -> tuple[list[ArticleFeatures], dict[str, list[str]]]:
        """``fresh`` events (in no story) with the new happenings of one stretch (``families``)
        replaced by the stretch as one item (all their articles); returns the items to link and
        each stretch so linked -> its happenings."""
        stretches: dict[str, list[str]] = {}
        for item in fresh:
            if item.id in families:
                stretches.setdefault(families[item.id], []).append(item.id)
        stretches = {s: pieces for s, pieces in stretches.items() if len(pieces) > 1}
        if not stretches:
            return fresh, {}
        alone = {p for pieces in stretches.values() for p in pieces}
        items = [f for f in fresh if f.id not in alone]
        for stretch, pieces in sorted(stretches.items()):
            members = [m for p in pieces for m in self.store.event_member_dates(p)]
            items.append(event_features(stretch, articles_features(self.store, members, dimension)))
        return items, stretches

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
        """The story level's grouping at the merge bar (stories merged, parted and moved whole)."""
        return replace(self.config.story_grouping(), threshold=self.config.story_merge_threshold)

    def _leads(self) -> Leads | None:
        c = self.config
        if c.story_merge_lead_threshold <= 0:  # off
            return None
        return Leads(c.story_merge_lead_threshold, c.story_lead_share, c.story_lead_foreign)

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
        takes the date of the story's most similar dated article that is not older than the
        latest date it mentions (:func:`newsweave.text.dates.published_from_story`). Its temporal
        expressions are resolved again against that date; the date is stored as ``story`` with
        its evidence, and ``--published`` or a record's own date always wins.

        Only stories changed since they were last written are looked at: a story that did not
        change has no new dated article to date its others by.
        """
        undated: dict[str, list[str]] = {}
        for article_id, story_id in self.store.undated_in_changed_stories():
            undated.setdefault(story_id, []).append(article_id)
        done = 0
        for story_id, article_ids in undated.items():
            members = self.store.member_dates(story_id)
            others = {m: (published, self.store.article_vector(m)) for m, published in members if published}
            if not others:
                continue
            for article_id in article_ids:
                done += self._date_from_story(article_id, others)
        return done

    def _date_from_story(self, article_id: str, dated: dict[str, tuple[str, np.ndarray | None]]) -> int:
        """Date one article by the story's ``dated`` articles (id → date, vector); 1 if dated."""
        article = self.store.article(article_id)
        vector = self.store.article_vector(article_id)
        if article is None or vector is None:
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
        bound = infer_published([ln.text for ln in article.lines if ln.kind != "dropped"]).not_before
        guess = published_from_story(bound, neighbours)
        if guess.value is None:
            return 0
        dates = date_entities(article_id, self.store.sentences(article_id), parse_iso(guess.value))
        evidence = [*article.published_evidence, *guess.evidence]
        self.store.set_published(article_id, guess.value, "story", evidence, dates)
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
