"""About whom: one entity table across languages, linking in any form, `--about` by entity on both
back-ends, facets, and search by meaning."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from quotewatch.entities import entity_ids, link, table
from quotewatch.store import QuoteQuery, RawPage, Repository

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Mit den Amerikanern reden wir offen über die Vereinigten Staaten.", "de", {"US"}),
        ("Die amerikanische Regierung und die US-Regierung schweigen.", "de", {"US"}),
        ("С американцами и Соединенными Штатами мы говорим откровенно.", "ru", {"US"}),
        ("Washington reacted with alarm.", "en", {"Washington", "US"}),
        ("Der Kreml wies die Berichte zurück.", "de", {"Moskau", "RU"}),
        ("Let us be clear about it.", "en", set()),  # "us" is a pronoun, "US" a country
        ("Rain is expected in the west of the country.", "en", set()),  # not "the West"
        ("Der Westen hat uns nie verstanden.", "de", {"Westen"}),
        ("Belarus verhandelt nicht hinter dem Rücken Russlands.", "de", {"BY", "RU"}),  # genitive
        ("Die belarussische Führung und Merkels Russlandpolitik.", "de", {"BY", "Angela Merkel", "RU"}),
        ("Die Polenta ist gut.", "de", set()),
        ("Жертвы Бучи опознаны.", "ru", {"Butscha"}),
        ("Lukashenko spoke to students.", "en", {"Alexander Lukaschenko"}),
    ],
)
def test_entities_are_found_in_any_language_and_form(text, language, expected):
    assert set(entity_ids(text, language)) == expected


def test_mentions_keep_offsets_and_the_table_is_one():
    text = "Putin und die Amerikaner"
    mentions = link(text, "de")
    assert [(m.entity, text[m.start : m.end]) for m in mentions] == [("Wladimir Putin", "Putin"), ("US", "Amerikaner")]
    t = table()
    assert t.entities["US"].label("ru") == "Соединенные Штаты" and t.entities["Butscha"].type == "place"
    assert t.find("США").id == "US" and t.find("Amerikanern").id == "US" and t.find("Beziehung USA") is None
    # the claim matcher's names come from the same table
    from quotewatch.claims.entities import entities_in

    assert entities_in("Bucha und Буча", "de") == {"Butscha"}


def _page(n: int, text: str) -> RawPage:
    html = f"<html><head><title>Meldung {n}</title></head><body><article><p>{text}</p></article></body></html>"
    return RawPage(html.encode(), f"https://news.example/{n}", f"https://news.example/{n}")


def test_about_finds_the_entity_in_every_language_on_both_backends(store_url):
    from quotewatch.ingest import extract_raw

    repo = Repository.open(store_url)
    pages = [
        "„Die Amerikaner wollen uns von Russland trennen“, sagte der Minister Karl Brenner am Montag.",
        "„Die Vereinigten Staaten haben kein Interesse an Frieden“, sagte Brenner in Minsk.",
        "«США давно ведут эту политику», — заявил министр Иван Петров в Минске.",
        "„Die Ernte war gut“, sagte die Landwirtin Ina Roth.",
    ]
    for n, text in enumerate(pages):
        repo.add(_page(n, text), extract_raw)
    found = repo.quotes(QuoteQuery(about="USA"))
    assert len(found) == 3 and {q["speaker"] for q in found} == {"Karl Brenner", "Иван Петров"}
    assert len(repo.quotes(QuoteQuery(about="США"))) == 3
    assert [q["speaker"] for q in repo.quotes(QuoteQuery(about="Ernte"))] == ["Ina Roth"]  # words, no entity
    facets = repo.quote_facets(QuoteQuery())
    about = {f["value"]: f for f in facets["about"]}
    assert about["US"]["n"] == 3 and about["US"]["label"] == "United States"
    brenner = repo.quotes(QuoteQuery(speaker="Brenner"))[0]["speaker_id"]
    talks = {t["value"]: t["n"] for t in repo.speaker_entities(brenner)}
    assert talks["US"] == 2 and talks["RU"] == 1
    # links made with another entity table are made again
    with repo.db.transaction():
        repo.db.execute("UPDATE index_state SET value = 'old:999999' WHERE name = 'entities'")
    assert repo.link_entities() == 4 and len(repo.quotes(QuoteQuery(about="USA"))) == 3
    repo.close()


def test_search_by_meaning_crosses_languages(tmp_path):
    from fastapi.testclient import TestClient

    from quotewatch.api import create_app
    from quotewatch.ingest import extract_raw
    from quotewatch.store.meaning import search_meaning
    from quotewatch.web import create_web_app

    db = str(tmp_path / "m.db")
    repo = Repository.open(db)
    pages = [
        "„Die Sanktionen schaden der deutschen Industrie mehr als Russland“, sagte der Verbandschef Jan Vogt.",
        "„Der neue Hafen bringt zweitausend Arbeitsplätze“, sagte die Bürgermeisterin Ina Roth.",
        "„Die Schulen bekommen schnelles Internet“, sagte der Minister Karl Brenner.",
    ]
    for n, text in enumerate(pages):
        repo.add(_page(n, text), extract_raw)
    best = search_meaning(repo, "Sanctions hurt German companies more than Moscow", limit=3)
    assert best[0]["speaker"] == "Jan Vogt" and best[0]["similarity"] > best[1]["similarity"]
    assert search_meaning(repo, "Санкции вредят немецкой промышленности", limit=1)[0]["speaker"] == "Jan Vogt"
    repo.close()
    api = TestClient(create_app(db)).get("/search/meaning", params={"q": "a new port and jobs", "limit": 1})
    assert api.status_code == 200 and api.json()[0]["speaker"] == "Ina Roth"
    page = TestClient(create_web_app(db)).get("/", params={"q": "fast internet for schools", "mode": "meaning"})
    assert "closest in meaning" in page.text and "Karl Brenner" in page.text


def test_labelled_statements_are_linked_as_annotated():
    """The held-out part of tests/gold/entities (statements written for the project)."""
    sys.path.insert(0, str(BENCH))
    import entities as bench

    statements, _ = bench.read()
    precision, recall, n = bench.linking(statements, held=True)
    assert n >= 90 and precision >= 0.9 and recall >= 0.85


def test_a_word_finds_the_german_compounds_made_of_it(tmp_path):
    from quotewatch.ingest import extract_raw
    from quotewatch.lang.de.compounds import parts

    assert parts("Stromexporte") == ("Strom", "Exporte") and parts("Verteidigungsminister")[0] == "Verteidigung"
    assert parts("Minister") == () and parts("gestern") == ()
    repo = Repository.open(str(tmp_path / "c.db"))
    repo.add(_page(1, "„Die Stromexporte steigen“, sagte der Energieminister Pjotr Kowal."), extract_raw)
    repo.add(_page(2, "„Der Strom wird teurer“, sagte die Ministerin Ina Roth."), extract_raw)
    assert {q["speaker"] for q in repo.quotes(QuoteQuery(text="Strom"))} == {"Pjotr Kowal", "Ina Roth"}
    assert [q["speaker"] for q in repo.quotes(QuoteQuery(text="Stromexporte"))] == ["Pjotr Kowal"]
    repo.close()


def test_search_by_meaning_takes_part_of_each_languages_mean_away(monkeypatch):
    """The index's scores are the cosine of explicitly centered vectors; a language with too few
    statements for a mean, or a query in such a language, keeps the plain cosine."""
    import numpy as np

    from quotewatch.store import meaning

    monkeypatch.setattr(meaning, "MEANING_CENTERING_MIN_STATEMENTS", 3)
    rng = np.random.default_rng(7)
    shift = {"de": rng.standard_normal(16), "ru": rng.standard_normal(16)}
    languages = ["de"] * 5 + ["ru"] * 4 + ["en"] * 2  # "en": too few for a mean
    rows = np.vstack([rng.standard_normal(16) + 3 * shift.get(c, 0) for c in languages]).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    index = meaning.MeaningIndex(matrix=np.zeros((0, 16), dtype=np.float32))
    index.add(list(range(1, 7)), rows[:6], languages[:6])  # topped up in two steps, as an archive grows
    index.add(list(range(7, 12)), rows[6:], languages[6:])
    a = meaning.MEANING_CENTERING
    means = {c: rows[[i for i, x in enumerate(languages) if x == c]].mean(axis=0) for c in ("de", "ru")}
    centered = np.vstack([r - a * means.get(c, 0) for r, c in zip(rows, languages, strict=True)])
    query = rows[0] + 0.1
    q = query - a * means["ru"]
    expected = centered @ q / np.linalg.norm(centered, axis=1) / np.linalg.norm(q)
    assert np.allclose(index.scores(query, "ru"), expected, atol=1e-5)
    assert np.allclose(index.scores(query, "en"), rows @ query, atol=1e-6)
    assert np.allclose(index.scores(query, None), rows @ query, atol=1e-6)
    assert index.means.codes == ["de", "ru"]


def test_a_small_top_up_of_the_meaning_index_keeps_its_language_means(monkeypatch):
    """A top-up of under a tenth of a language's statements is measured against the means as they
    were made (no pass over the whole matrix); a larger one makes them again."""
    import numpy as np

    from quotewatch.store import meaning

    monkeypatch.setattr(meaning, "MEANING_CENTERING_MIN_STATEMENTS", 3)
    rng = np.random.default_rng(3)
    rows = rng.standard_normal((60, 8)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    languages = ["de"] * 20 + ["ru"] * 20 + ["de"] + ["ru"] * 19
    index = meaning.MeaningIndex(matrix=np.zeros((0, 8), dtype=np.float32))
    index.add(list(range(1, 41)), rows[:40], languages[:40])
    made = index.mean_matrix.copy()
    index.add([41], rows[40:41], languages[40:41])  # 21 German statements: under a tenth more
    assert np.array_equal(index.mean_matrix, made)
    a = meaning.MEANING_CENTERING
    expected = np.linalg.norm(rows[40] - a * made[index.codes.index("de")])
    assert np.isclose(index.norms[40], expected, atol=1e-6)
    index.add(list(range(42, 61)), rows[41:], languages[41:])  # 39 Russian statements: made again
    assert np.allclose(
        index.mean_matrix[index.codes.index("ru")],
        rows[[i for i, c in enumerate(languages) if c == "ru"]].mean(axis=0),
        atol=1e-6,
    )
