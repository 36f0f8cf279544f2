"""Rules over a dependency parse (universal dependencies): they serve every language whose analyzer parses
(the pack declares the feature `dependencies`: English with spaCy, Russian with natasha). What they read
of a language is in its pack: the lemmas of its verbs of saying, its according-to markers, pronouns and
role nouns. What they read of a sentence is its parse: a verb of saying, its clausal complement (the
content), its subject (the speaker), its object (the addressee).

- quotations in marks take the verb of saying right after them ("…,” a smiling Clinton said", «…», —
  сказал он) or before them (X said: “…”), or are fragments of a statement around them (mixed), titles
  and names ("“Meet the Press”"), or quotations of the speaker before;
- a verb of saying with its content clause ("Obama admitted that Republicans won fairly", "…, говорят
  эксперты, …") is reported speech;
- "according to X", "по словам X", "как заявил X" make the rest of the sentence X's statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from quotewatch.lang import LanguagePack
from quotewatch.quotes.candidate import Candidate
from quotewatch.quotes.decide import words
from quotewatch.quotes.detect import SentenceContext
from quotewatch.quotes.marks import QuotedSpan
from quotewatch.quotes.registry import rule
from quotewatch.speakers.mention import Mention
from quotewatch.text.chars import DASHES, DOUBLE_MARKS, QUOTE_MARKS, SENTENCE_END, TRAILING_PUNCT
from quotewatch.text.doc import Doc
from quotewatch.text.segment import Sentence, Token

NEEDS = ("dependencies",)
SUBJECTS = frozenset({"nsubj", "nsubj:pass", "nsubjpass", "csubj"})
OBJECTS = frozenset({"iobj", "obj", "dobj", "dative"})
CONTENT = frozenset({"ccomp"})
# parts of a subject's subtree that are not the mention of the speaker (a relative clause, a second clause)
NOT_MENTION = frozenset({"relcl", "acl:relcl", "acl", "advcl", "cc", "conj", "parataxis", "ccomp", "dep", "punct"})
EDGE = TRAILING_PUNCT + "".join(QUOTE_MARKS) + "—()"
ATTRIBUTION_REACH = 10  # tokens after a closing mark within which its verb of saying stands


# ---- reading the parse -------------------------------------------------------------------------------
@cache
def _cue_lemmas(code: str) -> frozenset[str]:
    from quotewatch.lang import load

    pack = load(code)
    return frozenset(e.lemma.split()[0].lower() for entries in pack.speech_verbs.values() for e in entries)


def is_cue(tok: Token, pack: LanguagePack) -> bool:
    """A verb of saying: its lemma (or form) is in the pack's speech_verbs.tsv."""
    if tok.pos not in ("VERB", "AUX") and not (tok.pos == "NOUN" and tok.lower in pack.speech_verbs):
        return False
    return (tok.lemma or tok.lower) in _cue_lemmas(pack.code) or tok.lower in pack.speech_verbs


def children(doc: Doc, k: int) -> list[list[int]]:
    """The dependents of every token of sentence k, worked out once."""

    def build() -> list[list[int]]:
        kids: list[list[int]] = [[] for _ in doc.sentences[k].tokens]
        for i, t in enumerate(doc.sentences[k].tokens):
            if t.head is not None and t.head != i and 0 <= t.head < len(kids):
                kids[t.head].append(i)
        return kids

    return doc.remember(("ud.children", k), build)


def subtree(
    kids: list[list[int]], i: int, skip: frozenset[str] = frozenset(), toks: list[Token] | None = None
) -> list[int]:
    """Token i and what depends on it, without the dependents whose relation is in `skip`."""
    out, todo = [], [i]
    while todo:
        j = todo.pop()
        out.append(j)
        todo += [c for c in kids[j] if not (skip and toks is not None and toks[c].dep in skip)]
    return sorted(out)


def _span(tokens: list[Token], indexes: Iterable[int]) -> tuple[int, int] | None:
    """Character offsets of the tokens from the first to the last index, without punctuation at the edges."""
    idx = sorted(indexes)
    while idx and tokens[idx[0]].text in EDGE:
        idx.pop(0)
    while idx and tokens[idx[-1]].text in EDGE:
        idx.pop()
    return (tokens[idx[0]].start, tokens[idx[-1]].end) if idx else None


def mention_at(sent: Sentence, kids: list[list[int]], i: int) -> Mention:
    """The noun phrase headed by token i, as a mention: its name, role and apposition, without relative
    clauses and what follows a comma outside an apposition."""
    idx = subtree(kids, i, NOT_MENTION, sent.tokens)
    lo = hi = i
    for j in range(i - 1, -1, -1):  # contiguous around the head
        if j in idx:
            lo = j
        elif not (sent.tokens[j].text in '«»“”"„' and (j - 1 in idx or j - 2 in idx)):
            break
    for j in range(i + 1, len(sent.tokens)):
        if j in idx:
            hi = j
        elif not (sent.tokens[j].text in ',«»“”"„' and (j + 1 in idx or j + 2 in idx)):
            # a comma goes on to an apposition ("the chief forecaster, Ann Dorsey"), quotation marks to the
            # rest of a name ("Главный тренер «Зенита» Сергей Семак")
            break
    while lo < hi and sent.tokens[lo].text in EDGE:
        lo += 1
    while hi > lo and sent.tokens[hi].text in EDGE:
        hi -= 1
    return Mention(lo, hi + 1, sent.tokens[lo : hi + 1])


