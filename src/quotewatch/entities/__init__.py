"""The entities statements speak about — countries with their people and adjectives, capitals standing
for governments, organisations, places, topics and people — in one table with names in any language,
and the linker that finds them in a text.

The table is built once per process from well-kept data and our curated file:
- countries: ISO 3166 codes and their names in German, English and Russian from CLDR (`babel`);
- `data/entities.tsv`: demonyms, adjectives, short forms, capitals, organisations, places, topics;
- `data/people.tsv`: the speakers' gazetteer (the same file the speaker resolution reads).

A name matches as written or by the lemmas of its words in the text's language, so inflected forms
need not be listed ("Amerikanern", "американцами", "Соединенных Штатов"). A capitalised word of a
name matches only a capitalised word of the text ("the West" is not "the west"), and an all-capital
word of up to three letters only as written ("US" is not "us").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from quotewatch.lang import has_feature
from quotewatch.store.text import lemmas

WORD = re.compile(r"\w+")  # "US-Regierung", "NATO-Staaten": the parts are words of their own
COMPOUND_PART = 5  # letters a name needs to be found inside a compound ("Russlandpolitik", "Westukraine")
COMPOUND_REST = 4
LANGUAGES = ("de", "en", "ru")
MAX_WORDS = 5


@dataclass
class Entity:
    id: str
    type: str
    name: str  # shown where no name in the reader's language is known
    names: dict[str, str] = field(default_factory=dict)  # language -> name
    aliases: list[str] = field(default_factory=list)
    stands_for: str | None = None  # "Washington" stands for the US

    def label(self, language: str | None = None) -> str:
        return self.names.get(language or "", self.name)


@dataclass(frozen=True)
class Mention:
    entity: str  # id
    start: int
    end: int
    text: str


@dataclass
class Table:
    entities: dict[str, Entity]
    # a name's words, as written (exact) or folded to lemmas -> (entity id, per-word case constraints)
    index: dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]]
    # one-word names long enough to be found at the start or end of a compound -> their first entity
    parts: dict[str, str] = field(default_factory=dict)
    starts: set[str] = field(default_factory=set)  # the first words of names of several words

    def find(self, name: str) -> Entity | None:
        """An entity by its id or any of its names, in any case or form ("USA", "us", "США", "Amerikaner",
        "Amerikanern"); None unless the whole text names one."""
        if name in self.entities:
            return self.entities[name]
        upper = name.strip().upper()
        if upper in self.entities:
            return self.entities[upper]
        text = name.strip()
        for language in (None, *LANGUAGES):
            # the whole text must name the entity: "Beziehung USA" is a search for words
            whole = [m for m in link(text, language, constrained=False) if m.start == 0 and m.end == len(text)]
            if whole:
                own = [m for m in whole if self.entities[m.entity].stands_for is None] or whole
                return self.entities[own[0].entity]
        return None


def _case(word: str) -> str:
    """The case constraint a name's word puts on the text: exact (short all-caps), cap(italised) or any."""
    if word.isupper() and len(word) <= 3:
        return "exact"
    return "cap" if word[:1].isupper() else "any"


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def _keys(alias: str) -> set[tuple[str, ...]]:
    words = WORD.findall(alias)
    keys = {tuple(_fold(w) for w in words)}
    for lang in LANGUAGES:
        folded = lemmas(" ".join(words), lang)
        if len(folded) == len(words):
            keys.add(tuple(_fold(w) for w in folded))
    return keys


def _rows(name: str) -> list[list[str]]:
    text = (resources.files("quotewatch") / "data" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def table() -> Table:
    from babel import Locale

    entities: dict[str, Entity] = {}
    territories = {lang: Locale(lang).territories for lang in LANGUAGES}
    for code, english in territories["en"].items():
        if len(code) == 2 and code.isalpha() and code not in ("EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"):
            names = {lang: territories[lang].get(code, english) for lang in LANGUAGES}
            entities[code] = Entity(code, "country", names["de"], names, list(dict.fromkeys(names.values())))
    for cols in _rows("entities.tsv"):
        ident, kind, aliases = cols[0].strip(), cols[1].strip(), [a.strip() for a in cols[2].split(";") if a.strip()]
        stands_for = cols[3].strip() if len(cols) > 3 and cols[3].strip() else None
        found = entities.get(ident)
        if found is None:
            entities[ident] = Entity(ident, kind, aliases[0] if aliases else ident, {}, aliases, stands_for)
        else:
            found.aliases += [a for a in aliases if a not in found.aliases]
            found.name = aliases[0] if aliases else found.name
    for cols in _rows("people.tsv"):
        canonical = cols[0].strip()
        aliases = [canonical, *(a.strip() for a in cols[1].split(";") if a.strip())] if len(cols) > 1 else [canonical]
        names = {}
        if len(cols) > 5:
            names = dict(p.split("=", 1) for p in cols[5].split(";") if "=" in p)
        # a person is also named by the surname alone ("Zichanouskaja", "Ляйен")
        surnames = [a.split()[-1] for a in aliases if len(a.split()) > 1 and len(a.split()[-1]) > 3]
        aliases += [s for s in surnames if s not in aliases]
        entities[canonical] = Entity(canonical, "person", canonical, {"de": canonical, **names}, aliases)
    index: dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]] = {}
    for entity in entities.values():
        for alias in entity.aliases:
            words = WORD.findall(alias)
            if not words or len(words) > MAX_WORDS:
                continue
            cases = tuple(_case(w) for w in words)
            for key in _keys(alias):
                entry = (entity.id, cases)
                if entry not in index.setdefault(key, []):
                    index[key].append(entry)
    parts: dict[str, str] = {}
    for key, entries in sorted(index.items()):
        if len(key) == 1 and len(key[0]) >= COMPOUND_PART:
            idents = sorted(ident for ident, _ in entries if entities[ident].type != "person")
            if idents:
                parts[key[0]] = idents[0]
    return Table(entities, index, parts, {key[0] for key in index if len(key) > 1})


