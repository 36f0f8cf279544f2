"""Scoring quotation detection and attribution against gold annotations.

A predicted quotation matches a gold one when it covers at least half of the gold span's tokens
and at least half of its own tokens lie inside the gold span ("partial"); "exact" requires the
same word tokens. Matching is one-to-one, best overlap first (among equal overlaps, agreeing speakers
first). Speaker accuracy is measured on
matched quotations whose gold annotation names a speaker: the predicted mention overlaps the gold
speaker span, or the predicted canonical name shares a name word with the gold speaker text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from quotewatch.eval.gold import KIND_CLASS, GoldDoc, GoldQuote
from quotewatch.model import Quote
from quotewatch.text.segment import tokenize


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    exact: int = 0
    speaker_total: int = 0
    speaker_ok: int = 0
    kind_ok: int = 0

    def add(self, other: Counts) -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return self._f1(self.precision, self.recall)

    @property
    def exact_f1(self) -> float:
        p = self.exact / self.pred if self.pred else 0.0
        r = self.exact / self.gold if self.gold else 0.0
        return self._f1(p, r)

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_ok / self.speaker_total if self.speaker_total else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_ok / self.matched if self.matched else 0.0


@dataclass
class Report:
    overall: Counts = field(default_factory=Counts)
    by_gold_kind: dict[str, Counts] = field(default_factory=dict)
    by_pred_kind: dict[str, Counts] = field(default_factory=dict)
    by_rule: dict[str, Counts] = field(default_factory=dict)  # found quotations by the rule that found them
    by_via: dict[str, Counts] = field(default_factory=dict)  # speakers by the way they were found
    documents: int = 0
    errors: list[dict] = field(default_factory=list)
    # one record per found quotation and per missed gold quotation, for snapshots and their comparison
    records: list[dict] | None = None


class _TokenIndex:
    def __init__(self, text: str):
        toks = [t for t in tokenize(text) if any(c.isalnum() for c in t.text)]
        self.starts = [t.start for t in toks]

    def ids(self, spans: list[tuple[int, int]]) -> frozenset[int]:
        out: set[int] = set()
        for s, e in spans:
            lo = bisect.bisect_left(self.starts, s)
            hi = bisect.bisect_left(self.starts, e)
            out.update(range(lo, hi))
        return frozenset(out)


def _speaker_ok(pred: Quote, gold: GoldQuote) -> bool:
    if pred.speaker is None:
        return False
    sp = pred.speaker
    if sp.mention_start >= 0 and any(sp.mention_start < e and s < sp.mention_end for s, e in gold.speaker_spans):
        return True
    gold_words = {w.strip(".,:;()„“\"'").lower() for w in gold.speaker_text.split()}
    name_words = {w.lower() for w in sp.name.split() if len(w) > 2 and w[:1].isupper()}
    return bool(name_words & gold_words)


def _pieces(q: Quote) -> list[tuple[int, int]]:
    """The speaker's words of a prediction: its span without the attribution inside it."""
    if q.gap is None:
        return [(q.start, q.end)]
    return [(q.start, q.gap[0]), (q.gap[1], q.end)]


def match_quotes(doc: GoldDoc, predicted: list[Quote]) -> tuple[dict[int, int], list[frozenset], list[frozenset]]:
    """Pair gold and predicted quotations (gold index -> predicted index), best overlap first, then the
    pair whose speakers agree. A pair counts when the prediction covers at least half of the gold tokens
    and lies mostly inside the gold span. Also returns the token sets, for exact-match scoring."""
    index = _TokenIndex(doc.text)
    gold_sets = [index.ids(g.spans) for g in doc.quotes]
    pred_sets = [index.ids(_pieces(q)) for q in predicted]
    pairs = []
    for gi, gs in enumerate(gold_sets):
        for pi, ps in enumerate(pred_sets):
            if not gs or not ps:
                continue
            inter = len(gs & ps)
            if inter * 2 >= len(gs) and inter * 2 > len(ps):
                # equal overlaps (one statement annotated once per speaker, "X, zitiert von Y") pair
                # by speaker
                pairs.append((inter / len(gs | ps), _speaker_ok(predicted[pi], doc.quotes[gi]), gi, pi))
    pairs.sort(reverse=True)
    used_g, used_p, match = set(), set(), {}
    for _, _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            match[gi] = pi
    return match, gold_sets, pred_sets


