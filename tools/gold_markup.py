"""Write quotewatch gold files (tests/gold format, offsets into the text) from texts annotated inline, so
that annotations stay readable and offsets are never typed by hand.

The source holds several texts, each opened by a line `=== <id> | <title>`. In a text, a quotation is
written `[kind:speaker|words]`: kind is one of quotewatch's kinds (direct, indirect, mixed,
according_to, free_indirect), the speaker a canonical name ("Юрий Чеботарь") or `@word` for a speaker
known by a word of the text (`@эксперты`: the nearest "эксперты" in the paragraph is the speaker's
mention). Brackets nest: a quotation inside another is its child.

    python tools/gold_markup.py tests/gold/ru/src/dev.txt tests/gold/ru/dev
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

NOTE = "Written and annotated by the quotewatch developers (tools/gold_markup.py, source in src/)."


@dataclass
class Annotated:
    start: int
    kind: str
    speaker: str
    end: int = -1
    parent: int | None = None
    children: list[int] = field(default_factory=list)


def parse(markup: str) -> tuple[str, list[Annotated]]:
    """The plain text and its quotations (offsets into the plain text)."""
    out: list[str] = []
    length = 0
    found: list[Annotated] = []
    stack: list[int] = []
    i = 0
    while i < len(markup):
        c = markup[i]
        if c == "[":  # the texts hold no brackets of their own
            bar = markup.find("|", i)
            if bar < 0 or ":" not in markup[i:bar]:
                raise ValueError(f"malformed annotation at {markup[i : i + 40]!r}")
            kind, _, speaker = markup[i + 1 : bar].partition(":")
            found.append(Annotated(length, kind.strip(), speaker.strip(), parent=stack[-1] if stack else None))
            stack.append(len(found) - 1)
            i = bar + 1
            continue
        if c == "]" and stack:
            found[stack.pop()].end = length
            i += 1
            continue
        out.append(c)
        length += 1
        i += 1
    if stack:
        raise ValueError(f"unclosed quotation at {found[stack[-1]].start}")
    return "".join(out), found


def _speaker_span(text: str, q: Annotated) -> tuple[str, list[list[int]]]:
    if not q.speaker.startswith("@"):
        return q.speaker, []
    word = q.speaker[1:]
    p_start = text.rfind("\n\n", 0, q.start) + 1
    p_end = text.find("\n\n", q.end)
    p_end = len(text) if p_end < 0 else p_end
    hits = []
    low, key = text.lower(), word.lower()  # "@Организатор" finds "организатор"
    k = low.find(key, p_start)
    while 0 <= k < p_end:
        if not (q.start <= k < q.end):
            hits.append(k)
        k = low.find(key, k + 1)
    if not hits:
        raise ValueError(f"speaker {word!r} not in the paragraph of {text[q.start : q.end][:40]!r}")
    best = min(hits, key=lambda k: min(abs(k - q.start), abs(k - q.end)))
    return text[best : best + len(word)], [[best, best + len(word)]]


def convert(source: Path, folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    chunks = source.read_text(encoding="utf-8").split("\n=== ")
    count = 0
    for chunk in chunks:
        chunk = chunk.removeprefix("=== ")
        if not chunk.strip() or chunk.startswith("#"):
            continue
        head, _, body = chunk.partition("\n")
        ident, _, title = head.partition("|")
        text, found = parse(body.strip("\n") + "\n")
        quotes = []
        for n, q in enumerate(found):
            speaker, spans = _speaker_span(text, q)
            record: dict = {"start": q.start, "end": q.end, "kind": q.kind, "speaker": speaker, "key": f"Q{n}"}
            if spans:
                record["speaker_spans"] = spans
            if q.parent is not None:
                record["parent"] = f"Q{q.parent}"
            quotes.append(record)
        data = {"name": title.strip(), "language": "ru", "note": NOTE, "text": text, "quotes": quotes}
        path = folder / f"{ident.strip()}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        count += len(quotes)
    return count


if __name__ == "__main__":
    n = convert(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{n} quotations written to {sys.argv[2]}")
