"""Ingest on every local core: articles per second into an archive with 1 and N worker processes,
each configuration in a fresh process on its own copies of the pages (start-up, model loading and
filling the analyzers' caches are in the time, as for a real run), SQLite and PostgreSQL.

    python bench/scale.py [--pages 600] [--workers 1 2] [--postgres] [--ray]

With --ray: 2 workers as Ray tasks, once with a local Ray that the command starts and stops itself
and once against a local cluster started beforehand (`ray start --head`), as a deployment runs; with
--postgres too, also against the cluster into PostgreSQL, where the workers store the pages themselves.

Pages: German news texts from ../shared/corpora/german-news-quotes in a news-site template (as in
bench/extract.py), or generated ones where ../shared is absent. The ratio of N workers to one is
measured in the same run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))


def write_pages(folder: Path, pages: list[str], run: int) -> None:
    folder.mkdir(parents=True)
    for i, html in enumerate(pages):
        # a run marker in each page: new bytes, so nothing is "unchanged" from another run
        (folder / f"{i:05d}.html").write_text(html.replace("</body>", f"<!-- run {run} --></body>"), "utf-8")


def cache_of(folder: Path) -> Path:
    return folder.parent / f"{folder.name}-cache"


def run(target: str, folder: Path, workers: int, engine: str = "local", address: str = "") -> tuple[float, int]:
    """One configuration in a fresh process: models loaded and caches filled within the time, as
    for a real `add` run (a warm process would hide the cost of words it has seen)."""
    import json
    import os
    import subprocess

    # each configuration starts with its own empty word-analysis cache, as a first real run does: one
    # shared with the configuration before would hand it every word of these pages
    env = {**os.environ, "QUOTEWATCH_CACHE_DIR": str(cache_of(folder))}
    out = subprocess.run(
        [sys.executable, __file__, "--one", target, str(folder), str(workers), engine, address],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    got = json.loads(out.strip().splitlines()[-1])
    return got["seconds"], got["stored"]


@contextmanager
def ray_cluster(cpus: int, cache: Path) -> Iterator[None]:
    """A local Ray cluster started before the timed command and stopped after it; its workers use the
    configuration's own word-analysis cache."""
    import os
    import subprocess

    ray = str(Path(sys.executable).parent / "ray")
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    env["QUOTEWATCH_CACHE_DIR"] = str(cache)
    subprocess.run(
        [ray, "start", "--head", f"--num-cpus={cpus}", "--include-dashboard=false", "--disable-usage-stats"],
        check=True,
        capture_output=True,
        env=env,
    )
    try:
        yield
    finally:
        subprocess.run([ray, "stop", "--force"], capture_output=True)


def one(target: str, folder: str, workers: int, engine: str, address: str) -> None:
    import json

    from quotewatch.ingest import add_sources
    from quotewatch.store import Repository

    t0 = time.perf_counter()
    repo = Repository.open(target)
    report = add_sources(repo, [folder], show_progress=False, workers=workers, engine=engine, address=address or None)
    seconds = time.perf_counter() - t0
    repo.close()
    print(json.dumps({"seconds": seconds, "stored": report.counts["added"] + report.counts["empty"]}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=600)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--postgres", action="store_true", help="also into a throwaway PostgreSQL server")
    ap.add_argument("--ray", action="store_true", help="also 2 workers as tasks on a local Ray")
    ap.add_argument("--one", nargs=5, metavar=("TARGET", "FOLDER", "WORKERS", "ENGINE", "ADDR"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        one(args.one[0], args.one[1], int(args.one[2]), args.one[3], args.one[4])
        return 0
    import extract as bench_extract

    pages = bench_extract.pages_for("de", "corpus", args.pages) or bench_extract.generated_pages(args.pages)
    backends = ["sqlite"] + (["postgresql"] if args.postgres else [])
    server = None
    if args.postgres:
        from pg import PostgresServer

        server = PostgresServer().__enter__()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            base: dict[str, float] = {}
            configurations = [(b, w, "local") for b in backends for w in args.workers]
            configurations += [("sqlite", max(args.workers), "ray")] if args.ray else []
            # a running cluster, as in production (`ray start` on every machine, `--address`): the
            # command connects to it instead of starting and stopping a local one (about 5 s here)
            configurations += [("sqlite", max(args.workers), "ray-cluster")] if args.ray else []
            # on PostgreSQL the Ray workers store the pages themselves
            configurations += [("postgresql", max(args.workers), "ray-cluster")] if args.ray and args.postgres else []
            pool: dict[str, float] = {}
            for n, (backend, workers, engine) in enumerate(configurations, 1):
                folder = Path(tmp) / f"pages{n}"
                write_pages(folder, pages, n)
                target = str(Path(tmp) / f"a{n}.db") if backend == "sqlite" else server.create_database(f"scale{n}")
                if engine == "ray-cluster":
                    with ray_cluster(workers, cache_of(folder)):
                        seconds, stored = run(target, folder, workers, "ray", "auto")
                else:
                    seconds, stored = run(target, folder, workers, engine)
                rate = stored / seconds
                base.setdefault(backend, rate)
                if engine == "local":
                    pool[backend] = rate
                against_pool = f", {rate / pool[backend]:.2f}x the local pool" if engine != "local" else ""
                print(
                    f"{backend}: {workers} worker(s), {engine}: {stored} articles in {seconds:.1f} s = "
                    f"{rate:.1f} articles/s ({rate / base[backend]:.2f}x one worker{against_pool})",
                    flush=True,
                )
    finally:
        if server is not None:
            server.__exit__(None, None, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
