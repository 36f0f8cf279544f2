"""Reading claim catalogs: CSV and JSON lines with a column mapping, and schema.org ClaimReview
JSON-LD as fact-checkers publish it (a JSON file, or HTML pages with ld+json scripts)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# the column names a catalog may use for each field, unless --map says otherwise
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "claim", "claim_text", "claimreviewed", "statement", "behauptung"),
    "verdict": ("verdict", "rating", "textualrating", "label", "bewertung"),
    "source": ("source", "author", "factchecker", "fact_checker", "publisher"),
    "url": ("url", "link", "review_url"),
    "published": ("published", "date", "datepublished", "review_date"),
    "language": ("language", "lang", "inlanguage"),
    "tags": ("tags", "keywords", "topics"),
    "key": ("id", "claim_id", "key"),
    "title": ("title", "headline"),
}


class CatalogError(Exception):
    """A catalog file that cannot be read; the message names the file and the line."""


@dataclass
class Claim:
    text: str
    language: str | None = None
    verdict: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    tags: list[str] = field(default_factory=list)
    key: str = ""
    title: str | None = None  # the fact-check's headline: indexed with the claim's words

    @property
    def indexed_text(self) -> str:
        """What the lexical index reads: the claim and the fact-check's headline."""
        return f"{self.text} {self.title}" if self.title else self.text

    def __post_init__(self) -> None:
        self.text = " ".join(self.text.split())
        if not self.key:
            # one claim per review URL; without one, per source and wording
            basis = self.url or f"{self.source or ''}|{self.text.lower()}"
            self.key = hashlib.sha1(basis.encode("utf-8")).hexdigest()


def _pick(record: dict, name: str, mapping: dict[str, str]) -> str | None:
    if name in mapping:
        value = record.get(mapping[name])
    else:
        # a row with more fields than the header files the rest under None: not a column name
        lowered = {k.lower().replace(" ", "_"): v for k, v in record.items() if isinstance(k, str)}
        value = next((lowered[c] for c in DEFAULT_COLUMNS[name] if lowered.get(c)), None)
    if value is None or value == "":
        return None
    return str(value).strip()


def _from_record(record: dict, mapping: dict[str, str], where: str) -> Claim:
    text = _pick(record, "text", mapping)
    if not text:
        raise CatalogError(f"{where}: no claim text (columns: {', '.join(record)})")
    tags = _pick(record, "tags", mapping)
    key = _pick(record, "key", mapping)
    return Claim(
        text,
        _pick(record, "language", mapping),
        _pick(record, "verdict", mapping),
        _pick(record, "source", mapping),
        _pick(record, "url", mapping),
        _pick(record, "published", mapping),
        [t.strip() for t in re.split(r"[;,|]", tags) if t.strip()] if tags else [],
        f"key:{key}" if key else "",
        _pick(record, "title", mapping),
    )


def _claimreviews(node: object) -> Iterator[dict]:
    if isinstance(node, list):
        for item in node:
            yield from _claimreviews(item)
    elif isinstance(node, dict):
        kind = node.get("@type")
        if kind == "ClaimReview" or (isinstance(kind, list) and "ClaimReview" in kind):
            yield node
        # JSON-LD graphs, pages, and Google's / DataCommons' fact-check feeds (DataFeed → dataFeedElement → item)
        for key in ("@graph", "mainEntity", "hasPart", "dataFeedElement", "item"):
            if key in node:
                yield from _claimreviews(node[key])


def _name(value: object) -> str | None:
    if isinstance(value, dict):
        return value.get("name") or value.get("alternateName")
    if isinstance(value, list) and value:
        return _name(value[0])
    return str(value) if value else None


def from_claimreview(review: dict) -> Claim | None:
    text = review.get("claimReviewed")
    if not text:
        return None
    rating = review.get("reviewRating") or {}
    verdict = rating.get("alternateName") or rating.get("name") if isinstance(rating, dict) else None
    if verdict is None and isinstance(rating, dict) and rating.get("ratingValue") is not None:
        verdict = f"{rating.get('ratingValue')}/{rating.get('bestRating', '?')}"
    item = review.get("itemReviewed") or {}
    claimant = _name(item.get("author")) if isinstance(item, dict) else None
    keywords = review.get("keywords") or []
    tags = keywords if isinstance(keywords, list) else [k.strip() for k in str(keywords).split(",") if k.strip()]
    if claimant:
        tags = [*tags, f"claimant:{claimant}"]
    return Claim(
        str(text),
        review.get("inLanguage") if isinstance(review.get("inLanguage"), str) else None,
        verdict,
        _name(review.get("author")),
        review.get("url"),
        review.get("datePublished"),
        tags,
    )


LD_JSON = re.compile(r'<script[^>]+type=["\']application/ld\+json["\'][^>]*>(.*?)</script>', re.S | re.I)


def read_catalog(path: Path, fmt: str | None = None, mapping: dict[str, str] | None = None) -> list[Claim]:
    mapping = mapping or {}
    if not path.is_file():
        raise CatalogError(f"{path}: no such file")
    raw = path.read_text(encoding="utf-8-sig", errors="replace")
    fmt = fmt or _guess(path, raw)
    claims: list[Claim] = []
    if fmt == "csv":
        delimiter = "\t" if path.suffix.lower() == ".tsv" else _delimiter(raw)
        try:
            reader = csv.DictReader(io.StringIO(raw, newline=""), delimiter=delimiter)
            for record in reader:
                if any((v or "").strip() for k, v in record.items() if isinstance(k, str)):
                    claims.append(_from_record(record, mapping, f"{path}:{reader.line_num}"))
        except csv.Error as exc:
            raise CatalogError(f"{path}: not CSV ({exc})") from exc
    elif fmt == "jsonl":
        for n, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CatalogError(f"{path}:{n}: not JSON ({exc.msg})") from exc
            reviews = list(_claimreviews(record))
            if reviews:
                claims += [c for c in map(from_claimreview, reviews) if c]
            else:
                claims.append(_from_record(record, mapping, f"{path}:{n}"))
    elif fmt in ("claimreview", "json", "html"):
        blocks = LD_JSON.findall(raw) if fmt == "html" else [raw]
        for block in blocks:
            try:
                data = json.loads(block)
            except json.JSONDecodeError as exc:
                raise CatalogError(f"{path}: not JSON-LD ({exc.msg})") from exc
            claims += [c for c in map(from_claimreview, _claimreviews(data)) if c]
        if not claims:
            raise CatalogError(f"{path}: no ClaimReview with claimReviewed found")
    else:
        raise CatalogError(f"{path}: unknown catalog format {fmt!r} (csv, jsonl, claimreview)")
    return claims


CSV_DELIMITERS = ",;\t|"


def _delimiter(raw: str) -> str:
    """The delimiter of a CSV file, read off its header line outside quotes: the sniffer guesses from
    the data too, where a quoted claim full of semicolons outvotes the commas between the columns. A
    header with none of them is one column."""
    header = next(iter(raw.splitlines()), "")
    outside = re.sub(r'"[^"]*"', "", header)
    counts = {d: outside.count(d) for d in CSV_DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _guess(path: Path, raw: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".html", ".htm"):
        return "html"
    if raw.lstrip().startswith(("{", "[")):
        return "claimreview"
    return "csv"
