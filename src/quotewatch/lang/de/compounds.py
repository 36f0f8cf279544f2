"""German compounds split into their parts for word search — "Strom" finds "Stromexporte" — with
the statistical splitter of `compound-split` (char_split; GPL-3.0, like quotewatch). A split is kept
when its score reaches SCORE (measured on the sample texts: README "About whom"), a linking "s" is
dropped after the endings that take one ("Sanktions|paket" -> "Sanktion", "Verteidigungs|minister").
"""

from __future__ import annotations

from functools import lru_cache

SCORE = 0.5
MIN_LENGTH = 8
LINKING_S_AFTER = ("ung", "heit", "keit", "ion", "tät", "schaft", "tum", "ling")


@lru_cache(maxsize=100_000)
def parts(word: str) -> tuple[str, ...]:
    """The two parts of a compound noun, or () when the word is not one (or not surely)."""
    if len(word) < MIN_LENGTH or not word[:1].isupper() or not word.isalpha():
        return ()
    from compound_split import char_split

    splits = char_split.split_compound(word)
    if not splits or not isinstance(splits[0], (list, tuple)) or len(splits[0]) < 3:
        return ()
    score, head, tail = splits[0][:3]
    if score < SCORE:
        return ()
    if head.endswith("s") and head[:-1].lower().endswith(LINKING_S_AFTER):
        head = head[:-1]
    return head, tail
