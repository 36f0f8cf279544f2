"""Snapshots of what the pipeline finds in annotated data, one record per quotation, and what a change
gains and loses between two of them: the check that a refactoring changed nothing, and the list of
quotations a new rule wins and costs."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from rich.console import Console

from quotewatch.eval.score import Report


def write_snapshot(report: Report, path: Path) -> None:
    records = report.records or []
    with path.open("w", encoding="utf-8") as fh:
        for r in sorted(records, key=lambda r: (r["doc"], r["start"], r["end"], r.get("missed", False))):
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _key(r: dict) -> tuple:
    return r["doc"], r["start"], r["end"], r.get("kind")


def compare(old_path: Path, new_path: Path, console: Console | None = None, show: int = 20) -> dict[str, int]:
    """What the new snapshot gains and loses against the old one: found quotations that are right or
    spurious, speakers that became right or wrong. Returns the counts."""
    console = console or Console()
    old = {_key(r): r for r in _read(old_path) if not r.get("missed")}
    new = {_key(r): r for r in _read(new_path) if not r.get("missed")}
    gained = [new[k] for k in new.keys() - old.keys()]
    lost = [old[k] for k in old.keys() - new.keys()]
    changed = [(old[k], new[k]) for k in old.keys() & new.keys() if old[k]["speaker_ok"] != new[k]["speaker_ok"]]
    counts = Counter()
    counts["gained right"] = sum(1 for r in gained if r["matched"])
    counts["gained spurious"] = sum(1 for r in gained if not r["matched"])
    counts["lost right"] = sum(1 for r in lost if r["matched"])
    counts["lost spurious"] = sum(1 for r in lost if not r["matched"])
    counts["speaker now right"] = sum(1 for _, n in changed if n["speaker_ok"])
    counts["speaker now wrong"] = sum(1 for _, n in changed if n["speaker_ok"] is False)
    counts["rule changed"] = sum(1 for k in old.keys() & new.keys() if old[k]["rule"] != new[k]["rule"])
    console.print(", ".join(f"{k} {v}" for k, v in counts.items()))
    for title, rows in (("gained", gained), ("lost", lost)):
        for r in sorted(rows, key=_key)[:show]:
            mark = "right" if r["matched"] else "spurious"
            console.print(f"  {title:6} {mark:8} {r['doc'][:40]} {r['start']}-{r['end']} {r['kind']} {r['rule']}")
    for o, n in sorted(changed, key=lambda p: _key(p[0]))[:show]:
        console.print(
            f"  speaker {o['speaker']!r} -> {n['speaker']!r} ({'right' if n['speaker_ok'] else 'wrong'}) "
            f"{n['doc'][:40]} {n['start']}-{n['end']}"
        )
    return dict(counts)
