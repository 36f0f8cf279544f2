"""PolNeAR (Newell, Margolin & Ruths 2018): English political news with attribution relations in brat
standoff, `text/NAME.txt` and `attributions/NAME_ANNOTATOR.ann` (one annotator's file per article).

PolNeAR annotates more than quotations: beliefs, intentions and what polls "show" are attributions too.
Each gold attribution gets a class, so that the scores say what matters here apart from the rest:

- `direct`: the content is all in quotation marks,
- `mixed`: the content holds a quoted part and words of the narrator,
- `indirect`: reported speech with a verb of saying (the cue's head verb is in SAYING below),
- `other`: everything else (beliefs, plans, perceptions, polls, sources without a verb of saying).

The list of verbs of saying classifies the gold; it is fixed here, independent of the English pack.
"""

from __future__ import annotations

import re
from pathlib import Path

from quotewatch.eval.gold import GoldDoc, GoldQuote

_SAYING_WORDS = """say says said saying tell tells told telling add adds added state states stated announce announces
announced claim claims claimed write writes wrote written argue argues argued explain explains explained note
    notes noted insist insists insisted ask asks asked report reports reported warn warns warned deny denies
    denied admit admits admitted declare declares declared acknowledge acknowledges acknowledged assert asserts
    asserted respond responds responded reply replies replied comment comments commented confirm confirms
    confirmed predict predicts predicted promise promises promised complain complains complained accuse accuses
    accused call calls called describe describes described tweet tweets tweeted tweeting post posted posts
    suggest suggests suggested contend contends contended maintain maintains maintained recall recalls recalled
    stress stresses stressed emphasize emphasized emphasizes point pointed points vow vowed vows pledge pledged
    pledges charge charged charges allege alleged alleges testify testified urge urged urges demand demanded
    demands criticize criticized criticizes praise praised praises dismiss dismissed mention mentioned
    mentions repeat repeated repeats reiterate reiterated concede conceded observe observed quip quipped joke
    joked boast boasted threaten threatened recount recounted disclose disclosed reveal revealed revealing
    shout shouted yell yelled continue continued conclude concluded agree agreed disagree disagreed quote
    quoted cite cited according"""
SAYING = frozenset(_SAYING_WORDS.split())
QUOTE_MARKS = "\"“”'‘’«»„"
DOUBLE = '"“”«»„'
_SPAN = re.compile(r"T\d+\t")
_EVENT = re.compile(r"E\d+\t")


def _spans(field: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (part.split() for part in field.split(";"))]


def _kind(text: str, content: list[tuple[int, int]], cue: str) -> str:
    """The class of a gold attribution by its content (the pieces of a content interrupted by its cue,
    "“A,” said X. “B”", are read without the cue between them)."""
    pieces = [text[a:b].strip().rstrip(".,;:").strip() for a, b in content]
    pieces = [p for p in pieces if p]
    quoted = sum(1 for p in pieces for c in p if c in QUOTE_MARKS)
    inner_double = set(DOUBLE)
    if pieces and all(
        p[:1] in QUOTE_MARKS and p[-1:] in QUOTE_MARKS and not inner_double & set(p[1:-1]) for p in pieces
    ):
        return "direct"
    if quoted >= 2:
        return "mixed"
    cue_words = re.findall(r"[a-z]+", cue.lower())
    return "indirect" if any(w in SAYING for w in cue_words) else "other"


def read(text_path: Path, ann_path: Path) -> GoldDoc:
    text = text_path.read_text(encoding="utf-8")
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations: list[dict[str, str]] = []
    for line in ann_path.read_text(encoding="utf-8").splitlines():
        # a span's text may run over several lines: only lines that open with an id are records
        if _SPAN.match(line):
            key, middle, _ = line.split("\t", 2)
            label, _, offsets = middle.partition(" ")
            spans[key] = (label, _spans(offsets))
        elif _EVENT.match(line):
            _, body = line.split("\t", 1)
            relations.append(dict(part.split(":", 1) for part in body.split()))
    quotes = []
    for rel in relations:
        if "Content" not in rel or rel["Content"] not in spans:
            continue
        content = spans[rel["Content"]][1]
        source = spans[rel["Source"]][1] if rel.get("Source") in spans else []
        cue = " ".join(text[a:b] for a, b in spans[rel["Cue"]][1]) if rel.get("Cue") in spans else ""
        quotes.append(
            GoldQuote(
                content,
                _kind(text, content, cue),
                " ".join(text[a:b] for a, b in source),
                source,
            )
        )
    return GoldDoc(text_path.name, text, quotes, "en", nested_annotated=False)


def is_polnear(target: Path) -> bool:
    return target.is_dir() and (target / "text").is_dir() and (target / "attributions").is_dir()


def iter_polnear(target: Path) -> list[tuple[Path, Path]]:
    """(text, annotation) pairs, one annotator's file per article (the first by name)."""
    pairs = []
    annotations = sorted((target / "attributions").glob("*.ann"))
    for text_path in sorted((target / "text").glob("*.txt")):
        mine = [a for a in annotations if a.name.rsplit("_", 1)[0] == text_path.stem]
        if mine:
            pairs.append((text_path, mine[0]))
    return pairs
