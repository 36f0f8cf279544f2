"""Load on the servers: many readers of the web interface and the REST API while a writer adds pages.

    python bench/load.py [--articles 2000] [--readers 50] [--seconds 60] [--think 1.0]

Builds an SQLite archive of generated wire stories, starts `quotewatch serve` and `quotewatch api` as
their own processes on loopback, then runs for --seconds: --readers concurrent readers (each requests a
search page, an article, a speaker page or an API query, then pauses --think seconds on average, as a
person or a polling tool does) and one writer that adds a page through the web UI's Add form every few
seconds and waits for it. Reports throughput, latency percentiles and the error rate, and the slowest
reader request that overlapped an Add.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive import article  # noqa: E402  (the generator of the archive benchmark)
from web import SEARCHES as WEB_PATHS  # noqa: E402  (the search pages of the web benchmark)

API_PATHS = ["/quotes?speaker=Lukaschenko&limit=20", "/quotes?q=Butscha", "/articles?limit=20", "/speakers?top=10"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "quotewatch.cli", *args], stderr=subprocess.DEVNULL)


async def _wait_up(url: str) -> None:
    import httpx

    async with httpx.AsyncClient() as client:
        for _ in range(200):
            try:
                await client.get(url)
                return
            except httpx.HTTPError:
                await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


async def run(web: str, api: str, articles: int, readers: int, seconds: float, think: float) -> dict:
    import httpx

    rnd = random.Random(7)
    results: list[tuple[float, float, int]] = []  # (start, duration s, status)
    adds: list[tuple[float, float]] = []  # (start, end) of each Add, submission to stored article
    end = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=readers + 4)

    async with httpx.AsyncClient(timeout=30, limits=limits) as client:

        async def reader(k: int) -> None:
            r = random.Random(k)
            await asyncio.sleep(r.random() * think)
            while time.monotonic() < end:
                choice = r.random()
                if choice < 0.45:
                    url = web + r.choice(WEB_PATHS)
                elif choice < 0.6:
                    url = f"{web}/article/{r.randint(1, articles)}"
                elif choice < 0.7:
                    url = f"{web}/speaker/{r.randint(1, 20)}"
                else:
                    url = api + r.choice(API_PATHS)
                t0 = time.monotonic()
                try:
                    status = (await client.get(url)).status_code
                except httpx.HTTPError:
                    status = 0
                results.append((t0, time.monotonic() - t0, status))
                await asyncio.sleep(r.expovariate(1 / think) if think else 0)

        async def writer() -> None:
            i = articles
            while time.monotonic() < end - 5:
                form = await client.get(web + "/add")
                csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
                _, data = article(i, rnd)
                i += 1
                t0 = time.monotonic()
                res = await client.post(
                    web + "/add",
                    data={"csrf": csrf, "text": data.decode()},
                    cookies=form.cookies,
                    follow_redirects=False,
                )
                location = res.headers.get("location", "")
                while location.startswith("/add/jobs/"):
                    await asyncio.sleep(0.25)
                    res = await client.get(web + location, follow_redirects=False)
                    if res.status_code != 200:
                        break
                adds.append((t0, time.monotonic()))
                await asyncio.sleep(2)

        await asyncio.gather(writer(), *(reader(k) for k in range(readers)))

    durations = sorted(d for _, d, _ in results)
    errors = sum(1 for _, _, s in results if s == 0 or s >= 500)
    during = [d for t, d, _ in results if any(a <= t <= b or a <= t + d <= b for a, b in adds)]

    def pct(p: float) -> float:
        return durations[min(len(durations) - 1, int(p * len(durations)))] * 1000

    return {
        "requests": len(results),
        "requests_per_s": len(results) / seconds,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": durations[-1] * 1000,
        "error_rate": errors / max(1, len(results)),
        "adds": len(adds),
        "add_seconds_mean": statistics.mean(b - a for a, b in adds) if adds else None,
        "requests_during_adds": len(during),
        "slowest_during_add_ms": max(during, default=0) * 1000,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--readers", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--think", type=float, default=1.0, help="mean pause of a reader between requests (s)")
    args = ap.parse_args()

    from quotewatch.ingest import extract_raw
    from quotewatch.store import RawPage, Repository

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "load.db")
        repo = Repository.open(db)
        rnd = random.Random(42)
        for i in range(args.articles):
            url, data = article(i, rnd)
            repo.add(RawPage(data, url, url), extract_raw)
        repo.close()
        web_port, api_port = _port(), _port()
        servers = [
            _start("serve", "--db", db, "--port", str(web_port)),
            _start("api", "--db", db, "--port", str(api_port)),
        ]
        try:
            web, api = f"http://127.0.0.1:{web_port}", f"http://127.0.0.1:{api_port}"
            asyncio.run(_wait_up(web + "/"))
            asyncio.run(_wait_up(api + "/health"))
            figures = asyncio.run(run(web, api, args.articles, args.readers, args.seconds, args.think))
        finally:
            for s in servers:
                s.terminate()
                s.wait(timeout=30)
    print(
        f"{args.readers} readers (mean pause {args.think:g} s) and 1 writer for {args.seconds:g} s over "
        f"{args.articles} articles"
    )
    for k, v in figures.items():
        print(f"  {k:<24} {v:.3f}" if isinstance(v, float) else f"  {k:<24} {v}")
    ok = figures["error_rate"] == 0 and figures["slowest_during_add_ms"] < 1000
    print("no errors and no reader request over 1 s during an Add" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
