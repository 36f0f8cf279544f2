"""Reading a page from a file, standard input or bytes: size limits, binary check, encoding detection."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024  # larger "pages" are dumps or binaries, not news articles


class InputError(Exception):
    """A page that cannot be read; the message names the input and says why, in one line."""


@dataclass
class Page:
    text: str
    name: str  # file name, "-" for standard input, or a URL
    is_html: bool
    encoding: str


def _looks_html(text: str) -> bool:
    head = text[:4096].lower()
    return any(tag in head for tag in ("<html", "<!doctype html", "<body", "<head", "<article", "<div", "<p>", "<meta"))


def decode(data: bytes, name: str) -> tuple[str, str]:
    if not data.strip():
        raise InputError(f"{name}: empty input")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: binary file, not a web page or text")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        raise InputError(f"{name}: binary file or unknown text encoding")
    return data.decode(best.encoding, errors="replace"), best.encoding


def page_from_bytes(data: bytes, name: str, max_bytes: int = MAX_BYTES) -> Page:
    if len(data) > max_bytes:
        raise InputError(
            f"{name}: page too large ({len(data) / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit; see --max-size)"
        )
    text, encoding = decode(data, name)
    return Page(text, name, _looks_html(text), encoding)


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
        size = path.stat().st_size
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
