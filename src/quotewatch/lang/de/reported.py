"""Reported speech without quotation marks, found sentence by sentence.

- indirect: a cue with a content clause ("betonte, dass …", "sagte, Belarus halte sich …",
  "…, sagte er.", "Die Lage, sagte er, sei ernst.")
- according_to: "Laut X …", "X zufolge …", "Nach Angaben von X …", "Wie X mitteilte, …", "…, so X."
- free_indirect: a sentence in Konjunktiv I without a cue, or with the reportative "soll … haben"
"""

from __future__ import annotations

from dataclasses import dataclass

from quotewatch.lang import AccordingTo, LanguagePack
from quotewatch.lang.de.chunks import can_speak, chunk_at, chunk_before
from quotewatch.lang.de.cues import (
    CLAUSE_BREAK,
    Cue,
    clause_end,
    clause_end_over_appositions,
    clause_start,
    find_cues,
    match_marker,
    noun_phrase_before,
    subject_after_verb,
    subject_of,
    verb_like,
    zu_infix,
)
from quotewatch.speakers.mention import Mention, is_capitalised
from quotewatch.text.chars import LEADING_PUNCT, SENTENCE_END, STATEMENT_BREAK, TRAILING_PUNCT
from quotewatch.text.segment import QUOTE_TOKEN, QUOTED_NAME, Token


@dataclass
class Reported:
    kind: str
    start: int  # char offsets of the content
    end: int
    cue_text: str | None
    mention: Mention | None
    rule: str  # the id of the rule (the branch) that found it
    anaphoric: bool = False  # the speaker is the one mentioned before ("demnach")
    following: Reported | None = None  # a second statement after the same inserted cue
    gap: tuple[int, int] | None = None  # the attribution inside the statement ("…, so X, …", "nach Angaben von X")


def content(tokens: list[Token], lo: int, hi: int, min_tokens: int = 3) -> tuple[int, int] | None:
    while hi > lo and tokens[hi - 1].text in TRAILING_PUNCT:
        hi -= 1
    while lo < hi and tokens[lo].text in LEADING_PUNCT:
        lo += 1
    # a masked quotation stands for several words
    if sum(3 if t.text in (QUOTE_TOKEN, QUOTED_NAME) else 1 for t in tokens[lo:hi]) < min_tokens:
        return None
    return tokens[lo].start, tokens[hi - 1].end


def is_subjunctive_at(tokens: list[Token], i: int, pack: LanguagePack) -> bool:
    """Konjunktiv I at token i: "-e" forms next to "ich" are the indicative ("ich habe", "habe ich")."""
    t = tokens[i]
    # a capitalised word is no verb here: a sentence-initial "Lüge" or "YouTube" is a noun
    if not t.text[:1].islower() or not pack.is_subjunctive(t.lower):
        return False
    irregular = pack.word_class("subjunctive_irregular")
    if 0 < i < len(tokens) - 1 and is_capitalised(tokens[i + 1]) and t.lower not in irregular:
        before = tokens[i - 1]
        determiner = pack.word_classes("article", "possessive", "demonstrative")
        adjective = before.text[:1].islower() and pack.ends_with(before.lower, "adjective_ending")
        if (before.lower in determiner or adjective) and before.lower not in pack.pronouns:
            return False  # "die nächstgrößere Stadt", "ihre warme weiche Stimme": an adjective before a noun
    near = {x.lower for x in tokens[max(0, i - 3) : i + 2]}
    if i > 1 and tokens[i - 1].lower in pack.word_class("conjunction"):
        near |= {x.lower for x in tokens[:i]}  # "Ich arbeite an … und plane": the subject of the first verb
    return "ich" not in near or t.lower in irregular - {"habe", "werde"}


def reported_clause(tokens: list[Token], i: int, pack: LanguagePack) -> bool:
    """Is the clause up to token i in Konjunktiv I ("habe befürchtet", "behaupte")?"""
    return _has_subjunctive(tokens, clause_start(tokens, i, pack), i + 1, pack)


def _has_subjunctive(tokens: list[Token], lo: int, hi: int, pack: LanguagePack) -> bool:
    return any(is_subjunctive_at(tokens, i, pack) for i in range(lo, min(hi, len(tokens))))


def reported_mood(tokens: list[Token], lo: int, hi: int, pack: LanguagePack) -> bool:
    """Is tokens[lo:hi] in the mood of report: Konjunktiv I or II, "soll", or holding quoted words?"""
    marked = pack.word_classes("subjunctive_ii", "reportative")
    return _has_subjunctive(tokens, lo, hi, pack) or any(
        t.lower in marked or t.text == QUOTE_TOKEN or t.text[:1].islower() and pack.is_subjunctive_ii(t.lower)
        for t in tokens[lo:hi]
    )


def _content_limit(tokens: list[Token], cues: list[Cue], ci: int, content_start: int, pack: LanguagePack) -> int:
    """Where a content clause ends: before the next coordinated cue ("… und erinnerte daran, dass")."""
    adverbs = pack.word_class("clause_adverb")
    for nxt in cues[ci + 1 :]:
        if nxt.index <= content_start:
            continue
        j = nxt.index - 1
        while j > content_start and tokens[j].lower in adverbs:
            j -= 1  # "…, jedoch stets beteuert, …": adverbs before the coordinated cue
        before = tokens[j].lower if j >= 0 else ""
        if before in pack.word_class("conjunction") or tokens[j].text == ",":
            return j
        # "…, Annabi sei tot, doch der Sprecher erklärte, …": a coordinated clause with its own
        # subject before the next verb of saying
        k = j
        while k > content_start and tokens[k].text not in CLAUSE_BREAK:
            k -= 1
        first = k + 1 + (tokens[k + 1].lower in pack.word_class("conjunction") if k + 1 < nxt.index else 0)
        if tokens[k].text == "," and first < nxt.index and tokens[nxt.index].text[:1].islower():
            m = chunk_at(tokens, first, pack, nxt.index, allow_pronoun=False)
            if m is not None and m.end == nxt.index and (m.tokens[0].text[:1].isupper() or first > k + 1):
                return k
    return len(tokens)


