"""The archive on SQLite and on a real PostgreSQL server: the same tests, the same results."""

from __future__ import annotations

import csv
import json

import pytest

from quotewatch.cli import BUNDLED_SAMPLES
from quotewatch.ingest import add_sources, extract_raw
from quotewatch.store import ArticleQuery, QuoteQuery, RawPage, Repository, StoreError
from quotewatch.store.export import export


def page(url: str, body: str, title: str = "Meldung", date: str = "2025-08-08") -> RawPage:
    html = (
        f'<html lang="de"><head><title>{title}</title>'
        f'<meta property="article:published_time" content="{date}T10:00:00">'
        f"</head><body><nav>Start Politik Sport</nav><article><h1>{title}</h1>"
        + "".join(f"<p>{p}</p>" for p in body.split("\n"))
        + "</article><footer>Impressum</footer></body></html>"
    )
    return RawPage(html.encode("utf-8"), url, url)


WIRE = (
    "MINSK (BelTA) - Der belarussische Präsident Alexander Lukaschenko hat sich in Minsk mit Journalisten getroffen. "
    "„Wir verhandeln nicht hinter dem Rücken Russlands mit den Amerikanern“, sagte das Staatsoberhaupt.\n"
    "Er fügte hinzu, dass die Beziehungen zu den USA sich verbessern könnten. Laut westlichen Quellen lehnte "
    "Moskau einen Waffenstillstand ab."
)


@pytest.fixture
def repo(store_url):
    r = Repository.open(store_url)
    yield r
    r.close()


def test_add_is_idempotent_and_queries_work(repo):
    first = repo.add(page("https://belta.example/a1", WIRE), extract_raw)
    assert first.status == "added" and first.quotes >= 3
    again = repo.add(page("https://belta.example/a1", WIRE), extract_raw)
    assert again.status == "unchanged"
    assert repo.stats()["articles"] == 1 and repo.stats()["pages"] == 1

    rows = repo.quotes(QuoteQuery(speaker="lukaschenko"))
    assert len(rows) == first.quotes - 1  # all but "laut westlichen Quellen"
    assert {r["speaker"] for r in rows} == {"Alexander Lukaschenko"}
    # stemming: "Beziehung" finds "Beziehungen", and "USA" the quotation about the USA
    about = repo.quotes(QuoteQuery(about="Beziehung USA"))
    assert len(about) == 1 and "Beziehungen zu den USA" in about[0]["text"]
    assert repo.quotes(QuoteQuery(kind="according_to"))[0]["speaker"] == "westlichen Quellen"
    assert repo.quotes(QuoteQuery(since="2025-08-09")) == []
    assert len(repo.quotes(QuoteQuery(since="2025-08-08", until="2025-08-08"))) == first.quotes
    assert repo.quotes(QuoteQuery(agency="belta", language="de"))
    assert repo.count_quotes(QuoteQuery()) == first.quotes
    row = repo.quotes(QuoteQuery(text="Rücken Russlands"))[0]
    body = repo.article(row["article_id"])["body"]
    assert body[row["start_offset"] : row["end_offset"]] == row["text"]


def test_updated_page_is_a_new_version(repo):
    repo.add(page("https://belta.example/a1?utm_source=x", WIRE), extract_raw)
    updated = repo.add(
        page("https://belta.example/a1", WIRE + "\n„Das ist unser Weg“, betonte Lukaschenko."), extract_raw
    )
    assert updated.status == "new_version"
    articles = repo.articles(ArticleQuery())
    assert len(articles) == 1 and articles[0]["version"] == 2
    assert any("unser Weg" in r["text"] for r in repo.quotes(QuoteQuery()))


def test_syndicated_copies_are_linked_not_counted_twice(repo):
    a = repo.add(page("https://belta.example/a1", WIRE, date="2025-08-07"), extract_raw)
    b = repo.add(page("https://other-site.example/news/77", WIRE, title="Lukaschenko zu Russland"), extract_raw)
    assert b.status == "added" and b.duplicate_of == a.article_id  # the copy published first is the story
    top = repo.speakers(top=5)
    assert top[0]["name"] == "Alexander Lukaschenko" and top[0]["quotes"] == a.quotes - 1
    assert len(repo.quotes(QuoteQuery(include_duplicates=True))) == 2 * len(repo.quotes(QuoteQuery()))


