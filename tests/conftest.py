from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# the word-analysis cache of the tests' processes (and their subprocesses) is theirs, not the user's
os.environ.setdefault("QUOTEWATCH_CACHE_DIR", tempfile.mkdtemp(prefix="quotewatch-test-cache-"))

from quotewatch.lang import load
from quotewatch.quotes.detect import find_quotes

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE = SHARED / "samples" / "belta-de-2025-08-08-lukaschenko-time.txt"
CORPUS = SHARED / "corpora" / "german-news-quotes"


def needs_shared(path: Path):
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is absent (../shared holds the real data)")


def quotes_de(text: str):
    return find_quotes(text, load("de"))


def by_text(quotes, fragment: str):
    """The innermost quotation whose text contains `fragment` (its parents contain it too)."""
    found = sorted((q for q in quotes if fragment in q.text), key=lambda q: len(q.text))
    assert found, f"no quotation contains {fragment!r}: {[q.text for q in quotes]}"
    return found[0]


def speaker_of(quotes, fragment: str) -> str | None:
    """The speaker's name of the innermost quotation holding `fragment`, or None."""
    q = by_text(quotes, fragment)
    return q.speaker.name if q.speaker else None


@pytest.fixture(scope="session")
def pg_server():
    from pg import PostgresServer

    server = PostgresServer()
    why = server.available
    if why:
        pytest.skip(f"PostgreSQL tests need a server: {why}")
    with server:
        yield server


_db_counter = iter(range(10**6))


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """The same test on both back-ends: an SQLite file, and a fresh database on a real PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "archive.db")
    server = request.getfixturevalue("pg_server")
    return server.create_database(f"qw_test_{next(_db_counter)}")
