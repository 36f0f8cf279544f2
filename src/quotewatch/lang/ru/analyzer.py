"""Russian analysis, for now the regular-expression segmenter and the German rules' reading of names
(lang/de/analyzer.py), until a parser of the language builds the Doc."""

from __future__ import annotations

from collections.abc import Callable

from quotewatch.lang import LanguagePack
from quotewatch.lang.de.analyzer import analyze

__all__ = ["analyze", "hooks"]


def hooks(pack: LanguagePack) -> dict[str, Callable]:
    return {}
