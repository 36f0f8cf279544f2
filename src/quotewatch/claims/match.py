"""Matching statements against the claim catalog.

1. Candidates: the nearest claims by cross-lingual sentence embedding (cosine, brute force in
   numpy: fine up to about a million claims) together with the best BM25 hits among the claims in
   the statement's own language (lemmas of the claim and its fact-check's headline, without the
   pack's stop words).
2. Score: a logistic model over the cosine, the BM25 score relative to the statement's best BM25
   hit, the squashed BM25 score, and the share of the claim's names and topics found in the
   statement, fitted by cross-validation on the CheckThat! sets (`quotewatch claims eval PAIRS
   --fit`), so that the score reads as a probability. The relative BM25 score is what makes the
   fusion beat its lexical half: raw BM25 scores differ by an order of magnitude between a tweet
   and a debate sentence. The explanation lists the shared words and names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from quotewatch.claims.bm25 import BM25
from quotewatch.claims.encoder import encode
from quotewatch.claims.entities import entities_in
from quotewatch.store.text import lemmas

CANDIDATES = 20  # per retriever
LEX_HALF = 6.0  # BM25 score that counts as half-way to a full lexical match
# logistic weights: intercept, cosine, BM25 relative to the statement's best hit, squashed BM25,
# shared names and topics across languages (fitted with `quotewatch claims eval --fit`)
WEIGHTS = (-1.49, 1.23, 9.88, -8.19, -0.19)
FEATURES = ("intercept", "cosine", "lexical_relative", "lexical", "entities")
# whether a statement repeats the claim ranked first for it: a logistic model over what does not depend
# on the other candidates (the ranking features above compare a claim with the statement's other
# candidates, and the best of a hopeless list ranks first all the same), fitted on the first-ranked
# claims of linked and unlinked statements; `score` is this probability
CONFIRM_WEIGHTS = (-23.54, 3.73, 27.34, -0.49)
CONFIRM_FEATURES = ("intercept", "cosine", "lexical", "entities")
# a claim in another language than the statement has no lexical evidence: its probability comes from the
# cosine and the shared names and topics alone (intercept, cosine, entities), fitted on the demo pairs
# (tests' German, English and Russian statements against the demo catalog) until the project has
# labelled cross-lingual pairs of its own
CROSS_LINGUAL_WEIGHTS = (-7.7, 11.35, 1.1)
# a probability; chosen by `claims eval --fit` for precision >= 0.8 out of sample on the CheckThat!
# debate sentences with their unlinked negatives
THRESHOLD = 0.5
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
    lexical_relative: float = 0.0
    entities: float = 0.0
    verdict: str | None = None
    source: str | None = None
    url: str | None = None

    @property
    def explanation(self) -> str:
        words = ", ".join(self.shared[:8]) if self.shared else "none"
        return f"meaning {self.semantic:.2f}, wording {self.lexical:.2f}; shared words and names: {words}"

    rank_score: float = 0.0  # the ranking model's score, comparable among one statement's candidates

    @property
    def features(self) -> tuple[float, ...]:
        """The ranking model's inputs, in the order of FEATURES."""
        return (1.0, self.semantic, self.lexical_relative, self.lexical, self.entities)

    @property
    def confirm_features(self) -> tuple[float, ...]:
        return (1.0, self.semantic, self.lexical, self.entities)


def probability(features: np.ndarray, weights: tuple[float, ...]) -> np.ndarray:
    """A logistic model's probability for each row of features (one row: a scalar array)."""
    z = np.clip(np.asarray(features, dtype=float) @ np.asarray(weights, dtype=float), -50.0, 50.0)
    return 1 / (1 + np.exp(-z))


MEANING_COLUMNS = [0, 1, 3]  # of CONFIRM_FEATURES: what CROSS_LINGUAL_WEIGHTS reads


