"""What rules propose: a candidate statement, before the decider resolves speakers, overlaps and nesting."""

from __future__ import annotations

from dataclasses import dataclass

from quotewatch.speakers.mention import Mention


@dataclass(eq=False)
class Candidate:
    kind: str  # a kind of quotation (model.QUOTE_KINDS), or "scare"/"name" for quoted words that are not
    start: int  # character offsets of the statement in the body
    end: int
    cue: str | None  # the verb or marker of saying, as written
    mention: Mention | None  # the speaker as written, if the sentence names one
    rule: str  # the id of the rule that proposed it
    name: str | None = None  # the canonical speaker, once resolved
    span: int | None = None  # index into doc.spans for quotations in marks
    parent: Candidate | None = None  # the statement this one sits in
    carried: bool = False  # without a source of its own: the speaker before speaks on
    turn: bool = False  # a dialogue turn after a dash: "‚…‘ - ‚…‘"
    antecedent: Mention | None = None  # whom a pronoun mention stands for, named in the introduction
    gap: tuple[int, int] | None = None  # the attribution inside the statement
    unclosed: bool = False  # a quotation whose closing mark was not found
    joins_report: bool = False  # free reported speech that goes on the report of the sentence before
    via: str | None = None  # how the decider found the speaker (see SpeakerRef.via)

    def covers(self, other: Candidate, slack: int = 0) -> bool:
        return self.start <= other.start and other.end <= self.end + slack
