"""One article body prepared for quote detection: sentences, tokens, quoted spans, lookups."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from quotewatch.lang import LanguagePack
from quotewatch.quotes.marks import QuotedSpan, scan
from quotewatch.speakers.entities import SpeakerResolver
from quotewatch.text.segment import Sentence, paragraphs, split_sentences


@dataclass
class Doc:
    text: str
    pack: LanguagePack
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    spans: list[QuotedSpan] = field(default_factory=list)
    strays: list[int] = field(default_factory=list)
    resolver: SpeakerResolver | None = None
    cue_subjects: list = field(default_factory=list)  # (sentence start, subject mention) of cue sentences
    _sentence_starts: list[int] = field(default_factory=list)
    _top_spans: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def build(cls, text: str, pack: LanguagePack) -> Doc:
        doc = cls(text, pack)
        doc.paragraphs = paragraphs(text)
        openers = pack.word_class("article") | frozenset(pack.pronouns)
        doc.sentences = split_sentences(text, pack.abbreviations, openers=openers)
        doc.spans, doc.strays = scan(text, doc.paragraphs)
        doc._sentence_starts = [s.start for s in doc.sentences]
        doc._top_spans = [(s.start, s.end) for s in doc.spans if s.parent is None]
        doc.resolver = SpeakerResolver(pack)
        return doc

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence containing (or last starting before) a character offset."""
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)

    def in_quote(self, offset: int) -> bool:
        """Is a character offset inside a top-level quoted span?"""
        k = bisect.bisect_right(self._top_spans, (offset, len(self.text) + 1)) - 1
        return k >= 0 and self._top_spans[k][0] <= offset < self._top_spans[k][1]

    def paragraph_of(self, offset: int) -> int:
        starts = [p[0] for p in self.paragraphs]
        return max(0, bisect.bisect_right(starts, offset) - 1)
