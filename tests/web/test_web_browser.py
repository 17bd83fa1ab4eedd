"""The web UI in a real headless Chromium (Debian's package), driven by Playwright.

The server runs in this process on 127.0.0.1; the browser never loads anything else
(its background networking is off). Screenshots go to the test's temporary folder.
In CI (``CI`` set) a missing Chromium is a failure, not a skip: `make test` installs it.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not os.path.exists(CHROMIUM):
    if os.environ.get("CI"):
        raise RuntimeError("Chromium is missing: `make test` installs Debian's chromium package")
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(web_db):
    import uvicorn

    from newsweave.web import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(web_db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def test_read_a_story_follow_a_citation_and_search(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(server + "/")
    assert page.title().startswith("Stories")
    page.screenshot(path=str(tmp_path / "stories.png"), full_page=True)

    page.locator("a.story-title").first.click()
    page.wait_for_load_state()
    assert "/stories/" in page.url
    assert page.locator("#h-summary").is_visible()
    page.screenshot(path=str(tmp_path / "story.png"), full_page=True)

    cite = page.locator(".summary-sentence a.cite").first
    title = cite.get_attribute("title") or ""
    cite.click()
    page.wait_for_load_state()
    assert "/articles/" in page.url and "#s" in page.url
    target = page.locator(".sentence:target")
    assert target.count() == 1 and target.is_visible()
    assert target.inner_text().strip()[:30] in title  # the hover text was this sentence
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)

    page.fill("#site-q", '"automated cranes"')
    page.press("#site-q", "Enter")
    page.wait_for_load_state()
    assert "/search" in page.url
    assert page.locator("ol.results > li").count() >= 2
    assert page.locator("ol.results mark").first.inner_text().lower() in ("automated", "cranes", "automated cranes")
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)

    for name in ("stories", "story", "article", "search"):
        assert (tmp_path / f"{name}.png").stat().st_size > 5_000
    assert not [e for e in errors if "Content Security Policy" in e]  # nothing the page needs is blocked
    page.close()


def test_pages_fit_a_phone_and_are_keyboard_reachable(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 375, "height": 740}, is_mobile=True)
    page.goto(server + "/")
    story = page.locator("a.story-title").first.get_attribute("href")
    for path in ("/", story, "/search?q=strike", "/actors"):
        page.goto(server + str(path))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
    page.screenshot(path=str(tmp_path / "phone-actors.png"), full_page=True)
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    for _ in range(40):  # the stories are reachable by Tab alone (past the filter form)
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") == "story-title":
            break
    assert page.evaluate("document.activeElement.className") == "story-title"
    page.close()


def test_the_story_list_shows_each_story_lead_actors_and_dates(server, browser):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(server + "/")
    row = page.locator("li.story-row").first
    assert row.locator(".story-lead").is_visible() and len(row.locator(".story-lead").inner_text()) > 20
    assert row.locator(".story-actors a.chip").count() >= 1 and row.locator(".story-actors a.chip").first.is_visible()
    assert row.locator(".meta").first.inner_text().strip()[:4].isdigit()  # the date range opens the line
    page.close()


def test_on_a_phone_the_filters_fold_and_the_actors_table_fits(server, browser, tmp_path):
    width, height = 375, 740
    page = browser.new_page(viewport={"width": width, "height": height}, is_mobile=True)
    page.goto(server + "/")
    panel = page.locator("details.filter-fold").or_(page.locator("form.filters")).first
    box = panel.bounding_box()
    assert box is not None and box["height"] <= height / 4, f"the filter panel is {box} on a {height}px screen"
    assert not page.locator("form.filters").is_visible()  # folded until asked for
    page.locator("details.filter-fold > summary").click()
    assert page.locator("form.filters select[name=outlet]").is_visible()
    page.screenshot(path=str(tmp_path / "phone-filters-open.png"))
    page.goto(server + "/?outlet=nowhere")
    assert page.locator("form.filters").is_visible()  # set filters are shown, not hidden in a fold

    page.goto(server + "/")
    story = page.locator("a.story-title").first.get_attribute("href")
    page.goto(f"{server}{story}#actors")
    table = page.locator("#actors table")
    mentions, aliases = table.locator("td:nth-child(4)"), table.locator("td:nth-child(5)")  # mentions, also written
    assert mentions.count() >= 2
    cells = [mentions.nth(i) for i in range(mentions.count())]
    cells += [aliases.nth(i) for i in range(aliases.count()) if aliases.nth(i).inner_text().strip()]
    assert len(cells) > mentions.count()  # some actor is also written another way
    for cell in cells:
        box = cell.bounding_box()
        assert cell.is_visible() and box is not None, cell.inner_text()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{cell.inner_text()!r} at {box}"
    sideways = table.evaluate("t => [t, t.parentElement].map(e => e.scrollWidth - e.clientWidth)")
    assert max(sideways) <= 1, f"the actors table scrolls sideways by {sideways}px"
    page.screenshot(path=str(tmp_path / "phone-story-actors.png"))

    page.goto(server + "/actors")
    table = page.locator("main table")
    cells = table.locator("td:nth-child(4)")  # mentions
    assert cells.count() >= 2
    for i in range(cells.count()):
        box = cells.nth(i).bounding_box()
        assert box is not None and box["x"] + box["width"] <= width, f"mentions cell at {box}"
    assert table.evaluate("t => t.getBoundingClientRect().right") <= width
    page.close()
