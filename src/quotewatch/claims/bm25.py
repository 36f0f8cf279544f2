"""Okapi BM25 over lemmas, for the lexical half of claim retrieval (within one language)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict


class BM25:
    def __init__(self, documents: list[list[str]], k1: float = 1.4, b: float = 0.75):
        self.k1, self.b = k1, b
        self.lengths = [len(d) for d in documents]
        self.avg = (sum(self.lengths) / len(documents)) if documents else 0.0
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, doc in enumerate(documents):
            for term, tf in Counter(doc).items():
                self.postings[term].append((i, tf))
        n = len(documents)
        self.idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()}

    def scores(self, query: list[str]) -> dict[int, float]:
        out: dict[int, float] = defaultdict(float)
        for term in set(query):
            for doc, tf in self.postings.get(term, ()):
                norm = tf + self.k1 * (1 - self.b + self.b * self.lengths[doc] / (self.avg or 1))
                out[doc] += self.idf[term] * tf * (self.k1 + 1) / norm
        return out
