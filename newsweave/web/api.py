"""The JSON API under ``/api``: stories, a story, articles, an article, actors, search, ingest.

Lists take ``limit`` (1–100) and ``offset`` and answer ``{items, total, limit, offset}``;
listings and searches take the filters ``since``, ``until`` (YYYY-MM-DD), ``outlet``,
``actor`` and ``language``. The schema is published at ``/api/openapi.json``.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from newsweave.records import RawArticle
from newsweave.store.search import (
    ArticleHit,
    Page,
    StoryRow,
    list_articles,
    list_stories,
    search_articles,
    search_stories,
)

from .pages import FiltersDep, StoreDep
from .render import plain
from .views import actor_view, article_view, current_story_id, list_actors, story_view

router = APIRouter(prefix="/api", tags=["api"])
bearer = HTTPBearer(auto_error=False, description="The token the server was started with (--token).")
Limit = Annotated[int, Query(ge=1, le=100)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
MAX_INGEST = 100


class Problem(BaseModel):
    detail: str
    code: str | None = None


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem, "description": "No such item"}}


Item = TypeVar("Item")


class Paged(BaseModel, Generic[Item]):
    """One page of a listing: ``items``, how many there are in all, and where the page starts."""

    items: list[Item]
    total: int
    limit: int
    offset: int


class DayCount(BaseModel):
    date: str
    articles: int


class StoryItem(BaseModel):
    id: str
    title: str
    first_date: str | None
    last_date: str | None
    articles: int
    outlets: int  # named outlets (articles naming none are not counted)
    articles_per_day: list[DayCount]
    snippet: str | None = None
    snippet_html: str | None = None


class ArticleItem(BaseModel):
    id: str
    title: str | None
    label: str | None = None  # the title, else the article's opening words
    outlet: str | None
    published: str | None
    url: str | None = None
    language: str | None = None
    source: str | None = None
    story_id: str | None = None
    snippet: str | None = None
    snippet_html: str | None = None


class StoryDetail(BaseModel):
    """A story in the ``stories.json`` form, with its articles' metadata."""

    id: str
    title: str
    articles: list[str]
    outlets: list[str]
    first_date: str | None
    last_date: str | None
    summary: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    unique_claims: dict[str, Any]
    disagreements: list[dict[str, Any]]
    coverage_matrix: dict[str, Any]
    copies: list[dict[str, Any]]
    events: list[dict[str, Any]] = []
    article_details: list[dict[str, Any]]
    articles_per_day: list[DayCount]


class LineOut(BaseModel):
    number: int
    text: str
    kind: str
    reason: str | None


class SentenceOut(BaseModel):
    index: int
    text: str
    kind: str


class ArticleDetail(ArticleItem):
    published_source: str | None = None
    published_evidence: list[str] = []
    lines: list[LineOut]
    sentences: list[SentenceOut]
    copies: list[dict[str, Any]]
    copy_of: dict[str, Any] | None = None


class ActorItem(BaseModel):
    key: str
    name: str
    type: str
    stories: int
    mentions: int


class ActorDetail(BaseModel):
    key: str
    name: str
    type: str
    aliases: list[str]
    mentions: int
    roles: list[dict[str, Any]]
    stories: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    related: list[dict[str, Any]]


class ArticleIn(BaseModel):
    id: str | None = Field(None, max_length=300)
    title: str | None = Field(None, max_length=2000)
    text: str = Field(min_length=1, max_length=1_000_000)
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    outlet: str | None = Field(None, max_length=300)
    url: str | None = Field(None, max_length=4000)


class IngestIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_INGEST)


class Skip(BaseModel):
    item: str
    reason: str


class IngestOut(BaseModel):
    read: int
    added: int
    duplicates: int
    copies: int
    skipped: list[Skip]
    next_step: str


def _story_item(row: StoryRow) -> StoryItem:
    return StoryItem(
        id=row.id,
        title=row.title,
        first_date=row.first_date,
        last_date=row.last_date,
        articles=row.articles,
        outlets=row.outlets,
        articles_per_day=[DayCount(date=d, articles=n) for d, n in row.per_day],
        snippet=plain(row.snippet) if row.snippet is not None else None,
        snippet_html=_snippet_html(row.snippet),
    )


def _snippet_html(snippet: str | None) -> str | None:
    from .render import marked

    return str(marked(snippet)) if snippet is not None else None


def _story_list(page: Page) -> Paged[StoryItem]:
    return Paged[StoryItem](
        items=[_story_item(r) for r in page.items], total=page.total, limit=page.limit, offset=page.offset
    )


@router.get("/stories", response_model=Paged[StoryItem], summary="List stories")
async def api_stories(
    store: StoreDep,
    filters: FiltersDep,
    sort: Literal["latest", "newest", "covered"] = "latest",
    limit: Limit = 20,
    offset: Offset = 0,
) -> Paged[StoryItem]:
    """Stories, latest coverage first with one-article stories after the others (``sort=newest``:
    latest coverage first, all alike; ``sort=covered``: most articles first), filtered."""
    return _story_list(list_stories(store, filters, sort=sort, limit=limit, offset=offset))


@router.get("/stories/{story_id}", response_model=StoryDetail, responses=NOT_FOUND, summary="A story")
async def api_story(story_id: str, store: StoreDep) -> StoryDetail:
    """A story with its summary, events, timeline, actors, quotes, coverage and articles. The id
    of a story merged into another, or of an event, gives the story that holds its articles now."""
    view = story_view(store, story_id)
    if view is None:
        current = current_story_id(store, story_id)
        view = story_view(store, current) if current else None
    if view is None:
        raise HTTPException(404, f"no story '{story_id}'")
    data = view.story.to_dict()
    data["article_details"] = [view.articles[a].to_dict() for a in view.story.article_ids if a in view.articles]
    data["articles_per_day"] = [DayCount(date=d, articles=n) for d, n in view.per_day]
    return StoryDetail(**data)


