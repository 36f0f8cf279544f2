"""Paragraphs, sentences and tokens with character offsets into one text.

A regular-expression segmenter: the pipeline must stay within a small factor of
trafilatura's own speed, which rules out per-token statistical taggers here.
Language-specific knowledge (abbreviations) is passed in by the language pack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quotewatch.settings import MAX_ANALYSED_CHARS, MAX_SENTENCE_TOKENS

TOKEN_RE = re.compile(
    r"\d+(?:[.,:]\d+)*(?:-[^\W\d_]+)?"  # numbers, times, 1.000,5; "81-jährige", "3:0-Sieg"
    # words, compounds, O'Neill, ZDNet.com; "Struck.Gleichzeitig" (a lost space) is two words
    r"|\w+(?:[-'’]\w+|\.(?![A-ZÄÖÜ][a-zäöüß])(?=[^\W\d_]{2,})\w+)*"
    # "Fraktions- und Parteichefs", "Konto-, Post- und Telefondaten": the hyphen belongs to the word
    r"(?:-(?=,|\s+(?:und|oder|sowie|bzw)\b))?"
    r"|[^\w\s]",  # any single punctuation mark
)
OPENING_MARKS = "„‚«»“‘\"'(["
CLOSING_MARKS = "“”‘’»«\"')]"
SENTENCE_END = ".!?…"
QUOTE_TOKEN = "⟨…⟩"  # stands for a whole marked quotation in masked token lists
QUOTED_NAME = "⟨Name⟩"  # stands for a short capitalised quotation, a name: die Zeitung „Die Welt“


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    lower: str = field(init=False, repr=False, compare=False)  # asked for many times per token

    def __post_init__(self) -> None:
        self.lower = self.text.lower()


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    tokens: list[Token] = field(default_factory=list)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(text) if end is None else end
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text, start, end)]


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
    if not (first.isupper() or first.isdigit() or nxt.text in OPENING_MARKS or nxt.text in "-–—"):
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
) -> list[Sentence]:
    """Sentences of every paragraph (a line) of `text`; sentences never cross a line break."""
    sentences: list[Sentence] = []
    paras = paragraphs(text) if span is None else [span]
    for p_index, (ps, pe) in enumerate(paras):
        tokens = tokenize(text, ps, pe)
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
