"""Scoring: the matching rule, the gold readers, and the figures on real annotated data."""

import json

import pytest
from conftest import CORPUS, REPO, SAMPLE, needs_shared

from quotewatch.eval import evaluate
from quotewatch.eval.gold import GoldDoc, GoldQuote
from quotewatch.eval.score import Report, score_document
from quotewatch.model import Quote, SpeakerRef

TEXT = "Der Minister Max Kurz sagte, dass die Steuern sinken werden. Das Wetter war schön."


def _q(start, end, name=None, kind="indirect"):
    sp = SpeakerRef(name, name, 0, 20) if name else None
    return Quote("q", kind, TEXT[start:end], start, end, speaker=sp)


def test_partial_match_needs_half_of_gold_and_mostly_inside():
    start = TEXT.index("dass")
    end = TEXT.index(".")
    gold = GoldDoc("d", TEXT, [GoldQuote([(start, end)], "indirect", "Der Minister Max Kurz", [(0, 20)])])
    for pred, matched in (
        (_q(start, end, "Max Kurz"), 1),  # exact
        (_q(start + 5, end, "Max Kurz"), 1),  # most of it
        (_q(start, start + 8), 0),  # too little of the gold span
        (_q(0, len(TEXT)), 0),  # mostly outside the gold span
    ):
        report = Report()
        score_document(gold, [pred], report)
        assert report.overall.matched == matched, pred.text


def test_speaker_scored_by_mention_overlap_or_name():
    start, end = TEXT.index("dass"), TEXT.index(".")
    gold = GoldDoc("d", TEXT, [GoldQuote([(start, end)], "indirect", "Der Minister Max Kurz", [(0, 20)])])
    report = Report()
    score_document(gold, [_q(start, end, "Max Kurz")], report)
    assert report.overall.speaker_ok == 1
    report = Report()
    wrong = _q(start, end, "Eva Lang")
    wrong.speaker.mention_start, wrong.speaker.mention_end = 62, 68
    score_document(gold, [wrong], report)
    assert report.overall.speaker_ok == 0


@needs_shared(SAMPLE)
def test_sample_page_against_our_gold():
    report = evaluate(REPO / "tests" / "gold", progress=False)
    o = report.overall
    direct = report.by_gold_kind["direct"]
    assert direct.recall == 1.0, "every direct and nested quotation of the sample is found"
    assert direct.speaker_accuracy >= 0.9
    assert report.by_gold_kind["indirect"].recall >= 0.8
    assert o.precision >= 0.9 and o.f1 >= 0.9


@needs_shared(CORPUS / "dev")
def test_german_news_quotes_dev_figures(tmp_path):
    report = evaluate(CORPUS / "dev", progress=False)
    o = report.overall
    # the figures the README states (F1 0.804, direct recall 0.971, speaker accuracy 0.863), within 0.01:
    # a change that loses more than that fails here (the published rule-based baseline: F1 0.48)
    assert o.f1 >= 0.794
    assert report.by_gold_kind["direct"].recall >= 0.961
    assert o.speaker_accuracy >= 0.853


def test_own_gold_format_with_inline_text(tmp_path):
    f = tmp_path / "doc.json"
    body = "„Wir bleiben“, sagte Jana Berg."
    f.write_text(
        json.dumps({"text": body, "quotes": [{"start": 0, "end": 13, "kind": "direct", "speaker": "Jana Berg"}]}),
        encoding="utf-8",
    )
    report = evaluate(f, progress=False)
    assert report.overall.matched == 1 and report.overall.speaker_ok == 1


def test_unknown_gold_format_is_refused(tmp_path):
    f = tmp_path / "x.json"
    f.write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError):
        evaluate(f, progress=False)
