"""Watchlists: what a desk wants to hear about, and the statements that match it.

A watchlist combines any of: a speaker, an entity or words a statement is about, a phrase, a claim
(repeated, denied or mentioned), a language, an outlet — and *new*: a statement by the speaker that
is unlike anything the speaker said before (its sentence embedding is far from all of the speaker's
earlier statements), the thing an analyst most wants to see. Each statement matches a watchlist once
(`watch_matches` is unique per pair), and each match gets one delivery row per alert channel, so
that a match is delivered once even across restarts (monitor/alerts.py).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from quotewatch.store import QuoteQuery
from quotewatch.store.repository import Repository, now_iso

# a statement is "new" when its cosine to every earlier statement of its speaker stays below
# 1 - NOVELTY. Measured on the sample interview (44 statements by Lukaschenko): 90 % of the pairs of
# his statements stay below 0.41, 99 % below 0.59; a quotation nested in an earlier one or restating
# it reaches 0.8-1.0
NOVELTY = 0.4
EARLIER = 500  # the speaker's latest statements a new one is compared with
BATCH = 1000


class WatchError(ValueError):
    """A watchlist that cannot be added or found; the message names it."""


@dataclass
class Watchlist:
    id: int
    name: str
    speaker: str | None = None
    about: str | None = None
    phrase: str | None = None
    claim_id: int | None = None
    claim_stance: str | None = None
    language: str | None = None
    agency: str | None = None
    novel: bool = False
    webhook: str | None = None
    secret: str | None = None
    email: str | None = None
    digest_hours: float | None = None
    last_quote: int = 0

    @property
    def channels(self) -> list[str]:
        return [c for c, where in (("webhook", self.webhook), ("email", self.email)) if where]

    def query(self) -> QuoteQuery:
        return QuoteQuery(
            speaker=self.speaker,
            about=self.about,
            text=self.phrase,
            claim=self.claim_id,
            claim_stance=self.claim_stance,
            language=self.language,
            agency=self.agency,
        )

    def describe(self) -> str:
        parts = [
            f"{label} {value}"
            for label, value in (
                ("speaker", self.speaker),
                ("about", self.about),
                ("phrase", self.phrase),
                (f"claim ({self.claim_stance or 'any stance'})", self.claim_id),
                ("language", self.language),
                ("outlet", self.agency),
            )
            if value
        ]
        return ", ".join(parts + (["only what is new for the speaker"] if self.novel else [])) or "every statement"


COLUMNS = [f.name for f in fields(Watchlist)]


def _row_to_watchlist(row: dict) -> Watchlist:
    values = {k: row[k] for k in COLUMNS}
    values["novel"] = bool(values["novel"])
    return Watchlist(**values)


def add_watchlist(repo: Repository, name: str, **settings: object) -> Watchlist:
    """A new watchlist; it sees the statements stored from now on (not the archive's past)."""
    name = (name or "").strip()
    if not name or len(name) > 200 or "/" in name:
        raise WatchError(f"{name!r}: a watchlist's name is 1-200 characters without '/'")
    unknown = set(settings) - set(COLUMNS)
    if unknown:
        raise WatchError(f"unknown watchlist settings: {', '.join(sorted(unknown))}")
    if not any(settings.get(k) for k in ("speaker", "about", "phrase", "claim_id", "language", "agency", "novel")):
        raise WatchError(
            f"{name!r}: say what to watch (--speaker, --about, --phrase, --claim, --lang, --agency, --new)"
        )
    db = repo.db
    with db.transaction():
        if db.fetchone("SELECT id FROM watchlists WHERE name = :n", {"n": name}):
            raise WatchError(f"{name!r}: a watchlist of this name exists (watch remove it first)")
        last = db.fetchone("SELECT coalesce(max(id), 0) AS n FROM quotes")["n"]
        values = {k: settings.get(k) for k in COLUMNS if k not in ("id", "name", "last_quote")}
        values["novel"] = int(bool(values["novel"]))
        columns = ", ".join(values)
        db.execute(
            f"""INSERT INTO watchlists (name, {columns}, last_quote, created_at)
                VALUES (:name, {", ".join(":" + k for k in values)}, :last, :now)""",
            {"name": name, **values, "last": last, "now": now_iso()},
        )
    return get_watchlist(repo, name)


def get_watchlist(repo: Repository, name: str) -> Watchlist:
    row = repo.db.fetchone("SELECT * FROM watchlists WHERE name = :n", {"n": name})
    if row is None:
        raise WatchError(f"{name!r}: no such watchlist (see `quotewatch watch list`)")
    return _row_to_watchlist(row)


def all_watchlists(repo: Repository) -> list[Watchlist]:
    return [_row_to_watchlist(r) for r in repo.db.fetchall("SELECT * FROM watchlists ORDER BY id")]


def remove_watchlist(repo: Repository, name: str) -> Watchlist:
    found = get_watchlist(repo, name)
    with repo.db.transaction():
        repo.db.execute(
            "DELETE FROM deliveries WHERE match_id IN (SELECT id FROM watch_matches WHERE watchlist_id = :w)",
            {"w": found.id},
        )
        repo.db.execute("DELETE FROM watch_matches WHERE watchlist_id = :w", {"w": found.id})
        repo.db.execute("DELETE FROM watchlists WHERE id = :w", {"w": found.id})
    return found


def list_watchlists(repo: Repository) -> list[dict]:
    """Every watchlist with what it watches, its matches and its alerts still to deliver."""
    counts = {
        r["watchlist_id"]: r
        for r in repo.db.fetchall(
            """SELECT m.watchlist_id, count(*) AS matches, max(m.matched_at) AS latest,
                   (SELECT count(*) FROM deliveries d JOIN watch_matches x ON x.id = d.match_id
                    WHERE x.watchlist_id = m.watchlist_id AND d.delivered_at IS NULL) AS pending
               FROM watch_matches m GROUP BY m.watchlist_id"""
        )
    }
    out = []
    for w in all_watchlists(repo):
        c = counts.get(w.id, {})
        out.append(
            {
                "name": w.name,
                "watches": w.describe(),
                "alerts": ", ".join(w.channels) or "feed only",
                "matches": c.get("matches", 0),
                "latest": c.get("latest"),
                "pending": c.get("pending", 0),
            }
        )
    return out


def watch_matches(repo: Repository, name: str, limit: int = 50, offset: int = 0, after: int = 0) -> list[dict]:
    """A watchlist's matches, newest first, each with its quotation (and `match_id`, `novelty`)."""
    w = get_watchlist(repo, name)
    rows = repo.db.fetchall(
        """SELECT id, quote_id, novelty, matched_at FROM watch_matches WHERE watchlist_id = :w AND id > :after
           ORDER BY id DESC LIMIT :limit OFFSET :offset""",
        {"w": w.id, "after": after, "limit": limit, "offset": offset},
    )
    return _with_quotations(repo, rows)


def matches_by_id(repo: Repository, match_ids: list[int]) -> dict[int, dict]:
    """Matches by their ids, each with its quotation (as `watch_matches` gives them); a match whose
    quotation is gone from the archive is left out."""
    if not match_ids:
        return {}
    names = {f"m{n}": m for n, m in enumerate(match_ids)}
    rows = repo.db.fetchall(
        f"""SELECT id, quote_id, novelty, matched_at FROM watch_matches
            WHERE id IN ({", ".join(":" + n for n in names)})""",
        names,
    )
    return {m["match_id"]: m for m in _with_quotations(repo, rows)}


def _with_quotations(repo: Repository, rows: list[dict]) -> list[dict]:
    quotes = {q["id"]: q for q in repo.quotes_by_id([r["quote_id"] for r in rows])}
    return [
        {**quotes[r["quote_id"]], "match_id": r["id"], "novelty": r["novelty"], "matched_at": r["matched_at"]}
        for r in rows
        if r["quote_id"] in quotes
    ]


def novelty(repo: Repository, quote_ids: list[int]) -> dict[int, float]:
    """1 - the cosine of each statement to the closest earlier statement of its speaker (1.0 for a
    speaker's first statement, or a statement without a speaker)."""
    from quotewatch.claims.store import statement_vectors

    rows = repo.quotes_by_id(quote_ids)
    out = {r["id"]: 1.0 for r in rows}
    with_speaker = [r for r in rows if r["speaker_id"] is not None]
    if not with_speaker:
        return out
    earlier_ids = {
        r["id"]: [
            e["id"]
            for e in repo.db.fetchall(
                "SELECT id FROM quotes WHERE speaker_id = :s AND id < :q ORDER BY id DESC LIMIT :n",
                {"s": r["speaker_id"], "q": r["id"], "n": EARLIER},
            )
        ]
        for r in with_speaker
    }
    wanted = sorted({r["id"] for r in with_speaker} | {i for ids in earlier_ids.values() for i in ids})
    vectors = statement_vectors(repo, wanted)
    for r in with_speaker:
        earlier = [vectors[i] for i in earlier_ids[r["id"]] if i in vectors]
        if earlier and r["id"] in vectors:
            out[r["id"]] = float(1.0 - np.max(np.vstack(earlier) @ vectors[r["id"]]))
    return out


def evaluate_watchlists(repo: Repository) -> int:
    """Match the statements stored since each watchlist last looked; returns the new matches."""
    total = 0
    for w in all_watchlists(repo):
        newest = repo.db.fetchone("SELECT coalesce(max(id), 0) AS n FROM quotes")["n"]
        after = w.last_quote
        while True:
            ids = repo.quote_ids_after(w.query(), after, BATCH)
            scores = novelty(repo, ids) if w.novel and ids else {}
            keep = [i for i in ids if not w.novel or scores.get(i, 1.0) >= NOVELTY]
            last = ids[-1] if len(ids) == BATCH else newest
            total += _store_matches(repo, w, keep, scores, last)
            if len(ids) < BATCH:
                break
            after = last
    return total


def _store_matches(repo: Repository, w: Watchlist, quote_ids: list[int], scores: dict[int, float], last: int) -> int:
    """Record matches and their pending deliveries, and how far the watchlist has looked, at once."""
    now = now_iso()
    stored = 0
    with repo.db.transaction():
        for quote_id in quote_ids:
            cursor = repo.db.execute(
                """INSERT INTO watch_matches (watchlist_id, quote_id, novelty, matched_at) VALUES (:w, :q, :n, :now)
                   ON CONFLICT (watchlist_id, quote_id) DO NOTHING""",
                {"w": w.id, "q": quote_id, "n": scores.get(quote_id), "now": now},
            )
            if not cursor.rowcount:
                continue
            stored += 1
            match = repo.db.fetchone(
                "SELECT id FROM watch_matches WHERE watchlist_id = :w AND quote_id = :q", {"w": w.id, "q": quote_id}
            )
            for channel in w.channels:
                repo.db.execute(
                    "INSERT INTO deliveries (match_id, channel, next_try) VALUES (:m, :c, :now)",
                    {"m": match["id"], "c": channel, "now": now},
                )
        repo.db.execute(
            "UPDATE watchlists SET last_quote = :last WHERE id = :w AND last_quote < :last", {"w": w.id, "last": last}
        )
    return stored
