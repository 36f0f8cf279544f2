"""The data that flows through quotewatch: plain dataclasses with offsets into one body text."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

QuoteKind = Literal["direct", "indirect", "free_indirect", "according_to", "mixed"]
QUOTE_KINDS: tuple[str, ...] = ("direct", "indirect", "free_indirect", "according_to", "mixed")


@dataclass
class Article:
    body: str
    title: str | None = None
    published: str | None = None  # ISO 8601 date or date+time
    dateline: str | None = None  # place, e.g. "MINSK"
    agency: str | None = None
    section: str | None = None
    language: str | None = None  # ISO 639-1
    url: str | None = None


@dataclass
class SpeakerRef:
    """Who said a quotation: the canonical name and the mention as written in the body."""

    name: str
    mention: str
    mention_start: int
    mention_end: int


@dataclass
class Quote:
    id: str
    kind: str
    text: str
    start: int
    end: int
    cue: str | None = None
    speaker: SpeakerRef | None = None
    addressee: str | None = None
    parent: str | None = None
    confidence: float = 0.5
    # the attribution inside a statement ("Die Lage, sagte er, sei ernst"): [start, end) offsets that
    # are not the speaker's words, or None
    gap: tuple[int, int] | None = None


@dataclass
class Speaker:
    name: str
    aliases: list[str] = field(default_factory=list)
    quotes: int = 0


@dataclass
class Extraction:
    article: Article
    quotes: list[Quote]
    speakers: list[Speaker]
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The stable JSON contract (see README, "JSON output")."""
        return {
            "article": asdict(self.article),
            "quotes": [asdict(q) for q in self.quotes],
            "speakers": [asdict(s) for s in self.speakers],
        }
