"""Write lang/<code>/README.md: every file of a language pack, its columns, an example line, and every word
class the pack declares with the comment above it in function_words.tsv.

    python tools/pack_readme.py de en ru

Re-run it after adding a file or a word class; tests/test_engine.py checks that each README lists every
file of its folder and every class its pack declares.
"""

from __future__ import annotations

import sys
from pathlib import Path

LANG = Path(__file__).resolve().parents[1] / "src" / "quotewatch" / "lang"
NAMES = {"de": "German", "en": "English", "ru": "Russian"}
FILES = {
    "function_words.tsv": (
        "class | words (space-separated, lower case; `-` for a declared, empty class)",
        "the closed word classes the rules read by name (table below)",
    ),
    "speech_verbs.tsv": (
        "verb | particle or - | strong forms or - (`present·past·participle`)",
        "verbs of saying; their inflected forms are generated (lang/verbforms.py)",
    ),
    "according_to.tsv": (
        "marker | position (before, after, postposed, anaphoric, impersonal) | flags",
        'markers that attribute a statement without a verb of saying ("laut X")',
    ),
    "role_nouns.tsv": ("noun | role class", "role nouns and titles that stand for a person named in the article"),
    "nationalities.tsv": ("adjective stem | country", "nationality adjectives, to pick the holder of a role"),
    "pronouns.tsv": ("pronoun | person | gender/number", "personal pronouns that can be speakers"),
    "first_names.tsv": ("given name | gender", "given names: a capitalised word after one is a surname"),
    "months.tsv": ("month name or abbreviation | number", "for dates in datelines and page headers"),
    "abbreviations.txt": ("abbreviation without its full stop", "a full stop after these ends no sentence"),
    "boilerplate.txt": ("line start, lower case", "site chrome in scraped text: the article ends there"),
    "cue_nouns.txt": ("noun", 'nouns of saying with a content clause ("die Forderung, dass …")'),
    "not_cues.txt": ("form | `perfect` (a cue only closing a perfect)", "forms of speech verbs that are no cues"),
    "not_cue_particles.tsv": ("verb | words | `clause`", 'particle verbs that are no verbs of saying ("fand statt")'),
    "speech_acts.txt": ("verb | words one of which must follow", "verbs that report a statement without its words"),
    "name_introducers.txt": ("noun", 'nouns after which a quoted phrase is a name ("die Zeitung „…“")'),
    "precision.tsv": (
        "rule or speaker | rule id or way to a speaker | share right (smoothed) | count",
        "measured on training data by `quotewatch eval --per-rule --tables`; the decider's confidences",
    ),
    "animacy.tsv": ("lemma | speaks or never | count", "head nouns learned from who speaks (tools/learn_animacy.py)"),
}
CODE = {
    "analyzer.py": "builds the language's `Doc` and supplies the hooks (morphology, who can speak)",
    "morph.py": "morphology the rules ask about (parts of speech, mood, lemmas)",
    "compounds.py": "compound nouns split into their parts for word search (`compound_nouns` feature)",
    "chunks.py": "noun-phrase chunks that name speakers",
    "cues.py": "verbs of saying with their particles, and the subject of a cue",
    "direct.py": "attribution of quotations in marks (the cue after, the introduction before)",
    "reported.py": "reported speech: content clauses, Konjunktiv, according-to markers",
    "rules.py": "the language's rules, registered with ids (quotes/registry.py)",
    "__init__.py": "marks the folder as a Python package",
}


def example(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            return line.replace("\t", " ⇥ ")[:110]
    return "(empty)"


def classes(path: Path) -> list[tuple[str, str, str]]:
    out, comment = [], ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            comment = (comment + " " + line.lstrip("# ").strip()).strip()
            continue
        if not line.strip():
            comment = ""
            continue
        name, _, words = line.partition("\t")
        shown = " ".join(words.split()[:8]) + (" …" if len(words.split()) > 8 else "")
        out.append((name, shown or "-", comment))
        comment = ""
    return out


def write(code: str) -> None:
    folder = LANG / code
    lines = [
        f"# The {NAMES.get(code, code)} pack (`lang/{code}/`)",
        "",
        "Everything quotewatch knows about the language lives in this folder: data files a linguist can edit",
        "without touching code, and the Python modules of its analysis. The pack is found because the folder",
        "holds a `function_words.tsv`. Lines starting with `#` are comments; columns are separated by tabs.",
        "",
        "## Data files",
        "",
        "| file | what it holds | columns | example line |",
        "|---|---|---|---|",
    ]
    for f in sorted(p for p in folder.iterdir() if p.suffix in (".tsv", ".txt")):
        cols, what = FILES.get(f.name, ("?", "?"))
        lines.append(f"| `{f.name}` | {what} | {cols.replace(' | ', ' · ')} | `{example(f)}` |")
    lines += ["", "## Code", "", "| file | job |", "|---|---|"]
    for f in sorted(p for p in folder.iterdir() if p.suffix == ".py"):
        lines.append(f"| `{f.name}` | {CODE.get(f.name, '?')} |")
    lines += [
        "",
        "## Word classes (`function_words.tsv`)",
        "",
        'A rule asks for a class by name (`pack.word_class("article")`); a class this file does not declare is an',
        "error, so a class the language lacks is declared with `-`. `feature` names what the rules may rely on",
        "(`capitalised_nouns`, `verb_second`, `dependencies`).",
        "",
        "| class | words | note |",
        "|---|---|---|",
    ]
    for name, shown, comment in classes(folder / "function_words.tsv"):
        lines.append(f"| `{name}` | {shown.replace('|', '/')} | {comment.replace('|', '/')} |")
    (folder / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    for c in sys.argv[1:] or [p.name for p in LANG.iterdir() if (p / "function_words.tsv").is_file()]:
        write(c)
