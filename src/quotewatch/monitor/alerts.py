"""Alerts for watchlist matches: an Atom feed (pulled), webhooks and e-mail (pushed, delivered once).

Every match has one delivery row per channel; a delivery is marked done in the archive right after
the receiver accepted it, so a match is never sent twice, across restarts too (a process killed
between the receiver's "OK" and the commit would send that one again: the `X-Quotewatch-Delivery`
header and the `match` field carry the match's id for receivers that must not count it twice).
A failed delivery is tried again later, each time after twice the wait (30 s up to 6 h).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

import httpx

from quotewatch import __version__
from quotewatch.monitor.sources import parse_time
from quotewatch.monitor.watch import Watchlist, all_watchlists, matches_by_id, watch_matches
from quotewatch.store.repository import Repository, now_iso

FIRST_RETRY = 30.0  # seconds
LAST_RETRY = 6 * 3600.0
WEBHOOK_TIMEOUT = 10.0
SIGNATURE_HEADER = "X-Quotewatch-Signature"


@dataclass
class Mailer:
    """An SMTP server to send alerts through."""

    host: str
    port: int = 25
    sender: str = "quotewatch@localhost"
    username: str | None = None
    password: str | None = None
    starttls: bool = False

    def send(self, message: EmailMessage) -> None:
        message["From"] = self.sender
        with smtplib.SMTP(self.host, self.port, timeout=WEBHOOK_TIMEOUT) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)


def parse_mailer(spec: str | None, sender: str | None = None) -> Mailer | None:
    """ "host:port" (or "host") to a Mailer; user and password from QUOTEWATCH_SMTP_USER/_PASSWORD."""
    import os

    if not spec:
        return None
    host, _, port = spec.rpartition(":") if ":" in spec else (spec, "", "25")
    if not port.isdigit():
        raise ValueError(f"{spec!r}: an SMTP server is host:port")
    return Mailer(
        host,
        int(port),
        sender or "quotewatch@localhost",
        os.environ.get("QUOTEWATCH_SMTP_USER"),
        os.environ.get("QUOTEWATCH_SMTP_PASSWORD"),
        os.environ.get("QUOTEWATCH_SMTP_STARTTLS") == "1",
    )


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def payload(w: Watchlist, match: dict, base_url: str) -> dict:
    return {
        "watchlist": w.name,
        "match": match["match_id"],
        "matched_at": match["matched_at"],
        "novelty": match["novelty"],
        "quote": {
            k: match[k]
            for k in ("id", "kind", "text", "speaker", "cue", "article_id", "title", "agency", "published", "language")
        },
        "source_url": match["url"],
        "link": f"{base_url.rstrip('/')}/article/{match['article_id']}#q{match['id']}",
    }


def _retry_at(attempts: int, now: datetime) -> str:
    return now_iso(now + timedelta(seconds=min(LAST_RETRY, FIRST_RETRY * 2 ** max(0, attempts - 1))))


def _pending(repo: Repository, w: Watchlist, channel: str, now: datetime) -> list[dict]:
    return repo.db.fetchall(
        """SELECT d.match_id, d.attempts FROM deliveries d JOIN watch_matches m ON m.id = d.match_id
           WHERE m.watchlist_id = :w AND d.channel = :c AND d.delivered_at IS NULL AND d.next_try <= :now
           ORDER BY d.match_id""",
        {"w": w.id, "c": channel, "now": now_iso(now)},
    )


def _mark(
    repo: Repository, match_ids: list[int], channel: str, error: str | None, attempts: int, now: datetime
) -> None:
    with repo.db.transaction():
        for match_id in match_ids:
            if error is None:
                repo.db.execute(
                    """UPDATE deliveries SET delivered_at = :now, attempts = attempts + 1, last_error = NULL
                       WHERE match_id = :m AND channel = :c""",
                    {"now": now_iso(now), "m": match_id, "c": channel},
                )
            else:
                repo.db.execute(
                    """UPDATE deliveries SET attempts = attempts + 1, last_error = :e, next_try = :next
                       WHERE match_id = :m AND channel = :c""",
                    {"e": error[:500], "next": _retry_at(attempts + 1, now), "m": match_id, "c": channel},
                )


def deliver(
    repo: Repository,
    mailer: Mailer | None = None,
    base_url: str = "http://localhost:8000",
    post: Callable[..., httpx.Response] | None = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Send what is due: webhooks one match at a time, e-mail one per match or a digest every N hours."""
    now = now or datetime.now(UTC)
    post = post or httpx.post
    sent = {"webhook": 0, "email": 0, "failed": 0}
    for w in all_watchlists(repo):
        if w.webhook:
            due = _pending(repo, w, "webhook", now)
            matches = matches_by_id(repo, [d["match_id"] for d in due])
            for d in due:
                match = matches.get(d["match_id"])
                error = None
                if match is None:
                    error = "the quotation is no longer in the archive"
                else:
                    body = json.dumps(payload(w, match, base_url), ensure_ascii=False).encode()
                    headers = {
                        "Content-Type": "application/json",
                        "User-Agent": f"quotewatch/{__version__}",
                        "X-Quotewatch-Delivery": str(d["match_id"]),
                    }
                    if w.secret:
                        headers[SIGNATURE_HEADER] = sign(w.secret, body)
                    try:
                        answer = post(w.webhook, content=body, headers=headers, timeout=WEBHOOK_TIMEOUT)
                        if not 200 <= answer.status_code < 300:
                            error = f"HTTP {answer.status_code}"
                    except httpx.HTTPError as exc:
                        error = str(exc) or exc.__class__.__name__
                _mark(repo, [d["match_id"]], "webhook", error, d["attempts"], now)
                sent["webhook" if error is None else "failed"] += 1
        if w.email and mailer is not None:
            sent_mail = _deliver_mail(repo, w, mailer, base_url, now)
            sent["email"] += max(0, sent_mail)
            sent["failed"] += sent_mail < 0
    return sent