def _links(repo) -> dict[str, str | None]:
    """page hash -> page hash of the copy it points to (ids depend on ingest order, hashes do not)."""
    rows = repo.db.fetchall(
        """SELECT p.content_hash AS h, q.content_hash AS d FROM articles a JOIN pages p ON p.id = a.page_id
           LEFT JOIN articles b ON b.id = a.duplicate_of LEFT JOIN pages q ON q.id = b.page_id"""
    )
    return {r["h"]: r["d"] for r in rows}


def test_clusters_of_copies_do_not_depend_on_ingest_order(store_url, tmp_path, request):
    import itertools

    # one word changed in b, another in c: SimHash distances a-b 2, b-c 3, a-c 5 (over the limit of 3),
    # so only b joins a and c into one story
    words = [f"Wort{i}" for i in range(60)]
    a = " ".join(words)
    b = " ".join(["Neu0"] + words[1:])
    c = " ".join(words[:3] + ["Neu3"] + words[4:])
    pages = [page(f"https://site{k}.example/x", f"MINSK (BelTA) - {t}.") for k, t in enumerate((a, b, c))]
    results = []
    for n, order in enumerate(itertools.permutations(pages)):
        if n == 0:
            url = store_url
        elif "://" in store_url:
            url = request.getfixturevalue("pg_server").create_database(f"qw_order_{n}")
        else:
            url = str(tmp_path / f"o{n}.db")
        r = Repository.open(url)
        for p in order:
            r.add(p, extract_raw)
        results.append(_links(r))
        assert r.stats()["duplicates"] == 2, "b links a and c into one cluster in every order"
        r.close()
    assert len(results) == 6 and all(x == results[0] for x in results)


def test_clusters_joined_copy_by_copy_are_the_connected_copies(tmp_path):
    """Clusters kept up as copies arrive (each joins the clusters it is near) equal the connected
    components of all near-duplicate links, whatever the order and the dates."""
    import random

    rnd = random.Random(5)
    words = [f"Wort{i}" for i in range(60)]
    texts = []
    for k in range(24):  # chains of one- and two-word edits: several clusters, some joined late
        base = list(words) if k % 3 else [f"Stamm{k}"] + words[1:]
        for _ in range(rnd.choice((1, 2))):
            base[rnd.randrange(60)] = f"Neu{rnd.randrange(1000)}"
        texts.append(" ".join(base))
    pages = [
        page(f"https://site{k}.example/x", f"MINSK (BelTA) - {t}.", date=f"2025-0{1 + rnd.randrange(9)}-1{k % 10}")
        for k, t in enumerate(texts)
    ]
    seen = []
    for run in range(3):
        order = pages[:]
        random.Random(run).shuffle(order)
        r = Repository.open(str(tmp_path / f"c{run}.db"))
        for p in order:
            r.add(p, extract_raw)
        kept = _links(r)
        r._recluster([row["id"] for row in r.db.fetchall("SELECT id FROM articles")])  # from every link
        assert _links(r) == kept
        seen.append(kept)
        r.close()
    assert seen[0] == seen[1] == seen[2] and sum(v is not None for v in seen[0].values()) >= 6


def test_speaker_aliases_merge_split_and_corrections_survive_reprocessing(repo):
    repo.add(page("https://belta.example/a1", WIRE), extract_raw)
    repo.add(
        page(
            "https://news.example/b", "„Wir bleiben neutral“, sagte Aljaksandr Lukaschenka in Minsk.", date="2025-09-01"
        ),
        extract_raw,
    )
    repo.add(
        page("https://news.example/c", "„Die Preise steigen“, sagte der Ökonom Jan Brandt.", date="2025-09-02"),
        extract_raw,
    )
    assert [s["name"] for s in repo.speakers(top=1)] == ["Alexander Lukaschenko"]  # transliteration: one person
    lukaschenko = repo.speakers(top=1)[0]
    assert set(lukaschenko["per_month"]) == {"2025-08", "2025-09"}
    assert [r["role"] for r in lukaschenko["roles"]] == ["Staatsoberhaupt"]  # "das Staatsoberhaupt" in 2025-08

    repo.merge_speakers("Alexander Lukaschenko", "Jan Brandt")  # an analyst's (wrong) merge, to test survival
    assert "Jan Brandt" not in [s["name"] for s in repo.speakers()]
    counts = repo.reprocess(extract_raw)
    assert counts["articles"] == 3
    assert "Jan Brandt" not in [s["name"] for s in repo.speakers()]
    repo.split_speaker("Alexander Lukaschenko", "Jan Brandt")
    assert repo.quotes(QuoteQuery(speaker="Jan Brandt"))[0]["text"] == "„Die Preise steigen“"
    repo.reprocess(extract_raw)
    assert repo.quotes(QuoteQuery(speaker="Jan Brandt"))[0]["speaker"] == "Jan Brandt"
    with pytest.raises(StoreError):
        repo.merge_speakers("Alexander Lukaschenko", "Nobody Here")