def _coordinated_main_clause(
    tokens: list[Token], lo: int, hi: int, pack: LanguagePack, verb_final: bool = False
) -> int:
    """Where reported content ends at a coordinated main clause of the narrator: "…, die Kommission
    habe versagt, und die Fraktion forderte vom Minister …" ends before "und": what follows is in the
    indicative, with its finite verb in second place (a verb-final one closes the content clause)."""
    conjunctions = pack.word_class("conjunction")
    modal = (
        pack.word_class("subjunctive_ii") | pack.word_class("reportative") | {QUOTE_TOKEN.lower(), QUOTED_NAME.lower()}
    )
    for j in range(lo + 2, hi - 3):
        if tokens[j].lower not in conjunctions:
            continue
        if verb_final and tokens[j - 1].text != ",":
            continue  # "dass sie Steine und Flaschen warfen": coordination inside the clause
        first = tokens[j + 1]
        end = clause_end(tokens, j + 1)
        if (
            not verb_final
            and first.text[:1].islower()
            and tokens[j + 2].text not in CLAUSE_BREAK  # "schwer kranke und behinderte, …": adjectives
            and pack.is_finite_verb(first.text)
        ):
            # "…, er halte das für vertretbar und bezeichnete …": the narrator goes on with the same subject
            if (
                first.lower not in modal
                and not pack.is_subjunctive_ii(first.lower)
                and not _has_subjunctive(tokens, j + 1, end, pack)
            ):
                return j
            continue
        if not (first.text[:1].isupper() or first.lower in pack.word_class("article")):
            continue
        subject = chunk_at(tokens, j + 1, pack, hi)
        i = subject.end if subject is not None else -1
        for _ in range(2):  # "die Fraktion der Grünen im Landtag forderte": prepositional attributes
            pp = (
                chunk_at(tokens, i + 1, pack, hi, False)
                if 0 < i < hi and tokens[i].lower in pack.word_class("preposition")
                else None
            )
            i = pp.end if pp is not None else i
        if not (0 < i < end - 1 and tokens[i].text[:1].islower() and pack.is_finite_verb(tokens[i].text)):
            continue
        # the tagger only for the few candidates left: "…, und X sollte wissen, „…“" is still the
        # speaker's, as is anything in Konjunktiv I
        if any(t.lower in modal for t in tokens[j + 1 : hi]) or _has_subjunctive(tokens, j + 1, hi, pack):
            continue
        return j
    return hi


def _narrator_tail(tokens: list[Token], lo: int, hi: int, pack: LanguagePack) -> int:
    """Where reported content gives way to the narrator: at a semicolon, or at a comment clause in
    the indicative ("…, was bisher nicht bestätigt werden konnte", "…, wobei …")."""
    for j in range(lo + 1, hi):
        if tokens[j].text == ";":
            return j
        if (
            tokens[j].text == ","
            and j + 1 < hi
            and tokens[j + 1].lower in pack.word_class("comment_relative")
            and not _has_subjunctive(tokens, j + 1, hi, pack)
        ):
            return j
        if tokens[j].text == "," and j + 2 < hi and _main_clause_resumes(tokens, j, pack):
            return j
    return hi


def _main_clause_resumes(tokens: list[Token], comma: int, pack: LanguagePack) -> bool:
    """After a fronted content clause, the narrator's main clause goes on with its finite verb: "dass
    der Mann gesucht werde, hatte dieser versucht, …", "…, ist die Botschaft". Not a verb ending a
    relative clause ("…, die tagte, beschlossen habe"): the verb after the comma is followed by more
    than another verb, and it is in the indicative."""
    verb, after = tokens[comma + 1], tokens[comma + 2]
    if not (verb.text[:1].islower() and tokens[comma - 1].text[:1].islower()):
        return False
    if not pack.is_finite_verb(tokens[comma - 1].text) or not pack.is_finite_verb(verb.text):
        return False
    if after.text in CLAUSE_BREAK or after.text[:1].islower() and pack.is_finite_verb(after.text):
        return False
    return not (
        is_subjunctive_at(tokens, comma + 1, pack)
        or pack.is_subjunctive_ii(verb.lower)
        or verb.lower in pack.word_classes("subjunctive_ii", "reportative")
    )


def _indicative_verb_at(tokens: list[Token], j: int, pack: LanguagePack) -> bool:
    """Is token j a finite verb in the indicative, the narrator's main clause going on?"""
    verb = tokens[j]
    return (
        verb.text[:1].islower()
        and pack.is_finite_verb(verb.text)
        and not is_subjunctive_at(tokens, j, pack)
        and verb.lower not in pack.word_classes("subjunctive_ii", "reportative")
    )


def _trim_end(tokens: list[Token], hi: int) -> int:
    while hi > 0 and tokens[hi - 1].text in TRAILING_PUNCT:
        hi -= 1
    return hi


def _source_noun(tok: Token, pack: LanguagePack) -> bool:
    """Does a word name a source of information (Angaben, Polizeiangaben, Berichten)?"""
    endings = tuple(pack.word_class("source_noun_ending"))
    return bool(endings) and tok.lower.endswith(endings)


def _relative_clause_at(tokens: list[Token], k: int, pack: LanguagePack) -> bool:
    """Does a relative clause start at token k: a relative pronoun and a lower-case word after it?"""
    return k + 1 < len(tokens) and tokens[k].lower in pack.word_class("relative") and tokens[k + 1].text[:1].islower()


def _zu_infinitive(tokens: list[Token], lo: int, hi: int, pack: LanguagePack) -> bool:
    """Does the clause tokens[lo:hi] end in a zu-infinitive ("…, sich zu stellen", "…abzuschalten"),
    or hold one with only a short phrase after it ("kurzfristig zurückzutreten als Chefin der CDU")?"""
    if hi - lo < 2 or tokens[lo].lower in pack.word_class("purpose_conjunction"):
        return False
    for end in range(hi, max(lo + 1, hi - 5), -1):
        last = tokens[end - 1]
        if not last.text[:1].islower():
            continue
        if tokens[end - 2].lower in pack.word_class("infinitive_marker") or zu_infix(pack).match(last.lower):
            # what follows the infinitive is a phrase of its own, not a clause with a finite verb
            return end == hi or tokens[end].lower in pack.word_class("preposition") | pack.word_class("naming_link")
    return False


