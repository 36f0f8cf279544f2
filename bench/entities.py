"""Entity linking and search by meaning, measured on statements written for the project
(`tests/gold/entities/`): 120 statements in 40 clusters (one point in German, English and Russian,
with a query for it) and 180 single statements with hard cases; a third of both is held out.

    python bench/entities.py [--scale 100000]

Prints entity precision and recall (micro, per part), search-by-meaning recall@10 and MRR over the
cluster queries (all relevant statements, and those in another language than the query), and the
latency of a search by meaning over `--scale` stored statement vectors (query encoding + index).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

GOLD = Path(__file__).resolve().parents[1] / "tests" / "gold" / "entities"


def read() -> tuple[list[dict], list[dict]]:
    """(statements, queries); a statement: id, language, entities, text, cluster, held."""
    statements, queries = [], []
    for line in (GOLD / "clusters.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cluster, lang, third, fourth = line.split("\t")
        held = int(cluster) % 3 == 0
        if lang == "query":
            queries.append({"cluster": cluster, "language": third, "text": fourth, "held": held})
        else:
            ents = {e for e in third.split(",") if e}
            statements.append(
                {
                    "id": f"c{cluster}{lang}",
                    "language": lang,
                    "entities": ents,
                    "text": fourth,
                    "cluster": cluster,
                    "held": held,
                }
            )
    for line in (GOLD / "singles.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        ident, lang, ents, text = line.split("\t")
        statements.append(
            {
                "id": ident,
                "language": lang,
                "entities": {e for e in ents.split(",") if e},
                "text": text,
                "cluster": None,
                "held": int(ident[1:]) % 3 == 0,
            }
        )
    return statements, queries


def linking(statements: list[dict], held: bool, show_errors: bool = False) -> tuple[float, float, int]:
    from quotewatch.entities import entity_ids

    tp = fp = fn = 0
    for s in statements:
        if s["held"] != held:
            continue
        found = set(entity_ids(s["text"], s["language"]))
        tp += len(found & s["entities"])
        fp += len(found - s["entities"])
        fn += len(s["entities"] - found)
        if show_errors and found != s["entities"]:
            missed, extra = sorted(s["entities"] - found), sorted(found - s["entities"])
            print(f"  {s['id']}: missed {missed} extra {extra} | {s['text']}")
    return tp / ((tp + fp) or 1), tp / ((tp + fn) or 1), sum(s["held"] == held for s in statements)


def search(statements: list[dict], queries: list[dict], held: bool) -> dict[str, float]:
    import numpy as np

    from quotewatch.article.extract import detect_language
    from quotewatch.claims.encoder import encode
    from quotewatch.store.meaning import MeaningIndex

    # the labelled statements are the archive, as search_meaning's index holds it
    index = MeaningIndex()
    index.add(
        list(range(1, len(statements) + 1)),
        encode([s["text"] for s in statements]),
        [s["language"] for s in statements],
    )
    asked = [q for q in queries if q["held"] == held]
    vectors = encode([q["text"] for q in asked])
    recall, other, rr = [], [], []
    for q, v in zip(asked, vectors, strict=True):
        order = np.argsort(-index.scores(v, detect_language(q["text"])))
        ranked = [statements[i] for i in order]
        relevant = [s for s in statements if s["cluster"] == q["cluster"]]
        top = {s["id"] for s in ranked[:10]}
        recall.append(sum(s["id"] in top for s in relevant) / len(relevant))
        foreign = [s for s in relevant if s["language"] != q["language"]]
        other.append(sum(s["id"] in top for s in foreign) / len(foreign))
        first = next(i for i, s in enumerate(ranked, 1) if s["cluster"] == q["cluster"])
        rr.append(1 / first)
    return {
        "recall@10": float(np.mean(recall)),
        "other languages": float(np.mean(other)),
        "MRR": float(np.mean(rr)),
        "queries": len(asked),
    }


def latency(scale: int, runs: int = 200) -> tuple[float, float]:
    import numpy as np

    from quotewatch.claims.encoder import encode

    rng = np.random.default_rng(1)
    matrix = rng.standard_normal((scale, 512)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    words = ["Sanktionen", "Grenze", "Wahl", "Energie", "Verhandlungen", "США", "NATO", "Russia", "Minsk", "Strom"]
    times = []
    encode(["warm-up"])
    for n in range(runs):
        t0 = time.perf_counter()
        v = encode([f"{words[n % 10]} {words[(n * 3) % 10]} statement {n}"])[0]
        scores = matrix @ v
        top = np.argpartition(-scores, 49)[:50]
        top[np.argsort(-scores[top])]
        times.append(time.perf_counter() - t0)
    return float(np.percentile(times, 50)) * 1000, float(np.percentile(times, 95)) * 1000


def archive_latency(target: str, scale: int, runs: int = 100) -> tuple[float, float, float]:
    """Search by meaning on an archive of `scale` statements (rows written directly: 10 statements per
    article, vectors random but normalised): (first search incl. loading the index, p50, p95) in ms."""
    import numpy as np

    from quotewatch.claims.encoder import encode, to_bytes
    from quotewatch.store import Repository
    from quotewatch.store.meaning import _indexes, search_meaning

    repo = Repository.open(target)
    rng = np.random.default_rng(2)
    per_article = 10
    with repo.db.transaction():
        for start in range(0, scale // per_article, 1000):
            rows = range(start, min(start + 1000, scale // per_article))
            repo.db.executemany(
                """INSERT INTO pages (id, content_hash, url, source, fetched_at, raw)
                   VALUES (:i, :h, :u, :u, '2026-01-01', :raw)""",
                [{"i": i + 1, "h": f"h{i}", "u": f"https://x.example/{i}", "raw": b"-"} for i in rows],
            )
            repo.db.executemany(
                """INSERT INTO articles (id, page_id, version, is_latest, title, published, language, body,
                       extracted_at, extractor_version) VALUES (:i, :i, 1, 1, :t, '2026-01-01', 'de', :b, 'x', 'x')""",
                [{"i": i + 1, "t": f"Meldung {i}", "b": "Text " * 40} for i in rows],
            )
            quotes = [
                {"id": i * per_article + k + 1, "a": i + 1, "qid": f"q{k}", "text": f"Aussage {i} {k}", "s": k * 10}
                for i in rows
                for k in range(per_article)
            ]
            repo.db.executemany(
                """INSERT INTO quotes (id, article_id, qid, kind, text, start_offset, end_offset, lemmas, confidence)
                   VALUES (:id, :a, :qid, 'direct', :text, :s, :s + 5, :text, 1.0)""",
                quotes,
            )
            vectors = rng.standard_normal((len(quotes), 512)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            repo.db.executemany(
                "INSERT INTO statement_vectors (quote_id, embedding) VALUES (:q, :e)",
                [{"q": q["id"], "e": to_bytes(v)} for q, v in zip(quotes, vectors, strict=True)],
            )
    _indexes.clear()
    encode(["warm-up"])
    t0 = time.perf_counter()
    search_meaning(repo, "Sanktionen gegen Russland", limit=20)
    first = (time.perf_counter() - t0) * 1000
    times = []
    for n in range(runs):
        t0 = time.perf_counter()
        search_meaning(repo, f"Verhandlungen über die Grenze {n}", limit=20)
        times.append((time.perf_counter() - t0) * 1000)
    repo.close()
    return first, float(np.percentile(times, 50)), float(np.percentile(times, 95))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, default=100_000)
    ap.add_argument("--errors", action="store_true", help="print the fit part's linking errors")
    ap.add_argument("--archives", action="store_true", help="also on --scale statement archives, both back-ends")
    args = ap.parse_args()
    statements, queries = read()
    print(f"{len(statements)} statements, {len(queries)} queries")
    for held in (False, True):
        p, r, n = linking(statements, held, args.errors and not held)
        s = search(statements, queries, held)
        part = "held out" if held else "fit"
        print(
            f"{part}: entities precision {p:.3f} recall {r:.3f} ({n} statements); search by meaning over "
            f"{s['queries']} queries: recall@10 {s['recall@10']:.3f} (other languages {s['other languages']:.3f}), "
            f"MRR {s['MRR']:.3f}"
        )
    p50, p95 = latency(args.scale)
    print(
        f"search by meaning over {args.scale:,} statement vectors (encoding the query + brute-force cosine, one core): "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms"
    )
    if args.archives:
        import tempfile

        sys.path.insert(0, str(GOLD.parents[1]))
        from pg import PostgresServer

        with tempfile.TemporaryDirectory() as tmp, PostgresServer() as server:
            for name, target in (("SQLite", f"{tmp}/s.db"), ("PostgreSQL", server.create_database("meaning"))):
                first, p50, p95 = archive_latency(target, args.scale)
                print(
                    f"{name} archive of {args.scale:,} statements: first search {first:.0f} ms (loads the index), "
                    f"then p50 {p50:.1f} ms, p95 {p95:.1f} ms"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
