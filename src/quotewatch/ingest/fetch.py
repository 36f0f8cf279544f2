"""Polite and safe fetching on httpx: a real user agent, connect/read timeouts and an overall deadline per
fetch, streamed bodies with a size cap, retries with backoff (and Retry-After), robots.txt for every URL
and every redirect target, a rate limit per host, conditional GET (ETag / Last-Modified remembered
between runs) and, unless allowed, no private, loopback or link-local targets (checked before
connecting and again on the address actually connected to, after every redirect).

Requests run on one event loop in a background thread, shared by every Fetcher of the process: the
connection pool is reused across fetches and threads, and the overall deadline cancels a fetch wherever
it is (connecting, waiting for headers a server sends a byte at a time, reading the body).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from urllib.parse import urljoin, urlsplit

import httpx

from quotewatch import __version__
from quotewatch.settings import MAX_PAGE_BYTES

USER_AGENT = f"quotewatch/{__version__} (+https://pypi.org/project/quotewatch/; news quotation archive)"
MAX_REDIRECTS = 5
ROBOTS_BYTES = 512 * 1024


class FetchError(Exception):
    """A page could not be fetched; the message names the URL and the reason. `retry_after`: the
    seconds the server asked to wait (503/429 with Retry-After), for callers that poll again later."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class Fetched:
    url: str  # after redirects
    data: bytes | None  # None: not modified since the last fetch
    content_type: str | None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str = field(default_factory=lambda: formatdate(usegmt=True))


class _Refused(Exception):
    """The server may not be asked (private address, robots.txt); not worth a retry."""


def public_address(ip: str) -> bool:
    """Is an address one a server may fetch from on a user's behalf (not private, loopback, link-local,
    multicast, reserved or unspecified; IPv4 mapped into IPv6 judged as IPv4)?"""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr.is_global and not addr.is_multicast


class _EventLoop:
    """One asyncio loop in a daemon thread, and the httpx client that lives on it."""

    _lock = threading.Lock()
    _instance: _EventLoop | None = None

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.client: httpx.AsyncClient | None = None
        threading.Thread(target=self.loop.run_forever, name="quotewatch-fetch", daemon=True).start()

    @classmethod
    def get(cls) -> _EventLoop:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def run(self, coro, deadline: float):  # type: ignore[no-untyped-def]
        async def bounded():  # type: ignore[no-untyped-def]
            if self.client is None:
                # no redirects followed by httpx: each hop is checked here; trust_env off: no proxy
                # settings from the environment decide where a server-side fetch goes
                self.client = httpx.AsyncClient(follow_redirects=False, trust_env=False, http2=False)
            async with asyncio.timeout(deadline):
                return await coro

        return asyncio.run_coroutine_threadsafe(bounded(), self.loop).result()


