"""Search keys for the archive: lemmas for full text, canonical URLs, content hashes, SimHash bands."""

from __future__ import annotations

import hashlib
import re
import threading
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

WORD = re.compile(r"\w+(?:[-']\w+)*")
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ocid|cmpid|wt_mc)$", re.I)
SIMHASH_BANDS = 4  # 64 bits in 4 bands of 16: near-duplicates share at least one band


LEMMA_LANGUAGES = ("de", "en", "ru")
_loaded: set[str] = set()
_loading = threading.Lock()


def load_lemmas(*languages: str) -> None:
    """Load simplemma's dictionaries once. Its first call per language reads a dictionary (about a
    second); threads of a server that all call it first at once would each read it, together for
    minutes, so the first load is done under a lock (and servers do it when they start)."""
    import simplemma

    for lang in languages or LEMMA_LANGUAGES:
        if lang not in _loaded:
            with _loading:
                if lang not in _loaded:
                    simplemma.lemmatize("test", lang=lang)
                    _loaded.add(lang)


def lemmas(text: str, language: str | None) -> list[str]:
    """Lower-case lemmas of the words of a text, in the text's language (simplemma)."""
    lang = language if language in LEMMA_LANGUAGES else "de"
    if lang not in _loaded:
        load_lemmas(lang)
    return [_lemma(w, lang) for w in WORD.findall(text)]


def search_lemmas(text: str, language: str | None) -> list[str]:
    """What the full-text index holds for a text: its lemmas, and for a language whose pack declares
    `compound_nouns`, the lemmas of each compound's parts too ("Stromexporte" -> stromexport, strom,
    export), so that a search for "Strom" finds it."""
    found = lemmas(text, language)
    split = _compound_splitter(language)
    if split is None:
        return found
    extra = [part for w in WORD.findall(text) for part in split(w)]
    return found + (lemmas(" ".join(extra), language) if extra else [])


@lru_cache(maxsize=8)
def _compound_splitter(language: str | None):  # type: ignore[no-untyped-def]
    import importlib

    from quotewatch.lang import has_feature

    if not has_feature(language, "compound_nouns"):
        return None
    return importlib.import_module(f"quotewatch.lang.{language}.compounds").parts


@lru_cache(maxsize=200_000)
def _lemma(word: str, lang: str) -> str:
    import simplemma

    try:
        return simplemma.lemmatize(word, lang=lang).lower()
    except ValueError:
        return word.lower()


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
