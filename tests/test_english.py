"""English on the shared dependency rules (quotes/ud.py) with spaCy's parse: the classes of statements
US political and wire news use, each on sentences written for the test."""

from conftest import by_text, speaker_of

from quotewatch.lang import load
from quotewatch.quotes.detect import find_quotes
from quotewatch.quotes.marks import scan


def quotes_en(body: str):
    return find_quotes(body, load("en"))


def test_the_speaker_after_a_quotation_is_the_subject_of_the_verb_after_it():
    body = (
        "Governor Ruth Mallory spoke first. Senator Tom Ashby answered her.\n\n"
        "“We will not give up on the bridge,” a smiling Ashby said on Tuesday."
    )
    assert speaker_of(quotes_en(body), "give up on the bridge") == "Tom Ashby"


def test_a_verb_of_saying_with_a_that_clause_is_reported_speech():
    body = "Mayor Dana Whitfield admitted that the city had underestimated the cost of the tunnel."
    (q,) = quotes_en(body)
    assert q.kind == "indirect" and q.text == "that the city had underestimated the cost of the tunnel"
    assert q.speaker.name == "Dana Whitfield"


def test_told_with_an_addressee_keeps_the_content_and_the_speaker():
    body = "Paul Brenner told reporters on Monday that the plant would reopen in the spring."
    q = by_text(quotes_en(body), "the plant would reopen")
    assert q.speaker.name == "Paul Brenner"
    assert "reporters" not in q.text


def test_a_statement_ends_where_the_narrator_goes_on_with_a_clause_of_his_own():
    body = "Ortiz said the budget was balanced, and he left the room before the vote."
    q = by_text(quotes_en(body), "the budget was balanced")
    assert "left the room" not in q.text


def test_a_noun_of_saying_with_its_clause_belongs_to_its_owner():
    body = "The council rejected the mayor's claim that the stadium would pay for itself within ten years."
    q = by_text(quotes_en(body), "the stadium would pay for itself")
    assert q.rule == "ud.indirect.noun_clause"


def test_what_a_verb_of_saying_takes_as_its_object_is_said_but_not_the_person_addressed():
    quotes = quotes_en("Senator Lena Cobb urged voters to register before the deadline in October.")
    q = by_text(quotes, "voters to register before the deadline")
    assert q.speaker.name == "Lena Cobb"
    assert not quotes_en("Senator Lena Cobb told reporters about it.")
    # a book written is no statement
    assert not any("novel" in q.text for q in quotes_en("Marta Quill wrote a long novel about her hometown."))


def test_a_gerund_after_a_verb_of_saying_is_what_is_said():
    # spaCy writes a gerund as a progressive participle, and its perfect with "having"
    (q,) = quotes_en("Governor Ray Tolland admitted using the state plane for a family trip.")
    assert q.text == "using the state plane for a family trip" and q.speaker.name == "Ray Tolland"
    (q,) = quotes_en("Councilwoman Ada Pruitt denied having met the developer before the vote.")
    assert q.text == "having met the developer before the vote"


def test_what_the_object_is_charged_with_praised_for_or_described_as_is_said_with_it():
    quotes = quotes_en("Senator Nia Holt accused the agency of hiding the audit from the public.")
    assert by_text(quotes, "the agency of hiding the audit").speaker.name == "Nia Holt"
    quotes = quotes_en("Mayor Owen Drake criticized the council for delaying the budget again.")
    assert by_text(quotes, "the council for delaying the budget").speaker.name == "Owen Drake"
    # the object alone of such a verb stays no statement
    assert not quotes_en("Mayor Owen Drake described the plan in an interview on Monday.")


def test_a_verb_of_saying_in_a_complement_speaks_for_its_controller():
    quotes = quotes_en("Governor Ray Tolland appeared to suggest that the bridge would close in May.")
    assert by_text(quotes, "that the bridge would close").speaker.name == "Ray Tolland"
    quotes = quotes_en("Senator Nia Holt forced the auditor Dale Brandt to admit that the audit was late.")
    assert by_text(quotes, "that the audit was late").speaker.name == "Dale Brandt"


def test_a_verb_whose_preposition_takes_what_is_said():
    quotes = quotes_en("Senator Nia Holt called for a full review of the contract.")
    assert by_text(quotes, "a full review of the contract").speaker.name == "Nia Holt"
    (q,) = quotes_en("Mayor Owen Drake called on the council to delay the vote until June.")
    assert q.text == "to delay the vote until June"  # what is asked, not whom
    # any other preposition is no statement: "said on Monday"
    assert not quotes_en("Mayor Owen Drake spoke on Monday.")


def test_the_words_in_marks_inside_a_report_are_a_mixed_quotation_of_its_speaker():
    body = 'Press secretary Nora Lind said the administration was "not worried" about the polls.'
    quotes = quotes_en(body)
    report = by_text(quotes, "the administration was")
    fragment = by_text(quotes, '"not worried"')
    assert fragment.kind == "mixed" and fragment.parent == report.id
    assert fragment.speaker.name == report.speaker.name == "Nora Lind"


