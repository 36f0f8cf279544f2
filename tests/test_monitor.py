"""Following sources, watchlists and alerts, with real parts: a local newsroom whose feeds change
between polls (new items, an edited item, 503 with Retry-After, robots.txt, a slow answer), a local
SMTP server and a webhook receiver that check what arrived, `follow` killed and restarted."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from newsroom import Newsroom, Receiver

from quotewatch.ingest.fetch import Fetcher
from quotewatch.monitor.alerts import Mailer, atom_feed, deliver
from quotewatch.monitor.follow import Follower
from quotewatch.monitor.sources import (
    SourceError,
    add_source,
    import_opml,
    list_sources,
    parse_interval,
    set_paused,
)
from quotewatch.monitor.watch import WatchError, add_watchlist, get_watchlist, watch_matches
from quotewatch.store import Repository
from quotewatch.store.repository import now_iso

REPO = Path(__file__).resolve().parents[1]


def fast_fetcher(timeout: float = 5.0) -> Fetcher:
    return Fetcher(min_interval=0, retries=0, timeout=timeout, deadline=timeout * 2)


def make_due(repo: Repository) -> None:
    """Every source due now (the tests do not wait for schedules)."""
    with repo.db.transaction():
        repo.db.execute("UPDATE sources SET next_run = :t", {"t": now_iso(datetime.now(UTC) - timedelta(seconds=1))})


@pytest.fixture
def room():
    newsroom = Newsroom(outlets=3, articles=2).start()
    yield newsroom
    newsroom.stop()


def test_each_new_article_is_stored_once_and_an_edited_one_as_a_new_version(store_url, room):
    repo = Repository.open(store_url)
    for i in range(2):
        add_source(repo, room.feed_url(i), every=600, name=f"outlet {i}")
    follower = Follower(store_url, fast_fetcher(), log=lambda line: None)
    first = follower.round()
    assert (first["polls"], first["stored"], first["errors"]) == (2, 4, 0)
    assert follower.round()["polls"] == 0  # nothing is due before its schedule

    room.publish(0)
    room.edit(1, 1)
    make_due(repo)
    second = follower.round()
    assert (second["polls"], second["stored"]) == (2, 2)  # the new article, and the edited one's new version
    articles = repo.db.fetchall("SELECT url, version FROM articles ORDER BY url, version")
    assert len({a["url"] for a in articles}) == 5 and max(a["version"] for a in articles) == 2

    make_due(repo)
    assert follower.round()["stored"] == 0  # 304 or seen entries: nothing fetched twice
    assert room.requests[f"/o0/news/{3}.html"] == 1
    rows = {r["name"]: r for r in list_sources(repo)}
    assert rows["outlet 0"]["health"] == "ok" and rows["outlet 0"]["articles"] == 3
    follower.repo.close()
    repo.close()


def test_a_section_front_page_is_followed_through_its_story_links(tmp_path, room):
    db = str(tmp_path / "p.db")
    repo = Repository.open(db)
    add_source(repo, room.front_page_url(2), every=600, kind="page")
    follower = Follower(db, fast_fetcher(), log=lambda line: None)
    assert follower.round()["stored"] == 2
    room.publish(2)
    make_due(repo)
    assert follower.round()["stored"] == 1
    assert {a["url"].rsplit("/", 1)[1] for a in repo.db.fetchall("SELECT url FROM articles")} == {
        "1.html",
        "2.html",
        "3.html",
    }
    follower.repo.close()
    repo.close()


def test_a_failing_source_backs_off_and_is_marked_unhealthy_after_a_day(tmp_path, room):
    db = str(tmp_path / "a.db")
    repo = Repository.open(db)
    room.outlets[0].failing, room.outlets[0].retry_after = 5, 900
    room.outlets[1].disallowed = True
    room.outlets[2].slow = 1.5
    for i in range(3):
        add_source(repo, room.feed_url(i), every=60, name=f"outlet {i}")
    lines: list[str] = []
    follower = Follower(db, fast_fetcher(timeout=0.5), log=lines.append)
    counts = follower.round()
    assert (counts["polls"], counts["errors"]) == (3, 3)
    rows = {r["name"]: r for r in list_sources(repo)}
    assert rows["outlet 0"]["last_error"] == "HTTP 503" and rows["outlet 0"]["health"] == "failing"
    wait = datetime.strptime(rows["outlet 0"]["next_run"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert wait - datetime.now(UTC) > timedelta(seconds=800)  # the server's Retry-After, not the 60 s schedule
    assert "robots.txt" in rows["outlet 1"]["last_error"]
    assert "no answer within 0.5 s" in rows["outlet 2"]["last_error"]  # out of time; the others went on
    assert len([line for line in lines if " poll " in line]) == 3

    with repo.db.transaction():  # failing for more than a day: unhealthy, still followed
        day_ago = now_iso(datetime.now(UTC) - timedelta(hours=25))
        repo.db.execute("UPDATE sources SET failing_since = :t", {"t": day_ago})
    rows = {r["name"]: r for r in list_sources(repo)}
    assert rows["outlet 1"]["health"] == "unhealthy" and len(rows) == 3

    set_paused(repo, "outlet 2", True)
    room.outlets[2].slow = 0
    make_due(repo)
    assert {r["name"] for r in list_sources(repo) if r["health"] == "paused"} == {"outlet 2"}
    assert follower.round()["polls"] == 2
    follower.repo.close()
    repo.close()


def test_watchlist_alerts_go_out_once_by_webhook_mail_and_feed(store_url, room):
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self) -> None:
            self.messages: list[bytes] = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
            self.messages.append(envelope.content)
            return "250 OK"

    inbox = Inbox()
    with socket.socket() as probe:  # a free port (the controller does not report one it picked)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    receiver = Receiver("s3cret", fail_first=1)
    try:
        repo = Repository.open(store_url)
        add_source(repo, room.feed_url(0), every=600)
        desk = "desk@example.org"
        add_watchlist(repo, "Brenner", speaker="Brenner", webhook=receiver.url, secret="s3cret", email=desk)
        add_watchlist(repo, "Hafen digest", about="Hafen", email="desk@example.org", digest_hours=6)
        room.publish(0, "Die Stromexporte nach Litauen steigen in diesem Jahr", speaker=0)  # Karl Brenner
        room.publish(0, "Der neue Hafen bringt der Region zweitausend Arbeitsplätze", speaker=1)
        room.publish(0, "Der Hafen wird bis zum Sommer ausgebaut", speaker=2)
        mailer = Mailer("127.0.0.1", port, "alerts@example.org")
        follower = Follower(store_url, fast_fetcher(), mailer, "http://qw.example", log=lambda line: None)
        follower.round()
        brenner = watch_matches(repo, "Brenner", limit=100)
        assert brenner and all(m["speaker"] == "Karl Brenner" for m in brenner)
        assert len(watch_matches(repo, "Hafen digest")) >= 2

        # the first POST failed (503), the others went through; it is tried again once its wait is
        # over, and nothing is ever sent twice
        assert len(receiver.bodies) == len(brenner) - 1
        deliver(repo, mailer, "http://qw.example")  # not yet due
        assert len(receiver.bodies) == len(brenner) - 1
        later = datetime.now(UTC) + timedelta(minutes=5)
        deliver(repo, mailer, "http://qw.example", now=later)
        deliver(repo, mailer, "http://qw.example", now=later + timedelta(minutes=5))
        assert sorted(b["match"] for b in receiver.bodies) == sorted(m["match_id"] for m in brenner)
        assert all(receiver.signatures_ok) and receiver.bodies[0]["quote"]["speaker"] == "Karl Brenner"
        assert receiver.bodies[0]["link"].startswith("http://qw.example/article/")

        # one mail per Brenner match, one digest for the harbour; none of them twice
        subjects = [m.split(b"Subject: ", 1)[1].split(b"\r\n", 1)[0].decode() for m in inbox.messages]
        assert sum("[quotewatch] Brenner: Karl Brenner" in s for s in subjects) == len(brenner)
        assert sum("Hafen digest" in s for s in subjects) == 1
        deliver(repo, mailer, "http://qw.example", now=later + timedelta(hours=1))
        assert len(inbox.messages) == len(subjects)

        feed = atom_feed(repo, get_watchlist(repo, "Brenner"), "http://qw.example")
        from lxml import etree

        entries = etree.fromstring(feed.encode()).findall("{http://www.w3.org/2005/Atom}entry")
        assert len(entries) == len(brenner)
        follower.repo.close()
        repo.close()
    finally:
        smtp.stop()
        receiver.stop()


def test_new_means_unlike_what_the_speaker_said_before(tmp_path, room):
    db = str(tmp_path / "n.db")
    repo = Repository.open(db)
    add_source(repo, room.feed_url(1), every=600)
    follower = Follower(db, fast_fetcher(), log=lambda line: None)
    follower.round()  # the speakers' earlier statements
    add_watchlist(repo, "Keller new", speaker="Keller", novel=True)
    add_watchlist(repo, "Keller all", speaker="Keller")
    room.publish(1, "Die Sanktionen gegen Russland schaden vor allem dem Mittelstand", speaker=3)
    room.publish(1, "Die Sanktionen gegen Russland schaden am meisten dem Mittelstand", speaker=3)
    room.publish(1, "Im Zoo wurden gestern drei junge Pinguine geboren", speaker=3)
    make_due(repo)
    follower.round()
    said_new = {m["text"] for m in watch_matches(repo, "Keller new")}
    said_all = [m["text"] for m in watch_matches(repo, "Keller all")]
    assert "„Im Zoo wurden gestern drei junge Pinguine geboren“" in said_new
    # the repeated statement is new at most once
    assert sum("Sanktionen gegen Russland" in t for t in said_all) == 2
    assert sum("Sanktionen gegen Russland" in t for t in said_new) <= 1
    follower.repo.close()
    repo.close()


def _follow(db: str, hook: str | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    args = [sys.executable, "-m", "quotewatch.cli", "follow", "--db", db, "--tick", "0.3", "--interval", "0"]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=REPO, text=True)


def _wait(check, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_follow_killed_and_restarted_stores_and_alerts_everything_once(tmp_path):
    room = Newsroom(outlets=4, articles=3).start()
    receiver = Receiver("k")
    db = str(tmp_path / "f.db")
    repo = Repository.open(db)
    try:
        for i in range(4):
            add_source(repo, room.feed_url(i), every=1)
        add_watchlist(repo, "all Brenner", speaker="Brenner", webhook=receiver.url, secret="k")

        def stored() -> int:
            return repo.db.fetchone("SELECT count(*) AS n FROM articles")["n"]

        proc = _follow(db)
        _wait(lambda: stored() >= 6)
        proc.kill()  # kill -9 in the middle of a round
        proc.wait()
        for i in range(4):
            room.publish(i, speaker=0)
        proc = _follow(db)
        _wait(lambda: stored() >= 16)
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0 and "stopped" in out
        assert " poll " in out and "stored" in out

        urls = repo.db.fetchall("SELECT url, count(*) AS n FROM articles GROUP BY url")
        assert len(urls) == 16 and all(u["n"] == 1 for u in urls)  # every article once
        matches = repo.db.fetchall(
            "SELECT m.id FROM watch_matches m JOIN watchlists w ON w.id = m.watchlist_id WHERE w.name = 'all Brenner'"
        )
        delivered = [b["match"] for b in receiver.bodies]
        assert sorted(set(delivered)) == sorted(m["id"] for m in matches)
        # kill -9 between the receiver's "OK" and the commit sends that one match again, with its id:
        # at most the one delivery in flight when the process was killed
        assert len(delivered) - len(set(delivered)) <= 1
    finally:
        repo.close()
        room.stop()
        receiver.stop()


def test_sources_and_watchlists_refuse_bad_input(tmp_path):
    repo = Repository.open(str(tmp_path / "b.db"))
    with pytest.raises(SourceError, match="http"):
        add_source(repo, "ftp://example.org/feed")
    with pytest.raises(SourceError, match="interval"):
        parse_interval("soon")
    assert parse_interval("10m") == 600 and parse_interval("2h") == 7200 and parse_interval(90) == 90
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body><outline text="News">'
        '<outline text="BelTA" xmlUrl="https://belta.example/rss"/><outline text="x" xmlUrl="mailto:a@b"/>'
        '<outline text="TASS" xmlUrl="https://tass.example/rss.xml"/></outline></body></opml>',
        encoding="utf-8",
    )
    assert import_opml(repo, opml, 600) == (2, 0)
    assert import_opml(repo, opml, 300) == (0, 2)
    assert {r["name"] for r in list_sources(repo)} == {"BelTA", "TASS"}
    (tmp_path / "not.opml").write_text("<html>hello</html>", encoding="utf-8")
    with pytest.raises(SourceError, match="OPML"):
        import_opml(repo, tmp_path / "not.opml")
    with pytest.raises(WatchError, match="say what to watch"):
        add_watchlist(repo, "empty")
    add_watchlist(repo, "x", speaker="Roth")
    with pytest.raises(WatchError, match="exists"):
        add_watchlist(repo, "x", speaker="Roth")
    repo.close()

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "quotewatch.cli", *args], capture_output=True, text=True, cwd=REPO)

    db = str(tmp_path / "b.db")
    bad = run("sources", "add", "not a url", "--db", db)
    assert bad.returncode == 2 and "quotewatch: 'not a url'" in bad.stderr and "Traceback" not in bad.stderr
    assert run("watch", "show", "nope", "--db", db).returncode == 2
    assert run("sources", "remove", "TASS", "--db", db).returncode == 0
    listed = json.loads(run("sources", "list", "--db", db, "--format", "json").stdout)
    assert [s["name"] for s in listed] == ["BelTA"]


def test_watch_pages_feed_and_api(tmp_path, room):
    from fastapi.testclient import TestClient

    from quotewatch.api import create_app
    from quotewatch.web import create_web_app

    db = str(tmp_path / "w.db")
    repo = Repository.open(db)
    add_source(repo, room.feed_url(0), every=600)
    add_watchlist(repo, "Alle Minister", phrase="Grenze Hafen Stromexporte Sanktionen Vereinigten Schulen Washington")
    add_watchlist(repo, "Roth", speaker="Roth")
    room.publish(0, speaker=1)
    Follower(db, fast_fetcher(), log=lambda line: None).round()
    web = TestClient(create_web_app(db))
    assert "Roth" in web.get("/watch").text
    first = web.get("/watch/Roth")
    assert first.status_code == 200 and "Ina Roth" in first.text and "new since" not in first.text
    again = web.get("/watch/Roth")  # the cookie now says what was seen
    assert "0 new since your last visit" in again.text
    feed = web.get("/watch/Roth.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml") and "<entry>" in feed.text
    assert web.get("/watch/nope").status_code == 404 and web.get("/watch/nope.atom").status_code == 404
    api = TestClient(create_app(db))
    names = {w["name"]: w for w in api.get("/watchlists").json()}
    assert names["Roth"]["matches"] >= 1
    matches = api.get("/watchlists/Roth/matches").json()
    assert matches and all(m["speaker"] == "Ina Roth" for m in matches)
    assert api.get("/watchlists/nope/matches").status_code == 404
    repo.close()


def test_two_followers_share_the_sources_without_polling_one_twice(store_url):
    room = Newsroom(outlets=10, articles=1).start()
    try:
        repo = Repository.open(store_url)
        for i in range(10):
            add_source(repo, room.feed_url(i), every=600)
        followers = [
            Follower(store_url, fast_fetcher(), owner=f"worker {n}", batch=2, log=lambda line: None) for n in range(2)
        ]
        results: list[dict] = []
        threads = [threading.Thread(target=lambda f=f: results.append(f.round())) for f in followers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert sum(r["polls"] for r in results) == 10
        assert all(room.requests[f"/o{i}/feed.xml"] == 1 for i in range(10))
        assert repo.db.fetchone("SELECT count(*) AS n FROM articles")["n"] == 10
        for f in followers:
            f.repo.close()
        repo.close()
    finally:
        room.stop()
