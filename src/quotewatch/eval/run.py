"""Running the pipeline over gold documents and printing the scores."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from quotewatch.eval.gold import GoldDoc, gold_files, iter_gold
from quotewatch.eval.score import Report, score_document
from quotewatch.lang import load
from quotewatch.model import Quote
from quotewatch.quotes.detect import find_quotes


def _predict(doc: GoldDoc) -> list[Quote]:
    """Quotations for a gold document; for a raw page, the whole pipeline, offsets mapped back to the page."""
    if doc.source is None:
        return find_quotes(doc.text, load(doc.language))
    from quotewatch.article.loader import read_page
    from quotewatch.article.offsets import body_to_source
    from quotewatch.pipeline import extract

    page = read_page(str(doc.source))
    result = extract(page, language=doc.language)
    doc.text = page.text
    convert = body_to_source(result.article.body, page.text)
    for q in result.quotes:
        q.start, q.end = convert(q.start), convert(q.end)
        if q.gap is not None:
            q.gap = (convert(q.gap[0]), convert(q.gap[1]))
        if q.speaker is not None and q.speaker.mention_start >= 0:
            q.speaker.mention_start = convert(q.speaker.mention_start)
            q.speaker.mention_end = convert(q.speaker.mention_end)
    return result.quotes


def evaluate(
    target: Path, limit: int | None = None, keep_errors: bool = False, progress: bool = True, records: bool = False
) -> Report:
    """Score the pipeline on gold documents; with `records`, keep one record per found and per missed
    quotation (for snapshots)."""
    report = Report(records=[] if records else None)
    docs: Iterable[GoldDoc] = iter_gold(target)
    files = gold_files(target)
    total = min(len(files), limit) if limit else len(files)
    from rich.progress import TextColumn

    from quotewatch.progress import progress_bar

    with progress_bar("scoring", not progress, TextColumn("{task.fields[rate]} docs/s")) as bar:
        task = bar.add_task("eval", total=total, rate="-")
        for n, doc in enumerate(docs):
            if limit is not None and n >= limit:
                break
            predicted = _predict(doc)
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
    table.add_row(
        "all quotations",
        str(o.gold),
        str(o.pred),
        str(o.matched),
        _pct(o.precision),
        _pct(o.recall),
        _pct(o.f1),
        _pct(o.exact_f1),
        _pct(o.speaker_accuracy),
        _pct(o.kind_accuracy),
    )
    for kind, c in sorted(report.by_gold_kind.items()):
        table.add_row(
            f"gold {kind}",
            str(c.gold),
            "",
            str(c.matched),
            "",
            _pct(c.recall),
            "",
            "",
            _pct(c.speaker_accuracy),
            _pct(c.kind_accuracy),
        )
    for kind, c in sorted(report.by_pred_kind.items()):
        table.add_row(
            f"found {kind}",
            "",
            str(c.pred),
            str(c.matched),
            _pct(c.precision),
            "",
            "",
            "",
            _pct(c.speaker_accuracy),
            "",
        )
    console.print(table)


def render_rules(report: Report, console: Console | None = None) -> None:
    """Precision and recall of every rule id, and how reliable each way to a speaker is."""
    console = console or Console()
    gold = report.overall.gold
    table = Table(title="per rule (recall: share of all gold quotations found by the rule)")
    for col in ("rule", "found", "right", "precision", "recall", "speaker acc"):
        table.add_column(col, justify="left" if col == "rule" else "right")
    for rule, c in sorted(report.by_rule.items(), key=lambda kv: -kv[1].pred):
        table.add_row(
            rule,
            str(c.pred),
            str(c.matched),
            _pct(c.precision),
            _pct(c.matched / gold if gold else 0.0),
            _pct(c.speaker_accuracy) if c.speaker_total else "",
        )
    console.print(table)
    table = Table(title="speakers by the way they were found")
    for col in ("via", "scored", "right", "accuracy"):
        table.add_column(col, justify="left" if col == "via" else "right")
    for via, c in sorted(report.by_via.items(), key=lambda kv: -kv[1].speaker_total):
        table.add_row(via, str(c.speaker_total), str(c.speaker_ok), _pct(c.speaker_accuracy))
    console.print(table)


def write_tables(report: Report, path: Path) -> None:
    """The precision tables the decider reads confidences from (lang/<code>/precision.tsv): per rule, the
    share of its quotations that are right; per way to a speaker, the share of speakers that are right.
    Shares are smoothed (one right and one wrong added), so a rule seen twice is not called certain."""
    lines = [
        "# Measured by `quotewatch eval GOLD --per-rule --tables FILE` on training data; read by quotes/decide.py.",
        "# table\tkey\tshare right (smoothed)\tcount",
    ]
    for rule, c in sorted(report.by_rule.items()):
        lines.append(f"rule\t{rule}\t{(c.matched + 1) / (c.pred + 2):.3f}\t{c.pred}")
    for via, c in sorted(report.by_via.items()):
        lines.append(f"speaker\t{via}\t{(c.speaker_ok + 1) / (c.speaker_total + 2):.3f}\t{c.speaker_total}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