def from_cue(tokens: list[Token], cues: list[Cue], pack: LanguagePack) -> list[Reported]:
    """The statements the verbs of saying of a sentence introduce, in order: an inserted cue ("Die Lage,
    sagte er, sei ernst"), a content clause after the cue's comma or colon, an infinitive, or the words
    before a postposed cue ("…, sagte er.")."""
    n = len(tokens)
    found: list[Reported] = []
    covered = -1  # token index up to which content has been taken
    last_subject: Mention | None = None
    # an inserted cue, not one after a subordinate clause: "Wie die Zeitung berichtete, sagte X, …"
    inserted = bool(tokens) and tokens[0].lower not in pack.word_classes("as_clause", "adverbial_subordinator")
    marker_words = pack.word_class("source_preposition")
    for ci, cue in enumerate(cues):
        if cue.index < covered:
            continue
        if cue.noun and any(tokens[j].lower in marker_words for j in range(max(0, cue.index - 2), cue.index)):
            continue  # "Nach Angaben der Polizei habe …": the noun belongs to an according-to marker
        start = clause_start(tokens, cue.index, pack)
        if (
            start == 0
            and tokens[0].lower in pack.word_class("as_clause")
            and clause_end(tokens, cue.last + 1) == cue.last + 1
            and cue.last + 1 < n
            and tokens[cue.last + 1].text == ","
            and len(cues) > ci + 1
        ):
            continue  # "Wie die Zeitung berichtete, sagte der Minister, …": a source, the next cue has the content
        as_clause = _postposed_as_clause(tokens, cue, pack)
        if as_clause is not None:
            if not found:
                found.append(as_clause)
            covered = n
            continue
        brk = clause_end_over_appositions(tokens, cue.last + 1)
        while brk < n and tokens[brk].text == "(":
            # "berichtete in „Nature“ (London), es sei …": a parenthesis does not end the cue's clause
            close = next((j for j in range(brk + 1, n) if tokens[j].text == ")"), None)
            if close is None:
                break
            brk = clause_end(tokens, close + 1)
        subject = subject_of(tokens, cue, pack)
        if subject is None and cue.index > 0 and tokens[cue.index - 1].lower in pack.word_class("conjunction"):
            subject = last_subject  # "Er fügte hinzu, dass … und erinnerte daran, dass …"
        last_subject = subject or last_subject
        rep: Reported | None = None
        content_end = n
        if 1 < cue.index <= 5 and tokens[cue.index - 1].text == "," and not found and not cue.noun and inserted:
            # an inserted cue first: "Die Lage, sagte er, sei ernst." / "…, sagte er."
            rep = _postposed(tokens, cue, subject, pack)
        # "betonte, dass …" / "wies darauf hin, dass …" / "fragte, ob …"
        if rep is None and brk < n and tokens[brk].text == ",":
            rep, content_end = _content_after_comma(tokens, cues, ci, brk, subject, pack)
        elif rep is None:
            rep = _content_after_colon(tokens, cue, brk, subject, pack)
        if rep is None:
            rep = _infinitive_without_comma(tokens, cue, brk, subject, pack)
        if rep is None and not found and not cue.noun:
            rep = _postposed(tokens, cue, subject, pack)
            content_end = n
        if rep is not None:
            found.append(rep)
            if rep.following is not None:
                found.append(rep.following)
            covered = content_end
    return found


def _content_after_comma(
    tokens: list[Token], cues: list[Cue], ci: int, brk: int, subject: Mention | None, pack: LanguagePack
) -> tuple[Reported | None, int]:
    """The content clause after the comma that closes a cue's clause, and where it ends: a dass/ob-clause,
    a zu-infinitive, or a verb-second clause in Konjunktiv ("sagte, Belarus halte sich …")."""
    cue, n, k = cues[ci], len(tokens), brk + 1
    complementizers = pack.word_classes("complementizer", "subordinator")
    content_end = _content_limit(tokens, cues, ci, k, pack)
    content_end = _coordinated_main_clause(tokens, k, content_end, pack, k < n and tokens[k].lower in complementizers)
    content_end = _narrator_tail(tokens, k, content_end, pack)
    # "Nachdem sie die Polizei informiert hatte, wurde eine Kommission eingerichtet": after a cue in a fronted
    # adverbial clause the main clause follows, no content of the cue's own
    adverbial = _conditional_clause(tokens, clause_start(tokens, cue.index, pack), pack)
    if adverbial:
        # "Als der Minister sagte, die Lage sei ernst, wurde es still": the content ends where the main clause
        # begins, with its finite verb
        content_end = next(
            (
                j
                for j in range(k + 1, content_end - 1)
                if tokens[j].text == "," and _indicative_verb_at(tokens, j + 1, pack)
            ),
            content_end,
        )
    if k < n and tokens[k].lower in complementizers:
        relative = (
            tokens[k].lower in pack.word_class("relative_interrogative")
            and brk - 1 > cue.last
            and is_capitalised(tokens[brk - 1])
        )
        if not relative:
            # ("…, welches daraufhin einen Krisenstab einrichtete" after a noun is a relative clause)
            span = content(tokens, k, content_end)
            return (
                Reported("indirect", *span, cue.text, subject, "de.indirect.complementizer") if span else None
            ), content_end
    if cue.noun and _relative_clause_at(tokens, k, pack):
        return None, content_end  # "die Aussage eines Jungen, der angab, …": a relative clause, with a cue of its own
    if _zu_infinitive(tokens, k, clause_end(tokens, k), pack) or (
        not adverbial and _zu_infinitive(tokens, k, _trim_end(tokens, content_end), pack)
    ):
        first = clause_end(tokens, k)
        if first + 1 < content_end and _zu_infinitive(tokens, k, first, pack):
            resumes = _indicative_verb_at(tokens, first + 1, pack)
            nested = _zu_infinitive(tokens, first + 1, clause_end(tokens, first + 1), pack)
            if (cue.noun and not nested) or resumes:
                content_end = first  # "Dem Appell, sich zu stellen, folgte er nicht": the main clause goes on
        span = content(tokens, k, content_end, 2)
        return (
            Reported("indirect", *span, cue.text, subject, "de.indirect.zu_infinitive") if span else None
        ), content_end
    if cue.noun:
        return None, content_end
    # "sagte, Belarus halte sich …", "sagte, sie hätten …" (verb-second clause in Konjunktiv)
    nxt = clause_end(tokens, k)
    reported = (
        _has_subjunctive(tokens, k, min(k + 12, nxt), pack)
        or any(
            t.lower in pack.word_class("subjunctive_ii") or pack.is_subjunctive_ii(t.lower)
            for t in tokens[k : min(k + 6, nxt)]
            if t.text[:1].islower()
        )
        # "teilte mit, Tony Blair „steht bereit“": the quoted words hold the verb
        or any(t.text == QUOTE_TOKEN for t in tokens[k + 1 : min(k + 6, nxt)])
    )
    span = content(tokens, k, content_end) if reported else None
    return (
        Reported("indirect", *span, cue.text, subject, "de.indirect.subjunctive_clause") if span else None
    ), content_end