def subject(sent: Sentence, kids: list[list[int]], v: int) -> int | None:
    """The subject of verb v: its own, the agent of a passive ("was told by X"), that of the verb it is
    coordinated with ("X smiled and said …"), or the controller of a verb in a complement ("wants to say")."""
    toks = sent.tokens
    for c in kids[v]:
        if toks[c].dep in SUBJECTS:
            return c
    for c in kids[v]:
        if toks[c].dep == "agent":  # spaCy: "by" with its object
            objects = [g for g in kids[c] if toks[g].dep in ("pobj", "obj")]
            if objects:
                return objects[0]
        if toks[c].dep == "obl:agent":
            return c
    head = toks[v].head
    if toks[v].dep == "conj" and head is not None and head != v:
        return subject(sent, kids, head)
    if toks[v].dep == "advcl" and toks[v].feature("VerbForm") in ("Ger", "Part", "Conv") and head not in (None, v):
        return subject(sent, kids, head)  # "Trump spoke on Monday, saying that …": the speaker of the clause
    if toks[v].dep == "xcomp" and head not in (None, v):
        # a controlled verb: "he appeared to suggest that …" (the governor's subject), "the senator forced
        # Stumpf to admit that …" (its object)
        controller = next((c for c in kids[head] if toks[c].dep in ("dobj", "obj")), None)
        return controller if controller is not None else subject(sent, kids, head)
    if toks[v].feature("Number") == "Plur" and toks[v].feature("Person") in (None, "3"):
        # a plural verb without a subject names its source as a place: "в министерстве сообщили, что …"
        for c in kids[v]:
            if toks[c].dep == "obl" and toks[c].feature("Case") == "Loc" and toks[c].pos in ("NOUN", "PROPN"):
                return c
    return None


def addressee(sent: Sentence, kids: list[list[int]], v: int) -> int | None:
    for c in kids[v]:
        if sent.tokens[c].dep in ("iobj", "dative") or sent.tokens[c].feature("Case") == "Dat":
            return c
    return None


# ---- what the article names, read once ------------------------------------------------------------------
def _entity_runs(sent: Sentence) -> list[tuple[int, int, str]]:
    runs, i, toks = [], 0, sent.tokens
    while i < len(toks):
        kind = toks[i].ent
        if kind in ("PER", "ORG"):
            j = i + 1
            while j < len(toks) and toks[j].ent == kind:
                j += 1
            runs.append((i, j, kind))
            i = j
        else:
            i += 1
    return runs


def read_names(doc: Doc) -> None:
    """Register the people and bodies the article names, in order, the subjects of its clauses (antecedents
    of pronouns and role nouns), and who says something in each sentence (the source of reported speech
    in the sentences after)."""
    resolver, pack = doc.resolver, doc.pack
    for k, sent in enumerate(doc.sentences):
        if doc.budget.check(sent.start, "names"):
            break
        kids = children(doc, k)
        for i, j, kind in _entity_runs(sent):
            m = Mention(i, j, sent.tokens[i:j])
            inside = doc.in_quote(sent.tokens[i].start)
            if kind == "PER":
                resolver.observe(m, inside_quote=inside, speaking=True)
            elif not inside:
                resolver.observe_group(m)
        if doc.in_quote(sent.start):
            continue
        for v, tok in enumerate(sent.tokens):
            if tok.dep in ("ROOT", "root") or is_cue(tok, pack):
                s = subject(sent, kids, v)
                if s is None or sent.tokens[s].lower in pack.pronouns:
                    continue
                m = mention_at(sent, kids, s)
                resolver.observe_subject(m, resolver.observe(m, speaking=True))
                if is_cue(tok, pack) and not any(p == sent.start for p, _ in doc.cue_subjects[-1:]):
                    doc.cue_subjects.append((sent.start, m))


# ---- quotations in marks -----------------------------------------------------------------------------
def _tokens_between(sent: Sentence, lo: int, hi: int) -> list[int]:
    return [i for i, t in enumerate(sent.tokens) if lo <= t.start and t.end <= hi]


