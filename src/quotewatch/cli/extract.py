"""`quotewatch extract` (pages to quotations) and `quotewatch eval` (scores against annotated data)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.text import Text

from quotewatch.article.loader import InputError, read_page
from quotewatch.cli import common
from quotewatch.cli.common import EXIT_INPUT, EXIT_NO_ARTICLE, EXIT_OK, EXIT_USAGE, err, with_max_size
from quotewatch.model import Extraction


def _render(result: Extraction, console: Console) -> None:
    a = result.article
    console.print(Text(a.title or "(untitled)", style="bold"))
    meta = [x for x in (a.dateline, a.published, a.agency, a.section, a.language) if x]
    if meta:
        console.print(Text(" · ".join(meta), style="dim"))
    console.print(Text(f"{len(result.quotes)} quotations, {len(result.speakers)} speakers", style="dim"))
    console.print()
    depth: dict[str, int] = {}
    for q in result.quotes:
        level = depth[q.parent] + 1 if q.parent in depth else 0
        depth[q.id] = level
        indent = "    " * level
        who = q.speaker.name if q.speaker else "(unknown speaker)"
        head = Text(f"{indent}{q.id} ", style="dim")
        head.append(who, style="bold cyan" if q.speaker else "dim")
        if q.speaker and q.speaker.mention != q.speaker.name:
            head.append(f" („{q.speaker.mention}“)", style="cyan")
        head.append(f"  [{q.kind}", style="magenta")
        if q.cue:
            head.append(f" · {q.cue}", style="magenta")
        head.append(f" · {q.confidence:.2f}]", style="magenta")
        console.print(head)
        console.print(Text(f"{indent}    {q.text}"), soft_wrap=False)
    if result.speakers:
        console.print()
        console.print(Text("Speakers", style="bold"))
        for s in result.speakers:
            aliases = f" — also: {', '.join(s.aliases)}" if s.aliases else ""
            console.print(f"  {s.name}: {s.quotes}{aliases}")


def cmd_extract(args: argparse.Namespace) -> int:
    from quotewatch.pipeline import extract

    folders = (common.BUNDLED_SAMPLES, common.SHARED_SAMPLES)
    sources = args.source or [str(p) for d in folders if d.is_dir() for p in sorted(d.iterdir()) if p.is_file()]
    if not sources:
        err("no input given and no sample pages found")
        return EXIT_USAGE
    status = EXIT_OK
    console = Console(soft_wrap=True)
    outputs = []
    for source in sources:
        try:
            page = read_page(source, int(args.max_size * 1e6))
        except InputError as exc:
            err(str(exc))
            status = max(status, EXIT_INPUT)
            continue
        result = extract(page, url=args.url, language=args.lang)
        for w in result.warnings:
            err(f"{page.name}: warning: {w}")
        if not result.article.body:
            status = max(status, EXIT_NO_ARTICLE)
        if args.json:
            outputs.append(result.to_dict())
        else:
            _render(result, console)
    if args.json:
        payload = outputs[0] if len(outputs) == 1 else outputs
        if outputs:
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    return status


def cmd_eval(args: argparse.Namespace) -> int:
    from quotewatch.eval import evaluate, render
    from quotewatch.eval.run import render_rules, write_tables
    from quotewatch.eval.snapshot import compare, write_snapshot

    target = Path(args.gold)
    if not target.exists():
        err(f"{args.gold}: no such file or directory")
        return EXIT_INPUT
    if args.compare and not Path(args.compare).is_file():
        err(f"{args.compare}: no such snapshot")
        return EXIT_INPUT
    try:
        report = evaluate(
            target,
            limit=args.limit,
            keep_errors=bool(args.errors),
            progress=sys.stderr.isatty(),
            records=bool(args.snapshot or args.compare),
        )
    except (ValueError, KeyError, json.JSONDecodeError) as exc:
        err(f"{args.gold}: cannot read gold annotations ({exc})")
        return EXIT_INPUT
    render(report, str(args.gold))
    if args.per_rule or args.tables:
        render_rules(report)
    if args.tables:
        write_tables(report, Path(args.tables))
    if args.snapshot:
        write_snapshot(report, Path(args.snapshot))
    if args.compare:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            current = Path(tmp) / "now.jsonl"
            write_snapshot(report, current)
            compare(Path(args.compare), current)
    if args.errors:
        Path(args.errors).write_text(json.dumps(report.errors, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.json:
        o = report.overall
        sys.stdout.write(
            json.dumps(
                {
                    "documents": report.documents,
                    "precision": o.precision,
                    "recall": o.recall,
                    "f1": o.f1,
                    "exact_f1": o.exact_f1,
                    "speaker_accuracy": o.speaker_accuracy,
                    "kind_accuracy": o.kind_accuracy,
                    "recall_by_kind": {k: c.recall for k, c in report.by_gold_kind.items()},
                }
            )
            + "\n"
        )
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="article and attributed quotations of one or more pages")
    p.add_argument(
        "source",
        nargs="*",
        help="HTML or text file, or - for standard input (default: the sample pages in ../shared/samples)",
    )
    p.add_argument("--json", action="store_true", help="print the JSON contract instead of a readable view")
    p.add_argument("--url", help="the page's URL, recorded in the article")
    p.add_argument("--lang", help="language of the page (ISO 639-1); detected when absent")
    with_max_size(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("eval", help="score quotation detection against annotated data")
    p.add_argument("gold", help="a gold file or a folder of them (german-news-quotes, SpkAtt, quotewatch JSON)")
    p.add_argument("--limit", type=int, help="score only the first N documents")
    p.add_argument("--errors", metavar="FILE", help="write missed, spurious and mis-attributed quotations here")
    p.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    p.add_argument("--per-rule", action="store_true", help="precision and recall of every rule id")
    p.add_argument("--tables", metavar="FILE", help="write the precision tables the decider reads (precision.tsv)")
    p.add_argument("--snapshot", metavar="FILE", help="write one record per found and missed quotation")
    p.add_argument("--compare", metavar="FILE", help="what this run gains and loses against a snapshot")
    p.set_defaults(func=cmd_eval)
