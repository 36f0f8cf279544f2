"""Find every quotation in an article body and attribute it: the quote-detection stage.

`find_quotes(body, pack)` is a pure function: text in, `Quote` dataclasses out, each with
character offsets into `body`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from quotewatch.budget import Budget
from quotewatch.budget import current as current_budget
from quotewatch.lang import LanguagePack
from quotewatch.model import Quote, SpeakerRef
from quotewatch.quotes import direct, indirect
from quotewatch.quotes.cues import Cue, clause_end, clause_subject, find_cues, quoting_parties, shifted, subject_of
from quotewatch.quotes.doc import Doc
from quotewatch.quotes.marks import QuotedSpan
from quotewatch.settings import ATTRIBUTION_WINDOW
from quotewatch.speakers.mentions import Mention, can_speak, chunk_at, is_capitalised
from quotewatch.text.intervals import Intervals
from quotewatch.text.segment import QUOTE_TOKEN, QUOTED_NAME, Sentence, Token, tokenize

WORD_RUN = re.compile(r"\S+")
SCARE_QUOTE_MAX_WORDS = 5  # unattributed quoted fragments up to this length are scare quotes or titles
CARRY_PARAGRAPHS = 2  # how far back an unattributed quotation looks for the last speaker


@dataclass
class _Found:
    kind: str
    start: int
    end: int
    cue: str | None
    mention: Mention | None
    name: str | None
    confidence: float
    span: int | None = None  # index into doc.spans for marked quotations
    parent: int | None = None  # index into the found list
    carried: bool = False
    turn: bool = False  # a dialogue turn after a dash: "‚…‘ - ‚…‘"
    antecedent: Mention | None = None  # whom a pronoun mention stands for, named in the introduction
    gap: tuple[int, int] | None = None  # the attribution inside the statement
    parent_item: _Found | None = None  # the enclosing reported statement (a medium quoting a person)


def _words(text: str, at_most: int | None = None) -> int:
    """Words (runs of non-space holding a letter or digit) in a text; with `at_most`, counting stops
    after at_most + 1, so asking whether a long text is short costs little."""
    n = 0
    for m in WORD_RUN.finditer(text):
        if any(c.isalnum() for c in m.group()):
            n += 1
            if at_most is not None and n > at_most:
                break
    return n


def _prepass(doc: Doc) -> None:
    """Register every person named in the article, in order, so role nouns and pronouns resolve."""
    pack, resolver = doc.pack, doc.resolver
    groups = pack.word_class("group_head")
    third_person = {w for w, (person, _) in pack.pronouns.items() if person == 3}
    for k, sent in enumerate(doc.sentences):
        if doc.budget.check(sent.start, "names"):
            break
        toks = sent.tokens
        has_subject = False
        i = 0
        while i < len(toks):
            tok = toks[i]
            if not is_capitalised(tok) or tok.text in '„“"»«':
                i += 1
                continue
            m = chunk_at(toks, i, pack, allow_pronoun=False, cheap=True)
            if m is None:
                i += 1
                continue
            inside = doc.in_quote(tok.start)
            at_start = i == 0 or toks[i - 1].text in ".!?:;" or toks[i - 1].lower in pack.word_class("conjunction")
            subject = (
                not inside
                and at_start
                and m.end < len(toks)
                and toks[m.end].text[:1].islower()
                and tok.lower not in pack.word_class("oblique_article")  # "Dem Einsatz steht X entgegen"
            )
            # no tagger here: it costs a millisecond per new word, and speakers are re-read with it
            person = resolver.observe(m, inside_quote=inside, cheap=True)
            if not inside and any(t.lower in groups for t in m.tokens):
                resolver.observe_group(m)
            if subject:
                resolver.observe_subject(m, person)
                has_subject = True
            i = max(m.end, i + 1)
        following = [t for later in doc.sentences[k + 1 : k + 4] for t in later.tokens]
        if (
            not has_subject
            and len(toks) > 3
            and not doc.in_quote(sent.start)
            and any(t.lower in third_person for t in following)
        ):
            # "Anschließend verschanzte sich der Mann …": the subject after the verb is the
            # antecedent of the next "er" too (asked only when a pronoun follows: the tagger is slow)
            m = clause_subject(toks, pack)
            if m is not None and m.tokens[0].lower not in pack.pronouns and not doc.in_quote(m.char_start):
                resolver.observe_subject(m, resolver.observe(m, cheap=True))
        # who says something in this sentence, even without a quotation ("Das Institut sieht
        # keine Gefahr."): the likely source of reported speech in the next sentences
        if not doc.in_quote(sent.start):
            cues = [c for c in find_cues(toks, pack) if not c.noun]
            m = subject_of(toks, cues[0], pack) if cues else None
            if not cues and _states_an_opinion(toks, pack):
                m = clause_subject(toks, pack)  # "Der Präsident ist besorgt." and then what worries him
            if m is not None and m.tokens[0].lower not in pack.pronouns and can_speak(m, pack):
                doc.cue_subjects.append((sent.start, m))
                if m.start > 0 and toks[m.start - 1].lower in pack.word_class("von_link"):
                    # "… wurde von einer Sprecherin bestätigt. Sie sagte …": the agent is who "sie" is
                    resolver.observe_subject(m, resolver.observe(m, cheap=True))


def _states_an_opinion(toks: list[Token], pack: LanguagePack) -> bool:
    """A short sentence "X ist besorgt" / "X zeigte sich zufrieden": a copula and an opinion adjective."""
    words = [t.lower for t in toks[:12]]
    copula = next((i for i, w in enumerate(words) if w in pack.word_class("copula")), None)
    return copula is not None and any(w in pack.word_class("opinion_adjective") for w in words[copula + 1 :])


def _attribution_end(doc: Doc, end: int, hi: int) -> int:
    """Where an attribution after a quotation can end: with the sentence that goes on after it (a full
    stop right after the closing mark may stand before the attribution: „…“. So X.), or hi."""
    k = end
    while k < hi and (doc.text[k].isspace() or doc.text[k] in ".,-–—"):
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
    known = doc.quoted_names.get(span.start)
    if known is None:
        inner = doc.text[span.start + 1 : span.end - 1]
        known = _words(inner, 3) <= 3 and inner[:1].isupper() and not any(c in inner for c in ".!?,:")
        doc.quoted_names[span.start] = known
    return known


def _name_like(doc: Doc, span: QuotedSpan, text: str) -> bool:
    """Is a quoted phrase a name or title („Hafencity“, „Public Library of Science“), not words said?"""
    words = [w for w in text.split() if any(c.isalnum() for c in w)]
    before = doc.text[max(0, span.start - 40) : span.start].split()
    if _after_naming_noun(before, doc.pack, example=True):
        return False  # "Parolen wie „Stoppt den Krieg“": words chanted
    prev = before[-1].strip("(:") if before else ""  # "(Motto: „…“"
    if words and len(words) <= 12 and _introduces_name(prev, doc.pack):
        return True  # "des Magazins „auto, motor und sport“", "das Lied „Für dich soll's rote Rosen regnen“"
    if not words or not words[0][:1].isupper() or len(words) > 6:
        return False
    content = [w for w in words if w.lower() not in doc.pack.word_class("title_function_word")]
    if not all(w[:1].isupper() or w[:1].isdigit() for w in content):
        return False
    if prev.lower() in doc.pack.word_class("indefinite_article"):
        return False  # "von einer „Gefahr für Leib und Leben“": a phrase someone used
    if (
        doc.pack.has("capitalised_nouns")
        and len(content) < len(words)
        and all(doc.pack.is_noun_like(w) and not doc.pack.is_proper_noun(w) for w in content)
        and not any(doc.pack.lemma(w)[:1].islower() for w in content)
    ):
        return False  # common nouns joined by articles and prepositions: „Totengräber der Demokratie“
    # several capitalised words with a lower-case function word are a title ("Kampagne für ein
    # Freies Tibet") only with more than one capitalised word besides nouns' own capitals
    return len(words) >= 2 and len(content) >= 2 or any(c.isupper() or c.isdigit() for c in words[0][1:])


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
    return not (not before or before[-1] in '.!?:…-–—"“”«»‘’‚„' or before.endswith("("))


def _is_dialogue_turn(doc: Doc, span: QuotedSpan, ctx: int) -> bool:
    between = doc.text[ctx : span.start].strip()
    return ctx > 0 and between in ("-", "–", "—")


def _stray_quotes(doc: Doc, marked: list[_Found]) -> list[_Found]:
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
        segment = tokenize(doc.text, _window_start(doc.text, pos, lo), pos)
        if not segment or find_cues(segment, doc.pack) or len(segment) < 3:
            continue
        start = segment[0].start
        out.append(_Found("direct", start, pos + 1, None, None, None, 0.45, carried=True))
    return out


def _marked_quotes(doc: Doc) -> list[_Found]:
    found: list[_Found] = []
    index_of_span: dict[int, int] = {}
    for si, span in enumerate(doc.spans):
        if doc.budget.check(span.start, "quotation marks"):
            break
        inner_s, inner_e = span.inner()
        if inner_e - inner_s <= 0:
            continue
        parent_found = index_of_span.get(span.parent) if span.parent is not None else None
        if span.parent is not None:
            lo, hi = doc.spans[span.parent].inner()
        else:
            p = doc.paragraphs[doc.paragraph_of(span.start)]
            lo, hi = doc.sentences[doc.sentence_at(span.start)].start, p[1]
            lo = min(lo, span.start)
        limit = _span_limit(doc, si, _window_end(doc.text, span.end, hi))
        ctx = _context_start(
            doc,
            si,
            _window_start(
                doc.text, span.start, lo if span.parent is not None else doc.paragraphs[doc.paragraph_of(span.start)][0]
            ),
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
        if kind == "mixed" and _words(text, SCARE_QUOTE_MAX_WORDS) <= SCARE_QUOTE_MAX_WORDS:
            kind = "scare"
        if span.parent is None and not any(c in text for c in ".!?") and _name_like(doc, span, text):
            kind = "name"  # titles and names in quotation marks, also in lists and as subjects
        conf = 0.9 if mention is not None else 0.6
        if not span.closed:
            conf -= 0.15
            if kind == "mixed":
                kind = "scare"  # an unclosed mark inside a narrator's sentence opens no quotation
        parties = quoting_parties(att.tokens, att.cue, doc.pack) if att is not None and att.cue is not None else None
        if parties is not None and kind == "direct":
            # "X wird von der „Zeit“ mit den Worten zitiert: „…“": the medium reports what X said; the
            # medium's report is the outer quotation, X's words the inner one
            medium, mention = parties
            found.append(_Found(kind, span.start, span.end, cue, medium, None, conf, si, parent_found))
            parent_found = len(found) - 1
        item = _Found(kind, span.start, span.end, cue, mention, None, conf, si, parent_found, carried or att is None)
        item.antecedent = antecedent
        item.turn = att is None and _is_dialogue_turn(doc, span, ctx)
        found.append(item)
        index_of_span[si] = len(found) - 1
    return found


def _reported(doc: Doc, marked: list[_Found]) -> list[_Found]:
    """Reported speech, sentence by sentence, outside marked quotations."""
    out: list[_Found] = []
    quoted_until = -1  # end offset of the last sentence that held a quotation
    previous_end = -1
    index = Intervals(marked)
    for sent in doc.sentences:
        if doc.budget.check(sent.start, "reported speech"):
            break
        continuing = quoted_until >= 0 and quoted_until == previous_end
        previous_end = sent.end
        if any(f.kind == "direct" for f in index.overlapping(sent.start, sent.end)):
            quoted_until = sent.end
        toks = _mask_quotes(doc, sent.tokens)
        # "Es drohe „eine dramatische Erderwärmung“.": a quoted fragment counts as words of the clause
        if len(toks) < 4 or toks[-1].text == "?":
            continue  # a question of the narrator or interviewer reports nothing
        # a sentence that is mostly quotation can still report more ("Er glaubt, dass …: „…“")
        quoted_chars = sum(1 for t in sent.tokens if doc.in_quote(t.start))
        cues = find_cues(toks, doc.pack)
        if cues and _report_before(doc, sent, toks, cues, index, out):
            quoted_until = sent.end
            continue
        # "Er wisse nicht, was …", "keiner könne sagen, …": a verb of saying in a clause in Konjunktiv I is
        # itself reported, by the speaker before
        reported_cue = bool(cues) and indirect.reported_clause(toks, cues[0].index, doc.pack)
        if reported_cue:
            # "Es drohe ein Wettlauf, sagte Obama": a later cue in the indicative attributes the sentence
            cues = [c for c in cues[1:] if not indirect.reported_clause(toks, c.index, doc.pack)]
            reported_cue = not cues
        reps = indirect.from_cue(toks, cues, doc.pack) if cues and not reported_cue else []
        reporter = indirect.according_to(toks, doc.pack) if reps else None
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
            reps = [reporter, *reps]
        else:
            reporter = None
        reporter_found: _Found | None = None
        if not reps:
            rep = indirect.according_to(toks, doc.pack)
            inside = _inner_source(toks, rep, doc.pack) if rep is not None else None
            if rep is None:
                rep = indirect.free_indirect(toks, doc.pack, continuing)
                if rep is not None and cues:
                    _speaker_in_sentence(toks, cues, rep, doc.pack)
            direct_here = any(f.kind == "direct" for f in index.starting_in(sent.start, sent.end))
            if rep is None and cues and not direct_here and quoted_chars < 0.4 * len(sent.tokens):
                # a report of speech without its words; a cue that attributes a quotation is no report
                rep = indirect.speech_act(toks, cues, doc.pack)
            reps = [rep] if rep is not None else []
            if inside is not None:
                # "Wie der Sprecher mitteilte, ist die Energie nach Auffassung der Kanzlerin unverzichtbar":
                # the spokesman reports what the chancellor holds
                reporter, reps = rep, [rep, inside]
        if reps:
            quoted_until = sent.end
        for rep in reps:
            _end_before_quotation(toks, rep, doc.pack)
            # content that is a marked quotation already: the cue belongs to that quotation
            near = index.overlapping(rep.start - 2, rep.end + 2)
            inner = [
                f
                for f in near
                if f.kind == "direct" and f.parent is None and f.start >= rep.start - 2 and f.end <= rep.end + 2
            ]
            if inner and sum(f.end - f.start for f in inner) > 0.6 * (rep.end - rep.start):
                continue
            if any(f.parent is None and f.start <= rep.start + 1 and rep.end - 1 <= f.end for f in near):
                continue  # nothing but a quoted fragment ("Seiner Ansicht nach „…“"): the fragment's source
            found = _Found(rep.kind, rep.start, rep.end, rep.cue_text, rep.mention, None, rep.confidence)
            found.carried, found.gap = rep.anaphoric, rep.gap
            cue = next((c for c in cues if c.text == rep.cue_text), None)
            parties = quoting_parties(toks, cue, doc.pack) if cue is not None else None
            if parties is not None:
                # "X wird von Reuters mit den Worten zitiert, er habe …": Reuters reports X's statement
                medium = _Found(rep.kind, rep.start, rep.end, rep.cue_text, parties[0], None, rep.confidence)
                out.append(medium)
                found.mention, found.parent_item = parties[1], medium
            elif rep is reporter:
                reporter_found = found
            elif reporter_found is not None:
                found.parent_item = reporter_found
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


def _report_before(
    doc: Doc, sent: Sentence, toks: list[Token], cues: list[Cue], marked: Intervals[_Found], out: list[_Found]
) -> bool:
    """ "Dies bestätigte der Minister.": the sentence before is the statement, the cue's subject its
    speaker. A report found there already gets this speaker; the cue sentence itself is no statement."""
    hit = indirect.anaphoric_cue(toks, cues, doc.pack)
    k = doc.sentence_at(sent.start)
    if hit is None or k == 0:
        return False
    cue, mention = hit
    previous = doc.sentences[k - 1]
    quoted = [f for f in marked.overlapping(previous.start, previous.end) if f.parent is None]
    if quoted:
        # a quotation before keeps its own attribution; one without any takes this cue's subject
        # ("„Ja, es gibt Zumutungen.“ Das musste der Minister einräumen.")
        last = quoted[-1]
        if last.mention is None and last.kind == "direct" and last.end >= previous.end - 1:
            last.cue, last.mention, last.carried = cue.text, mention, False
        return False
    # `out` grows sentence by sentence: the reports of the sentence before are at its end
    before = None
    for f in reversed(out):
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
        before = _Found("indirect", *span, None, None, None, 0.6)
        out.append(before)
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
    shape = doc.name_shapes.get(span.start)
    if shape is None:
        inner = doc.text[span.start + 1 : span.end - 1].strip()
        short = (
            _words(inner, 5) <= 5
            and not any(c in inner for c in "!?,:")
            and not inner.endswith(".")
        )
        shape = doc.name_shapes[span.start] = (inner[:1].isupper(), short)
    return shape


def _attach_fragments(doc: Doc, items: list[_Found]) -> None:
    """A quoted fragment inside reported speech ("Er habe „nicht den Eindruck“") is a mixed
    quotation of that speaker; one in a sentence with a cue takes the cue's subject; without
    either, short fragments are scare quotes or titles and are dropped."""
    hosts = Intervals((j for j, g in enumerate(items) if g.span is None), lambda j: (items[j].start, items[j].end + 1))
    for f in items:
        if f.kind not in ("mixed", "scare") or f.parent is not None:
            continue
        host = next(
            (j for j in hosts.overlapping(f.start, f.end) if items[j].start <= f.start and f.end <= items[j].end + 1),
            None,
        )
        sent = doc.sentences[doc.sentence_at(f.start)]
        toks = _mask_quotes(doc, sent.tokens)
        cues = [c for c in find_cues(toks, doc.pack) if not c.noun]
        # the cue of the fragment's own clause: the last one before it ("X nannte es „a“, Y
        # bezeichnete es als „b“": b is Y's)
        before = [c for c in cues if toks[c.index].start < f.start]
        cue = before[-1] if before else (cues[0] if cues else None)
        if host is not None:
            f.kind, f.parent, f.carried = "mixed", host, True
            if cue is not None and len(before) > 1 and items[host].cue != cue.text:
                f.cue, f.mention = cue.text, subject_of(toks, cue, doc.pack)
            continue
        marker = indirect.according_to(toks, doc.pack) if cue is None else None
        if cue is not None:
            f.kind, f.cue, f.mention = "mixed", cue.text, subject_of(toks, cue, doc.pack)
            f.carried = f.mention is None
        elif marker is not None and marker.mention is not None and not marker.anaphoric:
            # "… stellen nach Meinung des Politikers „einen Eingriff“ dar": the marker's source
            f.kind, f.cue, f.mention, f.carried = "mixed", marker.cue_text, marker.mention, False
        elif doc.text[f.start + 1 : f.start + 2].islower():
            # a lower-case fragment („alarmierend“, „nicht hinnehmbar“) is somebody's words even
            # without a verb of saying (a title or name starts with a capital): the subject's
            f.kind, f.mention = "mixed", clause_subject(toks, doc.pack)
            f.carried = f.mention is None


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


def _first_person(mention: Mention | None, doc: Doc) -> bool:
    return (
        mention is not None
        and len(mention.tokens) == 1
        and doc.pack.pronouns.get(mention.tokens[0].lower, (0, ""))[0] == 1
    )


def _resolve_and_carry(doc: Doc, items: list[_Found]) -> None:
    """Resolve speakers in document order, carrying the last speaker to unattributed quotations."""
    last_name: str | None = None
    last_mention: Mention | None = None
    last_end = -1
    siblings: dict[int, list[_Found]] = {}
    narrator: tuple[int, str] | None = None  # (paragraph, name) of an "ich" telling the story
    for f in items:
        if f.kind in ("scare", "name"):
            continue
        parent = items[f.parent] if f.parent is not None else None
        if f.name is None and f.mention is not None and f.carried and f.cue == f.mention.text:
            # "Demnach …": the marker is the mention, the source is the one named before (or none)
            f.name = last_name or doc.resolver.recent_subject(f.start)
            source = _cue_subject_before(doc, f.start, last_end) if f.name is None else None
            if source is not None:
                f.name = doc.resolver.resolve(source)  # "X gab bekannt, … Demnach …"
            if f.name is None:
                f.mention = None
        if f.name is None and f.mention is not None:
            first_person = _first_person(f.mention, doc)
            outer = parent.name if parent is not None else (last_name if first_person else None)
            f.name = doc.resolver.resolve(f.antecedent or f.mention, outer)
            if not f.name and any(t.text == QUOTED_NAME for t in f.mention.tokens):
                # a name in quotation marks, masked for the clause rules: „BBC News“ berichtet
                words = doc.text[f.mention.char_start : f.mention.char_end].split()
                while len(words) > 1 and words[0].lower() in doc.pack.word_class("article"):
                    words = words[1:]  # "die „Zeit“" -> "Zeit"
                f.name = " ".join(words).strip("„“”\"»«‚‘' ")
            paragraph = doc.paragraph_of(f.start)
            if first_person and parent is None and f.name:
                narrator = (paragraph, f.name)
            elif (
                narrator
                and narrator[0] == paragraph
                and f.name == narrator[1]
                and parent is None
                and doc.pack.pronouns.get(f.mention.tokens[0].lower, (0, ""))[0] == 3
            ):
                # in first-person narration, "er" is the other party, not the narrator
                f.name = doc.resolver.other_person(f.mention.char_start, narrator[1]) or f.name
        if parent is not None and parent.span is None:
            if f.name is None:  # a fragment quoted inside reported speech
                f.name, f.mention = parent.name, parent.mention
            elif (f.start, f.end) == (parent.start, parent.end) or f.kind not in ("mixed", "according_to"):
                # the person a medium quoted, or whose words it reported, spoke last; a source named
                # inside the report ("nach Auffassung der Kanzlerin") does not take over from it
                last_name, last_mention, last_end = f.name, f.mention, f.end
            continue
        if parent is not None:
            turns = siblings.setdefault(f.parent, [])
            if f.name is None and f.turn and len(turns) >= 2:
                f.name, f.mention = turns[-2].name, turns[-2].mention  # dialogue: every other turn
            elif f.name is None and f.turn and turns and turns[-1].name == parent.name:
                # the answer to the outer speaker comes from the other side: the group last named
                f.name = doc.resolver.last_group(parent.start)
                f.confidence = min(f.confidence, 0.4)
            elif f.name is None and f.carried and not f.turn:
                source = turns[-1] if turns and turns[-1].name else parent
                f.name, f.mention = source.name, source.mention
                f.confidence = min(f.confidence, 0.5)
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
            # reported speech right after someone was said to say something: that someone
            f.mention = source
            f.name = doc.resolver.resolve(source)
            f.confidence = min(f.confidence, 0.5)
        elif f.name is None and f.carried and near and last_name:
            f.name, f.mention = last_name, last_mention
            f.confidence = min(f.confidence, 0.6)
        elif f.name is None and f.span is None:
            # reported speech with no source of its own: the subject of the sentence before
            f.name = doc.resolver.recent_subject(f.start)
            f.confidence = min(f.confidence, 0.4)
        if f.name:
            last_name, last_mention, last_end = f.name, f.mention, f.end


def _reports_in_main_clause(doc: Doc, f: _Found) -> bool:
    """Is the first clause of a statement in the mood of report (Konjunktiv, "soll")? "Für X gilt die
    höchste Stufe, weil er sich bedroht fühle" is the narrator's sentence with a reported reason."""
    toks = tokenize(doc.text, f.start, f.end)
    start, end = 0, clause_end(toks, 0)
    if toks and toks[0].lower in doc.pack.word_class("adverbial_subordinator") and end + 1 < len(toks):
        # "Da das Kraftwerk abgeschaltet wurde, sei es …": the main clause follows the fronted one
        start, end = end + 1, clause_end(toks, end + 1)
    marked = doc.pack.word_class("reportative") | doc.pack.word_class("subjunctive_ii")
    return any(toks[i].lower in marked or indirect.is_subjunctive_at(toks, i, doc.pack) for i in range(start, end))