def _cue_after(doc: Doc, span: QuotedSpan) -> tuple[int, int | None, int | None] | None:
    """(sentence, verb, subject) of a verb of saying right after a closing mark: „…“, sagte er / "…," X
    said / «…», — сказал он. Between the mark and the verb stand only punctuation, the subject and words
    that depend on the verb (a smiling Clinton said, the influential US daily wrote)."""
    k = doc.sentence_at(span.end - 1)
    sent = doc.sentences[k]
    after = [i for i, t in enumerate(sent.tokens) if t.start >= span.end]
    if not after:
        if k + 1 >= len(doc.sentences) or doc.sentences[k + 1].paragraph != sent.paragraph:
            return None
        k, sent = k + 1, doc.sentences[k + 1]  # the parser ended the sentence with the closing mark
        after = list(range(len(sent.tokens)))
        if doc.text[span.end : sent.start].strip():
            return None
    kids = children(doc, k)
    byline = _dash_name(doc, k, after)
    if byline is not None:
        return k, None, byline
    for v in after[:ATTRIBUTION_REACH]:
        tok = sent.tokens[v]
        if doc.in_quote(tok.start):
            return None  # the next quotation: no attribution between
        if tok.text in SENTENCE_END and v > after[0]:
            return None
        if not is_cue(tok, doc.pack):
            continue
        if after[0] == 0 and any(sent.tokens[c].dep in CONTENT for c in kids[v]):
            return None  # “….” Kremlin spokesman Peskov said that …: the next sentence says its own
        s = subject(sent, kids, v)
        allowed = set(subtree(kids, s)) if s is not None else set()
        if any(span.start <= sent.tokens[i].start < span.end for i in allowed):
            return None  # the marks are part of the subject: a name («Северный ветер» объяснила …)
        allowed |= {c for c in kids[v] if sent.tokens[c].dep in ("advmod", "aux", "neg", "punct")}
        between = [i for i in after if i < v and sent.tokens[i].text not in ",.;:" + DASHES]
        if all(i in allowed for i in between):
            return k, v, s
        return None
    return None


def _dash_name(doc: Doc, k: int, after: list[int]) -> int | None:
    """ "“…” ― Steve Quinlan.": a dash and a name ending the paragraph sign the quotation (the head of the
    name, or None)."""
    sent = doc.sentences[k]
    toks = [i for i in after if sent.tokens[i].text not in SENTENCE_END]
    if len(toks) < 2 or sent.tokens[toks[0]].text not in DASHES or len(toks) > 8:
        return None
    if k + 1 < len(doc.sentences) and doc.sentences[k + 1].paragraph == sent.paragraph:
        return None
    name = toks[1:]
    if not all(sent.tokens[i].pos == "PROPN" or sent.tokens[i].text in ".,()" for i in name):
        return None
    # the head of the name: the word whose head lies outside it
    return next((i for i in name if sent.tokens[i].pos == "PROPN" and sent.tokens[i].head not in name), name[0])


def _cue_before(doc: Doc, span: QuotedSpan, lo: int) -> tuple[int, int | None, int | None] | None:
    """(sentence, verb or None, subject or noun phrase) of an introduction: X said: “…” / X said, “…” /
    "Lukashenko on the war:". Also the last sentence of the paragraph before when it ends with a colon."""
    text = doc.text[lo : span.start].rstrip()
    if not text.endswith((":", ",")):
        return None
    k = doc.sentence_at(lo + len(text) - 1)
    sent = doc.sentences[k]
    toks = [i for i, t in enumerate(sent.tokens) if lo <= t.start and t.end <= lo + len(text)]
    if not toks:
        return None
    kids = children(doc, k)
    cues = [i for i in toks if is_cue(sent.tokens[i], doc.pack)]
    if cues:
        v = cues[-1]
        return k, v, subject(sent, kids, v)
    if text.endswith(":"):
        # "Lukashenko on the war:" — a speaker without a verb: the head of the first noun phrase
        first = next((i for i in toks if sent.tokens[i].pos in ("PROPN", "NOUN")), None)
        if first is not None and not any(sent.tokens[i].pos in ("VERB", "AUX") for i in toks):
            return k, None, first
    return None


def _is_title(inner: str, before: str, pack: LanguagePack) -> bool:
    """A title or name in marks (“Meet the Press”, the newspaper «Коммерсантъ»), not words said."""
    # American style puts the sentence's comma or full stop inside the marks: “Fox and Friends.”
    # (then, as a short sentence is title-cased too — “We're America.” — three words and no other stop)
    core = inner.rstrip()
    stopped = core[-1:] in (",", ".")
    core = core[:-1] if stopped else core
    said = [w for w in core.split() if any(c.isalnum() for c in w)]
    if not said or len(said) > 8 or core.rstrip()[-1:] in SENTENCE_END + ",":
        return False
    if stopped and (len(said) < 3 or any(c in SENTENCE_END for c in core)):
        return False
    previous = before.split()[-1:] if before.split() else []
    if previous and previous[0].strip(",(:").lower() in {n.lower() for n in pack.name_introducers}:
        return True
    content = [w for w in said if w.lower() not in pack.word_class("title_function_word")]
    return len(said) >= 2 and all(w[:1].isupper() or w[:1].isdigit() for w in content)


