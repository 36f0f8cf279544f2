"""Language packs: all language-specific knowledge, loaded from the folder `lang/<code>/`.

A language is a folder: its lexicons and word classes as data files (each folder's README says what
every file holds), and an `analyzer.py` that turns a text into the shared `Doc` and supplies the
morphology the rules ask about. Packs are discovered (every folder here with a `function_words.tsv`),
not listed. Rules read word classes by name; a pack declares every class it has (an empty class with
`-`), and asking a pack for a class it does not declare is an error, not a silently empty set.
"""

from __future__ import annotations

import csv
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from quotewatch.lang.verbforms import VerbEntry, expand_verb

# the pack used for a text in a language no pack serves (or whose language is unknown): the project
# began with German, and its scraped-text cleaner and rules are the most complete
FALLBACK = "de"


@cache
def available() -> tuple[str, ...]:
    """The languages with a pack: the folders of lang/ holding a function_words.tsv."""
    root = resources.files("quotewatch") / "lang"
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "function_words.tsv").is_file()))


def pack_code(language: str | None) -> str:
    """The pack that serves a language: its own, or the fallback."""
    return language if language in available() else FALLBACK


def words_of(language: str | None, *classes: str) -> frozenset[str]:
    """The union of word classes of the language's own pack: empty for a language without a pack (no
    fallback: another language's words would be wrong there) and for classes the pack does not declare.
    For engine parts that use a class where a pack offers it (stance, entities, claim retrieval)."""
    if language not in available():
        return frozenset()
    pack = load(language)
    return pack.word_classes(*(c for c in classes if pack.declares(c)))


def has_feature(language: str | None, feature: str) -> bool:
    """Does the language's own pack declare a feature ("compound_nouns")? False without a pack."""
    return language in available() and load(language).has(feature)


class UndeclaredWordClass(KeyError):
    """A rule asked a pack for a word class the pack does not declare."""


@dataclass(frozen=True)
class AccordingTo:
    words: tuple[str, ...]  # lower-case tokens of the marker, e.g. ("nach", "angaben")
    position: str  # before | after | postposed | anaphoric | impersonal
    flags: frozenset[str] = frozenset()  # strict | subjunctive | relative (see according_to.tsv)

    @property
    def strict(self) -> bool:
        return "strict" in self.flags


# morphology and grammar the rules may ask a pack about; a language's analyzer supplies those it has
HOOKS = (
    "is_subjunctive",
    "is_subjunctive_ii",
    "is_proper_noun",
    "is_finite_verb",
    "is_noun_like",
    "lemma",
    "can_speak",
    "normal_name",
)


@dataclass
class LanguagePack:
    code: str
    abbreviations: frozenset[str] = frozenset()
    speech_verbs: dict[str, list[VerbEntry]] = field(default_factory=dict)
    according_to: list[AccordingTo] = field(default_factory=list)
    role_nouns: dict[str, str] = field(default_factory=dict)
    nationalities: dict[str, str] = field(default_factory=dict)
    pronouns: dict[str, tuple[int, str]] = field(default_factory=dict)
    first_names: dict[str, str] = field(default_factory=dict)
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    cue_nouns: frozenset[str] = frozenset()
    not_cues: frozenset[str] = frozenset()
    perfect_cues: frozenset[str] = frozenset()  # not cues, except closing a perfect before a comma
    speech_acts: frozenset[str] = frozenset()
    # speech acts that report a statement only with one of these words after the verb ("sprach von")
    speech_act_links: dict[str, frozenset[str]] = field(default_factory=dict)
    not_cue_particles: dict[str, frozenset[str]] = field(default_factory=dict)
    not_cue_in_clause: frozenset[str] = frozenset()  # verbs whose excluding words may stand anywhere in the clause
    name_introducers: frozenset[str] = frozenset()
    # hooks, supplied by lang/<code>/analyzer.py where the language has them
    is_subjunctive: Callable[[str], bool] = lambda w: False
    is_subjunctive_ii: Callable[[str], bool] = lambda w: False
    is_proper_noun: Callable[[str], bool] = lambda w: False
    is_finite_verb: Callable[[str], bool] = lambda w: False
    is_noun_like: Callable[[str], bool] = lambda w: True
    lemma: Callable[[str], str] = lambda w: w
    can_speak: Callable[[object], bool] = lambda mention: True
    # the words of a name as the canonical name writes them (Russian: in the nominative)
    normal_name: Callable[[list], list[str]] = lambda tokens: [t.text for t in tokens]
    analyzer: object = None  # the module lang/<code>/analyzer.py (analyze(text, pack, budget) -> Doc)

    _unions: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, repr=False)

    def word_class(self, name: str) -> frozenset[str]:
        try:
            return self.words[name]
        except KeyError:
            raise UndeclaredWordClass(
                f"the {self.code} pack declares no word class {name!r} (lang/{self.code}/function_words.tsv)"
            ) from None

    def declares(self, name: str) -> bool:
        return name in self.words

    def word_classes(self, *names: str) -> frozenset[str]:
        """The union of several word classes, built once (the rules ask for the same unions per token)."""
        union = self._unions.get(names)
        if union is None:
            union = self._unions[names] = frozenset().union(*(self.word_class(n) for n in names))
        return union

    def ends_with(self, word: str, class_name: str) -> bool:
        """Does a word end in one of the endings listed in a word class ("adjective_ending")?"""
        endings = self.word_class(class_name)
        return bool(endings) and word.endswith(tuple(endings))

    def has(self, feature: str) -> bool:
        """A grammatical feature the rules depend on ("capitalised_nouns", "verb_second", "dependencies")."""
        return feature in self.words.get("feature", frozenset())


