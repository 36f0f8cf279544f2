"""English analysis, for now the regular-expression segmenter and the German rules' reading of names
(lang/de/analyzer.py), until a parser of the language builds the Doc."""

from __future__ import annotations

from collections.abc import Callable

from quotewatch.lang import LanguagePack
from quotewatch.lang.de.analyzer import analyze
from quotewatch.lang.en import morph

__all__ = ["analyze", "hooks"]


def hooks(pack: LanguagePack) -> dict[str, Callable]:
    return {
        "is_subjunctive": morph.is_subjunctive,
        "is_proper_noun": morph.is_proper_noun,
        "is_finite_verb": morph.is_finite_verb,
        "is_noun_like": morph.is_noun_like,
        "lemma": morph.lemma,
    }
