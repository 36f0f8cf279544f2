"""The claim catalog and the claim matches in the archive (both back-ends, same SQL)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from quotewatch.claims.catalog import Claim
from quotewatch.claims.encoder import encode, from_bytes, to_bytes
from quotewatch.claims.match import (
    MATCHER_VERSION,
    THRESHOLD,
    ClaimRow,
    Matcher,
    Statement,
    statement_context,
    topic_context,
)
from quotewatch.claims.stance import STANCES
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


def list_claims(repo: Repository, limit: int = 100, offset: int = 0, matched_first: bool = False) -> list[dict]:
    """The catalog with how many statements repeat, deny and mention each claim (and all of them)."""
    counts = ", ".join(
        f"(SELECT count(*) FROM claim_matches m WHERE m.claim_id = c.id AND m.stance = '{s}') AS {s}" for s in STANCES
    )
    order = "matches DESC, c.id" if matched_first else "c.id"
    return repo.db.fetchall(
        f"""SELECT c.id, c.text, c.language, c.verdict, c.source, c.url, c.published, c.tags,
               (SELECT count(*) FROM claim_matches m WHERE m.claim_id = c.id) AS matches, {counts}
           FROM claims c ORDER BY {order} LIMIT :limit OFFSET :offset""",
        {"limit": limit, "offset": offset},
    )


def match_archive(
    repo: Repository,
    threshold: float = THRESHOLD,
    everything: bool = False,
    batch: int = 256,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Match the archive's quotations against the catalog; incremental: only quotations added since
    the last run, unless the catalog changed (then all) or `everything` is asked for. Statements are
    read in batches by id (memory stays flat) and each is embedded once: its vector is stored, so a
    new catalog re-matches the archive without running the encoder again."""
    signature = repo.db.fetchone("SELECT count(*) AS n, max(updated_at) AS t FROM claims")
    # the matcher's version is part of it: matches stored by an older matcher (without stances) are redone
    signature_text = f"{signature['n']}|{signature['t']}|{threshold}|{MATCHER_VERSION}"
    if repo.state("claims.catalog") != signature_text:
        everything = True
    after = 0 if everything else int(repo.state("claims.last_quote") or 0)
    matcher = load_matcher(repo)
    total = repo.db.fetchone("SELECT count(*) AS n FROM quotes WHERE id > :after", {"after": after})["n"]
    stored = done = 0
    with repo.db.transaction():
        if everything:
            repo.db.execute("DELETE FROM claim_matches")
        last = after
        while chunk := repo.db.fetchall(
            """SELECT q.id, q.text, q.kind, q.cue, q.start_offset, q.end_offset, a.language, a.body, v.embedding,
                      v.content_embedding
               FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN statement_vectors v ON v.quote_id = q.id
               WHERE q.id > :after ORDER BY q.id LIMIT :batch""",
            {"after": last, "batch": batch},
        ):
            statements = [
                Statement(
                    statement_context(r["body"], r["start_offset"], r["end_offset"], r["kind"]),
                    r["language"],
                    topic_context(r["body"], r["start_offset"], r["text"], r["language"]),
                    r["text"],
                    r["cue"] or "",
                )
                for r in chunk
            ]
            embedded = _vectors(repo, chunk, [s.text for s in statements])
            vectors = np.vstack([embedded[r["id"]] for r in chunk])
            contents = _content_vectors(repo, chunk, statements)
            found = matcher.match_many(
                statements, top=5, threshold=threshold, vectors=vectors, content_vectors=contents
            )
            for row, matches in zip(chunk, found, strict=True):
                for m in matches:
                    repo.db.execute(
                        """INSERT INTO claim_matches (quote_id, claim_id, score, semantic, lexical, explanation,
                               stance, context, matched_at)
                           VALUES (:q, :c, :s, :sem, :lex, :ex, :stance, :ctx, :now)""",
                        {
                            "q": row["id"],
                            "c": m.claim_id,
                            "s": m.score,
                            "sem": m.semantic,
                            "lex": m.lexical,
                            "ex": m.explanation,
                            "stance": m.stance.label,
                            "ctx": m.context or None,
                            "now": now_iso(),
                        },
                    )
                    stored += 1
            last = chunk[-1]["id"]
            done += len(chunk)
            if progress:
                progress(done, total)
        repo.set_state("claims.last_quote", str(last))
        repo.set_state("claims.catalog", signature_text)
    return {"statements": done, "matches": stored, "full": everything}


def _vectors(repo: Repository, rows: list[dict], texts: list[str]) -> dict[int, np.ndarray]:
    """Quote id -> embedding for rows read with their stored `embedding` (or None): stored ones read
    back, missing ones encoded from their text in `texts` (as claim matching embeds a statement) and
    stored."""
    missing = [i for i, r in enumerate(rows) if r["embedding"] is None]
    found = {r["id"]: from_bytes(r["embedding"]) for r in rows if r["embedding"] is not None}
    if missing:
        fresh = encode([texts[i] for i in missing])
        repo.db.executemany(
            "INSERT INTO statement_vectors (quote_id, embedding) VALUES (:q, :e) ON CONFLICT (quote_id) DO NOTHING",
            [{"q": rows[i]["id"], "e": to_bytes(v)} for i, v in zip(missing, fresh, strict=True)],
        )
        found.update({rows[i]["id"]: v for i, v in zip(missing, fresh, strict=True)})
    return found


def _content_vectors(repo: Repository, rows: list[dict], statements: list[Statement]) -> dict[int, np.ndarray]:
    """Statement index -> the embedding of its own words, for the reported statements whose words differ
    from the sentence they are matched on: stored ones read back, missing ones encoded and stored (their
    sentence's vector is stored by then)."""
    own = [i for i, s in enumerate(statements) if s.own_words_apart]
    found = {i: from_bytes(rows[i]["content_embedding"]) for i in own if rows[i]["content_embedding"] is not None}
    missing = [i for i in own if i not in found]
    if missing:
        fresh = encode([statements[i].content for i in missing])
        repo.db.executemany(
            "UPDATE statement_vectors SET content_embedding = :e WHERE quote_id = :q",
            [{"q": rows[i]["id"], "e": to_bytes(v)} for i, v in zip(missing, fresh, strict=True)],
        )
        found.update(zip(missing, fresh, strict=True))
    return found


def statement_vectors(repo: Repository, quote_ids: list[int]) -> dict[int, np.ndarray]:
    """The stored embeddings of these statements, the missing ones encoded (as claim matching
    embeds them: the quotation, or the sentence of reported speech) and stored."""
    if not quote_ids:
        return {}
    names = {f"i{n}": i for n, i in enumerate(quote_ids)}
    rows = repo.db.fetchall(
        f"""SELECT q.id, q.text, q.kind, q.start_offset, q.end_offset, a.body, v.embedding
            FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN statement_vectors v ON v.quote_id = q.id
            WHERE q.id IN ({", ".join(":" + n for n in names)})""",
        names,
    )
    texts = [statement_context(r["body"], r["start_offset"], r["end_offset"], r["kind"]) for r in rows]
    with repo.db.transaction():
        return _vectors(repo, rows, texts)


def pgvector_available(repo: Repository) -> bool:
    """Whether the PostgreSQL server offers pgvector (Debian 12's archive does not ship it). The
    candidate search runs in numpy on both back-ends either way, so results are identical."""
    if repo.db.name != "postgresql":
        return False
    row = repo.db.fetchone("SELECT count(*) AS n FROM pg_available_extensions WHERE name = 'vector'")
    return bool(row and row["n"])
