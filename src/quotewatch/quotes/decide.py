"""The decider: from the rules' candidates to the quotations of a document, the same for every language.

In document order it resolves each candidate's speaker (its mention, or the speaker before for
quotations without a source of their own, dialogue turns, fragments inside a report), joins free
reported speech that goes on over several sentences, drops quoted words that are names or scare quotes,
numbers the quotations with their parents, and gives each a confidence read from the precision tables
measured on training data (`quotewatch eval --per-rule --tables`): how often the rule that found it is
right, times how often the way its speaker was found is right.
"""

from __future__ import annotations

import bisect
import csv
import re
from functools import cache
from importlib import resources

from quotewatch.lang import LanguagePack
from quotewatch.model import Quote, SpeakerRef
from quotewatch.quotes.candidate import Candidate
from quotewatch.speakers.entities import role_words
from quotewatch.speakers.mention import Mention
from quotewatch.text.chars import QUOTE_MARKS, SENTENCE_END
from quotewatch.text.doc import Doc
from quotewatch.text.segment import QUOTED_NAME

CARRY_PARAGRAPHS = 2  # how far back an unattributed quotation looks for the last speaker
NOT_QUOTATIONS = ("scare", "name")  # quoted words that candidates may be, and quotations never are
DEFAULT_PRECISION = 0.5  # for a rule or a way to a speaker not measured yet
WORD_RUN = re.compile(r"\S+")


def words(text: str, at_most: int | None = None) -> int:
    """Words (runs of non-space holding a letter or digit) in a text; with `at_most`, counting stops
    after at_most + 1, so asking whether a long text is short costs little."""
    n = 0
    for m in WORD_RUN.finditer(text):
        if any(c.isalnum() for c in m.group()):
            n += 1
            if at_most is not None and n > at_most:
                break
    return n


# ---- speakers ------------------------------------------------------------------------------------
def _cue_subject_before(doc: Doc, start: int, last_end: int) -> Mention | None:
    """The subject of a cue in the sentence just before `start`, if more recent than the last quotation."""
    k = doc.sentence_at(start)
    if k == 0:
        return None
    previous = doc.sentences[k - 1]
    # cue_subjects are in sentence order: the last one of the sentence before
    j = bisect.bisect_right(doc.cue_subjects, previous.start, key=lambda e: e[0])
    if j and doc.cue_subjects[j - 1][0] == previous.start and previous.start > last_end:
        return doc.cue_subjects[j - 1][1]
    return None


def _person_of(mention: Mention | None, pack: LanguagePack) -> int:
    """1, 2 or 3 for a pronoun mention, 0 otherwise."""
    if mention is None or len(mention.tokens) != 1:
        return 0
    return pack.pronouns.get(mention.tokens[0].lower, (0, ""))[0]


