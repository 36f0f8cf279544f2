"""The engine any language plugs into: packs discovered from folders, word classes declared, rules in a
registry with ids, one decider whose confidences come from measured tables, snapshots of a run."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest
from conftest import quotes_de

from quotewatch.eval import evaluate
from quotewatch.eval.snapshot import compare, write_snapshot
from quotewatch.lang import FALLBACK, UndeclaredWordClass, available, load, pack_code
from quotewatch.quotes.decide import precision_tables
from quotewatch.quotes.registry import RULES, all_rule_ids, rules_for

SRC = Path(__file__).resolve().parents[1] / "src" / "quotewatch"
SHARED = [SRC / "quotes" / "decide.py", SRC / "text" / "doc.py", *(SRC / "speakers").glob("*.py")]
TEXT = (
    "Der Minister Max Kurz sagte am Montag, die Lage sei ernst. „Wir handeln jetzt“, sagte Kurz.\n"
    "Laut der Polizei wurde niemand verletzt. Die Regierung habe alles getan, hieß es. Dies bestätigte "
    "die Sprecherin Eva Roth. Sie kritisierte die „völlig überzogene“ Reaktion der Opposition.\n"
)


def test_packs_are_the_folders_of_lang_and_others_fall_back():
    assert {"de", "en", "ru"} <= set(available())
    assert pack_code("fr") == FALLBACK and load("fr").code == FALLBACK
    assert pack_code(None) == FALLBACK


def test_a_word_class_a_pack_does_not_declare_is_an_error():
    with pytest.raises(UndeclaredWordClass, match="de pack declares no word class 'no_such_class'"):
        load("de").word_class("no_such_class")
    assert load("ru").word_class("article") == frozenset()  # declared, and empty


def _classes_read(path: Path) -> set[str]:
    """Word classes a source file asks a pack for, by name: word_class("x"), word_classes("a", "b"),
    ends_with(word, "x")."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute | ast.Name):
            continue
        fn = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
        args = node.args[1:] if fn == "ends_with" else node.args
        if fn in ("word_class", "word_classes", "ends_with", "w"):
            names |= {a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return names


@pytest.mark.parametrize("code", available())
def test_every_pack_declares_the_word_classes_its_rules_read(code):
    pack = load(code)
    files = set(SHARED)
    for rule in rules_for(pack):
        module = Path(sys.modules[rule.fn.__module__].__file__)
        files |= set(module.parent.glob("*.py"))  # the rule and the grammar of its language folder
    files |= set((SRC / "lang" / code).glob("*.py"))
    read = set().union(*(_classes_read(f) for f in files))
    missing = sorted(read - set(pack.words))
    assert not missing, f"lang/{code}/function_words.tsv lacks {missing}"


def test_rules_are_registered_with_ids_and_every_quotation_names_one():
    rules = rules_for(load("de"))
    assert [r.stage for r in rules] == sorted((r.stage for r in rules), key=["marked", "sentence", "refine"].index)
    quotes = quotes_de(TEXT)
    assert quotes and all(q.rule in all_rule_ids() for q in quotes)
    assert {q.rule.split(".")[1] for q in quotes} >= {"direct", "indirect", "according_to", "mixed"}
    for rule in RULES.values():
        assert rule.doc, f"rule {rule.id} says what it finds (its docstring)"


def test_confidence_is_the_measured_precision_of_the_rule_and_of_the_way_to_the_speaker():
    rules, speakers = precision_tables("de")
    assert rules and speakers, "lang/de/precision.tsv holds both tables"
    for q in quotes_de(TEXT):
        expected = rules[q.rule] * (speakers[q.speaker.via] if q.speaker else 1.0)
        assert q.confidence == round(max(0.05, min(1.0, expected)), 2)


def test_snapshots_show_what_a_change_gains_and_loses(tmp_path):
    gold = tmp_path / "gold.json"
    start = TEXT.index("die Lage")
    end = TEXT.index("ernst") + len("ernst")
    gold.write_text(
        json.dumps({"text": TEXT, "quotes": [{"start": start, "end": end, "kind": "indirect", "speaker": "Max Kurz"}]}),
        encoding="utf-8",
    )
    report = evaluate(gold, progress=False, records=True)
    assert report.by_rule["de.indirect.subjunctive_clause"].matched == 1
    write_snapshot(report, tmp_path / "a.jsonl")
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    kept = [ln for ln in lines if '"de.indirect.subjunctive_clause"' not in ln]
    (tmp_path / "b.jsonl").write_text("\n".join(kept) + "\n", encoding="utf-8")
    counts = compare(tmp_path / "a.jsonl", tmp_path / "b.jsonl")
    assert counts["lost right"] == 1 and counts["gained right"] == 0
    assert counts["lost spurious"] == 0 and counts["gained spurious"] == 0


@pytest.mark.parametrize("code", available())
def test_every_pack_has_a_readme_that_lists_its_files_and_word_classes(code):
    folder = SRC / "lang" / code
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for f in folder.iterdir():
        if f.suffix in (".tsv", ".txt", ".py"):
            assert f"`{f.name}`" in readme, f"lang/{code}/README.md does not describe {f.name} (tools/pack_readme.py)"
    for name in load(code).words:
        assert f"| `{name}` |" in readme, f"lang/{code}/README.md lacks the word class {name}"
