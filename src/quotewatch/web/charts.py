"""Charts drawn on the server as inline SVG: no JavaScript, readable without colour."""

from __future__ import annotations

from html import escape


def _months(per_month: dict[str, int]) -> list[tuple[str, int]]:
    """Every month from the first to the last, with zeros where nothing was said."""
    dated = sorted(m for m in per_month if len(m) == 7 and m[4] == "-")
    if not dated:
        return []
    y, m = int(dated[0][:4]), int(dated[0][5:])
    last = (int(dated[-1][:4]), int(dated[-1][5:]))
    out = []
    while (y, m) <= last and len(out) < 240:
        key = f"{y:04d}-{m:02d}"
        out.append((key, per_month.get(key, 0)))
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def timeline(per_month: dict[str, int], width: int = 640, height: int = 160) -> str:
    months = _months(per_month)
    if not months:
        return '<p class="muted">No dated quotations.</p>'
    top = max(n for _, n in months) or 1
    bar = max(2, min(36, (width - 40) // len(months)))
    width = 40 + bar * len(months)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="Quotations per month, {escape(months[0][0])} to {escape(months[-1][0])}">',
        f'<line x1="30" y1="{height - 20}" x2="{width}" y2="{height - 20}" class="axis"/>',
        f'<text x="0" y="14" class="label">{top}</text><text x="0" y="{height - 22}" class="label">0</text>',
    ]
    for i, (month, n) in enumerate(months):
        h = round((height - 40) * n / top)
        x = 32 + i * bar
        parts.append(
            f'<rect x="{x}" y="{height - 20 - h}" width="{max(1, bar - 2)}" height="{h}" class="bar">'
            f"<title>{escape(month)}: {n} quotations</title></rect>"
        )
        if len(months) <= 24 or i % max(1, len(months) // 12) == 0:
            parts.append(f'<text x="{x}" y="{height - 4}" class="label">{escape(month[2:])}</text>')
    parts.append("</svg>")
    return "".join(parts)
