"""Inflected forms of the speech verbs listed in each pack's speech_verbs.tsv.

Linguists list infinitives (and, for strong verbs, three principal parts); the finite and
participle forms that occur in news text are generated here, so the lexicon stays short.
"""

from __future__ import annotations

from dataclasses import dataclass

INSEPARABLE_PREFIXES = ("be", "emp", "ent", "er", "ge", "miss", "ver", "zer", "über", "unter", "wider", "hinter")


@dataclass(frozen=True)
class VerbEntry:
    lemma: str  # e.g. "hinzufügen"
    particle: str | None  # e.g. "hinzu"; None for simple verbs
    separated: bool  # the form needs its particle later in the clause ("fügte ... hinzu")
    participle: bool = False


def _needs_e(stem: str) -> bool:
    """sagen -> sagt, but antworten -> antwortet, rechnen -> rechnet."""
    if stem.endswith(("t", "d", "chn", "chm")):
        return True
    return len(stem) > 2 and stem[-1] in "mn" and stem[-2] not in "aeiouäöüylrmnh"


def _german_forms(verb: str, strong: str | None) -> tuple[set[str], set[str]]:
    """(finite forms, participles) of a German verb without its separable particle."""
    stem = verb[:-2] if verb.endswith("en") else verb[:-1]
    e = "e" if _needs_e(stem) else ""
    finite = {stem + "e", stem + e + "st", stem + e + "t", verb, stem + e + "te", stem + e + "ten"}
    finite |= {stem + e + "test", stem + e + "tet"}
    no_ge = verb.startswith(INSEPARABLE_PREFIXES) or verb.endswith("ieren")
    participles = {(stem if no_ge else "ge" + stem) + e + "t"}
    if strong:
        parts = strong.split("|")
        present, past, participle = (parts + ["", "", ""])[:3]
        finite -= {stem + e + "te", stem + e + "ten", stem + e + "test", stem + e + "tet"}
        participles = {participle.split()[-1]} if participle else set()
        present_word = present.split()[0]
        past_word = past.split()[0]
        finite |= {present_word, past_word}
        finite.add(past_word + ("n" if past_word.endswith("e") else "en"))
    return finite, participles


def expand_verb(code: str, verb: str, particle: str | None, forms: str) -> list[tuple[str, VerbEntry]]:
    strong = None if forms in ("", "-") else forms
    if code != "de":
        # other packs list every form explicitly: "said|says|saying"
        lemma = verb if particle is None else f"{verb} {particle}"
        listed = {verb} | (set(strong.split("|")) if strong else set())
        return [(f.lower(), VerbEntry(lemma, particle, particle is not None)) for f in listed]
    # joined-particle verbs written as one infinitive in the file ("hinweisen") whose forms
    # separate: the strong column says "weist hin|wies hin|hingewiesen"
    if strong and particle is None and " " in strong.split("|")[0]:
        particle = strong.split("|")[0].split()[1]
        verb = verb[len(particle) :]
        strong = "|".join(p.split()[0] if " " in p else p for p in strong.split("|"))
        if strong.split("|")[-1].startswith(particle):
            parts = strong.split("|")
            parts[-1] = parts[-1][len(particle) :]
            strong = "|".join(parts)
    finite, participles = _german_forms(verb, strong)
    out: list[tuple[str, VerbEntry]] = []
    if particle is None:
        entry = VerbEntry(verb, None, False)
        out += [(f, entry) for f in finite]
        out += [(p, VerbEntry(verb, None, False, True)) for p in participles]
        return out
    lemma = particle.split()[-1] + verb if " " not in particle else f"{particle} {verb}"
    sep = VerbEntry(lemma, particle, True)
    out += [(f, sep) for f in finite]
    if " " not in particle and particle.isalpha() and particle.islower():
        # joined forms in subordinate clauses and participles: "hinzufügte", "hinzugefügt"
        joined = VerbEntry(lemma, particle, False)
        out += [(particle + f, joined) for f in finite]
        out += [(particle + p, VerbEntry(lemma, particle, False, True)) for p in participles]
        out += [(particle + "zu" + verb, joined)]
        # the participle with its particle written apart before it: "bekannt gegeben"
        out += [(p, VerbEntry(lemma, particle, True, True)) for p in participles]
    else:
        out += [(p, VerbEntry(lemma, particle, True, True)) for p in participles]
    return out
