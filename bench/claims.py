"""Claim matching benchmark: statements per second against a catalog of generated claims, and memory.

    python bench/claims.py [--claims 10000] [--statements 500]

Claims and statements are generated from templates in German, English and Russian (actors,
actions, objects), so the catalog has many near neighbours, as real fact-check catalogs do.
One core; the catalog's embeddings are computed once (timed separately), as `claims import` does.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time

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
    ap.add_argument("--statements", type=int, default=500)
    args = ap.parse_args()

    from quotewatch.claims.encoder import encode
    from quotewatch.claims.match import ClaimRow, Matcher
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
    t0 = time.perf_counter()
    for i in range(0, len(statements), 64):
        matcher.match_many(statements[i : i + 64], top=5)
    match_s = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"catalog: {args.claims} claims embedded in {embed_s:.1f} s ({args.claims / embed_s:.0f} claims/s), "
        f"indexed in {index_s:.2f} s"
    )
    print(
        f"matching: {args.statements} statements in {match_s:.1f} s = {args.statements / match_s:.1f} statements/s "
        "(embedding + cosine over the whole catalog + BM25 + scoring, one core)"
    )
    print(
        f"memory: peak RSS {peak / 1024:.0f} MB ({(peak - base) / 1024:.0f} MB above the loaded model); "
        f"vectors {vectors.nbytes / 1e6:.1f} MB (float32, 512 dims)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
