"""The whole pipeline for one page: article extraction, quotation detection, speaker summary."""

from __future__ import annotations

from collections import Counter

from quotewatch.article import extract_article
from quotewatch.article.loader import Page, page_from_bytes
from quotewatch.lang import SUPPORTED, load
from quotewatch.model import Article, Extraction, Quote, Speaker
from quotewatch.quotes.detect import find_quotes


def summarise_speakers(quotes: list[Quote]) -> list[Speaker]:
    counts: Counter[str] = Counter()
    aliases: dict[str, list[str]] = {}
    for q in quotes:
        if q.speaker is None:
            continue
        counts[q.speaker.name] += 1
        seen = aliases.setdefault(q.speaker.name, [])
        mention = q.speaker.mention
        if mention != q.speaker.name and mention not in seen:
            seen.append(mention)
    return [Speaker(name, aliases[name], n) for name, n in counts.most_common()]


def quotes_of(article: Article) -> list[Quote]:
    """Quotations in an article's body, using the language pack of its language."""
    lang = article.language if article.language in SUPPORTED else "de"
    return find_quotes(article.body, load(lang)) if article.body else []


def extract(page: Page | str | bytes, url: str | None = None, language: str | None = None) -> Extraction:
    """Everything quotewatch finds in one page (HTML or text, as str, bytes or a loaded Page)."""
    if isinstance(page, bytes):
        page = page_from_bytes(page, url or "<bytes>")
    article = extract_article(page, url=url, language=language)
    warnings = []
    if not article.body:
        warnings.append("no article text found")
    quotes = quotes_of(article)
    return Extraction(article, quotes, summarise_speakers(quotes), warnings)
