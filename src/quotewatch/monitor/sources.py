"""Sources followed on a schedule — feeds, sitemaps and section front pages — as records in the
archive: their schedule, their health, and a lease that lets several `follow` processes share them.

All state lives in the archive (both back-ends): a `follow` killed at any moment loses nothing
committed, and the next one resumes each source on its schedule. A source is claimed for a poll by
taking a lease on it; a lease that runs out (its process died) frees the source again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quotewatch.store.repository import TIME_FORMAT, Repository, now_iso

KINDS = ("auto", "feed", "sitemap", "page")
UNHEALTHY_AFTER = timedelta(days=1)  # failing this long in a row: marked unhealthy, never dropped
MAX_BACKOFF = 86_400  # seconds: a failing source is still tried once a day
LEASE_SECONDS = 600  # a poll that takes longer than this may be taken over by another process
MIN_INTERVAL = 1  # seconds; tests poll fast, a real desk uses minutes
INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$", re.IGNORECASE)
UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86_400}


class SourceError(ValueError):
    """A source that cannot be added or found; the message names it."""


@dataclass
class Source:
    id: int
    url: str
    name: str | None
    kind: str
    language: str | None
    every_seconds: int
    paused: bool = False
    errors_in_row: int = 0


def parse_time(text: str) -> datetime:
    """A time as the archive stores it (`now_iso`), read back."""
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)


def parse_interval(text: str | int | float) -> int:
    """Seconds from "90s", "10m", "2h", "1d" or a number of seconds."""
    m = INTERVAL.match(str(text))
    if not m:
        raise SourceError(f"{text!r}: not an interval (say 90s, 10m, 2h or 1d)")
    seconds = int(float(m.group(1)) * UNITS[(m.group(2) or "s").lower()])
    if seconds < MIN_INTERVAL:
        raise SourceError(f"{text!r}: an interval of at least {MIN_INTERVAL} s")
    return seconds


def _row_to_source(row: dict) -> Source:
    return Source(
        row["id"],
        row["url"],
        row["name"],
        row["kind"],
        row["language"],
        row["every_seconds"],
        bool(row["paused"]),
        row["errors_in_row"],
    )


def add_source(
    repo: Repository,
    url: str,
    every: int = 600,
    name: str | None = None,
    kind: str = "auto",
    language: str | None = None,
) -> tuple[Source, bool]:
    """Follow a URL (or change how an already followed one is followed); True if it is new."""
    if not re.match(r"^https?://[^\s/]+", url or ""):
        raise SourceError(f"{url!r}: a source is an http(s) URL of a feed, a sitemap or a page")
    if kind not in KINDS:
        raise SourceError(f"{kind!r}: a source's kind is one of {', '.join(KINDS)}")
    db = repo.db
    with db.transaction():
        found = db.fetchone("SELECT id FROM sources WHERE url = :u", {"u": url})
        params = {"u": url, "n": name, "k": kind, "l": language, "e": every, "now": now_iso()}
        if found:
            db.execute(
                """UPDATE sources SET name = coalesce(:n, name), kind = :k, language = coalesce(:l, language),
                       every_seconds = :e WHERE url = :u""",
                params,
            )
        else:
            db.execute(
                """INSERT INTO sources (url, name, kind, language, every_seconds, next_run, created_at)
                   VALUES (:u, :n, :k, :l, :e, :now, :now)""",
                params,
            )
        row = db.fetchone("SELECT * FROM sources WHERE url = :u", {"u": url})
    return _row_to_source(row), not found


def find_source(repo: Repository, ident: str) -> Source:
    """A source by id, URL or name."""
    row = repo.db.fetchone(
        "SELECT * FROM sources WHERE url = :i OR name = :i OR CAST(id AS TEXT) = :i ORDER BY id LIMIT 1", {"i": ident}
    )
    if row is None:
        raise SourceError(f"{ident!r}: no such source (see `quotewatch sources list`)")
    return _row_to_source(row)


def set_paused(repo: Repository, ident: str, paused: bool) -> Source:
    source = find_source(repo, ident)
    with repo.db.transaction():
        # resuming polls at once rather than after a long pause's stale schedule
        repo.db.execute(
            "UPDATE sources SET paused = :p, next_run = :now WHERE id = :id",
            {"p": int(paused), "id": source.id, "now": now_iso()},
        )
    source.paused = paused
    return source


def remove_source(repo: Repository, ident: str) -> Source:
    """Stop following a source; the articles it brought stay in the archive."""
    source = find_source(repo, ident)
    with repo.db.transaction():
        repo.db.execute("DELETE FROM source_seen WHERE source_id = :id", {"id": source.id})
        repo.db.execute("DELETE FROM sources WHERE id = :id", {"id": source.id})
    return source


def health(row: dict, now: datetime | None = None) -> str:
    """ok, failing (errors in a row, less than a day), unhealthy (failing for a day or more),
    paused, or new (never polled)."""
    if row["paused"]:
        return "paused"
    if row["failing_since"]:
        failing = (now or datetime.now(UTC)) - parse_time(row["failing_since"])
        return "unhealthy" if failing >= UNHEALTHY_AFTER else "failing"
    return "ok" if row["last_fetch"] else "new"


def list_sources(repo: Repository) -> list[dict]:
    """Every source with its health, last fetch, last new article, errors in a row and next run."""
    rows = repo.db.fetchall(
        """SELECT id, name, url, kind, language, every_seconds, paused, last_fetch, last_new, last_error,
               errors_in_row, failing_since, next_run, polls, articles FROM sources ORDER BY id"""
    )
    now = datetime.now(UTC)
    for row in rows:
        row["health"] = health(row, now)
        row["paused"] = bool(row["paused"])
    return rows


def import_opml(repo: Repository, path: Path, every: int = 600) -> tuple[int, int]:
    """Follow every feed of an OPML file (outlines with an `xmlUrl`); (added, updated)."""
    from lxml import etree

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise SourceError(f"{path}: not an OPML file ({exc})") from exc
    if root is None or not str(root.tag).lower().endswith("opml"):
        raise SourceError(f"{path}: not an OPML file (no <opml> element)")
    added = updated = 0
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        if not url:
            continue
        name = outline.get("title") or outline.get("text")
        try:
            _, new = add_source(repo, url, every, name=name, kind="feed", language=outline.get("language"))
        except SourceError:
            continue  # a non-http outline in a reader's export: not a source
        added += new
        updated += not new
    if not added and not updated:
        raise SourceError(f"{path}: no feed outlines (xmlUrl) found")
    return added, updated


def claim_due(
    repo: Repository, owner: str, limit: int = 16, lease: int = LEASE_SECONDS, due_by: datetime | None = None
) -> list[Source]:
    """Take a lease on up to `limit` sources due (by `due_by`, default now) and not leased by a live
    process. A round passes its start time, so that it polls each source once however long it takes.

    The claim is one write transaction (writers take turns on both back-ends) and on PostgreSQL the
    due rows are also locked with SKIP LOCKED, so two `follow` processes never poll a source twice."""
    now = datetime.now(UTC)
    lock = " FOR UPDATE SKIP LOCKED" if repo.db.name == "postgresql" else ""
    with repo.db.transaction():
        rows = repo.db.fetchall(
            f"""SELECT * FROM sources WHERE paused = 0 AND next_run <= :due
                   AND (lease_until IS NULL OR lease_until < :now)
               ORDER BY next_run, id LIMIT :limit{lock}""",
            {"now": now_iso(now), "due": now_iso(min(now, due_by or now)), "limit": limit},
        )
        for row in rows:
            repo.db.execute(
                "UPDATE sources SET lease_owner = :o, lease_until = :u WHERE id = :id",
                {"o": owner, "u": now_iso(now + timedelta(seconds=lease)), "id": row["id"]},
            )
    return [_row_to_source(r) for r in rows]


def release_dead_leases(repo: Repository, host: str) -> int:
    """Free the sources leased by processes of this host that are gone (a `follow` killed mid-poll and
    restarted resumes at once instead of waiting for its old leases to run out); returns how many."""
    import os

    rows = repo.db.fetchall("SELECT DISTINCT lease_owner FROM sources WHERE lease_owner LIKE :h", {"h": f"{host}:%"})
    dead = []
    for row in rows:
        pid = row["lease_owner"].rsplit(":", 1)[1]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            dead.append(row["lease_owner"])
        except PermissionError:
            pass  # alive, another user's
    freed = 0
    for owner in dead:
        with repo.db.transaction():
            freed += repo.db.execute(
                "UPDATE sources SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = :o", {"o": owner}
            ).rowcount
    return freed


def next_due(repo: Repository) -> datetime | None:
    row = repo.db.fetchone("SELECT min(next_run) AS t FROM sources WHERE paused = 0")
    return parse_time(row["t"]) if row and row["t"] else None


def record_poll(
    repo: Repository, source: Source, new_articles: int, error: str | None, retry_after: float | None = None
) -> None:
    """Store a poll's outcome, release the lease and schedule the next poll: on schedule after a
    success; after an error, later each time (doubling, at most a day), or when the server asked."""
    now = datetime.now(UTC)
    if error is None:
        wait = float(source.every_seconds)
    else:
        wait = min(MAX_BACKOFF, source.every_seconds * 2 ** min(source.errors_in_row, 16))
        if retry_after is not None:
            wait = max(wait, retry_after)
    params = {
        "id": source.id,
        "now": now_iso(now),
        "next": now_iso(now + timedelta(seconds=wait)),
        "err": error,
        "n": new_articles,
    }
    with repo.db.transaction():
        if error is None:
            repo.db.execute(
                """UPDATE sources SET last_fetch = :now, last_error = NULL, errors_in_row = 0, failing_since = NULL,
                       last_new = CASE WHEN :n > 0 THEN :now ELSE last_new END, articles = articles + :n,
                       polls = polls + 1, next_run = :next, lease_owner = NULL, lease_until = NULL WHERE id = :id""",
                params,
            )
        else:
            repo.db.execute(
                """UPDATE sources SET last_error = :err, errors_in_row = errors_in_row + 1,
                       failing_since = coalesce(failing_since, :now), articles = articles + :n, polls = polls + 1,
                       next_run = :next, lease_owner = NULL, lease_until = NULL WHERE id = :id""",
                params,
            )


def seen_entries(repo: Repository, source_id: int, entries: list[str]) -> set[str]:
    """Which of these entries (URL and the date the feed gives it) the source has brought before."""
    seen: set[str] = set()
    for i in range(0, len(entries), 500):
        chunk = entries[i : i + 500]
        names = {f"e{j}": e for j, e in enumerate(chunk)}
        rows = repo.db.fetchall(
            f"SELECT entry FROM source_seen WHERE source_id = :s AND entry IN ({', '.join(':' + n for n in names)})",
            {"s": source_id, **names},
        )
        seen.update(r["entry"] for r in rows)
    return seen


def remember_entry(repo: Repository, source_id: int, entry: str) -> None:
    with repo.db.transaction():
        repo.db.execute(
            """INSERT INTO source_seen (source_id, entry, seen_at) VALUES (:s, :e, :now)
               ON CONFLICT (source_id, entry) DO NOTHING""",
            {"s": source_id, "e": entry, "now": now_iso()},
        )