@router.get("/articles", response_model=Paged[ArticleItem], summary="List articles")
async def api_articles(
    store: StoreDep, filters: FiltersDep, limit: Limit = 20, offset: Offset = 0
) -> Paged[ArticleItem]:
    """Article metadata, newest first, filtered."""
    page = list_articles(store, filters, limit=limit, offset=offset)
    return Paged[ArticleItem](
        items=[ArticleItem(**item) for item in page.items], total=page.total, limit=page.limit, offset=page.offset
    )


@router.get("/articles/{article_id:path}", response_model=ArticleDetail, responses=NOT_FOUND, summary="An article")
async def api_article(article_id: str, store: StoreDep) -> ArticleDetail:
    """An article: metadata, every line with what cleaning decided, sentences, near-duplicates."""
    view = article_view(store, article_id)
    if view is None:
        raise HTTPException(404, f"no article '{article_id}'")
    a = view.article
    return ArticleDetail(
        id=a.id,
        title=a.title,
        outlet=a.outlet,
        published=a.published,
        url=a.url,
        language=a.language,
        source=a.source,
        story_id=view.story_id,
        published_source=a.published_source,
        published_evidence=list(a.published_evidence),
        lines=[LineOut(number=ln.number, text=ln.text, kind=ln.kind, reason=ln.reason) for ln in a.lines],
        sentences=[
            SentenceOut(index=i, text=t, kind=p.kind) for p in view.paragraphs for i, t in p.pieces if i is not None
        ],
        copies=view.copies,
        copy_of=view.copy_of,
    )


@router.get("/actors", response_model=Paged[ActorItem], summary="List actors")
async def api_actors(
    store: StoreDep,
    name: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Paged[ActorItem]:
    """Actors across stories, most stories first; ``name`` keeps those whose name contains it."""
    items, total = list_actors(store, name, limit=limit, offset=offset)
    return Paged[ActorItem](items=[ActorItem(**i) for i in items], total=total, limit=limit, offset=offset)


@router.get("/actors/{key}", response_model=ActorDetail, responses=NOT_FOUND, summary="An actor")
async def api_actor(key: str, store: StoreDep) -> ActorDetail:
    """An actor by key (its name folded: ``selim tarik aydogan``): roles over time, stories, quotes."""
    view = actor_view(store, key)
    if view is None:
        raise HTTPException(404, f"no actor '{key}'")
    return ActorDetail(**view.to_dict())


SearchQuery = Annotated[str, Query(min_length=1, max_length=500, description='words, "a phrase", word*, -word, OR')]
BAD_QUERY: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "The query has no words to look for"}
}


@router.get("/search/articles", response_model=Paged[ArticleItem], responses=BAD_QUERY, summary="Search articles")
async def api_search_articles(
    store: StoreDep, filters: FiltersDep, q: SearchQuery, limit: Limit = 20, offset: Offset = 0
) -> Paged[ArticleItem]:
    """Full-text search of article titles and clean text, BM25-ranked, with highlighted snippets."""
    page = search_articles(store, q, filters, limit=limit, offset=offset)
    items = [_hit(h) for h in page.items]
    return Paged[ArticleItem](items=items, total=page.total, limit=page.limit, offset=page.offset)


def _hit(hit: ArticleHit) -> ArticleItem:
    return ArticleItem(
        id=hit.id,
        title=hit.title,
        outlet=hit.outlet,
        published=hit.published,
        story_id=hit.story_id,
        language=hit.language,
        source=hit.source,
        label=hit.label,
        snippet=plain(hit.snippet),
        snippet_html=_snippet_html(hit.snippet),
    )


@router.get("/search/stories", response_model=Paged[StoryItem], responses=BAD_QUERY, summary="Search stories")
async def api_search_stories(
    store: StoreDep, filters: FiltersDep, q: SearchQuery, limit: Limit = 20, offset: Offset = 0
) -> Paged[StoryItem]:
    """Full-text search of story titles and summaries."""
    return _story_list(search_stories(store, q, filters, limit=limit, offset=offset))


@router.post(
    "/articles",
    response_model=IngestOut,
    status_code=202,
    summary="Ingest articles",
    responses={
        401: {"model": Problem, "description": "Missing or wrong token"},
        403: {"model": Problem, "description": "Ingest is disabled on this server"},
        413: {"model": Problem, "description": "Request body too large"},
    },
)
def api_ingest(
    request: Request,
    body: IngestIn,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> IngestOut:
    """Clean and store articles (only on a server started with ``--allow-ingest --token``).

    Articles are stored, not yet grouped: ``newsweave build`` puts them into stories.
    """
    ingestor = request.app.state.ingestor
    if ingestor is None:
        raise HTTPException(403, "ingest is disabled: start the server with --allow-ingest and --token")
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode(), ingestor.token.encode()):
        raise HTTPException(401, "missing or wrong token", headers={"WWW-Authenticate": "Bearer"})
    records = [
        RawArticle(
            source=f"api:{item.id or index}",
            text=item.text,
            id=item.id,
            title=item.title,
            outlet=item.outlet,
            published=item.published,
            url=item.url,
        )
        for index, item in enumerate(body.articles, start=1)
    ]
    report = ingestor.add(records)
    request.app.state.pool.forget()
    return IngestOut(
        read=report.read,
        added=report.added,
        duplicates=report.duplicates,
        copies=report.copies,
        skipped=[Skip(item=s.where, reason=s.message) for s in report.skipped],
        next_step="run `newsweave build` to put new articles into stories",
    )
