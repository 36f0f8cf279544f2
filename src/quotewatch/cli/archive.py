"""Archive commands of the `quotewatch` command line: add, quotes, speakers, articles, export,
reprocess, demo, api. They mirror the `Repository` methods one to one."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rich.console import Console

from quotewatch.claims.stance import STANCES
from quotewatch.cli import common
from quotewatch.cli.common import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    db_target,
    emit,
    err,
    open_archive,
    with_db,
    with_max_size,
)
from quotewatch.model import QUOTE_KINDS
from quotewatch.parallel import default_workers
from quotewatch.store import ArticleQuery, QuoteQuery


def cmd_add(args: argparse.Namespace) -> int:
    from quotewatch.ingest import add_sources
    from quotewatch.ingest.fetch import Fetcher

    repo = open_archive(args)
    max_bytes = int(args.max_size * 1e6)
    fetcher = Fetcher(
        respect_robots=not args.ignore_robots,
        min_interval=args.interval,
        max_bytes=max_bytes,
        allow_private=not args.refuse_private,
    )
    try:
        report = add_sources(
            repo,
            args.targets,
            fetcher,
            show_progress=not args.quiet,
            max_bytes=max_bytes,
            workers=args.workers,
            engine=args.engine,
            address=args.address,
        )
    except KeyboardInterrupt:
        err("interrupted: every page added so far is stored; run the same command again to go on")
        return 130
    finally:
        repo.close()
    for e in report.errors:
        err(f"{e.source}: {e.message}")
    for source, warning in report.warnings:
        err(f"{source}: warning: {warning}")
    c = report.counts
    sys.stderr.write(
        f"added {c['added']}, new versions {c['new_version']}, unchanged {c['unchanged']}, without article "
        f"{c['empty']}, near-duplicates {c['near_duplicates']}, quotations {c['quotes']}, errors {c['errors']}\n"
    )
    # inputs that failed (unreadable, not text, too large, not fetched) are named above and stored nothing
    return EXIT_PARTIAL if report.errors else EXIT_OK


QUOTE_COLUMNS = ["published", "speaker", "kind", "text", "title", "agency", "article_id", "start_offset", "end_offset"]


def cmd_quotes(args: argparse.Namespace) -> int:
    # --matches-claim N (any stance) or one of --repeats-claim/--denies-claim/--mentions-claim N
    stance = next((s for s in STANCES if getattr(args, f"{s}_claim") is not None), None)
    claim = getattr(args, f"{stance}_claim") if stance else args.claim
    repo = open_archive(args)
    if args.meaning:
        from quotewatch.store.meaning import search_meaning

        rows = search_meaning(repo, args.meaning, limit=args.limit, language=args.lang)
        repo.close()
        columns = ["similarity", *QUOTE_COLUMNS]
        emit(rows, columns, args.format, f"{len(rows)} quotations closest in meaning")
        return EXIT_OK
    query = QuoteQuery(
        text=args.text,
        speaker=args.speaker,
        about=args.about,
        since=args.since,
        until=args.until,
        language=args.lang,
        kind=args.kind,
        agency=args.agency,
        include_duplicates=args.include_duplicates,
        claim=claim,
        claim_stance=stance,
        limit=args.limit,
        offset=args.offset,
    )
    rows = repo.quotes(query)
    repo.close()
    columns = QUOTE_COLUMNS + ["mention", "cue", "url"] if args.format != "table" else QUOTE_COLUMNS
    emit(rows, columns, args.format, f"{len(rows)} quotations")
    return EXIT_OK


def cmd_speakers(args: argparse.Namespace) -> int:
    repo = open_archive(args)
    try:
        if args.action == "merge":
            if len(args.names) != 2:
                err("usage: quotewatch speakers merge KEEP OTHER")
                return EXIT_USAGE
            moved = repo.merge_speakers(*args.names)
            sys.stderr.write(f"merged {args.names[1]!r} into {args.names[0]!r}: {moved} quotations moved\n")
            return EXIT_OK
        if args.action == "split":
            if len(args.names) != 2:
                err("usage: quotewatch speakers split NAME ALIAS")
                return EXIT_USAGE
            moved = repo.split_speaker(*args.names)
            sys.stderr.write(f"{args.names[1]!r} is now a speaker of its own: {moved} quotations moved\n")
            return EXIT_OK
        rows = repo.speakers(top=args.top, since=args.since, until=args.until)
    finally:
        repo.close()
    if args.format == "table":
        for row in rows:
            months = row["per_month"]
            row["per month"] = " ".join(f"{m}:{n}" for m, n in list(months.items())[-6:])
            row["trend"] = _sparkline([months[m] for m in sorted(months)])
        emit(rows, ["name", "quotes", "trend", "per month"], "table", "Speakers by quotations")
    else:
        emit(rows, ["name", "quotes", "per_month", "aliases", "roles"], args.format)
    return EXIT_OK


def _sparkline(values: list[int]) -> str:
    bars = "▁▂▃▄▅▆▇█"
    if not values:
        return ""
    top = max(values)
    return "".join(bars[min(len(bars) - 1, (v * (len(bars) - 1)) // top)] if top else bars[0] for v in values[-24:])


def cmd_articles(args: argparse.Namespace) -> int:
    repo = open_archive(args)
    rows = repo.articles(
        ArticleQuery(
            text=args.text,
            agency=args.agency,
            since=args.since,
            until=args.until,
            language=args.lang,
            limit=args.limit,
            offset=args.offset,
        )
    )
    repo.close()
    emit(
        rows,
        ["id", "published", "agency", "dateline", "language", "title", "quotes", "duplicate_of", "url"],
        args.format,
        f"{len(rows)} articles",
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from quotewatch.store.export import export

    repo = open_archive(args)
    path = Path(args.path)
    if not path.parent.exists():
        err(f"{path}: folder {path.parent} does not exist")
        return EXIT_INPUT
    n = export(repo, args.format, path)
    repo.close()
    sys.stderr.write(f"{n} quotations written to {path}\n")
    return EXIT_OK


def cmd_reprocess(args: argparse.Namespace) -> int:
    from quotewatch.ingest import extract_raw
    from quotewatch.progress import progress_bar

    repo = open_archive(args)
    with progress_bar("re-extracting", args.quiet) as bar:
        task = bar.add_task("reprocess", total=None)
        counts = repo.reprocess(
            extract_raw,
            lambda n, total: bar.update(task, completed=n, total=total),
            workers=args.workers,
            engine=args.engine,
            address=args.address,
        )
    repo.close()
    sys.stderr.write(f"re-extracted {counts['articles']} articles: {counts['quotes']} quotations\n")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """The main job on the embedded default: a demo archive from the sample pages, and a few queries."""
    from quotewatch.ingest import add_sources

    targets = [str(d) for d in (common.BUNDLED_SAMPLES, common.SHARED_SAMPLES) if d.is_dir()]
    repo = open_archive(args)
    report = add_sources(repo, targets, show_progress=not args.quiet)
    stats = repo.stats()
    console = Console()
    console.print(
        f"[bold]Demo archive[/bold] {db_target(args)}: {stats['articles']} articles, {stats['quotes']} quotations, "
        f"{stats['speakers']} speakers ({report.counts['added']} pages added now)"
    )
    emit(repo.speakers(top=8), ["name", "quotes", "aliases"], "table", "Who is quoted most")
    rows = repo.quotes(QuoteQuery(speaker="Lukaschenko", about="Russland", limit=5))
    title = "Lukaschenko about Russland"
    if not rows:
        # an archive without his statements about Russia in any language
        rows = repo.quotes(QuoteQuery(speaker="Lukaschenko", limit=5))
        title = "Lukaschenko, latest quotations"
    emit(rows, ["published", "speaker", "kind", "text"], "table", title)
    repo.close()
    console.print('Next: quotewatch quotes "Butscha" · quotewatch speakers --top 20 · quotewatch api')
    return EXIT_OK


def _token(args: argparse.Namespace) -> str | None:
    return args.token or os.environ.get("QUOTEWATCH_TOKEN")


def _run(app, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    import uvicorn

    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


def cmd_api(args: argparse.Namespace) -> int:
    from quotewatch.api import create_app

    return _run(create_app(db_target(args), token=_token(args)), args)


def cmd_serve(args: argparse.Namespace) -> int:
    from quotewatch.web import create_web_app

    app = create_web_app(
        db_target(args), token=_token(args), host=args.host, allow_private_fetch=args.allow_private_fetch
    )
    sys.stderr.write(f"quotewatch web on http://{args.host}:{args.port}/ over {db_target(args)}\n")
    return _run(app, args)


def _with_server(p: argparse.ArgumentParser, port: int, token_help: str) -> argparse.ArgumentParser:
    """The options of a command that serves the archive over HTTP."""
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=port)
    p.add_argument("--token", help=f"{token_help} (default $QUOTEWATCH_TOKEN)")
    return p


def cmd_index(args: argparse.Namespace) -> int:
    """Bring the search indexes up to date: entity links and statement embeddings (both are also made
    on demand, by the first search that needs them)."""
    from quotewatch.progress import progress_bar
    from quotewatch.store.meaning import embed_statements

    repo = open_archive(args)
    linked = repo.link_entities()
    with progress_bar("embedding", args.quiet) as bar:
        task = bar.add_task("embed", total=None)
        embedded = embed_statements(
            repo, progress=lambda n, total: bar.update(task, completed=n, total=total), everything=True
        )
    repo.close()
    sys.stderr.write(f"linked {linked} statements to their entities, embedded {embedded} statements\n")
    return EXIT_OK


def with_engine(p: argparse.ArgumentParser) -> None:
    p.add_argument("--engine", choices=("local", "ray"), default="local", help="local worker processes, or Ray tasks")
    p.add_argument("--address", help="with --engine ray: the cluster (ray://head:10001, auto); default a local Ray")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    def with_filters(p: argparse.ArgumentParser) -> None:
        p.add_argument("--since", help="from this date (YYYY-MM-DD), inclusive")
        p.add_argument("--until", help="to this date (YYYY-MM-DD), inclusive")
        p.add_argument("--lang", help="language (ISO 639-1)")
        p.add_argument("--agency", help="outlet or agency, e.g. BelTA")
        p.add_argument("--limit", type=int, default=50)
        p.add_argument("--offset", type=int, default=0)
        p.add_argument("--format", choices=("table", "json", "csv"), default="table")

    p = with_db(sub.add_parser("index", help="link statements to entities and embed them for search by meaning"))
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_index)

    p = with_db(sub.add_parser("add", help="add pages to the archive: files, folders, URLs, feeds, sitemaps, WARC"))
    p.add_argument("targets", nargs="+", help="HTML/text files, folders, .jsonl, .warc(.gz), URLs, feed or sitemap")
    p.add_argument("--interval", type=float, default=1.0, help="seconds between requests to one host (default 1)")
    p.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="processes extracting pages (default: this machine's cores; a short input stays in one)",
    )
    with_engine(p)
    p.add_argument("--ignore-robots", action="store_true", help="do not read robots.txt (only for your own sites)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    with_max_size(p, "pages (and records of JSON lines and WARC files)")
    p.add_argument(
        "--refuse-private",
        action="store_true",
        help="do not fetch private, loopback or link-local addresses (the web UI never does, unless told)",
    )
    p.set_defaults(func=cmd_add)

    p = with_db(sub.add_parser("quotes", help="search quotations"))
    p.add_argument("text", nargs="?", help="full-text search over the quotations")
    p.add_argument("--speaker", help="speaker name or alias (any part)")
    p.add_argument("--about", help="an entity in any language and form (USA, Amerikaner, США), or words")
    p.add_argument("--meaning", metavar="TEXT", help="the statements closest in meaning to TEXT, in any language")
    p.add_argument("--kind", choices=QUOTE_KINDS)
    p.add_argument("--include-duplicates", action="store_true", help="also syndicated copies of one story")
    claim = p.add_mutually_exclusive_group()
    claim.add_argument("--matches-claim", type=int, metavar="ID", dest="claim", help="statements matched to this claim")
    for stance, meaning in (("repeats", "repeat"), ("denies", "deny"), ("mentions", "only mention")):
        claim.add_argument(f"--{stance}-claim", type=int, metavar="ID", help=f"statements that {meaning} this claim")
    with_filters(p)
    p.set_defaults(func=cmd_quotes)

    p = with_db(sub.add_parser("speakers", help="who is quoted most; merge or split speakers"))
    p.add_argument("action", nargs="?", choices=("list", "merge", "split"), default="list")
    p.add_argument("names", nargs="*", help="merge KEEP OTHER | split NAME ALIAS")
    p.add_argument("--top", type=int, default=20)
    p.add_argument("--since")
    p.add_argument("--until")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(func=cmd_speakers)

    p = with_db(sub.add_parser("articles", help="list articles"))
    p.add_argument("text", nargs="?", help="full-text search over title and body")
    with_filters(p)
    p.set_defaults(func=cmd_articles)

    p = with_db(sub.add_parser("export", help="export every quotation with its article"))
    p.add_argument("path")
    p.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl")
    p.set_defaults(func=cmd_export)

    p = with_db(sub.add_parser("reprocess", help="re-run extraction over the stored raw pages"))
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--workers", type=int, default=default_workers(), help="processes extracting (default: cores)")
    with_engine(p)
    p.set_defaults(func=cmd_reprocess)

    p = with_db(sub.add_parser("demo", help="build a demo archive from the sample pages and query it"))
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = with_db(sub.add_parser("serve", help="the web interface for analysts"))
    _with_server(p, 8080, "access token for adding pages when not on localhost")
    p.add_argument(
        "--allow-private-fetch",
        action="store_true",
        help="let Add fetch private and loopback addresses (in-house sites; never on a public server)",
    )
    p.set_defaults(func=cmd_serve)

    p = with_db(sub.add_parser("api", help="serve the archive as a REST API (OpenAPI docs at /docs)"))
    _with_server(p, 8000, "token for write endpoints")
    p.set_defaults(func=cmd_api)