def _nested_in_matches(doc: GoldDoc, predicted: list[Quote]) -> list[Quote]:
    """The predictions without the nested ones whose parent matched the gold statement they lie in, for
    gold that does not annotate quotations inside quotations (see GoldDoc.nested_annotated)."""
    if doc.nested_annotated:
        return predicted
    match, gold_sets, pred_sets = match_quotes(doc, predicted)
    gold_of = {pi: gi for gi, pi in match.items()}
    index = {q.id: pi for pi, q in enumerate(predicted)}
    drop = set()
    for pi, q in enumerate(predicted):
        parent = index.get(q.parent) if q.parent is not None else None
        if pi in gold_of or parent is None or parent not in gold_of:
            continue
        if pred_sets[pi] <= gold_sets[gold_of[parent]]:
            drop.add(pi)
    return [q for pi, q in enumerate(predicted) if pi not in drop]


def score_document(doc: GoldDoc, predicted: list[Quote], report: Report, keep_errors: bool = False) -> None:
    predicted = _nested_in_matches(doc, predicted)
    match, gold_sets, pred_sets = match_quotes(doc, predicted)
    used_p = set(match.values())
    doc_counts = Counts(gold=len(doc.quotes), pred=len(predicted))
    for gi, g in enumerate(doc.quotes):
        gk = report.by_gold_kind.setdefault(g.kind, Counts())
        gk.gold += 1
        if gi not in match:
            if keep_errors:
                report.errors.append(
                    {
                        "doc": doc.name,
                        "type": "missed",
                        "kind": g.kind,
                        "text": " … ".join(doc.text[s:e] for s, e in g.spans),
                        "speaker": g.speaker_text,
                    }
                )
            continue
        p = predicted[match[gi]]
        pk = report.by_pred_kind.setdefault(p.kind, Counts())
        c = Counts(matched=1, exact=int(gold_sets[gi] == pred_sets[match[gi]]))
        c.kind_ok = int(KIND_CLASS.get(p.kind) == g.kind)
        if g.speaker_spans or g.speaker_text:
            c.speaker_total = 1
            c.speaker_ok = int(_speaker_ok(p, g))
            if keep_errors and not c.speaker_ok:
                report.errors.append(
                    {
                        "doc": doc.name,
                        "type": "speaker",
                        "kind": g.kind,
                        "text": p.text[:200],
                        "gold_speaker": g.speaker_text,
                        "pred_speaker": p.speaker.name if p.speaker else None,
                        "mention": p.speaker.mention if p.speaker else None,
                    }
                )
        for target in (doc_counts, gk, pk):
            for k in ("matched", "exact", "speaker_total", "speaker_ok", "kind_ok"):
                setattr(target, k, getattr(target, k) + getattr(c, k))
    gold_of = {pi: gi for gi, pi in match.items()}
    for pi, p in enumerate(predicted):
        report.by_pred_kind.setdefault(p.kind, Counts()).pred += 1
        rule = report.by_rule.setdefault(p.rule or "-", Counts())
        rule.pred += 1
        gi = gold_of.get(pi)
        g = doc.quotes[gi] if gi is not None else None
        speaker_scored = g is not None and bool(g.speaker_spans or g.speaker_text) and p.speaker is not None
        speaker_ok = _speaker_ok(p, g) if speaker_scored else None
        if g is not None:
            rule.matched += 1
            rule.speaker_total += int(speaker_scored)
            rule.speaker_ok += int(bool(speaker_ok))
        if speaker_scored:
            via = report.by_via.setdefault(p.speaker.via, Counts())
            via.speaker_total += 1
            via.speaker_ok += int(bool(speaker_ok))
        if report.records is not None:
            report.records.append(
                {
                    "doc": doc.name,
                    "start": p.start,
                    "end": p.end,
                    "kind": p.kind,
                    "rule": p.rule,
                    "cue": p.cue,
                    "speaker": p.speaker.name if p.speaker else None,
                    "via": p.speaker.via if p.speaker else None,
                    "matched": g is not None,
                    "gold_kind": g.kind if g is not None else None,
                    "speaker_ok": speaker_ok,
                }
            )
        if keep_errors and pi not in used_p:
            report.errors.append(
                {"doc": doc.name, "type": "spurious", "kind": p.kind, "text": p.text[:300], "cue": p.cue}
            )
    if report.records is not None:
        for gi, g in enumerate(doc.quotes):
            if gi not in match:
                start, end = g.spans[0][0], g.spans[-1][1]
                report.records.append(
                    {"doc": doc.name, "start": start, "end": end, "gold_kind": g.kind, "missed": True}
                )
    report.overall.add(doc_counts)
    report.documents += 1
