"""Collecting pages into the archive, with a progress bar for runs longer than a few seconds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from quotewatch.article.loader import InputError, page_from_bytes
from quotewatch.ingest.fetch import Fetcher
from quotewatch.ingest.sources import PageSource, SourceError
from quotewatch.model import Extraction
from quotewatch.settings import MAX_PAGE_BYTES
from quotewatch.store.repository import AddResult, RawPage, Repository


def extract_raw(page: RawPage) -> Extraction:
    """The pipeline on a stored or fetched page. A page that is not text (binary, unknown encoding,
    over the size limit) raises InputError, so that it is reported and never stored."""
    from quotewatch.pipeline import extract

    return extract(page_from_bytes(page.data, page.source), url=page.url)


@dataclass
class IngestReport:
    counts: Counter = field(default_factory=Counter)
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (source, warning) of stored pages


def _extract_job(job: tuple[str, RawPage | SourceError]) -> Extraction | None:
    """A worker's part of `add`: the pipeline on a page that is not stored yet (nothing otherwise)."""
    kind, item = job
    return extract_raw(item) if kind == "extract" and isinstance(item, RawPage) else None


_worker_archives: dict[str, Repository] = {}

STORE_BATCH = 8  # pages a Ray worker extracts and then stores in one transaction (one turn at the lock)

Job = tuple[str, RawPage | SourceError]


@dataclass(frozen=True)
class StoreOnWorker:
    """A Ray worker's part of `add` on a PostgreSQL archive: it extracts a batch of pages and stores
    them itself in one transaction, through one connection per worker process, so results do not
    travel back through the caller and a cluster's writes do not queue behind one connection. Storing
    is idempotent as `Repository.add` is (each page's hash is checked and inserted in the transaction),
    so a batch Ray retries after its worker died stores nothing twice."""

    target: str

    def __call__(self, jobs: list[Job]) -> list[AddResult | BaseException | None]:
        done: list[Extraction | BaseException | None] = []
        for job in jobs:
            try:
                done.append(_extract_job(job))
            except Exception as exc:  # noqa: BLE001 - reported with its page, as the caller does
                done.append(exc)
        if self.target not in _worker_archives:
            _worker_archives[self.target] = Repository.open(self.target)
        repo = _worker_archives[self.target]
        with repo.db.transaction():
            return [
                repo.add(item, lambda _page, e=e: e) if isinstance(e, Extraction) and isinstance(item, RawPage) else e
                for (_, item), e in zip(jobs, done, strict=True)
            ]


def _batches(jobs: Iterator[Job], size: int) -> Iterator[list[Job]]:
    batch: list[Job] = []
    for job in jobs:
        batch.append(job)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _extracted(
    repo: Repository, jobs: Iterator[Job], workers: int, engine: str, address: str | None
) -> Iterator[tuple[Job, Extraction | AddResult | BaseException | None]]:
    """Each job with what became of it: an extraction for the caller to store, or, on Ray with a
    PostgreSQL archive, the result of storing it on the worker (StoreOnWorker); None for a page stored
    before; the exception of a page that failed."""
    from quotewatch.jobs import HARD_LIMIT
    from quotewatch.parallel import map_in_order

    dsn = getattr(repo.db, "dsn", None)
    if engine != "ray" or not dsn:
        yield from map_in_order(_extract_job, jobs, workers, timeout=HARD_LIMIT, engine=engine, address=address)
        return
    batches = _batches(jobs, STORE_BATCH)
    for batch, results in map_in_order(
        StoreOnWorker(dsn), batches, workers, timeout=HARD_LIMIT * STORE_BATCH, engine=engine, address=address
    ):
        if isinstance(results, BaseException):
            results = [results] * len(batch)
        yield from zip(batch, results, strict=True)


def add_sources(
    repo: Repository,
    targets: list[str],
    fetcher: Fetcher | None = None,
    show_progress: bool = True,
    console: Console | None = None,
    max_bytes: int = MAX_PAGE_BYTES,
    workers: int = 1,
    engine: str = "local",
    address: str | None = None,
) -> IngestReport:
    """Store every page the targets lead to; each page is committed on its own, so an interrupted
    run keeps what it stored and a re-run skips it. Inputs that are not text, or larger than
    `max_bytes`, are reported and not stored. With `workers` > 1 the pages are extracted in that many
    processes (`engine="ray"`: as Ray tasks, on the cluster at `address` or a local Ray) and stored by
    this one, in input order: the archive is the one a single process makes. On Ray with a PostgreSQL
    archive the workers store the pages themselves, in batches (StoreOnWorker)."""
    source = PageSource(fetcher, repo.fetch_validators, repo.remember_fetch, max_bytes)
    jobs = (
        ("extract" if isinstance(item, RawPage) and not repo.has_page(item.data) else "pass", item)
        for item in source.iter_pages(targets)
    )
    report = IngestReport()
    console = console or Console(stderr=True)
    columns = (
        SpinnerColumn(),
        TextColumn("adding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} pages/s · {task.fields[quotes]} quotations · {task.fields[errors]} errors"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, disable=not show_progress, transient=False) as bar:
        task = bar.add_task("add", total=None, rate="0.0", quotes=0, errors=0)
        for (_, item), extracted in _extracted(repo, jobs, workers, engine, address):
            result = None
            if isinstance(item, SourceError):
                report.errors.append(item)
                report.counts["errors"] += 1
            elif isinstance(extracted, InputError | TimeoutError):
                report.errors.append(SourceError(item.source, str(extracted).split(": ", 1)[-1]))
                report.counts["errors"] += 1
            elif isinstance(extracted, BaseException):
                raise extracted
            elif isinstance(extracted, AddResult):  # stored by the worker
                result = extracted
            else:
                try:
                    result = repo.add(item, extract_raw if extracted is None else (lambda _page, e=extracted: e))
                except InputError as exc:
                    report.errors.append(SourceError(item.source, str(exc).split(": ", 1)[-1]))
                    report.counts["errors"] += 1
            if result is not None:
                report.warnings += [(item.source, w) for w in result.warnings]
                report.counts[result.status] += 1
                report.counts["quotes"] += result.quotes
                if result.duplicate_of is not None:
                    report.counts["near_duplicates"] += 1
            done = sum(report.counts[k] for k in ("added", "new_version", "unchanged", "empty", "errors"))
            elapsed = bar.tasks[0].elapsed or 1e-9
            bar.update(
                task,
                completed=done,
                rate=f"{done / elapsed:.1f}",
                quotes=report.counts["quotes"],
                errors=report.counts["errors"],
            )
    return report
