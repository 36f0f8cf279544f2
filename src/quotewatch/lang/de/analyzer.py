"""German analysis: the shared `Doc` of a text, built by the regular-expression segmenter, with the morphology
of HanTa (lang/de/morph.py), the noun-phrase chunker and clause grammar of lang/de/chunks.py and
lang/de/cues.py, and a first reading of who the article names (so that role nouns and pronouns resolve).

There is no German parser or named-entity model that runs offline: speakers come from HanTa's
proper-noun tags, given names, the gazetteer and these rules.
"""

from __future__ import annotations

from collections.abc import Callable

from quotewatch.budget import UNLIMITED, Budget
from quotewatch.lang import LanguagePack
from quotewatch.lang.de import morph
from quotewatch.lang.de.chunks import can_speak, chunk_at
from quotewatch.lang.de.cues import clause_subject, find_cues, subject_of
from quotewatch.speakers.mention import is_capitalised
from quotewatch.text.chars import NAME_OPENERS, STATEMENT_BREAK
from quotewatch.text.doc import Doc
from quotewatch.text.segment import Token


def hooks(pack: LanguagePack) -> dict[str, Callable]:
    """The morphology and grammar the rules ask the pack about."""
    return {
        "is_subjunctive": morph.is_subjunctive,
        "is_subjunctive_ii": morph.is_subjunctive_ii,
        "is_proper_noun": morph.is_proper_noun,
        "is_finite_verb": morph.is_finite_verb,
        "is_noun_like": morph.is_noun_like,
        "lemma": morph.lemma,
        "can_speak": lambda mention: can_speak(mention, pack),
    }


def analyze(text: str, pack: LanguagePack, budget: Budget = UNLIMITED) -> Doc:
    doc = Doc.build(text, pack, budget)
    read_names(doc)
    return doc


def read_names(doc: Doc) -> None:
    """Register every person named in the article, in order, so role nouns and pronouns resolve."""
    pack, resolver = doc.pack, doc.resolver
    groups = pack.word_class("group_head")
    third_person = {w for w, (person, _) in pack.pronouns.items() if person == 3}
    for k, sent in enumerate(doc.sentences):
        if doc.budget.check(sent.start, "names"):
            break
        toks = sent.tokens
        has_subject = False
        i = 0
        while i < len(toks):
            tok = toks[i]
            if not is_capitalised(tok) or tok.text in NAME_OPENERS:
                i += 1
                continue
            m = chunk_at(toks, i, pack, allow_pronoun=False, cheap=True)
            if m is None:
                i += 1
                continue
            inside = doc.in_quote(tok.start)
            at_start = (
                i == 0 or toks[i - 1].text in STATEMENT_BREAK or toks[i - 1].lower in pack.word_class("conjunction")
            )
            subject = (
                not inside
                and at_start
                and m.end < len(toks)
                and toks[m.end].text[:1].islower()
                and tok.lower not in pack.word_class("oblique_article")  # "Dem Einsatz steht X entgegen"
            )
            # no tagger here: it costs a millisecond per new word, and speakers are re-read with it
            person = resolver.observe(m, inside_quote=inside, cheap=True)
            if not inside and any(t.lower in groups for t in m.tokens):
                resolver.observe_group(m)
            if subject:
                resolver.observe_subject(m, person)
                has_subject = True
            i = max(m.end, i + 1)
        following = [t for later in doc.sentences[k + 1 : k + 4] for t in later.tokens]
        if (
            not has_subject
            and len(toks) > 3
            and not doc.in_quote(sent.start)
            and any(t.lower in third_person for t in following)
        ):
            # "Anschließend verschanzte sich der Mann …": the subject after the verb is the
            # antecedent of the next "er" too (asked only when a pronoun follows: the tagger is slow)
            m = clause_subject(toks, pack)
            if m is not None and m.tokens[0].lower not in pack.pronouns and not doc.in_quote(m.char_start):
                resolver.observe_subject(m, resolver.observe(m, cheap=True))
        # who says something in this sentence, even without a quotation ("Das Institut sieht
        # keine Gefahr."): the likely source of reported speech in the next sentences
        if not doc.in_quote(sent.start):
            cues = [c for c in find_cues(toks, pack) if not c.noun]
            m = subject_of(toks, cues[0], pack) if cues else None
            if not cues and states_an_opinion(toks, pack):
                m = clause_subject(toks, pack)  # "Der Präsident ist besorgt." and then what worries him
            if m is not None and m.tokens[0].lower not in pack.pronouns and can_speak(m, pack):
                doc.cue_subjects.append((sent.start, m))
                if m.start > 0 and toks[m.start - 1].lower in pack.word_class("von_link"):
                    # "… wurde von einer Sprecherin bestätigt. Sie sagte …": the agent is who "sie" is
                    resolver.observe_subject(m, resolver.observe(m, cheap=True))


def states_an_opinion(toks: list[Token], pack: LanguagePack) -> bool:
    """A short sentence "X ist besorgt" / "X zeigte sich zufrieden": a copula and an opinion adjective."""
    words = [t.lower for t in toks[:12]]
    copula = next((i for i, w in enumerate(words) if w in pack.word_class("copula")), None)
    return copula is not None and any(w in pack.word_class("opinion_adjective") for w in words[copula + 1 :])
