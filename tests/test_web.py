"""The web interface without a browser: escaping of hostile pages, CSRF, tokens, limits, highlighting."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from quotewatch.ingest import extract_raw
from quotewatch.store import RawPage, Repository
from quotewatch.web import create_web_app
from quotewatch.web.charts import timeline
from quotewatch.web.highlight import highlight

HOSTILE = """<html><head><title>Angriff <script>alert(1)</script></title></head><body><article>
<h1>Hafen &lt;img src=x onerror=alert(2)&gt;</h1>
<p>BERLIN (dpa) - „&lt;script&gt;alert(3)&lt;/script&gt; Wir bauen aus“, sagte Hafenchef Jens Albrecht
am Montag. Er fügte hinzu, dass &lt;img src=x onerror="alert(4)"&gt; der Umschlag steige.</p>
<script>document.body.innerHTML = "pwned"</script>
<p onmouseover="alert(5)">„Alles &lt;b onclick=alert(6)&gt;gut&lt;/b&gt;“, sagte die Sprecherin Eva Kühn in Berlin.</p>
</article></body></html>"""


@pytest.fixture
def archive(tmp_path):
    db = str(tmp_path / "web.db")
    repo = Repository.open(db)
    result = repo.add(RawPage(HOSTILE.encode(), "https://evil.example/a", "https://evil.example/a"), extract_raw)
    repo.close()
    return db, result.article_id


def test_hostile_text_is_escaped_everywhere(archive):
    db, article_id = archive
    client = TestClient(create_web_app(db))
    pages = [
        client.get(f"/article/{article_id}"),
        client.get("/", params={"q": "Umschlag"}),
        client.get("/", params={"q": "<script>alert(7)</script>"}),
    ]
    speaker = re.search(r'href="/speaker/(\d+)"', pages[0].text).group(1)
    pages.append(client.get(f"/speaker/{speaker}"))
    for res in pages:
        assert res.status_code == 200
        html = res.text
        assert "<script" not in html.lower(), res.url
        assert not re.search(r"<[^>]+\son\w+\s*=", html), res.url  # no event-handler attribute survives
        assert "script-src 'none'" in res.headers["content-security-policy"]
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in pages[0].text
    raw = client.get(f"/article/{article_id}/raw")
    assert raw.headers["content-type"].startswith("text/plain")


def test_highlights_cover_exactly_the_quotations(archive):
    db, article_id = archive
    repo = Repository.open(db)
    body = repo.article(article_id)["body"]
    client = TestClient(create_web_app(db))
    html = client.get(f"/article/{article_id}").text
    from html import unescape

    marks = re.findall(r'<mark id="q(\d+)"[^>]*>(.*?)</mark>', html, re.S)
    from quotewatch.store import QuoteQuery

    quotes = {str(q["id"]): q for q in repo.quotes(QuoteQuery(article_id=article_id))}
    assert len(marks) == len(quotes)
    for qid, inner in marks:
        text = unescape(re.sub(r"<[^>]+>", "", inner))
        assert text == body[quotes[qid]["start_offset"] : quotes[qid]["end_offset"]]


def test_nested_highlights_and_mentions_nest_properly():
    body = "„Ich sagte: ‚Nein.‘ Basta“, sagte Jan Ott."
    quotes = [
        {
            "id": 1,
            "kind": "direct",
            "start_offset": 0,
            "end_offset": 25,
            "speaker": "Jan Ott",
            "speaker_id": 3,
            "cue": "sagte",
            "confidence": 0.9,
            "mention_start": 33,
            "mention_end": 40,
        },
        {
            "id": 2,
            "kind": "direct",
            "start_offset": 11,
            "end_offset": 18,
            "speaker": "Jan Ott",
            "speaker_id": 3,
            "cue": "sagte",
            "confidence": 0.9,
            "mention_start": 1,
            "mention_end": 4,
        },
    ]
    html = highlight(body, quotes)
    assert html.index('id="q1"') < html.index('id="q2"')
    outer = re.search(r'<mark id="q1".*?>(.*)</mark>', html, re.S).group(1)
    assert 'id="q2"' in outer  # the nested quotation sits inside its parent
    assert html.count('<a class="mention" href="/speaker/3">') == 2


def test_add_needs_csrf_token_and_respects_limits(tmp_path):
    client = TestClient(create_web_app(str(tmp_path / "a.db")))
    form = client.get("/add")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    assert client.post("/add", data={"csrf": "forged", "text": "x"}).status_code == 403
    too_big = client.post("/add", data={"csrf": csrf}, files={"upload": ("big.html", b"x" * (6 * 1024 * 1024))})
    assert too_big.status_code == 413
    ok = client.post(
        "/add",
        data={"csrf": csrf, "text": "„Wir bleiben hier“, sagte die Bürgermeisterin Ina Roth."},
        follow_redirects=False,
    )
    assert ok.status_code == 303 and ok.headers["location"].startswith("/add/jobs/")
    done = wait_for_job(client, ok.headers["location"])
    assert done.status_code == 303 and done.headers["location"].startswith("/article/")
    article = client.get(done.headers["location"])
    assert "Ina Roth" in article.text and "<mark" in article.text


def wait_for_job(client, location, seconds: float = 120):
    """Poll a job's page as the browser does (it refreshes itself) until the job is over."""
    import time

    end = time.monotonic() + seconds
    while True:
        res = client.get(location, follow_redirects=False)
        if res.status_code != 200 or time.monotonic() > end:
            return res
        assert 'http-equiv="refresh"' in res.text and "…" in res.text  # a page that shows progress
        time.sleep(0.2)


