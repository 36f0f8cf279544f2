"""Attribution of quoted spans: the cue and speaker mention before (":") or after (", sagte X") them."""

from __future__ import annotations

from dataclasses import dataclass

from quotewatch.lang import LanguagePack
from quotewatch.lang.de.chunks import chunk_at
from quotewatch.lang.de.cues import (
    CLAUSE_BREAK,
    Cue,
    clause_start,
    clause_subject,
    cue_at,
    find_cues,
    match_marker,
    subject_after_verb,
    subject_of,
)
from quotewatch.speakers.mention import Mention
from quotewatch.text.chars import DASHES, SENTENCE_PUNCT
from quotewatch.text.segment import Token, tokenize


@dataclass
class Attribution:
    cue: Cue | None
    mention: Mention | None
    tokens: list[Token]
    carry: bool = False  # "Wörtlich:" and the like: same speaker as before
    route: str = ""  # which attribution it is: the last part of its rule id ("cue_after", "colon_cue", …)


def after(text: str, start: int, limit: int, pack: LanguagePack) -> Attribution | None:
    """Attribution that follows a quotation: „…“, sagte er. / „…“, so X. / "…," X said."""
    toks = tokenize(text, start, limit, pack.word_class("hyphen_conjunction"))
    k = 0
    while k < len(toks) and (toks[k].text in ",." or toks[k].text in DASHES):
        if toks[k].text == "." and k > 0:
            return None
        k += 1
    if k >= len(toks) or k > 2:
        return None
    # „…“, mit diesen Worten meldete er sich zurück.
    if (
        toks[k].lower in pack.word_class("attribution_phrase")
        and k + 2 < len(toks)
        and toks[k + 2].lower in pack.word_class("words_noun")
    ):
        k += 3
    if any(m.position == "postposed" and m.words == (toks[k].lower,) for m in pack.according_to):
        impersonal = _impersonal_source(toks, k + 1, pack)
        if impersonal is not None:
            return impersonal  # „…“, so heißt es in einer Erklärung des Betriebsrats.
        m = chunk_at(toks, k + 1, pack)
        end = m.end if m is not None else len(toks)
        while end < len(toks) and toks[end].lower in pack.word_class("clause_adverb") | pack.word_class("verbatim"):
            end += 1  # ", so Müller weiter." / ", so Müller wörtlich."
        if m is not None and (end >= len(toks) - 1 or toks[end].text in CLAUSE_BREAK):
            return Attribution(Cue(k, k, toks[k].text, "so", False), m, toks, route="so_after")
        return None
    impersonal = _impersonal_source(toks, k, pack)
    if impersonal is not None:
        return impersonal
    cue = cue_at(toks, k, pack)
    if cue is not None:
        subject = subject_of(toks, cue, pack)
        end = max(cue.last + 1, subject.end if subject else 0)
        if end < len(toks) and toks[end].text == ":":
            return None  # ", sagte er: „…“" introduces the next quotation
        return Attribution(cue, subject, toks, route="cue_after")
    if toks[k].lower in pack.word_class("copula"):
        m = chunk_at(toks, k + 1, pack)
        if m is not None and m.end < len(toks) and toks[m.end].lower in pack.word_class("opinion_adjective"):
            cue = Cue(k, m.end, f"{toks[k].text} {toks[m.end].text}", toks[m.end].lower, False)
            return Attribution(cue, m, toks, route="copula_after")
    if (
        pack.has("verb_second")
        and (toks[0].text == "," or text[start - 2 : start - 1] == ",")  # „…“, freute sich / „…,“ freute sich
        and toks[k].text[:1].islower()
        and pack.is_finite_verb(toks[k].text)
    ):
        # „…“, freute sich der Trainer. / „…“, zeigte sich X, der Trainer, zufrieden: any verb right
        # after the quotation with a speaker after it attributes the quotation
        m = subject_after_verb(toks, k, pack)
        if m is not None and m.tokens[0].lower not in pack.word_class("expletive"):
            return Attribution(Cue(k, k, toks[k].text, pack.lemma(toks[k].text), False), m, toks, route="verb_after")
    if not pack.has("verb_second"):
        m = chunk_at(toks, k, pack)
        if m is not None and m.end < len(toks):
            cue = cue_at(toks, m.end, pack)
            if cue is not None:
                return Attribution(cue, m, toks, route="cue_after_subject")
    return None


