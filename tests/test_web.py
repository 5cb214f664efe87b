"""The dashboard in real headless Chromium (Debian's `chromium`, driven by Playwright through its
executable path; `playwright install` is never used). Skips only when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from api_fixtures import HOSTILE_COMMENT, seed

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
TOKEN = "browser-test-token"
START = date(2015, 10, 1)  # the first date in the test world: the slider's 0

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                       "(apt-get install chromium); CI installs it"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from orbat.views.api import create_app

    db = str(tmp_path_factory.mktemp("web") / "world.db")
    seed(db)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    srv = uvicorn.Server(uvicorn.Config(create_app(db, TOKEN), host="127.0.0.1", port=port, log_level="warning"))
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
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def context(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture()
def page(context, server: str) -> Iterator[object]:  # type: ignore[no-untyped-def]
    pg = context.new_page()
    pg.console_errors = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    pg.goto(server + "/")
    pg.wait_for_selector("body[data-ready='1']", timeout=20000)
    pg.wait_for_selector("body[data-as-of]", timeout=10000)
    yield pg
    # Nothing on any page may break the Content-Security-Policy or throw.
    assert [e for e in pg.console_errors if "Content Security Policy" in e or "Error" in e] == []
    pg.close()


def _slide_to(pg, day: str) -> None:  # type: ignore[no-untyped-def]
    pg.locator("#date-slider").fill(str((date.fromisoformat(day) - START).days))
    pg.wait_for_selector(f"body[data-as-of='{day}']", timeout=10000)


def _event_id(server: str, **params: str) -> int:
    events = httpx.get(server + "/api/events", params=params).json()
    assert len(events) == 1
    return events[0]["id"]


def test_page_loads_with_data(page) -> None:  # type: ignore[no-untyped-def]
    assert "8 reports" in page.locator("#counts").inner_text()
    assert page.locator("#date-label").inner_text() == "2016-08-20"
    assert page.locator("#timeline .bar").count() == 11  # October 2015 to August 2016
    assert int(page.locator("#network-summary").get_attribute("data-nodes")) == 9
    assert page.locator("path.country.syria").count() == 1  # the Natural Earth base layer drew


def test_map_shows_event_markers(page) -> None:  # type: ignore[no-untyped-def]
    # Default window: the 90 days to the last date holds three events.
    assert page.locator("path.event-marker").count() == 3
    page.select_option("#window", "0")
    expect(page.locator("path.event-marker")).to_have_count(7)
    assert page.locator("#map-summary").get_attribute("data-events") == "7"
    assert page.locator("path.control-marker").count() == 3


def test_moving_the_date_slider_changes_the_network(page) -> None:  # type: ignore[no-untyped-def]
    summary = page.locator("#network-summary")
    late_edges = int(summary.get_attribute("data-edges"))
    _slide_to(page, "2015-10-15")
    assert summary.get_attribute("data-edges") == "1" and summary.get_attribute("data-nodes") == "2"
    assert "as of 2015-10-15" in summary.inner_text()
    _slide_to(page, "2016-03-01")
    mid = int(summary.get_attribute("data-edges"))
    assert 1 < mid < late_edges
    # The map follows the clock too: nothing happened in the 90 days before mid-October 2015 but one strike.
    _slide_to(page, "2015-10-15")
    assert page.locator("path.event-marker").count() == 1


def test_clicking_an_event_opens_its_evidence(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.select_option("#window", "0")
    expect(page.locator("path.event-marker")).to_have_count(7)
    eid = _event_id(server, start="2016-03-27", end="2016-03-27")
    page.locator(f"path.event-marker[data-event-id='{eid}']").click(force=True)
    mark = page.locator("#evidence-mark")
    mark.wait_for(timeout=10000)
    assert mark.inner_text() == "Government forces backed by Russian air power retook Palmyra from the Islamic State on Sunday."
    assert "Desert Monitor" in page.locator("#evidence-speaker").inner_text()
    assert "Palmyra" in page.locator("#evidence-title").inner_text()


def test_timeline_month_lists_events_and_opens_evidence(page) -> None:  # type: ignore[no-untyped-def]
    page.locator("#timeline .bar[data-month='2016-02']").click()
    page.wait_for_selector("body[data-as-of='2016-02-29']", timeout=10000)
    items = page.locator("#event-list li")
    assert items.count() == 1
    items.first.click()
    page.locator("#evidence-mark").wait_for(timeout=10000)
    assert page.locator("#evidence-mark").inner_text().startswith("Turkish artillery shelled YPG positions")


def test_injected_script_in_a_stored_article_does_not_run(page, server: str) -> None:  # type: ignore[no-untyped-def]
    eid = _event_id(server, start="2016-08-15", end="2016-08-15")
    page.locator(f"path.event-marker[data-event-id='{eid}']").click(force=True)
    page.locator("#evidence-mark").wait_for(timeout=10000)
    panel = page.locator("#panel")
    body = page.locator("#evidence-body").inner_text()
    assert "<script>window.__pwned = 'body';</script>" in body  # shown as text
    assert "onerror=" in body and "javascript:" in body
    assert HOSTILE_COMMENT in panel.inner_text()
    assert "<img src=x" in panel.inner_text()  # the title, as text
    assert panel.locator("script, img, svg, iframe, object").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    for el in panel.locator(".comment, .comment .who, #evidence-body").all():
        el.hover()
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_a_write_without_the_token_is_refused(page, server: str) -> None:  # type: ignore[no-untyped-def]
    before = len(httpx.get(server + "/api/corrections").json())
    page.locator("path.event-marker").first.click(force=True)
    page.locator("#reject-fact").wait_for(timeout=10000)
    page.locator("#reject-fact").click()
    msg = page.locator(".status-msg.err")
    msg.wait_for(timeout=10000)
    assert "Refused (401)" in msg.inner_text()
    assert len(httpx.get(server + "/api/corrections").json()) == before
    page.locator("#token").fill(TOKEN)
    page.locator("#reject-fact").click()
    page.locator(".status-msg.ok").wait_for(timeout=10000)
    after = httpx.get(server + "/api/corrections").json()
    assert len(after) == before + 1 and after[-1]["kind"] == "reject_fact"


def test_actor_page_from_search_shows_sources_and_contradictions(page) -> None:  # type: ignore[no-untyped-def]
    page.locator("#search").fill("free syr")
    page.locator("#search-results li[data-actor='free_syrian_army']").click()
    page.locator("#actor-name").wait_for(timeout=10000)
    assert page.locator("#actor-name").inner_text() == "Free Syrian Army"
    table = page.locator("#actor-relations")
    assert table.locator(".badge.contested").count() == 1
    row = table.locator("tr", has=page.locator(".badge.contested"))
    assert "United States" in row.inner_text() and "denied by 1" in row.inner_text()
    row.locator(".claims-toggle").click()
    claims = table.locator("ul.claims li.clickable")
    expect(claims).to_have_count(2)
    claims.nth(1).click()
    page.locator("#evidence-mark").wait_for(timeout=10000)
    assert page.locator("#evidence-mark").inner_text().startswith("A spokesman for the Free Syrian Army denied")
    assert "a spokesman for the Free Syrian Army, quoted in Desert Monitor" in page.locator("#evidence-speaker").inner_text()
    assert page.locator("#panel .badge.denied").count() == 1


def test_api_docs_page_renders_offline(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.goto(server + "/docs")
    pg.locator(".opblock-summary-path", has_text="/api/network").first.wait_for(timeout=15000)
    assert [e for e in errors if "Content Security Policy" in e] == []
    context.close()
