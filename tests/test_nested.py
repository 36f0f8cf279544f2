"""Quotations inside quotations: their own speaker, and `parent` set to the enclosing one."""

from conftest import by_text, quotes_de


def test_nested_quote_has_parent_and_its_own_speaker():
    body = (
        "„Ich erinnere mich gut. Der Kanzler sagte mir damals: ‚Wir schaffen das nicht allein.‘ "
        "Daran halte ich mich“, erklärte die Ministerin Paula Graf."
    )
    quotes = quotes_de(body)
    outer = by_text(quotes, "Ich erinnere mich")
    inner = by_text(quotes, "Wir schaffen das")
    assert inner.parent == outer.id
    assert outer.speaker.name == "Paula Graf"
    assert inner.speaker.mention == "Der Kanzler"
    assert inner.speaker.name != outer.speaker.name


def test_first_person_in_nested_attribution_is_the_outer_speaker():
    body = "„Ich sagte zu ihm: ‚Das machen wir nicht.‘ Dabei blieb es“, sagte der Bauer Karl Haas."
    quotes = quotes_de(body)
    inner = by_text(quotes, "Das machen wir nicht")
    assert inner.speaker.name == "Karl Haas"
    assert inner.speaker.mention == "Ich"


def test_country_as_speaker_of_a_nested_quote():
    body = (
        "„Polen hat in seinem Programm klar formuliert: ‚Die Grenze bleibt offen.‘ "
        "Das gilt auch für uns“, sagte der Minister Rolf Adam."
    )
    inner = by_text(quotes_de(body), "Die Grenze bleibt offen")
    assert inner.speaker.name == "Polen"


def test_nested_dialogue_turns_alternate():
    body = (
        "„Ich fragte ihn: ‚Kommen Sie morgen?‘ - ‚Vielleicht.‘ - ‚Dann warte ich.‘ So war es“, "
        "berichtete der Fahrer Ben Ott."
    )
    quotes = quotes_de(body)
    first = by_text(quotes, "Kommen Sie morgen")
    third = by_text(quotes, "Dann warte ich")
    assert first.speaker.name == third.speaker.name == "Ben Ott"
    assert by_text(quotes, "Vielleicht").speaker is None or by_text(quotes, "Vielleicht").speaker.name != "Ben Ott"


def test_a_medium_quoting_a_person_reports_the_persons_words():
    body = (
        "Der Fraktionschef der Grünen, Volker Ratzmann, wird von der „Netzeitung“ mit den Worten zitiert: "
        "„Der Senat ist angeschlagen.“ „Das wird ihm nachhängen.“"
    )
    outer, inner, carried = quotes_de(body)
    assert (outer.start, outer.end) == (inner.start, inner.end) and inner.parent == outer.id
    assert outer.speaker.mention == "der „Netzeitung“"
    assert inner.speaker.name == "Volker Ratzmann"
    assert carried.speaker.name == "Volker Ratzmann"  # the person goes on speaking, not the medium
    body = "Der Minister Jan Holm wird von der Agentur Reuters mit den Worten zitiert, es habe Fortschritte gegeben."
    outer, inner = quotes_de(body)
    assert outer.kind == inner.kind == "indirect" and inner.parent == outer.id
    assert (outer.speaker.name, inner.speaker.name) == ("Agentur Reuters", "Jan Holm")
    (q,) = quotes_de("„Wir kommen wieder“, wird der Minister Jan Holm zitiert.")  # no medium: one speaker
    assert q.speaker.name == "Jan Holm"
