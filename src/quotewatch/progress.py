"""Progress bars for long jobs (on standard error, so standard output stays clean for data)."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn


def progress_bar(label: str, disable: bool = False, *extra: ProgressColumn) -> Progress:
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        *extra,
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=disable,
    )
