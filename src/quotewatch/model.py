"""The data that flows through quotewatch: plain dataclasses with offsets into one body text."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal, get_args

QuoteKind = Literal["direct", "indirect", "free_indirect", "according_to", "mixed"]
# the one list of the kinds of quotation: the command line, the API, the web interface and the scorer
# take it from here
QUOTE_KINDS: tuple[str, ...] = get_args(QuoteKind)


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
    # how the speaker was found: "mention" (named in the attribution), "carried" (the speaker before goes
    # on), "previous_cue" (the subject of a verb of saying in the sentence before), "recent_subject",
    # "report" or "enclosing" (the speaker of the statement around it), "dialogue", "narration", …
    via: str = "mention"
    role: str | None = None  # the role the mention gives the speaker ("belarussische Präsident"), if any


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
    rule: str | None = None  # the id of the rule that found it (see `quotewatch rules`)

    def __post_init__(self) -> None:
        if self.kind not in QUOTE_KINDS:
            raise ValueError(f"unknown kind of quotation {self.kind!r} (one of {', '.join(QUOTE_KINDS)})")


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
