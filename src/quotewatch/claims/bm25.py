"""Okapi BM25 over lemmas, for the lexical half of claim retrieval (within one language).

Each term's postings are kept as arrays of documents and their precomputed BM25 weights, so that a
query costs one `bincount` over the postings of its terms, not a Python loop over them. A term's
postings are cut to its `cap` highest-weighted documents (impact-ordered truncation): a word found in
more documents than that carries little weight in each and cannot lift a document into the top
candidates alone, and the cut bounds a query's cost however large the catalog grows.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import numpy as np

POSTINGS_CAP = 5_000  # documents kept per term, the highest-weighted (see above)


class BM25:
    def __init__(self, documents: list[list[str]], k1: float = 1.4, b: float = 0.75, cap: int = POSTINGS_CAP):
        self.size = len(documents)
        lengths = [len(d) for d in documents]
        avg = (sum(lengths) / len(documents)) if documents else 0.0
        docs: dict[str, list[int]] = defaultdict(list)
        freqs: dict[str, list[int]] = defaultdict(list)
        for i, doc in enumerate(documents):
            for term, tf in Counter(doc).items():
                docs[term].append(i)
                freqs[term].append(tf)
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        length = np.asarray(lengths, dtype=np.float32)
        for term, ids in docs.items():
            ids_array = np.asarray(ids, dtype=np.int32)
            tf = np.asarray(freqs[term], dtype=np.float32)
            idf = math.log(1 + (self.size - len(ids) + 0.5) / (len(ids) + 0.5))
            norm = tf + k1 * (1 - b + b * length[ids_array] / (avg or 1))
            weights = (idf * tf * (k1 + 1) / norm).astype(np.float32)
            if len(ids_array) > cap:
                keep = np.sort(np.argpartition(-weights, cap - 1)[:cap])
                ids_array, weights = ids_array[keep], weights[keep]
            self.postings[term] = (ids_array, weights)

    def top(self, query: list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k best documents for a query (indexes, best first) and their scores."""
        hits = [self.postings[t] for t in set(query) if t in self.postings]
        if not hits:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        ids = np.concatenate([h[0] for h in hits])
        weights = np.concatenate([h[1] for h in hits])
        totals = np.bincount(ids, weights=weights, minlength=self.size)
        # a document is named once per query term at most, so the k best distinct ones are among the
        # k × terms best postings: chosen without sorting every posting
        entries = k * len(hits)
        if len(ids) > entries:
            ids = ids[np.argpartition(-totals[ids], entries - 1)[:entries]]
        found = np.unique(ids)
        if len(found) > k:
            found = found[np.argpartition(-totals[found], k - 1)[:k]]
        scores = totals[found]
        order = np.lexsort((found, -scores))
        return found[order], scores[order]

    def scores(self, query: list[str]) -> dict[int, float]:
        """Every matching document's score."""
        found, totals = self.top(query, self.size)
        return dict(zip(found.tolist(), totals.tolist(), strict=True))
