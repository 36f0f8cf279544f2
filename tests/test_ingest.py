"""Sources: files, folders, JSON lines, WARC, and the web (feeds, sitemaps, robots.txt, retries,
conditional GET) against a real HTTP server on loopback."""

from __future__ import annotations

import gzip
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from quotewatch.ingest import add_sources
from quotewatch.ingest.fetch import Fetcher, FetchError
from quotewatch.ingest.sources import PageSource, RawPage, SourceError
from quotewatch.store import QuoteQuery, Repository

ARTICLE = (
    "<html><head><title>{t}</title></head><body><article><h1>{t}</h1><p>BERLIN (dpa) - „Der Hafen wächst weiter“, "
    "sagte Hafenchef {name} am Montag in Berlin. Er fügte hinzu, dass der Umschlag um acht Prozent gestiegen sei."
    "</p></article></body></html>"
)


class Site(BaseHTTPRequestHandler):
    """A small news site: robots.txt, a feed, a sitemap, articles, a flaky page and a 304."""

    hits: dict[str, int] = {}

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        Site.hits[self.path] = Site.hits.get(self.path, 0) + 1
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/robots.txt":
            return self._send(b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if self.path == "/feed.xml":
            items = "".join(f"<item><link>{base}/news/{i}.html</link></item>" for i in (1, 2))
            items += f"<item><link>{base}/private/secret.html</link></item>"
            return self._send(
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>{items}</channel></rss>'.encode(),
                "application/rss+xml",
            )
        if self.path == "/sitemap.xml":
            locs = "".join(f"<url><loc>{base}/news/{i}.html</loc></url>" for i in (3,))
            return self._send(
                f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{locs}</urlset>".encode(),
                "application/xml",
            )
        if self.path == "/flaky.html" and Site.hits[self.path] < 3:
            return self._send(b"busy", "text/plain", 503)
        if self.path == "/cached.html" and self.headers.get("If-None-Match") == '"v1"':
            return self._send(b"", "text/html", 304)
        if self.path.startswith(("/news/", "/flaky", "/cached", "/private/")):
            name = {"/news/1.html": "Jens Albrecht", "/news/2.html": "Maria Lenz"}.get(self.path, "Tom Weber")
            body = ARTICLE.format(t=f"Hafen {self.path}", name=name).encode()
            return self._send(body, "text/html; charset=utf-8", etag='"v1"')
        return self._send(b"not found", "text/plain", 404)

    def _send(self, body: bytes, ctype: str, status: int = 200, etag: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if etag:
            self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)


@pytest.fixture
def site():
    Site.hits = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def fast_fetcher(**kw) -> Fetcher:
    return Fetcher(min_interval=0, backoff=0.01, timeout=5, **kw)


def test_feed_and_sitemap_are_followed_and_robots_respected(site, tmp_path):
    repo = Repository.open(str(tmp_path / "a.db"))
    report = add_sources(repo, [f"{site}/feed.xml", f"{site}/sitemap.xml"], fast_fetcher(), show_progress=False)
    assert report.counts["added"] == 3
    assert [e.message for e in report.errors] == ["disallowed by robots.txt"]
    assert "/private/secret.html" not in Site.hits
    speakers = {s["name"] for s in repo.speakers()}
    assert {"Jens Albrecht", "Maria Lenz", "Tom Weber"} <= speakers
    # a second run fetches again but stores nothing twice
    again = add_sources(repo, [f"{site}/feed.xml"], fast_fetcher(), show_progress=False)
    assert again.counts["added"] == 0 and repo.stats()["articles"] == 3


def test_retries_with_backoff_then_success(site):
    slept = []
    fetcher = fast_fetcher(sleep=slept.append)
    got = fetcher.fetch(f"{site}/flaky.html")
    assert b"Hafen" in got.data
    assert Site.hits["/flaky.html"] == 3
    assert slept == [0.01, 0.02]  # doubled after each failure


def test_missing_page_fails_without_retries(site):
    with pytest.raises(FetchError, match="HTTP 404"):
        fast_fetcher().fetch(f"{site}/nothing.html")
    assert Site.hits["/nothing.html"] == 1


def test_conditional_get_skips_unchanged_pages(site, tmp_path):
    repo = Repository.open(str(tmp_path / "a.db"))
    first = add_sources(repo, [f"{site}/cached.html"], fast_fetcher(), show_progress=False)
    assert first.counts["added"] == 1
    assert repo.fetch_validators(f"{site}/cached.html")[0] == '"v1"'
    second = add_sources(repo, [f"{site}/cached.html"], fast_fetcher(), show_progress=False)
    assert sum(second.counts.values()) == 0  # 304: nothing downloaded, nothing to store


def test_rate_limit_per_host(site):
    waits = []
    fetcher = Fetcher(min_interval=5, backoff=0, timeout=5, sleep=waits.append, respect_robots=False)
    fetcher.fetch(f"{site}/news/1.html")
    fetcher.fetch(f"{site}/news/2.html")
    assert len(waits) == 1 and 4 < waits[0] <= 5


def test_files_folders_jsonl_and_warc(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.html").write_text(ARTICLE.format(t="A", name="Jens Albrecht"), encoding="utf-8")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    jsonl = tmp_path / "dump.jsonl"
    jsonl.write_text(
        json.dumps({"url": "https://x.example/j", "html": ARTICLE.format(t="J", name="Maria Lenz")}) + "\n{broken\n",
        encoding="utf-8",
    )
    warc = tmp_path / "crawl.warc.gz"
    _write_warc(warc, "https://x.example/w", ARTICLE.format(t="W", name="Tom Weber").encode())

    items = list(PageSource(fast_fetcher()).iter_pages([str(folder), str(jsonl), str(warc), str(tmp_path / "x")]))
    pages = [i for i in items if isinstance(i, RawPage)]
    errors = [i for i in items if isinstance(i, SourceError)]
    assert sorted(p.url or p.source.rsplit("/", 1)[-1] for p in pages) == [
        "a.html",
        "https://x.example/j",
        "https://x.example/w",
    ]
    assert [e.message for e in errors] == [
        "not JSON (Expecting property name enclosed in double quotes)",
        "no such file or directory",
    ]


def _write_warc(path, url: str, html: bytes) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html), http_headers=headers))


def test_gzip_jsonl(tmp_path):
    path = tmp_path / "d.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "„Alles gut“, sagte Anna Berg."}) + "\n")
    repo = Repository.open(str(tmp_path / "a.db"))
    add_sources(repo, [str(path)], fast_fetcher(), show_progress=False)
    assert repo.quotes(QuoteQuery())[0]["speaker"] == "Anna Berg"
