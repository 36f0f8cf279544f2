"""Where pages come from: files, folders, JSON lines, WARC archives, URLs, RSS/Atom feeds, sitemaps.

`iter_pages(targets)` yields `RawPage`s, or `SourceError`s for inputs that fail (the run goes on).
Feeds and sitemaps are followed to their articles; files are read as they are.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from quotewatch.ingest.fetch import Fetcher, FetchError
from quotewatch.store.repository import RawPage

PAGE_SUFFIXES = {".html", ".htm", ".xhtml", ".txt", ".text", ".md"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
MAX_LINKS = 10_000


@dataclass
class SourceError:
    source: str
    message: str


def _is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def _feed_kind(data: bytes) -> str | None:
    head = data[:2048].lstrip().lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    return None


def links_of(data: bytes, kind: str, base_url: str) -> tuple[list[str], list[str]]:
    """(article URLs, further sitemap URLs) listed in an RSS/Atom/RDF feed or a sitemap.

    Parsed here with lxml rather than trafilatura's helpers, which drop links to hosts without a
    registered domain (intranets, IP addresses) that archives of in-house sites need."""
    from lxml import etree

    try:
        root = etree.fromstring(data, parser=etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return [], []
    if root is None:
        return [], []

    def local(tag: object) -> str:
        return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""

    articles: list[str] = []
    sitemaps: list[str] = []
    for el in root.iter():
        name = local(el.tag)
        parent = local(el.getparent().tag) if el.getparent() is not None else ""
        if kind == "sitemap" and name == "loc" and el.text:
            (sitemaps if parent == "sitemap" else articles).append(el.text.strip())
        elif kind == "feed" and name == "link" and parent in ("item", "entry"):
            href = el.get("href") if el.get("rel") in (None, "alternate") else None
            link = (href or el.text or "").strip()
            if link:
                articles.append(urljoin(base_url, link))
        elif kind == "feed" and name == "item" and el.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"):
            articles.append(el.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"))
    seen: set[str] = set()
    unique = [u for u in articles if not (u in seen or seen.add(u))]
    return unique[:MAX_LINKS], sitemaps[:MAX_LINKS]


class PageSource:
    def __init__(
        self,
        fetcher: Fetcher | None = None,
        conditional: Callable[[str], tuple[str | None, str | None]] | None = None,
        remember: Callable[[str, str | None, str | None], None] | None = None,
    ):
        self.fetcher = fetcher or Fetcher()
        # conditional GET: validators stored by the archive between runs
        self.conditional = conditional or (lambda url: (None, None))
        self.remember = remember or (lambda url, etag, modified: None)

    def iter_pages(self, targets: list[str]) -> Iterator[RawPage | SourceError]:
        for target in targets:
            if _is_url(target):
                yield from self._url(target, follow=True)
            else:
                yield from self._path(Path(target))

    # ---- files -----------------------------------------------------------------------------------
    def _path(self, path: Path) -> Iterator[RawPage | SourceError]:
        if not path.exists():
            yield SourceError(str(path), "no such file or directory")
            return
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                yield from self._file(child, from_dir=True)
            return
        yield from self._file(path, from_dir=False)

    def _file(self, path: Path, from_dir: bool) -> Iterator[RawPage | SourceError]:
        name = path.name.lower()
        try:
            if name.endswith((".warc", ".warc.gz")):
                yield from self._warc(path)
            elif name.endswith((".jsonl", ".ndjson", ".jsonl.gz")):
                yield from self._jsonl(path)
            else:
                data = path.read_bytes()
                kind = _feed_kind(data) if path.suffix.lower() in FEED_SUFFIXES | {""} else None
                if kind:
                    yield from self._links(data, kind, f"file://{path.resolve()}", str(path))
                elif from_dir and path.suffix.lower() not in PAGE_SUFFIXES:
                    return  # other files in a folder (images, scripts) are not pages
                else:
                    yield RawPage(data, str(path), None, None)
        except (OSError, ValueError, EOFError) as exc:
            yield SourceError(str(path), f"cannot read ({exc})")

    def _jsonl(self, path: Path) -> Iterator[RawPage | SourceError]:
        opener = gzip.open if path.name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{path}:{n}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield SourceError(where, f"not JSON ({exc.msg})")
                    continue
                content = next((record[k] for k in ("html", "raw", "content", "text", "body") if record.get(k)), None)
                if not isinstance(content, str):
                    yield SourceError(where, "no html/text/content field")
                    continue
                yield RawPage(content.encode("utf-8"), where, record.get("url"), "application/x-jsonl")

    def _warc(self, path: Path) -> Iterator[RawPage | SourceError]:
        from warcio.archiveiterator import ArchiveIterator

        with path.open("rb") as fh:
            for n, record in enumerate(ArchiveIterator(fh), 1):
                if record.rec_type != "response":
                    continue
                ctype = record.http_headers.get_header("Content-Type") if record.http_headers else None
                if ctype and "html" not in ctype and "text" not in ctype:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                data = record.content_stream().read()
                if data.strip():
                    yield RawPage(data, f"{path}#{n}", url, ctype, record.rec_headers.get_header("WARC-Date"))

    # ---- the web ---------------------------------------------------------------------------------
    def _url(self, url: str, follow: bool, depth: int = 0) -> Iterator[RawPage | SourceError]:
        etag, modified = self.conditional(url)
        try:
            got = self.fetcher.fetch(url, etag, modified)
        except FetchError as exc:
            yield SourceError(url, str(exc).split(": ", 1)[-1])
            return
        if got.data is None:
            return  # not modified since the last run
        kind = _feed_kind(got.data) if follow else None
        if kind and depth < 3:
            yield from self._links(got.data, kind, got.url, url, depth)
            return
        self.remember(url, got.etag, got.last_modified)
        yield RawPage(got.data, url, got.url, got.content_type, got.fetched_at)

    def _links(self, data: bytes, kind: str, base: str, source: str, depth: int = 0) -> Iterator[RawPage | SourceError]:
        articles, sitemaps = links_of(data, kind, base)
        if not articles and not sitemaps:
            yield SourceError(source, f"{kind} lists no article links")
        for link in sitemaps:
            yield from self._url(link, follow=True, depth=depth + 1)
        for link in articles:
            if _is_url(link):
                yield from self._url(link, follow=False, depth=depth + 1)
