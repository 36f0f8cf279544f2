"""Evaluating claim retrieval on labelled (statement, claim) pairs: MAP@5, MRR, recall@k, and the
share of statements flagged at the threshold; `fit` re-estimates the logistic score weights."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from quotewatch.claims.catalog import CatalogError, read_catalog
from quotewatch.claims.encoder import encode
from quotewatch.claims.match import THRESHOLD, WEIGHTS, ClaimMatch, ClaimRow, Matcher
from quotewatch.store.text import lemmas


@dataclass
class PairsReport:
    statements: int = 0
    with_claims: int = 0
    map5: float = 0.0
    mrr: float = 0.0
    recall: dict[int, float] = field(default_factory=dict)
    flagged_true: float = 0.0  # statements with a claim whose true claim scores above the threshold
    flagged_false: float = 0.0  # statements without a claim that still get a match above it
    per_language: dict[str, float] = field(default_factory=dict)  # MRR per statement language


def read_pairs(path: Path) -> list[dict]:
    pairs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                pairs.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise CatalogError(f"{path}:{n}: not JSON ({exc.msg})") from exc
    return pairs


def build_matcher(catalog: Path) -> tuple[Matcher, dict[str, int]]:
    from quotewatch.article.extract import detect_language

    claims = read_catalog(catalog)
    for c in claims:  # as `claims import` does: without a language a claim has no lexical index
        c.language = c.language or detect_language(c.text)
    vectors = encode([c.text for c in claims])
    rows = [
        ClaimRow(i + 1, c.text, c.language, lemmas(c.text, c.language), v)
        for i, (c, v) in enumerate(zip(claims, vectors, strict=True))
    ]
    keys = {c.key.removeprefix("key:"): i + 1 for i, c in enumerate(claims)}
    return Matcher(rows), keys


def gold_ids(pairs: list[dict], keys: dict[str, int], where: Path) -> list[set[int]]:
    """The catalog ids of each pair's claims; a key the catalog lacks is an error, not a negative."""
    out = []
    for n, pair in enumerate(pairs, 1):
        unknown = [k for k in pair.get("claims", []) if k not in keys]
        if unknown:
            raise CatalogError(f"{where}:{n}: claim {unknown[0]!r} is not in the catalog")
        out.append({keys[k] for k in pair.get("claims", [])})
    return out


def rank(matcher: Matcher, pairs: list[dict], gold: list[set[int]]) -> list[list[ClaimMatch]]:
    """Every pair's candidates by score, its gold claims among them even where neither retriever put
    them in its top candidates (their rank is then where their score places them)."""
    from quotewatch.article.extract import detect_language

    statements = [(p["statement"], p.get("language") or detect_language(p["statement"])) for p in pairs]
    return matcher.match_many(statements, top=10**6, always=[{i - 1 for i in g} for g in gold])


def evaluate_pairs(pairs_path: Path, catalog_path: Path, threshold: float = THRESHOLD) -> PairsReport:
    matcher, keys = build_matcher(catalog_path)
    pairs = read_pairs(pairs_path)
    golds = gold_ids(pairs, keys, pairs_path)
    ranked = rank(matcher, pairs, golds)
    report = PairsReport(statements=len(pairs))
    rr, ap, hits = [], [], {1: 0, 5: 0, 10: 0}
    by_lang: dict[str, list[float]] = {}
    flagged_true = flagged_false = negatives = 0
    for pair, matches, gold in zip(pairs, ranked, golds, strict=True):
        order = [m.claim_id for m in matches]
        if not gold:
            negatives += 1
            flagged_false += bool(matches and matches[0].score >= threshold)
            continue
        report.with_claims += 1
        positions = [order.index(g) + 1 for g in gold if g in order]
        first = min(positions) if positions else None
        rr.append(1 / first if first else 0.0)
        by_lang.setdefault(pair.get("language", "?"), []).append(rr[-1])
        for k in hits:
            hits[k] += bool(first and first <= k)
        found, precisions = 0, []
        for i, cid in enumerate(order[:5], 1):
            if cid in gold:
                found += 1
                precisions.append(found / i)
        ap.append(sum(precisions) / min(len(gold), 5))
        flagged_true += any(m.claim_id in gold and m.score >= threshold for m in matches)
    n = report.with_claims or 1
    report.mrr = sum(rr) / n
    report.map5 = sum(ap) / n
    report.recall = {k: v / n for k, v in hits.items()}
    report.flagged_true = flagged_true / n
    report.flagged_false = flagged_false / (negatives or 1)
    report.per_language = {lang: sum(v) / len(v) for lang, v in sorted(by_lang.items())}
    return report


def fit(pairs_path: Path, catalog_path: Path, steps: int = 20000, l2: float = 0.0001) -> tuple[float, ...]:
    """Logistic regression over the features of every retrieved candidate pair."""
    matcher, keys = build_matcher(catalog_path)
    pairs = read_pairs(pairs_path)
    golds = gold_ids(pairs, keys, pairs_path)
    features, labels = [], []
    for matches, gold in zip(rank(matcher, pairs, golds), golds, strict=True):
        for m in matches:
            features.append((1.0, m.semantic, m.lexical, m.overlap, m.entities))
            labels.append(1.0 if m.claim_id in gold else 0.0)
    x, y = np.array(features), np.array(labels)
    w = np.array(WEIGHTS, dtype=float)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) / len(y) + l2 * np.r_[0, w[1:]]
        w -= 0.5 * grad
    return tuple(round(float(v), 2) for v in w)
