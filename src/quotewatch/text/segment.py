"""Paragraphs, sentences and tokens with character offsets into one text.

A regular-expression segmenter: the pipeline must stay within a small factor of
trafilatura's own speed, which rules out per-token statistical taggers here.
Language-specific knowledge (abbreviations) is passed in by the language pack.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from quotewatch.settings import MAX_ANALYSED_CHARS, MAX_SENTENCE_TOKENS
from quotewatch.text.chars import CLOSING_MARKS, DASHES, OPENING_MARKS, SENTENCE_END

# numbers, times, 1.000,5; "81-jährige", "3:0-Sieg"
_NUMBER = r"\d+(?:[.,:]\d+)*(?:-[^\W\d_]+)?"


def _char_class(test: Callable[[str], bool]) -> str:
    """A regular-expression class of the characters (of the Basic Multilingual Plane) that pass a test, as
    ranges: `re` has no Unicode properties, and its `\\w` is the one the rules were written with."""
    ranges, start = [], None
    for code in range(0x10000):
        ok = not 0xD800 <= code <= 0xDFFF and test(chr(code))
        if ok and start is None:
            start = code
        elif not ok and start is not None:
            ranges.append((start, code - 1))
            start = None
    return "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges) + "]"


_UPPER, _LOWER = _char_class(str.isupper), _char_class(str.islower)
# words, compounds, O'Neill, ZDNet.com; "Struck.Gleichzeitig" (a lost space: a full stop between a word
# and a capitalised word, in any script) is two words
_WORD = rf"\w+(?:[-'’]\w+|\.(?!{_UPPER}{_LOWER})(?=[^\W\d_]{{2,}})\w+)*"
_PUNCT = r"[^\w\s]"  # any single punctuation mark


@cache
def token_pattern(conjunctions: frozenset[str] = frozenset()) -> re.Pattern[str]:
    """The tokenizer for a language: a hyphen before one of its conjunctions or a comma belongs to its
    word ("Fraktions- und Parteichefs", "Konto-, Post- und Telefondaten")."""
    joined = "|".join(sorted(map(re.escape, conjunctions)))
    hyphen = r"(?:-(?=," + (r"|\s+(?:" + joined + r")\b" if joined else "") + "))?"
    return re.compile(f"{_NUMBER}|{_WORD}{hyphen}|{_PUNCT}")


QUOTE_TOKEN = "⟨…⟩"  # stands for a whole marked quotation in masked token lists
QUOTED_NAME = "⟨Name⟩"  # stands for a short capitalised quotation, a name: die Zeitung „Die Welt“


@dataclass(slots=True)
class Token:
    """A word or mark, with character offsets into the body. The annotations are filled by analyzers
    that have them (a dependency parser gives lemma, part of speech, morphology, head and relation, and
    named entities); `head` is the index of the head token within the same sentence."""

    text: str
    start: int
    end: int
    lower: str = field(init=False, repr=False, compare=False)  # asked for many times per token
    lemma: str | None = field(default=None, compare=False)
    pos: str | None = field(default=None, compare=False)  # universal part of speech (NOUN, VERB, PROPN, …)
    morph: str = field(default="", compare=False)  # features as "Case=Nom|Number=Sing|Mood=Ind"
    head: int | None = field(default=None, compare=False)
    dep: str | None = field(default=None, compare=False)  # universal dependency relation
    ent: str | None = field(default=None, compare=False)  # named-entity type (PER, ORG, LOC, …), or None

    def __post_init__(self) -> None:
        self.lower = self.text.lower()

    def feature(self, name: str) -> str | None:
        """One morphological feature ("Case", "Mood"), or None."""
        for part in self.morph.split("|"):
            key, _, value = part.partition("=")
            if key == name:
                return value
        return None


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    tokens: list[Token] = field(default_factory=list)


def tokenize(
    text: str, start: int = 0, end: int | None = None, conjunctions: frozenset[str] = frozenset()
) -> list[Token]:
    end = len(text) if end is None else end
    return [Token(m.group(), m.start(), m.end()) for m in token_pattern(conjunctions).finditer(text, start, end)]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as (start, end), stripped of surrounding white space."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
    return spans


def _is_boundary(
    tokens: list[Token], i: int, abbreviations: frozenset[str], openers: frozenset[str] = frozenset()
) -> bool:
    """Is tokens[i] (a sentence-final mark) the end of a sentence? `openers` are words that start a
    sentence and never follow an ordinal (articles, pronouns)."""
    tok = tokens[i]
    # the next token after any closing quotes/brackets decides
    j = i + 1
    while j < len(tokens) and tokens[j].text in CLOSING_MARKS and tokens[j].start == tokens[j - 1].end:
        j += 1
    if j >= len(tokens):
        return True
    nxt = tokens[j]
    prev = tokens[i - 1].text if i > 0 else ""
    lost_space = (
        tok.text == "."
        and len(prev) > 2
        and prev.isalpha()
        and prev.islower()
        and prev.lower() not in abbreviations
        and nxt.text[:1].isupper()
        and nxt.text[1:2].islower()
    )
    if nxt.start == tokens[j - 1].end and nxt.text not in OPENING_MARKS and not lost_space:
        return False  # "z.B", "3.5", "?!"; but "wurden.Das": a lost space after a full stop
    if nxt.text in ",;:" or nxt.text in SENTENCE_END:
        return False
    if nxt.text in OPENING_MARKS and j + 1 < len(tokens) and tokens[j + 1].text[:1].islower():
        return False  # "sagte, Benedikt XVI. „ist und bleibt …“": a quotation going on in lower case
    first = nxt.text[0]
    if not (first.isupper() or first.isdigit() or nxt.text in OPENING_MARKS or nxt.text in DASHES):
        return False
    if tok.text == "." and i > 0 and tokens[i - 1].end == tok.start:
        prev = tokens[i - 1].text
        if prev.lower() in abbreviations or prev in abbreviations:
            return False
        if len(prev) == 1 and prev.isupper():  # initials: "J. R. Smith"
            return False
        if prev.isdigit() and len(prev) <= 2 and nxt.text.lower() not in openers:
            return False  # German ordinals: "8. August", but not "des Modells 3. Ein Sprecher …"
    return True


def split_sentences(
    text: str,
    abbreviations: frozenset[str] = frozenset(),
    span: tuple[int, int] | None = None,
    openers: frozenset[str] = frozenset(),
    conjunctions: frozenset[str] = frozenset(),
) -> list[Sentence]:
    """Sentences of every paragraph (a line) of `text`; sentences never cross a line break."""
    sentences: list[Sentence] = []
    paras = paragraphs(text) if span is None else [span]
    for p_index, (ps, pe) in enumerate(paras):
        tokens = tokenize(text, ps, pe, conjunctions)
        current: list[Token] = []
        k = 0
        while k < len(tokens):
            tok = tokens[k]
            current.append(tok)
            if len(current) >= MAX_SENTENCE_TOKENS or (
                tok.text in SENTENCE_END and _is_boundary(tokens, k, abbreviations, openers)
            ):
                # attach closing quotes/brackets that hug the mark
                while (
                    k + 1 < len(tokens) and tokens[k + 1].text in CLOSING_MARKS and tokens[k + 1].start == tokens[k].end
                ):
                    k += 1
                    current.append(tokens[k])
                sentences.append(Sentence(current[0].start, current[-1].end, p_index, current))
                current = []
            k += 1
        if current:
            sentences.append(Sentence(current[0].start, current[-1].end, p_index, current))
    return sentences


def analysed_part(body: str, limit: int = MAX_ANALYSED_CHARS) -> str:
    """The part of a body that is analysed (quotations, full-text index, near-duplicate fingerprint): all
    of it, or its paragraphs up to `limit` characters."""
    if len(body) <= limit:
        return body
    cut = body.rfind("\n", 0, limit)
    return body[: cut if cut > 0 else limit]
