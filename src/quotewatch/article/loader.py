"""Reading a page from a file, standard input or bytes: size limits, binary check, encoding detection."""

from __future__ import annotations

import codecs
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from quotewatch.settings import MAX_PAGE_BYTES

MAX_BYTES = MAX_PAGE_BYTES


class InputError(Exception):
    """A page that cannot be read; the message names the input and says why, in one line."""


@dataclass
class Page:
    text: str
    name: str  # file name, "-" for standard input, or a URL
    is_html: bool
    encoding: str


HTML_TAGS = ("<html", "<!doctype html", "<body", "<head", "<article", "<div", "<p>", "<meta", "<style", "<script")
# a page may open with server warnings or a long <style> block: the document element is looked for this far
HTML_SEARCH_CHARS = 500_000
_DOCUMENT_ELEMENT = re.compile(r"<(?:html|body|head)[\s>]|<!doctype html", re.IGNORECASE)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.-]+)""",
    re.IGNORECASE,
)


def looks_html(text: str) -> bool:
    head = text[:4096].lower()
    if any(tag in head for tag in HTML_TAGS):
        return True
    return _DOCUMENT_ELEMENT.search(text, 0, HTML_SEARCH_CHARS) is not None


def strip_preamble(html: str) -> str:
    """The page from its document element on, when something else comes first (PHP warnings, a debug
    dump): lxml reads the preamble as the document and the article is lost."""
    m = _DOCUMENT_ELEMENT.search(html, 0, HTML_SEARCH_CHARS)
    return html[m.start() :] if m and html[: m.start()].strip() else html


def declared_encoding(data: bytes) -> str | None:
    """The character set a page declares (<meta charset>, http-equiv, XML declaration), if Python knows it."""
    m = _DECLARED.search(data[:8192])
    if m is None:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _utf16_without_bom(head: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when the bytes look like UTF-16 text without a byte-order mark: in text of
    the Latin, Greek or Cyrillic scripts one byte of nearly every pair is the same (zero, or the block's)."""
    even, odd = head[0::2], head[1::2]
    if len(odd) < 8:
        return None

    def top_share(part: bytes) -> float:
        return max(part.count(v) for v in set(part)) / len(part)

    for high, low, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        # the high bytes: mostly one value (0 for Latin, 4 for Cyrillic), with zeros among them
        if high.count(0) > 0.1 * len(high) and top_share(high) > 0.6 and top_share(low) < 0.4:
            return encoding
    return None


def _mostly_text(text: str) -> bool:
    """Is a decoded sample text rather than binary data read as characters?"""
    sample = text[:20_000]
    if not sample:
        return False
    bad = sum(1 for c in sample if c == "\ufffd" or (c < " " and c not in "\n\r\t\f"))
    return bad < 0.02 * len(sample)


def decode(data: bytes, name: str) -> tuple[str, str]:
    if not data.strip():
        raise InputError(f"{name}: empty input")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return _checked(data.decode(enc, errors="replace"), enc, name)
    if b"\x00" in data[:8192]:
        encoding = _utf16_without_bom(data[:8192])
        if encoding is None:
            raise InputError(f"{name}: binary file, not a web page or text")
        return _checked(data.decode(encoding, errors="replace"), encoding, name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_encoding(data)
    if declared is not None:
        # a page that says what it is is read so, a stray undecodable byte or not (guessing would read a
        # whole German page as cp1250 for one bad byte)
        return _checked(data.decode(declared, errors="replace"), declared, name)
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        raise InputError(f"{name}: binary file or unknown text encoding")
    return _checked(data.decode(best.encoding, errors="replace"), best.encoding, name)


def _checked(text: str, encoding: str, name: str) -> tuple[str, str]:
    if not _mostly_text(text):
        raise InputError(f"{name}: binary file, not a web page or text")
    return text, encoding


def page_from_bytes(data: bytes, name: str, max_bytes: int = MAX_BYTES) -> Page:
    if len(data) > max_bytes:
        raise InputError(
            f"{name}: page too large ({len(data) / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit; see --max-size)"
        )
    text, encoding = decode(data, name)
    return Page(text, name, looks_html(text), encoding)


def regular_file_size(path: Path) -> int:
    """The size of a regular file; a FIFO, device or socket is refused (reading one could wait forever)."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file (a pipe, device or socket); give a file, or - for standard input")
    return info.st_size


def read_page(source: str, max_bytes: int = MAX_BYTES) -> Page:
    """A page from a path or "-" (standard input)."""
    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return page_from_bytes(data, "<stdin>", max_bytes)
    path = Path(source)
    if not path.exists():
        raise InputError(f"{source}: no such file")
    if path.is_dir():
        raise InputError(f"{source}: is a directory (give a file, or use 'quotewatch add' for folders)")
    try:
        size = regular_file_size(path)
        if size > max_bytes:
            raise InputError(
                f"{source}: page too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit; see --max-size)"
            )
        data = path.read_bytes()
    except PermissionError as exc:
        raise InputError(f"{source}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from exc
    return page_from_bytes(data, source, max_bytes)
