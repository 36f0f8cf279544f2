"""Matching statements against the claim catalog.

1. Candidates: the nearest claims by cross-lingual sentence embedding (cosine: exact for catalogs
   of up to 20,000 claims, an inverted-file index above, `claims/nearest.py`) together with the
   best BM25 hits among the claims in the statement's own language (lemmas of the claim and its
   fact-check's headline, without the pack's stop words).
2. Score: a logistic model over the cosine, the BM25 score relative to the statement's best BM25
   hit, the squashed BM25 score, and the share of the claim's names and topics found in the
   statement, fitted by cross-validation on the CheckThat! sets (`quotewatch claims eval PAIRS
   --fit`), so that the score reads as a probability. The relative BM25 score is what makes the
   fusion beat its lexical half: raw BM25 scores differ by an order of magnitude between a tweet
   and a debate sentence. The explanation lists the shared words and names.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from quotewatch.claims.bm25 import BM25
from quotewatch.claims.encoder import encode
from quotewatch.claims.entities import entities_in
from quotewatch.claims.nearest import Nearest
from quotewatch.claims.stance import Stance, alleged_fabrication, closest_sentence, cues, read_stance, sentences
from quotewatch.store.text import lemmas

CANDIDATES = 20  # per retriever
LEX_HALF = 6.0  # BM25 score that counts as half-way to a full lexical match
# logistic weights: intercept, cosine, BM25 relative to the statement's best hit, squashed BM25,
# shared names and topics across languages (fitted with `quotewatch claims eval --fit`)
WEIGHTS = (-1.47, 1.19, 9.91, -8.26, -0.14)
FEATURES = ("intercept", "cosine", "lexical_relative", "lexical", "entities")
# whether a statement repeats the claim ranked first for it: a logistic model over what does not depend
# on the other candidates (the ranking features above compare a claim with the statement's other
# candidates, and the best of a hopeless list ranks first all the same), fitted on the first-ranked
# claims of linked and unlinked statements; `score` is this probability
CONFIRM_WEIGHTS = (-23.63, 3.96, 27.44, -0.83)
CONFIRM_FEATURES = ("intercept", "cosine", "lexical", "entities")
# a claim in another language than the statement has no lexical evidence: its probability comes from the
# cosine and the shared names and topics alone (intercept, cosine, entities), fitted on the demo pairs
# (tests' German, English and Russian statements against the demo catalog) until the project has
# labelled cross-lingual pairs of its own
CROSS_LINGUAL_WEIGHTS = (-7.7, 11.35, 1.1)
# a probability; chosen by `claims eval --fit` for precision >= 0.8 out of sample on the CheckThat!
# debate sentences with their unlinked negatives
THRESHOLD = 0.5
# A claim that a named event was staged ("The killings in Bucha were staged") is matched by a statement
# on that event (named in it or in the sentence before) that says it was staged or not as shown, with
# at least this probability: such statements rarely share the claim's words, and the sentence encoder
# knows little of a small town's name in another language ("Butscha" and "Bucha": cosine 0.12). An
# entity is the event's when at most TOPIC_SHARE of the catalog's claims (at least two) name it.
TOPIC_PROBABILITY = 0.6
TOPIC_SHARE = 0.001
MATCHER_VERSION = "2"  # raised when stored matches would come out differently (2: stance and context)
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


class Statement(NamedTuple):
    """What is matched: the statement, its language, and what it refers to (the sentence before a
    statement that opens with "Dort", "There", "Там" …), kept apart: it lends the statement its names,
    and explanations show it."""

    text: str
    language: str | None
    context: str = ""
    content: str = ""  # the speaker's own words, where stance is read (default: text)
    cue: str = ""  # the verb that introduced them ("bestritt" makes a denial)

    @property
    def own_words_apart(self) -> bool:
        """Whether the speaker's own words differ from the sentence the statement is matched on (reported
        speech): their meaning is compared too."""
        return bool(self.content) and self.content != self.text


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
        text = f"meaning {self.semantic:.2f}, wording {self.lexical:.2f}; shared words and names: {words}"
        if self.stance.label != "repeats":
            text += f"; {self.stance.label} ({self.stance.cue})"
        if self.topic:
            text += f"; same staged event: {self.topic}"
        if self.context:
            text += f"; context: {self.context}"
        return text

    rank_score: float = 0.0  # the ranking model's score, comparable among one statement's candidates
    stance: Stance = field(default_factory=lambda: Stance("repeats"))
    topic: str = ""  # the staged event both name, and how the statement says it was staged
    context: str = ""  # what the statement refers to, when its topic stands in the sentence before
    row: int = -1  # the claim's row in the matcher

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
    from quotewatch.lang import words_of

    return words_of(language, "stop_word")


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
        self.entities = [entities_in(c.text, c.language) for c in claims]
        self._claim_words: dict[int, tuple[set[str], set[str]]] = {}
        self._staged: dict[str, list[int]] = {}  # an event's entity -> rows of claims that it was staged
        named = Counter(e for found in self.entities for e in found)
        limit = max(2.0, TOPIC_SHARE * len(claims))
        for i, (c, found) in enumerate(zip(claims, self.entities, strict=True)):
            events = [e for e in found if named[e] <= limit]
            if events and cues(c.text, c.language, "fabrication"):
                for e in events:
                    self._staged.setdefault(e, []).append(i)
        self.matrix = np.vstack([c.vector for c in claims]).astype(np.float32) if claims else np.zeros((0, 512))
        self.nearest = Nearest(self.matrix)
        self._bm25: dict[str | None, tuple[BM25, list[int]]] = {}
        by_lang: dict[str | None, list[int]] = {}
        for i, c in enumerate(claims):
            by_lang.setdefault(c.language, []).append(i)
        for lang, rows in by_lang.items():
            stop = stop_words(lang)
            self._bm25[lang] = (BM25([[w for w in claims[r].lemmas if w not in stop] for r in rows]), rows)

    def match(
        self, text: str, language: str | None, top: int = 5, threshold: float = 0.0, context: str = ""
    ) -> list[ClaimMatch]:
        return self.match_many([Statement(text, language, context)], top, threshold)[0]

    def match_many(
        self,
        statements: list[Statement] | list[tuple[str, str | None]],
        top: int = 5,
        threshold: float = 0.0,
        always: list[set[int]] | None = None,
        vectors: np.ndarray | None = None,
        content_vectors: dict[int, np.ndarray] | None = None,
    ) -> list[list[ClaimMatch]]:
        """The best claims for each statement, each with its stance; `always` names claims (row
        indexes) to score for a statement whether or not a retriever proposes them (evaluation ranks
        the gold claims so); `vectors` are the statements' embeddings where they are stored already, and
        `content_vectors` (statement index -> vector) their contents' (the others are encoded)."""
        if not self.claims or not statements:
            return [[] for _ in statements]
        given = [Statement(*s) for s in statements]
        if vectors is None:
            vectors = encode([s.text for s in given])
        neighbours = [set(rows.tolist()) for rows in self.nearest.top(vectors, CANDIDATES)]
        # a reported statement is matched on its sentence, which names the speaker and the occasion;
        # its meaning is also compared on the speaker's own words alone, and the closer one counts
        own = [i for i, s in enumerate(given) if s.own_words_apart]
        stored = content_vectors or {}
        unknown = [i for i in own if i not in stored]
        fresh = dict(zip(unknown, encode([given[i].content for i in unknown]), strict=True)) if unknown else {}
        contents = {i: stored[i] if i in stored else fresh[i] for i in own}
        if own:
            nearest_to_content = self.nearest.top(np.vstack([contents[i] for i in own]), CANDIDATES)
            for i, rows in zip(own, nearest_to_content, strict=True):
                neighbours[i].update(rows.tolist())
        results = [
            self._match_one(
                statement,
                [vectors[at]] + ([contents[at]] if at in contents else []),
                neighbours[at] | (always[at] if always is not None else set()),
                top,
                threshold,
            )
            for at, statement in enumerate(given)
        ]
        self._read_stances(given, results)
        return results

    def _words(self, i: int) -> tuple[set[str], set[str]]:
        """A claim's content words and all its lemmas (for the explanation's shared words), built once."""
        found = self._claim_words.get(i)
        if found is None:
            lemmas_of = self.claims[i].lemmas
            found = self._claim_words[i] = (content_words(lemmas_of), {w.lower() for w in lemmas_of})
        return found

    def _match_one(
        self, statement: Statement, vectors: list[np.ndarray], candidates: set[int], top: int, threshold: float
    ) -> list[ClaimMatch]:
        """`vectors`: the statement's embedding (and its content's, whose cosine counts where closer);
        `candidates`: its nearest claims and any that must be scored."""
        text, language, context = statement.text, statement.language, statement.context
        words = lemmas(text, language)
        lexical: dict[int, float] = {}
        if language in self._bm25:
            index, rows = self._bm25[language]
            stop = stop_words(language)
            found, totals = index.top([w for w in words if w not in stop], CANDIDATES)
            lexical = {rows[doc]: score for doc, score in zip(found.tolist(), totals.tolist(), strict=True)}
            candidates.update(lexical)
        # the context lends its names only (the topic "dort" points to), never its words or meaning
        my_entities = entities_in(text, language) | (entities_in(context, language) if context else set())
        staged = {i: e for e in sorted(my_entities) for i in self._staged.get(e, ())}
        how = alleged_fabrication(statement.content or text, language) if staged else ""
        if how:
            candidates |= set(staged)
        order = sorted(candidates)
        best = max(lexical.values(), default=0.0) or 1.0
        lex = np.array([lexical.get(i, 0.0) for i in order])
        semantic = np.max([self.nearest.similarity(v, order) for v in vectors], axis=0).astype(float)
        common = [my_entities & self.entities[i] for i in order]
        share = np.array(
            [len(c) / len(self.entities[i]) if self.entities[i] else 0.0 for c, i in zip(common, order, strict=True)]
        )
        squashed = lex / (lex + LEX_HALF)
        ones = np.ones(len(order))
        rank_scores = probability(np.column_stack([ones, semantic, lex / best, squashed, share]), self.weights)
        same_language = np.array(
            [not (language and self.claims[i].language and language != self.claims[i].language) for i in order]
        )
        sure = sureness(np.column_stack([ones, semantic, squashed, share]), self.confirm_weights, same_language)
        topics = {j: f"{staged[i]} ({how})" for j, i in enumerate(order) if how and i in staged}
        for j in topics:
            sure[j] = max(sure[j], TOPIC_PROBABILITY)
        names = {n.lower() for n in NAME.findall(text)}
        mine = content_words(words)
        out = []
        for j in match_order(rank_scores, sure):
            if sure[j] < threshold or len(out) == top:
                break
            i = order[j]
            claim = self.claims[i]
            theirs, lowered = self._words(i)
            shared = sorted(mine & theirs | {n for n in names if n in lowered} | common[j])
            out.append(
                ClaimMatch(
                    claim.id,
                    claim.text,
                    float(sure[j]),
                    float(semantic[j]),
                    float(squashed[j]),
                    shared,
                    float(lex[j] / best),
                    float(share[j]),
                    claim.verdict,
                    claim.source,
                    claim.url,
                    rank_score=float(rank_scores[j]),
                    context=context,
                    row=i,
                    topic=topics.get(j, ""),
                )
            )
        return out

    def _read_stances(self, statements: list[Statement], results: list[list[ClaimMatch]]) -> None:
        """Each match's stance, read in the statement's sentence closest to the claim (one encoder
        call for the sentences of every statement that matched something)."""
        parts = [sentences(s.content or s.text) if found else [] for s, found in zip(statements, results, strict=True)]
        flat = [p for ps in parts if len(ps) > 1 for p in ps]
        vectors = iter(encode(flat)) if flat else iter(())
        for statement, ps, found in zip(statements, parts, results, strict=True):
            if not found:
                continue
            part_vectors = np.vstack([next(vectors) for _ in ps]) if len(ps) > 1 else np.zeros((1, 1))
            for m in found:
                claim = self.claims[m.row]
                sentence = closest_sentence(ps, part_vectors, self.matrix[m.row])
                m.stance = read_stance(sentence, statement.language, claim.text, claim.language, statement.cue)


def topic_context(body: str, start: int, text: str, language: str | None) -> str:
    """The sentence before a statement whose first word points back to it ("Dort war nicht alles
    so …" after "… die Ereignisse in Butscha."), or "" when the statement names its own topic."""
    first = re.search(r"\w+", text)
    if not first or not body or not cues(first.group(), language, "anaphor"):
        return ""
    end = start
    while end > 0 and not body[end - 1].isalnum() and body[end - 1] not in ".!?\n":
        end -= 1
    before = body[max(0, end - 400) : end].rstrip(" .!?\n")
    cut = max(before.rfind(". "), before.rfind("! "), before.rfind("? "), before.rfind("\n"))
    return before[cut + 1 :].strip() + "."


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
