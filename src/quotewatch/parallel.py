"""Extraction on every local core, or on a Ray cluster: pages go to worker processes, results come
back in the order the pages went in, and one writer (the caller) stores them.

Workers are spawned (not forked: the caller may hold threads and open archives), load the analyzers
once each, and pin numeric libraries to one thread (multithreaded BLAS on a shared machine made runs
several times slower). A short input is extracted in the calling process: spawning workers and
loading their models costs more than a few pages. The window of pages in flight is bounded, so memory
stays flat however long the input.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from itertools import chain
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

POOL_MIN_ITEMS = 16  # fewer than this: extracted in the calling process
WINDOW_PER_WORKER = 4


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


# numeric libraries' thread counts, set to one in every worker
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


def _pin_threads() -> None:
    for var in THREAD_VARIABLES:
        os.environ[var] = "1"


def _init_worker() -> None:
    _pin_threads()
    import warnings

    warnings.filterwarnings("ignore")


def map_in_order(
    work: Callable[[T], R],
    items: Iterable[T],
    workers: int,
    timeout: float | None = None,
    min_items: int | None = None,
    engine: str = "local",
    address: str | None = None,
) -> Iterator[tuple[T, R | BaseException]]:
    """(item, result or the exception its work raised) for each item, in input order. `work` must be
    a module-level function (it is sent to the workers by name). `engine="ray"` runs it as Ray tasks:
    on the cluster at `address` ("ray://head:10001", "auto"), or on a local Ray with `workers` CPUs."""
    if engine == "ray":
        yield from _ray_map(work, items, workers, timeout, address)
        return
    min_items = POOL_MIN_ITEMS if min_items is None else min_items
    it = iter(items)
    head: list[T] = []
    if workers > 1:
        for item in it:
            head.append(item)
            if len(head) >= min_items:
                break
    if workers <= 1 or len(head) < min_items:
        for item in chain(head, it):
            try:
                yield item, work(item)
            except Exception as exc:  # noqa: BLE001 - handed to the caller with its item
                yield item, exc
        return
    import multiprocessing

    with ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker
    ) as pool:
        window: deque[tuple[T, Future]] = deque()

        def drain(keep: int) -> Iterator[tuple[T, R | BaseException]]:
            while len(window) > keep:
                item, future = window.popleft()
                try:
                    yield item, future.result(timeout)
                except FutureTimeout:
                    yield item, TimeoutError(f"no result within {timeout:g} s")
                except Exception as exc:  # noqa: BLE001
                    yield item, exc

        for item in chain(head, it):
            window.append((item, pool.submit(work, item)))
            yield from drain(workers * WINDOW_PER_WORKER)
        yield from drain(0)


_pinned: list[bool] = []


def _one_thread(work: Callable[[T], R], item: T) -> R:
    """`work` on a Ray worker, whose numeric libraries are first pinned to one thread (once per process:
    a cluster's workers may have been started with any environment)."""
    if not _pinned:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
        _pinned.append(True)
    return work(item)


def _ray_map(
    work: Callable[[T], R], items: Iterable[T], workers: int, timeout: float | None, address: str | None
) -> Iterator[tuple[T, R | BaseException]]:
    """The same contract on Ray: a task per item, a bounded window of tasks in flight, results taken in
    input order. Ray reuses its worker processes, so each loads the analyzers once; a task whose
    worker dies is retried by Ray (a page's extraction has no side effects; storing is the caller's)."""
    import ray

    started_here = not ray.is_initialized()
    if started_here:
        # no runtime environment: it makes Ray start a job's workers afresh (0.9 s here) instead of
        # reusing the cluster's idle ones; the workers pin their threads themselves (_one_thread)
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            _pin_threads()  # the local Ray's processes inherit this environment
            ray.init(num_cpus=max(1, workers), include_dashboard=False, log_to_driver=False)
    remote = ray.remote(max_retries=3)(_one_thread)
    window: deque[tuple[T, object]] = deque()
    capacity = max(1, int(ray.cluster_resources().get("CPU", workers))) * WINDOW_PER_WORKER

    def drain(keep: int) -> Iterator[tuple[T, R | BaseException]]:
        while len(window) > keep:
            item, ref = window.popleft()
            try:
                yield item, ray.get(ref, timeout=timeout)
            except ray.exceptions.GetTimeoutError:
                ray.cancel(ref, force=True)
                yield item, TimeoutError(f"no result within {timeout:g} s")
            except ray.exceptions.RayTaskError as exc:
                yield item, exc.as_instanceof_cause()
            except Exception as exc:  # noqa: BLE001 - a lost worker, a lost object: the item failed
                yield item, exc

    try:
        for item in items:
            window.append((item, remote.remote(work, item)))
            yield from drain(capacity)
        yield from drain(0)
    finally:
        if started_here:
            ray.shutdown()
