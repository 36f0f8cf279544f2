"""Adding pages from a server (web UI, REST API) without holding it up: fetching and storing run in
worker threads, extraction in a separate process, so that readers' requests stay fast while a page is
added, and a page that would take too long is stopped from outside as well as by its own time budget.

`ExtractionPool.extract(raw)` runs the pipeline in a worker process (spawned once, its models loaded
once); `AddJobs` keeps a small table of jobs (queued → fetching → extracting → storing → done or
failed) that a page can show while it works.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from quotewatch.model import Extraction
from quotewatch.settings import PAGE_TIME_BUDGET
from quotewatch.store.repository import RawPage, Repository

# the worker is stopped from outside when its own budget did not stop it: twice the budget, plus the
# slowest article extraction of a page at the size limit
HARD_LIMIT = 2 * PAGE_TIME_BUDGET + 20.0


def _extract_in_worker(raw: RawPage) -> Extraction:
    from quotewatch.ingest import extract_raw

    return extract_raw(raw)


def _warm_up() -> None:
    from quotewatch.pipeline import extract

    extract("Titel\nDer Minister sagte, die Lage sei ernst.")


class ExtractionTimeout(Exception):
    """The page was stopped from outside: it took longer than HARD_LIMIT seconds."""


class ExtractionPool:
    """One worker process (spawned, not forked: the server has threads) that extracts pages."""

    def __init__(self, hard_limit: float = HARD_LIMIT):
        self.hard_limit = hard_limit
        self._lock = threading.Lock()
        self._pool: multiprocessing.pool.Pool | None = None

    def _get(self) -> multiprocessing.pool.Pool:
        with self._lock:
            if self._pool is None:
                self._pool = multiprocessing.get_context("spawn").Pool(1, initializer=_warm_up)
            return self._pool

    def extract(self, raw: RawPage) -> Extraction:
        """The pipeline on a page in the worker; InputError comes back as it was raised there."""
        pool = self._get()
        try:
            return pool.apply_async(_extract_in_worker, (raw,)).get(self.hard_limit)
        except multiprocessing.TimeoutError as exc:
            with self._lock:
                if self._pool is pool:  # the worker is stuck in this page: replace it
                    pool.terminate()
                    self._pool = None
            raise ExtractionTimeout(f"{raw.source}: stopped after {self.hard_limit:g} s") from exc

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.terminate()
                self._pool = None


@dataclass
class Job:
    id: str
    source: str
    stage: str = "queued"  # queued | fetching | extracting | storing | done | failed
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    article_id: int | None = None
    status: str | None = None  # the archive's answer: added | unchanged | new_version | empty
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def over(self) -> bool:
        return self.stage in ("done", "failed")


class TooManyJobs(Exception):
    pass


class AddJobs:
    """Jobs that add one page each: a URL to fetch, or bytes given. Finished jobs are kept for an hour;
    at most `max_pending` run or wait at once (more is refused, not queued without end)."""

    KEEP = 3600.0

    def __init__(
        self, db: str, pool: ExtractionPool, fetch: Callable[[str], RawPage], workers: int = 2, max_pending: int = 20
    ):
        self.db, self.pool, self.fetch = db, pool, fetch
        self.max_pending = max_pending
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="quotewatch-add")

    def submit(self, source: str, data: bytes | None = None, url: str | None = None) -> Job:
        """A job for a page given as bytes, or for a URL to fetch (data None)."""
        job = Job(secrets.token_urlsafe(12), source)
        with self._lock:
            now = time.monotonic()
            for key in [k for k, j in self._jobs.items() if j.over and now - (j.finished or now) > self.KEEP]:
                del self._jobs[key]
            if sum(1 for j in self._jobs.values() if not j.over) >= self.max_pending:
                raise TooManyJobs(f"{self.max_pending} pages are being added already: try again in a minute")
            self._jobs[job.id] = job
        self._executor.submit(self._run, job, data, url)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _run(self, job: Job, data: bytes | None, url: str | None) -> None:
        from quotewatch.article.loader import InputError
        from quotewatch.ingest.fetch import FetchError

        try:
            if data is None:
                job.stage = "fetching"
                raw = self.fetch(url or job.source)
            else:
                raw = RawPage(data, job.source, url)
            job.stage = "extracting"
            repo = Repository.open(self.db)
            try:
                extraction: list[Extraction] = []

                def extract(page: RawPage) -> Extraction:
                    extraction.append(self.pool.extract(page))
                    job.stage = "storing"
                    return extraction[0]

                result = repo.add(raw, extract)
                if result.article_id is None:  # stored before: show the stored article
                    row = repo.db.fetchone(
                        "SELECT a.id FROM articles a JOIN pages p ON p.id = a.page_id WHERE p.content_hash = :h "
                        "ORDER BY a.id DESC",
                        {"h": _hash(raw.data)},
                    )
                    result.article_id = row["id"] if row else None
            finally:
                repo.close()
            job.article_id, job.status, job.warnings = result.article_id, result.status, result.warnings
            if job.article_id is None or result.status == "empty":
                job.error = "no article text found in that page"
            job.stage = "failed" if job.error else "done"
        except (InputError, FetchError, ExtractionTimeout) as exc:
            job.error, job.stage = str(exc), "failed"
        except Exception as exc:  # a job must end, whatever happened; the page says what
            job.error, job.stage = f"{job.source}: {exc.__class__.__name__}: {exc}", "failed"
        finally:
            job.finished = time.monotonic()

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def _hash(data: bytes) -> str:
    from quotewatch.store.text import content_hash

    return content_hash(data)
