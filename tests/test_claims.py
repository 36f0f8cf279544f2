"""Claim matching: catalogs in three formats, cross-lingual retrieval, the archive on both back-ends."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from conftest import SAMPLE, SHARED, needs_shared

from quotewatch.claims.catalog import CatalogError, read_catalog
from quotewatch.claims.evaluate import evaluate_pairs
from quotewatch.claims.store import import_claims, list_claims, load_matcher, match_archive
from quotewatch.ingest import extract_raw
from quotewatch.store import QuoteQuery, RawPage, Repository

DATA = Path(__file__).resolve().parents[1] / "src" / "quotewatch" / "claims" / "data"
CHECKTHAT = SHARED / "corpora" / "claims-checkthat-en"

CLAIMREVIEW = {
    "@context": "https://schema.org",
    "@graph": [
        {
            "@type": "ClaimReview",
            "claimReviewed": "Die Morde von Butscha wurden von der Ukraine inszeniert.",
            "url": "https://check.example/butscha",
            "datePublished": "2022-04-07",
            "inLanguage": "de",
            "author": {"@type": "Organization", "name": "Check-Team"},
            "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "alternateName": "Falsch"},
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Ein Blogger"}},
        },
        {"@type": "WebPage", "name": "not a review"},
    ],
}


def test_catalog_formats(tmp_path):
    csv_path = tmp_path / "c.csv"
    csv_path.write_text("Behauptung;Bewertung;Quelle\nDie Erde ist eine Scheibe.;falsch;Check-Team\n", encoding="utf-8")
    (claim,) = read_catalog(csv_path, mapping={"text": "Behauptung", "verdict": "Bewertung", "source": "Quelle"})
    assert (claim.text, claim.verdict, claim.source) == ("Die Erde ist eine Scheibe.", "falsch", "Check-Team")

    jsonld = tmp_path / "review.json"
    jsonld.write_text(json.dumps(CLAIMREVIEW), encoding="utf-8")
    (review,) = read_catalog(jsonld)
    assert review.verdict == "Falsch" and review.source == "Check-Team" and review.language == "de"
    assert "claimant:Ein Blogger" in review.tags

    page = tmp_path / "factcheck.html"
    page.write_text(
        f'<html><head><script type="application/ld+json">{json.dumps(CLAIMREVIEW)}</script></head>'
        "<body>…</body></html>",
        encoding="utf-8",
    )
    assert read_catalog(page)[0].url == "https://check.example/butscha"

    assert len(read_catalog(DATA / "claims-demo.jsonl")) == 20
    with pytest.raises(CatalogError, match="no claim text"):
        bad = tmp_path / "bad.csv"
        bad.write_text("a,b\n1,2\n", encoding="utf-8")
        read_catalog(bad)


def test_retrieval_is_cross_lingual_and_beats_chance():
    report = evaluate_pairs(DATA / "pairs-demo.jsonl", DATA / "claims-demo.jsonl")
    assert report.with_claims >= 30
    assert report.mrr >= 0.85 and report.recall[5] >= 0.95
    assert set(report.per_language) == {"de", "en", "ru"} and min(report.per_language.values()) >= 0.75
    assert report.flagged_false == 0.0  # statements about other things are not flagged


STORY = (
    "KIEW (Demo) - Ein Blogger behauptete erneut, die Morde von Butscha seien von der Ukraine inszeniert worden. "
    "Der Vorwurf ist längst widerlegt.\n"
    "„Die Sanktionen schaden Europa viel mehr als Russland“, sagte der Abgeordnete Karl Brenner am Montag."
)


def _page(i: int, body: str) -> RawPage:
    html = (
        f'<html lang="de"><head><title>Meldung {i}</title></head><body><article>'
        + "".join(f"<p>{p}</p>" for p in body.split("\n"))
        + "</article></body></html>"
    )
    return RawPage(html.encode(), f"https://news.example/{i}", f"https://news.example/{i}")


def test_archive_matching_on_both_backends(store_url, tmp_path, monkeypatch):
    repo = Repository.open(store_url)
    repo.add(_page(1, STORY), extract_raw)
    review = tmp_path / "review.json"
    catalog = copy.deepcopy(CLAIMREVIEW)
    review.write_text(json.dumps(catalog), encoding="utf-8")
    first = import_claims(repo, read_catalog(DATA / "claims-demo.jsonl") + read_catalog(review))
    assert first.added == 21
    again = import_claims(repo, read_catalog(DATA / "claims-demo.jsonl"))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 20)
    catalog["@graph"][0]["reviewRating"]["alternateName"] = "Frei erfunden"
    review.write_text(json.dumps(catalog), encoding="utf-8")
    updated = import_claims(repo, read_catalog(review))
    assert (updated.added, updated.updated) == (0, 1)  # same review URL: updated, not duplicated

    result = match_archive(repo)
    assert result["full"] and result["matches"] >= 2
    claims = {c["text"]: c for c in list_claims(repo)}
    bucha = claims["Die Morde von Butscha wurden von der Ukraine inszeniert."]
    assert bucha["verdict"] == "Frei erfunden"
    sanctions = claims["Die Sanktionen schaden Europa mehr als Russland."]
    assert bucha["matches"] == 1 and sanctions["matches"] == 1
    (q,) = repo.quotes(QuoteQuery(claim=sanctions["id"]))
    assert q["speaker"] == "Karl Brenner"

    # incremental: only the new statement is matched next time
    repo.add(_page(2, "„Das Wetter wird morgen schön“, sagte die Meteorologin Ina Roth."), extract_raw)
    step = match_archive(repo)
    assert not step["full"] and step["statements"] == 1 and step["matches"] == 0

    # a full re-match reads every vector back, the contents of reported statements too: retrieval and
    # scoring run no encoder (stance reading still encodes the sentences of the few statements that
    # matched, to find the one closest to the claim: left out here, it is tested on its own)
    stored = repo.db.fetchone("SELECT count(*) AS n FROM statement_vectors WHERE content_embedding IS NOT NULL")
    assert stored["n"] >= 1
    before = repo.db.fetchall("SELECT quote_id, claim_id, score, stance FROM claim_matches ORDER BY quote_id, claim_id")

    def no_encoder(texts, batch=64):
        raise AssertionError(f"encoded again: {texts}")

    monkeypatch.setattr("quotewatch.claims.match.encode", no_encoder)
    monkeypatch.setattr("quotewatch.claims.store.encode", no_encoder)
    monkeypatch.setattr("quotewatch.claims.match.Matcher._read_stances", lambda self, given, results: None)
    again = match_archive(repo, everything=True)
    after = repo.db.fetchall("SELECT quote_id, claim_id, score, stance FROM claim_matches ORDER BY quote_id, claim_id")
    assert again["full"] and [r["claim_id"] for r in after] == [r["claim_id"] for r in before]
    assert [round(r["score"], 6) for r in after] == [round(r["score"], 6) for r in before]
    repo.close()


def test_check_explains_the_match(tmp_path):
    repo = Repository.open(str(tmp_path / "c.db"))
    import_claims(repo, read_catalog(DATA / "claims-demo.jsonl"))
    matcher = load_matcher(repo)
    best = matcher.match("Die Strafmaßnahmen gegen Russland schaden der EU am meisten.", "de")[0]
    assert best.text == "Die Sanktionen schaden Europa mehr als Russland."
    assert "russland" in best.shared and "meaning" in best.explanation
    assert 0 < best.score <= 1
    repo.close()


@needs_shared(SAMPLE)
def test_sample_page_butscha_repeats_and_the_denial_denies(tmp_path):
    """On the BelTA interview: Lukaschenko's account of Butscha ("Dort war nicht alles so …", its
    topic in the sentence before) repeats the claim that Bucha was staged; his "dass Belarus nicht
    heimlich … verhandelt" denies the claim of secret talks and is not listed as repeating it."""
    repo = Repository.open(str(tmp_path / "s.db"))
    repo.add(RawPage(SAMPLE.read_bytes(), str(SAMPLE), None), extract_raw)
    import_claims(repo, read_catalog(DATA / "claims-demo.jsonl"))
    match_archive(repo)
    claims = {c["text"]: c["id"] for c in list_claims(repo)}
    bucha = claims["The killings of civilians in Bucha were staged by Ukraine."]
    talks = claims["Belarus is secretly negotiating with the United States behind Russia's back."]

    staged = repo.quotes(QuoteQuery(claim=bucha, claim_stance="repeats"))
    assert any(q["text"].startswith("„Dort war nicht alles so") for q in staged)
    assert all(q["speaker"] == "Alexander Lukaschenko" for q in staged)
    (match,) = [m for m in repo.article_claims(staged[0]["article_id"]) if m["claim_id"] == bucha]
    assert "Butscha" in match["context"] and "Butscha" in match["explanation"]

    denial = repo.quotes(QuoteQuery(claim=talks, claim_stance="denies"))
    assert [q["text"][:30] for q in denial] == ["dass Belarus nicht heimlich mi"]
    repeating = repo.quotes(QuoteQuery(claim=talks, claim_stance="repeats"))
    assert all("nicht heimlich" not in q["text"] for q in repeating)
    repo.close()


@needs_shared(CHECKTHAT)
def test_own_crosslingual_pairs_find_english_claims_among_real_distractors(tmp_path):
    """German and Russian statements written for the project find the English Snopes claims they
    repeat or deny among 3,000 other real claims, and their stance is read right (held-out part)."""
    import random

    lines = (CHECKTHAT / "snopes-catalog.jsonl").read_text(encoding="utf-8").splitlines()
    pairs_path = DATA / "pairs-crosslingual.jsonl"
    wanted = {c for line in pairs_path.read_text(encoding="utf-8").splitlines() for c in json.loads(line)["claims"]}
    gold = [line for line in lines if json.loads(line)["id"] in wanted]
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text("\n".join(gold + random.Random(3).sample(lines, 3000)) + "\n", encoding="utf-8")
    report = evaluate_pairs(pairs_path, catalog, split="held")
    assert report.with_claims >= 50 and set(report.per_language) == {"de", "en", "ru"}
    assert report.mrr >= 0.8
    assert report.stance_accuracy >= 0.85 and report.denials_as_repeats <= 0.2
    assert report.flagged_false == 0.0