def _merge_continuations(doc: Doc, items: list[_Found]) -> list[_Found]:
    """Free reported speech that goes on in Konjunktiv over several sentences of a paragraph is one
    statement. (After a cue's content clause the next Konjunktiv sentence is annotated as a statement
    of its own in the German news corpus, so only free reported speech joins.)"""
    out: list[_Found] = []
    new_index: dict[int, int] = {}
    last: _Found | None = None  # the top-level reported statement before, if any
    last_pos = -1
    for i, f in enumerate(items):
        if (
            last is not None
            and last.kind == f.kind == "free_indirect"
            and f.parent is None
            and f.span is None
            and f.carried
            and (f.name is None or last.name is None or f.name == last.name)
            and doc.sentence_at(f.start) == doc.sentence_at(last.end - 1) + 1
            and f.start == doc.sentences[doc.sentence_at(f.start)].tokens[0].start
            and doc.paragraph_of(f.start) == doc.paragraph_of(last.start)
            and _reports_in_main_clause(doc, f)
        ):
            last.end = f.end
            if last.name is None:
                last.name, last.mention = f.name, f.mention
            new_index[i] = last_pos
            continue
        new_index[i] = len(out)
        out.append(f)
        inside = (
            last is not None
            and f.kind in ("mixed", "scare", "name")
            and last.start <= f.start
            and f.end <= last.end + 1
        )
        if f.parent is None and not inside:
            # a quoted name inside the statement („Staphylococcus aureus“) does not end it
            last = f if f.span is None and f.kind not in ("scare", "name") else None
            last_pos = len(out) - 1
    for f in out:
        if f.parent is not None:
            f.parent = new_index[f.parent]
    return out


