"""Where pages come from: files, folders, JSON lines, WARC archives, URLs, RSS/Atom feeds, sitemaps.

`iter_pages(targets)` yields `RawPage`s, or `SourceError`s for inputs that fail (the run goes on).
Feeds and sitemaps are followed to their articles; files are read as they are.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urljoin

from quotewatch.article.loader import InputError, regular_file_size
from quotewatch.ingest.fetch import Fetcher, FetchError
from quotewatch.settings import MAX_ARCHIVE_BYTES, MAX_COMPRESSION_RATIO, MAX_PAGE_BYTES
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


def feed_kind(data: bytes) -> str | None:
    head = data[:2048].lstrip().lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    return None


def links_of(data: bytes, kind: str, base_url: str) -> tuple[list[str], list[str]]:
    """(article URLs, further sitemap URLs) listed in an RSS/Atom/RDF feed or a sitemap."""
    entries, sitemaps = entries_of(data, kind, base_url)
    return [url for url, _ in entries], sitemaps


def entries_of(data: bytes, kind: str, base_url: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The articles an RSS/Atom/RDF feed or a sitemap lists, each with the date it gives for it
    (`updated`, `pubDate`, `lastmod`; "" if none: an edited item comes back with a new one), and
    further sitemap URLs.

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

    def child_text(el: etree._Element, *names: str) -> str:
        for child in el:
            if local(child.tag) in names and child.text and child.text.strip():
                return child.text.strip()
        return ""

    articles: list[tuple[str, str]] = []
    sitemaps: list[str] = []
    rdf_about = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
    for el in root.iter():
        name = local(el.tag)
        if kind == "sitemap" and name in ("url", "sitemap"):
            loc = child_text(el, "loc")
            if loc and name == "sitemap":
                sitemaps.append(loc)
            elif loc:
                articles.append((loc, child_text(el, "lastmod")))
        elif kind == "feed" and name in ("item", "entry"):
            link = ""
            for child in el:
                if local(child.tag) == "link":
                    href = child.get("href") if child.get("rel") in (None, "alternate") else None
                    link = (href or child.text or "").strip()
                    if link:
                        break
            link = link or (el.get(rdf_about) or "")
            if link:
                stamp = child_text(el, "updated", "pubdate", "date", "published", "modified")
                articles.append((urljoin(base_url, link), stamp))
    seen: set[str] = set()
    unique = [(u, stamp) for u, stamp in articles if not (u in seen or seen.add(u))]
    return unique[:MAX_LINKS], sitemaps[:MAX_LINKS]


class ArchiveLimitError(Exception):
    """A compressed archive inflates beyond the limits: a compression bomb, or far too much data."""


class _Counting(io.RawIOBase):
    """A file read through: counts the bytes that pass (the compressed side of an archive)."""

    def __init__(self, raw: BinaryIO):
        self.raw, self.count = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


class _Inflated(io.RawIOBase):
    """The decompressed side of an archive, refusing to grow past the limits as it is read: more than
    MAX_COMPRESSION_RATIO times the compressed bytes read so far (once past a few megabytes), or
    MAX_ARCHIVE_BYTES in all."""

    FLOOR = 16 * 1024 * 1024  # small files may inflate a lot (a page of repeated markup) without harm

    def __init__(self, inflated: BinaryIO, compressed: _Counting, name: str):
        self.inflated, self.compressed, self.name, self.count = inflated, compressed, name, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        data = self.inflated.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        if self.count > MAX_ARCHIVE_BYTES or (
            self.count > self.FLOOR and self.count > MAX_COMPRESSION_RATIO * max(1, self.compressed.count)
        ):
            raise ArchiveLimitError(
                f"inflates to more than {self.count / 1e6:.0f} MB from {self.compressed.count / 1e6:.1f} MB "
                f"(over {MAX_COMPRESSION_RATIO}:1 or {MAX_ARCHIVE_BYTES / 1e9:.0f} GB): a compression bomb? "
                "Stopped reading it"
            )
        return len(data)


def _skip_line(fh: BinaryIO) -> None:
    """Read past the rest of an over-long line without holding it."""
    while True:
        chunk = fh.readline(1024 * 1024)
        if not chunk or chunk.endswith(b"\n"):
            return


class PageSource:
    def __init__(
        self,
        fetcher: Fetcher | None = None,
        conditional: Callable[[str], tuple[str | None, str | None]] | None = None,
        remember: Callable[[str, str | None, str | None], None] | None = None,
        max_bytes: int = MAX_PAGE_BYTES,
    ):
        self.fetcher = fetcher or Fetcher(max_bytes=max_bytes)
        # conditional GET: validators stored by the archive between runs
        self.conditional = conditional or (lambda url: (None, None))
        self.remember = remember or (lambda url, etag, modified: None)
        self.max_bytes = max_bytes

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
            # regular files only: a FIFO or device in a folder could block the run forever
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                yield from self._file(child, from_dir=True)
            return
        yield from self._file(path, from_dir=False)

    def _too_large(self, size: int) -> str:
        return f"larger than the page limit ({size / 1e6:.1f} MB > {self.max_bytes / 1e6:.1f} MB; see --max-size)"

    def _file(self, path: Path, from_dir: bool) -> Iterator[RawPage | SourceError]:
        name = path.name.lower()
        try:
            size = regular_file_size(path)
            if name.endswith((".warc", ".warc.gz")):
                yield from self._archive(path, self._warc)
            elif name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
                yield from self._archive(path, self._jsonl)
            elif from_dir and path.suffix.lower() not in PAGE_SUFFIXES | FEED_SUFFIXES:
                return  # other files in a folder (images, scripts) are not pages
            elif size > self.max_bytes:
                yield SourceError(str(path), self._too_large(size))
            else:
                data = path.read_bytes()
                kind = feed_kind(data) if path.suffix.lower() in FEED_SUFFIXES | {""} else None
                if kind:
                    yield from self._links(data, kind, f"file://{path.resolve()}", str(path))
                elif from_dir and path.suffix.lower() not in PAGE_SUFFIXES:
                    return
                else:
                    yield RawPage(data, str(path), None, None)
        except InputError as exc:
            yield SourceError(str(path), str(exc).split(": ", 1)[-1])
        except (OSError, ValueError, EOFError) as exc:
            yield SourceError(str(path), f"cannot read ({exc})")

    def _archive(
        self, path: Path, records: Callable[[BinaryIO, Path], Iterator[RawPage | SourceError]]
    ) -> Iterator[RawPage | SourceError]:
        """Records of a JSON lines or WARC file, compressed or not, within the size limits: a record over
        the page limit is an error of its own, a compression bomb or corrupt data ends the file (what was
        read before stays)."""
        with path.open("rb") as raw:
            compressed = _Counting(raw)
            if path.name.lower().endswith(".gz"):
                # inflated here, not inside warcio, so that the inflation is watched for both formats
                inflated = _Inflated(gzip.GzipFile(fileobj=compressed), compressed, str(path))
                stream: BinaryIO = io.BufferedReader(inflated)
            else:
                stream = io.BufferedReader(compressed)
            try:
                yield from records(stream, path)
            except ArchiveLimitError as exc:
                yield SourceError(str(path), str(exc))
            except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
                yield SourceError(str(path), f"corrupt or truncated data, stopped reading it ({exc})")

    def _jsonl(self, fh: BinaryIO, path: Path) -> Iterator[RawPage | SourceError]:
        for n, line in enumerate(iter(lambda: fh.readline(self.max_bytes + 1), b""), 1):
            where = f"{path}:{n}"
            if len(line) > self.max_bytes and not line.endswith(b"\n"):
                _skip_line(fh)
                yield SourceError(where, self._too_large(len(line)))
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield SourceError(where, f"not JSON ({getattr(exc, 'msg', exc)})")
                continue
            if not isinstance(record, dict):
                yield SourceError(where, "not a JSON object")
                continue
            content = next((record[k] for k in ("html", "raw", "content", "text", "body") if record.get(k)), None)
            if not isinstance(content, str):
                yield SourceError(where, "no html/text/content field")
                continue
            url = record.get("url") if isinstance(record.get("url"), str) else None
            yield RawPage(content.encode("utf-8"), where, url, "application/x-jsonl")

    def _warc(self, fh: BinaryIO, path: Path) -> Iterator[RawPage | SourceError]:
        from warcio.archiveiterator import ArchiveIterator

        for n, record in enumerate(ArchiveIterator(fh), 1):
            if record.rec_type != "response":
                continue
            ctype = record.http_headers.get_header("Content-Type") if record.http_headers else None
            if ctype and "html" not in ctype and "text" not in ctype:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            data = record.content_stream().read(self.max_bytes + 1)
            if len(data) > self.max_bytes:
                yield SourceError(f"{path}#{n}", self._too_large(len(data)))
                continue
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
        kind = feed_kind(got.data) if follow else None
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
