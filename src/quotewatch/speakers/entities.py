"""Who a speaker mention stands for: names, role nouns and pronouns resolved to one canonical name.

Within an article, "Der belarussische Präsident Alexander Lukaschenko", "Lukaschenko",
"der Präsident", "das Staatsoberhaupt" and "er" are one person; "der russische Präsident" is
another. Names come from proper-noun tags, given names and a gazetteer of well-known people;
role nouns are resolved to the person who holds that role in this article (or, failing that,
in the gazetteer); pronouns to the most recent compatible person.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from quotewatch.lang import LanguagePack
from quotewatch.speakers.given_names import gender_of
from quotewatch.speakers.mention import Mention, is_capitalised
from quotewatch.text.segment import QUOTED_NAME, Token


@dataclass
class Person:
    name: str
    aliases: set[str] = field(default_factory=set)
    gender: str | None = None
    country: str | None = None
    roles: set[str] = field(default_factory=set)
    roles_in_article: set[str] = field(default_factory=set)
    mentions: int = 0


@dataclass(frozen=True)
class KnownPerson:
    name: str  # the key of the person (its German spelling: the project began in German)
    aliases: tuple[str, ...]
    gender: str | None
    country: str | None
    roles: tuple[str, ...]
    names: tuple[tuple[str, str], ...] = ()  # (language, the name as written in that language)

    def name_in(self, language: str) -> str:
        """The canonical name in an article's language and script ("Dmitry Peskov" in English)."""
        return dict(self.names).get(language, self.name)

    @property
    def all_names(self) -> list[str]:
        return [self.name, *(n for _, n in self.names), *self.aliases]


@cache
def gazetteer() -> dict[str, KnownPerson]:
    """Lower-cased alias (full and surname) -> well-known person."""
    index: dict[str, KnownPerson] = {}
    path = resources.files("quotewatch") / "data" / "people.tsv"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            name, aliases, gender, country, roles, names = (cols + [""] * 6)[:6]
            person = KnownPerson(
                name,
                tuple(a for a in aliases.split(";") if a),
                gender or None,
                country or None,
                tuple(r for r in roles.split(";") if r),
                tuple(tuple(n.split("=", 1)) for n in names.split(";") if "=" in n),  # type: ignore[misc]
            )
            for alias in person.all_names:
                index.setdefault(alias.lower(), person)
    return index


@cache
def _suffix_table(code: str) -> tuple[tuple[str, str], ...]:
    from quotewatch.lang import load

    nouns = load(code).role_nouns
    return tuple(sorted(((n.lower(), r) for n, r in nouns.items() if len(n) >= 5), key=lambda x: -len(x[0])))


def _role_suffixes(pack: LanguagePack) -> tuple[tuple[str, str], ...]:
    return _suffix_table(pack.code)


def _role_of_token(tok: Token, pack: LanguagePack) -> tuple[str, str | None] | None:
    """The role of a token, by its form or (in a language that inflects its nouns) its lemma."""
    return _role_of(tok.text, pack) or (_role_of(tok.lemma, pack) if tok.lemma else None)


def _role_of(tok_text: str, pack: LanguagePack) -> tuple[str, str | None] | None:
    """(role class, nationality prefix) of a role noun, also inside compounds ("US-Präsident")."""
    return _role_of_word(tok_text, pack.code)


@lru_cache(maxsize=100_000)
def _role_of_word(tok_text: str, code: str) -> tuple[str, str | None] | None:
    # cached per word: every capitalised word of an article is asked, and the suffix scan is long
    from quotewatch.lang import load

    pack = load(code)
    for form in (tok_text, tok_text.lower(), tok_text[:1].upper() + tok_text[1:]):
        if form in pack.role_nouns:
            return pack.role_nouns[form], None
    # compounds ending in a role noun: "Energieminister", "Regierungssprecherin"
    low = tok_text.lower()
    for noun, role in _role_suffixes(pack):
        if low.endswith(noun) and len(low) > len(noun) + 2:
            return role, None
    if "-" in tok_text:
        prefix, _, rest = tok_text.rpartition("-")
        if rest in pack.role_nouns:
            return pack.role_nouns[rest], prefix.lower()
        if rest[:1].upper() + rest[1:] in pack.role_nouns:
            return pack.role_nouns[rest[:1].upper() + rest[1:]], prefix.lower()
    return None