@rule(
    "ud.marks",
    stage="marked",
    needs=NEEDS,
    emits=(
        "ud.direct.cue_after",
        "ud.direct.signed",
        "ud.direct.intro",
        "ud.direct.intro_verbless",
        "ud.direct.unattributed",
        "ud.mixed.embedded",
        "ud.name",
        "ud.scare",
    ),
)
def quotations_in_marks(doc: Doc, found: list[Candidate]) -> None:
    """Every span in quotation marks, with the verb of saying after or before it, or as a fragment of the
    sentence around it; titles and short scare quotes for what follows to drop."""
    by_span: dict[int, Candidate] = {}
    for si, span in enumerate(doc.spans):
        if doc.budget.check(span.start, "quotation marks"):
            break
        inner_s, inner_e = span.inner()
        if inner_e <= inner_s:
            continue
        parent = by_span.get(span.parent) if span.parent is not None else None
        k = doc.sentence_at(span.start)
        sent = doc.sentences[k]
        if span.parent is None:
            previous = [s for s in doc.siblings_before(si)]
            prev_end = doc.spans[previous[0]].end if previous else -1
            lo = max(sent.start, prev_end)
            if k > 0 and not doc.text[sent.start : span.start].strip():
                lo = max(doc.sentences[k - 1].start, prev_end)  # an introduction ending the sentence before
        else:
            lo = doc.spans[span.parent].inner()[0]
        inner = doc.text[inner_s:inner_e]
        before_text = doc.text[lo : span.start]
        cue, mention, rule_id, carried = None, None, "ud.direct.unattributed", True
        after = _cue_after(doc, span)
        intro = _cue_before(doc, span, lo) if after is None else None
        attribution = None  # the cue's (sentence, verb, subject), and the rule ids with and without a verb
        if after is not None:
            attribution = after, "ud.direct.cue_after", "ud.direct.signed"
        elif intro is not None:
            attribution = intro, "ud.direct.intro", "ud.direct.intro_verbless"
        if attribution is not None:
            (ka, v, s), with_verb, verbless = attribution
            sa = doc.sentences[ka]
            cue = sa.tokens[v].text if v is not None else None
            rule_id = with_verb if v is not None else verbless
            mention = mention_at(sa, children(doc, ka), s) if s is not None else None
            carried = mention is None
        kind = "direct"
        # words of the narrator before the quotation in its sentence (not an introduction, not the end of
        # the sentence before)
        lead = before_text.strip().strip(DASHES).strip()
        narrator_before = bool(lead) and lead[-1:] not in SENTENCE_END and intro is None
        if span.parent is None and after is None and narrator_before:
            kind, rule_id = "mixed", "ud.mixed.embedded"
            if words(inner, 4) <= 4:
                kind, rule_id = "scare", "ud.scare"
        # a title taken as the object of a preposition or a possessive ("an episode of “The Steve Harvey
        # Morning Show,” she said", "on Fox News’s “Fox and Friends.”") even with a verb of saying after it
        last_word = before_text.split()[-1:]
        object_of = bool(last_word) and (
            last_word[0].lower() in doc.pack.word_class("title_preposition")
            or before_text.rstrip().endswith(("’s", "'s"))
        )
        if (
            span.parent is None
            and (after is None and intro is None or object_of)
            and _is_title(inner, before_text, doc.pack)
        ):
            kind, rule_id = "name", "ud.name"
        item = Candidate(kind, span.start, span.end, cue, mention, rule_id, span=si, parent=parent, carried=carried)
        item.unclosed = not span.closed
        found.append(item)
        by_span[si] = item
    _join_interrupted(doc, found)


INTERRUPTION_WORDS = 25  # an attribution between two parts of one quotation is this short at most


def _join_interrupted(doc: Doc, found: list[Candidate]) -> None:
    """ "“This is in their heads,” said Caddell, speaking of her health. “It is one of the things …”": one
    quotation interrupted by its attribution, which becomes the quotation's gap."""
    top = [f for f in found if f.parent is None and f.kind in ("direct", "mixed")]
    gone: dict[int, Candidate] = {}
    for a, b in zip(top, top[1:], strict=False):
        first = gone.get(id(a), a)
        if (
            first.gap is not None  # one gap a quotation: a third part stands on its own
            or first.rule != "ud.direct.cue_after"
            or b.rule not in ("ud.direct.unattributed", "ud.mixed.embedded", "ud.direct.intro")
            or doc.paragraph_of(first.start) != doc.paragraph_of(b.start)
        ):
            continue
        between = doc.text[a.end : b.start]
        if any(c in between for c in DOUBLE_MARKS) or words(between, INTERRUPTION_WORDS) > INTERRUPTION_WORDS:
            continue
        if b.rule == "ud.direct.intro" and any(c in between for c in SENTENCE_END):
            continue  # “A,” he said. He added: “B” — two statements
        if b.rule == "ud.mixed.embedded" and (
            doc.sentence_at(b.start) != doc.sentence_at(a.end) or words(between, 6) > 5
        ):
            continue  # "“A,” he said, but “B …”" goes on; a longer sentence of the narrator does not
        first.end, first.gap = b.end, (a.end, b.start)
        gone[id(b)] = first
    if not gone:
        return
    for f in found:
        if f.parent is not None and id(f.parent) in gone:
            f.parent = gone[id(f.parent)]
    found[:] = [f for f in found if id(f) not in gone]


# ---- dialogue after a dash -------------------------------------------------------------------------------
DIALOGUE_DASHES = "–—―"
AUTHOR_BREAK = re.compile(r"([,.!?…])\s*[–—―]\s+")  # "…, – сказал он. – …": where the author's words begin


