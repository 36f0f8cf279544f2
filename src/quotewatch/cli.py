"""The `quotewatch` command line.

Exit codes (stable, for scripts):
  0  done (the result may hold no quotations)
  1  the page holds no article text (an empty result is printed, with a warning)
  2  usage error
  3  the input cannot be read (missing, a directory, empty, binary, too large), or the archive cannot be opened
  4  `add`: some inputs failed (each named on standard error) and were not stored; the others were
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.text import Text

from quotewatch import __version__
from quotewatch.article.loader import MAX_BYTES, InputError, read_page
from quotewatch.model import Extraction

EXIT_OK, EXIT_NO_ARTICLE, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3
BUNDLED_SAMPLES = Path(__file__).resolve().parent / "data" / "samples"
SHARED_SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"


def _err(message: str) -> None:
    # one plain line: scripts grep it, and rich would wrap it at the terminal width
    sys.stderr.write(f"quotewatch: {' '.join(message.split())}\n")


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

    sources = args.source or [
        str(p) for d in (BUNDLED_SAMPLES, SHARED_SAMPLES) if d.is_dir() for p in sorted(d.iterdir()) if p.is_file()
    ]
    if not sources:
        _err("no input given and no sample pages found")
        return EXIT_USAGE
    status = EXIT_OK
    console = Console(soft_wrap=True)
    outputs = []
    for source in sources:
        try:
            page = read_page(source, int(args.max_size * 1e6))
        except InputError as exc:
            _err(str(exc))
            status = max(status, EXIT_INPUT)
            continue
        result = extract(page, url=args.url, language=args.lang)
        for w in result.warnings:
            _err(f"{page.name}: warning: {w}")
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
        _err(f"{args.gold}: no such file or directory")
        return EXIT_INPUT
    if args.compare and not Path(args.compare).is_file():
        _err(f"{args.compare}: no such snapshot")
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
        _err(f"{args.gold}: cannot read gold annotations ({exc})")
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quotewatch", description="Who said what, when, about whom.")
    parser.add_argument("--version", action="version", version=f"quotewatch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="article and attributed quotations of one or more pages")
    p.add_argument(
        "source",
        nargs="*",
        help="HTML or text file, or - for standard input (default: the sample pages in ../shared/samples)",
    )
    p.add_argument("--json", action="store_true", help="print the JSON contract instead of a readable view")
    p.add_argument("--url", help="the page's URL, recorded in the article")
    p.add_argument("--lang", help="language of the page (ISO 639-1); detected when absent")
    p.add_argument(
        "--max-size",
        type=float,
        default=MAX_BYTES / 1e6,
        metavar="MB",
        help="refuse pages larger than this (default %(default).0f MB)",
    )
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

    from quotewatch.cli_archive import add_parsers

    add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from quotewatch.store import StoreError

    try:
        return args.func(args)
    except StoreError as exc:
        _err(str(exc))
        return EXIT_INPUT
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