def _deliver_mail(repo: Repository, w: Watchlist, mailer: Mailer, base_url: str, now: datetime) -> int:
    """Messages sent (a digest counts once), or -1 when the server refused."""
    due = _pending(repo, w, "email", now)
    if not due:
        return 0
    if w.digest_hours:
        row = repo.db.fetchone("SELECT last_digest FROM watchlists WHERE id = :w", {"w": w.id})
        last = row["last_digest"]
        if last and now - parse_time(last) < timedelta(hours=w.digest_hours):
            return 0
        batches = [due]
    else:
        batches = [[d] for d in due]
    matches = matches_by_id(repo, [d["match_id"] for d in due])
    sent = 0
    for batch in batches:
        found = [matches[d["match_id"]] for d in batch if d["match_id"] in matches]
        message = EmailMessage()
        message["To"] = w.email
        message["Subject"] = (
            f"[quotewatch] {w.name}: {len(found)} new statements"
            if w.digest_hours
            else f"[quotewatch] {w.name}: {(found[0]['speaker'] or 'unknown speaker') if found else 'a statement'}"
        )
        message.set_content(
            "\n\n".join(
                f"{m['speaker'] or 'unknown speaker'} ({m['agency'] or ''} {(m['published'] or '')[:10]}):\n"
                f"{m['text']}\n{base_url.rstrip('/')}/article/{m['article_id']}#q{m['id']}"
                for m in found
            )
            or "The matched statements are no longer in the archive."
        )
        ids = [d["match_id"] for d in batch]
        try:
            mailer.send(message)
        except (OSError, smtplib.SMTPException) as exc:
            _mark(repo, ids, "email", str(exc) or exc.__class__.__name__, max(d["attempts"] for d in batch), now)
            return -1
        _mark(repo, ids, "email", None, 0, now)
        sent += 1
    if w.digest_hours:
        with repo.db.transaction():
            repo.db.execute("UPDATE watchlists SET last_digest = :now WHERE id = :w", {"now": now_iso(now), "w": w.id})
    return sent


def atom_feed(repo: Repository, w: Watchlist, base_url: str, limit: int = 100) -> str:
    """The watchlist's latest matches as an Atom feed, readable in any feed reader."""
    base = base_url.rstrip("/")
    matches = watch_matches(repo, w.name, limit=limit)
    updated = matches[0]["matched_at"] if matches else now_iso()
    entries = []
    for m in matches:
        link = f"{base}/article/{m['article_id']}#q{m['id']}"
        title = f"{m['speaker'] or 'Unknown speaker'}: {m['text'][:100]}"
        summary = f"{m['text']} — {m['title'] or ''} ({m['agency'] or 'unknown outlet'}, {(m['published'] or '')[:10]})"
        entries.append(
            f"""  <entry>
    <id>tag:quotewatch,2026:watch-match-{m["match_id"]}</id>
    <title>{escape(title)}</title>
    <link rel="alternate" href={quoteattr(link)}/>
    <updated>{m["matched_at"]}</updated>
    <author><name>{escape(m["speaker"] or "unknown")}</name></author>
    <summary>{escape(summary)}</summary>
  </entry>"""
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <id>tag:quotewatch,2026:watch-{w.id}</id>\n"
        f"  <title>{escape('quotewatch: ' + w.name)}</title>\n"
        f"  <subtitle>{escape(w.describe())}</subtitle>\n"
        f'  <link rel="self" href={quoteattr(f"{base}/watch/{quote(w.name)}.atom")}/>\n'
        f"  <updated>{updated}</updated>\n" + "\n".join(entries) + "\n</feed>\n"
    )
