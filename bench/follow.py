"""Monitoring benchmark: `follow` against a local newsroom of many outlets whose feeds change.

    python bench/follow.py round [--sources 1000]             # one poll round over N sources, then one with nothing new
    python bench/follow.py run [--sources 200] [--minutes 10]  # follow for M minutes while feeds change,
                                                               # killed (-9) and restarted twice; then idle

`round` polls every source once in this process: the first round finds every article new (fetch,
extract, store), the second finds nothing new (conditional GET / seen entries), which is what a
desk's follow does most of the time. `run` starts `quotewatch follow` as a process with a webhook
and a mail server attached and a watchlist on one speaker, publishes and edits articles while it
runs, kills it twice, and checks at the end that every article is stored once and every watchlist
match was delivered once to the webhook and once by mail; then it measures the idle process's CPU
and memory. All outlets are served by one local server, so per-host politeness is off (--interval 0).
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from newsroom import Newsroom, Receiver  # noqa: E402


def _sources(db: str, room: Newsroom, n: int, every: int) -> None:
    from quotewatch.monitor.sources import add_source
    from quotewatch.store import Repository

    repo = Repository.open(db)
    for i in range(n):
        add_source(repo, room.feed_url(i), every=every, name=f"outlet {i}")
    repo.close()


def bench_round(n: int) -> None:
    from quotewatch.ingest.fetch import Fetcher
    from quotewatch.monitor.follow import Follower

    room = Newsroom(outlets=n, articles=3).start()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "round.db")
        _sources(db, room, n, every=1)
        follower = Follower(db, Fetcher(min_interval=0, retries=0, timeout=10), log=lambda line: None)
        t0 = time.perf_counter()
        first = follower.round()
        first_s = time.perf_counter() - t0
        time.sleep(1.1)  # every source due again
        t0 = time.perf_counter()
        second = follower.round()
        second_s = time.perf_counter() - t0
        follower.repo.close()
    room.stop()
    print(
        f"first round: {first['polls']} sources, {first['stored']} articles stored in {first_s:.1f} s "
        f"({first['polls'] / first_s:.1f} sources/s, {first['stored'] / first_s:.1f} articles/s, one process)"
    )
    print(
        f"second round, nothing new: {second['polls']} sources in {second_s:.1f} s "
        f"({second['polls'] / second_s:.0f} sources/s)"
    )


def _proc_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _proc_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bench_run(n: int, minutes: float) -> None:
    from aiosmtpd.controller import Controller

    from quotewatch.monitor.watch import add_watchlist
    from quotewatch.store import Repository

    class Inbox:
        def __init__(self) -> None:
            self.subjects: list[str] = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            text = envelope.content.decode("utf-8", "replace")
            self.subjects.append(text.split("Subject: ", 1)[1].split("\r\n", 1)[0])
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        smtp_port = probe.getsockname()[1]
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    hooks = Receiver()
    room = Newsroom(outlets=n, articles=2).start()
    rnd = random.Random(5)
    tmp = tempfile.TemporaryDirectory()
    db = str(Path(tmp.name) / "run.db")
    _sources(db, room, n, every=30)
    repo = Repository.open(db)
    add_watchlist(repo, "Brenner", speaker="Brenner", webhook=hooks.url, email="desk@example.org")
    repo.close()
    args = [sys.executable, "-m", "quotewatch.cli", "follow", "--db", db, "--tick", "2", "--interval", "0", "--quiet"]
    args += ["--smtp", f"127.0.0.1:{smtp_port}"]
    log = open(Path(tmp.name) / "follow.log", "w")  # noqa: SIM115 (kept open across restarts)

    def start() -> subprocess.Popen:
        return subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)

    proc = start()
    end = time.monotonic() + minutes * 60
    restarts = [time.monotonic() + minutes * 60 / 3, time.monotonic() + minutes * 60 * 2 / 3]
    published = edited = 0
    while time.monotonic() < end:
        time.sleep(1.0)
        for _ in range(max(1, n // 100)):  # a few new stories a second across the outlets
            room.publish(rnd.randrange(n))
            published += 1
        if rnd.random() < 0.2:
            outlet = rnd.randrange(n)
            room.edit(outlet, rnd.randint(1, len(room.outlets[outlet].articles)))
            edited += 1
        if restarts and time.monotonic() > restarts[0]:
            restarts.pop(0)
            proc.kill()
            proc.wait()
            proc = start()
    # let it catch up with the last publications (sources every 30 s), then measure it idle
    time.sleep(75)
    cpu0, t0 = _proc_cpu_seconds(proc.pid), time.monotonic()
    time.sleep(60)
    idle_cpu = (_proc_cpu_seconds(proc.pid) - cpu0) / (time.monotonic() - t0)
    rss = _proc_rss_mb(proc.pid)
    time.sleep(5)  # deliveries of the last round
    proc.terminate()
    proc.wait(timeout=120)
    repo = Repository.open(db)
    urls = repo.db.fetchall("SELECT url, count(*) AS n FROM articles WHERE version = 1 GROUP BY url")
    versions = repo.db.fetchone("SELECT count(*) AS n FROM articles WHERE version > 1")["n"]
    matches = [r["id"] for r in repo.db.fetchall("SELECT id FROM watch_matches")]
    repo.close()
    expected = sum(len(o.articles) for o in room.outlets)
    twice = [u["url"] for u in urls if u["n"] > 1]
    mails = [s for s in inbox.subjects if s.startswith("[quotewatch] Brenner")]
    delivered = [b["match"] for b in hooks.bodies]
    print(
        f"{n} sources, {minutes:g} min, follow killed (-9) and restarted twice, exit after SIGTERM: {proc.returncode}"
    )
    print(
        f"articles published {expected} (edits {edited}): stored {len(urls)}, stored twice {len(twice)}, "
        f"new versions {versions}"
    )
    print(
        f"watchlist matches {len(matches)}: webhook deliveries {len(delivered)} "
        f"({len(set(delivered))} distinct), mails {len(mails)}"
    )
    print(f"idle: {idle_cpu * 100:.1f} % of one core, RSS {rss:.0f} MB")
    room.stop()
    smtp.stop()
    tmp.cleanup()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("round", "run"))
    ap.add_argument("--sources", type=int)
    ap.add_argument("--minutes", type=float, default=10.0)
    args = ap.parse_args()
    if args.what == "round":
        bench_round(args.sources or 1000)
    else:
        bench_run(args.sources or 200, args.minutes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
