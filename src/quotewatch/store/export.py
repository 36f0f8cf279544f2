"""Exporting the archive's quotations (with their articles) as JSON lines, CSV or Parquet."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

from quotewatch.store.repository import Repository

COLUMNS = [
    "id",
    "kind",
    "text",
    "start_offset",
    "end_offset",
    "gap_start",
    "gap_end",
    "cue",
    "speaker",
    "mention",
    "parent_qid",
    "confidence",
    "article_id",
    "title",
    "published",
    "dateline",
    "agency",
    "language",
    "url",
    "duplicate_of",
]
FORMATS = ("jsonl", "csv", "parquet")


def export(repo: Repository, fmt: str, path: Path) -> int:
    """Write every quotation to `path`; returns how many."""
    rows = repo.iter_export_rows()
    if fmt == "jsonl":
        return _jsonl(rows, path)
    if fmt == "csv":
        return _csv(rows, path)
    if fmt == "parquet":
        return _parquet(rows, path)
    raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")


def _jsonl(rows: Iterable[dict], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps({k: row.get(k) for k in COLUMNS}, ensure_ascii=False) + "\n")
            n += 1
    return n


def _csv(rows: Iterable[dict], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            n += 1
    return n


def _parquet(rows: Iterable[dict], path: Path, batch: int = 10_000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("id", pa.int64()),
            ("kind", pa.string()),
            ("text", pa.string()),
            ("start_offset", pa.int64()),
            ("end_offset", pa.int64()),
            ("gap_start", pa.int64()),
            ("gap_end", pa.int64()),
            ("cue", pa.string()),
            ("speaker", pa.string()),
            ("mention", pa.string()),
            ("parent_qid", pa.string()),
            ("confidence", pa.float64()),
            ("article_id", pa.int64()),
            ("title", pa.string()),
            ("published", pa.string()),
            ("dateline", pa.string()),
            ("agency", pa.string()),
            ("language", pa.string()),
            ("url", pa.string()),
            ("duplicate_of", pa.int64()),
        ]
    )
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        chunk: list[dict] = []
        for row in rows:
            chunk.append({k: row.get(k) for k in COLUMNS})
            if len(chunk) >= batch:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n += len(chunk)
                chunk = []
        if chunk or n == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n
