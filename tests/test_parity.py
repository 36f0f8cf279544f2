"""SQLite and PostgreSQL give the same answers: the same pages added in the same order to both, then
every query of the command line and the REST API compared in full (undated pages included, which sort
last on both)."""

from __future__ import annotations

import pytest
from test_store import WIRE, page

from quotewatch.ingest import extract_raw
from quotewatch.store import ArticleQuery, QuoteQuery, RawPage, Repository

UNDATED = (
    "„Die Brücke wird im Herbst fertig“, sagte die Bürgermeisterin Ina Roth. Sie fügte hinzu, dass die Kosten "
    "gestiegen seien.\n„Wir bleiben im Plan“, betonte Roth."
)


def _fill(url: str) -> Repository:
    repo = Repository.open(url)
    pages = [
        page("https://belta.example/a1", WIRE, date="2025-08-07"),
        page("https://other.example/77", WIRE, title="Kopie"),
        page(
            "https://news.example/b", "„Wir bleiben neutral“, sagte Aljaksandr Lukaschenka in Minsk.", date="2025-09-01"
        ),
        RawPage(UNDATED.encode(), "undated.txt"),
        RawPage(("Undatiert\n" + UNDATED.replace("Brücke", "Schule")).encode(), "undated2.txt"),
    ]
    for p in pages:
        repo.add(p, extract_raw)
    return repo


QUERIES = [
    QuoteQuery(),
    QuoteQuery(limit=3),
    QuoteQuery(limit=2, offset=2),
    QuoteQuery(text="*"),
    QuoteQuery(text="!!!"),
    QuoteQuery(text="Brücke"),
    QuoteQuery(speaker="Roth"),
    QuoteQuery(speaker="lukaschenko", about="Russland"),
    QuoteQuery(since="2025-08-01", until="2025-08-31"),
    QuoteQuery(kind="indirect", include_duplicates=True),
    QuoteQuery(language="de", agency="BelTA"),
]


def _without_times(rows):
    return [{k: v for k, v in r.items() if k not in ("extracted_at", "created_at", "fetched_at")} for r in rows]


def test_both_back_ends_answer_every_query_the_same(pg_server, tmp_path):
    lite = _fill(str(tmp_path / "parity.db"))
    pg = _fill(pg_server.create_database("qw_parity"))
    for q in QUERIES:
        assert lite.quotes(q) == pg.quotes(q), q
        assert lite.count_quotes(q) == pg.count_quotes(q), q
        assert lite.quote_facets(q) == pg.quote_facets(q), q
    assert lite.quotes(QuoteQuery(limit=50))[-1]["published"] is None, "undated statements sort last"
    assert lite.speakers(top=10) == pg.speakers(top=10)
    for aq in (ArticleQuery(), ArticleQuery(text="Brücke"), ArticleQuery(text="*"), ArticleQuery(limit=2)):
        assert lite.articles(aq) == pg.articles(aq), aq
    for sid in {r["speaker_id"] for r in lite.quotes(QuoteQuery(limit=100)) if r["speaker_id"]}:
        assert lite.speaker(sid) == pg.speaker(sid)
    for aid in range(1, 6):
        assert _without_times([lite.article(aid)]) == _without_times([pg.article(aid)])
    assert lite.stats() == pg.stats()
    lite.close()
    pg.close()


@pytest.mark.parametrize("query", ["*", '"', "!!!", "NEAR(", "a OR b"])
def test_searches_without_words_find_nothing_and_never_fail(store_url, query):
    repo = _fill(store_url)
    assert repo.quotes(QuoteQuery(text=query)) == [] or query == "a OR b"
    repo.articles(ArticleQuery(text=query))
    repo.close()
