"""Claim stance: whether a statement repeats a claim, denies it or only mentions it, in German,
English and Russian, read where the statement asserts something; and the context of "dort"."""

from __future__ import annotations

import pytest

from quotewatch.claims.match import ClaimRow, Matcher, Statement, topic_context
from quotewatch.claims.stance import alleged_fabrication, asserting_part, read_stance, sentences

SECRET_TALKS = ("Belarus is secretly negotiating with the United States behind Russia's back.", "en")
NO_STRIKES = ("Россия не наносит удары по мирным городам Украины.", "ru")
STAGED = ("The killings of civilians in Bucha were staged by Ukraine.", "en")
MOSQUES = ("Poland has refused to allow mosques to be built.", "en")


@pytest.mark.parametrize(
    ("sentence", "language", "claim", "expected"),
    [
        # negation in the statement, none in the claim
        ("dass Belarus nicht heimlich mit den Amerikanern verhandelt", "de", SECRET_TALKS, "denies"),
        ("Мы не ведём переговоров с американцами за спиной Москвы", "ru", SECRET_TALKS, "denies"),
        ("Minsk is talking to Washington in secret", "en", SECRET_TALKS, "repeats"),
        # a negated claim is repeated by a negated statement and denied by an affirmative one
        ("Die russische Armee greift keine Wohngebiete an", "de", NO_STRIKES, "repeats"),
        ("Russian missiles hit apartment blocks in Kharkiv every week", "en", NO_STRIKES, "denies"),
        # several negative words are one negation (Russian negative concord)
        ("Никто не приказывал обстреливать города", "ru", NO_STRIKES, "repeats"),
        # a negative verb agrees with a negation, and a negated one is positive
        ("Polen erlaubt keine neuen Moscheen", "de", MOSQUES, "repeats"),
        ("Польша никогда не запрещала строить мечети", "ru", MOSQUES, "denies"),
        # denial words deny whatever the claim says
        ("Es ist eine Lüge, dass Minsk heimlich mit Washington verhandelt", "de", SECRET_TALKS, "denies"),
        ("He flatly denied the talks with Washington", "en", SECRET_TALKS, "denies"),
        # a negation in a later clause (purpose, infinitive) is not the assertion's
        ("Die Führung warnt die Bürger, sich nicht Washington zuzuwenden", "de", SECRET_TALKS, "repeats"),
        # … unless the sentence opens with the clause it asserts about
        ("Dass Minsk hinter Moskaus Rücken verhandle, ist nicht wahr", "de", SECRET_TALKS, "denies"),
        # hedges and questions only mention
        ("Angeblich verhandelt Minsk heimlich mit Washington", "de", SECRET_TALKS, "mentions"),
        ("Verhandelt Minsk heimlich mit Washington?", "de", SECRET_TALKS, "mentions"),
        ("Якобы Минск тайно договаривается с Вашингтоном", "ru", SECRET_TALKS, "mentions"),
        # against a claim that an event was staged, "not as it was shown" and "a fake" agree with it
        ("Dort war nicht alles so, wie es im Fernsehen gezeigt wurde", "de", STAGED, "repeats"),
        ("Die Bilder aus Butscha sind gefälscht", "de", STAGED, "repeats"),
        ("Nobody staged anything in Bucha", "en", STAGED, "denies"),
    ],
)
def test_stance_by_language(sentence, language, claim, expected):
    assert read_stance(sentence, language, *claim).label == expected


def test_the_reporting_verb_counts():
    """ "He denied that …": the content alone repeats the claim, its cue denies it."""
    content = "Minsk verhandle heimlich mit Washington"
    assert read_stance(content, "de", *SECRET_TALKS).label == "repeats"
    stance = read_stance(content, "de", *SECRET_TALKS, cue="bestritt")
    assert (stance.label, stance.cue) == ("denies", "bestritt")


def test_polarity_is_read_in_the_asserting_clause():
    assert asserting_part("The WHO declared that cannabis has no risks", "en") == "The WHO declared "
    assert asserting_part("dass Belarus nicht verhandelt, ohne es zu sagen", "de").endswith("zu sagen")
    assert asserting_part("Россия выпустила львов, чтобы люди не выходили", "ru") == "Россия выпустила львов"


def test_sentences_split_inside_quotations():
    parts = sentences("„Dort war nicht alles so. Es war eine Aktion – ‚Mörder sind Russen‘ … So etwas gab es nicht“")
    assert parts == ["Dort war nicht alles so.", "Es war eine Aktion – ‚Mörder sind Russen‘ …", "So etwas gab es nicht"]


def test_fabrication_is_said_by_a_word_or_a_negated_portrayal():
    assert alleged_fabrication("Das war eine Inszenierung.", "de") == "inszenierung"
    assert alleged_fabrication("It was not what the cameras showed. They portrayed nothing real.", "en")
    assert alleged_fabrication("Там всё было не так, как показывают.", "ru") == "не … показывают"
    assert alleged_fabrication("Die Stadt wird wieder aufgebaut.", "de") == ""


def test_dort_takes_its_topic_from_the_sentence_before():
    body = "Er nannte die Vorfälle in Butscha. „Dort war alles inszeniert“, sagte er. „Das Wetter war schön.“"
    start = body.index("„Dort")
    assert topic_context(body, start, "„Dort war alles inszeniert“", "de") == "Er nannte die Vorfälle in Butscha."
    weather = body.index("„Das Wetter")
    assert topic_context(body, weather, "„Das Wetter war schön.“", "de") == ""  # an article, not an anaphor


def _matcher(*claims: tuple[str, str]) -> Matcher:
    from quotewatch.claims.encoder import encode
    from quotewatch.store.text import lemmas

    vectors = encode([text for text, _ in claims])
    texts = enumerate(zip(claims, vectors, strict=True))
    rows = [ClaimRow(i + 1, t, lang, lemmas(t, lang), v) for i, ((t, lang), v) in texts]
    return Matcher(rows)


def test_a_staged_event_is_matched_through_its_name_in_the_sentence_before():
    matcher = _matcher(
        STAGED,
        ("The West is conducting psychological operations in Ukraine.", "en"),
        ("Die Sanktionen schaden Europa mehr als Russland.", "de"),
    )
    quote = "„Dort war nichts so, wie man es uns gezeigt hat. Das war eine vorbereitete Vorstellung.“"
    context = "Als Beispiel nannte er die Ereignisse in Butscha."
    (best, *_) = matcher.match_many([Statement(quote, "de", context)], threshold=0.5)[0]
    assert best.claim_id == 1 and best.stance.label == "repeats"
    assert "Butscha" in best.explanation and "context: Als Beispiel" in best.explanation
    # without the sentence before, nothing names the event
    assert all(m.claim_id != 1 for m in matcher.match(quote, "de", threshold=0.5))
    # the same topic without saying it was staged is no match
    calm = "„Dort wird jetzt ein neues Krankenhaus gebaut.“"
    assert all(m.claim_id != 1 for m in matcher.match_many([Statement(calm, "de", context)], threshold=0.5)[0])
