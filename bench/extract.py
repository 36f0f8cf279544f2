"""Throughput of the whole pipeline against trafilatura's extraction alone, measured in the same run, one
row per language.

    python bench/extract.py [--pages 300] [--source corpus|generated] [--language de en ru]

Pages, each wrapped in a news-site HTML template with navigation, teasers, scripts and a footer:
German news texts from ../shared/corpora/german-news-quotes, English ones from
../shared/corpora/polnear-en, Russian ones from the project's own gold (tests/gold/ru); where ../shared
is absent, generated German and English articles. One process, one core: figures are articles per
second per core; the analyzers (HanTa, spaCy, natasha) are loaded once before timing.

Three figures for the pipeline: *warm* (best of --repeat passes over the same pages, every word known),
*cold* (the first pass of a process with no word-analysis cache), and *unseen* (the first pass over the
pages in a fresh process whose on-disk word-analysis cache holds what an earlier run over *other*
pages of the same source analysed: a long-running service's situation; quotewatch.analysis_cache).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "german-news-quotes"
POLNEAR = REPO.parent / "shared" / "corpora" / "polnear-en"
RUSSIAN = REPO / "tests" / "gold" / "ru"

NAV = "".join(f'<li><a href="/rubrik/{i}">Rubrik {i}</a></li>' for i in range(30))
TEASERS = "".join(
    f'<div class="teaser"><a href="/artikel/{i}"><h3>Weitere Meldung Nummer {i}</h3>'
    f"<p>Kurztext zur Meldung {i} mit einigen Worten.</p></a></div>"
    for i in range(12)
)


def wrap(title: str, paragraphs: list[str], day: int, lang: str = "de") -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)} | News</title>'
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


def english_pages(n: int) -> list[str]:
    files = sorted((POLNEAR / "train" / "text").glob("*.txt"))[:n]
    pages = []
    for i, f in enumerate(files):
        paras = [p.strip() for p in f.read_text(encoding="utf-8").split("\n") if p.strip()]
        pages.append(wrap(paras[0], paras[1:], 1 + i % 28, "en"))
    return pages


def russian_pages(n: int) -> list[str]:
    texts = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(RUSSIAN.rglob("*.json"))]
    pages = []
    for i in range(n):
        data = texts[i % len(texts)]
        paras = [p.strip() for p in data["text"].split("\n") if p.strip()]
        pages.append(wrap(data["name"], paras, 1 + i % 28, "ru"))
    return pages


def generated_english(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    pages = []
    for i in range(n):
        who = rnd.choice(["Laura Hill", "Tom Ashby", "Dana Whitfield", "Paul Brenner"])
        paras = [
            f"WASHINGTON (Demo Wire) - Senator {who} said on Monday that the budget deal would pass this week. "
            f'"We have the votes, and we will use them," {who.split()[1]} told reporters.',
            f"According to the Congressional Budget Office, spending rose {rnd.randint(2, 19)} percent in {2000 + i}. "
            'Critics called the plan "a gift to lobbyists" and urged voters to call their representatives.',
        ]
        pages.append(wrap(f"{who} on the budget", paras, 1 + i % 28, "en"))
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


def pages_for(language: str, source: str, n: int) -> list[str] | None:
    if language == "de":
        return corpus_pages(n) if source == "corpus" else generated_pages(n)
    if language == "en":
        return english_pages(n) if source == "corpus" and (POLNEAR / "train").is_dir() else generated_english(n)
    if language == "ru":
        return russian_pages(n)
    return None


# loads a language's analyzers and name lists before timing, without the measured pages' words
WARM_UP = {
    "de": "Die Ministerin Anna Schmidt sagte am Montag in Berlin: „Das ist gut.“ Sie betonte, dies sei richtig.",
    "en": 'Senator John Miller said on Monday in Boston: "That is good." He added that it was right.',
    "ru": "Министр Анна Смирнова заявила в понедельник в Москве: «Это хорошо». Она подчеркнула, что это верно.",
}


def load_analyzers(language: str) -> None:
    """What a process loads once before its first page: the language's analyzers (by a short text, as
    text and as a page), trafilatura, and the given-name table that pronoun resolution opens at the
    first unknown first name."""
    import quotewatch
    from quotewatch.speakers.given_names import gender_of

    quotewatch.extract(WARM_UP[language], language=language)
    # and the HTML path (trafilatura's import takes 0.27 s, once per process)
    quotewatch.extract(wrap("Warm-up", [WARM_UP[language]], 1, language), language=language)
    gender_of("Quentin")


def one_pass(language: str, source: str, start: int, n: int) -> float:
    """Seconds for one pass of the pipeline over pages start..start+n, analyzers loaded first (run in a
    fresh process: its word caches hold only what the on-disk cache gives it)."""
    import quotewatch

    pages = pages_for(language, source, start + n)[start:]
    load_analyzers(language)
    t0 = time.perf_counter()
    for page in pages:
        quotewatch.extract(page, language=language)
    return time.perf_counter() - t0


def unseen_pass(language: str, source: str, n: int, earlier: int) -> tuple[float, int]:
    """(seconds for a first pass over the first n pages, pages in the earlier run): a fresh process with
    an on-disk word cache that an earlier process filled from up to `earlier` other pages of the same
    source."""

    def run(start: int, count: int, cache: str) -> float:
        code = f"import sys; sys.path.insert(0, {str(REPO / 'bench')!r}); import extract; "
        code += f"print(extract.one_pass({language!r}, {source!r}, {start}, {count}))"
        env = {**os.environ, "QUOTEWATCH_CACHE_DIR": cache}
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        return float(done.stdout.split()[-1])

    earlier = len(pages_for(language, source, n + earlier)) - n
    with tempfile.TemporaryDirectory() as cache:
        if earlier > 0:
            run(n, earlier, cache)
        return run(0, n, cache), max(earlier, 0)


def measure(pages: list[str], language: str, repeat: int, source: str, earlier: int) -> dict:
    import trafilatura

    import quotewatch

    # warm-up: the analyzer's models are loaded once per process, not per article
    load_analyzers(language)
    baseline = timed(lambda p: trafilatura.bare_extraction(p, with_metadata=True), pages, repeat)
    # the pipeline's first pass over real text fills per-word caches: measure a cold pass too
    cold = timed(lambda p: quotewatch.extract(p, language=language), pages, 1)
    pipeline = timed(lambda p: quotewatch.extract(p, language=language), pages, repeat)
    quotes = [len(quotewatch.extract(p, language=language).quotes) for p in pages[:50]]
    unseen, earlier = unseen_pass(language, source, len(pages), earlier)
    return {
        "pipeline_unseen_articles_per_s": len(pages) / unseen,
        "ratio_unseen": baseline / unseen,
        "earlier_pages": earlier,
        "language": language,
        "pages": len(pages),
        "trafilatura_articles_per_s": len(pages) / baseline,
        "pipeline_articles_per_s": len(pages) / pipeline,
        "pipeline_cold_articles_per_s": len(pages) / cold,
        "ratio_pipeline_to_trafilatura": baseline / pipeline,
        "ratio_cold": baseline / cold,
        "mean_quotes_per_article": statistics.mean(quotes),
    }


# the pipeline's speed against trafilatura alone that each language must reach (German has no parser to run)
TARGETS = {"de": 0.33, "en": 0.2, "ru": 0.2}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--source", choices=("corpus", "generated"), default=None)
    ap.add_argument("--language", nargs="+", default=["de", "en", "ru"], choices=sorted(TARGETS))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--earlier", type=int, default=600, help="pages of the earlier run that fills the word cache")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    # this process's cold pass starts without the on-disk word cache (the unseen pass has its own)
    os.environ["QUOTEWATCH_CACHE_DIR"] = "off"
    source = args.source or ("corpus" if (CORPUS / "train").is_dir() else "generated")
    if source == "corpus" and not (CORPUS / "train").is_dir():
        print(f"{CORPUS} is absent: use --source generated", file=sys.stderr)
        return 2
    rows = []
    for language in args.language:
        pages = pages_for(language, source, args.pages)
        rows.append(measure(pages, language, args.repeat, source, args.earlier))
    if args.json:
        print(json.dumps(rows))
        return 0
    print(f"{source} pages, one core, best of {args.repeat}; articles per second")
    heads = ("pages", "trafilatura", "quotewatch", "ratio", "target", "cold", "unseen", "earlier", "quotes/art")
    print("  lang " + " ".join(f"{h:>11}" for h in heads))
    for r in rows:
        print(
            f"  {r['language']:4} {r['pages']:11d} {r['trafilatura_articles_per_s']:11.1f} "
            f"{r['pipeline_articles_per_s']:11.1f} {r['ratio_pipeline_to_trafilatura']:11.2f} "
            f"{TARGETS[r['language']]:11.2f} {r['ratio_cold']:11.2f} {r['ratio_unseen']:11.2f} "
            f"{r['earlier_pages']:11d} {r['mean_quotes_per_article']:11.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
