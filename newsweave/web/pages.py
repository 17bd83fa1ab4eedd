"""HTML pages: stories, a story, an article, actors, an actor, search."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from newsweave.errors import NewsweaveError
from newsweave.store.search import Filters, Page, facets, list_stories, search_articles, search_stories
from newsweave.store.store import Store

from .render import environment
from .views import actor_view, article_view, current_story_id, list_actors, story_view

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(env=environment())
PAGE_SIZE = 20
DATE = r"^(\d{4}-\d{2}-\d{2})?$"


async def get_store(request: Request) -> AsyncIterator[Store]:
    """A read-only connection from the app's pool for the length of one request.

    Pages, API reads and searches are ``async``: their queries take milliseconds, and running
    them on the event loop costs less than handing every request to a thread (measured with
    benchmarks/web.py: with searches in threads, search p95 under load doubled). Only ingest,
    which may load models, runs in a worker thread.
    """
    with request.app.state.pool.connection() as store:
        yield store


StoreDep = Annotated[Store, Depends(get_store)]


async def filter_params(
    since: Annotated[str | None, Query(pattern=DATE, description="YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(pattern=DATE, description="YYYY-MM-DD")] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    language: Annotated[str | None, Query(max_length=20)] = None,
) -> Filters:
    """The filters every listing and search takes; empty form fields mean no filter."""
    return Filters(since or None, until or None, outlet or None, actor or None, language or None)


FiltersDep = Annotated[Filters, Depends(filter_params)]


def _render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context, status_code=status)


def _not_found(request: Request, what: str) -> HTMLResponse:
    return _render(request, "not_found.html", status=404, what=what)


def _facets(request: Request, store: Store) -> dict[str, list[tuple[str, int]]]:
    return dict(request.app.state.pool.cached("facets", lambda: facets(store)))


def _pages(page: Page) -> dict[str, int]:
    current = page.offset // page.limit + 1
    last = max(1, (page.total + page.limit - 1) // page.limit)
    return {"current": current, "last": last}


@router.get("/", response_class=HTMLResponse)
async def stories_page(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    sort: Literal["latest", "newest", "covered"] = "latest",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    result = list_stories(store, filters, sort=sort, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    params = {**filters.active(), "sort": sort if sort != "latest" else None}
    return _render(
        request,
        "stories.html",
        result=result,
        pages=_pages(result),
        params=params,
        filters=filters,
        sort=sort,
        facets=_facets(request, store),
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse, response_model=None)
async def story_page(request: Request, story_id: str, store: StoreDep) -> HTMLResponse | RedirectResponse:
    view = story_view(store, story_id)
    if view is None:
        current = current_story_id(store, story_id)
        if current is not None and current != story_id:  # merged into another story, or an event's id
            anchor = f"#event-{story_id}" if store.story_of_event(story_id) else ""
            return RedirectResponse(f"/stories/{current}{anchor}", status_code=308)
        return _not_found(request, "story")
    return _render(request, "story.html", view=view, story=view.story)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
async def article_page(request: Request, article_id: str, store: StoreDep) -> HTMLResponse:
    view = article_view(store, article_id)
    if view is None:
        return _not_found(request, "article")
    return _render(request, "article.html", view=view, article=view.article)


@router.get("/actors", response_class=HTMLResponse)
async def actors_page(
    request: Request,
    store: StoreDep,
    name: Annotated[str | None, Query(max_length=200)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    actors, total = list_actors(store, name, limit=50, offset=(page - 1) * 50)
    last = max(1, (total + 49) // 50)
    return _render(
        request,
        "actors.html",
        actors=actors,
        total=total,
        name=name or "",
        pages={"current": page, "last": last},
        params={"name": name},
    )


@router.get("/actors/{key}", response_class=HTMLResponse)
async def actor_page(request: Request, key: str, store: StoreDep) -> HTMLResponse:
    view = actor_view(store, key)
    if view is None:
        return _not_found(request, "actor")
    return _render(request, "actor.html", view=view)


@router.get("/search", response_class=HTMLResponse)
async def search_page(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    q: Annotated[str, Query(max_length=500)] = "",
    kind: Literal["articles", "stories"] = "articles",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    params = {**filters.active(), "q": q, "kind": kind}
    context: dict[str, Any] = {
        "q": q,
        "kind": kind,
        "filters": filters,
        "params": params,
        "facets": _facets(request, store),
    }
    if q.strip():
        offset = (page - 1) * PAGE_SIZE
        try:
            if kind == "stories":
                result = search_stories(store, q, filters, limit=PAGE_SIZE, offset=offset)
            else:
                result = search_articles(store, q, filters, limit=PAGE_SIZE, offset=offset)
            context.update(result=result, pages=_pages(result))
        except NewsweaveError as exc:
            context["error"] = str(exc)
            return _render(request, "search.html", status=400, **context)
    return _render(request, "search.html", **context)
