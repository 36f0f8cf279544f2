"""One article body, analysed once before any rule runs: paragraphs, sentences of tokens (with lemma, part
of speech, morphology, dependencies and named entities where the language's analyzer provides them),
noun chunks, clauses, quotation-mark spans, and lookups from character offsets to all of these. Every
span is a pair of character offsets into the body, whatever the language."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from quotewatch.budget import UNLIMITED, Budget
from quotewatch.lang import LanguagePack
from quotewatch.quotes.marks import QuotedSpan, scan
from quotewatch.speakers.entities import SpeakerResolver
from quotewatch.text.segment import Sentence, paragraphs, split_sentences

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the body: character offsets and what it is (a noun chunk's head, an entity's type)."""

    start: int
    end: int
    label: str = ""


@dataclass
class Doc:
    text: str
    pack: LanguagePack
    budget: Budget = UNLIMITED  # the page's time budget: the stages stop when it is spent
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    spans: list[QuotedSpan] = field(default_factory=list)  # quotation marks, nested ones with their parent
    strays: list[int] = field(default_factory=list)  # closing marks without an opener
    noun_chunks: list[Span] = field(default_factory=list)
    clauses: list[Span] = field(default_factory=list)
    entities: list[Span] = field(default_factory=list)  # named entities (PER, ORG, LOC, …) where found
    resolver: SpeakerResolver | None = None  # the people and groups the article names, in order
    cue_subjects: list = field(default_factory=list)  # (sentence start, subject mention) of cue sentences
    # what rules work out once per sentence or span and ask for again (masked tokens, cues, markers)
    memo: dict = field(default_factory=dict)
    _sentence_starts: list[int] = field(default_factory=list)
    _paragraph_starts: list[int] = field(default_factory=list)
    _top_spans: list[tuple[int, int]] = field(default_factory=list)
    _top_span_objects: list[QuotedSpan] = field(default_factory=list)
    # span indexes by their parent's index (None: top level), in order of their start
    siblings: dict[int | None, list[int]] = field(default_factory=dict)
    _sibling_pos: list[int] = field(default_factory=list)

    @classmethod
    def build(
        cls, text: str, pack: LanguagePack, budget: Budget = UNLIMITED, sentences: list[Sentence] | None = None
    ) -> Doc:
        """A document of a text: the sentences a parser gave, or those of the regular-expression segmenter
        (configured by the pack: abbreviations, words that open sentences, conjunctions)."""
        doc = cls(text, pack, budget=budget)
        doc.paragraphs = paragraphs(text)
        if sentences is None:
            openers = pack.word_class("sentence_opener") | frozenset(pack.pronouns)
            sentences = split_sentences(
                text, pack.abbreviations, openers=openers, conjunctions=pack.word_class("hyphen_conjunction")
            )
        doc.sentences = sentences
        doc.spans, doc.strays = scan(text, doc.paragraphs, two_apostrophes="''" in pack.word_class("quotation_mark"))
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

    def remember(self, key: object, compute: Callable[[], T]) -> T:
        """What a rule worked out for a key (a sentence, a span), worked out once per document."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]
