"""Hostile inputs, generated: what `bench/hostile.py` times and the tests feed to the pipeline. Each maker
writes one file into a folder and returns its path; sizes are parameters, so tests use small ones."""

from __future__ import annotations

import gzip
import io
import json
import random
from collections.abc import Callable
from pathlib import Path

PEOPLE = ["Anna Keller", "Jonas Brandt", "Miriam Sauer", "Olaf Petersen", "Sevim Aydin", "Tobias Wendt"]
TOPICS = ["die Energiepreise", "den Nahverkehr", "die Schulen", "den Haushalt", "die Grenzkontrollen", "das Klima"]
MARKS = "„“‚‘»«\"'“”"


def news_text(size: int, seed: int = 1) -> str:
    """Plain German news text of about `size` characters, a quotation and a report per paragraph."""
    rnd = random.Random(seed)
    out, n = ["Minister spricht über Energie", "BERLIN (dpa) - Ein Bericht zur Lage."], 0
    while n < size:
        who, topic = rnd.choice(PEOPLE), rnd.choice(TOPICS)
        p = (
            f"Die Politikerin {who} hat am Montag über {topic} gesprochen. „Wir müssen jetzt handeln, sonst wird "
            f"es teurer“, sagte {who.split()[1]}. Sie fügte hinzu, dass die Regierung bis zum Sommer einen Plan "
            f"vorlegen werde. Die Opposition kritisierte, der Plan komme zu spät."
        )
        out.append(p)
        n += len(p) + 1
    return "\n".join(out)


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def text_file(size: int) -> Callable[[Path], Path]:
    return lambda folder: _write(folder, f"news-{size}.txt", news_text(size).encode())


def html_file(size: int) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        paragraphs = "".join(f"<p>{p}</p>" for p in news_text(size).split("\n"))
        return _write(
            folder, f"news-{size}.html", f"<html><body><article>{paragraphs}</article></body></html>".encode()
        )

    return make


def long_word(length: int) -> Callable[[Path], Path]:
    return lambda folder: _write(
        folder, f"word-{length}.txt", f"Ein Bericht.\nDer {'Ab' * (length // 2)} sagte, dass es regnet.\n".encode()
    )


def distinct_long_words(count: int, length: int = 60) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        rnd = random.Random(5)
        words = " ".join(
            "".join(rnd.choice("abcdefghijklmnopqrstuvwxyzäöü") for _ in range(length)).capitalize()
            for _ in range(count)
        )
        return _write(folder, f"words-{count}x{length}.txt", f"Ein Bericht.\nDer Minister sagte: {words}.\n".encode())

    return make


def mark_flood(size: int) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        rnd = random.Random(3)
        flood = "".join(rnd.choice(MARKS) + rnd.choice(["a", "B", " ", "x.", ","]) for _ in range(size // 2))
        return _write(folder, f"marks-{size}.txt", f"Ein Bericht über Energie.\n{flood}\n".encode())

    return make


def quotation_paragraph(count: int) -> Callable[[Path], Path]:
    return lambda folder: _write(
        folder, f"quotes-{count}.txt", ("Titel\n" + "„Wir gehen“, sagte Müller. " * count).encode()
    )


def no_spaces(size: int) -> Callable[[Path], Path]:
    return lambda folder: _write(folder, f"token-{size}.txt", ("Titel\n" + "x" * size).encode())


def deep_html(depth: int) -> Callable[[Path], Path]:
    return lambda folder: _write(
        folder, f"deep-{depth}.html", ("<html><body>" + "<div>" * depth + "<p>Tief.</p>" + "</div>" * depth).encode()
    )


def unclosed_scripts(count: int) -> Callable[[Path], Path]:
    return lambda folder: _write(
        folder, f"scripts-{count}.html", ("<html><body><p>Text.</p>" + "<script>x = 1;" * count).encode()
    )


def binary(size: int) -> Callable[[Path], Path]:
    return lambda folder: _write(folder, f"binary-{size}.html", random.Random(2).randbytes(size))


def utf16_without_bom(size: int) -> Callable[[Path], Path]:
    return lambda folder: _write(folder, f"utf16-{size}.txt", news_text(size).encode("utf-16-le"))


def jsonl_bomb(inflated_mb: int) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / f"bomb-{inflated_mb}mb.jsonl.gz"
        with gzip.open(path, "wb", compresslevel=9) as fh:
            fh.write(b'{"url": "https://x.example/bomb", "text": "')
            chunk = b"a" * (1024 * 1024)
            for _ in range(inflated_mb):
                fh.write(chunk)
            fh.write(b'"}\n')
        return path

    return make


def warc_bomb(inflated_mb: int) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        size = inflated_mb * 1024 * 1024

        class Zeros(io.RawIOBase):
            left = size

            def readable(self) -> bool:
                return True

            def readinto(self, b) -> int:  # type: ignore[no-untyped-def]
                n = min(len(b), self.left)
                b[:n] = b"\0" * n
                self.left -= n
                return n

        path = folder / f"bomb-{inflated_mb}mb.warc.gz"
        with path.open("wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                "https://x.example/bomb",
                "response",
                payload=io.BufferedReader(Zeros()),
                http_headers=headers,
                length=size,
            )
            writer.write_record(record)
        return path

    return make


def corrupt_gzip(records: int) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        lines = "".join(
            json.dumps({"url": f"https://x.example/{k}", "text": news_text(2000, seed=k)}) + "\n"
            for k in range(records)
        )
        data = gzip.compress(lines.encode())
        return _write(folder, f"corrupt-{records}.jsonl.gz", data[: len(data) // 2])

    return make


def corpus(scale: float = 1.0) -> dict[str, Callable[[Path], Path]]:
    """The hostile corpus; `scale` < 1 shrinks the large inputs (for the tests)."""
    mb = 1024 * 1024

    def n(x: float) -> int:
        return max(1, int(x * scale))

    return {
        "news text 1 MB": text_file(n(mb)),
        "news text 5 MB": text_file(n(5 * mb)),
        "news text 20 MB (at the limit)": text_file(n(19.3 * mb)),
        "news HTML 5 MB": html_file(n(5 * mb)),
        "news HTML 20 MB (at the limit)": html_file(n(18.5 * mb)),
        "one word of 1,320 letters": long_word(1320),
        "1,000 distinct 60-letter words": distinct_long_words(n(1000)),
        "6 KB of mixed quotation marks": mark_flood(6000),
        "200 KB of mixed quotation marks": mark_flood(n(200_000)),
        "one paragraph of 3,000 quotations": quotation_paragraph(n(3000)),
        "1 MB without a space": no_spaces(n(mb)),
        "HTML nested 100,000 deep": deep_html(n(100_000)),
        "HTML with 100,000 unclosed scripts": unclosed_scripts(n(100_000)),
        "binary 5 MB": binary(n(5 * mb)),
        "UTF-16 without BOM 1 MB": utf16_without_bom(n(mb)),
        "JSON lines gzip bomb (400 MB inflated)": jsonl_bomb(n(400)),
        "WARC gzip bomb (400 MB inflated)": warc_bomb(n(400)),
        "corrupt gzip (truncated)": corrupt_gzip(50),
    }
