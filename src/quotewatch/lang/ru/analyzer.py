"""Russian analysis with natasha (razdel segmentation; slovnet morphology, syntax and named entities, whose
models ship inside the packages) and pymorphy3 with its Russian dictionaries (lemmas, and names put back
into the nominative): sentences and annotated tokens into the shared `Doc`. The models load once per
process.

A speaker's mention keeps its words and offsets as written ("министра экономики Юрия Чеботаря"); the
canonical name is in the nominative ("Юрий Чеботарь").
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache

from quotewatch.budget import UNLIMITED, Budget
from quotewatch.lang import LanguagePack
from quotewatch.quotes.ud import read_names
from quotewatch.text.doc import Doc
from quotewatch.text.segment import Sentence, Token, paragraphs

_loading = threading.Lock()
_models: dict[str, object] = {}


def models() -> dict[str, object]:
    """natasha's segmenter, morphology tagger, syntax parser, NER tagger and vocabulary, loaded once."""
    if not _models:
        with _loading:
            if not _models:
                from natasha import (
                    MorphVocab,
                    NewsEmbedding,
                    NewsMorphTagger,
                    NewsNERTagger,
                    NewsSyntaxParser,
                    Segmenter,
                )

                embedding = NewsEmbedding()
                _models.update(
                    segmenter=Segmenter(),
                    morph=NewsMorphTagger(embedding),
                    syntax=NewsSyntaxParser(embedding),
                    ner=NewsNERTagger(embedding),
                    vocab=MorphVocab(),
                )
    return _models


@lru_cache(maxsize=1)
def _pymorphy():  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=100_000)
def lemma(word: str) -> str:
    return _pymorphy().parse(word)[0].normal_form


@lru_cache(maxsize=100_000)
def nominative(word: str, case: str | None, gender: str | None) -> str:
    """A word of a name in the nominative ("Чеботарю" -> "Чеботарь", "Юрия" -> "Юрий"), keeping its
    capitalisation; the parse chosen is one of a name (given name, surname, patronymic) in the case the
    parser read, so that "Чеботарю" is not read as a verb."""
    if case in (None, "Nom") or not word[:1].isupper():
        return word
    cases = {"Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
    parses = _pymorphy().parse(word)
    names = [p for p in parses if {"Name", "Surn", "Patr"} & set(p.tag.grammemes)] or [
        p for p in parses if "NOUN" in p.tag
    ]
    wanted = [p for p in names if cases.get(case) in p.tag]
    if gender:
        by_gender = [p for p in wanted if ("femn" if gender == "Fem" else "masc") in p.tag]
        wanted = by_gender or wanted
    for p in wanted or names:
        form = p.inflect({"nomn"})
        if form is not None:
            return form.word[:1].upper() + form.word[1:]
    return word


def normal_name(tokens: list[Token]) -> list[str]:
    return [nominative(t.text, t.feature("Case"), t.feature("Gender")) for t in tokens]


def is_proper_noun(word: str) -> bool:
    return word[:1].isupper()


def hooks(pack: LanguagePack) -> dict[str, Callable]:
    return {"is_proper_noun": is_proper_noun, "lemma": lemma, "normal_name": normal_name}


def _sentences(text: str, budget: Budget) -> list[Sentence]:
    from natasha import Doc as NatashaDoc

    m = models()
    out: list[Sentence] = []
    for p_index, (ps, pe) in enumerate(paragraphs(text)):
        if budget.check(ps, "parsing"):
            break
        parsed = NatashaDoc(text[ps:pe])
        parsed.segment(m["segmenter"])
        parsed.tag_morph(m["morph"])
        parsed.parse_syntax(m["syntax"])
        parsed.tag_ner(m["ner"])
        entity_at = {}
        for span in parsed.spans:
            for t in span.tokens:
                entity_at[t.start] = span.type
        for sent in parsed.sents:
            index = {t.id: k for k, t in enumerate(sent.tokens)}
            tokens = []
            for t in sent.tokens:
                t.lemmatize(m["vocab"])
                tok = Token(t.text, ps + t.start, ps + t.stop)
                tok.lemma, tok.pos, tok.dep = (t.lemma or t.text).lower(), t.pos, t.rel
                tok.morph = "|".join(f"{k}={v}" for k, v in (t.feats or {}).items())
                tok.head = index.get(t.head_id)
                tok.ent = entity_at.get(t.start)
                tokens.append(tok)
            if tokens:
                out.append(Sentence(tokens[0].start, tokens[-1].end, p_index, tokens))
    return out


def analyze(text: str, pack: LanguagePack, budget: Budget = UNLIMITED) -> Doc:
    doc = Doc.build(text, pack, budget, sentences=_sentences(text, budget))
    read_names(doc)
    return doc
