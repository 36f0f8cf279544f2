"""Query latency at archive scale, without extracting a million pages first: an archive of generated
rows (articles with ten statements each, 200 speakers quoted with a Zipf law, two years of dates, a
vocabulary of lemmas), written straight into the tables, on SQLite and PostgreSQL.

    python bench/queries.py [--statements 100000] [--repeat 20] [--backends sqlite postgresql]

Prints p50/p95 in ms of the README's queries: `speakers --top 20`, a full-text search, a speaker's
statements, an `--about` entity search, the web search page's facets and count.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

WORDS = [f"wort{i}" for i in range(5000)] + ["butscha", "sanktion", "grenze", "wahl", "energie"]


def build(target: str, statements: int, seed: int = 3) -> float:
    from quotewatch.store import Repository

    rnd = random.Random(seed)
    repo = Repository.open(target)
    t0 = time.perf_counter()
    speakers = 200
    with repo.db.transaction():
        repo.db.executemany(
            "INSERT INTO speakers (id, name, created_at) VALUES (:i, :n, 'x')",
            [{"i": i + 1, "n": f"Sprecher {i:03d}"} for i in range(speakers)],
        )
        repo.db.executemany(
            "INSERT INTO speaker_aliases (alias, speaker_id) VALUES (:a, :i)",
            [{"a": f"sprecher {i:03d}", "i": i + 1} for i in range(speakers)],
        )
    weights = [1 / (k + 1) for k in range(speakers)]
    per_article, batch = 10, 1000
    articles = statements // per_article
    for start in range(0, articles, batch):
        rows = range(start, min(start + batch, articles))
        with repo.db.transaction():
            repo.db.executemany(
                """INSERT INTO pages (id, content_hash, url, source, fetched_at, raw)
                   VALUES (:i, :h, :u, :u, '2026-01-01', :raw)""",
                [{"i": i + 1, "h": f"h{i}", "u": f"https://x.example/{i}", "raw": b"-"} for i in rows],
            )
            repo.db.executemany(
                """INSERT INTO articles (id, page_id, version, is_latest, title, published, language, agency, body,
                       extracted_at, extractor_version)
                   VALUES (:i, :i, 1, 1, :t, :p, 'de', :ag, :b, 'x', 'x')""",
                [
                    {
                        "i": i + 1,
                        "t": f"Meldung {i}",
                        "p": f"{2024 + i * 2 // articles}-{1 + (i * 24 // articles) % 12:02d}-{1 + i % 28:02d}T10:00",
                        "ag": rnd.choice(["BelTA", "TASS", "dpa", "Reuters"]),
                        "b": "Text " * 40,
                    }
                    for i in rows
                ],
            )
            quotes = []
            for i in rows:
                for k in range(per_article):
                    lemmas = " ".join(rnd.choice(WORDS) for _ in range(12))
                    quotes.append(
                        {
                            "id": i * per_article + k + 1,
                            "a": i + 1,
                            "qid": f"q{k}",
                            "text": lemmas,
                            "s": k * 10,
                            "sid": rnd.choices(range(1, speakers + 1), weights)[0],
                            "l": lemmas,
                        }
                    )
            repo.db.executemany(
                """INSERT INTO quotes (id, article_id, qid, kind, text, start_offset, end_offset, speaker_id, lemmas,
                       confidence) VALUES (:id, :a, :qid, 'direct', :text, :s, :s + 5, :sid, :l, 1.0)""",
                quotes,
            )
            repo.db.executemany(
                "INSERT INTO statement_entities (quote_id, entity_id) VALUES (:q, :e)",
                [{"q": q["id"], "e": rnd.choice(["US", "RU", "BY", "UA", "DE"])} for q in quotes],
            )
    from quotewatch.entities import signature

    with repo.db.transaction():
        repo.db.execute(
            "INSERT INTO index_state (name, value) VALUES ('entities', :v)",
            {"v": f"{signature()}:{articles * per_article}"},
        )
    if repo.db.name == "postgresql":
        # statistics as autovacuum would gather them after a real ingest (a planner without any chose
        # nested loops that took 22 s for `speakers --top` here, 130 ms once analysed)
        repo.db.execute("ANALYZE")
    repo.close()
    return time.perf_counter() - t0


def measure(target: str, repeat: int) -> dict[str, tuple[float, float]]:
    from quotewatch.store import QuoteQuery, Repository

    repo = Repository.open(target)
    cases = {
        "speakers --top 20": lambda: repo.speakers(top=20),
        'quotes "butscha"': lambda: repo.quotes(QuoteQuery(text="butscha", limit=50)),
        "quotes --speaker": lambda: repo.quotes(QuoteQuery(speaker="Sprecher 007", limit=50)),
        "quotes --about USA": lambda: repo.quotes(QuoteQuery(about="USA", limit=50)),
        "search page (count + facets)": lambda: (
            repo.count_quotes(QuoteQuery(text="grenze")),
            repo.quote_facets(QuoteQuery(text="grenze")),
        ),
    }
    out = {}
    for name, fn in cases.items():
        fn()
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        out[name] = (statistics.median(times), sorted(times)[int(0.95 * (len(times) - 1))])
    repo.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--statements", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    args = ap.parse_args()
    from pg import PostgresServer

    with tempfile.TemporaryDirectory() as tmp, PostgresServer() as server:
        for backend in args.backends:
            target = f"{tmp}/q.db" if backend == "sqlite" else server.create_database("queries")
            built = build(target, args.statements)
            print(f"{backend}: {args.statements:,} statements generated in {built:.0f} s", flush=True)
            for name, (p50, p95) in measure(target, args.repeat).items():
                print(f"  {name:32} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
