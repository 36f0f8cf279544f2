"""German morphology from HanTa (Hanover Tagger), loaded once and asked one word at a time.

HanTa has no mood feature; Konjunktiv I is read off its morpheme analysis: a finite verb whose
inflection suffix is a bare "-e" on an indicative stem (halte, entspreche, könne) or one of the
irregular forms (sei, seien). Konjunktiv II stems carry HanTa's *_VAR tag (hätte, würde) and are
told apart so that callers can weigh them differently.
HanTa's analyses are cached: news vocabularies repeat, and HanTa costs ~0.3 ms per new word. The cache
is kept on disk between runs and shared by workers (quotewatch.analysis_cache), so a new process does
not pay again for the words earlier runs analysed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache
from typing import TypeVar

from quotewatch import analysis_cache, budget
from quotewatch.settings import MAX_ANALYSED_WORD

T = TypeVar("T")

SEIN_KONJ1 = frozenset({"sei", "seist", "seiest", "seien", "seiet"})
# present-tense forms that look like Konjunktiv I but are the same as the indicative 1st/3rd plural
NOT_SUBJUNCTIVE = frozenset({"gerne", "alle", "ohne", "dabei", "lage", "ende", "sache", "weise", "eine", "keine"})


_loading = threading.Lock()
_loaded: list = []


def _tagger():
    # loaded once, under a lock: threads that ask first at the same moment must not each load it
    if not _loaded:
        with _loading:
            if not _loaded:
                from HanTa import HanoverTagger as ht

                _loaded.append(ht.HanoverTagger("morphmodel_ger.pgz"))
    return _loaded[0]


CACHE_SIZE = 200_000
_analyses: dict[str, tuple[str, str]] = {}
_tags: dict[str, str] = {}
_morpheme_cache: dict[str, tuple[tuple[str, str], ...]] = {}


def _unanalysable(word: str) -> bool:
    """Words the analyser is not asked about: its cost grows with the square of a word's length (0.1 s at
    60 letters), and once a page's time budget is spent no new word is analysed. Not cached, so a word
    skipped under one page's budget is analysed for the next page."""
    return len(word) > MAX_ANALYSED_WORD or budget.current().spent()


_stored: list[bool] = []  # whether the analyses of earlier runs were read


@cache
def _namespace(kind: str) -> str:
    from importlib.metadata import version

    return f"hanta-{kind}:{version('HanTa')}"


