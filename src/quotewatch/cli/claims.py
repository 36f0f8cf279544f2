"""`quotewatch claims …`: import a catalog, list it, match the archive, check a statement, evaluate."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from quotewatch.claims.stance import STANCES
from quotewatch.cli.common import EXIT_INPUT, EXIT_OK, EXIT_USAGE, emit, err, open_archive, with_db


def cmd_import(args: argparse.Namespace) -> int:
    from quotewatch.claims.catalog import CatalogError, read_catalog
    from quotewatch.claims.store import import_claims

    mapping = {}
    for item in args.map or []:
        field_name, _, column = item.partition("=")
        if not column:
            err(f"--map {item}: use FIELD=COLUMN, e.g. text=Behauptung")
            return EXIT_USAGE
        mapping[field_name.strip()] = column.strip()
    try:
        claims = read_catalog(Path(args.path), args.format, mapping)
    except CatalogError as exc:
        err(str(exc))
        return EXIT_INPUT
    repo = open_archive(args)
    result = import_claims(repo, claims)
    repo.close()
    sys.stderr.write(
        f"{args.path}: {result.added} claims added, {result.updated} updated, {result.unchanged} unchanged\n"
    )
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from quotewatch.claims.store import list_claims, pgvector_available

    repo = open_archive(args)
    rows = list_claims(repo, args.limit, args.offset)
    if repo.db.name == "postgresql":
        sys.stderr.write(
            "claim vectors are searched in numpy; pgvector is "
            f"{'available' if pgvector_available(repo) else 'not available'} on this server\n"
        )
    repo.close()
    emit(rows, ["id", "language", "verdict", "source", "text", *STANCES, "url"], args.format, f"{len(rows)} claims")
    return EXIT_OK


def cmd_match(args: argparse.Namespace) -> int:
    from quotewatch.claims.store import match_archive
    from quotewatch.progress import progress_bar

    repo = open_archive(args)
    with progress_bar("matching", args.quiet) as bar:
        task = bar.add_task("match", total=None)
        result = match_archive(
            repo, args.threshold, args.all, progress=lambda n, total: bar.update(task, completed=n, total=total)
        )
    repo.close()
    scope = "all statements" if result["full"] else "new statements"
    sys.stderr.write(
        f"matched {result['statements']} {scope}: {result['matches']} matches at score ≥ {args.threshold}\n"
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from quotewatch.article.extract import detect_language
    from quotewatch.claims.store import load_matcher

    repo = open_archive(args)
    matcher = load_matcher(repo)
    repo.close()
    if not matcher.claims:
        err("the catalog is empty: quotewatch claims import FILE")
        return EXIT_INPUT
    language = args.lang or detect_language(args.statement)
    matches = matcher.match(args.statement, language, top=args.top)
    rows = [
        {
            "claim": m.claim_id,
            "score": round(m.score, 3),
            "stance": m.stance.label,
            "verdict": m.verdict,
            "claim_text": m.text,
            "why": m.explanation,
            "url": m.url,
        }
        for m in matches
    ]
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    table = Table(title=f"Claims like: {args.statement[:80]}")
    columns = ("claim", "score", "stance", "verdict", "claim_text", "why")
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        style = "bold" if r["score"] >= args.threshold else "dim"
        table.add_row(*(str(r[c]) for c in columns), style=style)
    Console().print(table)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    import quotewatch.claims
    from quotewatch.claims.catalog import CatalogError
    from quotewatch.claims.evaluate import evaluate_pairs, fit
    from quotewatch.claims.match import CONFIRM_FEATURES, FEATURES

    data = Path(quotewatch.claims.__file__).resolve().parent / "data"
    pairs = Path(args.pairs) if args.pairs else data / "pairs-demo.jsonl"
    catalog = Path(args.catalog) if args.catalog else data / "claims-demo.jsonl"
    try:
        if args.fit:
            sets = [(pairs, catalog), *((Path(p), Path(c)) for p, c in args.with_set or [])]
            fitted = fit(sets)
            out = sys.stdout
            out.write(f"ranking weights ({', '.join(FEATURES)}): {fitted.weights}\n")
            out.write(f"confirmation weights ({', '.join(CONFIRM_FEATURES)}): {fitted.confirm_weights}\n")
            out.write("out of sample (5-fold cross-validation):\n")
            for name, value in fitted.map5.items():
                out.write(f"  {name}: MAP@5 {value:.3f}\n")
            out.write(
                f"  threshold {fitted.threshold:.3f} on {sets[-1][1].name}'s statements: "
                f"precision {fitted.precision:.3f}, recall {fitted.recall:.3f}\n"
            )
            return EXIT_OK
        r = evaluate_pairs(pairs, catalog, args.threshold, args.split)
    except (CatalogError, OSError) as exc:
        err(str(exc))
        return EXIT_INPUT
    table = Table(title=f"{pairs.name} against {catalog.name}: {r.statements} statements, {r.with_claims} with a claim")
    columns = ("MAP@5", "BM25 alone", "MRR", "recall@1", "recall@5", "recall@10", f"found ≥ {args.threshold}")
    for c in (*columns, "false alarms"):
        table.add_column(c, justify="right")
    table.add_row(
        f"{r.map5:.3f}",
        f"{r.bm25_map5:.3f}",
        f"{r.mrr:.3f}",
        f"{r.recall[1]:.3f}",
        f"{r.recall[5]:.3f}",
        f"{r.recall[10]:.3f}",
        f"{r.flagged_true:.3f}",
        f"{r.flagged_false:.3f}",
    )
    Console().print(table)
    Console().print("MRR by statement language: " + ", ".join(f"{k} {v:.3f}" for k, v in r.per_language.items()))
    if r.stances:
        stance = Table(title=f"stance of the labelled claim's match (accuracy {r.stance_accuracy:.3f})")
        stance.add_column("labelled")
        for label in STANCES:
            stance.add_column(f"said {label}", justify="right")
        for label in STANCES:
            if label in r.stances:
                stance.add_row(label, *(str(r.stances[label].get(said, 0)) for said in STANCES))
        Console().print(stance)
    if args.json:
        print(
            json.dumps(
                {
                    "map5": r.map5,
                    "bm25_map5": r.bm25_map5,
                    "mrr": r.mrr,
                    "recall": r.recall,
                    "found": r.flagged_true,
                    "false_alarms": r.flagged_false,
                    "mrr_by_language": r.per_language,
                    "stances": r.stances,
                    "stance_accuracy": r.stance_accuracy,
                    "denials_as_repeats": r.denials_as_repeats,
                }
            )
        )
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from quotewatch.claims.match import THRESHOLD

    claims = sub.add_parser("claims", help="match statements against known claims (fact-checks, narratives)")
    csub = claims.add_subparsers(dest="claims_command", required=True)

    p = with_db(csub.add_parser("import", help="import a catalog: CSV, JSON lines or ClaimReview JSON-LD"))
    p.add_argument("path")
    p.add_argument("--format", choices=("csv", "jsonl", "claimreview", "html"))
    p.add_argument(
        "--map",
        action="append",
        metavar="FIELD=COLUMN",
        help="column for a field (text, verdict, source, url, published, language, tags, key)",
    )
    p.set_defaults(func=cmd_import)

    p = with_db(csub.add_parser("list", help="the catalog, with how many statements match each claim"))
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(func=cmd_list)

    p = with_db(csub.add_parser("match", help="match the archive's statements (incremental)"))
    p.add_argument("--all", action="store_true", help="match every statement again")
    p.add_argument("--threshold", type=float, default=THRESHOLD)
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_match)

    p = with_db(csub.add_parser("check", help="which claims a statement repeats"))
    p.add_argument("statement")
    p.add_argument("--lang")
    p.add_argument("--top", type=int, default=5)
    p.add_argument("--threshold", type=float, default=THRESHOLD)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_check)

    p = csub.add_parser("eval", help="MAP@5, MRR and recall@k on labelled (statement, claim) pairs")
    p.add_argument("pairs", nargs="?", help="JSON lines: statement, language, claims (keys); default: the demo set")
    p.add_argument("--catalog", help="the catalog the keys refer to (default: the demo catalog)")
    p.add_argument("--threshold", type=float, default=THRESHOLD)
    p.add_argument("--fit", action="store_true", help="fit the score weights on these pairs and print them")
    p.add_argument("--split", choices=("fit", "held"), help="only the pairs marked so (own cross-lingual pairs)")
    p.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    p.add_argument(
        "--with",
        dest="with_set",
        nargs=2,
        action="append",
        metavar=("PAIRS", "CATALOG"),
        help="with --fit: another set to fit on (repeatable)",
    )
    p.set_defaults(func=cmd_eval)
