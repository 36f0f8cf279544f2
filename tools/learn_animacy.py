"""Learn which head nouns speak, from annotated news (german-news-quotes train), for lang/de/animacy.tsv.

    python tools/learn_animacy.py ../shared/corpora/german-news-quotes/train [--out FILE] [--docs N]

A noun is a speaker when it heads a gold speaker's noun phrase ("der Sprecher des Ministeriums" ->
Sprecher). A noun cannot speak ("never") when the rules took it for a speaker at least twice, wrongly
each time, and no gold speaker in the data is headed by it (a report, a reason, a quota). The file keeps
both lists with their counts; lang/de/chunks.py `can_speak` uses the "never" rows (the "speaks" rows are
evidence only: that a noun headed speakers in the data does not make it one that can speak).
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

from quotewatch.eval.gold import iter_gold
from quotewatch.eval.score import _speaker_ok, match_quotes
from quotewatch.lang import load
from quotewatch.quotes.detect import find_quotes


def head(phrase: str, pack) -> str | None:  # type: ignore[no-untyped-def]
    """The head noun of a German noun phrase: its first capitalised common noun before a genitive or
    an apposition ("der Sprecher des Ministeriums, Max Kurz" -> Sprecher), as a lemma."""
    words = [w.strip(".,:;()„“\"'»«") for w in phrase.split(",")[0].split()]
    for w in words:
        if w[:1].isupper() and not pack.is_proper_noun(w) and w not in pack.first_names:
            return pack.lemma(w)
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=Path)
    ap.add_argument("--out", type=Path, default=Path("src/quotewatch/lang/de/animacy.tsv"))
    ap.add_argument("--docs", type=int, help="use only the first N documents (the rest: a held-out check)")
    args = ap.parse_args()
    pack = load("de")
    speaks, wrong = collections.Counter(), collections.Counter()
    for n, doc in enumerate(iter_gold(args.gold)):
        if args.docs is not None and n >= args.docs:
            break
        for q in doc.quotes:
            h = head(q.speaker_text, pack) if q.speaker_text else None
            if h:
                speaks[h] += 1
        predicted = find_quotes(doc.text, pack)
        match, _, _ = match_quotes(doc, predicted)
        for gi, pi in match.items():
            p, g = predicted[pi], doc.quotes[gi]
            if p.speaker is None or p.speaker.mention_start < 0 or not (g.speaker_text or g.speaker_spans):
                continue
            h = head(p.speaker.mention, pack)
            if h and not _speaker_ok(p, g):
                wrong[h] += 1
    never = {h: c for h, c in wrong.items() if c >= 2 and h not in speaks}
    lines = [
        "# Head nouns and whether they speak, learned by tools/learn_animacy.py from german-news-quotes train.",
        "# lemma\tspeaks|never\tcount (gold speakers headed by it, or wrong speakers it headed)",
    ]
    lines += [f"{h}\tnever\t{c}" for h, c in sorted(never.items())]
    lines += [f"{h}\tspeaks\t{c}" for h, c in sorted(speaks.items()) if c >= 2]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(never)} nouns that never speak, {sum(1 for c in speaks.values() if c >= 2)} that do")
    return 0


if __name__ == "__main__":
    sys.exit(main())
