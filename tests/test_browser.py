"""End to end in a real browser: Debian's headless Chromium driven by Playwright against `quotewatch serve`.

Search → article → speaker, checking that highlights sit on the right text and that the keyboard
reaches them; screenshots of each page go to docs/screenshots/ for the README.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE

from quotewatch.cli import BUNDLED_SAMPLES
from quotewatch.ingest import add_sources
from quotewatch.store import Repository

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# screenshots go to a temporary folder, so that the tests leave the checkout as it was; `make screenshots`
# sets QUOTEWATCH_SCREENSHOTS=docs/screenshots to renew the README's pictures
SHOTS = Path(os.environ.get("QUOTEWATCH_SCREENSHOTS") or tempfile.mkdtemp(prefix="qw-shots-"))
if not SHOTS.is_absolute():
    SHOTS = REPO / SHOTS

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="browser tests need Debian's chromium (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from quotewatch.web import create_web_app

    db = str(tmp_path_factory.mktemp("web") / "archive.db")
    repo = Repository.open(db)
    targets = [str(BUNDLED_SAMPLES)] + ([str(SAMPLE)] if SAMPLE.exists() else [])
    add_sources(repo, targets, show_progress=False)
    repo.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_web_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-sync",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield b
        b.close()


def shot(page, name: str) -> None:
    """A screenshot of the page, checked: a PNG of the viewport's size with something on it."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{name}: not a PNG"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (page.viewport_size["width"], page.viewport_size["height"]), name
    # a blank page of this size compresses to a few kilobytes; text, highlights and charts do not
    assert len(data) > 25_000, f"{name}: the screenshot looks empty ({len(data)} bytes)"


def test_search_article_speaker(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/")
    page.fill("#q", "Strom")
    page.click("form.search button")
    page.wait_for_url("**/?q=Strom*")
    first = page.locator("li.result").first
    quoted = first.locator("blockquote").inner_text()
    assert "Strom" in quoted
    assert page.locator(".facets").inner_text().count("Pjotr Kowaltschuk") == 1
    shot(page, "search")

    first.locator(".meta a").click()  # the result links to its place in the article
    page.wait_for_url("**/article/*#q*")
    anchor = page.url.rsplit("#", 1)[1]
    mark = page.locator(f"mark#{anchor}")
    assert mark.evaluate("el => el.textContent") == quoted  # the highlight sits on exactly that text
    assert mark.get_attribute("data-tip").startswith("Pjotr Kowaltschuk")
    # keyboard: Tab reaches the quotations, and focus shows the speaker, kind and cue
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "MARK":
            break
    focused_tip = page.evaluate("getComputedStyle(document.activeElement, '::after').content")
    assert "confidence" in focused_tip
    mark.focus()
    shot(page, "article")

    page.click("aside.side a:has-text('Pjotr Kowaltschuk')")
    page.wait_for_url("**/speaker/*")
    assert page.locator("h1").inner_text().strip().endswith("Pjotr Kowaltschuk")
    assert page.locator("svg.chart rect").count() >= 1
    assert page.locator("li.result").count() == 5
    shot(page, "speaker")


def test_compare_and_add_pages(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/compare?a=Lukaschenko&b=Putin")
    assert page.locator("section h2").count() == 2
    shot(page, "compare")
    page.goto(server + "/add")
    page.fill("#text", "„Die Brücke wird im Mai fertig“, sagte die Bürgermeisterin Ina Roth am Montag in Minsk.")
    page.click("form.add button")
    page.wait_for_url("**/article/*")
    assert page.locator("mark.q").first.evaluate("el => el.textContent") == "„Die Brücke wird im Mai fertig“"
    assert "Ina Roth" in page.locator("aside.side").inner_text()
    shot(page, "add-result")


def test_without_javascript_everything_still_works(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/?q=Strom")  # a word of the bundled samples: ../shared may be absent
    assert page.locator("li.result").count() >= 1
    page.locator("li.result .meta a").first.click()
    assert page.locator("mark.q").count() >= 1
    context.close()
