"""Article bodies: quotewatch's article stage against trafilatura alone, on pages written for the cases
where an article stage loses text (short leading paragraphs, tables, text without spaces between words, a
declared charset with a stray byte, server warnings before the document, decomposed umlauts) and where it
should drop text that trafilatura keeps (the headline and date lines above the first paragraph).

    python bench/article.py [--pages-per-case 8]

Each page carries its gold body; scores are bag-of-words recall and precision of the body against it
(characters for Chinese), and the share of required snippets kept, for both extractors in one run.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import statistics
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

NAV = "".join(f'<li><a href="/s/{i}">Section {i}</a></li>' for i in range(25))
FOOT = '<footer><a href="/imprint">Imprint</a> <a href="/privacy">Privacy</a> © 2026</footer>'

GERMAN = [
    "Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr mit knapper Mehrheit beschlossen.",
    "Die Opposition kritisierte vor allem die geplanten Kürzungen bei den Schulen und Kindergärten.",
    "Der Kämmerer sagte, ohne neue Schulden seien die Investitionen in die Brücken nicht zu bezahlen.",
    "Nach Angaben der Verwaltung sollen die Bauarbeiten an der Hafenbrücke im Frühjahr beginnen.",
    "Mehrere Bürgerinitiativen hatten vor dem Rathaus gegen die Erhöhung der Grundsteuer protestiert.",
    "„Wir müssen jetzt handeln, sonst wird es später teurer“, sagte die Bürgermeisterin nach der Sitzung.",
]
ENGLISH = [
    "The city council approved next year's budget on Tuesday by a narrow margin after a long debate.",
    "Opposition members criticised the planned cuts to schools and libraries in several speeches.",
    '"We have to act now or it will cost more later," the mayor told reporters after the vote.',
    "According to the city's figures, work on the harbour bridge is due to start in the spring.",
    "Residents had protested outside the town hall against the higher property tax on Monday.",
]
RUSSIAN = [
    "Городской совет во вторник утвердил бюджет на следующий год незначительным большинством голосов.",
    "Оппозиция раскритиковала запланированное сокращение расходов на школы и детские сады.",
    "«Мы должны действовать сейчас, иначе потом будет дороже», — заявила мэр после заседания.",
    "По данным администрации, ремонт моста через реку начнется весной следующего года.",
]
CHINESE = [
    "市议会星期二以微弱多数通过了明年的预算。",
    "反对派批评了削减学校和图书馆经费的计划。",
    "市长在投票后对记者说，我们现在必须行动，否则以后代价更高。",
    "根据市政府的数据，港口大桥的维修工程将于明年春天开始。",
]


@dataclass
class Page:
    case: str
    data: bytes
    body: list[str]  # the gold paragraphs
    required: list[str]  # snippets a good extraction keeps


def _page(
    title: str,
    paras: list[str],
    lang: str,
    *,
    before: str = "",
    extra_head: str = "",
    charset: str = "utf-8",
    date_line: str | None = "12.03.2026, 10:40",
    table: str = "",
) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    dated = f'<p class="date">{date_line}</p>' if date_line else ""
    return (
        f'{before}<!doctype html><html lang="{lang}"><head><meta charset="{charset}">'
        f"<title>{html.escape(title)} | Example News</title>{extra_head}</head>"
        f"<body><header><nav><ul>{NAV}</ul></nav></header><main><article><h1>{html.escape(title)}</h1>"
        f"{dated}{body}{table}</article><aside><h2>More news</h2><p><a href='/x'>Another story</a></p></aside>"
        f"</main>{FOOT}</body></html>"
    )


def _sample(rng: random.Random, pool: list[str], k: int) -> list[str]:
    return rng.sample(pool, min(k, len(pool)))


def short_lead(rng: random.Random) -> Page:
    lead = rng.choice(["Leitsätze", "Endstand: 3:1", "Moderation: Anna Berg", "Kurz gesagt"])
    paras = [lead] + _sample(rng, GERMAN, 4)
    return Page("short leading paragraph", _page("Haushalt beschlossen", paras, "de").encode(), paras, [lead])


def table(rng: random.Random) -> Page:
    rows = [("Mehl", "500 g"), ("Zucker", "200 g"), ("Butter", "250 g"), ("Eier", "3 Stück")]
    cells = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows)
    paras = _sample(rng, GERMAN, 3)
    page = _page("Rezept der Woche", paras, "de", table=f"<table>{cells}</table>")
    return Page("table", page.encode(), paras + [f"{a} {b}" for a, b in rows], ["Zucker", "250 g"])


def chinese(rng: random.Random) -> Page:
    paras = _sample(rng, CHINESE, 4)
    return Page("no spaces between words", _page("市议会通过预算", paras, "zh").encode(), paras, [paras[0][:8]])


def declared_charset(rng: random.Random) -> Page:
    if rng.random() < 0.5:
        paras = _sample(rng, RUSSIAN, 4)
        data = _page("Бюджет утвержден", paras, "ru", charset="windows-1251").encode("cp1251")
    else:
        paras = _sample(rng, GERMAN, 4)
        data = _page("Haushalt beschlossen", paras, "de", charset="windows-1252").encode("cp1252")
    cut = data.index(b"</article>")
    data = data[:cut] + b"\x81" + data[cut:]  # one byte the declared charset does not define
    return Page("declared charset, stray byte", data, paras, [paras[0][:30]])


def php_warnings(rng: random.Random) -> Page:
    warnings = "".join(
        f"<b>Warning</b>: Undefined index: item{i} in /var/www/news/index.php on line {40 + i}<br />\n"
        for i in range(rng.randint(40, 120))
    )
    paras = _sample(rng, ENGLISH, 4)
    return Page(
        "warnings before the document",
        _page("Budget approved", paras, "en", before=warnings).encode(),
        paras,
        [paras[-1][:30]],
    )


def long_style(rng: random.Random) -> Page:
    css = "".join(f".c{i}{{margin:{i}px;padding:{i % 7}px}}" for i in range(rng.randint(300, 600)))
    paras = _sample(rng, ENGLISH, 4)
    page = _page("Budget approved", paras, "en", extra_head=f"<style>{css}</style>")
    return Page("long style block", page.encode(), paras, [paras[0][:30]])


def decomposed(rng: random.Random) -> Page:
    paras = _sample(rng, GERMAN, 4)
    page = unicodedata.normalize("NFD", _page("Brücke geprüft", paras, "de"))
    umlauts = [w for p in paras for w in p.split() if re.search("[äöüß]", w)]
    return Page("decomposed umlauts", page.encode(), paras, umlauts[:3])


def headline_and_date(rng: random.Random) -> Page:
    paras = _sample(rng, ENGLISH, 4)
    return Page(
        "headline and date above the body", _page("Council passes budget", paras, "en").encode(), paras, [paras[0][:30]]
    )


CASES: list[Callable[[random.Random], Page]] = [
    short_lead,
    table,
    chinese,
    declared_charset,
    php_warnings,
    long_style,
    decomposed,
    headline_and_date,
]


def units(text: str) -> Counter[str]:
    """Words, or characters for scripts written without spaces."""
    text = unicodedata.normalize("NFC", text).casefold()
    if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text):
        return Counter(c for c in text if c.isalnum())
    return Counter(re.findall(r"\w+", text))


def score(extracted: str, page: Page) -> tuple[float, float, float]:
    gold, got = units("\n".join(page.body)), units(extracted)
    common = sum((gold & got).values())
    recall = common / max(1, sum(gold.values()))
    precision = common / max(1, sum(got.values())) if got else 0.0
    text = unicodedata.normalize("NFC", extracted)
    kept = sum(s in text for s in page.required) / len(page.required)
    return recall, precision, kept


def ours(page: Page) -> str:
    from quotewatch.article import extract_article
    from quotewatch.article.loader import page_from_bytes

    return extract_article(page_from_bytes(page.data, "page.html")).body


def trafilatura_alone(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.data) or ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages-per-case", type=int, default=8)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pages = [case(rng) for case in CASES for _ in range(args.pages_per_case)]
    extractors = {"quotewatch": ours, "trafilatura": trafilatura_alone}
    rows: dict[str, dict[str, list[tuple[float, float, float]]]] = {}
    for page in pages:
        for name, fn in extractors.items():
            rows.setdefault(page.case, {}).setdefault(name, []).append(score(fn(page), page))
    print(f"{len(pages)} pages; body recall / precision (bag of words) and required snippets kept")
    print(f"  {'case':34} {'quotewatch':>22} {'trafilatura':>22}")
    totals: dict[str, list[tuple[float, float, float]]] = {name: [] for name in extractors}
    for case, by_name in rows.items():
        cells = []
        for name in extractors:
            scores = by_name[name]
            totals[name] += scores
            r, p, k = (statistics.mean(s[i] for s in scores) for i in range(3))
            cells.append(f"{r:6.3f} {p:6.3f} {k:6.2f}")
        print(f"  {case:34} {cells[0]:>22} {cells[1]:>22}")
    summary = []
    for name in extractors:
        r, p, k = (statistics.mean(s[i] for s in totals[name]) for i in range(3))
        f1 = 2 * r * p / (r + p) if r + p else 0.0
        summary.append(f"{r:6.3f} {p:6.3f} {k:6.2f}  F1 {f1:.3f}")
    print(f"  {'all':34} {summary[0]:>22} (quotewatch)\n  {'':34} {summary[1]:>22} (trafilatura)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
