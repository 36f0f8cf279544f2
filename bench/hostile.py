"""Seconds and memory per hostile input through `quotewatch add`, at the default limits.

    python bench/hostile.py [--only SUBSTRING] [--json]

The inputs are generated (tests/hostile_inputs.py, the same makers the tests use): long words, floods
of quotation marks, 1/5/20 MB texts, deep and script-laden HTML, binary and UTF-16 files, compression
bombs and corrupt archives. Each runs in a fresh process that first loads the models (not counted),
then adds the input to a new SQLite archive; the figures are that add's wall time and the process's peak
resident memory. The target: every input under 10 s.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

CHILD = r"""
import json, resource, sys, time
from quotewatch.ingest import add_sources
from quotewatch.pipeline import extract
from quotewatch.store import Repository
extract("Titel\nDer Minister sagte, die Lage sei ernst.")  # models load once per process: not counted
repo = Repository.open(sys.argv[2])
t0 = time.perf_counter()
report = add_sources(repo, [sys.argv[1]], show_progress=False)
seconds = time.perf_counter() - t0
stats = repo.stats()
repo.close()
print(json.dumps({
    "seconds": seconds,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "stored_pages": stats["pages"], "quotes": stats["quotes"],
    "errors": [e.message for e in report.errors][:3], "warnings": [w for _, w in report.warnings][:3],
}))
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="run only the inputs whose name contains this")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from hostile_inputs import corpus

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, make in corpus().items():
            if args.only and args.only not in name:
                continue
            path = make(folder)
            db = folder / f"{path.name}.db"
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(path), str(db)], capture_output=True, text=True, timeout=900
            )
            if done.returncode != 0:
                row = {"input": name, "size_mb": path.stat().st_size / 1e6, "failed": done.stderr.strip()[-300:]}
            else:
                row = {"input": name, "size_mb": path.stat().st_size / 1e6, **json.loads(done.stdout.splitlines()[-1])}
            rows.append(row)
            path.unlink()
            if not args.json:
                _print(row)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        worst = max(rows, key=lambda r: r.get("seconds", float("inf")))
        print(f"\nworst case: {worst['input']}, {worst.get('seconds', float('nan')):.2f} s (target < 10 s)")
    return 0 if all("failed" not in r and r["seconds"] < 10 for r in rows) else 1


def _print(row: dict) -> None:
    if "failed" in row:
        print(f"{row['input']:<42} FAILED {row['failed']}")
        return
    what = row["errors"][0] if row["errors"] else (row["warnings"][0] if row["warnings"] else "")
    print(
        f"{row['input']:<42} {row['size_mb']:7.2f} MB {row['seconds']:6.2f} s {row['peak_mb']:6.0f} MB peak  "
        f"pages {row['stored_pages']} quotes {row['quotes']:5d}  {what[:70]}",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