def _csrf(client) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/add").text).group(1)


def test_pages_that_cannot_be_read_or_fetched_fail_their_job_with_a_message(tmp_path):
    db = str(tmp_path / "a.db")
    client = TestClient(create_web_app(db))
    csrf = _csrf(client)
    binary = client.post(
        "/add",
        data={"csrf": csrf},
        files={"upload": ("x.html", b"\x89PNG\r\n\x1a\n\x00\x00" * 100)},
        follow_redirects=False,
    )
    failed = wait_for_job(client, binary.headers["location"])
    assert failed.status_code == 422 and "binary file" in failed.text
    local = client.post("/add", data={"csrf": csrf, "url": "http://127.0.0.1:9/admin"}, follow_redirects=False)
    failed = wait_for_job(client, local.headers["location"])
    assert failed.status_code == 422 and "private, loopback or link-local" in failed.text
    assert client.post("/add", data={"csrf": csrf, "url": "javascript:alert(1)"}).status_code == 422
    repo = Repository.open(db)
    assert repo.stats()["pages"] == 0, "nothing that failed is stored"
    repo.close()


def test_public_server_needs_the_access_token(tmp_path):
    public = TestClient(create_web_app(str(tmp_path / "a.db"), token="t0k", host="0.0.0.0"))
    form = public.get("/add")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    text = "„Wir bleiben hier“, sagte die Bürgermeisterin Ina Roth."
    assert public.post("/add", data={"csrf": csrf, "text": text}).status_code == 401
    assert (
        public.post("/add", data={"csrf": csrf, "text": text, "access": "t0k"}, follow_redirects=False).status_code
        == 303
    )
    # a non-ASCII token is refused like any wrong one
    assert public.post("/add", data={"csrf": csrf, "text": text, "access": "tök"}).status_code == 401
    closed = TestClient(create_web_app(str(tmp_path / "b.db"), host="0.0.0.0"))
    assert "disabled" in closed.get("/add").text


def test_timeline_fills_empty_months():
    svg = timeline({"2025-01": 3, "2025-04": 1})
    assert svg.count("<rect") == 4 and "2025-02: 0 quotations" in svg
    assert 'role="img"' in svg and "aria-label" in svg


def test_article_page_shows_the_claims_its_statements_repeat(tmp_path):
    from pathlib import Path

    from quotewatch.claims.catalog import read_catalog
    from quotewatch.claims.store import import_claims, match_archive

    db = str(tmp_path / "c.db")
    repo = Repository.open(db)
    text = "„Die Sanktionen schaden Europa viel mehr als Russland“, sagte der Abgeordnete Karl Brenner am Montag."
    added = repo.add(RawPage(text.encode(), "https://news.example/1", "https://news.example/1"), extract_raw)
    data = Path(__file__).resolve().parents[1] / "src" / "quotewatch" / "claims" / "data" / "claims-demo.jsonl"
    import_claims(repo, read_catalog(data))
    match_archive(repo)
    repo.close()
    web = TestClient(create_web_app(db))
    html = web.get(f"/article/{added.article_id}").text
    assert "Known claims" in html and "Die Sanktionen schaden Europa mehr als Russland." in html
    assert "irreführend" in html and 'class="stance repeats">repeats' in html

    # the claims page counts statements per stance and links to them; the search filters by stance
    listing = web.get("/claims").text
    claim_id = int(listing.split('href="/?claim=')[1].split("&")[0])
    assert f'href="/?claim={claim_id}&amp;stance=repeats">1</a>' in listing
    found = web.get(f"/?claim={claim_id}&stance=repeats").text
    assert "1 quotation" in found and "that repeat the claim" in found and "Karl Brenner" in found
    assert "0 quotations" in web.get(f"/?claim={claim_id}&stance=denies").text
    assert web.get("/?claim=1&stance=spreads").status_code == 422

    from quotewatch.api import create_app

    api = TestClient(create_app(db))
    assert api.get("/quotes", params={"claim": claim_id, "stance": "repeats"}).json()["total"] == 1
    assert api.get("/quotes", params={"claim": claim_id, "stance": "denies"}).json()["total"] == 0
    article = api.get(f"/articles/{added.article_id}").json()
    assert [(c["claim_id"], c["stance"]) for c in article["claims"]] == [(claim_id, "repeats")]
