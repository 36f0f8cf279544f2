"""Fetching as a server does it: private targets refused (also after a redirect and on the address
actually connected to), robots.txt for every redirect target, an overall deadline, and malformed or
truncated answers as one error line while the run goes on."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from quotewatch.ingest import add_sources, fetch
from quotewatch.ingest.fetch import Fetcher, FetchError, public_address
from quotewatch.store import Repository

PAGE = "<html><body><article><p>BERLIN (dpa) - „Alles gut“, sagte Anna Berg.</p></article></body></html>".encode()


class Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits: dict[str, int] = {}

    def log_message(self, *args) -> None:
        pass

    def _raw(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()
        self.close_connection = True

    def do_GET(self) -> None:
        Hostile.hits[self.path] = Hostile.hits.get(self.path, 0) + 1
        port = self.server.server_port
        if self.path == "/robots.txt":
            body = b"User-agent: *\nDisallow: /private/\n"
            return self._raw(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        if self.path == "/ok.html":
            return self._raw(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(PAGE) + PAGE
            )
        if self.path == "/to-private":
            return self._raw(b"HTTP/1.1 302 Found\r\nLocation: /private/x.html\r\nContent-Length: 0\r\n\r\n")
        if self.path == "/to-loopback":
            return self._raw(
                b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:%d/ok.html\r\nContent-Length: 0\r\n\r\n" % port
            )
        if self.path == "/bad-chunks":
            return self._raw(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nnot a chunk\r\n")
        if self.path == "/short":
            return self._raw(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + PAGE)
        if self.path == "/drip-body":
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            for _ in range(100):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.3)
            return None
        if self.path == "/drip-headers":
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"y" * 100:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.3)
            return None
        return self._raw(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")


@pytest.fixture
def hostile():
    Hostile.hits = {}
    server = ThreadingHTTPServer(("0.0.0.0", 0), Hostile)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_port
    server.shutdown()


def quick(**kw) -> Fetcher:
    return Fetcher(min_interval=0, backoff=0, retries=0, timeout=5, **kw)


def test_public_addresses():
    assert public_address("93.184.216.34") and public_address("2606:2800:220:1::1")
    for ip in (
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.1",
        "172.16.5.4",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "100.64.0.1",
        "224.0.0.1",
        "fc00::1",
    ):
        assert not public_address(ip), ip


def test_private_and_loopback_targets_are_refused_when_not_allowed(hostile):
    for url in (f"http://127.0.0.1:{hostile}/ok.html", f"http://localhost:{hostile}/ok.html", "http://[::1]:9/x"):
        with pytest.raises(FetchError, match="private, loopback or link-local"):
            quick(allow_private=False).fetch(url)
    assert "/ok.html" not in Hostile.hits
    assert quick().fetch(f"http://127.0.0.1:{hostile}/ok.html").data == PAGE  # in-house sites: opted in


def test_a_redirect_to_a_private_address_is_refused(hostile, monkeypatch):
    # 127.0.0.2 stands for a public server here; the redirect leads to 127.0.0.1
    monkeypatch.setattr(fetch, "public_address", lambda ip: ip == "127.0.0.2")
    with pytest.raises(FetchError, match="private"):
        quick(allow_private=False).fetch(f"http://127.0.0.2:{hostile}/to-loopback")
    assert "/ok.html" not in Hostile.hits


def test_the_address_connected_to_is_checked_too(hostile, monkeypatch):
    # the name looks public when checked, the connection goes to loopback (DNS rebinding)
    real = socket.getaddrinfo
    monkeypatch.setattr(fetch.socket, "getaddrinfo", lambda *a, **k: [(0, 0, 0, "", ("93.184.216.34", 80))])
    with pytest.raises(FetchError, match="connected to a private address"):
        quick(allow_private=False, respect_robots=False).fetch(f"http://127.0.0.1:{hostile}/ok.html")
    monkeypatch.setattr(fetch.socket, "getaddrinfo", real)


def test_robots_txt_is_checked_for_every_redirect_target(hostile):
    with pytest.raises(FetchError, match="disallowed by robots.txt"):
        quick().fetch(f"http://127.0.0.1:{hostile}/to-private")
    assert not any(p.startswith("/private/") for p in Hostile.hits)


@pytest.mark.parametrize("path", ["/drip-body", "/drip-headers"])
def test_a_server_that_sends_a_byte_at_a_time_meets_the_deadline(hostile, path):
    with pytest.raises(FetchError, match="no complete answer within 1.5 s"):
        quick(deadline=1.5).fetch(f"http://127.0.0.1:{hostile}{path}")


@pytest.mark.parametrize(("path", "reason"), [("/bad-chunks", "malformed"), ("/short", "truncated")])
def test_malformed_and_truncated_answers_are_errors_and_the_run_goes_on(hostile, tmp_path, path, reason):
    with pytest.raises(FetchError, match=reason):
        quick().fetch(f"http://127.0.0.1:{hostile}{path}")
    repo = Repository.open(str(tmp_path / "a.db"))
    base = f"http://127.0.0.1:{hostile}"
    report = add_sources(repo, [base + path, base + "/ok.html"], quick(), show_progress=False)
    assert report.counts["added"] == 1 and len(report.errors) == 1
    assert "\n" not in report.errors[0].message and repo.stats()["pages"] == 1
