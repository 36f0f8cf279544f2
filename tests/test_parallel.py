"""Extraction on several cores: the archive a pool of workers makes is the one a single process
makes from the same inputs, on both back-ends."""

from __future__ import annotations

import pytest
from newsroom import Newsroom

import quotewatch.parallel
from quotewatch.ingest import add_sources
from quotewatch.parallel import map_in_order
from quotewatch.store import Repository


def _square(n: int) -> int:
    if n == 3:
        raise ValueError("three")
    return n * n


def test_results_come_back_in_input_order_with_their_errors():
    got = list(map_in_order(_square, range(12), workers=2, min_items=4))
    assert [item for item, _ in got] == list(range(12))
    assert [r for _, r in got if not isinstance(r, Exception)] == [n * n for n in range(12) if n != 3]
    assert isinstance(got[3][1], ValueError)
    # a short input stays in this process
    assert list(map_in_order(_square, [1, 2], workers=2)) == [(1, 1), (2, 4)]


def pages(tmp_path, articles: int, broken: bool = False):
    """A folder of a local newsroom's article pages (and one that is not text)."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for a in Newsroom(outlets=1, articles=articles).outlets[0].articles:
        (folder / f"{a.number:03d}.html").write_text(a.html(0), encoding="utf-8")
    if broken:
        (folder / "broken.html").write_bytes(b"\x00\x01\x02 not text")
    return folder


def _dump(repo: Repository) -> list[tuple]:
    rows = repo.db.fetchall(
        """SELECT a.title, a.version, CASE WHEN a.duplicate_of IS NULL THEN 0 ELSE 1 END AS dup, q.qid, q.kind,
               q.text, q.start_offset, q.end_offset, s.name AS speaker
           FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id
           ORDER BY a.title, q.start_offset, q.qid"""
    )
    return [tuple(r.values()) for r in rows]


@pytest.mark.parametrize("workers", [2])
def test_a_pool_of_workers_makes_the_archive_one_process_makes(store_url, tmp_path, monkeypatch, workers):
    folder = pages(tmp_path, 24, broken=True)
    monkeypatch.setattr(quotewatch.parallel, "POOL_MIN_ITEMS", 4)

    single = Repository.open(str(tmp_path / "single.db"))
    one = add_sources(single, [str(folder)], show_progress=False, workers=1)
    pooled = Repository.open(store_url)
    many = add_sources(pooled, [str(folder)], show_progress=False, workers=workers)
    assert one.counts == many.counts and many.counts["added"] == 24 and many.counts["errors"] == 1
    assert _dump(single) == _dump(pooled) and len(_dump(pooled)) >= 48
    again = add_sources(pooled, [str(folder)], show_progress=False, workers=workers)
    assert again.counts["unchanged"] == 24  # stored pages are not extracted again
    single.close()
    pooled.close()


def test_reprocess_with_workers_gives_what_one_process_gives(tmp_path, monkeypatch):
    from quotewatch.ingest import extract_raw

    folder = pages(tmp_path, 10)
    monkeypatch.setattr(quotewatch.parallel, "POOL_MIN_ITEMS", 4)
    repo = Repository.open(str(tmp_path / "r.db"))
    add_sources(repo, [str(folder)], show_progress=False)
    before = _dump(repo)
    assert repo.reprocess(extract_raw, workers=2)["articles"] == 10
    assert _dump(repo) == before
    repo.close()


def test_ray_tasks_make_the_archive_one_process_makes(tmp_path):
    pytest.importorskip("ray")
    folder = pages(tmp_path, 8, broken=True)
    single = Repository.open(str(tmp_path / "single.db"))
    one = add_sources(single, [str(folder)], show_progress=False, workers=1)
    on_ray = Repository.open(str(tmp_path / "ray.db"))
    many = add_sources(on_ray, [str(folder)], show_progress=False, workers=2, engine="ray")
    assert one.counts == many.counts and many.counts["added"] == 8 and many.counts["errors"] == 1
    assert _dump(single) == _dump(on_ray)
    single.close()
    on_ray.close()


def test_ray_workers_store_into_postgresql_themselves(pg_server, tmp_path):
    """On a PostgreSQL archive the Ray workers store the pages they extract: the caller's connection
    stores nothing new (it would fail here), and the archive is the one a single process makes."""
    pytest.importorskip("ray")
    folder = pages(tmp_path, 8, broken=True)
    single = Repository.open(str(tmp_path / "single.db"))
    one = add_sources(single, [str(folder)], show_progress=False, workers=1)
    team = Repository.open(pg_server.create_database("qw_ray_workers"))

    def caller_add(page, extract):
        if not team.has_page(page.data):
            raise AssertionError(f"{page.source} was stored by the caller, not by a worker")
        return Repository.add(team, page, extract)

    team.add = caller_add  # type: ignore[method-assign]
    many = add_sources(team, [str(folder)], show_progress=False, workers=2, engine="ray")
    assert one.counts == many.counts and many.counts["added"] == 8 and many.counts["errors"] == 1
    assert _dump(single) == _dump(team)
    again = add_sources(team, [str(folder)], show_progress=False, workers=2, engine="ray")
    assert again.counts["unchanged"] == 8 and _dump(single) == _dump(team)  # stored once
    single.close()
    team.close()


def test_a_batch_retried_after_its_worker_died_stores_nothing_twice(pg_server, tmp_path):
    """Ray retries a task whose worker died: the retried batch finds the pages the dead worker had
    committed and stores only the rest."""
    from quotewatch.ingest import StoreOnWorker
    from quotewatch.store import RawPage

    folder = pages(tmp_path, 6)
    single = Repository.open(str(tmp_path / "single.db"))
    add_sources(single, [str(folder)], show_progress=False)
    jobs = [("extract", RawPage(p.read_bytes(), str(p))) for p in sorted(folder.iterdir())]
    target = pg_server.create_database("qw_retried_batch")
    store = StoreOnWorker(target)
    assert [r.status for r in store(jobs[:2])] == ["added"] * 2  # the first attempt died after these
    retried = store(jobs)
    assert [r.status for r in retried] == ["unchanged"] * 2 + ["added"] * 4
    team = Repository.open(target)
    assert _dump(team) == _dump(single)
    single.close()
    team.close()
