"""Search keys for the archive: lemmas for full text, canonical URLs, content hashes, SimHash bands."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

WORD = re.compile(r"\w+(?:[-']\w+)*")
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ocid|cmpid|wt_mc)$", re.I)
SIMHASH_BANDS = 4  # 64 bits in 4 bands of 16: near-duplicates share at least one band


def lemmas(text: str, language: str | None) -> list[str]:
    """Lower-case lemmas of the words of a text, in the text's language (simplemma)."""
    import simplemma

    lang = language if language in ("de", "en", "ru") else "de"
    out = []
    for w in WORD.findall(text):
        try:
            out.append(simplemma.lemmatize(w, lang=lang).lower())
        except ValueError:
            out.append(w.lower())
    return out


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_url(url: str | None) -> str | None:
    """One spelling per page: lower-case scheme and host, no fragment, no tracking parameters."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return url.strip()
    host = parts.hostname or ""
    if parts.port and not (
        parts.scheme == "http" and parts.port == 80 or parts.scheme == "https" and parts.port == 443
    ):
        host = f"{host}:{parts.port}"
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k))
    )
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return urlunsplit((parts.scheme.lower(), host.lower(), path, query, ""))


def simhash(text: str) -> int:
    from trafilatura.deduplication import Simhash

    return Simhash(text).hash


def simhash_bands(value: int) -> list[tuple[int, str]]:
    return [(band, format((value >> (16 * band)) & 0xFFFF, "04x")) for band in range(SIMHASH_BANDS)]


def hamming(a: int, b: int) -> int:
    return bin(a ^ b).count("1")
