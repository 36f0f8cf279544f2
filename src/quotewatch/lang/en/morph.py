"""English morphology, as far as the rules need it: in English only names are capitalised."""

from __future__ import annotations


def is_proper_noun(word: str) -> bool:
    return word[:1].isupper() and not word.isupper() or len(word) > 1 and word.isupper()


def is_noun_like(word: str) -> bool:
    return True


def is_subjunctive(word: str) -> bool:
    return False


def is_finite_verb(word: str) -> bool:
    return word.endswith(("ed", "s")) and word[:1].islower()


def lemma(word: str) -> str:
    return word
