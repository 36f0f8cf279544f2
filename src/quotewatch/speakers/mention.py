"""A mention of a speaker: a run of tokens of one sentence, with what it stands for."""

from __future__ import annotations

from dataclasses import dataclass

from quotewatch.text.segment import QUOTED_NAME, Token


@dataclass
class Mention:
    start: int  # token index
    end: int  # token index, exclusive
    tokens: list[Token]
    # an extended attribute inside the phrase ("der [für die Region zuständige] Koordinator"), as
    # indices into `tokens`: part of the mention as written, not of the name
    attribute: tuple[int, int] | None = None
    # what a relative pronoun stands for ("die Aussage eines Jungen, [der] angab"): the mention is the
    # pronoun as written, the speaker is the antecedent
    antecedent: Mention | None = None

    @property
    def core(self) -> list[Token]:
        """The tokens that name the speaker: all but an extended attribute."""
        if self.attribute is None:
            return self.tokens
        a, b = self.attribute
        return self.tokens[:a] + self.tokens[b:]

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.tokens) if self.tokens else ""

    @property
    def char_start(self) -> int:
        return self.tokens[0].start

    @property
    def char_end(self) -> int:
        return self.tokens[-1].end


def is_capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() or tok.text == QUOTED_NAME  # a masked name in quotation marks is one
