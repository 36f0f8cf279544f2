"""Evaluating claim retrieval on labelled (statement, claim) pairs: MAP@5, MRR, recall@k, and the
share of statements flagged at the threshold; `fit` re-estimates the logistic score weights."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from quotewatch.claims.catalog import CatalogError, read_catalog
from quotewatch.claims.encoder import encode
from quotewatch.claims.match import THRESHOLD, ClaimMatch, ClaimRow, Matcher, match_order, probability, sureness
from quotewatch.store.text import lemmas


@dataclass
class PairsReport:
    statements: int = 0
    with_claims: int = 0
    map5: float = 0.0
    bm25_map5: float = 0.0  # the same statements ranked by the BM25 index alone
    mrr: float = 0.0
    recall: dict[int, float] = field(default_factory=dict)
    flagged_true: float = 0.0  # statements with a claim whose true claim scores above the threshold
    flagged_false: float = 0.0  # statements without a claim that still get a match above it
    per_language: dict[str, float] = field(default_factory=dict)  # MRR per statement language
    # labelled stance (repeats/denies/mentions) -> how the gold claim's match was labelled, counted
    stances: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def stance_accuracy(self) -> float | None:
        total = sum(sum(row.values()) for row in self.stances.values())
        right = sum(row.get(label, 0) for label, row in self.stances.items())
        return right / total if total else None

    @property
    def denials_as_repeats(self) -> float | None:
        """The share of statements labelled *denies* whose match says *repeats*: what must stay near 0."""
        row = self.stances.get("denies", {})
        return row.get("repeats", 0) / sum(row.values()) if row else None


def read_pairs(path: Path, split: str | None = None) -> list[dict]:
    """The labelled pairs of a JSON-lines file; with `split`, only those marked so ("fit", "held")."""
    pairs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                pairs.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise CatalogError(f"{path}:{n}: not JSON ({exc.msg})") from exc
    return [p for p in pairs if split is None or p.get("split") == split]


def build_matcher(catalog: Path) -> tuple[Matcher, dict[str, int]]:
    from quotewatch.article.extract import detect_language

    claims = read_catalog(catalog)
    for c in claims:  # as `claims import` does: without a language a claim has no lexical index
        c.language = c.language or detect_language(c.text)
    vectors = encode([c.text for c in claims])
    rows = [
        ClaimRow(i + 1, c.text, c.language, lemmas(c.indexed_text, c.language), v)
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


def _average_precision(order: list[int], gold: set[int]) -> float:
    found, precisions = 0, []
    for i, cid in enumerate(order[:5], 1):
        if cid in gold:
            found += 1
            precisions.append(found / i)
    return sum(precisions) / min(len(gold), 5)


def evaluate_pairs(
    pairs_path: Path, catalog_path: Path, threshold: float = THRESHOLD, split: str | None = None
) -> PairsReport:
    matcher, keys = build_matcher(catalog_path)
    pairs = read_pairs(pairs_path, split)
    golds = gold_ids(pairs, keys, pairs_path)
    ranked = rank(matcher, pairs, golds)
    report = PairsReport(statements=len(pairs))
    rr, ap, bm25_ap, hits = [], [], [], {1: 0, 5: 0, 10: 0}
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
        ap.append(_average_precision(order, gold))
        lexical = sorted((m for m in matches if m.lexical > 0), key=lambda m: -m.lexical)
        bm25_ap.append(_average_precision([m.claim_id for m in lexical], gold))
        flagged_true += any(m.claim_id in gold and m.score >= threshold for m in matches)
        if pair.get("stance") and first:
            said = matches[first - 1].stance.label
            row = report.stances.setdefault(pair["stance"], {})
            row[said] = row.get(said, 0) + 1
    n = report.with_claims or 1
    report.mrr = sum(rr) / n
    report.map5 = sum(ap) / n
    report.bm25_map5 = sum(bm25_ap) / n
    report.recall = {k: v / n for k, v in hits.items()}
    report.flagged_true = flagged_true / n
    report.flagged_false = flagged_false / (negatives or 1)
    report.per_language = {lang: sum(v) / len(v) for lang, v in sorted(by_lang.items())}
    return report


def _logistic(x: np.ndarray, y: np.ndarray, steps: int, l2: float, balance: bool = True) -> np.ndarray:
    """Weights of a logistic model on standardised features, given back on the raw scale. For ranking,
    positives are weighted up to the negatives' mass (a statement has one right claim among dozens of
    candidates); without `balance` the output stays a calibrated probability."""
    mu, sd = x.mean(0), x.std(0)
    mu[0], sd[0] = 0.0, 1.0
    sd[sd == 0] = 1.0
    xn = (x - mu) / sd
    weight = np.where(y > 0, (len(y) - y.sum()) / max(1.0, y.sum()), 1.0) if balance else np.ones(len(y))
    weight /= weight.mean()
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(xn @ w)))
        w -= (xn.T @ ((p - y) * weight) / len(y) + l2 * np.r_[0, w[1:]]) * 1.0
    raw = w / sd
    raw[0] = w[0] - float((w[1:] * mu[1:] / sd[1:]).sum())
    return raw


@dataclass
class Candidates:
    """One statement's retrieved claims: ranking features, confirmation features, gold labels."""

    rank: np.ndarray
    confirm: np.ndarray
    gold: np.ndarray