@dataclass
class Fetcher:
    user_agent: str = USER_AGENT
    timeout: float = 20.0  # to connect, and between two reads
    deadline: float = 60.0  # for a whole fetch, redirects and body included
    retries: int = 3
    backoff: float = 1.0  # seconds, doubled after every failed try
    min_interval: float = 1.0  # seconds between two requests to one host
    respect_robots: bool = True
    max_bytes: int = MAX_PAGE_BYTES
    # in-house sites: a server (web UI, API) refuses private and loopback targets unless told otherwise
    allow_private: bool = True
    sleep: Callable[[float], None] = time.sleep
    _last_request: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            due = self._last_request.get(host, 0.0) + self.min_interval - time.monotonic()
            self._last_request[host] = time.monotonic() + max(0.0, due)
        if due > 0:
            self.sleep(due)

    # ---- checks ------------------------------------------------------------------------------------
    def _check_target(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _Refused("not an http(s) URL")
        if self.allow_private:
            return
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        except (socket.gaierror, UnicodeError) as exc:
            raise _Refused(f"host not found ({parts.hostname})") from exc
        for info in infos:
            if not public_address(info[4][0]):
                raise _Refused(f"refused: {parts.hostname} is a private, loopback or link-local address")

    def _check_peer(self, response: httpx.Response, url: str) -> None:
        """The address actually connected to: a name that resolved to a public address when checked may
        resolve to a private one when connecting (DNS rebinding)."""
        if self.allow_private:
            return
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if not peer or not public_address(peer[0]):
            raise _Refused(f"refused: {urlsplit(url).hostname} connected to a private address")

    def allowed(self, url: str) -> bool:
        if not self.respect_robots:
            return True
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            self._robots[root] = self._read_robots(root)
        parser = self._robots[root]
        return parser is not None and parser.can_fetch(self.user_agent, url)

    def _read_robots(self, root: str) -> urllib.robotparser.RobotFileParser | None:
        parser = urllib.robotparser.RobotFileParser()
        try:
            self._wait_turn(urlsplit(root).netloc)
            status, _, data, _ = _EventLoop.get().run(
                self._get(root + "/robots.txt", {"User-Agent": self.user_agent}, ROBOTS_BYTES), self.deadline
            )
        except (_Refused, httpx.HTTPError, OSError, TimeoutError, FetchError):
            return _allow_all()  # no answer: nothing is forbidden
        if status >= 500:
            return None  # a failing server allows nothing for now
        if status >= 400:
            return _allow_all()  # no robots.txt allows everything
        parser.parse((data or b"").decode("utf-8", "replace").splitlines())
        return parser

    # ---- fetching -----------------------------------------------------------------------------------
    async def _get(self, url: str, headers: dict[str, str], limit: int) -> tuple[int, httpx.Headers, bytes | None, str]:
        """One request without redirects: (status, headers, body up to `limit` or None, url)."""
        assert _EventLoop.get().client is not None
        await asyncio.to_thread(self._check_target, url)  # name lookups block: not on the loop
        request = _EventLoop.get().client.build_request("GET", url, headers=headers, timeout=self.timeout)
        response = await _EventLoop.get().client.send(request, stream=True)
        try:
            self._check_peer(response, url)
            if response.status_code != 200:
                return response.status_code, response.headers, None, url
            chunks, size = [], 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"{url}: page larger than {limit / 1e6:.0f} MB")
                chunks.append(chunk)
            return 200, response.headers, b"".join(chunks), url
        finally:
            await response.aclose()

    async def _follow(self, url: str, headers: dict[str, str]) -> tuple[int, httpx.Headers, bytes | None, str]:
        for _ in range(MAX_REDIRECTS + 1):
            status, got_headers, data, _ = await self._get(url, headers, self.max_bytes)
            if status not in (301, 302, 303, 307, 308):
                return status, got_headers, data, url
            location = got_headers.get("Location")
            if not location:
                raise FetchError(f"{url}: redirect without a Location")
            url = urljoin(url, location)
            # robots.txt of the redirect target: a site may not send us where its owner said no;
            # the check itself runs in a worker thread (it may fetch robots.txt and sleep its turn)
            if not await asyncio.to_thread(self.allowed, url):
                raise _Refused(f"redirected to {url}, disallowed by robots.txt")
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        if not url.startswith(("http://", "https://")):
            raise FetchError(f"{url}: not an http(s) URL")
        try:
            self._check_target(url)
        except _Refused as exc:
            raise FetchError(f"{url}: {exc}") from exc
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
        asked_wait: float | None = None
        for attempt in range(self.retries + 1):
            self._wait_turn(urlsplit(url).netloc)
            try:
                status, got, data, final = _EventLoop.get().run(self._follow(url, headers), self.deadline)
                if status == 304:
                    return Fetched(url, None, None, etag, last_modified)
                if status == 200:
                    return Fetched(final, data, got.get("Content-Type"), got.get("ETag"), got.get("Last-Modified"))
                last_error = f"HTTP {status}"
                if status < 500 and status != 429:
                    break  # the server said no; asking again will not change that
                retry_after = got.get("Retry-After")
                if retry_after and retry_after.strip().isdigit():
                    asked_wait = min(float(retry_after), 86_400.0)
                    delay = max(delay, min(asked_wait, 3600.0))
            except _Refused as exc:
                raise FetchError(f"{url}: {exc}") from exc
            except FetchError:
                raise
            except TimeoutError:
                last_error = f"no complete answer within {self.deadline:g} s"
            except httpx.TimeoutException:
                last_error = f"no answer within {self.timeout:g} s"
            except httpx.RemoteProtocolError as exc:
                # a malformed answer or a body shorter than announced: not a page to store
                last_error = f"malformed or truncated answer ({_first_line(exc)})"
            except (httpx.HTTPError, OSError) as exc:
                last_error = _first_line(exc) or exc.__class__.__name__
            if attempt < self.retries:
                self.sleep(delay)
                delay *= 2
        raise FetchError(f"{url}: {last_error}", retry_after=asked_wait)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


def _allow_all() -> urllib.robotparser.RobotFileParser:
    parser = urllib.robotparser.RobotFileParser()
    parser.parse([])
    return parser
