"""Names and topics across languages: "Butscha", "Bucha" and "Буча" are one place. Two texts in
different languages that share them are more likely to make the same claim."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

WORD = re.compile(r"\w+(?:-\w+)*")


@cache
def _aliases() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    single: dict[str, str] = {}
    phrases: list[tuple[str, str]] = []
    for name in ("entities.tsv", "people.tsv"):
        path = resources.files("quotewatch") / "data" / name
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            canonical = cols[0]
            for alias in [canonical, *(cols[1].split(";") if len(cols) > 1 else [])]:
                alias = alias.strip().lower()
                if not alias:
                    continue
                if " " in alias:
                    phrases.append((alias, canonical))
                else:
                    single.setdefault(alias, canonical)
            if name == "people.tsv":  # a person is also found by the surname alone
                single.setdefault(canonical.split()[-1].lower(), canonical)
    return single, tuple(phrases)


def entities_in(text: str) -> set[str]:
    single, phrases = _aliases()
    low = text.lower()
    found = {single[w] for w in WORD.findall(low) if w in single}
    found |= {canonical for phrase, canonical in phrases if phrase in low}
    return found
