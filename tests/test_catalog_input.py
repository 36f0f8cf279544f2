"""Claim catalogs as people make them: spreadsheets with semicolons in quoted claims, a single column,
fact-check data feeds; evaluation pairs that name claims the catalog lacks."""

import json

import pytest

from quotewatch.claims.catalog import CatalogError, read_catalog
from quotewatch.claims.evaluate import gold_ids


def test_semicolons_inside_quoted_claims_do_not_pick_the_delimiter(tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text(
        'id,text,verdict\n1,"Belarus verhandelt; heimlich; mit den USA; sagt man",falsch\n2,"Eins; zwei",wahr\n',
        encoding="utf-8",
    )
    claims = read_catalog(path)
    assert [c.text for c in claims] == ["Belarus verhandelt; heimlich; mit den USA; sagt man", "Eins; zwei"]
    assert [c.verdict for c in claims] == ["falsch", "wahr"]


def test_one_column_csv(tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text("text\nDie Erde ist flach\n\nImpfstoffe enthalten Chips\n", encoding="utf-8")
    assert [c.text for c in read_catalog(path)] == ["Die Erde ist flach", "Impfstoffe enthalten Chips"]


def test_row_longer_than_its_header_is_read_not_a_traceback(tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text("text,verdict\nDie Erde ist flach,falsch,extra,fields\n", encoding="utf-8")
    (claim,) = read_catalog(path)
    assert claim.text == "Die Erde ist flach" and claim.verdict == "falsch"


def test_fact_check_data_feed(tmp_path):
    review = {
        "@type": "ClaimReview",
        "claimReviewed": "The killings of civilians in Bucha were staged",
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "url": "https://check.example/bucha",
    }
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [{"@type": "DataFeedItem", "item": [review]}],
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    (claim,) = read_catalog(path)
    assert claim.text.startswith("The killings") and claim.verdict == "False"


def test_pair_naming_an_unknown_claim_is_an_error(tmp_path):
    pairs = [{"statement": "a", "claims": ["c1"]}, {"statement": "b", "claims": ["nope"]}]
    with pytest.raises(CatalogError, match="pairs.jsonl:2: claim 'nope' is not in the catalog"):
        gold_ids(pairs, {"c1": 1}, tmp_path / "pairs.jsonl")
    assert gold_ids(pairs[:1], {"c1": 1}, tmp_path / "pairs.jsonl") == [{1}]
