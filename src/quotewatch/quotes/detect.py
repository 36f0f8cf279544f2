"""Find every quotation in an article body and attribute it: the quote-detection stage.

`find_quotes(body, pack)` is a pure function: text in, `Quote` dataclasses out, each with character
offsets into `body`. The language's analyzer builds one `Doc`; the rules registered for the language
(quotes/registry.py) propose candidates stage by stage; the decider (quotes/decide.py) turns them into
quotations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quotewatch.budget import Budget
from quotewatch.budget import current as current_budget
from quotewatch.lang import LanguagePack
from quotewatch.model import Quote
from quotewatch.quotes.candidate import Candidate
from quotewatch.quotes.decide import decide
from quotewatch.quotes.registry import Rule, rules_for
from quotewatch.text.doc import Doc
from quotewatch.text.intervals import Intervals
from quotewatch.text.segment import Sentence


@dataclass
class SentenceContext:
    """What a sentence rule sees: the document, the sentence, and what came before it."""

    doc: Doc
    index: int
    sentence: Sentence
    continuing: bool  # the sentence before held a statement (free reported speech may go on)
    marks: Intervals[Candidate]  # the quotations in marks, indexed by offset
    candidates: list[Candidate]  # everything proposed so far
    reported: list[Candidate] = field(default_factory=list)  # what the sentence rules proposed so far

    def add(self, candidate: Candidate) -> None:
        """Propose a statement outside this sentence (a rule that makes the sentence before a statement)."""
        self.reported.append(candidate)
        self.candidates.append(candidate)

    @staticmethod
    def claim() -> list[Candidate]:
        """The answer of a rule that takes the sentence without a statement of its own."""
        return []


def _sentences(doc: Doc, rules: list[Rule], candidates: list[Candidate]) -> None:
    """Sentence rules in order of priority: the first that finds statements in a sentence claims it."""
    if not rules:
        return
    marks = Intervals(list(candidates))
    reported: list[Candidate] = []
    held_until = -1  # end offset of the last sentence that held a statement
    previous_end = -1
    for k, sent in enumerate(doc.sentences):
        if doc.budget.check(sent.start, "reported speech"):
            break
        continuing = held_until >= 0 and held_until == previous_end
        previous_end = sent.end
        if any(f.kind == "direct" for f in marks.overlapping(sent.start, sent.end)):
            held_until = sent.end
        ctx = SentenceContext(doc, k, sent, continuing, marks, candidates, reported)
        for r in rules:
            found = r.fn(ctx)
            if found is not None:
                reported.extend(found)
                candidates.extend(found)
                held_until = sent.end
                break


def find_quotes(body: str, pack: LanguagePack, budget: Budget | None = None) -> list[Quote]:
    """Quotations of a text. Under a spent `budget` (by default the current page's) the stages stop
    where they are and what was found so far is returned; `budget.stopped_at` says where."""
    doc = pack.analyzer.analyze(body, pack, budget or current_budget())
    rules = rules_for(pack)
    candidates: list[Candidate] = []
    for r in rules:
        if r.stage == "marked":
            r.fn(doc, candidates)
    _sentences(doc, [r for r in rules if r.stage == "sentence"], candidates)
    for r in rules:
        if r.stage == "refine":
            r.fn(doc, candidates)
    return decide(doc, candidates)
