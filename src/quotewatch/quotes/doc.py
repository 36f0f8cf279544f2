"""One article body prepared for quote detection: sentences, tokens, quoted spans, lookups."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field

from quotewatch.budget import UNLIMITED, Budget
from quotewatch.lang import LanguagePack
from quotewatch.quotes.marks import QuotedSpan, scan
from quotewatch.speakers.entities import SpeakerResolver
from quotewatch.text.segment import Sentence, paragraphs, split_sentences


@dataclass
class Doc:
    text: str
    pack: LanguagePack
    budget: Budget = UNLIMITED  # the page's time budget: the stages stop when it is spent
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    spans: list[QuotedSpan] = field(default_factory=list)
    strays: list[int] = field(default_factory=list)
    resolver: SpeakerResolver | None = None
    cue_subjects: list = field(default_factory=list)  # (sentence start, subject mention) of cue sentences
    name_shapes: dict[int, tuple[bool, bool]] = field(default_factory=dict)  # per quoted span start
    quoted_names: dict[int, bool] = field(default_factory=dict)  # per quoted span start
    _sentence_starts: list[int] = field(default_factory=list)
    _paragraph_starts: list[int] = field(default_factory=list)
    _top_spans: list[tuple[int, int]] = field(default_factory=list)
    _top_span_objects: list[QuotedSpan] = field(default_factory=list)
    # span indexes by their parent's index (None: top level), in order of their start
    siblings: dict[int | None, list[int]] = field(default_factory=dict)
    _sibling_pos: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, text: str, pack: LanguagePack, budget: Budget = UNLIMITED) -> Doc:
        doc = cls(text, pack, budget=budget)
        doc.paragraphs = paragraphs(text)
        openers = pack.word_class("article") | frozenset(pack.pronouns)
        doc.sentences = split_sentences(text, pack.abbreviations, openers=openers)
        doc.spans, doc.strays = scan(text, doc.paragraphs)
        doc._sentence_starts = [s.start for s in doc.sentences]
        doc._paragraph_starts = [p[0] for p in doc.paragraphs]
        doc._top_span_objects = [s for s in doc.spans if s.parent is None]
        doc._top_spans = [(s.start, s.end) for s in doc._top_span_objects]
        doc._sibling_pos = [0] * len(doc.spans)
        for k, span in enumerate(doc.spans):
            group = doc.siblings.setdefault(span.parent, [])
            doc._sibling_pos[k] = len(group)
            group.append(k)
        doc.resolver = SpeakerResolver(pack)
        return doc

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence containing (or last starting before) a character offset."""
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)

    def top_span_at(self, offset: int) -> QuotedSpan | None:
        """The top-level quoted span holding a character offset, if any."""
        k = bisect.bisect_right(self._top_spans, (offset, len(self.text) + 1)) - 1
        if k >= 0 and self._top_spans[k][0] <= offset < self._top_spans[k][1]:
            return self._top_span_objects[k]
        return None

    def in_quote(self, offset: int) -> bool:
        """Is a character offset inside a top-level quoted span?"""
        return self.top_span_at(offset) is not None

    def siblings_after(self, span_index: int) -> Iterator[int]:
        """Indexes of the spans after this one at the same level (same parent), nearest first."""
        group = self.siblings[self.spans[span_index].parent]
        for k in range(self._sibling_pos[span_index] + 1, len(group)):
            yield group[k]

    def siblings_before(self, span_index: int) -> Iterator[int]:
        """Indexes of the spans before this one at the same level, nearest first."""
        group = self.siblings[self.spans[span_index].parent]
        for k in range(self._sibling_pos[span_index] - 1, -1, -1):
            yield group[k]

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._paragraph_starts, offset) - 1)
