"""Find quoted spans by their quotation marks, with nesting, in any of the common styles.

German „…“ ‚…‘ »…«, English “…” ‘…’, French/Russian «…» „…“, and typewriter "…" '…' ''…''.
Real pages break their marks: a quote opened twice, never closed, or closed twice. The scanner
recovers instead of swallowing the rest of the article: quotes never cross a paragraph break,
an opener of the kind already open closes the open quote at the sentence end before it, and a
stray closer is reported so the caller can decide what it closes.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from quotewatch.settings import MAX_QUOTE_DEPTH
from quotewatch.text.chars import DOUBLE_MARKS, LEFT_OF_OPENER, QUOTE_MARKS, SENTENCE_END

# opener -> closers it accepts (sloppy pages close „ with ” or ")
CLOSERS: dict[str, str] = {
    "„": '“”"',
    "‚": "‘’'",
    "»": "«",
    "«": "»",
    "“": '”“"',
    "”": '”“"',  # opens only at the start of a paragraph (sloppy typing: ”Mr. Trump …”)
    "‘": "’",
    '"': '"',
    "'": "'",
    "''": "''",  # two apostrophes for a double mark (The New York Times' archive: ''…'')
}
TWO_APOSTROPHES = "''"
ALL_MARKS = QUOTE_MARKS
DOUBLE = DOUBLE_MARKS
LEFT_CONTEXT = LEFT_OF_OPENER  # what may stand before an opening mark
SENTENCE_MARKS = SENTENCE_END


@dataclass
class QuotedSpan:
    start: int  # offset of the opening mark (or of the recovered start)
    end: int  # offset just past the closing mark (or of the recovered end)
    opener: str
    closed: bool  # False where the end was recovered, not found
    parent: int | None = None  # index of the enclosing span in the result list
    depth: int = 0

    def inner(self) -> tuple[int, int]:
        """Offsets of the text between the marks."""
        width = len(self.opener)
        s = self.start + width
        e = self.end - width if self.closed else self.end
        return s, e


@dataclass
class _Open:
    char: str
    pos: int
    index: int  # reserved slot in the result list


def _can_open(text: str, i: int, width: int = 1) -> bool:
    nxt = text[i + width] if i + width < len(text) else " "
    prev = text[i - 1] if i > 0 else " "
    if nxt.isspace():
        return False
    # any space counts, the no-break one too ("proposal.\u00a0“Mexican people …”": a quarter of PolNeAR's
    # articles have one before some quotation)
    return prev.isspace() or prev in LEFT_CONTEXT or prev in ALL_MARKS or text[i] in "„‚»«"


def _can_close(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    return not prev.isspace()


def _starts_sentence(text: str, i: int) -> bool:
    k = i - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return k < 0 or text[k] in ".!?…:;-–—\n"


class _SentenceEnds:
    """Where sentences end in a paragraph (a mark before white space), found once: unclosed quotations
    end at the last one before a limit, and a flood of them must not rescan the paragraph each time."""

    def __init__(self, text: str, p_start: int, p_end: int):
        self.text = text
        self.marks = [
            k for k in range(p_start, p_end) if text[k] in SENTENCE_MARKS and (k + 1 >= p_end or text[k + 1].isspace())
        ]

    def before(self, lo: int, hi: int) -> int:
        """End of the last sentence that finishes in text[lo:hi], or hi with white space trimmed."""
        if hi - 1 > lo and self.text[hi - 1] in SENTENCE_MARKS:
            return hi  # a mark right at the limit ends a sentence whatever follows
        j = bisect.bisect_left(self.marks, hi) - 1
        if j >= 0 and self.marks[j] > lo:
            return self.marks[j] + 1
        while hi > lo and self.text[hi - 1].isspace():
            hi -= 1
        return hi


def scan_paragraph(
    text: str, p_start: int, p_end: int, two_apostrophes: bool = False
) -> tuple[list[QuotedSpan], list[int]]:
    """Quoted spans and positions of stray closing marks within one paragraph. With `two_apostrophes`,
    '' is a double mark (English archives write ''…''; in German wiki text it marks italics)."""
    slots: list[QuotedSpan | None] = []
    stack: list[_Open] = []
    strays: list[int] = []
    ends = _SentenceEnds(text, p_start, p_end)

    def close(op: _Open, end: int, closed: bool) -> None:
        parent = stack[-1].index if stack else None
        slots[op.index] = QuotedSpan(op.pos, end, op.char, closed, parent, len(stack))

    i = p_start - 1
    while i + 1 < p_end:
        i += 1
        c = text[i]
        if c not in ALL_MARKS:
            continue
        if two_apostrophes and c == "'" and text.startswith(TWO_APOSTROPHES, i) and i + 2 <= p_end:
            c = TWO_APOSTROPHES
        width = len(c)
        prev = text[i - 1] if i > p_start else " "
        nxt = text[i + width] if i + width < p_end else " "
        if c in "'’" and prev.isalnum() and nxt.isalnum():
            continue  # apostrophe: "gibt's", "O'Neill"
        depth = next((d for d in range(len(stack) - 1, -1, -1) if c in CLOSERS[stack[d].char]), None)
        if (
            depth is not None
            and _can_close(text, i)
            and not (c == stack[depth].char and _can_open(text, i, width) and depth != len(stack) - 1)
        ):
            # quotes opened inside this one and never closed were not quotes: drop them
            while len(stack) - 1 > depth:
                slots[stack.pop().index] = None
            op = stack.pop()
            close(op, i + width, True)
            i += width - 1
            continue
        if c in CLOSERS and _can_open(text, i, width) and (c != "”" or (not stack and not text[p_start:i].strip())):
            if len(stack) >= MAX_QUOTE_DEPTH:
                continue  # a flood of marks, not quotations within quotations within quotations
            if c in DOUBLE and stack and stack[-1].char == c and c not in "\"'" and _starts_sentence(text, i):
                # the same double mark opened again at a sentence start: the open quote lost its closer
                # (mid-sentence it is a quotation inside the quotation, in the same marks)
                op = stack.pop()
                close(op, ends.before(op.pos, i), False)
            slots.append(None)
            stack.append(_Open(c, i, len(slots) - 1))
            i += width - 1
            continue
        if c in "'’‘":
            continue  # single marks alone are too often apostrophes to count as strays
        if _can_close(text, i):
            strays.append(i)
    while stack:
        op = stack.pop()
        slots[op.index] = QuotedSpan(
            op.pos,
            ends.before(op.pos, p_end),
            op.char,
            False,
            stack[-1].index if stack else None,
            len(stack),
        )
    # renumber parents after dropping discarded slots
    kept = [i for i, s in enumerate(slots) if s is not None]
    new_index = {old: new for new, old in enumerate(kept)}
    spans: list[QuotedSpan] = []
    for old in kept:
        span = slots[old]
        assert span is not None
        parent = span.parent
        while parent is not None and parent not in new_index:
            parent = slots[parent].parent if slots[parent] is not None else None
        span.parent = new_index.get(parent) if parent is not None else None
        spans.append(span)
    return spans, strays


def scan(
    text: str, paragraph_spans: list[tuple[int, int]], two_apostrophes: bool = False
) -> tuple[list[QuotedSpan], list[int]]:
    """All quoted spans of a text, in order of their start, with `parent` indexes into the list."""
    spans: list[QuotedSpan] = []
    strays: list[int] = []
    for ps, pe in paragraph_spans:
        local, local_strays = scan_paragraph(text, ps, pe, two_apostrophes)
        base = len(spans)
        for span in local:
            if span.parent is not None:
                span.parent += base
        spans.extend(local)
        strays.extend(local_strays)
    order = sorted(range(len(spans)), key=lambda k: (spans[k].start, -spans[k].end))
    remap = {old: new for new, old in enumerate(order)}
    result = [spans[k] for k in order]
    for span in result:
        if span.parent is not None:
            span.parent = remap[span.parent]
    return result, strays
