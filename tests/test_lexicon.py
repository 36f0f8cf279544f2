"""Lexicons live in data files; the forms the rules need are generated from them."""

from importlib import resources

from conftest import quotes_de

from quotewatch.lang import load
from quotewatch.lang.verbforms import expand_verb


def test_weak_strong_and_particle_verbs_are_inflected():
    forms = {f for f, _ in expand_verb("de", "fügen", "hinzu", "-")}
    assert {"fügte", "fügt", "hinzufügte", "hinzugefügt", "hinzuzufügen"} <= forms
    forms = {f for f, _ in expand_verb("de", "weisen", "hin", "weist|wies|gewiesen")}
    assert {"wies", "weist", "wiesen", "hingewiesen"} <= forms
    forms = {f for f, _ in expand_verb("de", "bezeichnen", None, "-")}
    assert {"bezeichnet", "bezeichnete", "bezeichneten"} <= forms
    forms = {f for f, _ in expand_verb("de", "erklären", None, "-")}
    assert "erklärt" in forms and "geerklärt" not in forms


def test_every_pack_file_is_read():
    pack = load("de")
    assert "sagte" in pack.speech_verbs and "betonte" in pack.speech_verbs
    assert pack.role_nouns["Staatsoberhaupt"] == pack.role_nouns["Präsident"]
    assert any(m.words == ("zufolge",) for m in pack.according_to)
    assert "Forderung" in pack.cue_nouns
    files = [p.name for p in (resources.files("quotewatch") / "lang" / "de").iterdir()]
    assert "speech_verbs.tsv" in files and "role_nouns.tsv" in files


def test_a_verb_added_to_the_lexicon_becomes_a_cue(tmp_path, monkeypatch):
    from quotewatch.quotes.detect import find_quotes

    body = "Die Sprecherin Ina Falk frohlockte, dass der Umsatz gestiegen sei."
    pack = load("de")
    assert not [q for q in find_quotes(body, pack) if q.kind == "indirect"]
    for form, entry in expand_verb("de", "frohlocken", None, "-"):
        pack.speech_verbs.setdefault(form, []).append(entry)
    try:
        (q,) = find_quotes(body, pack)
        assert q.kind == "indirect" and q.cue == "frohlockte"
    finally:
        for form, _ in expand_verb("de", "frohlocken", None, "-"):
            pack.speech_verbs.pop(form, None)


def test_decrees_and_agreements_introduce_their_content():
    (q,) = quotes_de("Das Ministerium legte fest, dass nur zehn Wale gejagt werden dürfen.")
    assert (q.cue, q.text) == ("legte fest", "dass nur zehn Wale gejagt werden dürfen")
    (q,) = quotes_de("Die Parteien haben sich darauf verständigt, die Erklärung für nichtig zu erklären.")
    assert q.cue == "verständigt"


def test_orders_and_requirements_are_nouns_of_saying():
    (q,) = quotes_de("Der Präsident erteilte der Luftwaffe den Befehl, die Menschen aus der Gefahrenzone zu bringen.")
    assert (q.cue, q.speaker.mention) == ("Befehl", "Der Präsident")
    (q,) = quotes_de("Die Agentur hatte die Vorgabe gemacht, dass nur über den Vortrag berichtet werden durfte.")
    assert q.cue == "Vorgabe"
