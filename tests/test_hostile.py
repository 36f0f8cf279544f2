"""Hostile input: the cost of a page is bounded (linear scans, capped words, a time budget), and what
cannot be read is refused without being stored."""

import gzip
import io
import json
import os
import subprocess
import sys
import tracemalloc

import pytest
from conftest import quotes_de
from hostile_inputs import jsonl_bomb, warc_bomb

import quotewatch
from quotewatch.budget import Budget, page_budget
from quotewatch.ingest.sources import PageSource, SourceError
from quotewatch.lang import load
from quotewatch.lang.de import morph
from quotewatch.pipeline import cut_to_size, extract
from quotewatch.quotes.detect import find_quotes
from quotewatch.quotes.marks import scan
from quotewatch.settings import MAX_ANALYSED_WORD, MAX_EXTRACTION_CHARS, MAX_QUOTE_DEPTH, MAX_SENTENCE_TOKENS
from quotewatch.store import QuoteQuery, Repository
from quotewatch.store.repository import RawPage
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

        def tag_word(self, word, **kw):
            asked.append(word)
            return real.tag_word(word, **kw)

    monkeypatch.setattr(morph, "_tagger", lambda: Spy())
    monkeypatch.setattr(morph, "_analyses", {})  # nothing known yet: every word goes to the tagger
    monkeypatch.setattr(morph, "_tags", {})
    monkeypatch.setattr(morph, "_morpheme_cache", {})
    word = "Ab" * 700
    quotes_de(f"Der {word} sagte, dass es regnet. Die Lage sei ernst.")
    assert all(len(w) <= MAX_ANALYSED_WORD for w in asked)
    morph.tag("Regenschirmverkäuferin")
    assert asked[-1] == "Regenschirmverkäuferin", "the spy sees what the tagger is asked"
    assert morph.analyze(word) == (word, "XY") and morph.tag(word) == "XY"


def test_under_a_spent_budget_no_new_word_is_analysed_and_none_is_remembered_wrongly():
    word = "Zwischenablagenverwalterin"
    morph._analyses.pop(word, None)
    morph._tags.pop(word, None)
    with page_budget(0.0):
        assert morph.analyze(word) == (word, "XY") and morph.tag(word) == "XY"
    assert morph.tag(word) == "NN" and morph.analyze(word)[1] == "NN"  # the next page has its own budget


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


# ---- input limits: what cannot be read is refused, named, and never stored ---------------------------

TEXT = "BERLIN (dpa) - „Das ist ein Kraftakt“, sagte Bahnchefin Eva Kühn am Dienstag in Berlin.\n"


def run_cli(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "quotewatch.cli", *args], capture_output=True, timeout=timeout)


def _stored(db: str) -> int:
    repo = Repository.open(db)
    try:
        return repo.stats()["pages"]
    finally:
        repo.close()


def test_add_refuses_binary_and_oversized_files_and_stores_neither(tmp_path):
    db = str(tmp_path / "a.db")
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    big = tmp_path / "big.txt"
    big.write_text(TEXT * 30_000, encoding="utf-8")  # 2.7 MB
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    res = run_cli("add", str(binary), str(big), str(good), "--db", db, "--quiet", "--max-size", "1")
    err = res.stderr.decode()
    assert res.returncode == 4 and "Traceback" not in err
    assert f"{binary}: binary file" in err and f"{big}: larger than the page limit" in err
    assert "added 1" in err and _stored(db) == 1


def test_utf16_without_a_byte_order_mark_is_read_as_text(tmp_path):
    db = str(tmp_path / "a.db")
    page = tmp_path / "utf16.txt"
    page.write_bytes(TEXT.encode("utf-16-le"))
    res = run_cli("add", str(page), "--db", db, "--quiet")
    assert res.returncode == 0, res.stderr
    repo = Repository.open(db)
    assert repo.quotes(QuoteQuery())[0]["speaker"] == "Eva Kühn"
    repo.close()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_not_waited_for(tmp_path):
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    res = run_cli("extract", str(fifo), timeout=60)
    assert res.returncode == 3 and b"not a regular file" in res.stderr
    res = run_cli("add", str(fifo), "--db", str(tmp_path / "a.db"), "--quiet", timeout=60)
    assert res.returncode == 4 and b"not a regular file" in res.stderr
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "folder" / "pipe.txt")
    (tmp_path / "folder" / "page.txt").write_text(TEXT, encoding="utf-8")
    res = run_cli("add", str(tmp_path / "folder"), "--db", str(tmp_path / "b.db"), "--quiet", timeout=60)
    assert res.returncode == 0 and b"added 1" in res.stderr  # a folder's FIFO is passed over


def test_a_compression_bomb_stops_early_within_bounded_memory(tmp_path):
    path = jsonl_bomb(300)(tmp_path)
    assert path.stat().st_size < 2_000_000
    tracemalloc.start()
    items = list(PageSource().iter_pages([str(path)]))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    messages = [i.message for i in items if isinstance(i, SourceError)]
    assert not any(isinstance(i, RawPage) for i in items)
    assert any("compression bomb" in m or "larger than the page limit" in m for m in messages)
    assert peak < 120 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


def test_a_warc_bomb_and_a_corrupt_gzip_are_errors_and_what_came_before_stays(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    warc = warc_bomb(200)(tmp_path)
    with warc.open("ab") as fh:  # a good record after the bomb: it is never reached, the file ends
        WARCWriter(fh, gzip=True).write_record(
            WARCWriter(fh, gzip=True).create_warc_record(
                "https://x.example/1",
                "response",
                payload=io.BytesIO(f"<html><body><p>{TEXT}</p></body></html>".encode()),
                http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"),
            )
        )
    items = list(PageSource().iter_pages([str(warc)]))
    assert not [i for i in items if isinstance(i, RawPage)]
    assert any("compression bomb" in i.message for i in items if isinstance(i, SourceError))

    dump = tmp_path / "cut.jsonl.gz"
    records = "".join(
        json.dumps({"url": f"https://x.example/{k}", "text": TEXT * 50 + str(k)}) + "\n" for k in range(200)
    )
    data = gzip.compress(records.encode())
    dump.write_bytes(data[: len(data) // 2])
    items = list(PageSource().iter_pages([str(dump)]))
    pages = [i for i in items if isinstance(i, RawPage)]
    errors = [i.message for i in items if isinstance(i, SourceError)]
    assert 0 < len(pages) < 200 and errors and "corrupt or truncated" in errors[-1]