@cache
def signature() -> str:
    """What the table is built from (its files and CLDR's version): links made with another are redone."""
    import hashlib

    import babel

    digest = hashlib.sha256(babel.__version__.encode())
    for name in ("entities.tsv", "people.tsv"):
        digest.update((resources.files("quotewatch") / "data" / name).read_bytes())
    return digest.hexdigest()[:16]


def _fits(case: str, word: str) -> bool:
    if case == "exact":
        return word.isupper()
    return case == "any" or word[:1].isupper()


def _mentions(t: Table, ident: str, start: int, end: int, text: str) -> list[Mention]:
    """A mention of an entity, and of what it stands for ("Washington" -> the US too)."""
    also = t.entities[ident].stands_for
    return [Mention(e, start, end, text[start:end]) for e in (ident, also) if e]


def link(text: str, language: str | None, constrained: bool = True) -> list[Mention]:
    """The entities a text names, longest names first, with offsets into the text; a capital named
    for its government also yields its country ("Washington" -> Washington and US)."""
    t = table()
    tokens = list(WORD.finditer(text))
    if not tokens:
        return []
    surface = [_fold(m.group()) for m in tokens]
    folded = [_fold(w) for w in lemmas(" ".join(m.group() for m in tokens), language)] if language else surface
    if len(folded) != len(tokens):
        folded = surface
    found: list[Mention] = []
    taken: set[int] = set()
    for size in range(min(MAX_WORDS, len(tokens)), 0, -1):
        for i in range(len(tokens) - size + 1):
            if size > 1 and surface[i] not in t.starts and folded[i] not in t.starts:
                continue  # no name of several words begins here
            if any(j in taken for j in range(i, i + size)):
                continue
            candidates = t.index.get(tuple(surface[i : i + size]), []) + t.index.get(tuple(folded[i : i + size]), [])
            hits = {
                ident
                for ident, cases in candidates
                if not constrained or all(_fits(c, tokens[i + k].group()) for k, c in enumerate(cases))
            }
            if not hits:
                continue
            start, end = tokens[i].start(), tokens[i + size - 1].end()
            for ident in sorted(hits):
                found += _mentions(t, ident, start, end, text)
            taken.update(range(i, i + size))
    endings = _endings(language) if language else ()
    for i, token in enumerate(tokens):
        if i in taken or not endings:
            continue
        for ending in endings:  # "Russlands" -> "russland", "belarussischen" -> "belarussisch"
            stem = surface[i][: -len(ending)]
            if not surface[i].endswith(ending) or len(stem) < 4:
                continue
            hits = [e for e, cases in t.index.get((stem,), []) if not constrained or _fits(cases[0], token.group())]
            for ident in hits:
                found += _mentions(t, ident, token.start(), token.end(), text)
            if hits:
                taken.add(i)
                break
    if has_feature(language, "compound_nouns"):  # "Russlandpolitik", "Westukraine"
        for i, token in enumerate(tokens):
            word = surface[i]
            if i in taken or len(word) < COMPOUND_PART + COMPOUND_REST or not token.group()[:1].isupper():
                continue
            # the first of the table's parts (in order) that begins or ends the word, by lookups of the
            # word's beginnings and ends rather than a pass over every part
            longest = len(word) - COMPOUND_REST + 1
            hits = [
                (piece, t.parts[piece])
                for size in range(COMPOUND_PART, longest + 1)
                for piece in (word[:size], word[-size:])
                if piece in t.parts
            ]
            if hits:
                _, ident = min(hits)
                found += _mentions(t, ident, token.start(), token.end(), text)
    return sorted(found, key=lambda m: (m.start, m.entity))


@cache
def _endings(language: str) -> tuple[str, ...]:
    """The pack's inflection endings, longest first, for words its lemmatizer leaves inflected."""
    from quotewatch.lang import words_of

    return tuple(sorted(words_of(language, "inflection_ending"), key=len, reverse=True))


def entity_ids(text: str, language: str | None) -> list[str]:
    """The distinct entities a text names, in order of first mention."""
    return list(dict.fromkeys(m.entity for m in link(text, language)))
