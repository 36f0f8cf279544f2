"""Claim matching benchmark: statements per second against a catalog of generated claims, and memory.

    python bench/claims.py [--claims 10000] [--statements 1000]

Claims and statements are generated from templates in German, English and Russian (actors,
actions, objects), so the catalog has many near neighbours, as real fact-check catalogs do.
One core; the catalog's embeddings are computed once (timed separately), as `claims import` does,
and so are the statements' (`claims match` stores them): matching is timed on stored vectors, and
end to end with the encoder.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time

# one thread per process, as on a shared machine: multithreaded BLAS made claim runs 4-10x slower there
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ACTORS = {
    "de": [
        "Die Regierung",
        "Die NATO",
        "Die EU",
        "Russland",
        "Die Ukraine",
        "Die USA",
        "Belarus",
        "Polen",
        "Der Kreml",
    ],
    "en": ["The government", "NATO", "The EU", "Russia", "Ukraine", "The United States", "Belarus", "Poland"],
    "ru": ["Правительство", "НАТО", "Евросоюз", "Россия", "Украина", "США", "Беларусь", "Польша"],
}
ACTIONS = {
    "de": ["plant heimlich", "verschweigt", "finanziert", "verhindert", "erfindet", "sabotiert", "bereitet vor"],
    "en": ["is secretly planning", "is hiding", "is financing", "is blocking", "made up", "is sabotaging"],
    "ru": ["тайно планирует", "скрывает", "финансирует", "блокирует", "выдумал", "саботирует"],
}
OBJECTS = {
    "de": [
        "einen Angriff auf die Grenze",
        "die Wahrheit über die Wahlen",
        "Biowaffenlabore",
        "die Getreideexporte",
        "einen Staatsstreich",
        "die Gaspreise",
        "die Flüchtlingszahlen",
        "neue Sanktionen",
        "die Friedensgespräche",
    ],
    "en": [
        "an attack on the border",
        "the truth about the elections",
        "bioweapons labs",
        "grain exports",
        "a coup",
        "gas prices",
        "refugee numbers",
        "new sanctions",
        "the peace talks",
    ],
    "ru": [
        "нападение на границу",
        "правду о выборах",
        "биолаборатории",
        "экспорт зерна",
        "госпереворот",
        "цены на газ",
        "число беженцев",
        "новые санкции",
        "мирные переговоры",
    ],
}


def sentence(rnd: random.Random, lang: str, n: int) -> str:
    return f"{rnd.choice(ACTORS[lang])} {rnd.choice(ACTIONS[lang])} {rnd.choice(OBJECTS[lang])} ({2000 + n % 26})."


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--statements", type=int, default=1_000)
    args = ap.parse_args()

    import numpy as np

    from quotewatch.claims.encoder import encode
    from quotewatch.claims.match import CANDIDATES, THRESHOLD, ClaimRow, Matcher
    from quotewatch.store.text import lemmas

    rnd = random.Random(7)
    langs = ["de", "en", "ru"]
    texts = [(sentence(rnd, langs[i % 3], i), langs[i % 3]) for i in range(args.claims)]
    encode(["warm-up"])
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    vectors = encode([t for t, _ in texts])
    embed_s = time.perf_counter() - t0
    rows = [
        ClaimRow(i, t, lang, lemmas(t, lang), v) for i, ((t, lang), v) in enumerate(zip(texts, vectors, strict=True))
    ]
    t0 = time.perf_counter()
    matcher = Matcher(rows)
    index_s = time.perf_counter() - t0
    statements = [(sentence(rnd, langs[i % 3], i), langs[i % 3]) for i in range(args.statements)]
    matcher.match_many(statements[:64], threshold=THRESHOLD)  # warm the caches as a running archive has them
    t0 = time.perf_counter()
    statement_vectors = encode([t for t, _ in statements])
    encode_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i in range(0, len(statements), 256):
        matcher.match_many(statements[i : i + 256], top=5, threshold=THRESHOLD, vectors=statement_vectors[i : i + 256])
    match_s = time.perf_counter() - t0
    # baseline in the same run: the nearest claims by exact cosine alone, nothing else
    t0 = time.perf_counter()
    for i in range(0, len(statements), 256):
        sims = statement_vectors[i : i + 256] @ matcher.matrix.T
        np.argpartition(-sims, CANDIDATES - 1, axis=1)[:, :CANDIDATES]
    cosine_s = time.perf_counter() - t0

    # the vector index's recall: its nearest claims among the exact ones
    def exact_nearest(vectors: np.ndarray) -> np.ndarray:
        return np.argpartition(-(vectors @ matcher.matrix.T), CANDIDATES - 1, axis=1)[:, :CANDIDATES]

    exact = np.vstack([exact_nearest(statement_vectors[i : i + 256]) for i in range(0, len(statements), 256)])
    found = matcher.nearest.top(statement_vectors, CANDIDATES)
    recall = float(np.mean([len(set(e) & set(f)) / CANDIDATES for e, f in zip(exact, found, strict=True)]))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    n = args.statements
    print(
        f"catalog: {args.claims} claims embedded in {embed_s:.1f} s ({args.claims / embed_s:.0f} claims/s), "
        f"indexed in {index_s:.2f} s"
    )
    print(f"statements embedded: {n / encode_s:.0f}/s (once per statement: `claims match` stores the vectors)")
    print(
        f"matching: {n / match_s:.0f} statements/s (cosine over the whole catalog, BM25, scoring, stance; "
        f"threshold {THRESHOLD}; one core); nearest claims by cosine alone {n / cosine_s:.0f}/s "
        f"(matching takes {match_s / cosine_s:.1f}x its time)"
    )
    how = "inverted file (FAISS IVF)" if matcher.nearest.approximate else "exact"
    print(f"nearest claims: {how}, recall@{CANDIDATES} against exact cosine {recall:.3f}")
    print(f"end to end (embedding + matching): {n / (encode_s + match_s):.0f} statements/s")
    print(
        f"memory: peak RSS {peak / 1024:.0f} MB ({(peak - base) / 1024:.0f} MB above the loaded model); "
        f"vectors {vectors.nbytes / 1e6:.1f} MB (float32, 512 dims)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
