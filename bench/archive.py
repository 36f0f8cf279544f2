"""Archive benchmark: ingest throughput into SQLite and PostgreSQL, and query latency (p50/p95).

    python bench/archive.py [--articles 10000] [--backends sqlite,postgresql] [--repeat 30]

Articles are generated (German wire stories with datelines, direct, indirect and according-to
quotations from a pool of speakers over two years) and go through the whole pipeline, as `add`
does. PostgreSQL is a throwaway server started for the run (initdb + pg_ctl), like the tests'.
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

SPEAKERS = [
    ("Alexander Lukaschenko", "Der belarussische Präsident", "das Staatsoberhaupt"),
    ("Wladimir Putin", "Der russische Präsident", "der Kremlchef"),
    ("Friedrich Merz", "Bundeskanzler", "der Kanzler"),
    ("Annalena Baerbock", "Die Politikerin", "die Grünen-Politikerin"),
    ("Sergej Lawrow", "Der russische Außenminister", "der Minister"),
    ("Maria Sacharowa", "Die Sprecherin des Außenministeriums", "die Sprecherin"),
    ("Jens Albrecht", "Hafenchef", "der Manager"),
    ("Eva Kühn", "Bahnchefin", "die Managerin"),
]
TOPICS = [
    "die USA",
    "Russland",
    "die Ukraine",
    "die Energiepreise",
    "den Handel",
    "die Sanktionen",
    "Butscha",
    "die Grenze",
    "die Wahlen",
    "den Haushalt",
]
MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
PLACES = [("MINSK", "BelTA"), ("MOSKAU", "TASS"), ("BERLIN", "dpa"), ("KIEW", "Ukrinform"), ("BRÜSSEL", "AFP")]


def article(i: int, rnd: random.Random) -> tuple[str, bytes]:
    name, intro, role = rnd.choice(SPEAKERS)
    topic, other = rnd.sample(TOPICS, 2)
    place, agency = rnd.choice(PLACES)
    day = 1 + i % 28
    month = 1 + (i // 28) % 12
    year = 2024 + (i // 336) % 2
    surname = name.split()[-1]
    paras = [
        f"{place}, {day}. {MONTHS[month - 1]} ({agency}) - {intro} {name} hat sich am Montag zu {topic} geäußert. "
        f"„Wir werden unsere Position zu {topic} nicht ändern, auch wenn der Druck wächst“, sagte {role}.",
        f"{surname} fügte hinzu, dass die Gespräche über {other} im Herbst fortgesetzt würden. "
        f"Die Lage sei ernst, aber nicht hoffnungslos. Nr. {i} der Serie.",
        f"Nach Angaben der Regierung stieg die Zahl der Anfragen um {rnd.randint(2, 40)} Prozent. "
        f"„Das ist ein klares Signal“, erklärte {role} weiter.",
    ]
    html = (
        f'<html lang="de"><head><title>{surname} zu {topic}</title>'
        f'<meta property="article:published_time" content="{year}-{month:02d}-{day:02d}T09:00:00"></head><body>'
        f"<nav>Start Politik Wirtschaft</nav><article><h1>{surname} zu {topic}</h1>"
        + "".join(f"<p>{p}</p>" for p in paras)
        + "</article><footer>Impressum</footer></body></html>"
    )
    return f"https://{agency.lower()}.example/{year}/{i}.html", html.encode("utf-8")


QUERIES = {
    "quotes --speaker Lukaschenko --about USA --since 2025-01-01 --lang de --kind direct": dict(
        speaker="Lukaschenko", about="USA", since="2025-01-01", language="de", kind="direct"
    ),
    'quotes "Butscha"': dict(text="Butscha"),
    "quotes --speaker Putin (alias) --limit 50": dict(speaker="putin"),
    "speakers --top 20": None,
    "articles --agency BelTA --since 2025-08-01": "articles",
}


def run_backend(name: str, url: str, n: int, repeat: int) -> dict:
    from quotewatch.ingest import extract_raw
    from quotewatch.store import ArticleQuery, QuoteQuery, RawPage, Repository

    rnd = random.Random(42)
    pages = [article(i, rnd) for i in range(n)]
    repo = Repository.open(url)
    extract_raw(RawPage(pages[0][1], "warm-up"))  # models load once per process, not per article
    t0 = time.perf_counter()
    for done, (link, data) in enumerate(pages, 1):
        repo.add(RawPage(data, link, link), extract_raw)
        if done % 1000 == 0:
            print(f"  {name}: {done}/{n} articles, {done / (time.perf_counter() - t0):.0f}/s", file=sys.stderr)
    ingest = time.perf_counter() - t0
    latencies = {}
    for label, spec in QUERIES.items():
        times = []
        for _ in range(repeat):
            q0 = time.perf_counter()
            if spec is None:
                repo.speakers(top=20)
            elif spec == "articles":
                repo.articles(ArticleQuery(agency="BelTA", since="2025-08-01"))
            else:
                repo.quotes(QuoteQuery(**spec))
            times.append((time.perf_counter() - q0) * 1000)
        times.sort()
        latencies[label] = (statistics.median(times), times[int(0.95 * (len(times) - 1))])
    stats = repo.stats()
    repo.close()
    return {"articles_per_s": n / ingest, "latencies": latencies, "stats": stats}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    results = {}
    for backend in args.backends.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                results[backend] = run_backend(backend, str(Path(tmp) / "bench.db"), args.articles, args.repeat)
        else:
            from pg import PostgresServer

            server = PostgresServer()
            if server.available:
                print(f"skipping PostgreSQL: {server.available}", file=sys.stderr)
                continue
            with server:
                results[backend] = run_backend(backend, server.create_database("bench"), args.articles, args.repeat)
    for backend, r in results.items():
        s = r["stats"]
        print(
            f"\n{backend}: {args.articles} articles, {r['articles_per_s']:.1f} articles/s ingested "
            f"(whole pipeline, one core); {s['quotes']} quotations, {s['speakers']} speakers"
        )
        print(f"  {'query':<80} {'p50 ms':>8} {'p95 ms':>8}")
        for label, (p50, p95) in r["latencies"].items():
            print(f"  {label:<80} {p50:8.1f} {p95:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
