"""Several writers on one archive at once (four `quotewatch add` processes with overlapping inputs,
starting together on a new archive): no crash, no lost page, and the archive equals one run's."""

from __future__ import annotations

import subprocess
import sys

from quotewatch.store import Repository

PEOPLE = ["Anna Keller", "Jonas Brandt", "Miriam Sauer", "Olaf Petersen", "Sevim Aydin", "Tobias Wendt"]
TOPICS = ["die Energiepreise", "den Nahverkehr", "die Schulen", "den Haushalt", "die Grenzkontrollen", "das Klima"]


def _pages(folder) -> list:
    paths = []
    for i in range(24):
        who, topic = PEOPLE[i % 6], TOPICS[(i // 6) % 6]
        text = (
            f"Meldung {i}: {who} zu {topic}\n"
            f"BERLIN, {1 + i % 28}. März 2025 (dpa) - Die Politikerin {who} hat am Montag über {topic} gesprochen. "
            f"„Wir müssen jetzt handeln, sonst wird es teurer“, sagte {who.split()[1]} in Folge {i}.\n"
            f"{who.split()[1]} fügte hinzu, dass die Regierung bis zum Sommer {i} Vorschläge vorlegen werde.\n"
        )
        paths.append(folder / f"p{i:02d}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    # two syndicated copies of one story, under other names
    for k in (1, 2):
        copy = folder / f"copy{k}.txt"
        copy.write_text(paths[3].read_text(encoding="utf-8").replace("Meldung 3", f"Kopie {k}"), encoding="utf-8")
        paths.append(copy)
    return paths


def _add(db: str, paths) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "quotewatch.cli", "add", *map(str, paths), "--db", db, "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def snapshot(url: str) -> dict:
    """What the archive holds, by content (page hashes), not by ids, which depend on who wrote first."""
    repo = Repository.open(url)
    db = repo.db
    pages = {r["content_hash"] for r in db.fetchall("SELECT content_hash FROM pages")}
    articles = {
        r["h"]: (r["title"], r["published"], r["body"], r["version"], r["is_latest"], r["dup"])
        for r in db.fetchall(
            """SELECT p.content_hash AS h, a.title, a.published, a.body, a.version, a.is_latest, q.content_hash AS dup
               FROM articles a JOIN pages p ON p.id = a.page_id LEFT JOIN articles d ON d.id = a.duplicate_of
               LEFT JOIN pages q ON q.id = d.page_id"""
        )
    }
    quotes = sorted(
        (r["h"], r["qid"], r["kind"], r["start_offset"], r["end_offset"], r["name"] or "")
        for r in db.fetchall(
            """SELECT p.content_hash AS h, x.qid, x.kind, x.start_offset, x.end_offset, s.name FROM quotes x
               JOIN articles a ON a.id = x.article_id JOIN pages p ON p.id = a.page_id
               LEFT JOIN speakers s ON s.id = x.speaker_id"""
        )
    )
    speakers = sorted(
        (r["name"], r["alias"])
        for r in db.fetchall("SELECT s.name, a.alias FROM speakers s JOIN speaker_aliases a ON a.speaker_id = s.id")
    )
    repo.close()
    return {"pages": pages, "articles": articles, "quotes": quotes, "speakers": speakers}


def test_four_writers_with_overlapping_inputs_equal_one_run(store_url, tmp_path, request):
    paths = _pages(tmp_path)
    n = len(paths)
    # every page is given to two writers; the four start together on a new archive
    shares = [[paths[(k * n // 4 + j) % n] for j in range(n // 2)] for k in range(4)]
    writers = [_add(store_url, share) for share in shares]
    for w in writers:
        out, err = w.communicate(timeout=600)
        assert w.returncode == 0, err.decode()
        assert b"Traceback" not in err
    if "://" in store_url:
        single = request.getfixturevalue("pg_server").create_database("qw_single_run")
    else:
        single = str(tmp_path / "single.db")
    one = _add(single, paths)
    assert one.communicate(timeout=600) and one.returncode == 0
    concurrent, reference = snapshot(store_url), snapshot(single)
    assert len(reference["pages"]) == n and len(reference["quotes"]) >= 2 * 24
    copies = [(h, a) for h, a in reference["articles"].items() if "in Folge 3." in a[2]]
    assert len(copies) == 3 and len({a[-1] or h for h, a in copies}) == 1, "the copies and their story are one"
    assert concurrent == reference
