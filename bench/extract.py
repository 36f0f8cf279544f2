"""Throughput of the whole pipeline against trafilatura's extraction alone, measured in the same run.

    python bench/extract.py [--pages 300] [--source corpus|generated]

Pages: real German news texts from ../shared/corpora/german-news-quotes (wrapped in a news-site
HTML template with navigation, teasers, scripts and a footer), or, where ../shared is absent,
generated articles. One process, one core: figures are articles per second per core.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "german-news-quotes"

NAV = "".join(f'<li><a href="/rubrik/{i}">Rubrik {i}</a></li>' for i in range(30))
TEASERS = "".join(
    f'<div class="teaser"><a href="/artikel/{i}"><h3>Weitere Meldung Nummer {i}</h3>'
    f"<p>Kurztext zur Meldung {i} mit einigen Worten.</p></a></div>"
    for i in range(12)
)


def wrap(title: str, paragraphs: list[str], day: int) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="de"><head><meta charset="utf-8"><title>{html.escape(title)} | Nachrichten</title>'
        f'<meta property="article:published_time" content="2025-03-{day:02d}T10:30:00+01:00">'
        f"<script>window.dataLayer=[];function track(){{return 1}}</script>"
        f'<link rel="stylesheet" href="/s.css"></head><body><header><nav><ul>{NAV}</ul></nav></header>'
        f'<main><article><h1>{html.escape(title)}</h1><p class="meta">Von unserer Redaktion</p>{body}</article>'
        f"<aside><h2>Das könnte Sie auch interessieren</h2>{TEASERS}</aside></main>"
        f'<footer><a href="/impressum">Impressum</a> <a href="/datenschutz">Datenschutz</a> © 2025</footer>'
        f"<script>track('page')</script></body></html>"
    )


def corpus_pages(n: int) -> list[str]:
    files = sorted((CORPUS / "train").glob("*.json"))[:n]
    pages = []
    for i, f in enumerate(files):
        data = json.loads(f.read_text(encoding="utf-8"))
        paras = [p.strip() for p in data["originalText"].split("\n") if p.strip()]
        title = f.stem.split(" - ", 1)[-1].rsplit(" (", 1)[0]
        pages.append(wrap(title, paras, 1 + i % 28))
    return pages


PEOPLE = ["Anna Keller", "Jonas Brandt", "Miriam Sauer", "Olaf Petersen", "Sevim Aydin", "Tobias Wendt"]
ROLES = ["die Ministerin", "der Sprecher", "die Bürgermeisterin", "der Vorsitzende", "die Expertin"]
TOPICS = ["die Energiepreise", "den Nahverkehr", "die Schulen", "den Haushalt", "die Grenzkontrollen", "das Klima"]


def generated_pages(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    pages = []
    for i in range(n):
        who, role, topic = rnd.choice(PEOPLE), rnd.choice(ROLES), rnd.choice(TOPICS)
        paras = [
            f"BERLIN (dpa) - {role.capitalize()} {who} hat am Montag über {topic} gesprochen. "
            f"„Wir müssen jetzt handeln, sonst wird es teurer“, sagte {who.split()[1]}.",
            f"{who.split()[1]} fügte hinzu, dass die Regierung bis zum Sommer einen Plan vorlegen werde. "
            f"Die Opposition kritisierte, der Plan komme zu spät. Er sei außerdem zu teuer.",
            f"Nach Angaben des Statistischen Bundesamtes stiegen die Kosten im Jahr {2000 + i % 25} "
            f"um {rnd.randint(2, 19)} Prozent. Laut einer Umfrage halten viele Bürger das Thema für wichtig.",
            "„Das ist ein erster Schritt. ‚Mehr davon‘, sagen uns die Menschen jeden Tag“, erklärte "
            f"{role}. Eine Entscheidung soll im Herbst fallen.",
        ]
        rnd.shuffle(paras[1:])
        pages.append(wrap(f"{who} über {topic}", paras, 1 + i % 28))
    return pages


def timed(fn, pages: list[str], repeat: int) -> float:
    """Best wall time over `repeat` runs of fn over all pages (seconds)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for page in pages:
            fn(page)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--source", choices=("corpus", "generated"), default=None)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    import trafilatura

    import quotewatch

    source = args.source or ("corpus" if (CORPUS / "train").is_dir() else "generated")
    if source == "corpus" and not (CORPUS / "train").is_dir():
        print(f"{CORPUS} is absent: use --source generated", file=sys.stderr)
        return 2
    pages = corpus_pages(args.pages) if source == "corpus" else generated_pages(args.pages)

    # warm-up: model loading is paid once per process, not per article
    quotewatch.extract(pages[0])
    baseline = timed(lambda p: trafilatura.bare_extraction(p, with_metadata=True), pages, args.repeat)
    # the pipeline's first pass over real text fills per-word caches: measure a cold pass too
    cold = timed(quotewatch.extract, pages, 1)
    pipeline = timed(quotewatch.extract, pages, args.repeat)
    quotes = [len(quotewatch.extract(p).quotes) for p in pages[:50]]

    figures = {
        "pages": len(pages),
        "source": source,
        "trafilatura_articles_per_s": len(pages) / baseline,
        "pipeline_articles_per_s": len(pages) / pipeline,
        "pipeline_cold_articles_per_s": len(pages) / cold,
        "ratio_pipeline_to_trafilatura": baseline / pipeline,
        "ratio_cold": baseline / cold,
        "mean_quotes_per_article": statistics.mean(quotes),
    }
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"{len(pages)} {source} pages, one core, best of {args.repeat}")
    print(f"  trafilatura alone      {figures['trafilatura_articles_per_s']:8.1f} articles/s")
    print(
        f"  quotewatch pipeline    {figures['pipeline_articles_per_s']:8.1f} articles/s  "
        f"(ratio {figures['ratio_pipeline_to_trafilatura']:.2f}; target >= 0.33)"
    )
    print(
        f"  pipeline, cold caches  {figures['pipeline_cold_articles_per_s']:8.1f} articles/s  "
        f"(ratio {figures['ratio_cold']:.2f})"
    )
    print(f"  quotations per article {figures['mean_quotes_per_article']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