def test_an_object_holding_words_in_marks_is_the_statement_around_them():
    quotes = quotes_en('Campaign manager Joe Rainer called the report "beyond absurd" on Sunday.')
    fragment = by_text(quotes, '"beyond absurd"')
    assert fragment.kind == "mixed" and fragment.parent is not None
    parent = next(q for q in quotes if q.id == fragment.parent)
    assert parent.text.startswith("the report")


def test_a_quotation_interrupted_by_its_attribution_is_one_quotation():
    body = (
        'Senator Ida Moss spoke about Ray Cole. "I love my colleague," she said, but "on energy he has always '
        'sided with the oil industry."'
    )
    (q,) = [q for q in quotes_en(body) if q.parent is None and q.kind != "indirect"]
    assert q.gap is not None and body[q.gap[0] : q.gap[1]].strip().startswith("she said")
    assert q.speaker.name == "Ida Moss"


def test_a_quotation_signed_with_a_dash_and_a_name_is_that_persons():
    body = "Readers wrote to us.\n“We need a new school before we need a new stadium.” ― Carla Benitez"
    assert speaker_of(quotes_en(body), "We need a new school") == "Carla Benitez"


def test_a_quotation_closed_by_a_full_stop_does_not_take_the_verb_of_the_next_sentence():
    body = 'Aides called the plan "dead on arrival." Spokesman Mark Olsen said the talks would go on.'
    report = by_text(quotes_en(body), "the talks would go on")
    assert report.speaker.name == "Mark Olsen"
    assert not any(q.text.startswith('"dead') and q.kind == "direct" and q.cue == "said" for q in quotes_en(body))


def test_programme_titles_are_no_quotations():
    body = "Fowler appeared on “Meet the Press” and later on “Face the Nation.”"
    assert not [q for q in quotes_en(body) if "Meet the Press" in q.text]
    # the sentence's comma or full stop inside the marks, in American style
    body = "On an episode of “The Morning Show With Dan Reyes,” Senator Nia Holt said the bridge would open."
    assert not [q for q in quotes_en(body) if "Morning Show" in q.text]
    assert not [q for q in quotes_en("Holt said Thursday on Fox News’s “Fox and Friends.”") if "Friends" in q.text]
    # a short title-cased sentence is still words said
    body = "“We are not a burden,” the president said. “We're America.”"
    assert by_text(quotes_en(body), "We're America")


def test_two_apostrophes_are_a_double_mark_in_english_archives_and_italics_in_german_wiki_text():
    body = "''We expect a long winter,'' said the chief forecaster, Ann Dorsey."
    (q,) = quotes_en(body)
    assert q.text == "''We expect a long winter,''" and q.speaker.name == "Ann Dorsey"
    german = "''Titanoboa'' ist der Name einer Schlange, sagte die Forscherin."
    spans, _ = scan(german, [(0, len(german))])
    assert not [s for s in spans if s.inner()[1] > s.inner()[0]]
    assert not [q for q in find_quotes(german, load("de")) if q.kind == "direct"]


def test_the_canonical_name_is_the_english_spelling_of_a_known_person():
    body = 'Kremlin spokesman Dmitry Peskov said the talks were "useful."'
    q = by_text(quotes_en(body), "the talks were")
    assert q.speaker.name == "Dmitry Peskov"


def test_part_of_speech_morphology_and_lemmas_without_the_models_ruler_and_lemmatizer():
    # the analyzer looks the attribute ruler's patterns up itself: the results must be the model's own
    from quotewatch.lang.en.analyzer import analyze

    doc = analyze("She was told that the senators had said nothing.", load("en"))
    toks = {t.text: t for s in doc.sentences for t in s.tokens}
    assert (toks["was"].pos, toks["was"].lemma) == ("AUX", "be")
    assert (toks["said"].pos, toks["said"].lemma) == ("VERB", "say")
    assert toks["senators"].lemma == "senator" and "Number=Plur" in toks["senators"].morph
    assert toks["nothing"].pos == "PRON" and toks["the"].pos == "DET"
    assert "Gender=Fem" in toks["She"].morph


def test_a_no_break_space_before_a_quotation_is_a_space():
    # scraped pages keep "&nbsp;" between sentences: the quotation after one is still a quotation, and its
    # second part after the attribution is the same statement
    for space in (" ", "\u00a0", "\u202f"):
        body = (
            f"The former president fired back at the proposal.{space}“We are not going to pay for such a "
            "stupid wall,” Calderon said in an interview. “And it is going to be completely useless.”"
        )
        found = quotes_en(body)
        q = by_text(found, "stupid wall")
        assert q.kind == "direct" and q.text.endswith("useless.”") and q.gap is not None
        assert speaker_of(found, "stupid wall") == "Calderon"
