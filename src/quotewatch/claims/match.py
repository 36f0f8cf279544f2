"""Matching statements against the claim catalog.

1. Candidates: the nearest claims by cross-lingual sentence embedding (cosine, brute force in
   numpy: fine up to about a million claims) together with the best BM25 hits among the claims in
   the statement's own language.
2. Score: a logistic model over the cosine, the squashed BM25 score and the share of the claim's
   content words found in the statement, fitted on labelled pairs (`quotewatch claims eval
   PAIRS --fit`), so that the score reads as a probability. The explanation lists the shared words
   and names.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from quotewatch.claims.bm25 import BM25
from quotewatch.claims.encoder import encode
from quotewatch.claims.entities import entities_in
from quotewatch.store.text import lemmas

CANDIDATES = 20  # per retriever
LEX_HALF = 6.0  # BM25 score that counts as half-way to a full lexical match
# logistic weights: intercept, cosine, lexical, word overlap, shared names and topics across
# languages (fitted with `quotewatch claims eval --fit`)
WEIGHTS = (-7.7, 11.35, 2.23, -1.26, 1.1)
THRESHOLD = 0.15  # a probability: fact-checkers would rather review a few more than miss one
STOP_LEN = 4  # shorter lemmas are function words in de/en/ru for overlap explanations


@dataclass
class ClaimRow:
    id: int
    text: str
    language: str | None
    lemmas: list[str]
    vector: np.ndarray
    verdict: str | None = None
    source: str | None = None
    url: str | None = None


@dataclass
class ClaimMatch:
    claim_id: int
    text: str
    score: float
    semantic: float
    lexical: float
    shared: list[str] = field(default_factory=list)
    overlap: float = 0.0
    entities: float = 0.0
    verdict: str | None = None
    source: str | None = None
    url: str | None = None

    @property
    def explanation(self) -> str:
        words = ", ".join(self.shared[:8]) if self.shared else "none"
        return f"meaning {self.semantic:.2f}, wording {self.lexical:.2f}; shared words and names: {words}"


def calibrated(
    semantic: float, lexical: float, overlap: float, entities: float, weights: tuple[float, ...] = WEIGHTS
) -> float:
    z = weights[0] + weights[1] * semantic + weights[2] * lexical + weights[3] * overlap + weights[4] * entities
    return 1 / (1 + math.exp(-z))


def content_words(words: list[str]) -> set[str]:
    return {w for w in words if len(w) >= STOP_LEN and not w.isdigit()}


NAME = re.compile(r"\b[A-ZÄÖÜА-ЯЁ][\w\-]{2,}")


class Matcher:
    def __init__(self, claims: list[ClaimRow]):
        self.claims = claims
        self.entities = [entities_in(c.text) for c in claims]
        self.matrix = np.vstack([c.vector for c in claims]).astype(np.float32) if claims else np.zeros((0, 512))
        self._bm25: dict[str | None, tuple[BM25, list[int]]] = {}
        by_lang: dict[str | None, list[int]] = {}
        for i, c in enumerate(claims):
            by_lang.setdefault(c.language, []).append(i)
        for lang, rows in by_lang.items():
            self._bm25[lang] = (BM25([claims[r].lemmas for r in rows]), rows)

    def match(self, text: str, language: str | None, top: int = 5, threshold: float = 0.0) -> list[ClaimMatch]:
        return self.match_many([(text, language)], top, threshold)[0]

    def match_many(
        self,
        statements: list[tuple[str, str | None]],
        top: int = 5,
        threshold: float = 0.0,
        always: list[set[int]] | None = None,
    ) -> list[list[ClaimMatch]]:
        """The best claims for each statement; `always` names claims (row indexes) to score for a
        statement whether or not a retriever proposes them (evaluation ranks the gold claims so)."""
        if not self.claims or not statements:
            return [[] for _ in statements]
        vectors = encode([t for t, _ in statements])
        sims = vectors @ self.matrix.T
        results = []
        for n, ((text, language), row) in enumerate(zip(statements, sims, strict=True)):
            k = min(CANDIDATES, len(self.claims))
            candidates = set(np.argpartition(-row, k - 1)[:k].tolist())
            if always is not None:
                candidates |= always[n]
            words = lemmas(text, language)
            lexical: dict[int, float] = {}
            if language in self._bm25:
                index, rows = self._bm25[language]
                scored = index.scores(words)
                for doc, s in sorted(scored.items(), key=lambda x: -x[1])[:CANDIDATES]:
                    lexical[rows[doc]] = s
                    candidates.add(rows[doc])
            found = []
            names = {n.lower() for n in NAME.findall(text)}
            mine = content_words(words)
            my_entities = entities_in(text)
            for i in candidates:
                claim = self.claims[i]
                lex = lexical.get(i, 0.0)
                lex_norm = lex / (lex + LEX_HALF)
                theirs = content_words(claim.lemmas)
                shared = sorted(mine & theirs | {n for n in names if n in {w.lower() for w in claim.lemmas}})
                overlap = len(mine & theirs) / len(theirs) if theirs else 0.0
                common = my_entities & self.entities[i]
                ent = len(common) / len(self.entities[i]) if self.entities[i] else 0.0
                shared = sorted(set(shared) | common)
                score = calibrated(float(row[i]), lex_norm, overlap, ent)
                if score >= threshold:
                    found.append(
                        ClaimMatch(
                            claim.id,
                            claim.text,
                            score,
                            float(row[i]),
                            lex_norm,
                            shared,
                            overlap,
                            ent,
                            claim.verdict,
                            claim.source,
                            claim.url,
                        )
                    )
            found.sort(key=lambda m: -m.score)
            results.append(found[:top])
        return results


def statement_context(body: str, start: int, end: int, kind: str) -> str:
    """What a statement is matched on: the quotation, and for reported speech the sentence around
    it (an indirect quotation's content is often only a clause: "dass …")."""
    text = body[start:end]
    if kind == "direct" or not body:
        return text
    lo = max(body.rfind(". ", 0, start), body.rfind("\n", 0, start))
    hi_candidates = [i for i in (body.find(". ", end), body.find("\n", end)) if i >= 0]
    hi = min(hi_candidates) if hi_candidates else len(body)
    return body[lo + 1 : hi + 1].strip() or text
