"""Cues (verbs of saying, with their particles) and the subject noun phrase that goes with them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from quotewatch.lang import AccordingTo, LanguagePack
from quotewatch.lang.de.chunks import can_speak, chunk_at, chunk_before
from quotewatch.speakers.mention import Mention, is_capitalised
from quotewatch.text.chars import CLAUSE_BREAK, DOUBLE_CLOSERS, NAME_OPENERS, STATEMENT_BREAK
from quotewatch.text.segment import Token


@dataclass
class Cue:
    index: int  # token index of the verb
    last: int  # token index of the last word of the cue (the particle, if any)
    text: str  # as written, e.g. "fügte hinzu"
    lemma: str
    participle: bool
    noun: bool = False  # "die Forderung, dass …": only with a content clause


def clause_end(tokens: list[Token], i: int) -> int:
    """Index of the first clause break at or after token i (len(tokens) when there is none)."""
    k = i
    while k < len(tokens) and tokens[k].text not in CLAUSE_BREAK:
        k += 1
    return k


def apposition_end(tokens: list[Token], comma: int) -> int | None:
    """If the comma at `comma` opens a short apposition of capitalised words ("…, Andreas Huber, …",
    "…, der Trainer Ghanas, …"), the index of the comma that closes it."""
    if comma >= len(tokens) or tokens[comma].text != ",":
        return None
    j = comma + 1
    k = clause_end(tokens, j)
    if not (k < len(tokens) and tokens[k].text == "," and 1 <= k - j <= 5):
        return None
    words = tokens[j:k]
    if not words[-1].text[:1].isupper() or any(t.text[:1].islower() and len(t.text) > 3 for t in words):
        return None  # lower-case words longer than an article: a clause, not a name
    return k


def clause_end_over_appositions(tokens: list[Token], i: int) -> int:
    """clause_end, reading past appositions: "gab der Leiter, Andreas Huber, bekannt"; an apposition
    followed by a content clause ends the clause ("meldete der Sender, Radio X, dass …")."""
    end = clause_end(tokens, i)
    while (close := apposition_end(tokens, end)) is not None:
        nxt = clause_end(tokens, close + 1)
        if nxt - close > 4 or nxt == close + 1:
            return close
        end = nxt
    return end


def match_marker(tokens: list[Token], i: int, marker: AccordingTo, pack: LanguagePack) -> int | None:
    """Token index after the marker if tokens[i:] start with it; adverbs may stand between the words
    of an impersonal marker ("wurde inzwischen auch bekannt")."""
    words = marker.words
    if i + len(words) > len(tokens) or tokens[i].lower != words[0]:
        return None
    skip = pack.word_class("clause_adverb") if marker.position == "impersonal" else frozenset()
    k = i + 1
    for w in words[1:]:
        while k < len(tokens) and tokens[k].lower != w and tokens[k].lower in skip:
            k += 1
        if k >= len(tokens) or tokens[k].lower != w:
            return None
        k += 1
    return k


def _find_particle(tokens: list[Token], i: int, particle: str) -> int | None:
    """Index of the last word of a (possibly multi-word) particle after token i, in its clause."""
    words = particle.lower().split()
    open_ended = words[-1] == "…"  # "halten für …": a preposition with its complement after it
    if open_ended:
        words = words[:-1]
    end = clause_end_over_appositions(tokens, i + 1)
    # a separated particle closes its clause ("fügte er hinzu."); elsewhere "zu" is a preposition
    if end - 1 <= i or not open_ended and tokens[end - 1].lower != words[-1]:
        return None
    k, w = i + 1, 0
    last = None
    while k < end and w < len(words):
        if tokens[k].lower == words[w]:
            last = k
            w += 1
        k += 1
    return last if w == len(words) else None


@cache
def zu_infix_for(prefixes: frozenset[str], marker: frozenset[str]) -> re.Pattern[str]:
    if not prefixes or not marker:
        return re.compile(r"(?!)")  # languages without infix infinitives
    alternatives = "|".join(sorted(prefixes, key=len, reverse=True))
    return re.compile(rf"^({alternatives})({'|'.join(marker)})[a-zäöüß]+(en|ern|eln)$")


def zu_infix(pack: LanguagePack) -> re.Pattern[str]:
    """Infinitives with the marker inside: "abzuschalten", "einzuführen"."""
    return zu_infix_for(pack.word_class("separable_prefix"), pack.word_class("infinitive_marker"))


def cue_at(tokens: list[Token], i: int, pack: LanguagePack) -> Cue | None:
    tok = tokens[i]
    if tok.text in pack.cue_nouns:
        return Cue(i, i, tok.text, tok.text, False, noun=True)
    entries = pack.speech_verbs.get(tok.lower)
    if tok.lower in pack.not_cues and not (tok.lower in pack.perfect_cues and _perfect_before_comma(tokens, i, pack)):
        return None
    if not entries or (tok.text[:1].isupper() and i > 0 and pack.has("capitalised_nouns")):
        return None  # capitalised mid-sentence: a noun ("Sagen", "Erklären")
    best: Cue | None = None
    for entry in entries:
        # "hat bekannt gegeben", "wie die Bank bekannt gab,": the particle written apart before a
        # participle or a verb at the end of its clause
        clause_final = entry.participle or i + 1 >= len(tokens) or tokens[i + 1].text in CLAUSE_BREAK
        if entry.separated and entry.particle and i > 0 and tokens[i - 1].lower == entry.particle and clause_final:
            return Cue(i - 1, i, f"{tokens[i - 1].text} {tok.text}", entry.lemma, entry.participle)
        if entry.separated and entry.particle:
            last = _find_particle(tokens, i, entry.particle)
            if last is None:
                continue
            size = len([w for w in entry.particle.split() if w != "…"])
            text = f"{tok.text} {' '.join(t.text for t in tokens[last - size + 1 : last + 1])}"
            cand = Cue(i, last, text, entry.lemma, entry.participle)
            if best is None or best.last == i:
                best = cand
        elif best is None:
            best = Cue(i, i, tok.text, entry.lemma, entry.participle)
    if best is not None and (
        i > 0 and tokens[i - 1].lower in pack.word_class("infinitive_marker") or zu_infix(pack).match(tok.lower)
    ):
        # "ist davon auszugehen, dass …", "zu bemerken ist": an infinitive asserts no saying
        return None
    if best is not None and best.last == i:
        # a simple verb that is really a non-speech particle verb ("fand ... statt")
        excluded = pack.not_cue_particles.get(best.lemma, frozenset())
        end = clause_end(tokens, i + 1)
        # "Zwölf Todesopfer forderte der Taifun": the object may stand before the verb too
        start = clause_start(tokens, i, pack) if best.lemma in pack.not_cue_in_clause else i + 1
        if any(tokens[k].lower in excluded for k in range(start, end) if k != i):
            return None
    return best


def _perfect_before_comma(tokens: list[Token], i: int, pack: LanguagePack) -> bool:
    """ "Das Gericht hat entschieden, …": a participle that closes a perfect before its content clause is
    the verb, not the adjective it mostly is ("entschieden gegen")."""
    if i + 1 >= len(tokens) or tokens[i + 1].text != ",":
        return False
    start = clause_start(tokens, i, pack)
    return any(t.lower in pack.word_class("auxiliary") for t in tokens[start:i])


def _attributive_after_adjective(tokens: list[Token], i: int, pack: LanguagePack) -> bool:
    """ "seinem letzten vermuteten Aufenthaltsort", "Nicht erklärte Streiks": an inflected participle
    between an adjective (or "nicht") and its noun is no verb of saying."""
    if not (0 < i < len(tokens) - 1 and tokens[i].text[:1].islower()):
        return False
    prev, nxt = tokens[i - 1], tokens[i + 1]
    before_ok = prev.lower in pack.word_class("negation") or (
        prev.text[:1].islower()
        and pack.ends_with(prev.lower, "adjective_ending")
        and not pack.is_finite_verb(prev.text)
    )
    return (
        before_ok
        and pack.ends_with(tokens[i].lower, "adjective_ending")
        and is_capitalised(nxt)
        and nxt.text not in pack.role_nouns
        and nxt.text not in pack.first_names
        and not pack.ends_with(nxt.lower, "agent_ending")
        and not pack.is_proper_noun(nxt.text)
    )


def find_cues(tokens: list[Token], pack: LanguagePack, lo: int = 0, hi: int | None = None) -> list[Cue]:
    hi = len(tokens) if hi is None else hi
    cues = []
    depth = 0  # inside parentheses: "(Wikinews berichtete)" refers to another article, it reports nothing
    # "zu sagen" is a verb after all
    determiners = pack.word_classes("article", "possessive", "preposition") - pack.word_class("infinitive_marker")
    for i in range(lo, hi):
        text = tokens[i].text
        depth += (text == "(") - (text == ")" and depth > 0)
        attributive = (
            i > 1
            and tokens[i - 1].lower in determiners
            and tokens[i - 2].text not in CLAUSE_BREAK  # "…, der angab", "Das bestätigte X": pronouns
            and not tokens[i].text[:1].isupper()
        )
        if depth or attributive:
            continue  # after an article a participle is an adjective: "aufgrund der prognostizierten Länge"
        cue = cue_at(tokens, i, pack) or _opinion_cue(tokens, i, pack)
        # asked of cues only: it analyses the words around, which costs for words not seen before
        if cue is not None and not _attributive_after_adjective(tokens, i, pack):
            cues.append(cue)
    return cues


def _opinion_cue(tokens: list[Token], i: int, pack: LanguagePack) -> Cue | None:
    """ "X ist zuversichtlich, die Schweden zu schlagen", "X zeigte sich überzeugt, dass …": a copula
    and an opinion adjective right before a comma introduce content as a verb of saying does."""
    if tokens[i].lower not in pack.word_class("copula"):
        return None
    end = clause_end(tokens, i + 1)
    if end >= len(tokens) or tokens[end].text != "," or end - i > 6:
        return None
    adjective = end - 1
    if tokens[adjective].lower not in pack.word_class("opinion_adjective"):
        return None
    return Cue(i, adjective, f"{tokens[i].text} {tokens[adjective].text}", tokens[adjective].lower, False)


def clause_start(tokens: list[Token], i: int, pack: LanguagePack) -> int:
    """Start of the clause containing token i (after a sentence break, comma or conjunction)."""
    k = i
    while k > 0 and tokens[k - 1].text not in CLAUSE_BREAK:
        k -= 1
    if k < len(tokens) and tokens[k].lower in pack.word_class("conjunction"):
        k += 1
    return k


def subject_of(tokens: list[Token], cue: Cue, pack: LanguagePack) -> Mention | None:
    """The speaker noun phrase of a cue: before the finite verb (V2) or right after it."""
    if cue.noun:
        links = pack.word_class("document_link")
        j = next((j for j in range(cue.index - 1, max(-1, cue.index - 4), -1) if tokens[j].lower in links), None)
        if j is not None and all(t.text[:1].islower() for t in tokens[j + 1 : cue.index]):
            # "Im Bericht heißt es, …", "In einer Erklärung der Partei wird gefordert, …": the document speaks
            m = chunk_at(tokens, j + 1, pack, allow_pronoun=False)
            if m is not None and m.start <= cue.index < m.end:
                return m
        k = cue.index + 1
        if k < len(tokens) and tokens[k].lower in pack.word_class("genitive_link"):
            return chunk_at(tokens, k + (tokens[k].lower in pack.word_class("von_link")), pack)
        # "So fassten die Grünen den Beschluss, …": the subject of the clause the noun is the object of
        start = clause_start(tokens, cue.index, pack)
        m = clause_subject(tokens[start : cue.index], pack) if cue.index - start > 2 else None
        return shifted(m, start) if m is not None and can_speak(m, pack) else _fronted_source(tokens, cue, pack)
    agent = _passive_agent(tokens, cue, pack)
    if agent is not None:
        return agent  # "Die Forderungen Berningers wurden von Minister Stolpe als unrealistisch bezeichnet"
    verb = cue.index
    # "X hat sich bereit erklärt", "Stoiber hatte die Rolle der Vorsitzenden betont": the finite
    # auxiliary or modal holds the verb-second position, its subject is the participle's; a form like
    # "betont" is a participle where it closes its clause after an auxiliary
    finite = pack.word_class("auxiliary") | pack.word_class("modal")
    k = cue.index - 1
    while k >= 0 and tokens[k].lower not in finite and tokens[k].text not in CLAUSE_BREAK:
        k -= 1
    aux = k if k >= 0 and tokens[k].lower in finite else None
    final = cue.last + 1 >= len(tokens) or tokens[cue.last + 1].text in CLAUSE_BREAK
    aux_first = (cue.participle or final) and aux is not None
    m = _subject_at(tokens, aux, pack) if aux_first else None
    if m is not None:
        verb = aux
    else:
        m = _subject_at(tokens, verb, pack)
        if m is not None and cue.participle and m.start > cue.index:
            m = None  # "haben dazu aufgerufen die Kontrollen zu verstärken": the object follows a participle
        if m is None and aux is not None and not aux_first:
            verb = aux
            m = _subject_at(tokens, aux, pack)
    if m is not None and not can_speak(m, pack):
        # an abstract subject ("Das Ziel sei …") or an object first ("Spekulationen darüber konnte
        # der Minister nicht bestätigen"): the subject after the verb, or the source is elsewhere
        return subject_after_verb(tokens, verb, pack) or _fronted_source(tokens, cue, pack)
    return m or _fronted_source(tokens, cue, pack)


def _fronted_source(tokens: list[Token], cue: Cue, pack: LanguagePack) -> Mention | None:
    """ "Aus EU-Kreisen verlautete, …", "Von der Polizei kam die Information, …": a source in a
    prepositional phrase before the verb, when the clause names no speaker."""
    start = clause_start(tokens, cue.index, pack)
    if start > 2 and tokens[start - 1].text == ",":
        # "In der Vorabversion des Berichts, der ins Netz gestellt wurde, heißt es": over a relative clause
        rel = clause_start(tokens, start - 2, pack)
        if rel > 1 and tokens[rel - 1].text == "," and tokens[rel].lower in pack.word_class("relative"):
            start = clause_start(tokens, rel - 2, pack)
    skip = pack.word_classes("clause_adverb", "auxiliary", "expletive")
    while start < cue.index - 1 and tokens[start].lower in skip:
        start += 1  # "So wird in einer Pressemitteilung gefordert", "Es hieß in einer Erklärung"
    if start + 1 >= cue.index:
        return None
    link = tokens[start].lower
    if link not in pack.word_class("source_link") and link not in pack.word_class("document_link"):
        return None
    m = chunk_at(tokens, start + 1, pack, cue.index, allow_pronoun=False)
    if (
        m is None
        and link in pack.word_class("document_link")
        and tokens[start + 1].lower in pack.word_class("demonstrative")
    ):
        # "Der Verein veröffentlichte das Dokument. In diesem wird festgehalten, …": the document before
        return Mention(start + 1, start + 2, tokens[start + 1 : start + 2])
    if m is None or not can_speak(m, pack):
        return None
    if link in pack.word_class("document_link"):
        return _document(m, pack)  # "Im Bericht heißt es, …", not "Im Jahr 2005 wurde gefordert"
    return m


def _document(m: Mention | None, pack: LanguagePack) -> Mention | None:
    """The noun phrase if it names a document (a report, a statement), not a place or a time."""
    heads = [t.lower for t in m.core if is_capitalised(t)] if m is not None else []
    return m if heads and pack.ends_with(heads[0], "document_noun_ending") else None


def noun_phrase_before(tokens: list[Token], comma: int, pack: LanguagePack) -> Mention | None:
    """The longest noun phrase that ends right before token `comma` (the antecedent of a relative
    pronoun or of "wonach" after that comma)."""
    first = comma
    while first > 0 and tokens[first - 1].text not in CLAUSE_BREAK:
        first -= 1
    for s0 in range(first, comma):
        m = chunk_at(tokens, s0, pack, comma)
        if m is not None and m.end == comma:
            return m
    return None


def shifted(m: Mention, offset: int) -> Mention:
    return Mention(m.start + offset, m.end + offset, m.tokens, m.attribute)


def _after_adverbs(tokens: list[Token], verb: int, pack: LanguagePack) -> int:
    """The first token after a verb that is not an adverb or reflexive ("sagte jedoch sich …")."""
    k = verb + 1
    skip = pack.word_class("clause_adverb") | pack.word_class("cue_skip") | pack.word_class("reflexive")
    while k < len(tokens) and tokens[k].lower in skip:
        k += 1
    return k


def subject_after_verb(tokens: list[Token], verb: int, pack: LanguagePack) -> Mention | None:
    """The subject in the Mittelfeld when an object fills the Vorfeld: "Den Plan bezeichnete Conze als …"."""
    k = _after_adverbs(tokens, verb, pack)
    if k >= len(tokens) or tokens[k].lower in pack.word_class("oblique_article"):
        return None
    m = chunk_at(tokens, k, pack)
    if m is not None and len(m.tokens) == 1 and m.tokens[0].lower in pack.word_class("object_pronoun"):
        return None  # "werfen ihm Verrat vor": the object, not the subject
    return m if m is not None and can_speak(m, pack) else None


def _passive_agent(tokens: list[Token], cue: Cue, pack: LanguagePack) -> Mention | None:
    lo = clause_start(tokens, cue.index, pack)
    hi = clause_end(tokens, cue.last + 1)
    if not any(t.lower in pack.word_class("passive_auxiliary") for t in tokens[lo:hi]):
        return None
    return _linked_source(tokens, lo, hi, pack.word_class("von_link"), pack)


def _linked_source(
    tokens: list[Token],
    lo: int,
    hi: int,
    links: frozenset[str],
    pack: LanguagePack,
    not_in: frozenset[str] = frozenset(),
) -> Mention | None:
    """The first noun phrase in tokens[lo:hi] after one of the `links` ("von der Polizei", "in der
    Meldung") that can speak and holds none of the words `not_in`."""
    for k in range(lo, hi - 1):
        if tokens[k].lower in links:
            m = chunk_at(tokens, k + 1, pack, hi, allow_pronoun=False)
            if m is not None and can_speak(m, pack) and not any(t.lower in not_in for t in m.tokens):
                return m
    return None


def verb_like(tokens: list[Token], j: int, pack: LanguagePack) -> bool:
    """Could token j be the finite verb after a Vorfeld? HanTa alone misreads some out of context
    ("umstellten" as an adjective, "sparte" as a noun); a lower-case word not followed by its noun is
    no attribute."""
    t = tokens[j]
    if not t.text[:1].islower() or t.lower in pack.word_classes("article", "preposition", "conjunction", "possessive"):
        return False
    if pack.is_finite_verb(t.text):
        return True
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    return pack.ends_with(t.lower, "finite_verb_ending") and (nxt is None or not nxt.text[:1].isupper())


def clause_subject(tokens: list[Token], pack: LanguagePack) -> Mention | None:
    """Subject of a main clause without a cue: "In der ARD zeigt sich der Bundestrainer zufrieden"."""
    # the Vorfeld may be long: "Bei einer Debatte um die Praxis der Abschiebungen in Niedersachsen hatte sich X …"
    verb = next((i for i in range(1, min(16, len(tokens))) if verb_like(tokens, i, pack)), None)
    if verb is None:
        return None
    m = _subject_at(tokens, verb, pack)
    if m is not None and not can_speak(m, pack):
        # "Die Anwendung der Regel stellte der Vorsitzende in Frage": an object first
        return subject_after_verb(tokens, verb, pack)
    return m


def _subject_at(tokens: list[Token], verb: int, pack: LanguagePack) -> Mention | None:
    start = clause_start(tokens, verb, pack)
    if verb > 0 and tokens[verb - 1].lower in pack.word_class("conjunction"):
        # "Ich rief sie an und sagte: …": the subject of the first verb of the coordination
        first = start
        while first > 0 and tokens[first - 1].text not in STATEMENT_BREAK:
            first -= 1
        m = chunk_at(tokens, first, pack)
        if m is None:
            # "Einer der Putschisten, Harouna Adamou, dankte … und ergänzte": the subject of the
            # first finite verb, found as for that verb
            finite = (j for j in range(first + 1, verb - 1) if tokens[j].text[:1].islower())
            earlier = next((j for j in finite if pack.is_finite_verb(tokens[j].text)), None)
            return _subject_at(tokens, earlier, pack) if earlier is not None else None
        return m if m.end < verb else None
    subordinate = start < verb and tokens[start].lower in (
        pack.word_class("subordinator") | pack.word_class("adverbial_subordinator")
    )
    # a subordinate clause has its verb last ("als der Sprecher sagte,"); "Als Antwort sagte ein
    # Sprecher: …" is a main clause with a prepositional Vorfeld
    # "da die Partei angekündigt hatte,": a final auxiliary or modal after the participle
    finite = pack.word_classes("auxiliary", "modal")
    tail = tokens[verb + 1 : clause_end(tokens, verb + 1)]
    verb_final = len(tail) <= 2 and all(t.lower in finite for t in tail)
    subordinate = subordinate and verb_final
    if (
        verb_final
        and 1 < start < verb
        and tokens[start - 1].text == ","
        and tokens[start].lower in pack.word_class("relative")
        and (start + 1 >= verb or not is_capitalised(tokens[start + 1]))
    ):
        # "Der Führer Irans, der den Sieg als „Fest“ bezeichnete, …": the relative pronoun stands
        # for the noun phrase before the comma
        m = noun_phrase_before(tokens, start - 1, pack)
        if m is not None:
            return Mention(start, start + 1, tokens[start : start + 1], antecedent=m)
    if (
        clause_end(tokens, verb + 1) <= verb + 2  # "erklärt," or "erklärt hatte,"
        and 1 < start < verb - 1
        and tokens[start - 1].text == ","
        and tokens[start].lower in pack.word_class("relative")
        and is_capitalised(tokens[start + 1])
        and (pack.is_proper_noun(tokens[start + 1].text) or tokens[start + 1].text in pack.first_names)
    ):
        # "…, die Gerhard Schröder zum Kriterium erklärt hatte": the relative pronoun is the
        # object, the name after it the subject
        m = chunk_at(tokens, start + 1, pack, verb)
        if m is not None:
            return m
    if (
        1 < start < verb - 2
        and tokens[start - 1].text == ","
        and tokens[start].lower in pack.word_class("preposition")
        and tokens[start + 1].lower in pack.word_class("relative")
    ):
        # "…, bei dem sie gesagt hatte", "ein Zettel, in dem er verlangte": the subject after the
        # relative pronoun; "Medien, in denen es heißt": the noun phrase before the comma speaks
        if tokens[start + 2].lower in pack.word_class("impersonal_pronoun"):
            antecedent = noun_phrase_before(tokens, start - 1, pack)
            if antecedent is None and tokens[start - 2].lower in pack.word_class("separable_prefix"):
                antecedent = noun_phrase_before(tokens, start - 2, pack)  # "griff den Tenor der Medien auf, in denen"
            if antecedent is not None:
                return Mention(start + 1, start + 2, tokens[start + 1 : start + 2], antecedent=antecedent)
        m = chunk_at(tokens, start + 2, pack, verb)
        if m is not None:
            return m
    if subordinate:
        # verb-final clause: "wie der Sprecher mitteilte", "dass er sagte", "wie schon die WHO sagte"
        first = start + 1
        while first < verb and tokens[first].lower in pack.word_class("clause_adverb"):
            first += 1
        m = chunk_at(tokens, first, pack, verb)
        if m is not None:
            return m
    if start == verb and verb > 1 and tokens[verb - 1].text in ",)":
        # a Vorfeld with an apposition: "Die Sprecherin der Stiftung, Heike van Laak, sagte"; the
        # noun phrase may start after any earlier comma of the sentence (and before a parenthesis)
        first = verb
        while (
            first > 0
            and tokens[first - 1].text not in STATEMENT_BREAK + "("
            and tokens[first - 1].text not in NAME_OPENERS
        ):
            if tokens[first - 1].text == ")":
                while first > 1 and tokens[first - 1].text != "(":
                    first -= 1
            first -= 1
        # "Die Geschäftsführung, die ihre Verluste noch beziffert, spricht": a relative clause
        # between the subject and its verb
        for k in range(first + 1, verb - 2):
            if tokens[k].text == "," and tokens[k + 1].lower in pack.word_class("relative"):
                m = chunk_at(tokens, first, pack, k)
                if m is not None and m.end == k and tokens[verb - 1].text == ",":
                    return m
                break
        starts = [first] + [x + 1 for x in range(first, verb - 2) if tokens[x].text == ","]
        # the longest noun phrase that reaches the verb: a name with its apposition beats the
        # apposition alone ("Houcine Abassi, der Generalsekretär des Verbandes (UGIT) sagte")
        for s0 in starts:
            m = chunk_at(tokens, s0, pack, verb)
            if m is not None and m.end in (verb - 1, verb):
                return m
        # "Renate Künast, Fraktionschefin von Bündnis 90/Die Grünen, kritisierte": a name, then an
        # apposition between commas that the chunker cannot read
        m = chunk_at(tokens, first, pack, allow_pronoun=False)
        if (
            m is not None
            and m.end < verb
            and tokens[m.end].text == ","
            and any(t.text in pack.first_names or pack.is_proper_noun(t.text) for t in m.tokens)
        ):
            return m
    after = verb + 1
    if after < len(tokens) and tokens[after].lower in pack.word_class("impersonal_pronoun"):
        # "heißt es im Bericht", "sah es Köhler als Aufgabe an": "es" never speaks; the subject is before
        # the verb ("Er nannte es …") or after "es"
        m = _vorfeld_speaker(tokens, start, verb, pack)
        if m is not None:
            return m
        k = _after_adverbs(tokens, after, pack)
        if k + 1 < len(tokens) and tokens[k].lower in pack.word_class("document_link"):
            # "Nun heißt es im Abschlussbericht, …": the document speaks
            return _document(chunk_at(tokens, k + 1, pack, allow_pronoun=False), pack)
        m = chunk_at(tokens, k, pack)
        return m if m is not None and can_speak(m, pack) and is_capitalised(m.tokens[-1]) else None
    if (
        after < len(tokens)
        and tokens[after].lower in pack.pronouns
        and pack.pronouns[tokens[after].lower][0] in (1, 3)
        and tokens[after].lower not in pack.word_class("object_pronoun")
        and start < verb
    ):
        # "Deren Haltung bezeichnete er als …": an object first, the pronoun after the verb is the subject;
        # "sie" and "es" may be the object of a speaker before the verb ("Der Chef nannte sie …")
        if tokens[after].lower in pack.word_class("accusative_like_pronoun"):
            m = _vorfeld_speaker(tokens, start, verb, pack)
            if m is not None:
                return m
        return Mention(after, after + 1, tokens[after : after + 1])
    if start < verb:
        # "Die Armeeleitung hingegen sprach": an adverb between the subject and its verb
        end = verb
        while end - 1 > start and tokens[end - 1].lower in pack.word_class("contrast_adverb"):
            end -= 1
        if end - start > 1 and tokens[start].lower in pack.word_class("focus_particle"):
            start += 1  # "Einzig Sony gab bekannt", "Auch die Polizei sprach"
        m = chunk_before(tokens, start, end, pack)
        if m is None:
            # "Dies war nicht die erste Blockade und die Anwohner befürchten, …": a coordinated clause
            # has its subject after the conjunction
            j = next((j for j in range(end - 2, start, -1) if tokens[j].lower in pack.word_class("conjunction")), None)
            m = chunk_before(tokens, j + 1, end, pack) if j is not None else None
        if m is not None and m.tokens[0].lower in pack.word_class("oblique_article"):
            m = None  # "Den Plan lobte …": an accusative or dative noun phrase is not the speaker
        if m is not None and not (len(m.tokens) == 1 and m.tokens[0].lower in pack.word_class("expletive")):
            return m
        # English and Russian: subject right before the verb after other material
        if not pack.has("verb_second"):
            for s in range(max(start, verb - 6), verb):
                m = chunk_before(tokens, s, verb, pack)
                if m is not None:
                    return m
    k = _after_adverbs(tokens, verb, pack)
    if (
        k < len(tokens)
        and tokens[k].text not in CLAUSE_BREAK
        and tokens[k].lower not in pack.word_class("oblique_article")
    ):
        m = chunk_at(tokens, k, pack)
        if m is not None and (
            any(is_capitalised(t) for t in m.tokens[1:] or m.tokens) or m.tokens[0].lower in pack.pronouns
        ):
            return m
    return None


def _vorfeld_speaker(tokens: list[Token], start: int, verb: int, pack: LanguagePack) -> Mention | None:
    """A speaker filling the Vorfeld before a verb: a nominative noun phrase that can speak."""
    m = chunk_before(tokens, start, verb, pack) if start < verb else None
    if m is None or m.tokens[0].lower in pack.word_class("oblique_article") or not can_speak(m, pack):
        return None
    return m


def quoting_parties(tokens: list[Token], cue: Cue, pack: LanguagePack) -> tuple[Mention, Mention] | None:
    """(medium, person) of a verb of quoting with both: "X wird von der „Zeit“ mit den Worten zitiert",
    "Der Spiegel zitiert den Prediger mit den Worten", "zitiert die „Computerwoche“ Lynch". The words are
    the person's, reported by the medium; None when the clause names only one of them."""
    if cue.noun or cue.lemma not in pack.word_class("quoting_verb"):
        return None
    time_nouns = pack.word_class("time_noun")
    lo = clause_start(tokens, cue.index, pack)
    while lo > 1 and tokens[lo - 1].text in DOUBLE_CLOSERS:
        # a name in quotation marks is part of the clause: "wird von der „Netzeitung“ zitiert"
        opener = next((j for j in range(lo - 2, max(-1, lo - 8), -1) if tokens[j].text in NAME_OPENERS), None)
        if opener is None:
            break
        lo = clause_start(tokens, opener, pack)
    hi = clause_end(tokens, cue.last + 1)
    if any(t.lower in pack.word_class("passive_auxiliary") for t in tokens[lo:hi]):
        # the agent ("von der „Zeit“"), else a document or medium ("In der Meldung wird Musk zitiert")
        medium = _linked_source(tokens, lo, hi, pack.word_class("von_link"), pack, time_nouns) or _linked_source(
            tokens, lo, hi, pack.word_class("document_link"), pack, time_nouns
        )
        finite = next((k for k in range(lo, hi) if tokens[k].lower in pack.word_class("passive_auxiliary")), None)
        person = _subject_at(tokens, finite, pack) if finite is not None else None
        if person is None or medium is None or person.start <= medium.start < person.end:
            return None
        return medium, person
    medium = _subject_at(tokens, cue.index, pack)
    if medium is None or not can_speak(medium, pack):
        return None
    k = _after_adverbs(tokens, cue.last, pack)
    if medium.start > cue.index:
        k = _after_adverbs(tokens, medium.end - 1, pack)  # "zitiert die „Computerwoche“ Lynch"
    person = chunk_at(tokens, k, pack, hi) if k < hi else None
    if person is None or person.tokens[0].lower in pack.pronouns or not can_speak(person, pack):
        return None
    return medium, person