def resolve_and_carry(doc: Doc, items: list[Candidate]) -> None:
    """Resolve speakers in document order, carrying the last speaker to unattributed quotations. Each
    candidate's `via` says how its speaker was found (a measured table gives its reliability)."""
    last_name: str | None = None
    last_mention: Mention | None = None
    last_end = -1
    siblings: dict[int, list[Candidate]] = {}
    narrator: tuple[int, str] | None = None  # (paragraph, name) of an "ich" telling the story
    for f in items:
        if f.kind in NOT_QUOTATIONS:
            continue
        parent = f.parent
        if f.name is None and f.mention is not None and f.carried and f.cue == f.mention.text:
            # "Demnach …": the marker is the mention, the source is the one named before (or none)
            f.name, f.via = last_name or doc.resolver.recent_subject(f.start), "previous_speaker"
            source = _cue_subject_before(doc, f.start, last_end) if f.name is None else None
            if source is not None:
                f.name, f.via = doc.resolver.resolve(source), "previous_cue"  # "X gab bekannt, … Demnach …"
            if f.name is None:
                f.mention = None
        if f.name is None and f.mention is not None:
            first_person = _person_of(f.mention, doc.pack) == 1
            outer = parent.name if parent is not None else (last_name if first_person else None)
            f.name, f.via = doc.resolver.resolve(f.antecedent or f.mention, outer), "mention"
            if not f.name and any(t.text == QUOTED_NAME for t in f.mention.tokens):
                # a name in quotation marks, masked for the clause rules: „BBC News“ berichtet
                names = doc.text[f.mention.char_start : f.mention.char_end].split()
                while len(names) > 1 and names[0].lower() in doc.pack.word_class("article"):
                    names = names[1:]  # "die „Zeit“" -> "Zeit"
                f.name = " ".join(names).strip("".join(QUOTE_MARKS) + " ")
            paragraph = doc.paragraph_of(f.start)
            if first_person and parent is None and f.name:
                narrator = (paragraph, f.name)
            elif (
                narrator
                and narrator[0] == paragraph
                and f.name == narrator[1]
                and parent is None
                and _person_of(f.mention, doc.pack) == 3
            ):
                # in first-person narration, "er" is the other party, not the narrator
                f.name = doc.resolver.other_person(f.mention.char_start, narrator[1]) or f.name
                f.via = "narration"
        if parent is not None and parent.span is None:
            if f.name is None:  # a fragment quoted inside reported speech
                f.name, f.mention, f.via = parent.name, parent.mention, "report"
            elif (f.start, f.end) == (parent.start, parent.end) or f.kind not in ("mixed", "according_to"):
                # the person a medium quoted, or whose words it reported, spoke last; a source named
                # inside the report ("nach Auffassung der Kanzlerin") does not take over from it
                last_name, last_mention, last_end = f.name, f.mention, f.end
            continue
        if parent is not None:
            turns = siblings.setdefault(id(parent), [])
            if f.name is None and f.turn and len(turns) >= 2:
                f.name, f.mention, f.via = turns[-2].name, turns[-2].mention, "dialogue"  # every other turn
            elif f.name is None and f.turn and turns and turns[-1].name == parent.name:
                # the answer to the outer speaker comes from the other side: the group last named
                f.name, f.via = doc.resolver.last_group(parent.start), "dialogue_other_side"
            elif f.name is None and f.carried and not f.turn:
                source = turns[-1] if turns and turns[-1].name else parent
                f.name, f.mention, f.via = source.name, source.mention, "enclosing"
            turns.append(f)
            if f.name and (f.start, f.end) == (parent.start, parent.end):
                last_name, last_mention, last_end = f.name, f.mention, f.end  # the person a medium quoted
            continue
        near = last_end >= 0 and doc.paragraph_of(f.start) - doc.paragraph_of(last_end) <= CARRY_PARAGRAPHS
        # reported speech, or a quotation with no attribution, right after someone was said to say
        # something: that someone
        unattributed = f.name is None and (f.span is None or f.carried and f.kind == "direct")
        source = _cue_subject_before(doc, f.start, last_end) if unattributed else None
        if source is not None:
            f.mention, f.via = source, "previous_cue"
            f.name = doc.resolver.resolve(source)
        elif f.name is None and f.carried and near and last_name:
            f.name, f.mention, f.via = last_name, last_mention, "carried"
        elif f.name is None and f.span is None:
            # reported speech with no source of its own: the subject of the sentence before
            f.name, f.via = doc.resolver.recent_subject(f.start), "recent_subject"
        if f.name:
            last_name, last_mention, last_end = f.name, f.mention, f.end


# ---- statements over several sentences ---------------------------------------------------------------
def merge_continuations(doc: Doc, items: list[Candidate]) -> list[Candidate]:
    """Free reported speech that goes on over several sentences of a paragraph is one statement (the rule
    that found it says whether a sentence goes on the report: `joins_report`). After a cue's content
    clause the next such sentence is annotated as a statement of its own in the German news corpus, so
    only free reported speech joins."""
    out: list[Candidate] = []
    merged: dict[int, Candidate] = {}  # id of a candidate joined to another -> that one
    last: Candidate | None = None  # the top-level reported statement before, if any
    for f in items:
        if (
            last is not None
            and last.kind == f.kind == "free_indirect"
            and f.parent is None
            and f.span is None
            and f.carried
            and f.joins_report
            and (f.name is None or last.name is None or f.name == last.name)
            and doc.sentence_at(f.start) == doc.sentence_at(last.end - 1) + 1
            and f.start == doc.sentences[doc.sentence_at(f.start)].tokens[0].start
            and doc.paragraph_of(f.start) == doc.paragraph_of(last.start)
        ):
            last.end = f.end
            if last.name is None:
                last.name, last.mention, last.via = f.name, f.mention, f.via
            merged[id(f)] = last
            continue
        out.append(f)
        inside = last is not None and f.kind in ("mixed", *NOT_QUOTATIONS) and last.covers(f, 1)
        if f.parent is None and not inside:
            # a quoted name inside the statement („Staphylococcus aureus“) does not end it
            last = f if f.span is None and f.kind not in NOT_QUOTATIONS else None
    for f in out:
        if f.parent is not None and id(f.parent) in merged:
            f.parent = merged[id(f.parent)]
    return out


# ---- quoted words that are no quotations --------------------------------------------------------------
def after_naming_noun(before: list[str], pack: LanguagePack, example: bool = False) -> bool:
    """Does a quoted phrase follow a noun of naming or chanting ("die Bezeichnung „…“")? With `example`,
    only as an example of words said ("Sprüche wie „…“"): "die amtliche Bezeichnung „…“" is a name."""
    last = [w.strip(",") for w in before[-5:]]
    # "Parolen wie „…“", "Parolen wie zum Beispiel „…“"
    like = next(
        (k for k in range(len(last) - 1, max(-1, len(last) - 4), -1) if last[k] in pack.word_class("comparison")),
        None,
    )
    if like is not None:
        last = last[:like]
    elif example:
        return False
    return bool(last) and last[-1] in pack.word_class("naming_noun")


