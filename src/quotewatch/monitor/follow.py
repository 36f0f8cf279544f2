"""`quotewatch follow`: one long-running process that keeps the archive up to date.

Every tick (APScheduler's interval job, never two at once) it claims the sources that are due, polls
them, and when something new was stored: matches the new statements against the claim catalog,
evaluates the watchlists and sends the alerts that are due (failed ones are retried on later ticks).
It logs one line per poll; SIGTERM or Ctrl-C stop it after the poll in progress. Everything it knows
is in the archive, so a restart — after a crash or kill -9 too — resumes each source on its schedule.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from quotewatch.ingest.fetch import Fetcher
from quotewatch.monitor.alerts import Mailer, deliver
from quotewatch.monitor.poll import poll
from quotewatch.monitor.sources import claim_due, record_poll, release_dead_leases
from quotewatch.monitor.watch import evaluate_watchlists
from quotewatch.store.repository import Repository, now_iso


@dataclass
class Follower:
    db: str
    fetcher: Fetcher = field(default_factory=Fetcher)
    mailer: Mailer | None = None
    base_url: str = "http://localhost:8000"
    batch: int = 16  # sources claimed at once
    log: Callable[[str], None] = lambda line: print(line, flush=True)
    quiet: bool = False  # no line per poll (rounds' matches, alerts and errors are still logged)
    owner: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")
    stopping: threading.Event = field(default_factory=threading.Event)
    _repo: Repository | None = None
    _released: bool = False  # dead processes' leases freed (once, at the first round)

    @property
    def repo(self) -> Repository:
        if self._repo is None:
            self._repo = Repository.open(self.db)
        return self._repo

    def round(self) -> dict[str, int]:
        """Poll every source that is due now (in batches), then match, evaluate and deliver."""
        counts = {"polls": 0, "stored": 0, "errors": 0, "matches": 0}
        started = datetime.now(UTC)
        if not self._released:
            freed = release_dead_leases(self.repo, self.owner.rsplit(":", 1)[0])
            if freed:
                self.log(f"took over {freed} sources left leased by a process that is gone")
            self._released = True
        while not self.stopping.is_set():
            due = claim_due(self.repo, self.owner, self.batch, due_by=started)
            if not due:
                break
            for source in due:
                if self.stopping.is_set():
                    # leave the lease to run out: nothing was done, the source is due again soon
                    break
                result = poll(self.repo, source, self.fetcher)
                record_poll(self.repo, source, result.stored, result.error, result.retry_after)
                if not self.quiet:
                    self.log(f"{now_iso()} poll {result.line()}")
                counts["polls"] += 1
                counts["stored"] += result.stored
                counts["errors"] += result.error is not None
        if counts["stored"]:
            counts["matches"] = self.after_new_statements()
        sent = deliver(self.repo, self.mailer, self.base_url)
        if any(sent.values()):
            self.log(f"alerts: {sent['webhook']} webhooks, {sent['email']} mails sent, {sent['failed']} failed")
        return counts

    def after_new_statements(self) -> int:
        if self.repo.db.fetchone("SELECT count(*) AS n FROM claims")["n"]:
            from quotewatch.claims.store import match_archive

            match_archive(self.repo)
        found = evaluate_watchlists(self.repo)
        if found:
            self.log(f"watchlists: {found} new matches")
        return found

    def serve(self, tick: float = 5.0) -> int:
        """Run until SIGTERM/SIGINT; a tick that is still running when the next is due is skipped."""
        from apscheduler.schedulers.background import BackgroundScheduler

        scheduler = BackgroundScheduler(timezone="UTC")
        scheduler.add_job(
            self._tick, "interval", seconds=tick, max_instances=1, coalesce=True, next_run_time=datetime.now(UTC)
        )

        def stop(signum: int, _frame: object) -> None:
            self.log(f"stopping ({signal.Signals(signum).name}): finishing the poll in progress")
            self.stopping.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.log(f"following the sources of {self.db} (tick {tick:g} s, owner {self.owner})")
        scheduler.start()
        try:
            while not self.stopping.wait(1.0):
                pass
        finally:
            scheduler.shutdown(wait=True)
            if self._repo is not None:
                self._repo.close()
        self.log("stopped")
        return 0

    def _tick(self) -> None:
        try:
            self.round()
        except Exception as exc:  # noqa: BLE001 - a tick's failure is logged and the next tick tries again
            self.log(f"error: {exc.__class__.__name__}: {exc}")
            print(f"quotewatch follow: {exc}", file=sys.stderr)
