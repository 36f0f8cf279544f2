"""The `quotewatch` command line: one module per group of commands (extract and eval, the archive, claims),
each adding its own subcommands.

Exit codes (stable, for scripts):
  0  done (the result may hold no quotations)
  1  the page holds no article text (an empty result is printed, with a warning)
  2  usage error
  3  the input cannot be read (missing, a directory, empty, binary, too large), or the archive cannot be opened
  4  `add`: some inputs failed (each named on standard error) and were not stored; the others were
"""

from __future__ import annotations

import argparse
import sys

from quotewatch import __version__
from quotewatch.cli.common import BUNDLED_SAMPLES, EXIT_INPUT, EXIT_OK, SHARED_SAMPLES, err

__all__ = ["BUNDLED_SAMPLES", "SHARED_SAMPLES", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    from quotewatch.cli import archive, claims, extract, monitor

    parser = argparse.ArgumentParser(prog="quotewatch", description="Who said what, when, about whom.")
    parser.add_argument("--version", action="version", version=f"quotewatch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    extract.add_parsers(sub)
    archive.add_parsers(sub)
    claims.add_parsers(sub)
    monitor.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from quotewatch.store import StoreError

    try:
        return args.func(args)
    except StoreError as exc:
        err(str(exc))
        return EXIT_INPUT
    except KeyboardInterrupt:
        err("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
