"""Direct quotations: every quote style, spans over sentences and paragraphs, interrupted quotes,
broken marks, scare quotes."""

import pytest
from conftest import by_text, quotes_de

from quotewatch.lang import load
from quotewatch.quotes.detect import find_quotes


@pytest.mark.parametrize("open_mark,close_mark", [("„", "“"), ("»", "«"), ("«", "»"), ("“", "”"), ('"', '"')])
def test_every_double_quote_style_is_found_and_attributed(open_mark, close_mark):
    body = f"{open_mark}Wir bauen die Brücke bis zum Herbst fertig{close_mark}, sagte Bürgermeisterin Eva Brandt."
    (q,) = quotes_de(body)
    assert q.kind == "direct"
    assert body[q.start : q.end] == f"{open_mark}Wir bauen die Brücke bis zum Herbst fertig{close_mark}"
    assert q.speaker.name == "Eva Brandt"
    assert q.cue == "sagte"


def test_quote_over_several_sentences_is_one_quotation():
    body = "„Der Haushalt ist solide. Wir sparen nicht an der Bildung. Das verspreche ich.“, erklärte Anna Vogt."
    (q,) = quotes_de(body)
    assert q.text.count(".") == 3
    assert q.speaker.name == "Anna Vogt"


def test_colon_introduced_quote_takes_the_subject_before_the_verb():
    body = "Der Verkehrsminister Jan Okonek sagte am Montag: „Die Strecke wird im Mai eröffnet.“"
    (q,) = quotes_de(body)
    assert q.speaker.name == "Jan Okonek"
    assert q.speaker.mention == "Der Verkehrsminister Jan Okonek"
    assert body[q.speaker.mention_start : q.speaker.mention_end] == q.speaker.mention


def test_interrupted_quote_gives_both_parts_the_same_speaker():
    body = "„Wir haben gewonnen“, sagte Trainerin Maja Roth, „aber das Spiel war schwer.“"
    first, second = quotes_de(body)
    assert first.speaker.name == second.speaker.name == "Maja Roth"
    assert "aber das Spiel" in second.text


def test_multi_paragraph_quote_continues_with_its_speaker():
    body = (
        "Die Ministerin Clara Weiss sagte: „Wir werden die Steuern nicht erhöhen.\n\n"
        "„Das gilt für dieses und das nächste Jahr.“"
    )
    quotes = quotes_de(body)
    assert len(quotes) == 2
    assert all(q.speaker and q.speaker.name == "Clara Weiss" for q in quotes)


def test_unclosed_quote_does_not_swallow_the_rest_of_the_article():
    body = (
        "„Das Werk schließt im Sommer, sagte der Betriebsrat Tom Berger.\n\n"
        "Die Stadt prüft nun andere Standorte. Ein Gutachten soll im Herbst vorliegen."
    )
    quotes = quotes_de(body)
    assert quotes, "the unclosed quotation is still reported"
    assert all(q.end <= body.index("\n\n") for q in quotes if q.kind == "direct")


def test_opener_repeated_closes_the_lost_quotation_at_its_sentence_end():
    body = "„Wir waren schon fast am Ziel. „Dann kam der Regen“, sagte der Bergführer Paul Lenz."
    quotes = quotes_de(body)
    first = by_text(quotes, "fast am Ziel")
    assert first.text.endswith("Ziel.")
    assert by_text(quotes, "Dann kam der Regen").speaker.name == "Paul Lenz"


def test_scare_quotes_and_titles_are_not_quotations():
    body = (
        "Die Reederei taufte das Schiff „Nordlicht“. Der Film „Das Boot“ lief im Kino. "
        "Der Plan galt lange als „Schildbürgerstreich“."
    )
    assert quotes_de(body) == []


def test_one_quoted_word_is_a_quotation_only_when_somebody_called_something_so():
    # names and scare quotes, even in a sentence with a verb of saying or in free reported speech
    body = (
        "Der Sender „Nordfunk“ meldete den Ausfall. Die „Täter“ seien geflohen. "
        "„Wir haben die ‚Lage‘ im Griff“, sagte der Sprecher Tim Falk."
    )
    assert [q.text for q in quotes_de(body) if q.kind in ("mixed", "direct")] == ["„Wir haben die ‚Lage‘ im Griff“"]
    # a noun quoted inside a content clause is the speaker's word
    body = "Die Gewerkschaft warf der Regierung vor, sie begehe „Wortbruch“."
    assert "„Wortbruch“" in [q.text for q in quotes_de(body)]
    # a name given by a speaker, and a lower-case word of a statement
    body = (
        "Die Ministerin Eva Roth nannte den Vertrag einen „Papiertiger“. "
        "Sie sei „zuversichtlich“, dass er geändert werde."
    )
    mixed = [q for q in quotes_de(body) if q.kind == "mixed"]
    assert [q.text for q in mixed] == ["„Papiertiger“", "„zuversichtlich“"]
    assert all(q.speaker.name == "Eva Roth" for q in mixed)


def test_apostrophes_are_not_quote_marks():
    body = "„Geht's noch?“, fragte Lisa Kern. „Das ist Peter's Sache“, antwortete sie."
    quotes = quotes_de(body)
    assert [q.text for q in quotes] == ["„Geht's noch?“", "„Das ist Peter's Sache“"]


