"""Speaker attribution: names, role nouns, nationality, pronouns, carrying, groups."""

from conftest import by_text, quotes_de

ARTICLE = (
    "Der belarussische Präsident Alexander Lukaschenko hat sich in Minsk mit Journalisten getroffen. "
    "„Wir wollen Frieden“, sagte das Staatsoberhaupt.\n\n"
    "„Die Grenzen bleiben offen“, betonte der Staatschef. Er fügte hinzu, dass der Handel wachse.\n\n"
    "„Belarus ist unser Verbündeter“, erklärte dagegen der russische Präsident in Moskau.\n\n"
    "„Das war ein gutes Gespräch.“ Der Präsident lächelte."
)


def test_role_nouns_resolve_to_the_person_holding_the_role():
    quotes = quotes_de(ARTICLE)
    assert by_text(quotes, "Wir wollen Frieden").speaker.name == "Alexander Lukaschenko"
    assert by_text(quotes, "Die Grenzen bleiben").speaker.name == "Alexander Lukaschenko"
    assert by_text(quotes, "Die Grenzen bleiben").speaker.mention == "der Staatschef"


def test_nationality_picks_another_president():
    quotes = quotes_de(ARTICLE)
    assert by_text(quotes, "Belarus ist unser").speaker.name == "Wladimir Putin"


def test_pronoun_resolves_to_the_last_speaker():
    q = by_text(quotes_de(ARTICLE), "der Handel wachse")
    assert q.speaker.mention == "Er"
    assert q.speaker.name == "Alexander Lukaschenko"


def test_unattributed_quote_carries_the_previous_speaker():
    q = by_text(quotes_de(ARTICLE), "gutes Gespräch")
    assert q.speaker is not None
    assert q.confidence < 0.9


def test_surname_joins_the_full_name():
    body = (
        "Die Abgeordnete Sabine Kroll sprach im Landtag. „Wir brauchen mehr Lehrer“, sagte Kroll. "
        "„Und mehr Geld“, sagte sie."
    )
    quotes = quotes_de(body)
    assert {q.speaker.name for q in quotes} == {"Sabine Kroll"}


def test_groups_and_institutions_speak():
    body = "„Wir ermitteln in alle Richtungen“, teilte die Staatsanwaltschaft mit."
    (q,) = quotes_de(body)
    assert q.speaker.name == "Staatsanwaltschaft"
    assert q.cue == "teilte mit"


def test_gazetteer_aliases_give_one_canonical_name():
    body = "„Wir verhandeln nicht“, sagte Aljaksandr Lukaschenka."
    (q,) = quotes_de(body)
    assert q.speaker.name == "Alexander Lukaschenko"


def test_compound_role_noun_and_dative_pronoun():
    body = (
        "Der Energieminister Pjotr Kowal sprach in Minsk. Der Minister fügte hinzu, dass die Preise stabil "
        "blieben.\n\nDie Expertin Anna Rudak widersprach. Ihr zufolge steigen die Preise im Herbst."
    )
    quotes = quotes_de(body)
    assert by_text(quotes, "Preise stabil").speaker.name == "Pjotr Kowal"
    assert by_text(quotes, "steigen die Preise").speaker.name == "Anna Rudak"


def test_genitive_institution_is_named_in_the_nominative():
    (q,) = quotes_de("Nach Angaben des Ministeriums stieg die Zahl der Anträge um zehn Prozent.")
    assert q.speaker.name == "Ministerium"
    assert q.speaker.mention == "des Ministeriums"
