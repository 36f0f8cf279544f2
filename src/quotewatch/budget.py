"""A time budget for the work on one page, so that no input inside the size limits holds a run or a
server for long: stages check it between units of work (sentences, quotations) and stop when it is
spent, keeping what they found; the morphology answers without its analyser once it is spent.

The budget of the page being worked on is kept per thread, so the language packs' analysers can ask
for it without every rule passing it along.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_current = threading.local()


class Budget:
    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.stopped_at: int | None = None  # character offset where work stopped, if it did
        self.stage: str | None = None

    def spent(self) -> bool:
        return self.deadline is not None and time.monotonic() > self.deadline

    def stop(self, offset: int, stage: str) -> None:
        """Record where the first stage that ran out stopped."""
        if self.stopped_at is None:
            self.stopped_at, self.stage = offset, stage

    def check(self, offset: int, stage: str) -> bool:
        """True when the budget is spent (and where that happened is recorded)."""
        if self.spent():
            self.stop(offset, stage)
            return True
        return False


UNLIMITED = Budget(None)


@contextmanager
def page_budget(seconds: float | None) -> Iterator[Budget]:
    """Run a page's work under a budget, visible to `current()` in this thread."""
    budget = Budget(seconds)
    previous = getattr(_current, "budget", None)
    _current.budget = budget
    try:
        yield budget
    finally:
        _current.budget = previous


def current() -> Budget:
    return getattr(_current, "budget", None) or UNLIMITED
