"""`quotewatch sources …`, `quotewatch follow`, `quotewatch watch …`: keep reading, and tell people."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quotewatch.cli.common import EXIT_INPUT, EXIT_OK, EXIT_USAGE, emit, err, open_archive, with_db

SOURCE_COLUMNS = ["id", "name", "health", "every", "last_fetch", "last_new", "errors_in_row", "next_run", "url"]


def _every(seconds: int) -> str:
    for unit, size in (("d", 86_400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def cmd_sources(args: argparse.Namespace) -> int:
    from quotewatch.monitor.sources import (
        SourceError,
        add_source,
        import_opml,
        list_sources,
        parse_interval,
        remove_source,
        set_paused,
    )

    repo = open_archive(args)
    try:
        if args.action == "add":
            source, new = add_source(
                repo, args.url, parse_interval(args.every), name=args.name, kind=args.kind, language=args.lang
            )
            print(f"{'following' if new else 'updated'} {source.url} every {_every(source.every_seconds)}")
        elif args.action == "import":
            added, updated = import_opml(repo, Path(args.opml), parse_interval(args.every))
            print(f"{args.opml}: {added} sources added, {updated} updated")
        elif args.action == "list":
            rows = list_sources(repo)
            for row in rows:
                row["every"] = _every(row["every_seconds"])
            columns = SOURCE_COLUMNS + (["last_error", "polls", "articles", "kind"] if args.format != "table" else [])
            emit(rows, columns, args.format, f"{len(rows)} sources")
        elif args.action in ("pause", "resume"):
            source = set_paused(repo, args.source, args.action == "pause")
            print(f"{args.action}d {source.url}")
        elif args.action == "remove":
            source = remove_source(repo, args.source)
            print(f"no longer following {source.url} (its articles stay in the archive)")
    except SourceError as exc:
        err(str(exc))
        return EXIT_INPUT if args.action == "import" else EXIT_USAGE
    finally:
        repo.close()
    return EXIT_OK


def cmd_follow(args: argparse.Namespace) -> int:
    from quotewatch.cli.common import db_target
    from quotewatch.ingest.fetch import Fetcher
    from quotewatch.monitor.alerts import parse_mailer
    from quotewatch.monitor.follow import Follower

    try:
        mailer = parse_mailer(args.smtp, args.mail_from)
    except ValueError as exc:
        err(str(exc))
        return EXIT_USAGE
    fetcher = Fetcher(
        respect_robots=not args.ignore_robots,
        min_interval=args.interval,
        retries=0,  # a failing source is tried again at its next poll, with backoff (sources.record_poll)
        timeout=args.timeout,
        deadline=args.timeout * 3,
    )
    follower = Follower(db_target(args), fetcher, mailer, args.base_url, quiet=args.quiet)
    open_archive(args).close()  # a bad --db fails here, with its message, before anything starts
    if args.once:
        counts = follower.round()
        print(
            f"{counts['polls']} polls, {counts['stored']} articles stored, {counts['errors']} sources failed, "
            f"{counts['matches']} watchlist matches",
            file=sys.stderr,
        )
        follower.repo.close()
        return EXIT_OK
    return follower.serve(args.tick)


def cmd_watch(args: argparse.Namespace) -> int:
    from quotewatch.monitor.watch import WatchError, add_watchlist, list_watchlists, remove_watchlist, watch_matches

    repo = open_archive(args)
    try:
        if args.action == "add":
            if args.webhook and not args.webhook.startswith(("http://", "https://")):
                raise WatchError(f"{args.webhook!r}: a webhook is an http(s) URL")
            w = add_watchlist(
                repo,
                args.name,
                speaker=args.speaker,
                about=args.about,
                phrase=args.phrase,
                claim_id=args.claim,
                claim_stance=args.stance if args.claim else None,
                language=args.lang,
                agency=args.agency,
                novel=args.new,
                webhook=args.webhook,
                secret=args.secret,
                email=args.email,
                digest_hours=args.digest,
            )
            print(f"watching {w.name!r}: {w.describe()}; alerts: {', '.join(w.channels) or 'feed only'}")
        elif args.action == "list":
            rows = list_watchlists(repo)
            emit(rows, ["name", "watches", "alerts", "matches", "pending", "latest"], args.format, "watchlists")
        elif args.action == "show":
            rows = watch_matches(repo, args.name, limit=args.limit)
            columns = ["matched_at", "speaker", "text", "agency", "published", "novelty", "article_id"]
            emit(rows, columns, args.format, f"{args.name}: {len(rows)} latest matches")
        elif args.action == "remove":
            remove_watchlist(repo, args.name)
            print(f"removed watchlist {args.name!r} and its matches")
    except WatchError as exc:
        err(str(exc))
        return EXIT_USAGE
    finally:
        repo.close()
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from quotewatch.claims.stance import STANCES
    from quotewatch.monitor.sources import KINDS

    sources = sub.add_parser("sources", help="the feeds, sitemaps and pages `follow` reads on a schedule")
    ssub = sources.add_subparsers(dest="action", required=True)
    p = with_db(ssub.add_parser("add", help="follow a feed, a (news) sitemap or a section page"))
    p.add_argument("url")
    p.add_argument("--every", default="10m", help="how often: 90s, 10m, 2h, 1d (default 10m)")
    p.add_argument("--name")
    p.add_argument("--kind", choices=KINDS, default="auto", help="default: told by the first answer")
    p.add_argument("--lang", help="the source's language (ISO 639-1), if known")
    p = with_db(ssub.add_parser("import", help="follow every feed of an OPML file"))
    p.add_argument("opml")
    p.add_argument("--every", default="10m")
    p = with_db(ssub.add_parser("list", help="sources with their health, last fetch and next run"))
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    for action, what in (("pause", "stop polling"), ("resume", "poll again"), ("remove", "stop following")):
        p = with_db(ssub.add_parser(action, help=f"{what} a source (by id, URL or name)"))
        p.add_argument("source")
    for name in ("add", "import", "list", "pause", "resume", "remove"):
        ssub.choices[name].set_defaults(func=cmd_sources)

    p = with_db(sub.add_parser("follow", help="poll the sources on their schedules; store, match, alert"))
    p.add_argument("--once", action="store_true", help="one round over the sources due now, then exit")
    p.add_argument("--tick", type=float, default=5.0, help="seconds between looks for due sources (default 5)")
    p.add_argument("--interval", type=float, default=1.0, help="seconds between requests to one host (default 1)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for an answer (default 20)")
    p.add_argument("--ignore-robots", action="store_true")
    p.add_argument("--smtp", help="SMTP server host:port for e-mail alerts")
    p.add_argument("--mail-from", help="sender address of e-mail alerts")
    p.add_argument("--base-url", default="http://localhost:8000", help="the web UI's address, for links in alerts")
    p.add_argument("--quiet", action="store_true", help="no line per poll")
    p.set_defaults(func=cmd_follow)

    watch = sub.add_parser("watch", help="watchlists: be told when something you care about is said")
    wsub = watch.add_subparsers(dest="action", required=True)
    p = with_db(wsub.add_parser("add", help="a watchlist; it sees statements stored from now on"))
    p.add_argument("name")
    p.add_argument("--speaker")
    p.add_argument("--about", help="words or entities the statement mentions")
    p.add_argument("--phrase", help="words of the statement itself")
    p.add_argument("--claim", type=int, metavar="ID", help="statements matched to this claim")
    p.add_argument("--stance", choices=STANCES, help="with --claim: only those that repeat, deny or mention it")
    p.add_argument("--lang")
    p.add_argument("--agency")
    p.add_argument("--new", action="store_true", help="only statements unlike what the speaker said before")
    p.add_argument("--webhook", help="POST each match as JSON to this URL")
    p.add_argument("--secret", help="sign webhook bodies with HMAC-SHA256 (X-Quotewatch-Signature)")
    p.add_argument("--email", help="send each match (or a digest) to this address")
    p.add_argument("--digest", type=float, metavar="HOURS", help="one e-mail every N hours instead of one per match")
    p = with_db(wsub.add_parser("list", help="watchlists with their matches and pending alerts"))
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p = with_db(wsub.add_parser("show", help="a watchlist's matches, newest first"))
    p.add_argument("name")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p = with_db(wsub.add_parser("remove", help="delete a watchlist and its matches"))
    p.add_argument("name")
    for name in ("add", "list", "show", "remove"):
        wsub.choices[name].set_defaults(func=cmd_watch)