def _content_after_colon(
    tokens: list[Token], cue: Cue, brk: int, subject: Mention | None, pack: LanguagePack
) -> Reported | None:
    """ "wies die Vorwürfe zurück: Der Senat habe …"; in the indicative a colon introduces a list or the
    narrator's own explanation ("Die Namen lauten: …")."""
    n = len(tokens)
    if cue.noun or not (brk + 1 < n and tokens[brk].text == ":") or tokens[brk + 1].text in (QUOTE_TOKEN, QUOTED_NAME):
        return None
    if not reported_mood(tokens, brk + 1, n, pack):
        return None
    span = content(tokens, brk + 1, n)
    return Reported("indirect", *span, cue.text, subject, "de.indirect.colon") if span else None


def _infinitive_without_comma(
    tokens: list[Token], cue: Cue, brk: int, subject: Mention | None, pack: LanguagePack
) -> Reported | None:
    """ "hatte angekündigt bei der Wahl erneut anzutreten": an infinitive after a participle, without its comma."""
    if cue.noun or not cue.participle or brk - cue.last <= 2 or not _zu_infinitive(tokens, cue.last + 1, brk, pack):
        return None
    span = content(tokens, cue.last + 1, brk, 2)
    return Reported("indirect", *span, cue.text, subject, "de.indirect.participle_infinitive") if span else None


def _postposed_as_clause(tokens: list[Token], cue: Cue, pack: LanguagePack) -> Reported | None:
    """ "…, wie der Sprecher mitteilte.": the statement is everything before the comma."""
    if cue.noun or cue.last + 1 < len(tokens) and tokens[cue.last + 1].text not in SENTENCE_END:
        return None  # the as-clause closes the sentence ("so, wie er sagte, sehr ernst" compares)
    start = next(
        (
            j
            for j in range(cue.index - 1, max(2, cue.index - 14), -1)
            if tokens[j].lower in pack.word_class("as_clause")
        ),
        None,
    )
    if start is None or tokens[start - 1].text != ",":
        return None
    if any(
        t.text in STATEMENT_BREAK or t.text[:1].islower() and pack.is_finite_verb(t.text)
        for t in tokens[start + 1 : cue.index]
    ):
        return None
    span = content(tokens, 0, start - 1)
    if span is None:
        return None
    m = chunk_at(tokens, start + 1, pack, cue.index)
    return Reported("according_to", *span, f"{tokens[start].text} {cue.text}", m, "de.according_to.as_clause_after")


def _postposed(tokens: list[Token], cue: Cue, subject: Mention | None, pack: LanguagePack) -> Reported | None:
    """ "…, sagte er." and the parenthetical "Die Lage, sagte er, sei ernst." """
    n = len(tokens)
    if tokens and tokens[0].lower in pack.word_class("as_clause") and cue.index > 1:
        return None  # "Wie der Sprecher mitteilte, sieht X …": the fronted clause is a source, not content
    start = clause_start(tokens, cue.index, pack)
    if (
        not pack.has("verb_second")
        and subject is not None
        and start > 1
        and tokens[start - 1].text == ","
        and subject.start == start
        and subject.end == cue.index
    ):
        # English word order: "…, Agriculture Minister Oksana Lut said on Monday."
        span = content(tokens, 0, start - 1)
        return Reported("indirect", *span, cue.text, subject, "de.indirect.postposed_subject") if span else None
    if (
        1 < start < cue.index
        and tokens[start - 1].text == ","
        and tokens[start].lower in pack.word_class("auxiliary")
        and cue.last + 1 >= n - 1
        and not _conditional_clause(tokens, 0, pack)
    ):
        # "Es drohe ein Wettlauf, hatte Obama in Moskau gesagt.": the cue in the perfect after its content
        subject = subject_after_verb(tokens, start, pack)
        span = content(tokens, 0, start - 1)
        return (
            Reported("indirect", *span, cue.text, subject, "de.indirect.perfect_after")
            if span and subject is not None
            else None
        )
    if not (start == cue.index and cue.index > 1 and tokens[cue.index - 1].text == "," and subject is not None):
        return None
    if subject.start < cue.index:
        return None  # "X, Fraktionschefin von Y, kritisierte": the part before the comma is the speaker
    before = clause_start(tokens, cue.index - 2, pack)
    if (
        before > 0
        and tokens[before].lower in pack.word_class("relative") | pack.word_class("subordinator")
        and not (before + 1 < n and is_capitalised(tokens[before + 1]))  # "die Netze": an article
        and not _zu_infinitive(tokens, before, cue.index - 1, pack)
    ):
        return None  # "X, der … ist, wies die Kritik zurück": the comma closes a relative clause
    after_np = max(subject.end, cue.last + 1)
    if after_np < n and tokens[after_np].text == "," and after_np + 1 < n:
        lo_span = content(tokens, 0, cue.index - 1, 1)
        hi_span = content(tokens, after_np + 1, n)
        if hi_span and lo_span and not any(verb_like(tokens, j, pack) for j in range(after_np + 1, n)):
            # "…, sagte X, Sprecher der Stadt, gegenüber einem Reporter": no verb, so no statement after
            hi_span = None
        if hi_span and (lo_span is None or cue.index <= 6):
            # "Die Lage, sagte er, sei ernst.": one statement around the inserted cue
            s = (lo_span or hi_span)[0]
            gap = (tokens[cue.index - 1].start, tokens[after_np].end) if lo_span else None
            return Reported("indirect", s, hi_span[1], cue.text, subject, "de.indirect.inserted", gap=gap)
        if hi_span and lo_span:
            # a whole clause before and another after: two statements of one speaker; what follows
            # is a statement when it is in Konjunktiv ("…, sagte X, die Regierung habe einen Plan"),
            # not an attribute of the speaker ("…, sagte X gegenüber dem Sender, der …")
            said = _has_subjunctive(tokens, after_np + 1, n, pack)
            rest = Reported("indirect", *hi_span, cue.text, subject, "de.indirect.after_inserted") if said else None
            return Reported("indirect", *lo_span, cue.text, subject, "de.indirect.postposed", following=rest)
    if _conditional_clause(tokens, 0, pack) and not _has_subjunctive(tokens, 0, cue.index, pack):
        # "Wenn er verurteilt wird, droht ihm …": a condition, not what was said ("Sollte er kommen,
        # gebe es Streit, sagte X" is)
        return None
    span = content(tokens, 0, cue.index - 1)
    if span:
        return Reported("indirect", *span, cue.text, subject, "de.indirect.postposed")
    return None


