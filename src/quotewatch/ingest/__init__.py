"""Collecting pages into the archive, with a progress bar for runs longer than a few seconds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from quotewatch.article.loader import InputError, page_from_bytes
from quotewatch.ingest.fetch import Fetcher
from quotewatch.ingest.sources import PageSource, SourceError
from quotewatch.model import Extraction
from quotewatch.settings import MAX_PAGE_BYTES
from quotewatch.store.repository import RawPage, Repository


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
    this one, in input order: the archive is the one a single process makes."""
    from quotewatch.jobs import HARD_LIMIT
    from quotewatch.parallel import map_in_order

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
        extractions = map_in_order(_extract_job, jobs, workers, timeout=HARD_LIMIT, engine=engine, address=address)
        for (_, item), extracted in extractions:
            result = None
            if isinstance(item, SourceError):
                report.errors.append(item)
                report.counts["errors"] += 1
            elif isinstance(extracted, InputError | TimeoutError):
                report.errors.append(SourceError(item.source, str(extracted).split(": ", 1)[-1]))
                report.counts["errors"] += 1
            elif isinstance(extracted, BaseException):
                raise extracted
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
