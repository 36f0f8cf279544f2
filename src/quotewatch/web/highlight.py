"""The article body as HTML with every quotation highlighted: pure, and escaping every piece of text.

Quotations become focusable <mark> elements, nested ones inside their parent; speaker mentions
become links to the speaker. The description a reader sees on hover or focus is an attribute
(shown by CSS), so a mark's text is exactly the quotation's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from quotewatch.model import QUOTE_KINDS

PALETTE_SIZE = 8
KIND_LABELS = {
    "direct": "direct quotation",
    "indirect": "indirect speech",
    "free_indirect": "free indirect speech",
    "according_to": "according to",
    "mixed": "mixed quotation",
}
if set(KIND_LABELS) != set(QUOTE_KINDS):  # a kind added to the model needs its label here
    raise ImportError(f"KIND_LABELS and model.QUOTE_KINDS differ: {sorted(set(KIND_LABELS) ^ set(QUOTE_KINDS))}")


def colour(speaker_id: int | None) -> int:
    return (speaker_id or 0) % PALETTE_SIZE


def initials(name: str | None) -> str:
    if not name:
        return "?"
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    return "".join(w[0].upper() for w in (words[:1] + words[-1:] if len(words) > 1 else words)) or "?"


@dataclass
class _Span:
    start: int
    end: int
    open_tag: str
    close_tag: str


def _quote_span(q: dict) -> _Span:
    who = q.get("speaker") or "unknown speaker"
    tip = f"{who} · {KIND_LABELS.get(q['kind'], q['kind'])}"
    if q.get("cue"):
        tip += f" · „{q['cue']}“"
    tip += f" · confidence {q['confidence']:.2f}"
    attrs = (
        f'id="q{q["id"]}" class="q kind-{escape(q["kind"])} c{colour(q.get("speaker_id"))}" tabindex="0" '
        f'data-initials="{escape(initials(q.get("speaker")))}" data-tip="{escape(tip)}" '
        f'aria-label="{escape(tip)}" data-quote="{q["id"]}"'
    )
    return _Span(q["start_offset"], q["end_offset"], f"<mark {attrs}>", "</mark>")


def _mention_span(q: dict) -> _Span | None:
    if q.get("speaker_id") is None or q.get("mention_start") is None or q["mention_start"] < 0:
        return None
    return _Span(
        q["mention_start"], q["mention_end"], f'<a class="mention" href="/speaker/{int(q["speaker_id"])}">', "</a>"
    )


def highlight(body: str, quotes: list[dict]) -> str:
    """HTML paragraphs of the body with quotation marks and mention links, properly nested."""
    spans = [_quote_span(q) for q in quotes if 0 <= q["start_offset"] < q["end_offset"] <= len(body)]
    spans += [m for q in quotes if (m := _mention_span(q)) and 0 <= m.start < m.end <= len(body)]
    spans.sort(key=lambda s: (s.start, -s.end))
    kept: list[_Span] = []
    stack: list[_Span] = []
    for span in spans:
        while stack and stack[-1].end <= span.start:
            stack.pop()
        if stack and span.end > stack[-1].end:
            continue  # crosses its enclosing span: HTML cannot nest it, so it is not drawn
        if any(k.start == span.start and k.end == span.end for k in stack):
            continue  # the same stretch twice (a mention that is its own quotation)
        kept.append(span)
        stack.append(span)
    # (offset, 0 = close / 1 = open, order, html): at one offset closes come first, innermost
    # (latest opened) first; opens outermost first
    events = [(span.start, 1, i, span.open_tag) for i, span in enumerate(kept)]
    events += [(span.end, 0, -i, span.close_tag) for i, span in enumerate(kept)]
    events.sort()
    out: list[str] = []
    pos = 0
    open_spans = 0
    for offset, is_open, _, tag in events:
        out.append(_text(body[pos:offset], open_spans))
        out.append(tag)
        open_spans += 1 if is_open else -1
        pos = offset
    out.append(_text(body[pos:], open_spans))
    return "<p>" + "".join(out) + "</p>"


def _text(segment: str, open_spans: int) -> str:
    # paragraph breaks only between quotations: inside one, a <p> would break the nesting
    escaped = escape(segment)
    if open_spans == 0:
        return escaped.replace("\n\n", "</p><p>").replace("\n", "<br>")
    return escaped.replace("\n\n", " ¶ ").replace("\n", " ")