def _after_naming_noun(before: list[str], pack: LanguagePack, example: bool = False) -> bool:
    """Does a quoted phrase follow a noun of naming or chanting ("die Bezeichnung „…“")? With `example`,
    only as an example of words said ("Sprüche wie „…“"): "die amtliche Bezeichnung „…“" is a name."""
    words = [w.strip(",") for w in before[-5:]]
    # "Parolen wie „…“", "Parolen wie zum Beispiel „…“"
    like = next(
        (k for k in range(len(words) - 1, max(-1, len(words) - 4), -1) if words[k] in pack.word_class("comparison")),
        None,
    )
    if like is not None:
        words = words[:like]
    elif example:
        return False
    return bool(words) and words[-1] in pack.word_class("naming_noun")


def _names_its_speaker(doc: Doc, f: _Found) -> bool:
    """ "Das berichtete die „Automobilwoche“": quoted words that are the head of the speaker mention
    (after nothing but an article) are the speaker's name, not its words."""
    m = f.mention
    if m is None or not (m.char_start <= f.start and f.end == m.char_end):
        return False
    head = doc.text[m.char_start : f.start].split()
    return bool(head) and all(w.lower() in doc.pack.word_class("article") for w in head)


def _too_short(doc: Doc, f: _Found, items: list[_Found]) -> bool:
    """One quoted word is a name or a scare quote („Twitter“, „Täter“, a lone „entsorgen“) unless it
    is what somebody called something ("nannte sie einen „Papiertiger“", "als „Gesindel“") or a
    lower-case word of a statement (Er sei „zuversichtlich“); one or two quoted words inside a
    quotation are the speaker's own scare quotes. Utterances („Vielleicht.“) and dialogue turns stay."""
    inner = doc.text[f.start + 1 : f.end - 1].strip()
    words = _words(inner, 2)
    if words > 2 or f.turn or inner[-1:] in ".!?…":
        return False
    parent = items[f.parent] if f.parent is not None else None
    if parent is not None and parent.span is not None:
        return True
    if words == 2:
        return False
    pack = doc.pack
    if parent is not None and parent.kind == "indirect" and not pack.is_proper_noun(inner):
        return False  # a noun quoted inside a content clause: "dass die Regierung „Wortbruch“ begehe"
    before = doc.text[max(0, f.start - 30) : f.start].split()
    if before and before[-1].lower() in pack.word_class("naming_link") | pack.word_class("indefinite_article"):
        return False
    if _after_naming_noun(before, pack):
        return False
    return not inner[:1].islower() or (f.kind == "mixed" and parent is None)


