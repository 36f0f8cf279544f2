"""The nearest claims to statement vectors by cosine: exact below EXACT_UP_TO claims, an inverted-file
index (FAISS `IndexIVFFlat`) above, so that matching stays fast as the catalog grows.

Exact search is one matrix product over the whole catalog per batch of statements: at 100,000 claims
it alone held matching to about 800 statements/s on one core. The inverted file clusters the claims
around `lists` centroids and compares a statement with the claims of its `probe` nearest clusters
only; its recall against exact search is measured by `bench/claims.py` (README "Claims"). Catalogs
of the size the accuracy figures were measured on (the CheckThat! sets, 14,000 and 19,000 claims)
stay exact, so approximation never changes them.
"""

from __future__ import annotations

import math

import numpy as np

EXACT_UP_TO = 20_000  # claims; above, the inverted file
LISTS_PER_ROOT = 3  # clusters: this many times the square root of the catalog's size
PROBE_SHARE = 1 / 128  # share of the clusters compared with each statement (at least PROBE_MIN)
PROBE_MIN = 8
TRAINING_PER_LIST = 40  # claims sampled per cluster to place the centroids (FAISS asks for 39)


class Nearest:
    def __init__(self, matrix: np.ndarray, exact_up_to: int = EXACT_UP_TO):
        self.matrix = np.ascontiguousarray(matrix, dtype=np.float32)
        self.index = None
        if len(self.matrix) > exact_up_to:
            self.index = _inverted_file(self.matrix)

    @property
    def approximate(self) -> bool:
        return self.index is not None

    def top(self, vectors: np.ndarray, k: int) -> list[np.ndarray]:
        """For each vector, the rows of its (up to) k nearest claims, in no particular order."""
        k = min(k, len(self.matrix))
        if not k or not len(vectors):
            return [np.zeros(0, dtype=np.int64) for _ in vectors]
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if self.index is None:
            sims = vectors @ self.matrix.T
            return list(np.argpartition(-sims, k - 1, axis=1)[:, :k])
        _, rows = self.index.search(vectors, k)
        return [r[r >= 0] for r in rows]

    def similarity(self, vector: np.ndarray, rows: list[int]) -> np.ndarray:
        """Exact cosines of one vector with the given claims."""
        return self.matrix[rows] @ vector if rows else np.zeros(0, dtype=np.float32)


def _inverted_file(matrix: np.ndarray):
    import faiss

    # one thread, as everywhere in quotewatch's workers: a shared machine's cores belong to the pool
    faiss.omp_set_num_threads(1)
    n, dim = matrix.shape
    lists = max(1, int(LISTS_PER_ROOT * math.sqrt(n)))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
    sample = np.random.default_rng(0).choice(n, size=min(n, lists * TRAINING_PER_LIST), replace=False)
    index.train(matrix[np.sort(sample)])
    index.add(matrix)
    index.nprobe = max(PROBE_MIN, int(lists * PROBE_SHARE))
    return index
