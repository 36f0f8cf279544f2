"""The German rules: quotations in marks and their attribution, reported speech sentence by sentence,
and quoted fragments inside reports. They read the `Doc` of lang/de/analyzer.py through the German
grammar (lang/de/cues.py: verbs of saying and their subjects; lang/de/chunks.py: noun phrases;
lang/de/reported.py: content clauses, Konjunktiv, according-to markers) and propose candidates, each
with the id of the branch that found it; quotes/decide.py makes quotations of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from quotewatch.lang import LanguagePack
from quotewatch.lang.de import direct
from quotewatch.lang.de import reported as indirect
from quotewatch.lang.de.chunks import can_speak
from quotewatch.lang.de.cues import Cue, clause_end, clause_subject, find_cues, quoting_parties, shifted, subject_of
from quotewatch.quotes.candidate import Candidate
from quotewatch.quotes.decide import after_naming_noun, words
from quotewatch.quotes.detect import SentenceContext
from quotewatch.quotes.marks import QuotedSpan
from quotewatch.quotes.registry import rule
from quotewatch.settings import ATTRIBUTION_WINDOW
from quotewatch.text.chars import DASHES, DOUBLE_MARKS, SENTENCE_END, SENTENCE_PUNCT
from quotewatch.text.doc import Doc
from quotewatch.text.intervals import Intervals
from quotewatch.text.segment import QUOTE_TOKEN, QUOTED_NAME, Token, tokenize

# German has no parser that runs offline: these rules read its own chunker and clause grammar
LANGUAGES = ("de",)
SCARE_QUOTE_MAX_WORDS = 5  # unattributed quoted fragments up to this length are scare quotes or titles


def _tokens(doc: Doc, lo: int, hi: int) -> list[Token]:
    """Tokens of a stretch of the body, cut as the sentences were."""
    return tokenize(doc.text, lo, hi, doc.pack.word_class("hyphen_conjunction"))


def _attribution_end(doc: Doc, end: int, hi: int) -> int:
    """Where an attribution after a quotation can end: with the sentence that goes on after it (a full
    stop right after the closing mark may stand before the attribution: „…“. So X.), or hi."""
    k = end
    while k < hi and (doc.text[k].isspace() or doc.text[k] in ".," + DASHES):
        k += 1
    if k >= hi:
        return hi
    return min(hi, doc.sentences[doc.sentence_at(k)].end + 1)


def _window_end(text: str, end: int, hi: int) -> int:
    """hi, or the end of the attribution window after `end` (at a space, not inside a word)."""
    if hi - end <= ATTRIBUTION_WINDOW:
        return hi
    cut = text.rfind(" ", end, end + ATTRIBUTION_WINDOW)
    return cut if cut > end else end + ATTRIBUTION_WINDOW


def _window_start(text: str, start: int, lo: int) -> int:
    """lo, or the start of the attribution window before `start` (after a space)."""
    if start - lo <= ATTRIBUTION_WINDOW:
        return lo
    cut = text.find(" ", start - ATTRIBUTION_WINDOW, start)
    return cut + 1 if cut >= 0 else start - ATTRIBUTION_WINDOW


def _intro_start(doc: Doc, span: QuotedSpan) -> int:
    """Where the introduction of a top-level quotation may start: its paragraph, or the paragraph before
    when the quotation opens its own paragraph after one that ends with a colon ("…, sagte er auf
    Twitter:" and the quotation below it)."""
    k = doc.paragraph_of(span.start)
    start = doc.paragraphs[k][0]
    if k > 0 and not doc.text[start : span.start].strip() and _ends_with_colon(doc, k - 1):
        return doc.paragraphs[k - 1][0]
    return start


def _ends_with_colon(doc: Doc, k: int) -> bool:
    ps, pe = doc.paragraphs[k]
    return doc.text[ps:pe].rstrip().rstrip(DASHES).rstrip().endswith(":")


def _span_limit(doc: Doc, span_index: int, pe: int) -> int:
    """Where the text after a quoted span stops: the next quoted span at the same level, or pe."""
    for k in doc.siblings_after(span_index):
        other = doc.spans[k]
        if other.start >= pe:
            break
        if _is_quoted_name(doc, other):
            continue  # a name in quotation marks can be the speaker: „…“, schreibt die „Zeit“.
        return other.start
    return pe


def _context_start(doc: Doc, span_index: int, lo: int) -> int:
    """Where the text before a quoted span starts: after the previous sibling quote, or lo."""
    for k in doc.siblings_before(span_index):
        other = doc.spans[k]
        if other.end <= lo:
            break  # siblings do not overlap: the earlier ones end earlier still
        if _is_quoted_name(doc, other):
            continue  # "X wird von der „Netzeitung“ zitiert: „…“": the name is part of the introduction
        return other.end
    return lo


def _is_quoted_name(doc: Doc, span: QuotedSpan) -> bool:
    """A name in quotation marks that may speak (die „Zeit“, „BBC News“): short and capitalised."""

    def shape() -> bool:
        inner = doc.text[span.start + 1 : span.end - 1]
        return words(inner, 3) <= 3 and inner[:1].isupper() and not any(c in inner for c in ".!?,:")

    return doc.remember(("de.quoted_name", span.start), shape)


def _name_like(doc: Doc, span: QuotedSpan, text: str) -> bool:
    """Is a quoted phrase a name or title („Hafencity“, „Public Library of Science“), not words said?"""
    said = [w for w in text.split() if any(c.isalnum() for c in w)]
    before = doc.text[max(0, span.start - 40) : span.start].split()
    if after_naming_noun(before, doc.pack, example=True):
        return False  # "Parolen wie „Stoppt den Krieg“": words chanted
    prev = before[-1].strip("(:") if before else ""  # "(Motto: „…“"
    if said and len(said) <= 12 and _introduces_name(prev, doc.pack):
        return True  # "des Magazins „auto, motor und sport“", "das Lied „Für dich soll's rote Rosen regnen“"
    if not said or not said[0][:1].isupper() or len(said) > 6:
        return False
    content = [w for w in said if w.lower() not in doc.pack.word_class("title_function_word")]
    if not all(w[:1].isupper() or w[:1].isdigit() for w in content):
        return False
    if prev.lower() in doc.pack.word_class("indefinite_article"):
        return False  # "von einer „Gefahr für Leib und Leben“": a phrase someone used
    if (
        doc.pack.has("capitalised_nouns")
        and len(content) < len(said)
        and all(doc.pack.is_noun_like(w) and not doc.pack.is_proper_noun(w) for w in content)
        and not any(doc.pack.lemma(w)[:1].islower() for w in content)
    ):
        return False  # common nouns joined by articles and prepositions: „Totengräber der Demokratie“
    # several capitalised words with a lower-case function word are a title ("Kampagne für ein
    # Freies Tibet") only with more than one capitalised word besides nouns' own capitals
    return len(said) >= 2 and len(content) >= 2 or any(c.isupper() or c.isdigit() for c in said[0][1:])


def _introduces_name(word: str, pack: LanguagePack) -> bool:
    """Is a word a noun after which a quoted phrase is a name: "Magazin(e)s", "Nachrichtenmagazin", "Titel"?"""
    if not word[:1].isupper():
        return False
    for form in (word, word.removesuffix("es"), word.removesuffix("s"), word.removesuffix("n")):
        if form in pack.name_introducers:
            return True
    # compounds ending in such a noun: "Onlineportal", "Boulevardblatt"
    return any(len(word) > len(n) + 2 and word.endswith(n.lower()) for n in pack.name_introducers if len(n) >= 5)


def _is_embedded(doc: Doc, span_index: int, lo: int) -> bool:
    """Is the (top-level) quoted span part of a sentence of the narrator (not a quotation on its own)?"""
    span = doc.spans[span_index]
    previous = next((doc.spans[k] for k in doc.siblings_before(span_index)), None)
    if previous is not None and previous.end >= lo:
        between = doc.text[previous.end : span.start].strip()
        if between.startswith(",") and between.endswith(",") and len(between) < 100:
            return False  # „…“, sagte sie, „…“: the second part of an interrupted quotation
    before = doc.text[lo : span.start].rstrip()
    if before.endswith(".") and doc.text[span.start + 1 : span.start + 2].islower():
        return True  # "sagte, Benedikt XVI. „ist und bleibt …“": the full stop ends an abbreviation
    return not (
        not before or before[-1] in SENTENCE_END + ":" + DASHES + "".join(DOUBLE_MARKS) + "‘’‚" or before.endswith("(")
    )


def _is_dialogue_turn(doc: Doc, span: QuotedSpan, ctx: int) -> bool:
    between = doc.text[ctx : span.start].strip()
    return ctx > 0 and len(between) == 1 and between in DASHES


def _stray_quotes(doc: Doc, marked: list[Candidate]) -> list[Candidate]:
    """A closing mark with no opener ends a quotation whose opener was lost: it starts after the
    previous quotation in the paragraph (when only a narrator-free stretch lies between) or at the
    start of the sentence."""
    out = []
    top = Intervals(f for f in marked if f.parent is None)
    for pos in doc.strays:
        if doc.budget.check(pos, "stray marks"):
            break
        ps, _ = doc.paragraphs[doc.paragraph_of(pos)]
        prev = top.last_ending_by(pos, ps - 1)
        lo = prev.end if prev is not None else doc.sentences[doc.sentence_at(pos - 1)].start
        segment = _tokens(doc, _window_start(doc.text, pos, lo), pos)
        if not segment or find_cues(segment, doc.pack) or len(segment) < 3:
            continue
        out.append(Candidate("direct", segment[0].start, pos + 1, None, None, "de.direct.lost_opener", carried=True))
    return out


def _marked_quotes(doc: Doc) -> list[Candidate]:
    found: list[Candidate] = []
    by_span: dict[int, Candidate] = {}
    for si, span in enumerate(doc.spans):
        if doc.budget.check(span.start, "quotation marks"):
            break
        inner_s, inner_e = span.inner()
        if inner_e - inner_s <= 0:
            continue
        parent_found = by_span.get(span.parent) if span.parent is not None else None
        if span.parent is not None:
            lo, hi = doc.spans[span.parent].inner()
        else:
            p = doc.paragraphs[doc.paragraph_of(span.start)]
            lo, hi = doc.sentences[doc.sentence_at(span.start)].start, p[1]
            lo = min(lo, span.start)
        limit = _span_limit(doc, si, _window_end(doc.text, span.end, hi))
        ctx = _context_start(
            doc, si, _window_start(doc.text, span.start, lo if span.parent is not None else _intro_start(doc, span))
        )
        att = direct.after(doc.text, span.end, _attribution_end(doc, span.end, limit), doc.pack)
        intro = direct.before(doc.text, ctx, span.start, doc.pack)
        antecedent = None
        if att is None:
            att = intro
        elif (
            intro is not None
            and intro.mention is not None
            and intro.cue is not None
            and (att.mention is None or att.mention.tokens[0].lower in doc.pack.pronouns)
            and intro.mention.tokens[0].lower not in doc.pack.pronouns
        ):
            # "X sagte: „…,“ betonte sie.": the introduction names whom the pronoun stands for
            antecedent = intro.mention
            if att.mention is None:
                att = intro
        mention, cue = None, None
        carried = False
        if att is not None:
            cue = att.cue.text if att.cue else None
            mention = att.mention
            carried = att.carry or att.mention is None
        text = doc.text[inner_s:inner_e]
        embedded = span.parent is None and _is_embedded(doc, si, doc.sentences[doc.sentence_at(span.start)].start)
        kind = "direct"
        if embedded and att is None:
            kind = "mixed"
        if kind == "mixed" and words(text, SCARE_QUOTE_MAX_WORDS) <= SCARE_QUOTE_MAX_WORDS:
            kind = "scare"
        if span.parent is None and not any(c in text for c in SENTENCE_PUNCT) and _name_like(doc, span, text):
            kind = "name"  # titles and names in quotation marks, also in lists and as subjects
        if not span.closed and kind == "mixed":
            kind = "scare"  # an unclosed mark inside a narrator's sentence opens no quotation
        rule = _marked_rule(kind, att, span, doc, ctx)
        parties = quoting_parties(att.tokens, att.cue, doc.pack) if att is not None and att.cue is not None else None
        if parties is not None and kind == "direct":
            # "X wird von der „Zeit“ mit den Worten zitiert: „…“": the medium reports what X said; the
            # medium's report is the outer quotation, X's words the inner one
            medium, mention = parties
            outer = Candidate(kind, span.start, span.end, cue, medium, "de.direct.medium", span=si, parent=parent_found)
            outer.unclosed = not span.closed
            found.append(outer)
            parent_found, rule = outer, "de.direct.quoted_by_medium"
        item = Candidate(
            kind, span.start, span.end, cue, mention, rule, span=si, parent=parent_found, carried=carried or att is None
        )
        item.antecedent, item.unclosed = antecedent, not span.closed
        item.turn = att is None and _is_dialogue_turn(doc, span, ctx)
        if item.turn:
            item.rule = "de.direct.dialogue_turn"
        found.append(item)
        by_span[si] = item
    return found


def _marked_rule(kind: str, att: direct.Attribution | None, span: QuotedSpan, doc: Doc, ctx: int) -> str:
    """The id of the rule that gives a quotation in marks its kind and attribution."""
    if kind != "direct":
        return f"de.{kind}.embedded" if kind == "mixed" else f"de.{kind}"
    if att is None:
        return "de.direct.unattributed"
    return f"de.direct.{att.route}"


# ---- quotations in marks ------------------------------------------------------------------------------
DIRECT_IDS = tuple(
    f"de.direct.{r}"
    for r in (
        "so_after",
        "cue_after",
        "copula_after",
        "verb_after",
        "cue_after_subject",
        "impersonal_after",
        "colon_document",
        "colon_cue",
        "colon_so",
        "colon_verbless",
        "colon_carry",
        "colon_subject",
        "unattributed",
        "dialogue_turn",
        "medium",
        "quoted_by_medium",
        "confirmed_after",
    )
) + ("de.mixed.embedded", "de.scare", "de.name")


@rule("de.marks", stage="marked", languages=LANGUAGES, emits=DIRECT_IDS)
def quotations_in_marks(doc: Doc, found: list[Candidate]) -> None:
    """Every span in quotation marks, attributed by the cue after it („…“, sagte X.) or the introduction
    before it (X sagte: „…“); embedded fragments, scare quotes and names in marks for the later rules."""
    found.extend(_marked_quotes(doc))


@rule("de.direct.block_after_colon", stage="marked", order=60, languages=LANGUAGES)
def block_quotations(doc: Doc, found: list[Candidate]) -> None:
    """A paragraph without quotation marks after one that ends with an introduction ("Der Minister sagte
    auf Twitter:") is that speaker's words, quoted as a block (scraped pages lose the marks)."""
    for k in range(1, len(doc.paragraphs)):
        ps, pe = doc.paragraphs[k]
        if doc.budget.check(ps, "block quotations"):
            break
        if not _ends_with_colon(doc, k - 1) or _ends_with_colon(doc, k):
            continue
        block = doc.text[ps:pe]
        if any(mark in block for mark in DOUBLE_MARKS):
            continue  # quotations in marks: the marked-quotation rule attributes them
        if words(block, 5) <= 5 or block.rstrip()[-1:] not in SENTENCE_END:
            continue  # a list ("die folgenden Daten:" and a line of items), not a statement in sentences
        lo = _window_start(doc.text, ps, doc.paragraphs[k - 1][0])
        intro = direct.before(doc.text, lo, ps, doc.pack)
        if intro is None or intro.cue is None or intro.cue.noun or intro.mention is None or intro.route != "colon_cue":
            continue
        found.append(Candidate("direct", ps, pe, intro.cue.text, intro.mention, "de.direct.block_after_colon"))


@rule("de.direct.lost_opener", stage="refine", order=10, languages=LANGUAGES)
def lost_openers(doc: Doc, found: list[Candidate]) -> None:
    """A closing mark whose opener was lost ends a quotation that starts after the quotation before."""
    found.extend(_stray_quotes(doc, [f for f in found if f.span is not None]))


# ---- reported speech, sentence by sentence --------------------------------------------------------------
@dataclass
class _SentenceReading:
    """What the German rules read in one sentence, worked out once."""

    toks: list[Token]  # with quotations masked: "sagte, dass Q"
    skip: bool  # too short, or a question (a question of the narrator or interviewer reports nothing)
    all_cues: list[Cue]
    cues: list[Cue]  # without a first cue that is itself reported ("Er wisse nicht, was …, sagte X")
    reported_cue: bool  # the only cues are in Konjunktiv: reported by the speaker before
    quoted_tokens: int  # how many of the sentence's tokens stand in quotation marks


def _reading(ctx: SentenceContext) -> _SentenceReading:
    def read() -> _SentenceReading:
        doc, sent = ctx.doc, ctx.sentence
        toks = _masked(doc, ctx.index)
        skip = len(toks) < 4 or toks[-1].text == "?"
        quoted = sum(1 for t in sent.tokens if doc.in_quote(t.start))
        all_cues = _cues(doc, ctx.index) if not skip else []
        cues = all_cues
        # "Er wisse nicht, was …", "keiner könne sagen, …": a verb of saying in a clause in Konjunktiv I is
        # itself reported, by the speaker before
        reported_cue = bool(cues) and indirect.reported_clause(toks, cues[0].index, doc.pack)
        if reported_cue:
            # "Es drohe ein Wettlauf, sagte Obama": a later cue in the indicative attributes the sentence
            cues = [c for c in cues[1:] if not indirect.reported_clause(toks, c.index, doc.pack)]
            reported_cue = not cues
        return _SentenceReading(toks, skip, all_cues, cues, reported_cue, quoted)

    return ctx.doc.remember(("de.reading", ctx.index), read)


def _masked(doc: Doc, k: int) -> list[Token]:
    return doc.remember(("de.masked", k), lambda: _mask_quotes(doc, doc.sentences[k].tokens))


def _cues(doc: Doc, k: int) -> list[Cue]:
    return doc.remember(("de.cues", k), lambda: find_cues(_masked(doc, k), doc.pack))


def _according_to(doc: Doc, k: int) -> indirect.Reported | None:
    """The according-to marker of a sentence ("laut X", "X zufolge", "Wie X mitteilte, …"), read once."""
    return doc.remember(("de.according_to", k), lambda: indirect.according_to(_masked(doc, k), doc.pack))


@rule("de.indirect.confirmed_before", stage="sentence", order=10, languages=LANGUAGES)
def confirmed_before(ctx: SentenceContext) -> list[Candidate] | None:
    """ "Dies bestätigte der Minister.": the sentence before is the statement, the cue's subject its speaker."""
    r = _reading(ctx)
    if r.skip or not r.all_cues or not _report_before(ctx, r.toks, r.all_cues):
        return None
    return ctx.claim()


CUE_IDS = tuple(
    f"de.indirect.{r}"
    for r in (
        "complementizer",
        "zu_infinitive",
        "subjunctive_clause",
        "colon",
        "participle_infinitive",
        "postposed_subject",
        "perfect_after",
        "inserted",
        "after_inserted",
        "postposed",
        "medium",
    )
) + ("de.according_to.as_clause_after",)
ACCORDING_TO_IDS = tuple(
    f"de.according_to.{r}"
    for r in (
        "inside",
        "fronted_comma",
        "source_noun",
        "fronted",
        "after_middle",
        "after",
        "postposed_inserted",
        "postposed",
        "anaphoric",
        "impersonal_after",
        "impersonal",
        "as_clause",
    )
)


@rule("de.indirect.cue", stage="sentence", order=20, languages=LANGUAGES, emits=CUE_IDS + ACCORDING_TO_IDS)
def cue_with_content(ctx: SentenceContext) -> list[Candidate] | None:
    """A verb of saying with its content: "betonte, dass …", "sagte, Belarus halte sich …", "…, sagte er.",
    "Die Lage, sagte er, sei ernst."; with an according-to marker around it, the marker's source reports
    the sentence and the cue's subject the content inside it."""
    r = _reading(ctx)
    if r.skip or not r.cues or r.reported_cue:
        return None
    reps = indirect.from_cue(r.toks, r.cues, ctx.doc.pack)
    if not reps:
        return None
    reporter = _according_to(ctx.doc, ctx.index)
    if (
        reporter is not None
        and reporter.mention is not None
        and not reporter.anaphoric
        and reporter.start <= reps[0].start
        and reps[-1].end <= reporter.end
        and reporter.end - reporter.start > reps[0].end - reps[0].start
    ):
        # "Laut dem „Spiegel“ hat der IWF angekündigt, keine Hilfe mehr zu leisten": the medium
        # reports the sentence, the IWF the content of its cue, a statement inside that report
        return _emit(ctx, r, [reporter, *reps], reporter)
    return _emit(ctx, r, reps, None)


@rule("de.according_to", stage="sentence", order=30, languages=LANGUAGES, emits=ACCORDING_TO_IDS)
def according_to(ctx: SentenceContext) -> list[Candidate] | None:
    """ "Laut X …", "X zufolge …", "Nach Angaben von X …", "Wie X mitteilte, …", "…, so X."; a second
    marker inside the statement gives its own source a statement inside it."""
    r = _reading(ctx)
    if r.skip:
        return None
    rep = _according_to(ctx.doc, ctx.index)
    if rep is None:
        return None
    inside = _inner_source(r.toks, rep, ctx.doc.pack)
    if inside is not None:
        # "Wie der Sprecher mitteilte, ist die Energie nach Auffassung der Kanzlerin unverzichtbar":
        # the spokesman reports what the chancellor holds
        return _emit(ctx, r, [rep, inside], rep)
    return _emit(ctx, r, [rep], None)


@rule(
    "de.free_indirect",
    stage="sentence",
    order=40,
    languages=LANGUAGES,
    emits=("de.free_indirect.subjunctive", "de.free_indirect.reportative", "de.free_indirect.continued"),
)
def free_indirect(ctx: SentenceContext) -> list[Candidate] | None:
    """Konjunktiv I without a cue, or hearsay ("soll … haben"); right after a report also Konjunktiv II and
    "soll", which go on with it. The source is the speaker before, or the subject of a verb of saying in
    the sentence's own main clause."""
    r = _reading(ctx)
    if r.skip:
        return None
    rep = indirect.free_indirect(r.toks, ctx.doc.pack, ctx.continuing)
    if rep is None:
        return None
    if r.cues:
        _speaker_in_sentence(r.toks, r.cues, rep, ctx.doc.pack)
    return _emit(ctx, r, [rep], None)


@rule("de.indirect.speech_act", stage="sentence", order=50, languages=LANGUAGES)
def speech_act(ctx: SentenceContext) -> list[Candidate] | None:
    """A report of speech without its words: "Die SPD forderte eine Reform"; not where a cue attributes a
    quotation of the sentence."""
    r = _reading(ctx)
    if r.skip or not r.cues:
        return None
    doc, sent = ctx.doc, ctx.sentence
    direct_here = any(f.kind == "direct" for f in ctx.marks.starting_in(sent.start, sent.end))
    if direct_here or r.quoted_tokens >= 0.4 * len(sent.tokens):
        return None
    if sent.tokens[-1].text == ":":
        return None  # "Ihr Sprecher sagte:": it introduces the words that follow, it reports none itself
    rep = indirect.speech_act(r.toks, r.cues, doc.pack)
    return _emit(ctx, r, [rep], None) if rep is not None else None


def _emit(
    ctx: SentenceContext, r: _SentenceReading, reps: list[indirect.Reported], reporter: indirect.Reported | None
) -> list[Candidate]:
    """The candidates of the statements a sentence rule found (the sentence is claimed even when all of them
    turn out to be quotations in marks already)."""
    doc, toks = ctx.doc, r.toks
    out: list[Candidate] = []
    reporter_found: Candidate | None = None
    for rep in reps:
        _end_before_quotation(toks, rep, doc.pack)
        # content that is a marked quotation already: the cue belongs to that quotation
        near = ctx.marks.overlapping(rep.start - 2, rep.end + 2)
        inner = [
            f
            for f in near
            if f.kind == "direct" and f.parent is None and f.start >= rep.start - 2 and f.end <= rep.end + 2
        ]
        if inner and sum(f.end - f.start for f in inner) > 0.6 * (rep.end - rep.start):
            continue
        if any(f.parent is None and f.start <= rep.start + 1 and rep.end - 1 <= f.end for f in near):
            continue  # nothing but a quoted fragment ("Seiner Ansicht nach „…“"): the fragment's source
        found = Candidate(rep.kind, rep.start, rep.end, rep.cue_text, rep.mention, rep.rule, carried=rep.anaphoric)
        found.gap = rep.gap
        cue = next((c for c in r.cues if c.text == rep.cue_text), None)
        parties = quoting_parties(toks, cue, doc.pack) if cue is not None else None
        if parties is not None:
            # "X wird von Reuters mit den Worten zitiert, er habe …": Reuters reports X's statement
            medium = Candidate(rep.kind, rep.start, rep.end, rep.cue_text, parties[0], "de.indirect.medium")
            out.append(medium)
            found.mention, found.parent = parties[1], medium
        elif rep is reporter:
            reporter_found = found
        elif reporter_found is not None:
            found.parent = reporter_found
        if found.kind == "free_indirect":
            found.joins_report = _reports_in_main_clause(doc, found)
        out.append(found)
    return out


def _inner_source(toks: list[Token], rep: indirect.Reported, pack: LanguagePack) -> indirect.Reported | None:
    """A second according-to marker inside a statement that has one: the statement of its own source."""
    k = next((j for j, t in enumerate(toks) if t.start >= rep.start), None)
    if k is None or k == 0:
        return None
    inner = indirect.according_to(toks[k:], pack)
    if (
        inner is None
        or inner.mention is None
        or inner.anaphoric
        # "Ihm zufolge …, was seiner Meinung nach …": his own view, no second source
        or inner.mention.tokens[0].lower in pack.word_class("possessive")
        or not (rep.start <= inner.start and inner.end <= rep.end)
        # the same words for both only after a fronted "Wie X mitteilte, …" (a source of its own)
        or (inner.end - inner.start >= rep.end - rep.start and not (rep.cue_text or "").startswith("wie "))
    ):
        return None
    inner.mention = shifted(inner.mention, k)
    return inner


def _speaker_in_sentence(toks: list[Token], cues: list[Cue], rep: indirect.Reported, pack: LanguagePack) -> None:
    """Free reported speech in a sentence whose main clause has a verb of saying ("Die Organisation
    fordert einen Plan, mit dem … werden könne"): the subject of that verb is the speaker, not the one
    before."""
    for cue in cues:
        if toks[cue.index].start >= rep.end:
            return
        if cue.noun or indirect.reported_clause(toks, cue.index, pack):
            # "Die Entscheidung des Gerichts sei verschoben worden" is what was said; "Er habe gesagt": a
            # cue in Konjunktiv is itself reported
            continue
        subject = subject_of(toks, cue, pack)
        if subject is not None and subject.tokens[0].lower not in pack.pronouns and can_speak(subject, pack):
            rep.mention, rep.cue_text, rep.anaphoric = subject, cue.text, False
            return


def _end_before_quotation(toks: list[Token], rep: indirect.Reported, pack: LanguagePack) -> None:
    """Reported content in the mood of report ends at a colon before a quotation: "…, wonach die Wahl
    politische Gründe habe: „…“" holds two statements."""
    lo = next((i for i, t in enumerate(toks) if t.start >= rep.start), None)
    if lo is None:
        return
    for j in range(lo + 3, len(toks) - 1):
        if toks[j].start >= rep.end:
            return
        if toks[j].text == ":" and toks[j + 1].text == QUOTE_TOKEN:
            # "soll X gesagt haben: „…“" introduces the quotation
            if indirect.reported_mood(toks, lo, j, pack) and not find_cues(toks, pack, lo, j):
                rep.end = toks[j - 1].end
            return


def _report_before(ctx: SentenceContext, toks: list[Token], cues: list[Cue]) -> bool:
    """ "Dies bestätigte der Minister.": the sentence before is the statement, the cue's subject its
    speaker. A report found there already gets this speaker; the cue sentence itself is no statement."""
    doc = ctx.doc
    hit = indirect.anaphoric_cue(toks, cues, doc.pack)
    k = ctx.index
    if hit is None or k == 0:
        return False
    cue, mention = hit
    previous = doc.sentences[k - 1]
    quoted = [f for f in ctx.marks.overlapping(previous.start, previous.end) if f.parent is None]
    if quoted:
        # a quotation before keeps its own attribution; one without any takes this cue's subject
        # ("„Ja, es gibt Zumutungen.“ Das musste der Minister einräumen.")
        last = quoted[-1]
        if last.mention is None and last.kind == "direct" and last.end >= previous.end - 1:
            last.cue, last.mention, last.carried, last.rule = cue.text, mention, False, "de.direct.confirmed_after"
        return False
    # the reports grow sentence by sentence: those of the sentence before are at the end
    before = None
    for f in reversed(ctx.reported):
        if f.start < previous.start:
            break
        if f.start < previous.end:
            before = f
            break
    if before is not None and before.cue is not None and before.mention is not None:
        return False  # the report before has its own source ("X kündigte an, … Dies äußerten auch Y")
    if before is None:
        span = indirect.content(previous.tokens, 0, len(previous.tokens))
        if span is None:
            return False
        before = Candidate("indirect", *span, None, None, "de.indirect.confirmed_before")
        ctx.add(before)
    before.cue, before.mention, before.carried = cue.text, mention, False
    return True


def _mask_quotes(doc: Doc, tokens: list[Token]) -> list[Token]:
    """Tokens with each marked quotation collapsed to one placeholder word, so clause rules see
    "sagte, dass Q" and not the words inside the quotation."""
    out: list[Token] = []
    last_span = None
    for t in tokens:
        span = doc.top_span_at(t.start)
        if span is not None:
            if span is not last_span:
                # a short quotation without sentence marks is a name when capitalised („Die Welt“) or
                # where a noun phrase starts ("Wie „heise online“ berichtet"), not after an article
                opens = not out or out[-1].lower in doc.pack.word_class("as_clause") or out[-1].text in ",;:"
                capitalised, short = _name_shape(doc, span)
                name = short and (capitalised or opens)
                out.append(Token(QUOTED_NAME if name else QUOTE_TOKEN, span.start, span.end))
                last_span = span
            continue
        out.append(t)
    return out


def _name_shape(doc: Doc, span: QuotedSpan) -> tuple[bool, bool]:
    """(capitalised, short without sentence marks) of a quotation's words, worked out once per span:
    a long quotation is masked in every sentence it covers."""

    def shape() -> tuple[bool, bool]:
        inner = doc.text[span.start + 1 : span.end - 1].strip()
        short = words(inner, 5) <= 5 and not any(c in inner for c in "!?,:") and not inner.endswith(".")
        return inner[:1].isupper(), short

    return doc.remember(("de.name_shape", span.start), shape)


# ---- quoted fragments ------------------------------------------------------------------------------
@rule(
    "de.mixed",
    stage="refine",
    order=20,
    languages=LANGUAGES,
    emits=("de.mixed.in_report", "de.mixed.cue", "de.mixed.marker", "de.mixed.lowercase"),
)
def quoted_fragments(doc: Doc, found: list[Candidate]) -> None:
    """A quoted fragment inside reported speech ("Er habe „nicht den Eindruck“") is a mixed
    quotation of that speaker; one in a sentence with a cue takes the cue's subject; without
    either, short fragments are scare quotes or titles and are dropped."""
    items = sorted(found, key=lambda f: (f.start, -f.end))  # the first host in document order
    hosts = Intervals((g for g in items if g.span is None), lambda g: (g.start, g.end + 1))
    for f in items:
        if f.kind not in ("mixed", "scare") or f.parent is not None:
            continue
        host = next((g for g in hosts.overlapping(f.start, f.end) if g.covers(f, 1)), None)
        k = doc.sentence_at(f.start)
        toks = _masked(doc, k)
        cues = [c for c in _cues(doc, k) if not c.noun]
        # the cue of the fragment's own clause: the last one before it ("X nannte es „a“, Y
        # bezeichnete es als „b“": b is Y's)
        before = [c for c in cues if toks[c.index].start < f.start]
        cue = before[-1] if before else (cues[0] if cues else None)
        if host is not None:
            f.kind, f.parent, f.carried, f.rule = "mixed", host, True, "de.mixed.in_report"
            if cue is not None and len(before) > 1 and host.cue != cue.text:
                f.cue, f.mention = cue.text, subject_of(toks, cue, doc.pack)
            continue
        marker = _according_to(doc, k) if cue is None else None
        if cue is not None:
            f.kind, f.cue, f.mention, f.rule = "mixed", cue.text, subject_of(toks, cue, doc.pack), "de.mixed.cue"
            f.carried = f.mention is None
        elif marker is not None and marker.mention is not None and not marker.anaphoric:
            # "… stellen nach Meinung des Politikers „einen Eingriff“ dar": the marker's source
            f.kind, f.cue, f.mention, f.carried = "mixed", marker.cue_text, marker.mention, False
            f.rule = "de.mixed.marker"
        elif doc.text[f.start + 1 : f.start + 2].islower():
            # a lower-case fragment („alarmierend“, „nicht hinnehmbar“) is somebody's words even
            # without a verb of saying (a title or name starts with a capital): the subject's
            f.kind, f.mention, f.rule = "mixed", clause_subject(toks, doc.pack), "de.mixed.lowercase"
            f.carried = f.mention is None


def _reports_in_main_clause(doc: Doc, f: Candidate) -> bool:
    """Is the first clause of a statement in the mood of report (Konjunktiv, "soll")? "Für X gilt die
    höchste Stufe, weil er sich bedroht fühle" is the narrator's sentence with a reported reason."""
    toks = _tokens(doc, f.start, f.end)
    start, end = 0, clause_end(toks, 0)
    if toks and toks[0].lower in doc.pack.word_class("adverbial_subordinator") and end + 1 < len(toks):
        # "Da das Kraftwerk abgeschaltet wurde, sei es …": the main clause follows the fronted one
        start, end = end + 1, clause_end(toks, end + 1)
    marked = doc.pack.word_class("reportative") | doc.pack.word_class("subjunctive_ii")
    return any(toks[i].lower in marked or indirect.is_subjunctive_at(toks, i, doc.pack) for i in range(start, end))