def _conditional_clause(tokens: list[Token], start: int, pack: LanguagePack) -> bool:
    """Does the clause at `start` open with an adverbial conjunction ("Wenn", "Weil") or, at the start
    of a statement, with its finite verb ("Sollte der Antrag angenommen werden, …")?"""
    if start >= len(tokens):
        return False
    first = tokens[start]
    if first.lower in pack.word_class("focus_particle") and start + 1 < len(tokens):
        first = tokens[start + 1]  # "Selbst wenn …", "Nur wenn …"
    if first.lower in pack.word_class("adverbial_subordinator"):
        return True
    return (
        start == 0
        and pack.has("verb_second")
        and tokens[-1].text != "?"
        and first.lower in pack.word_class("auxiliary") | pack.word_class("reportative")
    )


def _source_ok(m: Mention, pack: LanguagePack, bare_nach: bool) -> bool:
    """After a marker with other meanings ("nach"), only a source noun makes a source ("nach Angaben der
    Polizei"): "kam er nach Deutschland", "nach ihm kam …" are a direction and a time."""
    if not bare_nach:
        return True
    return any(_source_noun(t, pack) for t in m.tokens)


def _statement_start(tokens: list[Token], i: int, pack: LanguagePack) -> int:
    """Where a statement with an according-to marker inside it (token i) starts: at its clause, or at
    the sentence when what comes before is a fronted subordinate clause or an apposition ("Nachdem …,
    ist es laut Focus zu Zwischenfällen gekommen", "Bei dem Unfall im Tal, einem Ausflugsziel, sind
    laut Polizei …")."""
    start = clause_start(tokens, i, pack)
    if start == 0 or tokens[start - 1].text != ",":
        return start
    finite = (k for k in range(start, i) if tokens[k].text[:1].islower() and pack.is_finite_verb(tokens[k].text))
    verb = next(finite, i)
    if verb != start:
        return start  # the clause has its own Vorfeld: "…, die Regierung sei laut X …"
    return 0 if not any(t.text in ";:" for t in tokens[:start]) else start


def _after_postposed_source(tokens: list[Token], m: Mention, pack: LanguagePack) -> int | None:
    """ "Der Präsident sei, so X, schuld daran": the comma after which the statement goes on past its
    source, also past words on where X said it ("so X laut BBC, dass …") or a relative clause on X
    ("so die Ergebnisse eines Richters, der ermittelt, seien …"); None where it ends with the source."""
    n = len(tokens)
    close = clause_end(tokens, m.end)
    skipped = close > m.end
    if any(verb_like(tokens, j, pack) for j in range(m.end, close)):
        return None
    if (
        close + 2 < n
        and tokens[close].text == ","
        and tokens[close + 1].lower in pack.word_class("relative")
        and not is_capitalised(tokens[close + 2])
    ):
        close, skipped = clause_end(tokens, close + 1), True
    if close + 1 >= n or tokens[close].text != ",":
        return None
    first = tokens[close + 1]
    if skipped and not (
        first.lower in pack.word_classes("complementizer", "subordinator")
        or first.text[:1].islower()
        and pack.is_finite_verb(first.text)
    ):
        return None
    return close


def _after_finite(tokens: list[Token], i: int, pack: LanguagePack) -> bool:
    """Does token i stand in the middle field of a main clause, after its finite verb?"""
    start = clause_start(tokens, i, pack)
    if start < len(tokens) and tokens[start].lower in pack.word_classes("subordinator", "adverbial_subordinator"):
        return False
    return any(t.text[:1].islower() and pack.is_finite_verb(t.text) for t in tokens[start + 1 : i])


@dataclass
class _Marker:
    """An according-to marker found in a sentence: tokens[i:after] are its words."""

    tokens: list[Token]
    i: int
    after: int
    marker: AccordingTo
    at_clause_start: bool

    @property
    def words(self) -> str:
        return " ".join(t.text for t in self.tokens[self.i : self.after])


def according_to(tokens: list[Token], pack: LanguagePack) -> Reported | None:
    """The statement an according-to marker makes of a sentence, read by the marker's position (see
    according_to.tsv): "Laut X …", "… X zufolge", ", so X.", "Demnach …", "hieß es"."""
    # a fronted as-clause governs the sentence, whatever markers its content holds
    rep = _as_clause(tokens, pack)
    if rep is not None:
        return rep
    first_words = {m.words[0] for m in pack.according_to}
    for i, tok in enumerate(tokens):
        if tok.lower not in first_words:
            continue
        at_clause_start = i == 0 or tokens[i - 1].text in CLAUSE_BREAK
        for marker in pack.according_to:
            after = match_marker(tokens, i, marker, pack)
            if after is not None:
                rep = _BY_POSITION[marker.position](_Marker(tokens, i, after, marker, at_clause_start), pack)
                if rep is not None:
                    return rep
    return None