def _read_stored() -> None:
    """Start from the analyses earlier runs wrote (once per process; half the cache's room at most)."""
    with _loading:
        if not _stored:
            for kind, table in (("analyze", _analyses), ("tag", _tags), ("morphemes", _morpheme_cache)):
                table.update(analysis_cache.load(_namespace(kind), CACHE_SIZE // 2))  # type: ignore[arg-type]
            _stored.append(True)


def _cached(table: dict, kind: str, word: str, compute: Callable[[str], T], unanalysed: T) -> T:
    """One word's analysis of a kind: from the process's `table`, or computed, kept there and queued for
    the disk under the kind's namespace; `unanalysed` for a word the analyser is not asked about."""
    if not _stored:
        _read_stored()
    found = table.get(word)
    if found is None:
        if _unanalysable(word):
            return unanalysed
        if len(table) >= CACHE_SIZE:
            table.clear()
        found = table[word] = compute(word)
        analysis_cache.remember(_namespace(kind), word, found)
    return found  # type: ignore[return-value]


def tag(word: str) -> str:
    """The STTS-like tag of one word; "XY" (unknown) for words not analysed.

    HanTa finds a word's tag by a forward pass over its segmentations (two thirds of its cost for a new
    word) and its lemma or morphemes by a Viterbi pass for that tag. Most questions (a proper noun? a
    finite verb?) need the tag alone, and a later question needing more passes the tag back to HanTa,
    so no word goes through the forward pass twice."""
    known = _analyses.get(word)
    if known is not None:
        return known[1]
    return _cached(_tags, "tag", word, lambda w: _tagger().tag_word(w, cutoff=0)[0][0], "XY")


def analyze(word: str) -> tuple[str, str]:
    """(lemma, STTS-like tag) of one word; "XY" (unknown) for words not analysed."""
    return _cached(_analyses, "analyze", word, lambda w: tuple(_tagger().analyze(w, pos=tag(w))), (word, "XY"))


def _morpheme_analysis(word: str) -> tuple[tuple[str, str], ...]:
    result = _tagger().analyze(word, pos=tag(word), taglevel=3)
    return tuple(tuple(m) for m in result[1]) if isinstance(result[1], list) else ()


def _morphemes(word: str) -> tuple[tuple[str, str], ...]:
    return _cached(_morpheme_cache, "morphemes", word, _morpheme_analysis, ())


def _remembered(fn):  # type: ignore[no-untyped-def]
    """Cache an answer derived from the analyses, but not one given while the analyser was skipped (a spent
    budget): the next page asks again."""
    answers: dict[str, bool] = {}

    def ask(word: str) -> bool:
        found = answers.get(word)
        if found is None:
            found = fn(word)
            if not _unanalysable(word):
                if len(answers) >= CACHE_SIZE:
                    answers.clear()
                answers[word] = found
        return found

    ask.__doc__, ask.__name__ = fn.__doc__, fn.__name__
    return ask


def is_finite_verb(word: str) -> bool:
    return "(FIN)" in tag(word)


@_remembered
def is_subjunctive(word: str) -> bool:
    """Konjunktiv I (the mood of reported speech) of a German finite verb form, lower case."""
    w = word.lower()
    if w in SEIN_KONJ1:
        return True
    if not w.endswith("e") or w in NOT_SUBJUNCTIVE or len(w) < 4:
        return False
    if not is_finite_verb(w):
        return False
    morphemes = _morphemes(w)
    if not morphemes:
        return False
    suffix = morphemes[-1]
    stem_tags = {tag for _, tag in morphemes[:-1]}
    # "sagte" ends in SUF_FIN "te" (past); "hätte" has a *_VAR stem (Konjunktiv II)
    return suffix == ("e", "SUF_FIN") and not any(t.endswith("_VAR") for t in stem_tags)


@_remembered
def is_subjunctive_ii(word: str) -> bool:
    """Konjunktiv II of a strong verb ("kämen", "gäbe", "stünde", "bliebe"), read off HanTa's *_VAR stem
    with an umlaut or a singular "-e": otherwise the form is mostly the past indicative ("kamen",
    "wurde"). Lower case."""
    w = word.lower()
    if len(w) < 4 or not w.endswith(("e", "en")) or not is_finite_verb(w):
        return False
    morphemes = _morphemes(w)
    if len(morphemes) < 2 or morphemes[-1][1] != "SUF_FIN" or not morphemes[-2][1].endswith("_VAR"):
        return False
    # "bliebe", "ginge", "hieße": a strong past stem with a singular "-e" has no indicative reading
    # (only "wurde", an auxiliary, has); the plural "-en" ("blieben") has one
    if morphemes[-1][0] == "e" and morphemes[-2][1] == "VV_VAR":
        return True
    return any(c in morphemes[-2][0] for c in "äöü")


@_remembered
def is_proper_noun(word: str) -> bool:
    if not word[:1].isupper():
        return False
    return tag(word) == "NE"


@_remembered
def is_noun_like(word: str) -> bool:
    """Can a capitalised word head a noun phrase (noun, name, foreign word), whatever its position?"""
    return tag(word) in ("NN", "NE", "FM", "XY", "TRUNC", "ADJA", "ADJ(A)", "CARD")


def lemma(word: str) -> str:
    """Dictionary form of a word, keeping the capitalisation of nouns."""
    base = analyze(word)[0]
    if word[: len(base)].lower() == base.lower():
        return word[: len(base)]  # "SPD-Politikers" -> "SPD-Politiker", not "Spd-politiker"
    return base[:1].upper() + base[1:] if word[:1].isupper() else base
