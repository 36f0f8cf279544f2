"""German noun-phrase chunks that can name a speaker, found by rules over tokens (there is no German
parser that runs offline).

German capitalises every noun, so a speaker chunk is: an optional determiner, adjectives
(lower case, inflected), one or more capitalised words, then genitive attachments
("der Sprecher des Ministeriums") and a name in apposition ("…, Max Müller,").
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from quotewatch.lang import LanguagePack
from quotewatch.speakers.mention import Mention, is_capitalised
from quotewatch.text.chars import NAME_CLOSERS, NAME_OPENERS, STATEMENT_BREAK
from quotewatch.text.segment import QUOTED_NAME, Token


def _function_word(word: str, pack: LanguagePack) -> bool:
    # "werden Absprachen" is no noun phrase with an adjective: auxiliaries and modals are function words
    return word in pack.word_classes(
        "article",
        "preposition",
        "conjunction",
        "subordinator",
        "personal_pronoun",
        "negation",
        "clause_adverb",
        "object_pronoun",
        "demonstrative",
        "possessive",
        "relative",
        "auxiliary",
        "modal",
    )


def _noun_follows(tokens: list[Token], k: int, n: int, pack: LanguagePack) -> bool:
    """Does a noun follow at token k, perhaps after one adjective ("Diese Entscheidung", "diese neue Regel")?"""
    if k < n and _adjective_like(tokens[k], pack):
        k += 1
    return k < n and is_capitalised(tokens[k])


def _adjective_like(tok: Token, pack: LanguagePack) -> bool:
    w = tok.text
    if w[:1].isdigit() and "-" in w:
        w = w.split("-", 1)[1]  # "81-jährige"
    if not w[:1].islower() or not w.isalpha() and "-" not in w or "." in w:
        return False
    if _function_word(w, pack):
        return False
    return pack.ends_with(w, "adjective_ending") or w in pack.word_class("quantifier")


def chunk_at(
    tokens: list[Token],
    i: int,
    pack: LanguagePack,
    stop: int | None = None,
    allow_pronoun: bool = True,
    cheap: bool = False,
) -> Mention | None:
    """The speaker-like noun phrase that starts at token i, or None. `cheap` decides appositions
    without the tagger (for the pre-pass over every noun phrase of an article)."""
    n = len(tokens) if stop is None else min(stop, len(tokens))
    if i >= n:
        return None
    low = tokens[i].lower
    # "Ihr Vorsitzender X" is no "ihr", "Diese Entscheidung" no "diese"
    determiner = low in pack.word_classes("possessive", "demonstrative") and _noun_follows(tokens, i + 1, n, pack)
    if allow_pronoun and low in pack.pronouns and not determiner:
        return Mention(i, i + 1, tokens[i : i + 1])
    k = i
    attribute = None
    determiners = pack.word_classes("article", "possessive", "demonstrative")
    if low in determiners or low in pack.word_class("quantifier"):
        k += 1
    elif (
        (i == 0 or tokens[i - 1].text in STATEMENT_BREAK)
        and k + 1 < n
        and _adjective_like(Token(low, tokens[i].start, tokens[i].end), pack)
        and (is_capitalised(tokens[k + 1]) or tokens[k + 1].lower in pack.word_class("np_conjunction"))
    ):
        k += 1  # a sentence-initial adjective: "Arabische Medien", "Westliche Quellen"
    if k > i and k + 2 < n and (tokens[k].lower in pack.word_class("preposition") or tokens[k].text.isdigit()):
        # an extended attribute: "der für die Region zuständige Koordinator", "der 2004 verstorbene
        # Bundespräsident"; the participle ends it, a noun follows
        j = k + 1
        while j < min(n, k + 7) and tokens[j].text[:1].isalnum() and not _adjective_like(tokens[j], pack):
            j += 1
        if j + 1 < n and j < k + 7 and _adjective_like(tokens[j], pack) and is_capitalised(tokens[j + 1]):
            attribute = (k - i, j + 1 - i)
            k = j
    # a quantifier standing for its noun: "Die beiden", "Viele"
    quantifier = k - 1 if k == i + 1 and low in pack.word_class("quantifier") else k
    if (
        quantifier < n
        and tokens[quantifier].lower in pack.word_class("quantifier")
        and not _noun_follows(tokens, quantifier + 1, n, pack)
    ):
        end = quantifier + 1
        if end < n and tokens[end].lower in pack.word_class("genitive_link") - pack.word_class("von_link"):
            sub = chunk_at(tokens, end, pack, n, False, cheap)  # "Einige der Teilnehmer"
            end = sub.end if sub is not None else end
        return Mention(i, end, tokens[i:end])
    while k < n and (
        _adjective_like(tokens[k], pack)
        or k > i
        and tokens[k].lower in pack.word_class("np_conjunction")
        and k + 1 < n
        and _adjective_like(tokens[k + 1], pack)
    ):
        k += 1  # "arabische und iranische Medien"
    head = k
    if head < n and tokens[head].text == QUOTED_NAME:
        # a masked name in quotation marks: „BBC News“ berichtet
        return Mention(i, head + 1, tokens[i : head + 1], attribute)
    if head == i and head < n and _function_word(tokens[head].lower, pack):
        return None  # sentence-initial "Daraufhin", "Dort", "Im"
    if head < n and tokens[head].text in NAME_OPENERS and (m := _quoted_name(tokens, head, n)) is not None:
        k = m  # a name in quotation marks: schrieb „Die Zeit“
        return Mention(i, k, tokens[i:k], attribute)
    while k < n and (
        (is_capitalised(tokens[k]) or _capitalised_compound(tokens[k]))
        and tokens[k].text.replace("-", "").isalnum()
        or _web_name(tokens[k])
        or (
            k > head
            and tokens[k].lower in pack.word_class("name_particle")
            and k + 1 < n
            and is_capitalised(tokens[k + 1])
            and tokens[k + 1].lower not in pack.word_class("time_noun")  # "zu Beginn", not "zu Guttenberg"
            and tokens[k].lower not in pack.word_class("article_like_particle")
        )
    ):
        k += 1
    if head < k < n:
        # a noun with its name in quotation marks: "Die Wochenzeitung „Die Zeit“ meldet"
        end = _quoted_name(tokens, k, n) if tokens[k].text in NAME_OPENERS else None
        end = k + 1 if tokens[k].text == QUOTED_NAME else end
        if end is not None:
            return Mention(i, end, tokens[i:end], attribute)
    # a genitive name before its noun: "Jelpkes wissenschaftlicher Mitarbeiter Nick Brauns"
    if head < k < n and k - head == 1 and tokens[k - 1].text.endswith("s") and _adjective_like(tokens[k], pack):
        j = k
        while j < n and _adjective_like(tokens[j], pack):
            j += 1
        if j < n and is_capitalised(tokens[j]):
            k = j
            while k < n and is_capitalised(tokens[k]) and tokens[k].text.replace("-", "").isalnum():
                k += 1
    if k == head:
        return None
    if tokens[k - 1].lower in pack.word_class("time_noun"):
        return None  # "am Samstag" is when, not who
    if head == i and (i == 0 or not tokens[i - 1].text[:1].isalnum()) and not pack.is_noun_like(tokens[i].text):
        return None  # a capitalised sentence-initial adverb or verb ("Zwar", "Dabei")
    # genitive attachments and "von"-phrases: "der Fraktion der SPD", "Sprecher von Greenpeace"; not
    # after a full name ("laut Sergei Voznyak der Sprecher …" starts a new noun phrase)
    full_name = k - i >= 2 and tokens[k - 2].text in pack.first_names
    while (
        k + 1 < n
        and not (full_name and tokens[k].lower not in pack.word_class("von_link"))
        and tokens[k].lower in pack.word_class("genitive_link")
        and (is_capitalised(tokens[k + 1]) or _adjective_like(tokens[k + 1], pack))
    ):
        sub = chunk_at(tokens, k + 1 if tokens[k].lower in pack.word_class("von_link") else k, pack, n, False, cheap)
        if sub is None or sub.end <= k + 1:
            break
        k = sub.end
    # a party or place in parentheses: "Gitta Trauernicht (SPD)"
    if k + 2 < n and tokens[k].text == "(" and ")" in [t.text for t in tokens[k + 1 : k + 5]]:
        close = next(j for j in range(k + 1, min(n, k + 5)) if tokens[j].text == ")")
        if all(is_capitalised(t) or t.text in "/-," for t in tokens[k + 1 : close]):
            k = close + 1
    # a name in apposition: "der Sprecher des Kremls, Dmitri Peskow,"
    named_apposition = False
    if k + 1 < n and tokens[k].text == "," and is_capitalised(tokens[k + 1]):
        j = k + 1
        while j < n and (
            is_capitalised(tokens[j])
            or tokens[j].lower in pack.word_class("name_particle")
            and j + 1 < n
            and is_capitalised(tokens[j + 1])
        ):
            j += 1
        if j < n and tokens[j].text == "(" and ")" in [t.text for t in tokens[j + 1 : j + 5]]:
            j = next(x for x in range(j + 1, min(n, j + 5)) if tokens[x].text == ")") + 1
        if (
            j - (k + 1) <= 6
            and (j >= n or tokens[j].text in ",.;:")
            and any(t.text in pack.first_names or not cheap and pack.is_proper_noun(t.text) for t in tokens[k + 1 : j])
        ):
            k, named_apposition = j, True
    # a role in apposition after a name: "Erkki Tuomioja, Präsident des Rats der Europäischen Union:"
    if (
        not named_apposition
        and k + 1 < n
        and tokens[k].text == ","
        and any(t.text in pack.first_names or not cheap and pack.is_proper_noun(t.text) for t in tokens[i:k])
    ):
        role = chunk_at(tokens, k + 1, pack, n, False, cheap)
        if role is not None and (role.end >= n or tokens[role.end].text in ",.;:"):
            k = role.end
    return Mention(i, k, tokens[i:k], attribute)


WEB_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.[a-z]{2,6}$")


def _web_name(tok: Token) -> bool:
    """A site name written in lower case: "t-online.de", "heise.de"."""
    return bool(WEB_NAME.match(tok.text))


def _capitalised_compound(tok: Token) -> bool:
    """Lower-case-initial compounds with a noun at the end: "ai-Bericht", "e-Mail"."""
    return "-" in tok.text and tok.text.rsplit("-", 1)[1][:1].isupper()


def _quoted_name(tokens: list[Token], k: int, n: int) -> int | None:
    """End (exclusive) of a short capitalised name in quotation marks starting at token k."""
    for j in range(k + 1, min(n, k + 7)):
        if tokens[j].text in NAME_CLOSERS:
            inner = tokens[k + 1 : j]
            return j + 1 if inner and is_capitalised(inner[0]) else None
    return None


def chunk_before(tokens: list[Token], lo: int, hi: int, pack: LanguagePack) -> Mention | None:
    """A noun phrase that fills exactly tokens[lo:hi] (the field before a finite verb)."""
    if hi <= lo:
        return None
    m = chunk_at(tokens, lo, pack, hi)
    # prepositional phrases that end the subject: "Der Einsatzleiter der Polizei in Dortmund"
    while m is not None and m.end < hi - 1 and tokens[m.end].lower in pack.word_class("preposition"):
        pp = chunk_at(tokens, m.end + 1, pack, hi, False)
        if pp is None:
            break
        m = Mention(m.start, pp.end, tokens[m.start : pp.end], m.attribute)
    if m is not None and m.end < hi - 1 and tokens[m.end].lower in pack.word_class("np_conjunction"):
        # "Der Abgeordnete und Fraktionschef Andreas Stoch", "Der Präsident und der Minister"
        rest = chunk_before(tokens, m.end + 1, hi, pack)
        if rest is not None:
            m = Mention(m.start, rest.end, tokens[m.start : rest.end], m.attribute)
    if m is not None and (m.end == hi or m.end == hi - 1 and tokens[hi - 1].text == ","):
        return m
    return None


@cache
def _animacy_table(code: str) -> dict[str, str]:
    """lemma -> "speaks" | "never", learned from who speaks in annotated news (tools/learn_animacy.py)."""
    path = resources.files("quotewatch") / "lang" / code / "animacy.tsv"
    if not path.is_file():
        return {}
    rows = (ln.split("\t") for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#"))
    return {r[0]: r[1] for r in rows}


_UMLAUTS = str.maketrans("äöü", "aou")


def _fold(word: str) -> str:
    return word.lower().translate(_UMLAUTS)


@cache
def _never_stems(code: str) -> frozenset[str]:
    """What an inflected form of a lemma that never speaks starts with, umlauts folded ("Ärzte" starts
    with "arzt"); Latin plurals replace their ending ("Ministerien", "Firmen")."""
    stems = set()
    for lemma, animacy in _animacy_table(code).items():
        if animacy != "never":
            continue
        folded = _fold(lemma)
        stems.add(folded)
        if folded.endswith(("um", "us")):
            stems.add(folded[:-2] + "en")
        elif folded.endswith("a"):
            stems.add(folded[:-1] + "en")
    return frozenset(stems)


def _never_speaks(word: str, pack: LanguagePack) -> bool:
    """Is the word a form of a noun that the annotated data never saw speaking?"""
    table = _animacy_table(pack.code)
    if word in table:
        return table[word] == "never"
    # the lemmatizer costs milliseconds for a word it has not seen, and almost no word is a form of
    # the few lemmas that never speak: it is asked only when the word could be one
    folded, stems = _fold(word), _never_stems(pack.code)
    if not any(folded[:k] in stems for k in range(2, len(folded) + 1)):
        return False
    return table.get(pack.lemma(word)) == "never"


def can_speak(mention: Mention, pack: LanguagePack) -> bool:
    """Can this noun phrase be the source of a statement? Not when its head is an abstract noun
    ("Das Ziel", "Die Anzahl der Opfer", "Diese Entscheidung"), unless it names a person, a body,
    a medium or a document. Packs without `non_agent_ending` accept every noun phrase."""
    if mention.antecedent is not None:
        return can_speak(mention.antecedent, pack)
    if not pack.word_class("non_agent_ending"):
        return True
    head_zone, seen_noun, abstract = True, False, False
    capitalised: list[str] = []
    for t in mention.tokens:
        low = t.lower
        if low in pack.pronouns or t.text in pack.first_names or t.text in pack.role_nouns:
            return True
        if seen_noun and (low in pack.word_class("genitive_link") or t.text in ",("):
            head_zone = False  # "der Sprecher des Ministeriums": the head decides, names anywhere
            continue
        if seen_noun and low in pack.word_class("preposition"):
            break  # "Jegliche Mitverantwortung für die Affäre der SPD": what follows is about the head
        if not is_capitalised(t) or low in pack.word_class("article"):
            continue
        seen_noun = True
        capitalised.append(t.text)
        word = low.rsplit("-", 1)[-1]
        if len(t.text) >= 2 and t.text.replace("-", "").isupper():
            return True  # an acronym: NASA, FBI, CDU
        if head_zone:
            # a noun the annotated data never saw speaking, though the rules took it for a speaker, is
            # none, whatever its ending suggests (that a noun spoke in the data is no proof that it can:
            # "Aktion" heads speakers there and is an abstract noun; measured, it only cost speakers)
            if _never_speaks(t.text, pack):
                abstract = True
                continue
            if (
                pack.ends_with(word, "agent_ending")
                or word in pack.word_class("group_head")
                or word in pack.word_class("source_noun_ending")
            ):
                return True
            abstract = abstract or pack.ends_with(word, "non_agent_ending")
    # only an abstract head needs the tagger (a millisecond per new word): is there a name too?
    return not abstract or any(pack.is_proper_noun(w) for w in capitalised)