def _author(doc: Doc, lo: int, hi: int) -> tuple[int, int, int | None] | None:
    """(sentence, verb, subject) of the verb of saying in the author's words between lo and hi."""
    k = doc.sentence_at(lo)
    for kk in range(k, min(k + 2, len(doc.sentences))):
        sent, kids = doc.sentences[kk], children(doc, kk)
        for v, tok in enumerate(sent.tokens):
            if lo <= tok.start < hi and is_cue(tok, doc.pack):
                return kk, v, subject(sent, kids, v)
    return None


@rule("ud.dialogue", stage="marked", order=20, needs=(*NEEDS, "dialogue_dash"), emits=("ud.direct.dash",))
def dialogue_turns(doc: Doc, found: list[Candidate]) -> None:
    """Direct speech after a dash at the start of a paragraph, with the author's words after a second dash:
    "– Ситуация под контролем, – сказал он. – Мы справимся." (one quotation, the author's words its gap)."""
    for p_start, p_end in doc.paragraphs:
        text = doc.text[p_start:p_end]
        lead = len(text) - len(text.lstrip())
        if not text[lead : lead + 1] or text[lead] not in DIALOGUE_DASHES or doc.in_quote(p_start + lead):
            continue
        if doc.budget.check(p_start, "dialogue"):
            break
        start = p_start + lead + 1
        while start < p_end and doc.text[start].isspace():
            start += 1
        m = AUTHOR_BREAK.search(doc.text, start, p_end)
        if m is None:
            continue
        said_end = m.start() + (1 if m.group(1) in "!?…" else 0)
        author_start = m.end()
        more = AUTHOR_BREAK.search(doc.text, author_start, p_end)
        author_end = more.start() + 1 if more else p_end
        attribution = _author(doc, author_start, author_end)
        if attribution is None:
            continue
        k, v, subj = attribution
        sent = doc.sentences[k]
        mention = mention_at(sent, children(doc, k), subj) if subj is not None else None
        end, gap = said_end, None
        if more is not None:
            rest_start = more.end()
            end = p_end
            while end > rest_start and doc.text[end - 1].isspace():
                end -= 1
            gap = (said_end, rest_start)
        item = Candidate("direct", start, end, sent.tokens[v].text, mention, "ud.direct.dash", carried=mention is None)
        item.gap = gap
        found.append(item)


# ---- reported speech ------------------------------------------------------------------------------------
def is_speech_noun(tok: Token, pack: LanguagePack) -> bool:
    """A noun of saying ("the claim that …", "заявление о том, что …")."""
    return tok.pos == "NOUN" and (tok.lemma or tok.lower) in pack.word_class("speech_noun")


def _content_clauses(toks: list[Token], kids: list[list[int]], v: int, pack: LanguagePack) -> list[int]:
    """The clauses that hold what a verb or noun of saying says: its clausal complement ("said that …"),
    a clause of a noun opened by a complementizer ("the claim that …"), also behind a correlative
    pronoun ("заявил о том, что …")."""
    heads = list(kids[v])
    heads += [g for c in kids[v] if (toks[c].lemma or toks[c].lower) in pack.word_class("correlative") for g in kids[c]]
    opener = pack.word_class("complementizer")
    found = []
    for c in heads:
        clause = toks[c].dep.split(":")[0] in ("acl", "ccomp")
        if (toks[c].dep in CONTENT and toks[v].pos != "NOUN") or (
            clause and any(toks[g].dep == "mark" and toks[g].lower in opener for g in kids[c])
        ):
            found.append(c)
    return found


def _postposed(toks: list[Token], kids: list[list[int]], v: int) -> bool:
    """A verb of saying after a comma, at the head of a clause of its own with no object, after a clause
    with a verb of its own (the parser left them side by side): "…, сообщает газета", "…, the paper said"."""
    if v < 3 or toks[v - 1].text != "," or toks[v].dep not in ("root", "ROOT", "parataxis"):
        return False
    if any(toks[c].dep in ("obj", "dobj", "ccomp", "xcomp") for c in kids[v]):
        return False
    before = range(0, v - 1)
    return any(toks[i].pos in ("VERB", "AUX") or toks[i].feature("Variant") == "Short" for i in before) and not any(
        toks[i].head == v for i in before if toks[i].dep not in ("punct",)
    )