def _marker_before(hit: _Marker, pack: LanguagePack) -> Reported | None:
    """ "Laut X …", "Nach Angaben von X …": inside a clause, or fronted (the source up to the comma in a
    language without verb-second order, else up to the finite verb)."""
    if not hit.at_clause_start:
        return _marker_inside(hit, pack)
    if not pack.has("verb_second"):
        return _marker_fronted_comma(hit, pack)
    return _marker_fronted(hit, pack)


def _marker_inside(hit: _Marker, pack: LanguagePack) -> Reported | None:
    tokens, i, after, n = hit.tokens, hit.i, hit.after, len(hit.tokens)
    k = after + (1 if after < n and tokens[after].lower in pack.word_class("von_link") else 0)
    m = chunk_at(tokens, k, pack)
    if m is None and _source_noun(tokens[after - 1], pack):
        m = Mention(i + 1, after, tokens[i + 1 : after])
    if m is None or not _source_ok(m, pack, hit.marker.strict):
        return None
    span = content(tokens, _statement_start(tokens, i, pack), n)
    if not span:
        return None
    # the marker and its source inside the statement are not part of it
    end = tokens[m.end - 1].end
    gap = (tokens[i].start, end) if span[0] < tokens[i].start and end < span[1] else None
    return Reported("according_to", *span, hit.words, m, "de.according_to.inside", gap=gap)


def _marker_fronted_comma(hit: _Marker, pack: LanguagePack) -> Reported | None:
    """ "According to the ministry, the harvest …": the source runs up to the comma."""
    tokens, after, n = hit.tokens, hit.after, len(hit.tokens)
    brk = clause_end(tokens, after)
    if not (after < brk < n and tokens[brk].text == ","):
        return None
    span = content(tokens, brk + 1, n)
    if not span:
        return None
    return Reported(
        "according_to", *span, hit.words, Mention(after, brk, tokens[after:brk]), "de.according_to.fronted_comma"
    )


def _marker_fronted(hit: _Marker, pack: LanguagePack) -> Reported | None:
    tokens, i, after, n = hit.tokens, hit.i, hit.after, len(hit.tokens)
    k = after
    if k < n and tokens[k].lower in pack.word_class("von_link"):
        k += 1
    if _source_noun(tokens[after - 1], pack) and k < n and verb_like(tokens, k, pack):
        # "Nach Polizeiangaben waren die meisten …": the marker names the source, the verb follows
        span = content(tokens, after, n)
        m = Mention(i + 1, after, tokens[i + 1 : after])
        return Reported("according_to", *span, hit.words, m, "de.according_to.source_noun") if span else None
    m = chunk_at(tokens, k, pack)
    if m is not None and m.end < n and tokens[m.end].text[:1].islower() and not verb_like(tokens, m.end, pack):
        m = None  # the noun phrase goes on: "Laut einer am Dienstag veröffentlichten Mitteilung"
    if m is None:
        # V2: the source fills the field up to the finite verb (for a strict marker, a source noun must be
        # in it: "Nach einer Stellungnahme der Armee befand sich …")
        verb = next((j for j in range(k + 1, min(n, k + 14)) if verb_like(tokens, j, pack)), None)
        m = Mention(k, verb, tokens[k:verb]) if verb is not None and verb > k else None
    if m is None and _source_noun(tokens[after - 1], pack):
        m = Mention(i + 1, after, tokens[i + 1 : after])  # "Nach eigenen Angaben", no other source
    if m is None or not _source_ok(m, pack, hit.marker.strict):
        return None
    span = content(tokens, m.end, n)
    return Reported("according_to", *span, hit.words, m, "de.according_to.fronted") if span else None


def _marker_after(hit: _Marker, pack: LanguagePack) -> Reported | None:
    """ "X zufolge …", "… den Schätzungen zufolge": the source before the marker."""
    tokens, i, after, n = hit.tokens, hit.i, hit.after, len(hit.tokens)
    if i == 0:
        return None
    start = clause_start(tokens, i - 1, pack)
    m = chunk_before(tokens, start, i, pack)
    if m is None and i - start == 1 and tokens[start].lower in pack.pronouns:
        m = Mention(start, i, tokens[start:i])
    if m is None and i - start > 2:
        # in the middle field ("Die Firma nimmt Schätzungen zufolge … ein"): the whole sentence is the statement
        starts = range(max(start + 1, i - 6), i)
        m = next((c for lo in starts if (c := chunk_before(tokens, lo, i, pack))), None)
        if m is None or (hit.marker.strict and not _source_ok(m, pack, True)):
            return None
        span = content(tokens, start, n)
        if not span:
            return None
        gap = (tokens[m.start].start, tokens[i].end)
        return Reported("according_to", *span, tokens[i].text, m, "de.according_to.after_middle", gap=gap)
    if m is None or (hit.marker.strict and not _source_ok(m, pack, True)):
        return None
    span = content(tokens, after, n) if start == 0 else content(tokens, 0, start)
    return Reported("according_to", *span, tokens[i].text, m, "de.according_to.after") if span else None


def _marker_postposed(hit: _Marker, pack: LanguagePack) -> Reported | None:
    """ ", so X." and ", so das Ergebnis einer Studie …": the source closes the sentence, or stands
    inside it between commas ("Der Präsident sei, so X, schuld daran")."""
    tokens, i, after, n = hit.tokens, hit.i, hit.after, len(hit.tokens)
    if not (i > 2 and tokens[i - 1].text == ","):
        return None
    m = chunk_at(tokens, after, pack)
    if m is None or (m.end < n and verb_like(tokens, m.end, pack)):
        return None
    span = content(tokens, 0, i - 1)
    close = _after_postposed_source(tokens, m, pack)
    rest = content(tokens, close + 1, n) if close is not None else None
    if span and rest:
        gap = (tokens[i - 1].start, tokens[close].end)
        return Reported(
            "according_to", span[0], rest[1], tokens[i].text, m, "de.according_to.postposed_inserted", gap=gap
        )
    return Reported("according_to", *span, tokens[i].text, m, "de.according_to.postposed") if span else None


