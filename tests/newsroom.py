"""A local newsroom for tests and benchmarks: many outlets on one HTTP server, each with an RSS feed
that changes between polls and article pages with attributed quotations (text written for the
project). Outlets can be told to fail (503 with Retry-After), to be slow, or to be disallowed by
robots.txt; every request is counted.

    room = Newsroom(outlets=3).start()
    room.publish(0)              # a new article on outlet 0's feed
    room.edit(0, 1)              # article 1 of outlet 0 changes, with a new date in the feed
    room.feed_url(0), room.stop()
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SPEAKERS = [
    ("Innenminister", "Karl Brenner"),
    ("Außenministerin", "Ina Roth"),
    ("Abgeordnete", "Petra Lindner"),
    ("Bürgermeister", "Jonas Keller"),
    ("Gewerkschaftschef", "Tobias Wendt"),
]
TOPICS = [
    ("Die Vereinigten Staaten müssen ihre Zölle auf Stahl senken", "USA"),
    ("Wir werden die Grenze zu Polen besser schützen", "Polen"),
    ("Die Stromexporte nach Litauen steigen in diesem Jahr", "Litauen"),
    ("Die Sanktionen gegen Russland schaden vor allem dem Mittelstand", "Russland"),
    ("Der neue Hafen bringt der Region zweitausend Arbeitsplätze", "Hafen"),
    ("Die Schulen bekommen bis Herbst schnelles Internet", "Schulen"),
    ("Washington muss endlich mit Minsk verhandeln", "USA"),
]

# sentences without quotations that make each article's body its own (near-duplicate detection
# would otherwise take articles of one template for copies of each other)
BACKGROUND = [
    "Der Landtag berät den Entwurf in der kommenden Woche.",
    "Im vergangenen Jahr war ein ähnlicher Vorschlag gescheitert.",
    "Die Kosten werden auf mehrere Millionen Euro geschätzt.",
    "Vertreter der Wirtschaft begrüßten den Schritt.",
    "Umweltverbände äußerten sich zurückhaltend.",
    "Die Opposition verlangt eine Anhörung im Ausschuss.",
    "Nach Angaben des Statistikamts stieg die Zahl der Anträge deutlich.",
    "Die Stadtverwaltung prüft nun die Umsetzung.",
    "Ein Termin für die Abstimmung steht noch nicht fest.",
    "Mehrere Gemeinden haben bereits eigene Pläne vorgelegt.",
    "Die Regierung hatte das Thema im Frühjahr auf die Tagesordnung gesetzt.",
    "Kritiker bemängeln fehlende Zahlen zur Finanzierung.",
]


@dataclass
class Article:
    number: int
    speaker: tuple[str, str]
    statement: str
    published: datetime
    background: str = ""
    edits: int = 0

    def html(self, outlet: int) -> str:
        role, name = self.speaker
        extra = f" Nachtrag {self.edits}: Die Angaben wurden aktualisiert." if self.edits else ""
        return (
            f'<html lang="de"><head><title>Meldung {outlet}-{self.number}</title>'
            f'<meta property="article:published_time" content="{self.published.isoformat()}"></head>'
            f"<body><article><h1>Meldung {outlet}-{self.number}</h1>"
            f"<p>BERLIN (Lokal) – „{self.statement}“, sagte {role} {name} am Montag in Berlin. "
            f"Die Opposition kritisierte den Plan scharf.{extra}</p>"
            f"<p>„Wir haben lange darüber beraten“, fügte {name} hinzu. {self.background}</p>"
            "</article></body></html>"
        )


@dataclass
class Outlet:
    articles: list[Article] = field(default_factory=list)
    failing: int = 0  # the next N feed requests answer 503 with Retry-After
    retry_after: int = 120
    slow: float = 0.0  # seconds before each answer
    disallowed: bool = False  # the server's robots.txt disallows the outlet


class Newsroom:
    def __init__(self, outlets: int = 1, articles: int = 3, seed: int = 1):
        self.rnd = random.Random(seed)
        self.outlets = [Outlet() for _ in range(outlets)]
        self.requests: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.start_time = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
        for i in range(outlets):
            for _ in range(articles):
                self.publish(i)
        self.server: ThreadingHTTPServer | None = None

    # ---- content ---------------------------------------------------------------------------------
    def publish(self, outlet: int, statement: str | None = None, speaker: int | None = None) -> Article:
        with self.lock:
            site = self.outlets[outlet]
            number = len(site.articles) + 1
            who = SPEAKERS[speaker if speaker is not None else self.rnd.randrange(len(SPEAKERS))]
            said = statement or self.rnd.choice(TOPICS)[0]
            background = " ".join(self.rnd.sample(BACKGROUND, 3))
            article = Article(number, who, said, self.start_time + timedelta(minutes=number), background)
            site.articles.append(article)
            return article

    def edit(self, outlet: int, number: int) -> None:
        with self.lock:
            article = self.outlets[outlet].articles[number - 1]
            article.edits += 1

    def feed(self, outlet: int) -> str:
        site = self.outlets[outlet]
        items = []
        for a in reversed(site.articles[-50:]):
            stamp = a.published + timedelta(hours=a.edits)
            items.append(
                f"<item><title>Meldung {outlet}-{a.number}</title><link>{self.url(f'/o{outlet}/news/{a.number}.html')}"
                f"</link><pubDate>{format_datetime(stamp)}</pubDate></item>"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Outlet {outlet}</title>{''.join(items)}</channel></rss>"
        )

    # ---- serving ---------------------------------------------------------------------------------
    def start(self) -> Newsroom:
        room = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                with room.lock:
                    room.requests[self.path] += 1
                if self.path == "/robots.txt":
                    rules = "".join(f"Disallow: /o{i}/\n" for i, o in enumerate(room.outlets) if o.disallowed)
                    return self._send(200, "text/plain", "User-agent: *\n" + rules)
                parts = self.path.strip("/").split("/")
                site_no = int(parts[0][1:]) if parts and parts[0].startswith("o") and parts[0][1:].isdigit() else None
                site = room.outlets[site_no] if site_no is not None and site_no < len(room.outlets) else None
                if site is None:
                    return self._send(404, "text/plain", "no such outlet")
                if site.slow:
                    time.sleep(site.slow)
                if parts[1:] == [] or parts[1:] == [""]:  # the outlet's front page: links to its stories
                    links = "".join(
                        f'<li><a href="/o{site_no}/news/{a.number}.html">Meldung {a.number}</a></li>'
                        for a in site.articles[-50:]
                    )
                    nav = '<a href="/">Start</a> <a href="/impressum">Impressum</a>'
                    return self._send(200, "text/html", f"<html><body><nav>{nav}</nav><ul>{links}</ul></body></html>")
                if parts[1:] == ["feed.xml"]:
                    with room.lock:
                        if site.failing:
                            site.failing -= 1
                            return self._send(503, "text/plain", "busy", {"Retry-After": str(site.retry_after)})
                        body = room.feed(site_no)
                    return self._send(200, "application/rss+xml", body)
                if len(parts) == 3 and parts[1] == "news" and parts[2].removesuffix(".html").isdigit():
                    number = int(parts[2].removesuffix(".html"))
                    if 1 <= number <= len(site.articles):
                        return self._send(200, "text/html; charset=utf-8", site.articles[number - 1].html(site_no))
                return self._send(404, "text/plain", "not found")

            def _send(self, status: int, ctype: str, body: str, headers: dict | None = None) -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                # the client may have given up waiting (the slow outlet): nothing to answer then
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def url(self, path: str) -> str:
        assert self.server is not None, "start() the newsroom first"
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def front_page_url(self, outlet: int) -> str:
        return self.url(f"/o{outlet}/")

    def feed_url(self, outlet: int) -> str:
        return self.url(f"/o{outlet}/feed.xml")

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


class Receiver:
    """A webhook receiver: records each POST's body and whether its signature holds; answers 503 to
    the first `fail_first` ones."""

    def __init__(self, secret: str = "", fail_first: int = 0):
        self.secret, self.fail_first = secret, fail_first
        self.bodies: list[dict] = []
        self.signatures_ok: list[bool] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.fail_first:
                    receiver.fail_first -= 1
                    self.send_response(503)
                    self.end_headers()
                    return
                expected = "sha256=" + hmac.new(receiver.secret.encode(), body, hashlib.sha256).hexdigest()
                receiver.signatures_ok.append(self.headers.get("X-Quotewatch-Signature") == expected)
                receiver.bodies.append(json.loads(body))
                self.send_response(204)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