def candidate_features(pairs_path: Path, catalog_path: Path) -> list[Candidates]:
    matcher, keys = build_matcher(catalog_path)
    pairs = read_pairs(pairs_path)
    golds = gold_ids(pairs, keys, pairs_path)
    return [
        Candidates(
            np.array([m.features for m in matches]),
            np.array([m.confirm_features for m in matches]),
            np.array([1.0 if m.claim_id in gold else 0.0 for m in matches]),
        )
        for matches, gold in zip(rank(matcher, pairs, golds), golds, strict=True)
        if matches
    ]


def _map5(c: Candidates, w: np.ndarray, confirm: np.ndarray) -> float:
    """MAP@5 of one statement's candidates in the matcher's order (one language here)."""
    order = match_order(probability(c.rank, tuple(w)), sureness(c.confirm, tuple(confirm), True))
    return _average_precision(order.tolist(), set(np.flatnonzero(c.gold).tolist()))


def _fit_models(train: list[Candidates], steps: int, l2: float) -> tuple[np.ndarray, np.ndarray]:
    """Ranking weights from every candidate of the statements with a claim; confirmation weights from
    each statement's first-ranked candidate."""
    ranked = [c for c in train if c.gold.any()]
    w = _logistic(np.vstack([c.rank for c in ranked]), np.concatenate([c.gold for c in ranked]), steps, l2)
    tops = [int(np.argmax(c.rank @ w)) for c in train]
    x = np.vstack([c.confirm[i] for c, i in zip(train, tops, strict=True)])
    confirm = _logistic(x, np.array([c.gold[i] for c, i in zip(train, tops, strict=True)]), steps, l2, False)
    return w, confirm


@dataclass
class Fit:
    weights: tuple[float, ...]
    confirm_weights: tuple[float, ...]
    map5: dict[str, float]  # per set, out of sample
    threshold: float  # the lowest at which flagged statements are right >= PRECISION_TARGET of the time
    precision: float
    recall: float


PRECISION_TARGET = 0.8


def _threshold(first: list[tuple[float, bool, bool]]) -> tuple[float, float, float]:
    """The lowest threshold on the first-ranked claim's probability whose flagged statements are right at
    least PRECISION_TARGET of the time (and that precision and the recall of linked statements)."""
    linked = sum(has_gold for _, _, has_gold in first) or 1
    best = (1.0, 0.0, 0.0)
    for t in sorted({p for p, _, _ in first}, reverse=True):
        flagged = [right for p, right, _ in first if p >= t]
        precision = sum(flagged) / len(flagged)
        if len(flagged) >= 5 and precision >= PRECISION_TARGET:
            best = (t, precision, sum(flagged) / linked)
    return best


def fit(sets: list[tuple[Path, Path]], folds: int = 5, steps: int = 3000, l2: float = 0.001, seed: int = 7) -> Fit:
    """Ranking weights over every retrieved candidate of every (pairs, catalog) set, and confirmation
    weights over each statement's first-ranked claim (statements without a claim included), with each
    set's MAP@5 and the threshold's precision measured out of sample: statements are split into folds,
    each fold scored by weights fitted on the others (of all sets). The threshold is chosen on the sets
    that share the last set's catalog (the debates with their unlinked sentences, in the README's
    command)."""
    per_set = [candidate_features(p, c) for p, c in sets]
    rng = np.random.default_rng(seed)
    assignment = [rng.integers(0, folds, len(items)) for items in per_set]
    scores: dict[str, list[float]] = {p.name: [] for p, _ in sets}
    first: list[tuple[float, bool, bool]] = []  # out of sample, last set: probability, right, linked
    for k in range(folds):
        train = [
            c for items, f in zip(per_set, assignment, strict=True) for c, g in zip(items, f, strict=True) if g != k
        ]
        w, confirm = _fit_models(train, steps, l2)
        for n, ((pairs_path, _), items, f) in enumerate(zip(sets, per_set, assignment, strict=True)):
            for c, g in zip(items, f, strict=True):
                if g != k:
                    continue
                if c.gold.any():
                    scores[pairs_path.name].append(_map5(c, w, confirm))
                if sets[n][1] == sets[-1][1]:
                    top = int(np.argmax(c.rank @ w))
                    p = float(probability(c.confirm[top], tuple(confirm)))
                    first.append((p, bool(c.gold[top]), bool(c.gold.any())))
    w, confirm = _fit_models([c for items in per_set for c in items], steps, l2)
    threshold, precision, recall = _threshold(first)
    return Fit(
        tuple(round(float(v), 2) for v in w),
        tuple(round(float(v), 2) for v in confirm),
        {name: float(np.mean(v)) for name, v in scores.items() if v},
        threshold,
        precision,
        recall,
    )