def _with_closing_marks(doc: Doc, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """A span that ends inside a quotation it opened ends with the quotation's closing mark
    ("назвала санкции «очередным проявлением бессилия»")."""
    if span is None:
        return None
    for q in doc.spans:
        if span[0] <= q.start < span[1] < q.end <= span[1] + 3:
            return span[0], q.end
    return span


def _within_clause_breaks(toks: list[Token], idx: list[int], v: int) -> list[int]:
    """Content does not reach over a semicolon, nor back over a colon before its verb: what stands beyond
    is another sentence of the narrator's ("…: Republicans said they …"; "…; they only learned …")."""
    lo, hi = -1, len(toks)
    for i in range(v - 1, -1, -1):
        if toks[i].text in (";", ":"):
            lo = i
            break
    for i in range(v + 1, len(toks)):
        if toks[i].text == ";":
            hi = i
            break
    return [i for i in idx if lo < i < hi]


def _clause(toks: list[Token], kids: list[list[int]], c: int) -> list[int]:
    """The tokens of a content clause headed by c, up to where the narrator goes on: a second clause with
    its own subject ("Rubio said the extremist is Clinton, and he railed against …") or a participle after
    a comma ("…, telling Stephanopoulos that …") hang under the clause in the parse but are not said."""
    own = subtree(kids, c)
    cut = None
    # a relative clause after a comma closing the content describes its last noun in the narrator's words
    # ("he expects Clinton to recover from pneumonia, which forced her to leave early")
    for j in own:
        if toks[j].dep not in ("relcl", "acl:relcl") or j <= c:
            continue
        described = subtree(kids, j)
        if toks[described[0] - 1].text == "," and described[-1] >= own[-1] - 1:
            cut = described[0] - 1
    for d in kids[c]:
        start = min(subtree(kids, d))
        if d <= c or start < 1:
            continue
        if toks[start - 1].dep == "cc" and start >= 2:
            start -= 1
        if toks[start - 1].text != ",":
            continue
        dep = toks[d].dep.split(":")[0]
        if (dep == "conj" and any(toks[g].dep in SUBJECTS for g in kids[d])) or (
            dep == "advcl" and toks[d].feature("VerbForm") in ("Ger", "Part", "Conv")
        ):
            cut = start if cut is None else min(cut, start)
    if cut is None:
        return own
    kept = [i for i in own if i < cut]
    while kept and (toks[kept[-1]].dep == "cc" or toks[kept[-1]].text in EDGE):
        kept.pop()
    return kept


def _object_content(toks: list[Token], kids: list[list[int]], v: int, pack: LanguagePack) -> list[int]:
    """What a verb of saying says as its object: "Clinton cited derogatory comments …", "called climate
    change a hoax"; after a verb whose object is the addressee, the object with what it is asked to do
    ("urged Republicans to join …", not "told reporters"); the object of its preposition ("called for
    a review"); the object with what it is charged with ("accused X of …")."""
    if toks[v].pos != "VERB":
        return []
    # a verb whose preposition takes what is said: "called for the repeal of …", "asked about his tax
    # returns", "warned against hackers" (pack: prepositional_object, "verb:preposition")
    pairs = pack.word_class("prepositional_object")
    lemma = toks[v].lemma or toks[v].lower
    for c in kids[v]:
        if toks[c].dep == "prep" and f"{lemma}:{toks[c].lower}" in pairs:
            said = [g for g in kids[c] if toks[g].dep in ("pobj", "pcomp")]
            if said:
                # "called on Trump to stop …": what he is asked to do, not whom
                asked = [g for g in kids[v] if g > c and toks[g].dep == "xcomp"]
                return subtree(kids, (asked or said)[0])
    objects = [c for c in kids[v] if toks[c].dep in ("dobj", "obj")]
    # the object with what it is charged with, praised for or described as: "accused the government of
    # attempting to intimidate the families", "criticized Obama for not doing so" (pack: ground_preposition)
    ground = pack.word_class("ground_preposition")
    if objects:
        grounds = [c for c in kids[v] if c > objects[0] and toks[c].dep == "prep" and toks[c].lower in ground]
        if grounds and kids[grounds[0]]:
            return [i for c in (objects[0], grounds[0]) for i in subtree(kids, c)]
        # the parser may hang it on the object; then only a clause ("of hiding …"), not "the head of X"
        if any(
            toks[c].dep == "prep" and toks[c].lower in ground and any(toks[g].dep == "pcomp" for g in kids[c])
            for c in kids[objects[0]]
        ):
            return subtree(kids, objects[0])
    if lemma in pack.word_class("object_not_said"):
        return []
    complements = [c for c in kids[v] if toks[c].dep in ("xcomp", "oprd")]
    if not objects:
        # "pledged to work with both parties", "reported raising $9 million": the infinitive or gerund, with
        # the person it is asked of ("посоветовала родителям не отправлять детей в школу")
        verbs = [c for c in complements if _infinitive_or_gerund(toks, kids, c)]
        asked = [c for c in kids[v] if toks[c].dep in ("iobj", "dative") or toks[c].feature("Case") == "Dat"]
        return [i for c in (asked[:1] + verbs[:1] if verbs else []) for i in subtree(kids, c)]
    if lemma in pack.word_class("addressee_verb") and not complements:
        return []
    if toks[objects[0]].lower in pack.pronouns or toks[objects[0]].pos == "PRON":
        return []
    return [i for c in objects + complements for i in subtree(kids, c)]


def _infinitive_or_gerund(toks: list[Token], kids: list[list[int]], c: int) -> bool:
    """An infinitive or a gerund as a verb's complement. Taggers that follow the Penn tags (spaCy's
    English) write a gerund as a progressive participle ("admitted using the tax code"), and its
    perfect with a progressive auxiliary ("denied having met her")."""
    form = toks[c].feature("VerbForm")
    if form in ("Inf", "Ger"):
        return True
    if form != "Part":
        return False
    return toks[c].feature("Aspect") == "Prog" or any(
        toks[a].dep == "aux" and toks[a].feature("Aspect") == "Prog" for a in kids[c]
    )


def _inanimate(tok: Token) -> bool:
    """A noun the morphology marks as inanimate and the tagger names no entity."""
    return tok.feature("Animacy") == "Inan" and tok.ent is None


def _holder(toks: list[Token], kids: list[list[int]], n: int) -> int | None:
    """Whose a noun of saying is: its possessor ("Tulsa police's claim", "his claim") or its agent."""
    for c in kids[n]:
        if toks[c].dep in ("poss", "nmod:poss") or (toks[c].dep == "nmod" and toks[c].feature("Case") == "Gen"):
            return c
    return None


def _covered_by_marks(ctx: SentenceContext, start: int, end: int) -> bool:
    """Is a stretch mostly a quotation in marks already (whose attribution the cue is)?"""
    inside = sum(min(end, f.end) - max(start, f.start) for f in ctx.marks.overlapping(start, end) if f.parent is None)
    return inside > 0.6 * (end - start)


@rule(
    "ud.indirect",
    stage="sentence",
    order=20,
    needs=NEEDS,
    emits=(
        "ud.indirect.clause",
        "ud.indirect.noun_clause",
        "ud.indirect.parenthetical",
        "ud.indirect.postposed",
        "ud.indirect.object",
    ),
)
def verb_with_content(ctx: SentenceContext) -> list[Candidate] | None:
    """A verb of saying with its content clause ("Obama admitted that Republicans won fairly", "Tapper told
    the host that …"), or one inserted into the statement it attributes ("…, говорят эксперты, …",
    "Republicans, he said, won fairly")."""
    doc, sent, k = ctx.doc, ctx.sentence, ctx.index
    toks = sent.tokens
    kids = children(doc, k)
    out: list[Candidate] = []
    pack = doc.pack
    for v, tok in enumerate(toks):
        if doc.in_quote(tok.start) or not (is_cue(tok, pack) or is_speech_noun(tok, pack)):
            continue
        content = _content_clauses(toks, kids, v, pack)
        rule_id = "ud.indirect.clause"
        if content:
            idx = [i for c in content for i in _clause(toks, kids, c)]
            if toks[v].pos == "NOUN":
                rule_id = "ud.indirect.noun_clause"
        elif (
            toks[v].dep == "parataxis"
            and toks[v].head is not None
            and is_cue(tok, pack)
            and not doc.in_quote(toks[toks[v].head].start)  # «…», — сказал он: the attribution of marks
        ):
            # the verb inserted into its statement: the statement is the sentence without the verb's words
            own = set(subtree(kids, v))
            idx = [i for i in range(len(toks)) if i not in own]
            rule_id = "ud.indirect.parenthetical"
        elif _postposed(toks, kids, v):
            # "Малахов намерен обратиться в суд, сообщает газета": the clause before the comma
            comma = max(i for i in range(v) if toks[i].text == ",")
            idx = list(range(0, comma))
            rule_id = "ud.indirect.postposed"
        else:
            idx = _object_content(toks, kids, v, pack)
            rule_id = "ud.indirect.object"
            if not idx:
                continue
        span = _with_closing_marks(doc, _span(toks, _within_clause_breaks(toks, idx, v)))
        if span is None or words(doc.text[span[0] : span[1]], 2) <= 2 or _covered_by_marks(ctx, *span):
            continue
        s = subject(sent, kids, v) if toks[v].pos != "NOUN" else _holder(toks, kids, v)
        if rule_id == "ud.indirect.object" and s is not None and _inanimate(toks[s]):
            continue  # "находка подтверждает высокий уровень …": a thing that confirms says nothing
        if s is None and toks[v].feature("VerbForm") in ("Ger", "Inf", "Conv") and toks[v].dep not in ("ROOT", "root"):
            continue  # "It's worth noting that …", "without saying that …": the narrator's own words
        mention = mention_at(sent, kids, s) if s is not None else None
        found = Candidate("indirect", span[0], span[1], tok.text, mention, rule_id, carried=mention is None)
        if rule_id == "ud.indirect.parenthetical":
            inserted = subtree(kids, v)
            if span[0] < toks[inserted[0]].start and toks[inserted[-1]].end < span[1]:
                found.gap = (toks[inserted[0]].start, toks[inserted[-1]].end)  # "Цены, говорят эксперты, …"
        out.append(found)
    # a statement inside another's content is nested in it
    for inner in out:
        outer = [o for o in out if o is not inner and o.covers(inner) and (o.start, o.end) != (inner.start, inner.end)]
        if outer:
            inner.parent = min(outer, key=lambda o: o.end - o.start)
    return out or None


def _marker_at(toks: list[Token], i: int, words_: tuple[str, ...]) -> int | None:
    if i + len(words_) > len(toks):
        return None
    for j, w in enumerate(words_):
        if toks[i + j].lower != w:
            return None
    return i + len(words_)


@rule("ud.according_to", stage="sentence", order=30, needs=NEEDS)
def according_to(ctx: SentenceContext) -> list[Candidate] | None:
    """ "According to X, …", "По словам X, …", "Как заявил X, …": the rest of the sentence is X's statement."""
    doc, sent, k = ctx.doc, ctx.sentence, ctx.index
    toks = sent.tokens
    kids = children(doc, k)
    for i in range(len(toks)):
        if doc.in_quote(toks[i].start):
            continue
        for marker in doc.pack.according_to:
            after = _marker_at(toks, i, marker.words)
            if after is None or after >= len(toks):
                continue
            verb = next((j for j in range(i, after) if is_cue(toks[j], doc.pack)), None)
            owner = next((j for j in range(i, after) if toks[j].lower in doc.pack.word_class("possessive")), None)
            if owner is not None:
                source = owner  # "по его словам": whose words the possessive says
            elif verb is not None:
                source = subject(sent, kids, verb)  # "как заявил X"
            else:
                # "according to the ministry", "по мнению историков": the noun the marker governs, after it
                governed = [c for j in range(i, after) for c in kids[j] if c >= after]
                source = next((c for c in governed if toks[c].feature("Case") == "Gen"), None)
                source = source if source is not None else next(iter(governed), None)
                if source is None or toks[source].pos not in ("NOUN", "PROPN", "PRON"):
                    source = next((c for c in range(after, len(toks)) if toks[c].pos in ("NOUN", "PROPN")), None)
            if source is None:
                continue
            m = mention_at(sent, kids, source) if owner is None else Mention(owner, owner + 1, toks[owner : owner + 1])
            if m.start < i:
                continue
            # the marker, its source and the comma after them are not the statement
            skip = set(range(i, max(after, m.end)))
            rest = [j for j in range(len(toks)) if j not in skip]
            span = _span(toks, rest)
            if span is None or words(doc.text[span[0] : span[1]], 2) <= 2 or _covered_by_marks(ctx, *span):
                continue
            cue = " ".join(t.text for t in toks[i:after])
            gap = (toks[i].start, toks[max(after, m.end) - 1].end)
            found = Candidate("according_to", span[0], span[1], cue, m, "ud.according_to")
            if span[0] < gap[0] and gap[1] < span[1]:
                found.gap = gap
            return [found]
    return None


@rule(
    "ud.mixed",
    stage="refine",
    order=20,
    needs=NEEDS,
    emits=("ud.mixed.in_report", "ud.mixed.cue", "ud.indirect.around_quote"),
)
def quoted_fragments(doc: Doc, found: list[Candidate]) -> None:
    """A quoted fragment inside reported speech (Peskov said the government was “not worried”) is a mixed
    quotation of that speaker; one in a sentence with a verb of saying whose subtree holds it, of that
    verb's subject."""
    reports = [g for g in found if g.span is None]
    for f in found:
        if f.kind not in ("mixed", "scare") or f.parent is not None:
            continue
        host = min((g for g in reports if g.start <= f.start < g.end), key=lambda g: g.end - g.start, default=None)
        if host is not None:
            f.kind, f.parent, f.carried, f.rule = "mixed", host, True, "ud.mixed.in_report"
            continue
        k = doc.sentence_at(f.start)
        sent, kids = doc.sentences[k], children(doc, k)
        for v, tok in enumerate(sent.tokens):
            if not is_cue(tok, doc.pack) or doc.in_quote(tok.start):
                continue
            inside = [sent.tokens[i] for i in subtree(kids, v)]
            if inside and inside[0].start <= f.start and f.end <= inside[-1].end + 1:
                s = subject(sent, kids, v)
                if s is None:
                    break
                mention = mention_at(sent, kids, s)
                if f.kind == "mixed":
                    f.cue, f.mention, f.rule, f.carried = tok.text, mention, "ud.mixed.cue", False
                statement = _statement_around(doc, k, v, f, mention)
                if statement is not None:
                    # the words in marks are part of the statement: a mixed quotation, short or not
                    found.append(statement)
                    f.kind, f.parent, f.carried, f.rule = "mixed", statement, True, "ud.mixed.in_report"
                break


def _statement_around(doc: Doc, k: int, v: int, f: Candidate, mention: Mention) -> Candidate | None:
    """The statement a quoted fragment is part of: the arguments of the verb of saying after it that hold
    the fragment ("Weaver called that “beyond preposterous”", "denounced Trump's call for “a total and
    complete shutdown …”"), as reported speech of the verb's subject."""
    sent, kids = doc.sentences[k], children(doc, k)
    toks = sent.tokens
    args = [c for c in kids[v] if c > v and toks[c].dep not in ("punct", "cc", "conj", "advcl", "advmod", "npadvmod")]
    idx = [i for c in args for i in subtree(kids, c)]
    span = _span(toks, idx)
    if span is None or not span[0] <= f.start < span[1] or (span[0], span[1]) == (f.start, f.end):
        return None
    if words(doc.text[span[0] : f.start] + doc.text[f.end : span[1]], 1) < 1:
        return None  # nothing but the quotation: no statement around it
    cue = sent.tokens[v].text
    return Candidate("indirect", span[0], max(span[1], f.end), cue, mention, "ud.indirect.around_quote")
