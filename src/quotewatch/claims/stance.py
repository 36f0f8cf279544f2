"""Whether a statement repeats a claim, denies it, or only mentions it.

A long quotation says many things; a "nicht" three sentences away from what matched says nothing
about the claim. So the cues are read only in the statement's sentence closest to the claim in
meaning (the matched content), against the claim's own wording:

- *denies*: that sentence carries a denial word the claim does not ("bestreitet", "Lüge", "hoax",
  "отрицает"), or one of them is negated and the other not ("Belarus verhandelt *nicht* heimlich"
  against "Belarus is secretly negotiating"; "Russia does *not* strike cities" against "Россия *не*
  наносит удары" repeats). A negation counts in the sentence's first clause, where the assertion
  is ("Die WHO riet Schwangeren, sich *nicht* impfen zu lassen" makes the claim that the WHO warned
  against the vaccine), or anywhere when the sentence opens with a complementizer ("Dass …, ist
  *nicht* wahr"); several negations count as one (Russian "*никто не* приказывал" is one);
- *mentions*: it reports the claim without making it (a question, "angeblich", "whether", "якобы");
- *repeats*: otherwise.

The cue words are the language packs' word classes `negation`, `denial` and `hedge`, matched on the
word and on its lemma.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from quotewatch.store.text import lemmas

STANCES = ("repeats", "denies", "mentions")
WORD = re.compile(r"[\w'’]+")
# sentence ends inside a quotation: ". ", "! ", "? ", an ellipsis, a semicolon
SENTENCE_END = re.compile(r"(?<=[.!?…;])[\"'“”„«»‚‘’]*\s+")


@dataclass(frozen=True)
class Stance:
    label: str  # one of STANCES
    cue: str = ""  # the word that decided it ("" for repeats)
    sentence: str = ""  # the statement's sentence it was read in


def sentences(text: str) -> list[str]:
    """The statement's sentences (at least one), without surrounding quotation marks."""
    parts = [p.strip(" \"'“”„«»‚‘’–—-") for p in SENTENCE_END.split(text)]
    return [p for p in parts if p] or [text]


# a stance class and the pack classes it reads
CLASSES = {"negation": ("negation", "negative_word")}


def _word_class(language: str | None, name: str) -> frozenset[str]:
    from quotewatch.lang import words_of

    return words_of(language, *CLASSES.get(name, (name,)))


def cues(text: str, language: str | None, name: str) -> list[str]:
    """The words of `text` in the pack's word class `name`, matched as written or by lemma."""
    return list(_cues(text, language, name))


@lru_cache(maxsize=65_536)  # a claim is read once for each statement it matches
def _cues(text: str, language: str | None, name: str) -> tuple[str, ...]:
    words = _word_class(language, name)
    if not words:
        return ()
    return tuple(word for word, lemma in _words(text, language) if word in words or lemma in words)


@lru_cache(maxsize=16_384)
def _words(text: str, language: str | None) -> tuple[tuple[str, str], ...]:
    """Each word of a text, lower case, with its lemma (every word class is looked up in this)."""
    tokens = WORD.findall(text)
    found = lemmas(" ".join(tokens), language)
    if len(found) != len(tokens):  # the lemmatizer split a word differently: one at a time
        found = [(lemmas(t, language) or [t.lower()])[0] for t in tokens]
    return tuple((t.replace("’", "'").lower(), lemma) for t, lemma in zip(tokens, found, strict=True))


CLAUSE_BREAK = re.compile(r"\s*[,;:–—]\s+|\s+[–—]\s*")


@lru_cache(maxsize=65_536)
def asserting_part(sentence: str, language: str | None) -> str:
    """Where a sentence's polarity is read: its first clause (up to a comma, a dash or a
    complementizer: "The WHO declared | that …"), or all of it when it opens with a complementizer
    ("Dass …, ist nicht wahr"; an indirect quotation "dass Belarus nicht heimlich verhandelt")."""
    words = list(WORD.finditer(sentence))
    if not words or cues(words[0].group(), language, "complementizer"):
        return sentence
    head = CLAUSE_BREAK.split(sentence, maxsplit=1)[0]
    for w in words[1:]:
        if w.start() >= len(head):
            break
        if cues(w.group(), language, "complementizer"):
            return sentence[: w.start()]
    return head


@lru_cache(maxsize=65_536)
def polarity(clause: str, language: str | None) -> tuple[tuple[str, ...], bool]:
    """The negative words of a clause and whether it is negative: any negation (several count as one:
    Russian "*никто не* приказывал"), reversed by a negative verb ("refused", "verbietet", "*не*
    запрещала" is positive)."""
    negations = cues(clause, language, "negation")
    verbs = cues(clause, language, "negative_verb")
    return (*negations, *verbs), bool(negations) != bool(verbs)


def alleged_fabrication(text: str, language: str | None) -> str:
    """The words by which a text says an event was staged ("inszeniert", "постановка") or not as
    shown ("nicht so, wie es dargestellt wurde"), or ""."""
    for sentence in sentences(text):
        staged = cues(sentence, language, "fabrication")
        if staged:
            return staged[0]
        shown = cues(sentence, language, "portrayal")
        negated = cues(sentence, language, "negation")
        if shown and negated:
            return f"{negated[0]} … {shown[0]}"
    return ""


@lru_cache(maxsize=65_536)
def read_stance(sentence: str, language: str | None, claim: str, claim_language: str | None, cue: str = "") -> Stance:
    """The stance of one sentence towards one claim (see the module's docstring); `cue` is the verb
    that reported the sentence, if any ("bestritt, dass …" denies what follows)."""
    staged_claim = bool(cues(claim, claim_language, "fabrication"))
    # against a claim that something was staged, "a fake" and "not as it was shown" agree with it
    agreeing = cues(sentence, language, "fabrication") if staged_claim else []
    denial = [
        w
        for w in cues(f"{cue} {sentence}", language, "denial")
        if w not in agreeing and not cues(claim, claim_language, "denial")
    ]
    if denial:
        return Stance("denies", denial[0], sentence)
    if staged_claim and cues(sentence, language, "portrayal"):
        return Stance("repeats", "", sentence)
    mine, mine_negative = polarity(asserting_part(sentence, language), language)
    theirs, theirs_negative = polarity(asserting_part(claim, claim_language), claim_language)
    if mine_negative != theirs_negative:
        return Stance("denies", mine[0] if mine else f"claim: {theirs[0]}", sentence)
    hedge = cues(sentence, language, "hedge")
    if hedge:
        return Stance("mentions", hedge[0], sentence)
    if sentence.rstrip(" \"'“”„«»‚‘’").endswith("?"):
        return Stance("mentions", "?", sentence)
    return Stance("repeats", "", sentence)


def closest_sentence(parts: list[str], vectors: np.ndarray, claim_vector: np.ndarray) -> str:
    """The sentence whose vector is nearest the claim's (the part of the statement that matched)."""
    if len(parts) == 1:
        return parts[0]
    return parts[int(np.argmax(vectors @ claim_vector))]
