"""The whole pipeline for one page: article extraction, quotation detection, speaker summary."""

from __future__ import annotations

from collections import Counter

from quotewatch.article import extract_article
from quotewatch.article.loader import Page, page_from_bytes
from quotewatch.budget import Budget, page_budget
from quotewatch.lang import LanguagePack, load
from quotewatch.model import Article, Extraction, Quote, Speaker
from quotewatch.quotes.detect import find_quotes
from quotewatch.settings import MAX_ANALYSED_CHARS, MAX_EXTRACTION_CHARS, PAGE_TIME_BUDGET
from quotewatch.speakers.entities import gazetteer, is_name_mention
from quotewatch.text.segment import analysed_part

# elements whose content is never article text: dropped before a large page is cut to size
_NOT_TEXT = ("script", "style", "noscript", "svg", "template")


def summarise_speakers(quotes: list[Quote], pack: LanguagePack) -> list[Speaker]:
    """Speakers by number of quotations, with the names the article gives them ("Lukaschenko", not "er"
    or "der Präsident"): the aliases worth keeping in the archive."""
    counts: Counter[str] = Counter()
    aliases: dict[str, list[str]] = {}
    for q in quotes:
        if q.speaker is None:
            continue
        counts[q.speaker.name] += 1
        seen = aliases.setdefault(q.speaker.name, [])
        mention = q.speaker.mention
        if mention.lower() == q.speaker.name.lower() or not is_name_mention(mention, pack):
            continue
        if mention.lower() not in {a.lower() for a in seen}:
            seen.append(mention)
    for name, seen in aliases.items():
        known = gazetteer().get(name.lower())
        if known is not None:
            # the person's spellings in other languages and scripts (Лукашенко = Lukashenko = Lukaschenko):
            # the archive joins the articles of every language under one speaker by them
            lowered = {name.lower(), *(a.lower() for a in seen)}
            seen += [n for n in dict.fromkeys(known.all_names) if n.lower() not in lowered]
    return [Speaker(name, aliases[name], n) for name, n in counts.most_common()]


def pack_of(article: Article) -> LanguagePack:
    return load(article.language)  # the fallback pack for a language without one


def quotes_of(article: Article, budget: Budget | None = None) -> list[Quote]:
    """Quotations in an article's body, using the language pack of its language."""
    if not article.body:
        return []
    return find_quotes(analysed_part(article.body), pack_of(article), budget)


def _without_elements(html: str, names: tuple[str, ...]) -> str:
    """HTML without the content of some elements, in one pass (str.find from where the last search
    stopped, no backtracking): a page of 20 MB with an unclosed <script> costs the same as any other."""
    low = html.lower()
    out, pos = [], 0
    nxt = {name: low.find(f"<{name}") for name in names}  # next opening tag of each element, or -1
    while True:
        for name, k in nxt.items():
            if 0 <= k < pos:
                nxt[name] = low.find(f"<{name}", pos)
        found = [(k, name) for name, k in nxt.items() if k >= 0]
        if not found:
            out.append(html[pos:])
            return "".join(out)
        k, name = min(found)
        out.append(html[pos:k])
        close = low.find(f"</{name}", k)
        if close < 0:
            return "".join(out)
        end = low.find(">", close)
        pos = len(html) if end < 0 else end + 1


def cut_to_size(page: Page, limit: int = MAX_EXTRACTION_CHARS) -> tuple[Page, bool]:
    """A page no longer than `limit` characters for article extraction, and whether it was cut."""
    if len(page.text) <= limit:
        return page, False
    text = _without_elements(page.text, _NOT_TEXT) if page.is_html else page.text
    if len(text) <= limit:
        return Page(text, page.name, page.is_html, page.encoding), False
    cut = text.rfind("<" if page.is_html else "\n", 0, limit)
    return Page(text[: cut if cut > 0 else limit], page.name, page.is_html, page.encoding), True


def extract(
    page: Page | str | bytes,
    url: str | None = None,
    language: str | None = None,
    time_budget: float | None = PAGE_TIME_BUDGET,
) -> Extraction:
    """Everything quotewatch finds in one page (HTML or text, as str, bytes or a loaded Page). Work on
    the page stops after `time_budget` seconds (None: no limit); what was found by then is returned,
    with a warning."""
    if isinstance(page, bytes):
        page = page_from_bytes(page, url or "<bytes>")
    if isinstance(page, str):
        from quotewatch.article.loader import looks_html

        page = Page(page, "<text>", looks_html(page), "utf-8")
    warnings = []
    page, was_cut = cut_to_size(page)
    if was_cut:
        warnings.append(f"page longer than {MAX_EXTRACTION_CHARS:,} characters: only its beginning was read")
    with page_budget(time_budget) as budget:
        article = extract_article(page, url=url, language=language)
        if not article.body:
            warnings.append("no article text found")
        elif len(article.body) > MAX_ANALYSED_CHARS:
            warnings.append(
                f"article longer than {MAX_ANALYSED_CHARS:,} characters: quotations were searched in its beginning"
            )
        quotes = quotes_of(article, budget)
    if budget.stopped_at is not None:
        warnings.append(
            f"time budget of {time_budget:g} s spent ({budget.stage}, at character {budget.stopped_at:,} of "
            f"{len(article.body):,}): quotations after it are missing"
        )
    return Extraction(article, quotes, summarise_speakers(quotes, pack_of(article)), warnings)