def test_interrupted_run_keeps_what_was_stored_and_resumes(repo):
    pages = [
        page(f"https://x.example/{i}", f"„Satz Nummer {i} ist wichtig“, sagte die Sprecherin Eva Kraus.")
        for i in range(5)
    ]
    calls = {"n": 0}

    def crashing(p: RawPage):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return extract_raw(p)

    with pytest.raises(KeyboardInterrupt):
        for p in pages:
            repo.add(p, crashing)
    assert repo.stats()["articles"] == 2
    results = [repo.add(p, extract_raw).status for p in pages]
    assert results == ["unchanged", "unchanged", "added", "added", "added"]


def test_export_formats(repo, tmp_path):
    repo.add(page("https://belta.example/a1", WIRE), extract_raw)
    n = repo.count_quotes(QuoteQuery(include_duplicates=True))
    assert export(repo, "jsonl", tmp_path / "q.jsonl") == n
    first = json.loads((tmp_path / "q.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["speaker"] and first["title"] == "Meldung"
    assert export(repo, "csv", tmp_path / "q.csv") == n
    assert len(list(csv.DictReader((tmp_path / "q.csv").open(encoding="utf-8")))) == n
    import pyarrow.parquet as pq

    assert export(repo, "parquet", tmp_path / "q.parquet") == n
    assert pq.read_table(tmp_path / "q.parquet").num_rows == n


def test_bundled_samples_in_three_languages(repo):
    report = add_sources(repo, [str(BUNDLED_SAMPLES)], show_progress=False)
    assert report.counts["added"] >= 4 and not report.errors
    langs = {a["language"] for a in repo.articles(ArticleQuery())}
    assert {"de", "en", "ru"} <= langs
    assert repo.quotes(QuoteQuery(language="ru", speaker="Lukaschenko"))
    assert repo.articles(ArticleQuery(text="Getreide")) == []
    assert repo.articles(ArticleQuery(text="grain exports", language="en"))
    # about the United States in Russian: "с Соединенными Штатами", "с американцами"
    about_us = repo.quotes(QuoteQuery(about="USA", language="ru"))
    assert len(about_us) == 2 and {q["speaker"] for q in about_us} == {"Александр Лукашенко"}


def test_migrations_are_named_and_a_newer_archive_is_refused(tmp_path):
    from quotewatch.store.schema import MIGRATIONS

    path = str(tmp_path / "v.db")
    repo = Repository.open(path)
    applied = {r["name"] for r in repo.db.fetchall("SELECT name FROM schema_migrations")}
    assert applied == {m.name for m in MIGRATIONS}
    repo.db.execute("INSERT INTO schema_migrations (name, applied_at) VALUES ('from-the-future', 'x')")
    repo.close()
    with pytest.raises(StoreError, match="newer quotewatch.*from-the-future"):
        Repository.open(path)


def test_an_archive_from_before_named_migrations_is_taken_over(tmp_path):
    import sqlite3

    from quotewatch.store.schema import MIGRATIONS

    path = str(tmp_path / "old.db")
    conn = sqlite3.connect(path)
    for m in MIGRATIONS[:2]:
        for statement in m.sqlite:
            conn.execute(statement)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    conn.execute("INSERT INTO schema_version VALUES (1), (2)")
    conn.commit()
    conn.close()
    repo = Repository.open(path)  # applies the later migrations only: the earlier tables exist already
    assert {r["name"] for r in repo.db.fetchall("SELECT name FROM schema_migrations")} == {m.name for m in MIGRATIONS}
    assert "gap_start" in [r["name"] for r in repo.db.fetchall("PRAGMA table_info(quotes)")]


def test_the_attribution_inside_a_statement_is_stored(repo, tmp_path):
    body = "Die Lage im Grenzgebiet, sagte der Minister Paul Roth, sei sehr ernst."
    repo.add(page("https://belta.example/gap", body), extract_raw)
    row = repo.db.fetchone("SELECT start_offset, end_offset, gap_start, gap_end, article_id FROM quotes")
    text = repo.article(row["article_id"])["body"]
    assert text[row["gap_start"] : row["gap_end"]] == ", sagte der Minister Paul Roth,"
    assert row["start_offset"] < row["gap_start"] < row["gap_end"] < row["end_offset"]
    # queries and exports carry it
    (found,) = repo.quotes(QuoteQuery())
    assert (found["gap_start"], found["gap_end"]) == (row["gap_start"], row["gap_end"])
    out = tmp_path / "quotes.jsonl"
    export(repo, "jsonl", out)
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert (line["gap_start"], line["gap_end"]) == (row["gap_start"], row["gap_end"])


def test_speaker_spelled_as_each_article_writes_the_name(repo):
    repo.add(page("https://belta.example/a1", WIRE), extract_raw)
    russian = "«Мы не ведем переговоров за спиной России», — заявил президент Александр Лукашенко в Минске."
    repo.add(page("https://belta.example/ru1", russian, title="Новости", date="2025-08-09"), extract_raw)
    rows = [r for r in repo.quotes(QuoteQuery(limit=50)) if r["speaker_id"] is not None]
    by_text = {r["text"][:12]: r for r in rows}
    ru = next(r for t, r in by_text.items() if "переговор" in r["text"])
    de = next(r for t, r in by_text.items() if "verhandeln" in r["text"])
    assert ru["speaker_id"] == de["speaker_id"]  # one person in the archive
    assert ru["speaker"] == "Александр Лукашенко" and de["speaker"] == "Alexander Lukaschenko"
    assert "extracted_name" not in ru


def _leaders(rows: list[dict]) -> list[tuple]:
    return [(r["name"], r["quotes"], r["per_month"]) for r in rows]


def assert_kept_counts_are_the_statements(repo) -> None:
    """`speakers` over the whole archive reads the counts the triggers keep; they must be what counting
    the statements gives."""
    kept = _leaders(repo.speakers(top=50))
    counted = _leaders(repo._speakers_in(50, None, None))
    assert kept == counted and kept


def test_speaker_counts_are_kept_through_every_kind_of_write(repo):
    repo.add(page("https://belta.example/a1", WIRE, date="2025-08-07"), extract_raw)
    assert_kept_counts_are_the_statements(repo)
    repo.add(page("https://other-site.example/news/77", WIRE, title="Kopie"), extract_raw)  # a copy
    repo.add(  # a new version, in another month
        page("https://belta.example/a1", WIRE + "\n„Das ist unser Weg“, betonte Lukaschenko.", date="2025-09-03"),
        extract_raw,
    )
    repo.add(page("https://news.example/c", "„Die Preise steigen“, sagte der Ökonom Jan Brandt.", date=""), extract_raw)
    assert_kept_counts_are_the_statements(repo)
    assert "undated" in {m for r in repo.speakers() for m in r["per_month"]}
    repo.merge_speakers("Alexander Lukaschenko", "Jan Brandt")
    assert_kept_counts_are_the_statements(repo)
    repo.split_speaker("Alexander Lukaschenko", "Jan Brandt")
    assert_kept_counts_are_the_statements(repo)
    repo.reprocess(extract_raw)
    assert_kept_counts_are_the_statements(repo)
    assert repo.db.fetchone("SELECT count(*) AS n FROM speaker_months WHERE n < 0")["n"] == 0


def test_speaker_counts_are_filled_in_for_an_archive_from_before_them(tmp_path):
    path = str(tmp_path / "old.db")
    repo = Repository.open(path)
    repo.add(page("https://belta.example/a1", WIRE), extract_raw)
    expected = _leaders(repo.speakers())
    with repo.db.transaction():  # as the archive was before the migration
        for name in ("quote_added", "quote_removed", "quote_moved", "article_changed", "speaker_removed"):
            repo.db.execute(f"DROP TRIGGER speaker_months_{name}")
        repo.db.execute("DROP TABLE speaker_months")
        repo.db.execute("DELETE FROM schema_migrations WHERE name = 'speaker-months'")
    repo.close()
    again = Repository.open(path)
    assert _leaders(again.speakers()) == expected
    again.close()


def test_the_claim_matchers_progress_moves_into_the_one_state_table(tmp_path):
    path = str(tmp_path / "old.db")
    repo = Repository.open(path)
    with repo.db.transaction():  # as the archive was before the migration
        repo.db.execute("DELETE FROM schema_migrations WHERE name = 'one-state-table'")
        repo.db.execute("CREATE TABLE claim_state (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        repo.db.execute("INSERT INTO claim_state (name, value) VALUES ('last_quote', '42')")
    repo.close()
    again = Repository.open(path)
    assert again.state("claims.last_quote") == "42"
    assert not again.db.has_table("claim_state")
    again.close()
