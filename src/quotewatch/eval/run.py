"""Running the pipeline over gold documents and printing the scores."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from quotewatch.eval.gold import GoldDoc, iter_gold
from quotewatch.eval.score import Report, score_document
from quotewatch.lang import load
from quotewatch.quotes.detect import find_quotes


def _text_of(doc: GoldDoc) -> str:
    if doc.source is None:
        return doc.text
    from quotewatch.article.loader import read_page
    from quotewatch.pipeline import extract

    body = extract(read_page(str(doc.source))).article.body
    doc.text = body
    return body


def evaluate(target: Path, limit: int | None = None, keep_errors: bool = False,
             progress: bool = True) -> Report:
    report = Report()
    docs: Iterable[GoldDoc] = iter_gold(target)
    files = sorted(target.rglob("*.json")) if target.is_dir() else [target]
    total = min(len(files), limit) if limit else len(files)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("scoring"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]} docs/s"), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), disable=not progress, transient=True) as bar:
        task = bar.add_task("eval", total=total, rate="-")
        for n, doc in enumerate(docs):
            if limit is not None and n >= limit:
                break
            text = _text_of(doc)
            predicted = find_quotes(text, load(doc.language))
            score_document(doc, predicted, report, keep_errors)
            elapsed = bar.tasks[0].elapsed or 1e-9
            bar.update(task, advance=1, rate=f"{(n + 1) / elapsed:.0f}")
    return report


def _pct(x: float) -> str:
    return f"{x:.3f}"


def render(report: Report, title: str, console: Console | None = None) -> None:
    console = console or Console()
    o = report.overall
    table = Table(title=f"{title} — {report.documents} documents")
    for col in ("", "gold", "found", "matched", "precision", "recall", "F1", "exact F1", "speaker acc", "kind acc"):
        table.add_column(col, justify="right" if col else "left")
    table.add_row("all quotations", str(o.gold), str(o.pred), str(o.matched), _pct(o.precision),
                  _pct(o.recall), _pct(o.f1), _pct(o.exact_f1), _pct(o.speaker_accuracy), _pct(o.kind_accuracy))
    for kind, c in sorted(report.by_gold_kind.items()):
        table.add_row(f"gold {kind}", str(c.gold), "", str(c.matched), "", _pct(c.recall), "",
                      "", _pct(c.speaker_accuracy), _pct(c.kind_accuracy))
    for kind, c in sorted(report.by_pred_kind.items()):
        table.add_row(f"found {kind}", "", str(c.pred), str(c.matched), _pct(c.precision), "", "", "",
                      _pct(c.speaker_accuracy), "")
    console.print(table)
