"""Hostile input: the cost of a page is bounded (linear scans, capped words, a time budget), and what
cannot be read is refused without being stored."""

from conftest import quotes_de

import quotewatch
from quotewatch.budget import Budget, page_budget
from quotewatch.lang import load
from quotewatch.lang.de import morph
from quotewatch.pipeline import cut_to_size, extract
from quotewatch.quotes.detect import find_quotes
from quotewatch.quotes.marks import scan
from quotewatch.settings import MAX_ANALYSED_WORD, MAX_EXTRACTION_CHARS, MAX_QUOTE_DEPTH, MAX_SENTENCE_TOKENS
from quotewatch.text.segment import paragraphs, split_sentences

NEWS = "Der Minister Max Kurz sagte am Montag, die Lage sei ernst. „Wir handeln jetzt“, sagte Kurz.\n"


def test_a_spent_budget_stops_detection_and_says_where():
    text = NEWS * 50
    budget = Budget(0.0)
    found = find_quotes(text, load("de"), budget)
    assert budget.stopped_at is not None and budget.stage
    assert len(found) < len(find_quotes(text, load("de"), Budget(None)))


def test_the_pipeline_warns_when_the_budget_runs_out():
    result = extract("Titel der Meldung\n" + NEWS * 20, time_budget=0.0)
    assert any("time budget" in w for w in result.warnings)
    assert extract("Titel der Meldung\n" + NEWS * 20).warnings == []


def test_long_words_are_not_given_to_the_tagger(monkeypatch):
    asked = []
    real = morph._tagger()

    class Spy:
        def analyze(self, word, **kw):
            asked.append(word)
            return real.analyze(word, **kw)

    monkeypatch.setattr(morph, "_tagger", lambda: Spy())
    word = "Ab" * 700
    quotes_de(f"Der {word} sagte, dass es regnet. Die Lage sei ernst.")
    assert asked, "the tagger is asked about ordinary words"
    assert all(len(w) <= MAX_ANALYSED_WORD for w in asked)
    assert morph.analyze(word) == (word, "XY")


def test_under_a_spent_budget_no_new_word_is_analysed_and_none_is_remembered_wrongly():
    word = "Zwischenablagenverwalterin"
    morph._analyses.pop(word, None)
    with page_budget(0.0):
        assert morph.analyze(word) == (word, "XY")
    assert morph.analyze(word)[1] == "NN"  # the next page has its own budget


def test_a_flood_of_opening_marks_nests_only_a_few_levels():
    text = "„‚»«“‘" * 300 + "Wort"
    spans, _ = scan(text, paragraphs(text))
    assert max((s.depth for s in spans), default=0) < MAX_QUOTE_DEPTH


def test_a_paragraph_without_full_stops_is_cut_into_bounded_sentences():
    text = "und " * 3000
    sentences = split_sentences(text)
    assert len(sentences) > 1 and max(len(s.tokens) for s in sentences) <= MAX_SENTENCE_TOKENS


def test_a_huge_page_is_cut_before_extraction_and_its_scripts_dropped_first():
    from quotewatch.article.loader import Page

    script = "<script>" + "x" * (MAX_EXTRACTION_CHARS + 10) + "</script>"
    page = Page(f"<html><body>{script}<p>Der Text.</p></body></html>", "p", True, "utf-8")
    small, cut = cut_to_size(page)
    assert not cut and "Der Text." in small.text and "xxxx" not in small.text
    big = Page("Zeile mit Text\n" * (MAX_EXTRACTION_CHARS // 10), "t", False, "utf-8")
    small, cut = cut_to_size(big)
    assert cut and len(small.text) <= MAX_EXTRACTION_CHARS and small.text.endswith("Text")


def test_a_long_paragraph_of_quotations_is_attributed_throughout():
    # every quotation of a long paragraph is found: the attribution windows do not lose any
    text = "Titel\n" + "„Wir gehen“, sagte Müller. " * 400
    result = quotewatch.extract(text)
    assert len(result.quotes) == 400 and all(q.speaker for q in result.quotes)
