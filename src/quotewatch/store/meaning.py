"""Search by meaning: the statements closest to a query in any language, by the cosine of their
multilingual sentence embeddings (the encoder claim matching uses; vectors stored once per statement
in `statement_vectors`).

The index is the archive's vectors in one numpy matrix per process, loaded once and topped up with
what was added since; a query is one matrix product (with each language's mean taken partly away,
see LanguageMeans). Chosen by measurement (README "Search by
meaning"): brute force answers in milliseconds at 100,000 statements, so an approximate index would
add a dependency and recall loss for no gain below a few million statements.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from quotewatch.settings import MEANING_CENTERING, MEANING_CENTERING_MIN_STATEMENTS
from quotewatch.store.repository import Repository

CANDIDATES = 5  # times the limit taken by cosine before dropping superseded versions and copies


@dataclass
class LanguageMeans:
    """Each language's mean statement vector, for languages with enough statements to have one.

    The encoder's vectors carry the language they were written in: a German query sits closer to
    German statements on another subject than to the Russian ones making its point. Taking part of
    each language's mean away (from the statements and from the query) removes much of that. Measured
    on the labelled set (README "Search by meaning"): held-out recall@10 0.795 -> 0.846 with the
    means of the archive's own statements; means from unrelated text gave nothing, so they are the
    archive's, kept up to date as it grows."""

    sums: dict[str, np.ndarray] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, vectors: np.ndarray, languages: list[str | None]) -> None:
        for code in {c for c in languages if c}:
            rows = [i for i, c in enumerate(languages) if c == code]
            self.sums[code] = self.sums.get(code, 0) + vectors[rows].sum(axis=0)
            self.counts[code] = self.counts.get(code, 0) + len(rows)

    @property
    def codes(self) -> list[str]:
        return sorted(c for c, n in self.counts.items() if n >= MEANING_CENTERING_MIN_STATEMENTS)

    def matrix(self, width: int) -> np.ndarray:
        """One mean per code, in `codes` order, and a last row of zeros for languages without one."""
        rows = [self.sums[c] / self.counts[c] for c in self.codes]
        return np.vstack([*rows, np.zeros(width)]).astype(np.float32)

    def rows_of(self, languages: list[str | None]) -> np.ndarray:
        """For each language, its row in `matrix` (the last, zero row when it has no mean)."""
        codes = self.codes
        row = {c: i for i, c in enumerate(codes)}
        return np.array([row.get(c, len(codes)) for c in languages], dtype=np.int64)  # type: ignore[arg-type]


def centered_norms(matrix: np.ndarray, which: np.ndarray, means: np.ndarray) -> np.ndarray:
    """|row - a·mean of its language|, from the rows' products with the means (no centered copy)."""
    a = MEANING_CENTERING
    dots = (matrix @ means.T)[np.arange(len(which)), which]
    squares = np.einsum("ij,ij->i", means, means)[which]
    own = np.einsum("ij,ij->i", matrix, matrix)
    return np.sqrt(np.maximum(own - 2 * a * dots + a * a * squares, 1e-12)).astype(np.float32)


def centered_scores(
    matrix: np.ndarray, which: np.ndarray, means: np.ndarray, norms: np.ndarray, query: np.ndarray, row: int | None
) -> np.ndarray:
    """Cosine of each statement with the query after taking MEANING_CENTERING of their languages'
    means away (`which`: each statement's row of `means`; `row`: the query's, None for plain cosine,
    as when its language has no mean: centering one side only was measured worse)."""
    if row is None or not MEANING_CENTERING:
        return matrix @ query
    a = MEANING_CENTERING
    q = query - a * means[row]
    q = q / np.linalg.norm(q)
    return (matrix @ q - a * (means @ q)[which]) / norms


@dataclass
class MeaningIndex:
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, 512), dtype=np.float32))
    languages: list[str | None] = field(default_factory=list)
    means: LanguageMeans = field(default_factory=LanguageMeans)
    mean_matrix: np.ndarray = field(default_factory=lambda: np.zeros((1, 512), dtype=np.float32))
    which: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    norms: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    upto: int = 0
    codes: list[str] = field(default_factory=list)  # the languages of mean_matrix's rows
    counted: dict[str, int] = field(default_factory=dict)  # statements per language when it was made

    def add(self, ids: list[int], vectors: np.ndarray, languages: list[str | None]) -> None:
        """Top the index up. The language means are made again when a language gained a tenth more
        statements (or one reached the minimum for a mean) since they were made; otherwise only the new
        rows are measured against them, so a top-up does not cost a pass over the whole matrix."""
        self.ids = np.concatenate([self.ids, np.array(ids, dtype=np.int64)])
        self.matrix = np.vstack([self.matrix, vectors])
        self.languages += languages
        self.upto = int(self.ids[-1])
        self.means.add(vectors, languages)
        if self.means.codes != self.codes or any(
            n > 1.1 * self.counted.get(code, 0) for code, n in self.means.counts.items() if code in self.codes
        ):
            self.codes = self.means.codes
            self.counted = dict(self.means.counts)
            self.mean_matrix = self.means.matrix(self.matrix.shape[1])
            self.which = self.means.rows_of(self.languages)
            self.norms = centered_norms(self.matrix, self.which, self.mean_matrix)
            return
        which = self.means.rows_of(languages)
        self.which = np.concatenate([self.which, which])
        self.norms = np.concatenate([self.norms, centered_norms(vectors, which, self.mean_matrix)])

    def scores(self, query: np.ndarray, language: str | None) -> np.ndarray:
        row = self.codes.index(language) if language in self.codes else None
        return centered_scores(self.matrix, self.which, self.mean_matrix, self.norms, query, row)


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
            """SELECT v.quote_id, v.embedding, a.language FROM statement_vectors v
               LEFT JOIN quotes q ON q.id = v.quote_id LEFT JOIN articles a ON a.id = q.article_id
               WHERE v.quote_id > :upto ORDER BY v.quote_id""",
            {"upto": index.upto},
        )
        if rows:
            index.add(
                [r["quote_id"] for r in rows],
                np.vstack([from_bytes(r["embedding"]) for r in rows]),
                [r["language"] for r in rows],
            )
        return index


def search_meaning(repo: Repository, text: str, limit: int = 20, language: str | None = None) -> list[dict]:
    """The statements closest in meaning to `text`, best first, each with its `similarity`;
    statements not embedded yet are embedded first."""
    from quotewatch.article.extract import detect_language
    from quotewatch.claims.encoder import encode

    embed_statements(repo)
    index = index_of(repo)
    if not len(index.ids) or not text.strip():
        return []
    scores = index.scores(encode([text])[0], detect_language(text))
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
