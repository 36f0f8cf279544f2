"""The classes of punctuation every language's rules use, in one place: quotation marks of all the
styles news pages use (German „…“ ‚…‘ »…«, English “…” ‘…’, French and Russian «…», typewriter "…" '…'),
dashes, sentence ends and clause breaks. Rules name these sets instead of spelling marks out, so that
a mark added here (a style a new language uses) is known everywhere."""

from __future__ import annotations

# quotation marks: every mark that can open or close a quotation
DOUBLE_OPENERS = '„“«»"'  # „ (German), “ (English), « (French/Russian), » (German-style «inverse»), "
SINGLE_OPENERS = "‚‘'"
DOUBLE_CLOSERS = '“”»«"'
SINGLE_CLOSERS = "‘’'"
QUOTE_MARKS = frozenset("„‚»«“”‘’\"'")
DOUBLE_MARKS = frozenset('„»«“”"')
# what may open a quoted name after a noun ("die Zeitung „Die Welt“", "«Газпром»", "“Times”")
NAME_OPENERS = frozenset('„»«“"')
NAME_CLOSERS = frozenset('“”«»"')

# brackets and marks that hug a word from the left or the right
OPENING_MARKS = "„‚«»“‘\"'(["
CLOSING_MARKS = "“”‘’»«\"')]"

DASHES = "-–—―"
SENTENCE_END = ".!?…"
SENTENCE_PUNCT = ".!?"  # the marks that end a sentence without an ellipsis
CLAUSE_END_MARKS = ",;:"  # marks within a sentence that end a clause
STATEMENT_BREAK = ".!?:;"  # after these a new statement begins (a speaker's noun phrase may start)
TRAILING_PUNCT = ".,;:!?…" + DASHES[:2]  # marks trimmed from the end of a stretch of content
LEADING_PUNCT = ",;:" + DASHES[:2]  # marks trimmed from its start
# everything that breaks a clause: punctuation, brackets, quotation marks, dashes
CLAUSE_BREAK = frozenset(',;:.!?…()„“”»«"' + DASHES)
# what may stand before an opening quotation mark
LEFT_OF_OPENER = " \t\n([{" + DASHES + "/:;,.…"
