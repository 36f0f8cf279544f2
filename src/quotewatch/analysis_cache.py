"""Word analyses kept on disk between runs and shared by worker processes.

A morphological analyser costs about a millisecond per word it has not seen; news vocabularies repeat,
so a process that starts with the analyses of earlier runs extracts unseen pages almost at the speed
of pages it has read before. One SQLite file (WAL, so workers read while one writes) holds a table of
(namespace, word, analysis); a namespace names the analyser and its version, so a new model never
reads an old one's answers. A process loads its namespaces once, when it first needs them, and writes
what it learned in batches and at exit.

The file lives in `$QUOTEWATCH_CACHE_DIR` (default `~/.cache/quotewatch`); `QUOTEWATCH_CACHE_DIR=off`
turns it off. It stops growing at `settings.MAX_ANALYSIS_CACHE_BYTES`. It is a cache: a file that cannot
be read or written (a read-only disk, a damaged file, a full disk) is left alone with one warning and
the run goes on without it.
"""

from __future__ import annotations

import atexit
import json
import logging
import multiprocessing.util
import os
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger(__name__)

FILE_NAME = "analyses.sqlite"
FLUSH_EVERY = 2_000  # new analyses written in one transaction

_lock = threading.Lock()
_pending: list[tuple[str, str, str]] = []
_broken = False
_said_full = False


def cache_dir() -> Path | None:
    value = os.environ.get("QUOTEWATCH_CACHE_DIR")
    if value is not None and value.strip().lower() in ("", "off", "none", "0"):
        return None
    return Path(value) if value else Path.home() / ".cache" / "quotewatch"


def _connect() -> sqlite3.Connection | None:
    global _broken
    where = cache_dir()
    if where is None or _broken:
        return None
    try:
        where.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(where / FILE_NAME, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(
            """CREATE TABLE IF NOT EXISTS analyses (
                 namespace TEXT NOT NULL, word TEXT NOT NULL, analysis TEXT NOT NULL,
                 PRIMARY KEY (namespace, word)) WITHOUT ROWID"""
        )
        return conn
    except (OSError, sqlite3.Error) as e:
        _broken = True
        log.warning("word-analysis cache in %s not used: %s", where, e)
        return None


def load(namespace: str, limit: int) -> dict[str, object]:
    """At most `limit` analyses stored under `namespace` (JSON values, lists as tuples), or {} without
    a cache."""
    global _broken
    conn = _connect()
    if conn is None:
        return {}
    try:
        rows = conn.execute(
            "SELECT word, analysis FROM analyses WHERE namespace = ? LIMIT ?", (namespace, limit)
        ).fetchall()
        return {word: _tuples(json.loads(analysis)) for word, analysis in rows}
    except (sqlite3.Error, ValueError) as e:
        _broken = True
        log.warning("word-analysis cache not read: %s", e)
        return {}
    finally:
        conn.close()


def remember(namespace: str, word: str, analysis: object) -> None:
    """Queue one new analysis for the file; written every FLUSH_EVERY and at exit."""
    if _broken or cache_dir() is None:
        return
    with _lock:
        _pending.append((namespace, word, json.dumps(analysis, ensure_ascii=False)))
        full = len(_pending) >= FLUSH_EVERY
    if full:
        flush()


def flush() -> None:
    """Write the queued analyses (another process may have written the same words: kept once)."""
    global _broken
    with _lock:
        batch = _pending[:]
        _pending.clear()
    if not batch:
        return
    conn = _connect()
    if conn is None:
        return
    if _full():
        conn.close()
        return
    try:
        with conn:
            conn.executemany("INSERT OR IGNORE INTO analyses (namespace, word, analysis) VALUES (?, ?, ?)", batch)
    except sqlite3.Error as e:
        _broken = True
        log.warning("word-analysis cache not written: %s", e)
    finally:
        conn.close()


def _full() -> bool:
    """Whether the file has reached its size limit (said once per process): it is read, not grown."""
    global _said_full
    from quotewatch.settings import MAX_ANALYSIS_CACHE_BYTES

    where = cache_dir()
    try:
        size = sum(f.stat().st_size for f in where.glob(FILE_NAME + "*")) if where else 0
    except OSError:
        return False
    if size < MAX_ANALYSIS_CACHE_BYTES:
        return False
    if not _said_full:
        _said_full = True
        log.warning("word-analysis cache in %s is full (%d bytes): new analyses are not kept", where, size)
    return True


def _tuples(value: object) -> object:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


atexit.register(flush)
# worker processes of a pool leave by os._exit, which skips atexit: their finalizers still run
multiprocessing.util.Finalize(None, flush, exitpriority=10)
