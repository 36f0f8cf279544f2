from __future__ import annotations

from pathlib import Path

import pytest

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
