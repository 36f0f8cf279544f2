"""Wire-service datelines: "MINSK, 8. August (BelTA) -", "BERLIN (dpa) -", "MOSCOW, Aug 8 (Reuters) -".

The year is rarely in the dateline; it is taken from the page's own dates (a publication date, a
date banner), choosing the year that puts the dateline on or before that page date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

PLACE = r"(?P<place>[A-ZÄÖÜА-ЯЁ][A-ZÄÖÜА-ЯЁa-zäöüßа-яё.\-]*(?:[ /][A-ZÄÖÜА-ЯЁ][A-ZÄÖÜА-ЯЁa-zäöüßа-яё.\-]*){0,3})"
DAY_MONTH = r"(?P<day>\d{1,2})\.?\s+(?P<month>[A-Za-zÄÖÜäöüА-Яа-яё]{3,10})\.?(?:\s+(?P<year>\d{4}))?"
MONTH_DAY = r"(?P<month2>[A-Z][a-z]{2,8})\.?\s+(?P<day2>\d{1,2})(?:,?\s+(?P<year2>\d{4}))?"
AGENCY = r"\((?P<agency>[^()\n]{2,40})\)"
DASH = r"\s*[-–—]+\s*"
DATELINE_RE = re.compile(rf"^{PLACE}(?:,\s*(?:{DAY_MONTH}|{MONTH_DAY}))?\s*{AGENCY}{DASH}")
PAGE_DATE_RE = re.compile(
    r"(?P<day>\d{1,2})\.?\s+(?P<month>[A-Za-zÄÖÜäöüА-Яа-яё]{3,10})\.?,?\s+(?P<year>\d{4})"
    r"(?:,?\s+(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})(?:[T ](?P<ihour>\d{2}):(?P<iminute>\d{2}))?"
    r"|(?P<dd>\d{1,2})\.(?P<mm>\d{1,2})\.(?P<yyyy>\d{4})(?:,?\s+(?P<dhour>\d{1,2}):(?P<dminute>\d{2}))?"
)


@dataclass
class Dateline:
    place: str
    agency: str
    month: int | None
    day: int | None
    year: int | None
    length: int  # characters the dateline takes at the start of the text


@dataclass
class PageDate:
    value: date
    time: str | None  # "14:20"
    start: int
    end: int

    def iso(self) -> str:
        return f"{self.value.isoformat()}T{self.time}" if self.time else self.value.isoformat()


@cache
def month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for code in ("de", "en", "ru"):
        path = resources.files("quotewatch") / "lang" / code / "months.tsv"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                word, number = line.split("\t")
                names.setdefault(word.strip().lower(), int(number))
    return names


def parse_dateline(text: str) -> Dateline | None:
    m = DATELINE_RE.match(text)
    if not m:
        return None
    place = m.group("place").strip()
    if not (place.isupper() or len(place.split()) <= 3):
        return None
    month_word = m.group("month") or m.group("month2")
    month = month_names().get(month_word.lower().rstrip(".")) if month_word else None
    if month_word and month is None:
        return None
    day = m.group("day") or m.group("day2")
    year = m.group("year") or m.group("year2")
    return Dateline(
        place, m.group("agency").strip(), month, int(day) if day else None, int(year) if year else None, m.end()
    )


def find_page_dates(text: str) -> list[PageDate]:
    out = []
    for m in PAGE_DATE_RE.finditer(text):
        try:
            if m.group("iso"):
                d = date.fromisoformat(m.group("iso"))
                t = f"{m.group('ihour')}:{m.group('iminute')}" if m.group("ihour") else None
            elif m.group("dd"):
                d = date(int(m.group("yyyy")), int(m.group("mm")), int(m.group("dd")))
                t = f"{int(m.group('dhour')):02d}:{m.group('dminute')}" if m.group("dhour") else None
            else:
                month = month_names().get(m.group("month").lower())
                if month is None:
                    continue
                d = date(int(m.group("year")), month, int(m.group("day")))
                t = f"{int(m.group('hour')):02d}:{m.group('minute')}" if m.group("hour") else None
        except ValueError:
            continue
        out.append(PageDate(d, t, m.start(), m.end()))
    return out


def resolve_year(dl: Dateline, reference: date | None) -> date | None:
    """The dateline's date, with its year taken from a page date that follows it."""
    if dl.month is None or dl.day is None:
        return None
    year = dl.year or (reference.year if reference else None)
    if year is None:
        return None
    try:
        d = date(year, dl.month, dl.day)
    except ValueError:
        return None
    if dl.year is None and reference is not None and d > reference:
        d = d.replace(year=year - 1)
    return d
