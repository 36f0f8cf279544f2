"""The rules, registered with an id, the languages they serve and what they read.

A rule is a function of the document and the candidates proposed so far; it proposes more (or, in the
stages after the first, refines them: a fragment takes the speaker of the report it sits in). Rules run
by stage, then by their order within a stage:

- `marked` rules read quotation marks (direct quotations and their attribution),
- `sentence` rules read one sentence at a time, in order of priority: the first that finds a statement in
  a sentence claims it (a cue with its content clause before an according-to marker before free
  reported speech before a bare speech act),
- `refine` rules revise what is there (quoted fragments inside reports).

Each rule declares the ids it gives its candidates (the branches it has: `de.indirect.complementizer`,
`de.indirect.zu_infinitive`, …) and the word classes it reads, so that `quotewatch eval --per-rule` can
score every id and a test can check that every pack a rule serves declares what the rule reads. Rules
over a dependency parse say so (`needs=("dependencies",)`) and serve every language whose analyzer
provides one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

STAGES = ("marked", "sentence", "refine")


@dataclass(frozen=True)
class Rule:
    id: str
    stage: str
    order: int
    fn: Callable
    languages: frozenset[str] | None  # None: every language that has what the rule needs
    needs: frozenset[str] = frozenset()  # features of the analysis ("dependencies", "capitalised_nouns")
    emits: tuple[str, ...] = ()  # the ids the rule's candidates carry
    reads: frozenset[str] = frozenset()  # word classes the rule asks its pack for
    doc: str = field(default="", compare=False)

    def serves(self, pack) -> bool:  # type: ignore[no-untyped-def]
        if self.languages is not None and pack.code not in self.languages:
            return False
        return all(pack.has(n) for n in self.needs)


RULES: dict[str, Rule] = {}
# modules whose import registers rules: the shared ones, then each language's (lang/<code>/rules.py)
SHARED_RULE_MODULES: tuple[str, ...] = ("quotewatch.quotes.ud",)


def rule(
    rule_id: str,
    *,
    stage: str,
    order: int = 50,
    languages: tuple[str, ...] | None = None,
    needs: tuple[str, ...] = (),
    emits: tuple[str, ...] = (),
    reads: tuple[str, ...] = (),
) -> Callable[[Callable], Callable]:
    """Register a rule function under an id."""
    if stage not in STAGES:
        raise ValueError(f"rule {rule_id}: unknown stage {stage!r} (one of {', '.join(STAGES)})")

    def register(fn: Callable) -> Callable:
        if rule_id in RULES and RULES[rule_id].fn is not fn:
            raise ValueError(f"two rules are registered as {rule_id!r}")
        RULES[rule_id] = Rule(
            rule_id,
            stage,
            order,
            fn,
            None if languages is None else frozenset(languages),
            frozenset(needs),
            emits or (rule_id,),
            frozenset(reads),
            (fn.__doc__ or "").strip().split("\n\n")[0],
        )
        return fn

    return register


def load_rules(code: str) -> None:
    """Import the modules that register the rules a language may use."""
    for module in SHARED_RULE_MODULES:
        importlib.import_module(module)
    try:
        importlib.import_module(f"quotewatch.lang.{code}.rules")
    except ModuleNotFoundError as exc:
        if exc.name != f"quotewatch.lang.{code}.rules":
            raise


def rules_for(pack) -> list[Rule]:  # type: ignore[no-untyped-def]
    """The rules that serve a pack, in the order they run."""
    load_rules(pack.code)
    chosen = [r for r in RULES.values() if r.serves(pack)]
    return sorted(chosen, key=lambda r: (STAGES.index(r.stage), r.order, r.id))


def all_rule_ids() -> set[str]:
    """Every id a candidate may carry (for the precision table and `eval --per-rule`)."""
    return {i for r in RULES.values() for i in r.emits}