def find_quotes(body: str, pack: LanguagePack, budget: Budget | None = None) -> list[Quote]:
    """Quotations of a text. Under a spent `budget` (by default the current page's) the stages stop
    where they are and what was found so far is returned; `budget.stopped_at` says where."""
    doc = Doc.build(body, pack, budget or current_budget())
    _prepass(doc)
    marked = _marked_quotes(doc)
    reported = _reported(doc, marked) + _stray_quotes(doc, marked)
    # nested quotations keep their parent index: sort only top-level items, keep children after parents
    items = sorted(marked + reported, key=lambda f: (f.start, -f.end))
    position = {id(f): i for i, f in enumerate(items)}
    for f in items:
        if f.parent is not None:
            f.parent = position[id(marked[f.parent])]
        elif f.parent_item is not None:
            f.parent = position[id(f.parent_item)]
    _attach_fragments(doc, items)
    _resolve_and_carry(doc, items)
    items = _merge_continuations(doc, items)
    quotes: list[Quote] = []
    ids: dict[int, str] = {}
    for i, f in enumerate(items):
        if f.kind in ("scare", "name") or (f.kind == "mixed" and f.name is None and f.cue is None and f.parent is None):
            continue
        if f.span is not None and _too_short(doc, f, items):
            continue
        if f.span is not None and _names_its_speaker(doc, f):
            continue
        qid = f"q{len(quotes) + 1}"
        ids[i] = qid
        speaker = None
        if f.name and f.mention is not None:
            speaker = SpeakerRef(
                f.name, doc.text[f.mention.char_start : f.mention.char_end], f.mention.char_start, f.mention.char_end
            )
        elif f.name:
            speaker = SpeakerRef(f.name, f.name, -1, -1)  # inferred: no mention in the text
        quotes.append(
            Quote(
                id=qid,
                kind=f.kind,
                text=body[f.start : f.end],
                start=f.start,
                end=f.end,
                cue=f.cue,
                speaker=speaker,
                parent=ids.get(f.parent) if f.parent is not None else None,
                confidence=round(max(0.05, min(1.0, f.confidence)), 2),
                gap=f.gap,
            )
        )
    return quotes
