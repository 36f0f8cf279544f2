"""The whole pipeline for one page: article extraction, quotation detection, speaker summary."""

from __future__ import annotations

from collections import Counter

from quotewatch.article import extract_article
from quotewatch.article.loader import Page, page_from_bytes
from quotewatch.lang import SUPPORTED, LanguagePack, load
from quotewatch.model import Article, Extraction, Quote, Speaker
from quotewatch.quotes.detect import find_quotes


def summarise_speakers(quotes: list[Quote], pack: LanguagePack) -> list[Speaker]:
    """Speakers by number of quotations, with the ways the article names them (not pronouns)."""
    counts: Counter[str] = Counter()
    aliases: dict[str, list[str]] = {}
    for q in quotes:
        if q.speaker is None:
            continue
        counts[q.speaker.name] += 1
        seen = aliases.setdefault(q.speaker.name, [])
        mention = q.speaker.mention
        if mention.lower() in pack.pronouns or mention.lower() == q.speaker.name.lower():
            continue
        if mention.lower() not in {a.lower() for a in seen}:
            seen.append(mention)
    return [Speaker(name, aliases[name], n) for name, n in counts.most_common()]


def pack_of(article: Article) -> LanguagePack:
    return load(article.language if article.language in SUPPORTED else "de")


def quotes_of(article: Article) -> list[Quote]:
    """Quotations in an article's body, using the language pack of its language."""
    return find_quotes(article.body, pack_of(article)) if article.body else []


def extract(page: Page | str | bytes, url: str | None = None, language: str | None = None) -> Extraction:
    """Everything quotewatch finds in one page (HTML or text, as str, bytes or a loaded Page)."""
    if isinstance(page, bytes):
        page = page_from_bytes(page, url or "<bytes>")
    article = extract_article(page, url=url, language=language)
    warnings = []
    if not article.body:
        warnings.append("no article text found")
    quotes = quotes_of(article)
    return Extraction(article, quotes, summarise_speakers(quotes, pack_of(article)), warnings)