def _marker_anaphoric(hit: _Marker, pack: LanguagePack) -> Reported | None:
    """ "Demnach …", "…, wonach …": the source is the one named before (or the noun phrase before the comma)."""
    tokens, i, after, n, flags = hit.tokens, hit.i, hit.after, len(hit.tokens), hit.marker.flags
    if not (hit.at_clause_start or "relative" in flags or ("middle" in flags and _after_finite(tokens, i, pack))):
        return None
    if "subjunctive" in flags and not _has_subjunctive(tokens, after, n, pack):
        return None
    # in the middle field ("Die Rolle der Fed soll demnach gestärkt werden") the whole clause
    span = content(tokens, after if hit.at_clause_start else clause_start(tokens, i, pack), n)
    if not span:
        return None
    # the marker itself is the mention: "Demnach" points back at the source, "…, wonach" at the noun
    # phrase before the comma ("ein Bericht, wonach …")
    after_comma = i > 1 and tokens[i - 1].text == ","
    antecedent = noun_phrase_before(tokens, i - 1, pack) if after_comma else None
    if antecedent is not None and not can_speak(antecedent, pack):
        antecedent = None
    mention = Mention(i, after, tokens[i:after], antecedent=antecedent)
    return Reported(
        "according_to", *span, tokens[i].text, mention, "de.according_to.anaphoric", anaphoric=antecedent is None
    )


def _marker_impersonal(hit: _Marker, pack: LanguagePack) -> Reported | None:
    """ "Aus Paris hieß es, …", "…, hieß es.", "…, so heißt es in einer Erklärung des Verbands." """
    tokens, i, after, n = hit.tokens, hit.i, hit.after, len(hit.tokens)
    if i > 1 and tokens[i - 1].lower in pack.word_class("postposed_source") and tokens[i - 2].text == ",":
        span = content(tokens, 0, i - 2)
        link = after < n and tokens[after].lower in pack.word_class("document_link")
        source = chunk_at(tokens, after + 1, pack, allow_pronoun=False) if link else None
        cue = " ".join(t.text for t in tokens[i - 1 : after])
        return Reported("according_to", *span, cue, source, "de.according_to.impersonal_after") if span else None
    comma_before = i > 0 and tokens[i - 1].text == ","
    if "clause" in hit.marker.flags and not (
        comma_before
        or after < n
        and tokens[after].text == ","
        or i > 0
        and tokens[i - 1].lower in pack.word_class("as_clause")
    ):
        return None  # "Er wurde bekannt durch …" is fame, not a report
    lo, hi = (0, i - 1) if comma_before else (after, n)
    span = content(tokens, lo, hi)
    source = None
    if not comma_before and i > 1 and tokens[0].lower in pack.word_class("source_link"):
        source = chunk_at(tokens, 1, pack, i, allow_pronoun=False)  # "Aus Paris hieß es, …"
    return Reported("according_to", *span, hit.words, source, "de.according_to.impersonal") if span else None


_BY_POSITION = {
    "before": _marker_before,
    "after": _marker_after,
    "postposed": _marker_postposed,
    "anaphoric": _marker_anaphoric,
    "impersonal": _marker_impersonal,
}


def _as_clause(tokens: list[Token], pack: LanguagePack) -> Reported | None:
    """ "Wie der Sprecher mitteilte, …", "Wie die Sprecherin des Amtes, Anna Roth, mitteilte, …"."""
    n = len(tokens)
    if n <= 3 or tokens[0].lower not in pack.word_class("as_clause"):
        return None
    brk = clause_end_over_appositions(tokens, 1)
    cues = find_cues(tokens, pack, 1, brk)
    if not cues or brk >= n or tokens[brk].text != ",":
        return None
    first = 1
    while first < brk and tokens[first].lower in pack.word_class("clause_adverb"):
        first += 1  # "Wie schon die WHO sagte,"
    if first + 1 < brk and tokens[first].lower in pack.word_class("source_link"):
        first += 1  # "Wie aus Unternehmenskreisen verlautete, …"
    m = subject_of(tokens, cues[-1], pack) or chunk_at(tokens, first, pack, cues[-1].index)
    span = content(tokens, brk + 1, n)
    return Reported("according_to", *span, f"wie {cues[-1].text}", m, "de.according_to.as_clause") if span else None


def free_indirect(tokens: list[Token], pack: LanguagePack, continuing: bool = False) -> Reported | None:
    """Konjunktiv I without a cue, or reportative "soll … haben"; right after reported speech also
    Konjunktiv II and "soll", which continue the report ("Es gäbe auch …", "Sie sollen …")."""
    if not tokens:
        return None
    first = tokens[0].lower
    if first in pack.word_class("conditional_start"):
        return None
    lowered = [t.lower for t in tokens]
    for k in range(len(tokens) - 1):
        if lowered[k] in pack.word_class("as_if") and lowered[k + 1] in pack.word_class("as_if_second"):
            tokens, lowered = tokens[:k], lowered[:k]
            break
    subj = len(tokens) > 3 and _has_subjunctive(tokens, 0, len(tokens), pack)
    reportative = pack.word_class("reportative")
    has_soll = any(w in reportative for w in lowered)
    perfect = any(w in pack.word_class("perfect_infinitive") for w in lowered[-4:])
    # continuing markers count in the main clause only: "Ein Gesetz, das die Zahlungen regeln sollte,
    # wurde gestoppt" is the narrator's
    markers = pack.word_classes("subjunctive_ii", "reportative")
    go_on = continuing and any(w in markers and _main_clause_at(tokens, k, pack) for k, w in enumerate(lowered))
    if subj or (has_soll and perfect) or go_on:
        lo, hi = _subjunctive_clause(tokens, pack) if subj else (0, len(tokens))
        hi = _coordinated_main_clause(tokens, lo, hi, pack)
        span = content(tokens, lo, hi)
        if span:
            rule = (
                "de.free_indirect.subjunctive"
                if subj
                else ("de.free_indirect.reportative" if has_soll and perfect else "de.free_indirect.continued")
            )
            # the source is the one named before, also for hearsay ("X soll … haben") after a report
            # with a sentence of narration between (on train/ 5 speakers more, none lost)
            return Reported("free_indirect", *span, None, None, rule, anaphoric=True)
    return None