def _impersonal_source(toks: list[Token], k: int, pack: LanguagePack) -> Attribution | None:
    """„…“, hieß es vom Ministerium. / „…“, heißt es aus Regierungskreisen."""
    for marker in pack.according_to:
        j = match_marker(toks, k, marker, pack) if marker.position == "impersonal" else None
        if j is None:
            continue
        cue = Cue(k, j - 1, " ".join(t.text for t in toks[k:j]), marker.words[0], False)
        link = toks[j].lower if j < len(toks) else ""
        m = None
        if link in pack.word_class("source_link") or link in pack.word_class("document_link"):
            # "hieß es vom Ministerium", "heißt es in dem Schreiben des Verbands"
            m = chunk_at(toks, j + 1, pack, allow_pronoun=False)
        return Attribution(cue, m, toks, route="impersonal_after")
    return None


def before(text: str, lo: int, start: int, pack: LanguagePack) -> Attribution | None:
    """Attribution that introduces a quotation: X sagte: „…“ / Daraufhin antwortete der Präsident: „…“"""
    if not text[lo:start].rstrip().rstrip("".join(DASHES)).rstrip().endswith(":"):
        return None  # only a colon introduces a quotation: no need to read the words before it
    toks = tokenize(text, lo, start, pack.word_class("hyphen_conjunction"))
    while toks and toks[-1].text in DASHES:
        toks.pop()
    if not toks or toks[-1].text != ":":
        return None
    clause = toks[:-1]
    # only the last sentence before the colon
    first = 0
    for i, t in enumerate(clause):
        if t.text in SENTENCE_PUNCT and i + 1 < len(clause):
            first = i + 1
    clause = clause[first:]
    # "In dem Antrag heißt es wörtlich:", "In einer Erklärung hatte es geheißen:" — the document speaks
    impersonal = [m for m in pack.according_to if m.position == "impersonal"]
    if (
        clause
        and clause[0].lower in pack.word_class("document_link")
        and any(match_marker(clause, i, m, pack) is not None for m in impersonal for i in range(len(clause)))
    ):
        m = chunk_at(clause, 1, pack, allow_pronoun=False)
        if m is not None:
            return Attribution(None, m, clause, route="colon_document")
    cues = find_cues(clause, pack)
    verbs = [c for c in cues if not c.noun]
    if cues:
        # "begründete seine Entscheidung wie folgt:": the verb, not the noun; the last one with a subject
        # ("Er glaubt, dass das Team gestärkt hervorgegangen sei:" is his, not the content clause's verb's)
        candidates = verbs or cues
        opener = pack.word_classes("subordinator", "relative")
        main = [c for c in candidates if clause[clause_start(clause, c.index, pack)].lower not in opener]
        cue, subject = candidates[-1], subject_of(clause, candidates[-1], pack)
        for c in reversed(main if main and main[-1] is not candidates[-1] else []):
            m = subject_of(clause, c, pack)
            if m is not None:
                cue, subject = c, m
                break
        if subject is None and not verbs:
            # "Die Firma empfindet die Kritik als ungerecht:": a noun of saying in the object; the
            # subject of the clause speaks
            subject = clause_subject(clause, pack)
        return Attribution(cue, subject, clause, route="colon_cue")
    # "…, so Elshorst weiter:" — a postposed according-to marker introducing the quotation
    for i in range(len(clause) - 2, 0, -1):
        if clause[i - 1].text == "," and any(
            m.position == "postposed" and m.words == (clause[i].lower,) for m in pack.according_to
        ):
            m = chunk_at(clause, i + 1, pack)
            if m is not None:
                return Attribution(Cue(i, i, clause[i].text, clause[i].lower, False), m, clause, route="colon_so")
    # "Lukaschenko zur Lage:", "Zitat von Schröder:" — a speaker without a verb
    m = chunk_at(clause, 0, pack, allow_pronoun=False)
    verbless = not any(t.text[:1].islower() and pack.is_finite_verb(t.text) for t in clause)
    if m is not None and (m.end == len(clause) or clause[m.end].lower in pack.word_class("preposition") and verbless):
        # ("Jegliche Mitverantwortung für die Affäre weist Hartmann von sich:" has a verb and its subject)
        return Attribution(None, m, clause, route="colon_verbless")
    if len(clause) <= 3:
        return Attribution(None, None, clause, carry=True, route="colon_carry")  # "Wörtlich:"
    # any main clause before the colon: its subject speaks ("… zeigt sich der Trainer zufrieden:")
    m = clause_subject(clause, pack)
    if m is not None:
        return Attribution(None, m, clause, route="colon_subject")
    return None
