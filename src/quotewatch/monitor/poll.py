"""One poll of one source: fetch it (conditionally), list its entries, fetch and store the new ones.

What a source lists is remembered per source as (URL, the date the feed gives the entry), so every
poll fetches only what is new — and an entry the feed lists again with a new date (an edited story)
is fetched again and stored as a new version. The source's own validators (ETag, Last-Modified) are
remembered only after its entries are processed: a poll cut short is done again in full next time,
and the seen entries keep it from storing anything twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from quotewatch.article.loader import InputError
from quotewatch.ingest import extract_raw
from quotewatch.ingest.fetch import Fetcher, FetchError
from quotewatch.ingest.sources import entries_of, feed_kind
from quotewatch.model import Extraction
from quotewatch.monitor.sources import Source, remember_entry, seen_entries
from quotewatch.store.repository import RawPage, Repository

MAX_ENTRIES = 200  # new entries fetched per poll; the rest wait for the next one
MAX_PAGE_LINKS = 300


@dataclass
class PollResult:
    source: Source
    listed: int = 0  # entries the source lists
    stored: int = 0  # new articles and new versions stored
    unchanged: int = 0  # entries fetched again whose page had not changed
    not_modified: bool = False  # the source answered 304
    error: str | None = None  # the source itself could not be read
    retry_after: float | None = None
    entry_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        """One log line per poll."""
        name = self.source.name or self.source.url
        if self.error:
            return f"{name}: error: {self.error}"
        if self.not_modified:
            return f"{name}: not modified ({self.seconds:.2f} s)"
        errors = f", {len(self.entry_errors)} entry errors" if self.entry_errors else ""
        return f"{name}: {self.listed} listed, {self.stored} stored{errors} ({self.seconds:.2f} s)"


def page_links(data: bytes, base: str) -> list[tuple[str, str]]:
    """Article links of a section front page: links on the same host whose path looks like a story's
    (several segments, a number, or a file name), not the page itself."""
    from lxml import html

    try:
        root = html.fromstring(data)
    except (ValueError, html.etree.ParserError):
        return []
    host = urlsplit(base).netloc
    found: list[tuple[str, str]] = []
    seen = {base}
    for a in root.iter("a"):
        url = urljoin(base, (a.get("href") or "").strip()).split("#", 1)[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != host or url in seen:
            continue
        segments = [s for s in parts.path.split("/") if s]
        if len(segments) >= 2 or any(ch.isdigit() for ch in parts.path) or parts.path.endswith((".html", ".htm")):
            seen.add(url)
            found.append((url, ""))
        if len(found) >= MAX_PAGE_LINKS:
            break
    return found


def poll(
    repo: Repository,
    source: Source,
    fetcher: Fetcher,
    extract: Callable[[RawPage], Extraction] = extract_raw,
    max_entries: int = MAX_ENTRIES,
) -> PollResult:
    started = time.perf_counter()
    result = PollResult(source)
    etag, modified = repo.fetch_validators(source.url)
    try:
        got = fetcher.fetch(source.url, etag, modified)
    except FetchError as exc:
        result.error = str(exc).split(": ", 1)[-1]
        result.retry_after = exc.retry_after
        result.seconds = time.perf_counter() - started
        return result
    if got.data is None:
        result.not_modified = True
        result.seconds = time.perf_counter() - started
        return result
    kind = source.kind if source.kind != "auto" else (feed_kind(got.data) or "page")
    if kind == "page":
        entries = page_links(got.data, got.url)
    else:
        entries, sitemaps = entries_of(got.data, kind, got.url)
        for child in sitemaps[:10]:  # a sitemap index: its (news) sitemaps, one level down
            try:
                inner = fetcher.fetch(child)
            except FetchError as exc:
                result.entry_errors.append(str(exc))
                continue
            if inner.data:
                entries += entries_of(inner.data, "sitemap", inner.url)[0]
    result.listed = len(entries)
    keys = [f"{url} {stamp}".strip() for url, stamp in entries]
    seen = seen_entries(repo, source.id, keys)
    fresh = [(url, key) for (url, _), key in zip(entries, keys, strict=True) if key not in seen]
    for url, key in fresh[:max_entries]:
        try:
            page = fetcher.fetch(url)
        except FetchError as exc:
            result.entry_errors.append(str(exc))  # not remembered: tried again at the next poll
            continue
        if page.data is None:
            continue
        try:
            added = repo.add(RawPage(page.data, url, page.url, page.content_type, page.fetched_at), extract)
        except InputError as exc:
            result.entry_errors.append(str(exc))
        else:
            if added.status in ("added", "new_version"):
                result.stored += 1
            else:
                result.unchanged += 1
        remember_entry(repo, source.id, key)
    if len(fresh) <= max_entries:
        repo.remember_fetch(source.url, got.etag, got.last_modified)
    result.seconds = time.perf_counter() - started
    return result
