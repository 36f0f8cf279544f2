"""What the commands share: exit codes, one-line errors, the archive to open, tables and rows out."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from quotewatch.settings import MAX_PAGE_BYTES
from quotewatch.store import DEFAULT_DB, Repository, open_store

# stable exit codes, for scripts (see the README)
EXIT_OK, EXIT_NO_ARTICLE, EXIT_USAGE, EXIT_INPUT, EXIT_PARTIAL = 0, 1, 2, 3, 4
BUNDLED_SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
SHARED_SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "samples"


def err(message: str) -> None:
    # one plain line: scripts grep it, and rich would wrap it at the terminal width
    sys.stderr.write(f"quotewatch: {' '.join(message.split())}\n")


def db_target(args: argparse.Namespace) -> str:
    return args.db or os.environ.get("QUOTEWATCH_DB") or DEFAULT_DB


def open_archive(args: argparse.Namespace) -> Repository:
    return open_store(db_target(args))


def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument(
        "--db", help=f"archive: SQLite file or postgresql:// URL (default $QUOTEWATCH_DB or ./{DEFAULT_DB})"
    )
    return p


def with_max_size(p: argparse.ArgumentParser, what: str = "pages") -> None:
    p.add_argument(
        "--max-size",
        type=float,
        default=MAX_PAGE_BYTES / 1e6,
        metavar="MB",
        help=f"refuse {what} larger than this (default %(default).0f MB)",
    )


def emit(rows: list[dict], columns: list[str], fmt: str, title: str | None = None) -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    else:
        table = Table(title=title, show_lines=False)
        for c in columns:
            table.add_column(c, overflow="fold", max_width=70 if c == "text" else 30)
        for row in rows:
            table.add_row(*(cell(row.get(c), c) for c in columns))
        Console().print(table)


def cell(value: object, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    text = str(value)
    return text[:297] + "…" if column == "text" and len(text) > 300 else text
