"""Mapping offsets in an extracted article body back to the page it came from.

The body is made of the page's own paragraphs (stripped, joined by blank lines), so every body
paragraph occurs verbatim in the page; that alignment turns body offsets into page offsets.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable


def body_to_source(body: str, source: str) -> Callable[[int], int]:
    pieces: list[tuple[int, int, int]] = []  # (body start, source start, length)
    cursor = 0
    for m in re.finditer(r"[^\n]+", body):
        at = source.find(m.group(), cursor)
        if at < 0:
            continue
        pieces.append((m.start(), at, len(m.group())))
        cursor = at + len(m.group())
    starts = [p[0] for p in pieces]

    def convert(offset: int) -> int:
        k = bisect.bisect_right(starts, offset) - 1
        if k < 0:
            return offset
        b, s, n = pieces[k]
        return s + min(offset - b, n)

    return convert