def sureness(confirm: np.ndarray, confirm_weights: tuple[float, ...], same_language: np.ndarray | bool) -> np.ndarray:
    """How sure each match is (rows of CONFIRM_FEATURES): meaning alone (any language) or meaning with
    wording (a claim in the statement's language), whichever is surer."""
    meaning = probability(confirm[:, MEANING_COLUMNS], CROSS_LINGUAL_WEIGHTS)
    wording = probability(confirm, confirm_weights)
    return np.where(same_language, np.maximum(meaning, wording), meaning)


def match_order(rank_scores: np.ndarray, sure: np.ndarray) -> np.ndarray:
    """The candidates' order: surest first, ties broken by the ranking model."""
    return np.lexsort((-rank_scores, -sure))


def content_words(words: list[str]) -> set[str]:
    return {w for w in words if len(w) >= STOP_LEN and not w.isdigit()}


NAME = re.compile(r"\b[A-ZÄÖÜА-ЯЁ][\w\-]{2,}")


def stop_words(language: str | None) -> frozenset[str]:
    """The pack's words that match every statement, left out of the lexical index."""
    from quotewatch.lang import available, load

    if language not in available():
        return frozenset()
    return load(language).word_class("stop_word")


class Matcher:
    def __init__(
        self,
        claims: list[ClaimRow],
        weights: tuple[float, ...] = WEIGHTS,
        confirm_weights: tuple[float, ...] = CONFIRM_WEIGHTS,
    ):
        self.claims = claims
        self.weights = weights
        self.confirm_weights = confirm_weights
        self.entities = [entities_in(c.text) for c in claims]
        self.matrix = np.vstack([c.vector for c in claims]).astype(np.float32) if claims else np.zeros((0, 512))
        self._bm25: dict[str | None, tuple[BM25, list[int]]] = {}
        by_lang: dict[str | None, list[int]] = {}
        for i, c in enumerate(claims):
            by_lang.setdefault(c.language, []).append(i)
        for lang, rows in by_lang.items():
            stop = stop_words(lang)
            self._bm25[lang] = (BM25([[w for w in claims[r].lemmas if w not in stop] for r in rows]), rows)

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
        for at, ((text, language), row) in enumerate(zip(statements, sims, strict=True)):
            k = min(CANDIDATES, len(self.claims))
            candidates = set(np.argpartition(-row, k - 1)[:k].tolist())
            if always is not None:
                candidates |= always[at]
            words = lemmas(text, language)
            lexical: dict[int, float] = {}
            if language in self._bm25:
                index, rows = self._bm25[language]
                stop = stop_words(language)
                scored = index.scores([w for w in words if w not in stop])
                for doc, s in sorted(scored.items(), key=lambda x: -x[1])[:CANDIDATES]:
                    lexical[rows[doc]] = s
                    candidates.add(rows[doc])
            best = max(lexical.values(), default=0.0) or 1.0
            names = {n.lower() for n in NAME.findall(text)}
            mine = content_words(words)
            my_entities = entities_in(text)
            built, same_language = [], []
            for i in candidates:
                claim = self.claims[i]
                lex = lexical.get(i, 0.0)
                theirs = content_words(claim.lemmas)
                shared = sorted(mine & theirs | {n for n in names if n in {w.lower() for w in claim.lemmas}})
                common = my_entities & self.entities[i]
                built.append(
                    ClaimMatch(
                        claim.id,
                        claim.text,
                        0.0,
                        float(row[i]),
                        lex / (lex + LEX_HALF),
                        sorted(set(shared) | common),
                        lex / best,
                        len(common) / len(self.entities[i]) if self.entities[i] else 0.0,
                        claim.verdict,
                        claim.source,
                        claim.url,
                    )
                )
                same_language.append(not (language and claim.language and language != claim.language))
            if not built:
                results.append([])
                continue
            rank_scores = probability(np.array([m.features for m in built]), self.weights)
            sure = sureness(
                np.array([m.confirm_features for m in built]), self.confirm_weights, np.array(same_language)
            )
            for m, r, p in zip(built, rank_scores, sure, strict=True):
                m.rank_score, m.score = float(r), float(p)
            found = [built[j] for j in match_order(rank_scores, sure) if built[j].score >= threshold]
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