def test_english_pack_finds_said_quotes():
    body = '"We will not raise taxes," said Finance Minister Laura Hill.'
    (q,) = find_quotes(body, load("en"))
    assert q.kind == "direct"
    assert q.speaker is not None and q.speaker.name == "Laura Hill"


def test_a_quoted_common_noun_phrase_is_a_quotation_not_a_title():
    body = "Die Gewerkschaft nannte die Manager „Totengräber der Tarifautonomie“ und rief zum Streik auf."
    quotes = quotes_de(body)
    assert any(q.text == "„Totengräber der Tarifautonomie“" for q in quotes)
    # a title of capitalised words with a proper noun stays a title
    assert not any(
        "Freies Tibet" in q.text and q.kind == "mixed"
        for q in quotes_de("Die „Kampagne für ein Freies Tibet“ organisierte am Samstag eine Mahnwache in Berlin.")
    )


def test_a_lost_space_after_a_full_stop_still_separates_the_speaker():
    body = "„Die Brücke bleibt gesperrt“, betonte Hartmann.Gleichzeitig begannen die Arbeiten am Ufer."
    q = by_text(quotes_de(body), "Die Brücke bleibt")
    assert q.speaker.name == "Hartmann"


def test_a_colon_introduction_is_spoken_by_the_subject_of_its_main_clause():
    body = (
        "Der Trainer Jens Ott war zufrieden. Er glaubt weiterhin, dass das Team gestärkt aus der Saison "
        "hervorgegangen sei: „Wir haben gelernt, noch härter zu arbeiten.“"
    )
    quotes = quotes_de(body)
    direct = by_text(quotes, "härter")
    assert direct.speaker.mention == "Er" and direct.speaker.name == "Jens Ott"
    reported = by_text(quotes, "gestärkt")
    assert reported.kind == "indirect" and reported.cue == "glaubt"


def test_a_quoted_phrase_after_a_noun_that_introduces_names_is_a_title():
    for body in (
        "Laut einem Test des Magazines „auto, motor und sport“ gibt es 113 sparsame Modelle.",
        "Er wurde von den Kollegen mit dem Lied „Für dich soll's rote Rosen regnen“ verabschiedet.",
    ):
        assert not [q for q in quotes_de(body) if q.kind in ("direct", "mixed")], body


def test_words_chanted_or_called_after_a_noun_of_naming_are_quotations():
    body = "Am Abend zogen Demonstranten vor den Sitz der Regierung und skandierten Sprüche wie „Falsche Freiheit“."
    (q,) = quotes_de(body)
    assert (q.text, q.kind, q.speaker.mention) == ("„Falsche Freiheit“", "mixed", "Demonstranten")
    body = "Der Innenminister verteidigte die Bezeichnung „Gesindel“, mit der er die Randalierer beschimpft hatte."
    (q,) = quotes_de(body)
    assert q.text == "„Gesindel“"
    body = "Sie zogen zur Kirche und skandierten dabei Parolen wie zum Beispiel „Stoppt die Überwachung“."
    (q,) = quotes_de(body)
    assert q.text == "„Stoppt die Überwachung“"
    # an official name stays a name
    assert quotes_de("Jakutsk ist die Hauptstadt Jakutiens, dessen amtliche Bezeichnung „Republik Sacha“ lautet.") == []


def test_a_quoted_name_that_is_the_speaker_and_a_motto_are_no_quotations():
    body = "Der Konzern will sein Werk umbauen. Das berichtete die „Autowoche“ in ihrer Ausgabe vom Montag."
    (q,) = quotes_de(body)
    assert (q.text, q.speaker.name) == ("Der Konzern will sein Werk umbauen", "Autowoche")
    body = "Der Deponie (Motto: „Entsorgung ist Vertrauenssache“) werden illegale Geschäfte vorgeworfen."
    assert all("Vertrauenssache" not in q.text for q in quotes_de(body))


def test_an_introduction_ending_the_paragraph_before_attributes_the_quotation_below_it():
    body = (
        "Der Minister Max Kurz äußerte sich am Abend. Er schrieb auf Twitter:\n"
        "„Wir lassen uns nicht erpressen. Die Grenze bleibt offen.“\n"
    )
    q = by_text(quotes_de(body), "erpressen")
    assert q.kind == "direct" and q.speaker.name == "Max Kurz" and q.rule == "de.direct.colon_cue"


def test_a_block_quotation_without_marks_after_an_introduction_is_the_speakers():
    body = (
        "Die Opposition reagierte verärgert. Ihr Sprecher Jan Roth sagte:\n"
        "Das ist ein Skandal. Wir fordern den Rücktritt des Ministers.\n"
        "Danach ging die Sitzung weiter.\n"
    )
    quotes = quotes_de(body)
    q = by_text(quotes, "Skandal")
    assert q.kind == "direct" and q.speaker.name == "Jan Roth" and q.rule == "de.direct.block_after_colon"
    assert not any("Ihr Sprecher" in x.text for x in quotes), "the introduction itself reports nothing"
    # a list after "die folgenden Daten:" is no block quotation
    listing = "Das Gericht verlangt die folgenden Daten:\nNamen der Nutzer\nAdressen der Nutzer\n"
    assert not any(x.rule == "de.direct.block_after_colon" for x in quotes_de(listing))
