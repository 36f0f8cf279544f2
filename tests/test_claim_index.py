"""The claim retrievers' indexes: BM25 over impact-cut postings and the nearest-claim index, against
brute force."""

from __future__ import annotations

import math
import random
from collections import Counter

import numpy as np

from quotewatch.claims.bm25 import BM25
from quotewatch.claims.nearest import Nearest


def brute_bm25(documents: list[list[str]], query: list[str], k1: float = 1.4, b: float = 0.75) -> dict[int, float]:
    avg = sum(map(len, documents)) / len(documents)
    df = Counter(t for d in documents for t in set(d))
    scores = {}
    for i, d in enumerate(documents):
        tf = Counter(d)
        s = 0.0
        for t in set(query):
            if tf[t]:
                idf = math.log(1 + (len(documents) - df[t] + 0.5) / (df[t] + 0.5))
                s += idf * tf[t] * (k1 + 1) / (tf[t] + k1 * (1 - b + b * len(d) / avg))
        if s:
            scores[i] = s
    return scores


def corpus(n: int, seed: int = 3) -> list[list[str]]:
    rnd = random.Random(seed)
    words = [f"w{i}" for i in range(60)]
    # Zipf-like: a few words in most documents, many rare ones
    return [rnd.choices(words, weights=[1 / (r + 1) for r in range(60)], k=rnd.randint(3, 15)) for _ in range(n)]


def test_bm25_top_is_the_brute_force_ranking():
    docs = corpus(400)
    index = BM25(docs)
    rnd = random.Random(5)
    for _ in range(50):
        query = rnd.sample([f"w{i}" for i in range(70)], 4)  # some words nobody uses
        expected = brute_bm25(docs, query)
        found, scores = index.top(query, 10)
        best = sorted(expected.values(), reverse=True)[:10]
        assert np.allclose(scores, best, rtol=1e-5)  # the same scores, best first (ties in any order)
        assert np.allclose([expected[i] for i in found.tolist()], scores, rtol=1e-5)


def test_bm25_cut_postings_keep_the_best_documents_of_a_common_word():
    docs = corpus(3000)
    full, cut = BM25(docs), BM25(docs, cap=200)
    common = Counter(t for d in docs for t in set(d)).most_common(1)[0][0]
    ids, weights = cut.postings[common]
    assert len(ids) == 200 < len(full.postings[common][0])
    assert weights.min() >= np.sort(full.postings[common][1])[-200]
    # a query of rarer words ranks as before: their postings are whole
    rare = ["w40", "w50", "w55"]
    assert full.top(rare, 10)[0].tolist() == cut.top(rare, 10)[0].tolist()


def clustered(n: int, dim: int = 64, centres: int = 40, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    points = rng.standard_normal((centres, dim))[rng.integers(0, centres, n)] + 0.6 * rng.standard_normal((n, dim))
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)


def test_nearest_is_exact_for_small_catalogs_and_close_for_large_ones():
    points = clustered(5200)  # statements about the catalog's topics
    claims, queries = points[:5000], points[5000:]
    exact = Nearest(claims)
    assert not exact.approximate
    truth = np.argsort(-(queries @ claims.T), axis=1)[:, :20]
    assert all(set(t) == set(f) for t, f in zip(truth, exact.top(queries, 20), strict=True))
    inverted = Nearest(claims, exact_up_to=1000)
    assert inverted.approximate
    recall = np.mean([len(set(t) & set(f)) / 20 for t, f in zip(truth, inverted.top(queries, 20), strict=True)])
    assert recall >= 0.9
    rows = [3, 17, 4000]
    assert np.allclose(inverted.similarity(queries[0], rows), claims[rows] @ queries[0])
