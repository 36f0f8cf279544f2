"""Serve the bundled sample pages as a tiny news site with an RSS feed, for trying `quotewatch follow`
on a machine without network:

    python tools/serve_samples.py [--port 8765]      # http://localhost:8765/feed.xml lists every sample

Each request of the feed lists the pages as they are now; touch or add a file in the samples
folder (or pass --folder) and the next poll finds it, with a new date for an edited one.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from datetime import UTC, datetime
from email.utils import format_datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "quotewatch" / "data" / "samples"


def feed(folder: Path) -> bytes:
    items = []
    for page in sorted(p for p in folder.iterdir() if p.suffix in (".html", ".txt")):
        stamp = format_datetime(datetime.fromtimestamp(page.stat().st_mtime, UTC))
        items.append(
            f"<item><title>{escape(page.stem)}</title><link>{quote(page.name)}</link><pubDate>{stamp}</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>quotewatch samples</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


class Handler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path.split("?", 1)[0] != "/feed.xml":
            return super().do_GET()
        body = feed(Path(self.directory))
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--folder", type=Path, default=SAMPLES)
    args = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), partial(Handler, directory=str(args.folder)))
    print(f"serving {args.folder} at http://127.0.0.1:{args.port}/feed.xml (Ctrl-C stops)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