class SpeakerResolver:
    """Article-level memory of the people mentioned, to resolve speaker mentions."""

    def __init__(self, pack: LanguagePack):
        self.pack = pack
        self.persons: list[Person] = []
        self._by_name: dict[str, Person] = {}
        self._timeline: list[tuple[int, Person]] = []  # (char offset, person), outside quotes
        self._everywhere: list[tuple[int, Person]] = []  # (char offset, person), quotes included
        self._groups: list[tuple[int, str]] = []  # (char offset, group name)
        self._surnames: set[str] = set()
        self._subjects: list[tuple[int, str, str]] = []  # (char offset, name, gender) of clause subjects

    # ---- names ---------------------------------------------------------------------------
    def _is_name_token(self, text: str, cheap: bool = False) -> bool:
        """Is a capitalised word part of a person's name? `cheap` skips the tagger (for the pre-pass
        over every noun phrase: HanTa costs a millisecond per new word)."""
        if text in self.pack.role_nouns:
            return False
        if text in self.pack.first_names or text.lower() in gazetteer() or text in self._surnames:
            return True
        return not cheap and self.pack.is_proper_noun(text)

    def _name_token(self, tok: Token, cheap: bool = False) -> bool:
        """_is_name_token for a token: where a parser tagged the word, a proper noun or a person's name is
        one, anything else (a capitalised article at a sentence start) is none."""
        if tok.pos is not None and tok.text not in self.pack.first_names and tok.text.lower() not in gazetteer():
            return (tok.pos == "PROPN" or tok.ent == "PER") and _role_of_token(tok, self.pack) is None
        return self._is_name_token(tok.text, cheap)

    def name_run(self, mention: Mention, cheap: bool = False) -> list[str] | None:
        """The person name inside a mention ("Präsident Alexander Lukaschenko" -> 2 tokens)."""
        toks = mention.core
        best: list[str] | None = None
        best_tokens: list[Token] = []
        comma = next((k for k, t in enumerate(toks) if t.text == ","), None)
        if comma is not None and 0 < comma <= 3 and comma + 1 < len(toks):
            # "Rajevac, der Trainer Ghanas": capitalised words before an apposition are the name,
            # known to the tagger or not
            before = toks[:comma]
            if all(is_capitalised(t) and t.text not in self.pack.role_nouns for t in before) and (
                toks[comma + 1].lower in self.pack.word_class("article")
                or _role_of_token(toks[comma + 1], self.pack) is not None
                or len(toks) > comma + 2
                and toks[comma + 2].lower in self.pack.word_class("genitive_link")
            ):  # "X, der Trainer", "X, Sprecher", "X, Vorstandsmitglied der Liga"
                return self.pack.normal_name(before)
        i = 0
        while i < len(toks):
            # after a role noun a capitalised word starts the name, where no parser says it is no proper
            # noun ("Губернатор Новгородской области Павел Ершов": not the adjective)
            after_role = i > 0 and _role_of_token(toks[i - 1], self.pack) is not None and toks[i].pos in (None, "PROPN")
            if is_capitalised(toks[i]) and (self._name_token(toks[i], cheap) or after_role):
                j = i + 1
                # after a given name, the next capitalised words are the rest of the name
                while (
                    j < len(toks)
                    and is_capitalised(toks[j])
                    and toks[j].text not in self.pack.role_nouns
                    and (
                        self._name_token(toks[j], cheap)
                        or toks[i].text in self.pack.first_names
                        or j == len(toks) - 1
                        and (after_role or j == i + 1)
                    )
                ):
                    j += 1
                run_tokens = toks[i:j]
                run = [t.text for t in run_tokens]
                # a run with a known given name or a known person beats a longer one ("Президент
                # Беларуси Александр Лукашенко": the name, not the country after the role noun)
                while (
                    len(run) > 1
                    and not self._is_name_token(run[0], True)
                    and run_tokens[0].ent != "PER"  # a name the tagger knows stays whole
                    and any(self._is_name_token(w, True) for w in run[1:])
                ):
                    run, run_tokens = run[1:], run_tokens[1:]
                if (
                    best is None
                    or len(run) > len(best)
                    or (after_role and best and not any(self._is_name_token(w, True) for w in best))
                ):
                    best, best_tokens = run, run_tokens
                i = j
            else:
                i += 1
        return self.pack.normal_name(best_tokens) if best is not None else None

    def _country_of(self, mention: Mention) -> str | None:
        for tok in mention.core:
            low = tok.lower
            for stem, country in self.pack.nationalities.items():
                if low.startswith(stem) and len(low) - len(stem) <= 3:
                    return country
        return None

    def _person(self, run: list[str]) -> Person:
        full = " ".join(run)
        key = full.lower()
        if key in self._by_name:
            return self._by_name[key]
        known = gazetteer().get(key)
        last = run[-1].lower()
        if known is None:
            # "Lukaschenko" after "Alexander Lukaschenko": the same person
            for p in reversed(self.persons):
                if p.name.split()[-1].lower() == last or last in {a.split()[-1].lower() for a in p.aliases}:
                    self._by_name[key] = p
                    p.aliases.add(full)
                    return p
            known = gazetteer().get(last) if len(run) == 1 else None
        if known is not None and known.name_in(self.pack.code).lower() in self._by_name:
            person = self._by_name[known.name_in(self.pack.code).lower()]
        elif known is not None:
            person = Person(known.name_in(self.pack.code), set(), known.gender, known.country, set(known.roles))
            self.persons.append(person)
            self._by_name[known.name_in(self.pack.code).lower()] = person
        else:
            gender = (self.pack.first_names.get(run[0]) or gender_of(run[0])) if len(run) > 1 else None
            person = Person(full, set(), gender)
            self.persons.append(person)
        if full != person.name:
            person.aliases.add(full)
        self._by_name[key] = person
        return person

    # ---- observing the article ------------------------------------------------------------
    def observe(
        self, mention: Mention, inside_quote: bool = False, cheap: bool = False, speaking: bool = False
    ) -> Person | None:
        """Register the people a noun phrase names, with the role it gives them. A lone proper noun
        is a person only when known or `speaking` (the subject of a quotation)."""
        run = self.name_run(mention, cheap)
        if not run:
            return None
        toks = mention.core
        # a lone name speaking, alone or with an apposition ("Rajevac, der Trainer")
        alone = len(toks) == 1 or toks[0].text == run[0] and toks[1].text == ","
        if len(run) == 1 and not (self._looks_like_person(run[0]) or speaking and alone):
            return None
        person = self._person(run)
        person.mentions += 1
        if len(run) > 1:
            self._surnames.add(run[-1])
        if person.gender is None:
            # where names inflect for gender, the name's last word says it (Смирнова: Fem)
            genders = [t.feature("Gender") for t in mention.core if t.pos == "PROPN" and t.feature("Gender")]
            person.gender = {"Fem": "f", "Masc": "m"}.get(genders[-1]) if genders else None
        for tok in mention.core:
            role = _role_of_token(tok, self.pack)
            if role:
                person.roles.add(role[0])
                person.roles_in_article.add(role[0])
                if person.gender is None and self.pack.ends_with(tok.text, "feminine_suffix"):
                    person.gender = "f"
                elif person.gender is None:
                    person.gender = "m"
        country = self._country_of(mention)
        if country and person.country is None:
            person.country = country
        bisect.insort(self._everywhere, (mention.char_start, person), key=lambda e: e[0])
        if not inside_quote:
            bisect.insort(self._timeline, (mention.char_start, person), key=lambda e: e[0])
        return person

    def observe_subject(self, mention: Mention, person: Person | None) -> None:
        """A noun phrase in subject position: a possible antecedent for "er"/"sie" even unnamed."""
        first = mention.core[0].lower
        if person is None:
            person = self.resolve_role(mention)
        if person is None and not self.pack.can_speak(mention):
            return  # "Das Ziel sei …": an abstract subject is no antecedent of a speaker
        if person is not None:
            gender = person.gender or "m"
            name = person.name
        else:
            w = self.pack.word_class
            if first in w("masculine_determiner"):
                gender = "m"
            elif first in w("feminine_determiner"):
                gender = "f"
            elif first in w("neuter_determiner"):
                gender = "n"
            else:
                gender = ""
            head = mention.core[-1].lower
            if not gender and self.pack.ends_with(head, "agent_ending"):
                # "von einer Sprecherin": a dative article says little, the noun's suffix does
                gender = "f" if self.pack.ends_with(head, "feminine_suffix") else "m"
            if (
                first in w("plural_determiner")
                and self.pack.ends_with(head, "plural_ending")
                and mention.core[-1].text not in self.pack.role_nouns
            ):
                gender = "f/pl"
            name = self.group_name(mention)
        bisect.insort(self._subjects, (mention.char_start, name, gender), key=lambda e: e[0])

    def last_subject(self, before: int, gender: str) -> tuple[int, str] | None:
        k = bisect.bisect_left(self._subjects, before, key=lambda e: e[0])
        for pos, name, g in reversed(self._subjects[:k]):
            if gender in g.split("/") or (gender == "pl" and g == "f/pl"):
                return pos, name
        return None

    def observe_group(self, mention: Mention) -> None:
        self._groups.append((mention.char_start, self.group_name(mention)))

    def _looks_like_person(self, word: str) -> bool:
        if word.lower() in gazetteer() or word in self.pack.first_names:
            return True
        # a lone proper noun may be a place or an organisation: a person only once named in full
        return any(p.name.split()[-1] == word for p in self.persons)

    # ---- resolving ----------------------------------------------------------------------------
    def group_name(self, mention: Mention) -> str:
        """A group or institution named by a noun phrase, in the nominative where it is easy:
        "des Ministeriums" -> "Ministerium"."""
        toks = mention.core
        comma = next((k for k, t in enumerate(toks) if t.text == ","), None)
        if comma is not None:
            # "der Sender des Vatikans, Radio Vatikan": the proper name in the apposition, else the head
            rest = toks[comma + 1 :]
            toks = rest if rest and all(is_capitalised(t) for t in rest) else toks[:comma]
        genitive = bool(toks) and toks[0].lower in self.pack.word_class("genitive_article")
        skip = self.pack.word_class("article") | self.pack.word_class("preposition")
        while toks and toks[0].lower in skip:
            toks = toks[1:]
        if not toks:
            return mention.text
        words = [t.text for t in toks if t.text != QUOTED_NAME]  # "Die Zeitung „X“": the quoted name is masked
        if genitive and len(words) == 1:
            words[0] = self.pack.lemma(words[0])
        return " ".join(words)

    def other_person(self, before: int, exclude: str, gender: str = "m") -> str | None:
        """The last person mentioned anywhere (quotes included) who is not `exclude`."""
        k = bisect.bisect_left(self._everywhere, before, key=lambda e: e[0])
        for _, person in reversed(self._everywhere[:k]):
            if person.name != exclude and person.gender in (None, gender):
                return person.name
        return None

    def last_group(self, before: int) -> str | None:
        k = bisect.bisect_left(self._groups, before, key=lambda e: e[0])
        return self._groups[k - 1][1] if k else None

    def resolve_role(self, mention: Mention) -> Person | None:
        roles = [r for r in (_role_of_token(t, self.pack) for t in mention.core) if r]
        if not roles:
            return None
        role, prefix = roles[-1]
        country = self._country_of(mention)
        if prefix and country is None:
            country = self.pack.nationalities.get(prefix)
        candidates = [p for p in self.persons if role in p.roles]
        if country:
            candidates = [p for p in candidates if p.country == country]
            if not candidates:
                known = [k for k in set(gazetteer().values()) if role in k.roles and k.country == country]
                if len(known) == 1:
                    return self._person(known[0].name.split())
                return None
        else:
            # without a nationality, "der Präsident" is the one this article calls president
            in_article = [p for p in candidates if role in p.roles_in_article]
            candidates = in_article or candidates
        if not candidates:
            return None
        return max(candidates, key=lambda p: (role in p.roles_in_article, p.mentions))

    def resolve(self, mention: Mention, quote_speaker: str | None = None) -> str | None:
        """Canonical name for a speaker mention; `quote_speaker` is who speaks around it (for "ich")."""
        if mention.antecedent is not None:
            return self.resolve(mention.antecedent, quote_speaker)
        first = mention.core[0].lower if mention.core else ""
        if len(mention.core) == 1 and first in self.pack.pronouns:
            person_num, gender = self.pack.pronouns[first]
            if person_num == 1:
                return quote_speaker
            polite = first in self.pack.word_class("polite_pronoun") and mention.core[0].text[:1].isupper()
            if polite and quote_speaker is not None:
                return self.last_group(mention.char_start) or None
            if gender in ("m", "f"):
                return self._nearest(mention.char_start, gender)  # "er", "he", "she", "он", "она"
            if "pl" in gender:
                return self._nearest(mention.char_start, "f") or self.last_group(mention.char_start)
            return None
        if len(mention.core) == 1 and first in self.pack.word_class("possessive_masculine"):
            return self._nearest(mention.char_start, "m")  # "по его словам"
        if len(mention.core) == 1 and first in self.pack.word_class("possessive_feminine"):
            return self._nearest(mention.char_start, "f")
        if len(mention.core) == 1 and first in self.pack.word_class("demonstrative"):
            # "In diesem wird festgehalten": a document named before, whose author is the last subject
            return self.recent_subject(mention.char_start)
        opinion = len(mention.core) == 2 and not _role_of_token(mention.core[1], self.pack)
        if opinion and first in self.pack.word_class("possessive_masculine"):
            return self._nearest(mention.char_start, "m")  # "Seiner Ansicht nach": the man named last
        if opinion and first in self.pack.word_class("possessive_feminine"):
            return self._nearest(mention.char_start, "f")
        person = self.observe(mention, speaking=True)
        if person is not None:
            return person.name
        person = self.resolve_role(mention)
        if person is not None:
            person.mentions += 1
            bisect.insort(self._timeline, (mention.char_start, person), key=lambda e: e[0])
            return person.name
        name = self.group_name(mention)
        self._groups.append((mention.char_start, name))
        return name

    def recent_subject(self, before: int, within: int = 400) -> str | None:
        """The subject or person mentioned last before an offset (for reports that name no source)."""
        k = bisect.bisect_left(self._subjects, before, key=lambda e: e[0])
        subject = self._subjects[k - 1] if k else None
        j = bisect.bisect_left(self._timeline, before, key=lambda e: e[0])
        person = self._timeline[j - 1] if j else None
        best = max(
            [
                c
                for c in (
                    (subject[0], subject[1]) if subject else None,
                    (person[0], person[1].name) if person else None,
                )
                if c
            ],
            default=None,
        )
        return best[1] if best and before - best[0] <= within else None

    def _nearest(self, before: int, gender: str) -> str | None:
        """The antecedent of a pronoun: the nearer of the last named person and the last subject."""
        k = bisect.bisect_left(self._timeline, before, key=lambda e: e[0])
        person = next(((pos, p.name) for pos, p in reversed(self._timeline[:k]) if p.gender in (None, gender)), None)
        subject = self.last_subject(before, gender)
        if subject is not None and gender == "f":
            plural = self.last_subject(before, "pl")
            if plural is not None and plural[0] > subject[0]:
                subject = plural
        candidates = [c for c in (person, subject) if c is not None]
        return max(candidates)[1] if candidates else None


def role_words(mention: str, pack: LanguagePack) -> str | None:
    """The role a mention gives its speaker ("der belarussische Präsident X" -> "belarussische Präsident")."""
    words = mention.split()
    for i, w in enumerate(words):
        if _role_of(w, pack):
            j = i
            while j > 0 and words[j - 1][:1].islower() and words[j - 1].lower() not in pack.word_class("article"):
                j -= 1
            return " ".join(words[j : i + 1])
    return None


def is_name_mention(mention: str, pack: LanguagePack) -> bool:
    """Does a mention name someone (an alias worth keeping), rather than describe them ("der Präsident")?"""
    words = mention.split()
    determiners = pack.word_classes("article", "possessive", "demonstrative")
    return (
        0 < len(words) <= 4
        and all(w[:1].isupper() for w in words if w.lower() not in pack.word_class("name_particle"))
        and not any(w.lower() in determiners or w.lower() in pack.pronouns for w in words)
        and role_words(mention, pack) is None
    )