def _names_its_speaker(doc: Doc, f: Candidate) -> bool:
    """ "Das berichtete die „Automobilwoche“": quoted words that are the head of the speaker mention
    (after nothing but an article) are the speaker's name, not its words."""
    m = f.mention
    if m is None or not (m.char_start <= f.start and f.end == m.char_end):
        return False
    head = doc.text[m.char_start : f.start].split()
    return bool(head) and all(w.lower() in doc.pack.word_class("article") for w in head)


def _too_short(doc: Doc, f: Candidate) -> bool:
    """One quoted word is a name or a scare quote („Twitter“, „Täter“, a lone „entsorgen“) unless it
    is what somebody called something ("nannte sie einen „Papiertiger“", "als „Gesindel“") or a
    lower-case word of a statement (Er sei „zuversichtlich“); one or two quoted words inside a
    quotation are the speaker's own scare quotes. Utterances („Vielleicht.“) and dialogue turns stay."""
    inner = doc.text[f.start + 1 : f.end - 1].strip().strip("'").strip()  # ''…'' has two marks a side
    n = words(inner, 2)
    if n > 2 or f.turn or inner[-1:] in SENTENCE_END:
        return False
    parent = f.parent
    if parent is not None and parent.span is not None:
        return True
    if n == 2:
        return False
    pack = doc.pack
    if parent is not None and parent.kind == "indirect" and not pack.is_proper_noun(inner):
        return False  # a noun quoted inside a content clause: "dass die Regierung „Wortbruch“ begehe"
    before = doc.text[max(0, f.start - 30) : f.start].split()
    if before and before[-1].lower() in pack.word_classes("naming_link", "indefinite_article"):
        return False
    if after_naming_noun(before, pack):
        return False
    return not inner[:1].islower() or (f.kind == "mixed" and parent is None)


def _kept(doc: Doc, f: Candidate) -> bool:
    if f.kind in NOT_QUOTATIONS or (f.kind == "mixed" and f.name is None and f.cue is None and f.parent is None):
        return False
    return f.span is None or not (_too_short(doc, f) or _names_its_speaker(doc, f))


# ---- confidence -------------------------------------------------------------------------------------------
@cache
def precision_tables(code: str) -> tuple[dict[str, float], dict[str, float]]:
    """(rule id -> share of its candidates that are right, way to a speaker -> share of speakers right),
    measured on training data and kept in lang/<code>/precision.tsv."""
    path = resources.files("quotewatch") / "lang" / code / "precision.tsv"
    rules: dict[str, float] = {}
    speakers: dict[str, float] = {}
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            for row in csv.reader((ln for ln in fh if ln.strip() and not ln.startswith("#")), delimiter="\t"):
                table, key, value = row[0], row[1], float(row[2])
                (rules if table == "rule" else speakers)[key] = value
    return rules, speakers


def confidence(code: str, f: Candidate) -> float:
    rules, speakers = precision_tables(code)
    value = rules.get(f.rule, DEFAULT_PRECISION)
    if f.name:
        value *= speakers.get(f.via or "mention", DEFAULT_PRECISION)
    return round(max(0.05, min(1.0, value)), 2)


# ---- the decision ----------------------------------------------------------------------------------------
def decide(doc: Doc, candidates: list[Candidate]) -> list[Quote]:
    """The quotations of a document from the candidates of every rule."""
    # document order; a nested candidate sorts after its parent (same start, shorter or equal end, later)
    items = sorted(candidates, key=lambda f: (f.start, -f.end))
    resolve_and_carry(doc, items)
    items = merge_continuations(doc, items)
    quotes: list[Quote] = []
    ids: dict[int, str] = {}
    for f in items:
        if not _kept(doc, f):
            continue
        qid = f"q{len(quotes) + 1}"
        ids[id(f)] = qid
        speaker = None
        if f.name and f.mention is not None:
            m = f.mention
            written = doc.text[m.char_start : m.char_end]
            speaker = SpeakerRef(
                f.name, written, m.char_start, m.char_end, f.via or "mention", role_words(written, doc.pack)
            )
        elif f.name:
            speaker = SpeakerRef(f.name, f.name, -1, -1, f.via or "mention")  # inferred: no mention in the text
        quotes.append(
            Quote(
                id=qid,
                kind=f.kind,
                text=doc.text[f.start : f.end],
                start=f.start,
                end=f.end,
                cue=f.cue,
                speaker=speaker,
                parent=ids.get(id(f.parent)) if f.parent is not None else None,
                confidence=confidence(doc.pack.code, f),
                gap=f.gap,
                rule=f.rule,
            )
        )
    return quotes
