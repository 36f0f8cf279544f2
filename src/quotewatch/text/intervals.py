"""An index over spans of one text, so that "which spans overlap this stretch" costs a binary search
and the hits, not a scan of every span (a page with thousands of quotations stays linear)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


def _start_end(item: object) -> tuple[int, int]:
    return item.start, item.end  # type: ignore[attr-defined]


class Intervals(Generic[T]):
    """Items with a start and an end offset, sorted by start. Queries walk back from a binary search
    while the largest end seen so far still reaches the query, so nested and overlapping items are
    found too. The items' offsets must not change after the index is built."""

    def __init__(self, items: Iterable[T], bounds: Callable[[T], tuple[int, int]] = _start_end):
        pairs = sorted(((bounds(x), n, x) for n, x in enumerate(items)), key=lambda p: (p[0][0], p[1]))
        self.items: list[T] = [x for _, _, x in pairs]
        self.starts = [b[0] for b, _, _ in pairs]
        self.ends = [b[1] for b, _, _ in pairs]
        self._reach: list[int] = []  # the largest end among items[0..i]
        top = -1
        for end in self.ends:
            top = max(top, end)
            self._reach.append(top)

    def __len__(self) -> int:
        return len(self.items)

    def overlapping(self, lo: int, hi: int) -> list[T]:
        """Items with start < hi and end > lo, in order of their start."""
        found = []
        j = bisect.bisect_left(self.starts, hi) - 1
        while j >= 0 and self._reach[j] > lo:
            if self.ends[j] > lo:
                found.append(self.items[j])
            j -= 1
        found.reverse()
        return found

    def starting_in(self, lo: int, hi: int) -> list[T]:
        """Items with lo <= start < hi, in order of their start."""
        return self.items[bisect.bisect_left(self.starts, lo) : bisect.bisect_left(self.starts, hi)]

    def last_ending_by(self, pos: int, lo: int = -1) -> T | None:
        """The item with the largest end in (lo, pos] (the last one before a position)."""
        best, best_end = None, lo
        j = bisect.bisect_right(self.starts, pos) - 1
        while j >= 0 and self._reach[j] > best_end:
            if best_end < self.ends[j] <= pos:
                best, best_end = self.items[j], self.ends[j]
            j -= 1
        return best
