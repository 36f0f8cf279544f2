"""Web search latency: p50/p95 of the search page over HTTP on a 10,000-article archive.

    python bench/web.py [--articles 10000] [--requests 50]

The archive is built from the generated wire stories of bench/archive.py (SQLite); the server is
`quotewatch serve`'s app under uvicorn on loopback; each request is a full page render with facets.
"""

from __future__ import annotations

import argparse
import random
import socket
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive import article  # noqa: E402  (the same generator as the archive benchmark)

SEARCHES = [
    "/?q=Butscha",
    "/?q=USA&speaker=Lukaschenko",
    "/?speaker=Putin",
    "/?q=Sanktionen&since=2025-01-01",
    "/",
    "/?kind=indirect&agency=BelTA",
    "/?q=Position+Druck",
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=50)
    args = ap.parse_args()

    import uvicorn

    from quotewatch.ingest import extract_raw
    from quotewatch.store import RawPage, Repository
    from quotewatch.web import create_web_app

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "web.db")
        repo = Repository.open(db)
        rnd = random.Random(42)
        t0 = time.perf_counter()
        for i in range(args.articles):
            url, data = article(i, rnd)
            repo.add(RawPage(data, url, url), extract_raw)
        print(f"archive: {args.articles} articles in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        repo.close()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_web_app(db), host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        print(f"{'search page':<40} {'p50 ms':>8} {'p95 ms':>8}")
        worst = 0.0
        for path in SEARCHES:
            urllib.request.urlopen(base + path).read()  # warm
            times = []
            for _ in range(args.requests):
                t = time.perf_counter()
                with urllib.request.urlopen(base + path) as resp:
                    resp.read()
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            p50, p95 = times[len(times) // 2], times[int(0.95 * (len(times) - 1))]
            worst = max(worst, p95)
            print(f"{path:<40} {p50:8.1f} {p95:8.1f}")
        print(f"worst p95: {worst:.1f} ms (target < 200 ms)")
        server.should_exit = True
    return 0


if __name__ == "__main__":
    sys.exit(main())
