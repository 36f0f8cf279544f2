"""The claim catalog and the claim matches in the archive (both back-ends, same SQL)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from quotewatch.claims.catalog import Claim
from quotewatch.claims.encoder import encode, from_bytes, to_bytes
from quotewatch.claims.match import THRESHOLD, ClaimRow, Matcher, statement_context
from quotewatch.store.repository import Repository, now_iso
from quotewatch.store.text import lemmas

FIELDS = ("text", "verdict", "source", "url", "published", "tags", "language")


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def import_claims(repo: Repository, claims: list[Claim]) -> ImportResult:
    """Add or update claims (one per key: review URL, or source and wording); re-imports never duplicate."""
    from quotewatch.article.extract import detect_language

    result = ImportResult()
    db = repo.db
    fresh = []
    for c in claims:
        row = db.fetchone(f"SELECT id, {', '.join(FIELDS)} FROM claims WHERE claim_key = :k", {"k": c.key})
        if c.language is None:
            c.language = detect_language(c.text)
        values = (c.text, c.verdict, c.source, c.url, c.published, ",".join(c.tags), c.language)
        if row and tuple(row[k] for k in FIELDS) == values:
            result.unchanged += 1
            continue
        fresh.append((c, row))
    vectors = encode([c.text for c, _ in fresh])
    with db.transaction():
        for (c, row), vector in zip(fresh, vectors, strict=True):
            params = {
                "k": c.key,
                "text": c.text,
                "lang": c.language,
                "verdict": c.verdict,
                "source": c.source,
                "url": c.url,
                "published": c.published,
                "tags": ",".join(c.tags),
                "lemmas": " ".join(lemmas(c.indexed_text, c.language)),
                "emb": to_bytes(vector),
                "now": now_iso(),
            }
            if row:
                db.execute(
                    """UPDATE claims SET text = :text, language = :lang, verdict = :verdict, source = :source,
                           url = :url, published = :published, tags = :tags, lemmas = :lemmas, embedding = :emb,
                           updated_at = :now WHERE claim_key = :k""",
                    params,
                )
                result.updated += 1
            else:
                db.execute(
                    """INSERT INTO claims (claim_key, text, language, verdict, source, url, published, tags, lemmas,
                           embedding, updated_at)
                       VALUES (:k, :text, :lang, :verdict, :source, :url, :published, :tags, :lemmas, :emb, :now)""",
                    params,
                )
                result.added += 1
    return result


def load_matcher(repo: Repository) -> Matcher:
    rows = repo.db.fetchall(
        "SELECT id, text, language, lemmas, embedding, verdict, source, url FROM claims ORDER BY id"
    )
    return Matcher(
        [
            ClaimRow(
                r["id"],
                r["text"],
                r["language"],
                r["lemmas"].split(),
                from_bytes(r["embedding"]),
                r["verdict"],
                r["source"],
                r["url"],
            )
            for r in rows
        ]
    )


def list_claims(repo: Repository, limit: int = 100, offset: int = 0) -> list[dict]:
    return repo.db.fetchall(
        """SELECT c.id, c.text, c.language, c.verdict, c.source, c.url, c.published, c.tags,
               (SELECT count(*) FROM claim_matches m WHERE m.claim_id = c.id) AS matches
           FROM claims c ORDER BY c.id LIMIT :limit OFFSET :offset""",
        {"limit": limit, "offset": offset},
    )


def _state(repo: Repository, name: str) -> str | None:
    row = repo.db.fetchone("SELECT value FROM claim_state WHERE name = :n", {"n": name})
    return row["value"] if row else None


def _set_state(repo: Repository, name: str, value: str) -> None:
    repo.db.execute("DELETE FROM claim_state WHERE name = :n", {"n": name})
    repo.db.execute("INSERT INTO claim_state (name, value) VALUES (:n, :v)", {"n": name, "v": value})


def match_archive(
    repo: Repository,
    threshold: float = THRESHOLD,
    everything: bool = False,
    batch: int = 256,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Match the archive's quotations against the catalog; incremental: only quotations added since
    the last run, unless the catalog changed (then all) or `everything` is asked for."""
    signature = repo.db.fetchone("SELECT count(*) AS n, max(updated_at) AS t FROM claims")
    signature_text = f"{signature['n']}|{signature['t']}|{threshold}"
    if _state(repo, "catalog") != signature_text:
        everything = True
    after = 0 if everything else int(_state(repo, "last_quote") or 0)
    matcher = load_matcher(repo)
    rows = repo.db.fetchall(
        """SELECT q.id, q.text, q.kind, q.start_offset, q.end_offset, a.language, a.body
           FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.id > :after ORDER BY q.id""",
        {"after": after},
    )
    stored = 0
    with repo.db.transaction():
        if everything:
            repo.db.execute("DELETE FROM claim_matches")
        for i in range(0, len(rows), batch):
            chunk = rows[i : i + batch]
            statements = [
                (statement_context(r["body"], r["start_offset"], r["end_offset"], r["kind"]), r["language"])
                for r in chunk
            ]
            for row, matches in zip(chunk, matcher.match_many(statements, top=5, threshold=threshold), strict=True):
                for m in matches:
                    repo.db.execute(
                        """INSERT INTO claim_matches (quote_id, claim_id, score, semantic, lexical, explanation,
                               matched_at) VALUES (:q, :c, :s, :sem, :lex, :ex, :now)""",
                        {
                            "q": row["id"],
                            "c": m.claim_id,
                            "s": m.score,
                            "sem": m.semantic,
                            "lex": m.lexical,
                            "ex": m.explanation,
                            "now": now_iso(),
                        },
                    )
                    stored += 1
            if progress:
                progress(min(i + batch, len(rows)), len(rows))
        if rows:
            _set_state(repo, "last_quote", str(rows[-1]["id"]))
        _set_state(repo, "catalog", signature_text)
    return {"statements": len(rows), "matches": stored, "full": everything}


def pgvector_available(repo: Repository) -> bool:
    """Whether the PostgreSQL server offers pgvector (Debian 12's archive does not ship it). The
    candidate search runs in numpy on both back-ends either way, so results are identical."""
    if repo.db.name != "postgresql":
        return False
    row = repo.db.fetchone("SELECT count(*) AS n FROM pg_available_extensions WHERE name = 'vector'")
    return bool(row and row["n"])
