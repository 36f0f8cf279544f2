"""Search by meaning: the statements closest to a query in any language, by the cosine of their
multilingual sentence embeddings (the encoder claim matching uses; vectors stored once per statement
in `statement_vectors`).

The index is the archive's vectors in one numpy matrix per process, loaded once and topped up with
what was added since; a query is one matrix product. Chosen by measurement (README "Search by
meaning"): brute force answers in milliseconds at 100,000 statements, so an approximate index would
add a dependency and recall loss for no gain below a few million statements.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from quotewatch.store.repository import Repository

CANDIDATES = 5  # times the limit taken by cosine before dropping superseded versions and copies


@dataclass
class MeaningIndex:
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, 512), dtype=np.float32))
    upto: int = 0


_indexes: dict[str, MeaningIndex] = {}
_lock = threading.Lock()


def _key(repo: Repository) -> str:
    """One index per archive in a process, shared by the connections of a server's threads."""
    return str(getattr(repo.db, "path", None) or getattr(repo.db, "dsn", None) or id(repo.db))


def embed_statements(
    repo: Repository, batch: int = 256, progress: Callable[[int, int], None] | None = None, everything: bool = False
) -> int:
    """Embed the statements stored since the newest vector (`everything`: every statement without one,
    which reads the whole archive); returns how many. Cheap when nothing is new: two index lookups."""
    from quotewatch.claims.store import statement_vectors

    newest_vector = repo.db.fetchone("SELECT coalesce(max(quote_id), 0) AS n FROM statement_vectors")["n"]
    if not everything:
        newest_quote = repo.db.fetchone("SELECT coalesce(max(id), 0) AS n FROM quotes")["n"]
        if newest_vector >= newest_quote:
            return 0
    missing = [
        r["id"]
        for r in repo.db.fetchall(
            """SELECT q.id FROM quotes q LEFT JOIN statement_vectors v ON v.quote_id = q.id
               WHERE v.quote_id IS NULL AND q.id > :after ORDER BY q.id""",
            {"after": 0 if everything else newest_vector},
        )
    ]
    for i in range(0, len(missing), batch):
        statement_vectors(repo, missing[i : i + batch])
        if progress:
            progress(min(i + batch, len(missing)), len(missing))
    return len(missing)


def index_of(repo: Repository) -> MeaningIndex:
    """The archive's vectors, loaded once per process and topped up with new ones (statements removed
    since stay in the matrix; searches drop them, as they drop superseded versions)."""
    from quotewatch.claims.encoder import from_bytes

    with _lock:
        index = _indexes.setdefault(_key(repo), MeaningIndex())
        newest = repo.db.fetchone("SELECT coalesce(max(quote_id), 0) AS n FROM statement_vectors")["n"]
        if newest < index.upto:  # another archive at the same place: start again
            index = _indexes[_key(repo)] = MeaningIndex()
        if newest == index.upto:
            return index
        rows = repo.db.fetchall(
            "SELECT quote_id, embedding FROM statement_vectors WHERE quote_id > :upto ORDER BY quote_id",
            {"upto": index.upto},
        )
        if rows:
            index.ids = np.concatenate([index.ids, np.array([r["quote_id"] for r in rows], dtype=np.int64)])
            index.matrix = np.vstack([index.matrix, np.vstack([from_bytes(r["embedding"]) for r in rows])])
            index.upto = int(index.ids[-1])
        return index


def search_meaning(repo: Repository, text: str, limit: int = 20, language: str | None = None) -> list[dict]:
    """The statements closest in meaning to `text`, best first, each with its `similarity`;
    statements not embedded yet are embedded first."""
    from quotewatch.claims.encoder import encode

    embed_statements(repo)
    index = index_of(repo)
    if not len(index.ids) or not text.strip():
        return []
    scores = index.matrix @ encode([text])[0]
    k = min(len(scores), limit * CANDIDATES)
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top], kind="stable")]
    rows = repo.quotes_by_id([int(index.ids[i]) for i in top])
    # by primary keys only: a join filtered on the articles' flags lets a planner scan every article
    articles = ", ".join(str(int(a)) for a in {r["article_id"] for r in rows}) or "0"
    shown = {
        a["id"]
        for a in repo.db.fetchall(
            f"SELECT id FROM articles WHERE id IN ({articles}) AND is_latest = 1 AND duplicate_of IS NULL"
        )
    }
    visible = {r["id"] for r in rows if r["article_id"] in shown}
    similarity = {int(index.ids[i]): float(scores[i]) for i in top}
    out = []
    for row in rows:
        if row["id"] in visible and (language is None or row["language"] == language):
            out.append({**row, "similarity": round(similarity[row["id"]], 4)})
        if len(out) == limit:
            break
    return out
