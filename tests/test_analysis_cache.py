"""Word analyses kept on disk: a new process starts from what earlier ones analysed, and a cache that
cannot be used never stops a run."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEXT = (
    "Der Minister erklärte am Montag, die Verhandlungen seien weit fortgeschritten. "
    "„Wir kommen gut voran“, sagte Hildegard Brenner in Potsdam."
)
# extracts the text and says whether HanTa's model had to be loaded, and how many quotations it found
PROGRAM = f"""
import quotewatch
from quotewatch.lang.de import morph
found = quotewatch.extract({TEXT!r}, language="de")
print(len(found.quotes), bool(morph._loaded))
"""


def run(cache: Path | str) -> tuple[int, bool, str]:
    env = {**os.environ, "QUOTEWATCH_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, env=env, cwd=REPO, timeout=120
    )
    assert done.returncode == 0, done.stderr
    quotes, loaded = done.stdout.split()
    return int(quotes), loaded == "True", done.stderr


def test_a_new_process_starts_from_the_analyses_of_earlier_ones(tmp_path):
    first_quotes, first_loaded, _ = run(tmp_path)
    assert first_loaded and first_quotes >= 2
    with sqlite3.connect(tmp_path / "analyses.sqlite") as db:
        kinds = {r[0].split(":")[0] for r in db.execute("SELECT DISTINCT namespace FROM analyses")}
    assert {"hanta-tag", "hanta-morphemes"} <= kinds <= {"hanta-analyze", "hanta-tag", "hanta-morphemes"}
    quotes, loaded, _ = run(tmp_path)
    assert quotes == first_quotes and not loaded  # every word known: the model is never loaded


def test_a_damaged_or_unwritable_cache_is_left_alone(tmp_path):
    baseline, _, _ = run("off")
    (tmp_path / "analyses.sqlite").write_bytes(b"not a database" * 100)
    quotes, loaded, err = run(tmp_path)
    assert quotes == baseline and loaded
    assert "word-analysis cache" in err and "Traceback" not in err
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    quotes, _, err = run(blocked / "cache")  # a directory that cannot be made
    assert quotes == baseline and "Traceback" not in err


def test_a_full_cache_is_read_but_not_grown(tmp_path, monkeypatch, caplog):
    from quotewatch import analysis_cache, settings

    monkeypatch.setenv("QUOTEWATCH_CACHE_DIR", str(tmp_path))
    analysis_cache.remember("test:1", "Wort", ["Wort", "NN"])
    analysis_cache.flush()
    assert analysis_cache.load("test:1", 10) == {"Wort": ("Wort", "NN")}
    monkeypatch.setattr(settings, "MAX_ANALYSIS_CACHE_BYTES", 1)  # any file is over it now
    monkeypatch.setattr(analysis_cache, "_said_full", False)
    for i in range(50):  # a page of made-up words
        analysis_cache.remember("test:1", f"Xq{i}zz", [f"Xq{i}zz", "NE"])
    analysis_cache.flush()
    assert analysis_cache.load("test:1", 100) == {"Wort": ("Wort", "NN")}
    assert "is full" in caplog.text