def _main_clause_at(tokens: list[Token], k: int, pack: LanguagePack) -> bool:
    """Is token k outside relative and adverbial clauses? (A dass-clause is part of what is said.)"""
    start = clause_start(tokens, k, pack)
    if start == 0 or start == k or tokens[start - 1].text != ",":
        return True
    opener = tokens[start]
    if opener.lower in pack.word_class("relative"):
        return start + 1 < len(tokens) and is_capitalised(tokens[start + 1])  # "…, die Regierung könnte": an article
    return opener.lower not in pack.word_class("adverbial_subordinator")


def _subjunctive_clause(tokens: list[Token], pack: LanguagePack) -> tuple[int, int]:
    """The part of a sentence that is reported: all of it when its main clause is in Konjunktiv, else
    only the subordinate clause that is ("Sie berichtet von einem Ventil, das den Piloten zur Rückkehr
    bewogen habe": the relative clause)."""
    k = next(i for i in range(len(tokens)) if is_subjunctive_at(tokens, i, pack))
    start = clause_start(tokens, k, pack)
    opener = pack.word_classes("subordinator", "adverbial_subordinator", "relative")
    if start == 0 or tokens[start - 1].text != ",":
        return 0, len(tokens)
    before = tokens[:start]
    marked = pack.word_classes("reportative", "subjunctive_ii")
    # the narrator's main clause: an indicative verb outside relative and subordinate clauses
    subordinate = pack.word_classes("subordinator", "adverbial_subordinator")

    def main_clause(j: int) -> bool:
        # a sentence-initial "Der" is an article, after a comma it opens a relative clause
        c = clause_start(tokens, j, pack)
        return tokens[c].lower not in (opener if c > 0 else subordinate)

    indicative = [
        j for j, t in enumerate(before) if t.text[:1].islower() and pack.is_finite_verb(t.text) and main_clause(j)
    ]
    if any(t.lower in marked or pack.is_subjunctive_ii(t.lower) for t in before) or not indicative:
        return 0, len(tokens)
    if start == k:
        # "Der Vater erklärte im Interview, über den Versuch, …, sei er enttäuscht": a Vorfeld holding
        # commas; the reported clause starts after the main clause
        start = next(j + 1 for j in range(indicative[-1], start) if tokens[j].text == ",")
    # up to a colon or semicolon: what follows is another statement ("…, die Sorte werde …: „…“")
    end = next((j for j in range(k, len(tokens)) if tokens[j].text in ":;"), len(tokens))
    return start, end


def anaphoric_cue(tokens: list[Token], cues: list[Cue], pack: LanguagePack) -> tuple[Cue, Mention] | None:
    """ "Dies bestätigte der Minister.": a cue whose object points back at the sentence before, which
    is then the statement; returns the cue and its subject (after the verb, as "Dies" fills the Vorfeld)."""
    if len(tokens) < 3 or tokens[0].lower not in pack.word_class("anaphoric_object"):
        return None
    cue = next((c for c in cues if c.index == 1 and not c.noun and not c.participle), None)
    if cue is None and tokens[1].lower in pack.word_class("auxiliary") | pack.word_class("modal"):
        # "Das musste der Minister einräumen", "Dies hat die Polizei bestätigt"
        end = clause_end(tokens, 2)
        cue = next((c for c in cues if 1 < c.index < end and not c.noun), None)
    if cue is None:
        return None
    subject = subject_of(tokens, cue, pack)
    if subject is None:
        # "Dies geht aus einer Mitteilung des Konzerns hervor": the source after "aus"
        k = next((j for j in range(cue.index + 1, cue.last) if tokens[j].lower in pack.word_class("source_link")), None)
        subject = chunk_at(tokens, k + 1, pack, cue.last) if k is not None else None
    return (cue, subject) if subject is not None and subject.start > 1 else None


def speech_act(tokens: list[Token], cues: list[Cue], pack: LanguagePack) -> Reported | None:
    """A report of what someone said without its words: "Die SPD forderte eine Reform",
    "Er bezeichnete die Anschläge als Selbstverteidigung". The whole sentence is the statement."""
    if not tokens:
        return None
    # "Als Grund nannte er …" is a main clause with a prepositional Vorfeld, "Als er sagte, …" is not
    fronted = (
        tokens[0].lower in pack.word_class("naming_link")
        and len(tokens) > 1
        and is_capitalised(tokens[1])
        and not pack.is_proper_noun(tokens[1].text)  # "Als Merkel das sagte, …" is a subordinate clause
    )
    if tokens[0].lower in pack.word_class("subordinator") | pack.word_class("adverbial_subordinator") and not fronted:
        return None
    late = pack.word_class("subordinator") | pack.word_class("adverbial_subordinator") | pack.word_class("relative")
    for cue in cues:
        # particle verbs count by their verb: "sprach von" is a report as "sprach" is
        if cue.noun or cue.participle or not any(cue.lemma.endswith(act) for act in pack.speech_acts):
            continue
        links = pack.speech_act_links.get(cue.lemma)
        if cue.lemma not in pack.speech_act_links and any(cue.lemma.endswith(a) for a in pack.speech_act_links):
            continue  # "versprach sich", "sprach aus": another verb than the one listed with its link
        if links and not any(t.lower in links for t in tokens[cue.last + 1 : clause_end(tokens, cue.last + 1)]):
            continue  # "sprach mit seiner Frau" reports no statement, "sprach von einem Erfolg" does
        start = clause_start(tokens, cue.index, pack)
        if start != clause_start(tokens, 0, pack) and (start < len(tokens) and tokens[start].lower in late):
            continue  # the cue belongs to a subordinate clause ("…, die der Verband forderte")
        subject = subject_of(tokens, cue, pack)
        if subject is None:
            continue
        span = content(tokens, 0, len(tokens), 5)
        if span:
            return Reported("indirect", *span, cue.text, subject, "de.indirect.speech_act")
    return None