def _rows(code: str, filename: str) -> list[list[str]]:
    path = resources.files("quotewatch") / "lang" / code / filename
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return [[c.strip() for c in row] for row in csv.reader(lines, delimiter="\t")]


@cache
def load(code: str) -> LanguagePack:
    """The language pack for an ISO 639-1 code (the fallback's for a language without a pack)."""
    code = pack_code(code)
    pack = LanguagePack(code=code)
    pack.abbreviations = frozenset(r[0].lower() for r in _rows(code, "abbreviations.txt"))
    for row in _rows(code, "speech_verbs.tsv"):
        verb, particle, forms = (row + ["-", "-"])[:3]
        for form, entry in expand_verb(code, verb, None if particle == "-" else particle, forms):
            pack.speech_verbs.setdefault(form, []).append(entry)
    pack.according_to = [
        AccordingTo(tuple(r[0].lower().split()), r[1], frozenset(r[2].split(",")) if len(r) > 2 else frozenset())
        for r in _rows(code, "according_to.tsv")
    ]
    # longest markers first, so "nach Angaben von" wins over "nach"
    pack.according_to.sort(key=lambda m: -len(m.words))
    pack.role_nouns = {r[0]: r[1] for r in _rows(code, "role_nouns.tsv")}
    pack.nationalities = {r[0]: r[1] for r in _rows(code, "nationalities.tsv")}
    pack.pronouns = {r[0]: (int(r[1]), r[2]) for r in _rows(code, "pronouns.tsv")}
    pack.first_names = {r[0]: r[1] for r in _rows(code, "first_names.tsv")}
    pack.cue_nouns = frozenset(r[0] for r in _rows(code, "cue_nouns.txt"))
    not_cue_rows = _rows(code, "not_cue_particles.tsv")
    pack.not_cue_particles = {r[0]: frozenset(r[1].split()) for r in not_cue_rows}
    pack.not_cue_in_clause = frozenset(r[0] for r in not_cue_rows if len(r) > 2 and r[2] == "clause")
    acts = _rows(code, "speech_acts.txt")
    pack.speech_acts = frozenset(r[0] for r in acts)
    pack.speech_act_links = {r[0]: frozenset(r[1].split()) for r in acts if len(r) > 1}
    not_cues = _rows(code, "not_cues.txt")
    pack.not_cues = frozenset(r[0].lower() for r in not_cues)
    pack.perfect_cues = frozenset(r[0].lower() for r in not_cues if len(r) > 1 and r[1] == "perfect")
    pack.name_introducers = frozenset(r[0] for r in _rows(code, "name_introducers.txt"))
    # a class listed as "-" is declared and empty: the language has no such words
    pack.words = {r[0]: frozenset(w for w in r[1].split() if w != "-") for r in _rows(code, "function_words.tsv")}
    analyzer = importlib.import_module(f"quotewatch.lang.{code}.analyzer")
    pack.analyzer = analyzer
    for name, hook in analyzer.hooks(pack).items():
        if name not in HOOKS:
            raise ValueError(f"lang/{code}/analyzer.py supplies an unknown hook {name!r}")
        setattr(pack, name, hook)
    return pack
