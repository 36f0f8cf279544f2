"""Annotated documents from the formats quotewatch scores against.

- german-news-quotes (Petersen-Frey & Biemann 2024): one JSON per article, `originalText` and
  `annotations` with character spans for quote, speaker and cue, and a `type`.
- GermEval 2023 SpkAtt (Bundestag debates): `Sentences` of tokens and `Annotations` whose roles
  are lists of "sentence:token" ids; the text is rebuilt by joining tokens with spaces.
- quotewatch's own gold format: {"text" or "source": path, "quotes": [{"start", "end", "kind",
  "speaker", "speaker_spans": [[s, e]], "parent"}]} with offsets into the text (or into the
  article body that quotewatch extracts from `source`, when "offsets": "body").
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from quotewatch.model import QUOTE_KINDS

# quotewatch's kinds -> the classes gold annotations are scored in (each kind must have one)
SCORED_AS = {
    "direct": "direct",
    "mixed": "direct",
    "indirect": "indirect",
    "according_to": "indirect",
    "free_indirect": "free_indirect",
}
if set(SCORED_AS) != set(QUOTE_KINDS):
    raise ImportError("eval.gold.SCORED_AS must map every kind of model.QUOTE_KINDS")
# gold types of the corpora (and quotewatch's own) -> those classes
KIND_CLASS = {
    "Direct": "direct",
    "Indirect": "indirect",
    "FreeIndirect": "free_indirect",
    "IndirectFreeIndirect": "free_indirect",
    "Reported": "reported",
    "reported": "reported",
    "other": "other",
    **SCORED_AS,
}


@dataclass
class GoldQuote:
    spans: list[tuple[int, int]]
    kind: str  # one of the KIND_CLASS values
    speaker_text: str = ""
    speaker_spans: list[tuple[int, int]] = field(default_factory=list)
    nested: bool = False


@dataclass
class GoldDoc:
    name: str
    text: str
    quotes: list[GoldQuote]
    language: str = "de"
    source: Path | None = None  # the raw page, when offsets are into its extracted body
    # does the gold annotate quotations inside quotations (a quotation inside a direct one, the quoted
    # words of a mixed statement) as their own? Where it does not (PolNeAR: 6 of 2,192 attributions lie
    # inside another), a found one inside the statement its parent matched is part of that match, neither
    # a hit nor a false alarm
    nested_annotated: bool = True


def _gnq(path: Path, data: dict) -> GoldDoc:
    quotes = []
    for a in data.get("annotations", []):
        spans = [(s["charBegin"], s["charEnd"]) for s in a["quote"]["spans"]]
        if not spans:
            continue
        sp = a.get("speaker") or {}
        quotes.append(
            GoldQuote(
                spans,
                KIND_CLASS.get(a.get("type", ""), "indirect"),
                sp.get("text", ""),
                [(s["charBegin"], s["charEnd"]) for s in sp.get("spans", [])],
                bool(a.get("isNested")),
            )
        )
    return GoldDoc(path.name, data["originalText"], quotes)


def _spkatt(path: Path, data: dict) -> GoldDoc:
    offsets: dict[tuple[int, int], tuple[int, int]] = {}
    parts: list[str] = []
    pos = 0
    for sent in data["Sentences"]:
        for ti, tok in enumerate(sent["Tokens"]):
            offsets[(sent["SentenceId"], ti)] = (pos, pos + len(tok))
            parts.append(tok)
            pos += len(tok) + 1
        parts[-1] += "\n"  # one sentence a line, so that sentences never run together
    text = " ".join(parts)

    def spans(ids: list[str]) -> list[tuple[int, int]]:
        cs = sorted(
            offsets[tuple(int(x) for x in i.split(":"))] for i in ids if tuple(int(x) for x in i.split(":")) in offsets
        )
        merged: list[tuple[int, int]] = []
        for s, e in cs:
            if merged and s <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        return merged

    quotes = []
    for a in data["Annotations"]:
        msg = spans(a.get("Message", []))
        if not msg:
            continue
        src = spans(a.get("Source", []))
        quotes.append(GoldQuote(msg, "indirect", " ".join(text[s:e] for s, e in src), src))
    return GoldDoc(path.name, text, quotes)


def _own(path: Path, data: dict) -> GoldDoc:
    if "text" in data:
        text, source = data["text"], None
    else:
        source = (path.parent / data["source"]).resolve()
        text = ""
    quotes = [
        GoldQuote(
            [(q["start"], q["end"])],
            KIND_CLASS.get(q.get("kind", "direct"), "direct"),
            q.get("speaker", ""),
            [tuple(s) for s in q.get("speaker_spans", [])],
            bool(q.get("parent")),
        )
        for q in data["quotes"]
    ]
    return GoldDoc(data.get("name", path.name), text, quotes, data.get("language", "de"), source)


def read_gold(path: Path) -> GoldDoc:
    data = json.loads(path.read_text(encoding="utf-8"))
    if "originalText" in data:
        return _gnq(path, data)
    if "Sentences" in data and "Annotations" in data:
        return _spkatt(path, data)
    if "quotes" in data:
        return _own(path, data)
    raise ValueError(f"{path}: not a known gold format")


def gold_files(target: Path) -> list[Path]:
    from quotewatch.eval import polnear

    if polnear.is_polnear(target):
        return [text for text, _ in polnear.iter_polnear(target)]
    return sorted(target.rglob("*.json")) if target.is_dir() else [target]


def iter_gold(target: Path) -> Iterator[GoldDoc]:
    from quotewatch.eval import polnear

    if polnear.is_polnear(target):
        for text, ann in polnear.iter_polnear(target):
            yield polnear.read(text, ann)
        return
    for f in gold_files(target):
        yield read_gold(f)
