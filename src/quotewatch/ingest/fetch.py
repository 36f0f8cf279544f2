"""Polite fetching: a real user agent, timeouts, retries with backoff, robots.txt, a rate limit per
host and conditional GET (ETag / Last-Modified remembered between runs)."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from urllib.parse import urlsplit

from quotewatch import __version__

USER_AGENT = f"quotewatch/{__version__} (+https://pypi.org/project/quotewatch/; news quotation archive)"


class FetchError(Exception):
    """A page could not be fetched; the message names the URL and the reason."""


@dataclass
class Fetched:
    url: str  # after redirects
    data: bytes | None  # None: not modified since the last fetch
    content_type: str | None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str = field(default_factory=lambda: formatdate(usegmt=True))


@dataclass
class Fetcher:
    user_agent: str = USER_AGENT
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0  # seconds, doubled after every failed try
    min_interval: float = 1.0  # seconds between two requests to one host
    respect_robots: bool = True
    max_bytes: int = 20 * 1024 * 1024
    sleep: Callable[[float], None] = time.sleep
    _last_request: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            due = self._last_request.get(host, 0.0) + self.min_interval - time.monotonic()
            if due > 0:
                self.sleep(due)
            self._last_request[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        if not self.respect_robots:
            return True
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            parser = urllib.robotparser.RobotFileParser()
            try:
                req = urllib.request.Request(root + "/robots.txt", headers={"User-Agent": self.user_agent})
                self._wait_turn(parts.netloc)
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    parser.parse(resp.read(512 * 1024).decode("utf-8", "replace").splitlines())
            except urllib.error.HTTPError as exc:
                # no robots.txt (4xx) allows everything; a failing server (5xx) allows nothing for now
                parser = None if exc.code >= 500 else _allow_all()
            except (urllib.error.URLError, OSError, ValueError):
                parser = _allow_all()
            self._robots[root] = parser
        parser = self._robots[root]
        return parser is not None and parser.can_fetch(self.user_agent, url)

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        if not url.startswith(("http://", "https://")):
            raise FetchError(f"{url}: not an http(s) URL")
        if not self.allowed(url):
            raise FetchError(f"{url}: disallowed by robots.txt")
        headers = {
            "User-Agent": self.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        delay = self.backoff
        last_error = "no response"
        for attempt in range(self.retries + 1):
            self._wait_turn(urlsplit(url).netloc)
            try:
                req = urllib.request.Request(url, headers=headers)
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    data = resp.read(self.max_bytes + 1)
                    if len(data) > self.max_bytes:
                        raise FetchError(f"{url}: page larger than {self.max_bytes // 1_000_000} MB")
                    return Fetched(
                        resp.geturl(),
                        data,
                        resp.headers.get("Content-Type"),
                        resp.headers.get("ETag"),
                        resp.headers.get("Last-Modified"),
                    )
            except urllib.error.HTTPError as exc:
                if exc.code == 304:
                    return Fetched(url, None, None, etag, last_modified)
                last_error = f"HTTP {exc.code}"
                if exc.code < 500 and exc.code != 429:
                    break  # the server said no; asking again will not change that
                retry_after = exc.headers.get("Retry-After") if exc.headers else None
                if retry_after and retry_after.isdigit():
                    delay = max(delay, float(retry_after))
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                last_error = str(getattr(exc, "reason", exc)) or exc.__class__.__name__
            if attempt < self.retries:
                self.sleep(delay)
                delay *= 2
        raise FetchError(f"{url}: {last_error}")


def _allow_all() -> urllib.robotparser.RobotFileParser:
    parser = urllib.robotparser.RobotFileParser()
    parser.parse([])
    return parser
