"""Reported speech: dass-clauses, Konjunktiv I, free indirect speech, according-to markers, mixed quotes."""

from conftest import by_text, quotes_de

from quotewatch.lang.de.morph import is_subjunctive


def test_konjunktiv_one_is_told_from_indicative_and_konjunktiv_two():
    for word in ("sei", "seien", "halte", "habe", "werde", "könne", "entspreche", "wolle"):
        assert is_subjunctive(word), word
    for word in ("sagte", "hält", "hätte", "würden", "machte", "ist", "schnelle"):
        assert not is_subjunctive(word), word


def test_dass_clause_after_speech_verb():
    body = "Die Gewerkschaft Verdi kritisierte, dass die Löhne seit Jahren stagnieren."
    (q,) = quotes_de(body)
    assert q.kind == "indirect"
    assert q.text == "dass die Löhne seit Jahren stagnieren"
    assert q.cue == "kritisierte"
    assert q.speaker.mention == "Die Gewerkschaft Verdi"


def test_particle_verb_separated_from_its_particle():
    body = "Der Arzt Otto Bremer wies in dem Gespräch ausdrücklich darauf hin, dass die Impfung freiwillig sei."
    (q,) = quotes_de(body)
    assert q.cue == "wies hin"
    assert q.speaker.name == "Otto Bremer"


def test_konjunktiv_clause_without_dass():
    body = "Der Bürgermeister Lars Kühn sagte, die Stadt habe genug Geld für die Schulen."
    (q,) = quotes_de(body)
    assert q.kind == "indirect"
    assert q.text.startswith("die Stadt habe")
    assert q.speaker.name == "Lars Kühn"


def test_free_indirect_speech_continues_the_speaker():
    body = (
        "Die Ministerin Hanna Lenz sagte, die Reform komme im Frühjahr. "
        "Sie sei mit allen Ländern abgestimmt. Die Kosten trage der Bund."
    )
    quotes = quotes_de(body)
    # the Konjunktiv sentences after the content clause are one statement of free reported speech
    assert [q.kind for q in quotes] == ["indirect", "free_indirect"]
    assert quotes[1].text == "Sie sei mit allen Ländern abgestimmt. Die Kosten trage der Bund"
    assert {q.speaker.name for q in quotes} == {"Hanna Lenz"}


def test_free_indirect_speech_stops_at_the_paragraph_and_at_narration():
    body = (
        "Die Ministerin Hanna Lenz sagte, die Reform komme. Sie sei abgestimmt.\n"
        "Die Kosten trage der Bund. Die Länder seien entlastet. Die Ministerin reiste dann ab. "
        "Der Plan sei gut."
    )
    free = [q.text for q in quotes_de(body) if q.kind == "free_indirect"]
    assert free == [
        "Sie sei abgestimmt",
        "Die Kosten trage der Bund. Die Länder seien entlastet",
        "Der Plan sei gut",
    ]


def test_anaphoric_cue_makes_the_sentence_before_a_statement():
    body = "Der Hafen bleibt vorerst geöffnet. Dies bestätigte der Hafenmeister Jan Olsen am Montag."
    (q,) = quotes_de(body)
    assert q.text == "Der Hafen bleibt vorerst geöffnet"
    assert q.cue == "bestätigte"
    assert q.speaker.name == "Jan Olsen"
    # a quotation before is attributed by the quotation rules, not turned into reported speech
    body = "„Wir bleiben offen“, sagte Olsen. Das bestätigte auch die Stadt."
    assert [q.kind for q in quotes_de(body)] == ["direct"]


def test_indicative_narration_is_not_reported_speech():
    body = "Die Brücke wurde 1990 gebaut. Sie ist 300 Meter lang und führt über den Rhein."
    assert quotes_de(body) == []


def test_according_to_markers():
    cases = {
        "Laut der Polizei wurden drei Personen verletzt.": ("Laut", "der Polizei"),
        "Der Feuerwehr zufolge brach das Feuer im Keller aus.": ("zufolge", "Der Feuerwehr"),
        "Nach Angaben des Ministeriums stieg die Zahl der Anträge um zehn Prozent.": (
            "Nach Angaben",
            "des Ministeriums",
        ),
        "Die Zahl der Opfer stieg auf zwölf, so ein Sprecher der Behörde.": ("so", "ein Sprecher der Behörde"),
    }
    for body, (cue, mention) in cases.items():
        (q,) = quotes_de(body)
        assert q.kind == "according_to", body
        assert q.cue == cue, body
        assert q.speaker.mention == mention, body


def test_bare_nach_needs_a_source_noun():
    assert quotes_de("Nach dem Spiel feierten die Fans bis in die Nacht.") == []
    # a pronoun is no source: "nach" is a direction or a time
    assert quotes_de("Im Jahr 2008 kam er nach Deutschland.") == []
    assert quotes_de("Unmittelbar nach ihm kam der Kandidat der Grünen zu Wort.") == []
    (q,) = quotes_de("Seiner Meinung nach sei die Lage ernst.")
    assert q.kind == "according_to" and q.speaker.mention == "Seiner Meinung"
    assert quotes_de("Nach dem Spiel des Vereins feierten die Fans bis in die Nacht.") == []
    (q,) = quotes_de("Nach Polizeiangaben wurde niemand verletzt.")
    assert q.kind == "according_to"
    # the marker names the source, the words after it are the statement
    (q,) = quotes_de("Nach Polizeiangaben waren die meisten der Passagiere Schüler.")
    assert q.speaker.mention == "Polizeiangaben" and q.text == "waren die meisten der Passagiere Schüler"
    # the source noun with a genitive attribute, up to the finite verb
    (q,) = quotes_de("Nach einer Stellungnahme des Konzerns fielen die Gewinne um ein Drittel.")
    assert q.speaker.mention == "einer Stellungnahme des Konzerns"
    assert q.text == "fielen die Gewinne um ein Drittel"
    # investigations are sources too
    (q,) = quotes_de("Nach ersten Untersuchungen liegt keine Straftat vor.")
    assert q.kind == "according_to" and q.speaker.mention == "ersten Untersuchungen"


def test_zufolge_in_the_middle_field_makes_the_sentence_a_statement():
    (q,) = quotes_de("Die Bande verdient Schätzungen zufolge jährlich zehn Millionen Euro.")
    assert q.kind == "according_to"
    assert q.speaker.mention == "Schätzungen"
    assert q.text == "Die Bande verdient Schätzungen zufolge jährlich zehn Millionen Euro"


def test_mixed_quote_inside_reported_speech():
    body = (
        "Der Minister Paul Roth war in Berlin. "
        "Ihm zufolge haben beide Länder „sehr enge und gute Beziehungen“ aufgebaut."
    )
    quotes = quotes_de(body)
    clause = by_text(quotes, "haben beide Länder")
    fragment = [q for q in quotes if q.kind == "mixed"]
    assert clause.kind == "according_to"
    assert len(fragment) == 1 and fragment[0].parent == clause.id
    assert fragment[0].text == "„sehr enge und gute Beziehungen“"
    assert clause.speaker.name == fragment[0].speaker.name == "Paul Roth"


def test_reportative_sollen():
    (q,) = quotes_de("Der Täter soll das Auto schon am Vortag gestohlen haben.")
    assert q.kind == "free_indirect"


def test_reported_content_stops_where_the_narrator_goes_on():
    body = (
        "Die Opposition behauptete, die Kommission habe sich den Interessen der Industrie untergeordnet "
        "und die Fraktion der Grünen forderte vom Minister eine Untersuchung."
    )
    q = by_text(quotes_de(body), "die Kommission habe")
    assert q.text == "die Kommission habe sich den Interessen der Industrie untergeordnet"
    body = "Der Verband erklärte, dass die Mieten stark gestiegen seien; die Zahlen liegen noch nicht vor."
    q = by_text(quotes_de(body), "dass die Mieten")
    assert q.text == "dass die Mieten stark gestiegen seien"


def test_coordinated_words_inside_a_dass_clause_stay_in_it():
    body = "Ein Augenzeuge berichtete, dass Jugendliche Steine und Flaschen warfen und Autos anzündeten."
    (q,) = quotes_de(body)
    assert q.text == "dass Jugendliche Steine und Flaschen warfen und Autos anzündeten"


def test_a_parenthesis_after_the_cue_does_not_end_its_clause():
    body = "Der Forscher Jan Hey berichtete in der Zeitschrift „Natur“ (Berlin), es sei wenig Erbgut gefunden worden."
    (q,) = quotes_de(body)
    assert q.text == "es sei wenig Erbgut gefunden worden"
    assert q.speaker.name == "Jan Hey"


def test_a_coordinated_narrator_clause_with_a_long_subject_ends_the_content():
    body = (
        "Die Partei kritisierte, die Kommission habe versagt und die Fraktion der Grünen im Landtag "
        "forderte vom Minister ein Verbot."
    )
    assert quotes_de(body)[0].text == "die Kommission habe versagt"


def test_an_apposition_inside_the_cue_clause():
    body = "Am Montag gab der Leiter der Polizei, Jan Huber, bekannt, dass der Täter gefasst sei."
    (q,) = quotes_de(body)
    assert (q.cue, q.speaker.name, q.text) == ("gab bekannt", "Jan Huber", "dass der Täter gefasst sei")
    body = "Später meldete der Sender des Bistums, Radio Horeb, die Straße werde gesperrt."
    (q,) = quotes_de(body)
    assert (q.speaker.name, q.text) == ("Radio Horeb", "die Straße werde gesperrt")


def test_particle_written_apart_before_the_participle_and_impersonal_bekannt():
    (q,) = quotes_de("Der Konzern hat am Montag bekannt gegeben, dass die Fabrik schließt.")
    assert (q.cue, q.text, q.speaker.name) == ("bekannt gegeben", "dass die Fabrik schließt", "Konzern")
    (q,) = quotes_de("Im April wurde dann bekannt, dass der Sänger krank ist.")
    assert q.text == "dass der Sänger krank ist" and q.speaker is None
    assert quotes_de("Der Sänger wurde bekannt durch seine Rolle im Film.") == []


def test_a_closing_as_clause_attributes_the_sentence_before_it():
    (q,) = quotes_de("Die Chemikalie stand unter Druck, wie Burt Rutan, Chef der Firma, mitteilte.")
    assert (q.kind, q.text, q.speaker.name) == ("according_to", "Die Chemikalie stand unter Druck", "Burt Rutan")
    # a comparison in the middle of the sentence is no attribution
    assert quotes_de("Die Lage ist so, wie er sagte, sehr ernst.") == []


def test_the_attribution_inside_a_statement_is_marked_as_its_gap():
    cases = {
        "Die Lage im Land, sagte er, sei sehr ernst.": ", sagte er,",
        "Der Präsident sei, so Gamkrelids, schuld daran, dass das Land verloren habe.": ", so Gamkrelids,",
        "Die Brandursache ist nach Angaben der Polizei noch unklar.": "nach Angaben der Polizei",
    }
    for body, gap in cases.items():
        (q,) = quotes_de(body)
        assert q.gap is not None and body[q.gap[0] : q.gap[1]] == gap, body
        assert q.start < q.gap[0] and q.gap[1] < q.end
    (q,) = quotes_de("Die Lage im Land sei ernst, sagte er.")
    assert q.gap is None


def test_a_narrator_sentence_with_a_reported_reason_does_not_join_free_reported_speech():
    body = (
        "Der Angeklagte soll viel über die Taten gewusst haben. Es seien aber zu viele Fälle. "
        "Für ihn gilt die höchste Sicherheitsstufe, weil er sich bedroht fühle."
    )
    free = [q.text for q in quotes_de(body) if q.kind == "free_indirect"]
    assert free[0] == "Der Angeklagte soll viel über die Taten gewusst haben. Es seien aber zu viele Fälle"
    assert len(free) == 2


def test_an_as_clause_with_the_particle_apart_before_its_verb():
    (q,) = quotes_de("Wie die Notenbank in Rom bekannt gab, soll der Chef allein entschieden haben.")
    assert (q.cue, q.speaker.mention) == ("wie bekannt gab", "die Notenbank")


def test_zu_infinitive_content_with_a_phrase_after_it_and_hervorgehen_aus():
    body = "Die Kanzlerin Anna Berg hat am Samstag angekündigt, kurzfristig zurückzutreten als Chefin der Partei."
    (q,) = quotes_de(body)
    assert q.text == "kurzfristig zurückzutreten als Chefin der Partei"
    body = "Der Konzern plant eine neue Rechtsform. Dies geht aus einer Mitteilung des Konzerns hervor."
    (q,) = quotes_de(body)
    assert (q.text, q.speaker.mention) == ("Der Konzern plant eine neue Rechtsform", "einer Mitteilung des Konzerns")


def test_a_speech_act_after_a_prepositional_als_vorfeld():
    body = "Als Grund für die Rückgabe nannte der Professor Ernst Teller die Verabschiedung des Gesetzes."
    (q,) = quotes_de(body)
    assert (q.cue, q.speaker.name) == ("nannte", "Ernst Teller")
    assert quotes_de("Als der Professor Ernst Teller das Gesetz nannte, lachten alle.") == []


def test_a_lost_space_after_a_full_stop_ends_the_sentence_and_a_quoted_name_after_a_postposed_cue():
    body = "Die Polizei teilte mit, dass keine Leichen geborgen wurden.Das Schiff war auf dem Weg nach Lae."
    (q,) = quotes_de(body)
    assert q.text == "dass keine Leichen geborgen wurden"
    (q,) = quotes_de("Die Republik habe kapituliert, wir nicht, zitiert „BBC News“ aus ihrer Erklärung.")
    assert (q.text, q.speaker.name) == ("Die Republik habe kapituliert, wir nicht", "BBC News")


def test_a_coordinated_cue_after_adverbs_ends_the_content_before_it():
    body = "Minister Karl Berg sagte, er habe nicht exakt gearbeitet, jedoch stets beteuert, nichts kopiert zu haben."
    assert [q.text for q in quotes_de(body)] == ["er habe nicht exakt gearbeitet", "nichts kopiert zu haben"]


def test_a_content_clause_whose_verb_is_in_quoted_words():
    body = "Der Sprecher Tom Hale teilte auch mit, der Premier „steht bereit“, sich mit Vertretern zu treffen."
    quotes = quotes_de(body)
    assert [q.kind for q in quotes] == ["indirect", "mixed"]
    assert quotes[0].text.startswith("der Premier „steht bereit“") and quotes[0].speaker.name == "Tom Hale"


def test_an_adjective_between_article_and_noun_is_no_konjunktiv():
    body = "Die nächstgrößere Stadt Kolberg ist auch Sitz des Gerichts, wo der Fall verhandelt wird."
    assert quotes_de(body) == []


def test_a_konjunktiv_subordinate_clause_alone_is_reported_when_the_main_clause_is_indicative():
    body = "Die Zeitung berichtet von einem undichten Ventil am Tank, das den Piloten zur Umkehr bewogen habe."
    (q,) = quotes_de(body)
    assert q.text == "das den Piloten zur Umkehr bewogen habe"


def test_a_coordinated_cue_with_its_own_subject_ends_the_content_before_it():
    body = "Es hieß, der Minister sei tot, doch der Sprecher Paul Grau erklärte, dies nicht bestätigen zu können."
    first, second = quotes_de(body)
    assert first.text == "der Minister sei tot"
    assert second.text == "dies nicht bestätigen zu können" and second.speaker.name == "Paul Grau"


def test_a_clause_in_konjunktiv_around_a_quoted_fragment_is_reported_too():
    body = "Der Forscher Jan Weber warnte vor den Folgen. Es drohe „eine Erwärmung von bis zu sechs Grad“."
    outer = by_text(quotes_de(body), "Es drohe")
    fragment = by_text(quotes_de(body), "Erwärmung")
    assert outer.kind == "free_indirect" and outer.text.startswith("Es drohe „eine")
    assert fragment.kind == "mixed" and fragment.parent == outer.id
    assert fragment.speaker.name == outer.speaker.name == "Jan Weber"


def test_a_quotation_going_on_after_an_abbreviation_is_part_of_the_sentence():
    body = (
        "Der Sprecher Paul Grau lobte den Papst. "
        "Später sagte die Kanzlerin Eva Roth vor der Presse, Benedikt XVI. „ist einer der großen Denker“."
    )
    q = by_text(quotes_de(body), "großen Denker")
    assert q.kind == "mixed" and q.speaker.name == "Eva Roth"


def test_subjects_of_coordinated_and_subordinate_cue_clauses():
    body = "Dies war nicht der erste Streit um die Blockaden und die Anwohner befürchten, dass es nicht der letzte sei."
    (q,) = quotes_de(body)
    assert q.speaker.mention == "die Anwohner"
    body = "Ob es zur Koalition kommt, ist offen, da die Partei angekündigt hatte, mit allen verhandeln zu wollen."
    (q,) = quotes_de(body)
    assert q.speaker.mention == "die Partei"


def test_an_extended_attribute_belongs_to_the_mention_not_to_the_name():
    body = "„Das ist ein großer Tag“, schrieb die in New York City geborene Lopez."
    (q,) = quotes_de(body)
    assert q.speaker.mention == "die in New York City geborene Lopez"
    assert q.speaker.name == "Lopez"


def test_konjunktiv_two_of_strong_verbs_marks_reported_content_after_a_cue():
    from quotewatch.lang.de.morph import is_subjunctive_ii

    assert all(is_subjunctive_ii(w) for w in ("kämen", "gäbe", "stünde", "wüsste", "bliebe", "ginge"))
    assert not any(is_subjunctive_ii(w) for w in ("kamen", "wurde", "konnte", "stellte", "blieben", "gingen"))
    body = "Die Verbandschefin Karin Broszat hat behauptet, die neuen Oberstufen kämen nur durch Tricks zustande."
    (q,) = quotes_de(body)
    assert q.text == "die neuen Oberstufen kämen nur durch Tricks zustande"


def test_words_that_only_look_like_konjunktiv_one():
    for body in (
        "Lüge und Unschuld bedingen sich hier offensichtlich wechselseitig.",  # a noun first
        "Durch ihre warme weiche Stimme schafft es die Sängerin, das Publikum zu fesseln.",  # an adjective
        "Ich arbeite an einem neuen Film und plane eine Reise nach Rom.",  # "ich" before "und plane"
    ):
        assert quotes_de(body) == [], body


def test_a_fronted_as_clause_is_a_source_and_the_next_cue_has_the_content():
    quotes = quotes_de("Wie die Zeitung berichtete, sagte der Minister Jan Holm, die Lage sei ernst.")
    q = by_text(quotes, "die Lage")
    assert q.text == "die Lage sei ernst" and q.speaker.name == "Jan Holm"
    # the newspaper reports what he said
    (report,) = [r for r in quotes if r.id == q.parent]
    assert report.text.startswith("sagte der Minister") and report.speaker.name == "Zeitung"


def test_no_cue_in_parentheses_or_as_an_attributive_participle():
    assert quotes_de("Kurz vor Weihnachten (Wikinews berichtete) hatte die Behörde Bußgelder verhängt.") == []
    body = "Aufgrund der prognostizierten Körperlänge von 13 Metern wird eine hohe Temperatur angenommen."
    assert quotes_de(body) == []
    (q,) = quotes_de("Ein Zeuge trat auf, der angab, den Mann gesehen zu haben.")  # a relative pronoun
    assert q.cue == "angab"


def test_a_question_reports_nothing():
    assert quotes_de("Befürchten Sie, dass die Grundrechte eingeschränkt werden?") == []


def test_after_a_cue_and_a_colon_only_content_in_the_mood_of_report_is_reported():
    body = "Der frühere Bürgermeister Paul Grau wies die Vorwürfe zurück: Der Senat habe damals richtig entschieden."
    (q,) = quotes_de(body)
    assert q.text == "Der Senat habe damals richtig entschieden" and q.speaker.name == "Paul Grau"
    assert quotes_de("Die Namen der Besatzungsmitglieder lauten: Eileen Collins, James Kelly und Wendy Lawrence.") == []


def test_a_statement_with_an_according_to_marker_starts_at_its_sentence():
    body = "Bei einem Busunfall im Colca-Tal, einem beliebten Ausflugsziel, sind laut Polizei zwei Touristen gestorben."
    (q,) = quotes_de(body)
    assert q.text.startswith("Bei einem Busunfall") and q.text.endswith("gestorben")
    body = "Jedoch wurde laut Sergei Voznyak der Sprecher des Kandidaten, Pawel Maschejka, festgenommen."
    (q,) = quotes_de(body)
    assert body[q.gap[0] : q.gap[1]] == "laut Sergei Voznyak"  # the name ends the source


def test_a_verb_of_saying_in_konjunktiv_is_itself_reported():
    body = "Der Sprecher Paul Grau äußerte sich knapp. Er wisse auch nicht, was die Behörden dazu bewogen habe."
    (q,) = quotes_de(body)
    assert q.kind == "free_indirect" and q.text.startswith("Er wisse auch nicht")
    assert q.speaker.name == "Paul Grau"


def test_a_konjunktiv_clause_after_an_indicative_main_clause_starts_after_it():
    # the reported clause has its own Vorfeld, which may hold commas
    body = (
        "Am Dienstag zog die Firma Nordbau, die als Generalunternehmer auftrat, ihr Angebot mit der "
        "Begründung zurück, die Behörde habe die Ausschreibung auf einen Konkurrenten zugeschnitten."
    )
    (q,) = quotes_de(body)
    assert q.text == "die Behörde habe die Ausschreibung auf einen Konkurrenten zugeschnitten"
    body = (
        "Der Kollege des Verletzten erklärte in einem Interview, über den Versuch, den Unfall zu "
        "vertuschen, sei er entsetzt."
    )
    (q,) = quotes_de(body)
    assert q.text == "über den Versuch, den Unfall zu vertuschen, sei er entsetzt"
    # a verb ending a relative clause is no main clause of the narrator
    body = "Die Vorstellung erfolge, sobald die zweite Studie, der eine Umfrage zugrunde liegt, fertig sei."
    (q,) = quotes_de(body)
    assert q.text == body[:-1]


def test_free_reported_speech_starting_inside_a_sentence_does_not_join_the_sentence_before():
    body = (
        "Der Sprecher der Bahn sagte, der Zug sei voll gewesen. Es habe keine Verletzten gegeben. "
        "Die Polizei hatte Anzeige erstattet, weil der Fahrer betrunken gewesen sei."
    )
    texts = [q.text for q in quotes_de(body)]
    assert texts == [
        "der Zug sei voll gewesen",
        "Es habe keine Verletzten gegeben",
        "weil der Fahrer betrunken gewesen sei",
    ]


def test_content_ends_where_the_main_clause_after_it_goes_on():
    body = (
        "Die Stadt teilte am Montag mit, dass der Fahrer gesucht werde, hatte dieser doch versucht, "
        "die Polizei zu täuschen."
    )
    (q,) = quotes_de(body)
    assert q.text == "dass der Fahrer gesucht werde"
    # a relative clause inside the content clause does not end it
    body = "Der Verband erklärte, dass die Regierung, die gestern tagte, gescheitert sei, weil sie zerstritten ist."
    (q,) = quotes_de(body)
    assert q.text == "dass die Regierung, die gestern tagte, gescheitert sei, weil sie zerstritten ist"


def test_reported_speech_ends_where_the_narrator_goes_on_with_the_same_subject():
    body = "Er halte die Verlängerung der Gesetze für vertretbar und bezeichnete die Erweiterung als nötig."
    (q,) = quotes_de(body)
    assert q.text == "Er halte die Verlängerung der Gesetze für vertretbar"
    # adjectives coordinated in the statement are no verb of the narrator
    body = "Unter den Opfern sollen auch kranke und behinderte, etwa solche mit Lähmungen, gewesen sein."
    (q,) = quotes_de(body)
    assert q.text == body[:-1]


def test_a_cue_after_its_content_in_the_perfect_or_after_a_verb_of_saying_in_konjunktiv():
    body = "Es drohe ein Wettlauf der Rüstung, hatte der Präsident bei seinem Besuch in Moskau gesagt."
    (q,) = quotes_de(body)
    assert (q.kind, q.text, q.cue, q.speaker.mention) == (
        "indirect",
        "Es drohe ein Wettlauf der Rüstung",
        "gesagt",
        "der Präsident",
    )
    # "drohen" is a verb of saying in Konjunktiv here; "sagte" attributes the sentence
    body = "Es drohe ein Wettlauf der Rüstung, sagte der Präsident am Montag."
    (q,) = quotes_de(body)
    assert (q.kind, q.cue, q.speaker.mention) == ("indirect", "sagte", "der Präsident")


def test_content_ends_before_a_reason_of_the_narrator_and_before_a_colon_that_opens_a_quotation():
    body = "Der Bauer hofft, dass für sein Dorf etwas von den Einnahmen abfällt, denn bisher gibt es dort kein Telefon."
    (q,) = quotes_de(body)
    assert q.text == "dass für sein Dorf etwas von den Einnahmen abfällt"
    body = (
        "Die Opposition kritisierte einen Bericht, wonach die Berufung der Tochter politische Gründe habe: "
        "„Man muss sich nur die Liste ansehen.“"
    )
    reported, quoted = quotes_de(body)
    assert reported.text == "wonach die Berufung der Tochter politische Gründe habe"
    assert quoted.kind == "direct"


def test_an_inflected_participle_between_an_adjective_and_its_noun_is_no_cue():
    assert quotes_de("Das Tier zog von seinem letzten vermuteten Aufenthaltsort am See weiter nach Süden.") == []
    assert quotes_de("Nicht erklärte Streiks der Fluglotsen haben den Flugbetrieb lahmgelegt.") == []
    # a role noun after the verb is its subject
    (q,) = quotes_de("Am Montag erklärte Regierungssprecher Paul Klee, die Lage sei ernst.")
    assert q.speaker.name == "Paul Klee"


def test_a_declaration_without_words_is_no_report():
    assert quotes_de("Der Generalsekretär erklärte die Diskussion des Themas daraufhin für beendet.") == []
    (q,) = quotes_de("Die Gewerkschaft forderte daraufhin eine Erhöhung der Löhne um fünf Prozent.")
    assert q.cue == "forderte"


def test_a_fronted_as_clause_governs_its_sentence_also_with_an_apposition_or_a_marker_inside():
    body = "Wie der Direktor des Amtes, Anna Roth, mitteilte, waren die Menschen nicht informiert worden."
    (q,) = quotes_de(body)
    assert (q.kind, q.text, q.speaker.name) == (
        "according_to",
        "waren die Menschen nicht informiert worden",
        "Anna Roth",
    )
    body = (
        "Wie der Regierungssprecher Paul Klee mitteilte, ist die Energie nach Auffassung der Kanzlerin unverzichtbar."
    )
    q, *inside = quotes_de(body)
    assert q.cue == "wie mitteilte" and q.speaker.name == "Paul Klee"
    assert all(i.parent == q.id for i in inside)  # the chancellor's view, as he reports it


def test_a_verb_of_saying_in_a_clause_in_konjunktiv_is_itself_reported():
    body = "Der Sprecher sagte, der Bär sei gefährlich. Keiner könne sagen, was passiere, wenn er angreife."
    first, second = quotes_de(body)
    assert second.kind == "free_indirect" and second.text == body[body.index("Keiner") : -1]
    assert second.speaker.name == first.speaker.name


def test_sprechen_reports_a_statement_only_with_von_or_ueber():
    (q,) = quotes_de("Die Polizei sprach am Abend von einer weitgehend friedlichen Demonstration.")
    assert q.cue == "sprach"
    assert quotes_de("Der Astronaut sprach am Abend sieben Minuten mit seiner Frau und seiner Tochter.") == []
    assert quotes_de("Von der Zusammenarbeit verspricht sich der Konzern eine deutliche Senkung der Kosten.") == []


def test_a_noun_of_saying_inside_an_according_to_marker_is_no_cue_of_its_own():
    body = "Nach Angaben der Polizei habe der Mann begonnen, Flugblätter zu verteilen."
    (q,) = quotes_de(body)
    assert (q.kind, q.text, q.speaker.mention) == (
        "according_to",
        "habe der Mann begonnen, Flugblätter zu verteilen",
        "der Polizei",
    )
    # "der Meinung" after a verb is a cue noun as before
    (q,) = quotes_de("Der Sprecher ist der Meinung, dass es nicht umgesetzt werde.")
    assert q.speaker.mention == "Der Sprecher"


def test_analyses_results_and_laws_are_sources_after_bare_nach():
    (q,) = quotes_de("Nach einer ersten Analyse entstand nach 25 Sekunden ein Leck im Tank.")
    assert (q.kind, q.speaker.mention) == ("according_to", "einer ersten Analyse")
    (q,) = quotes_de("Nach dem Grundgesetz bestimmt der Kanzler die Richtlinien der Politik.")
    assert q.cue == "Nach"
    assert quotes_de("Nach dem Spiel feierten die Fans auf den Straßen der Stadt.") == []


def test_adverbs_may_stand_inside_an_impersonal_marker():
    (q,) = quotes_de("Allerdings wurde inzwischen auch bekannt, dass auf dem Flughafen kein Radar vorhanden ist.")
    assert (q.kind, q.cue, q.text) == (
        "according_to",
        "wurde inzwischen auch bekannt",
        "dass auf dem Flughafen kein Radar vorhanden ist",
    )


def test_a_copula_and_an_opinion_adjective_introduce_content():
    (q,) = quotes_de("Der Trainer Paul Roth ist hingegen zuversichtlich, die Schweden schlagen zu können.")
    assert (q.cue, q.text, q.speaker.name) == ("ist zuversichtlich", "die Schweden schlagen zu können", "Paul Roth")
    (q,) = quotes_de("Die Ministerin zeigte sich überzeugt, dass die Reform gelingen werde.")
    assert q.text == "dass die Reform gelingen werde"


def test_konjunktiv_two_or_sollen_in_a_relative_or_adverbial_clause_does_not_continue_a_report():
    said = "Die Ministerin Hanna Lenz sagte, die Reform komme im Frühjahr. "
    for narration in (
        "Ein Gesetz, das die Kosten regeln sollte, wurde im Mai gestoppt.",
        "Die Webseite war nicht erreichbar, weil viele Eltern sich informieren wollten.",
        "Der Abschnitt ist das erste Projekt, das privat finanziert werden soll.",
    ):
        assert [q.kind for q in quotes_de(said + narration)] == ["indirect"], narration
    # in the main clause, or in a dass-clause, they go on with what she said
    for report in ("Sie würde die Schulen entlasten.", "Die Zahlen zeigten, dass sich die Reform lohnen würde."):
        assert [q.kind for q in quotes_de(said + report)] == ["indirect", "free_indirect"], report


def test_an_infinitive_content_ends_where_the_main_clause_goes_on():
    body = "Während der Minister ankündigte, den Plan prüfen zu lassen, stellt sich die Partei dagegen."
    assert [q.text for q in quotes_de(body)] == ["den Plan prüfen zu lassen"]
    body = "Dem Appell der Polizei, sich zu stellen, folgte der Mann nicht."
    assert [q.text for q in quotes_de(body)] == ["sich zu stellen"]
    # a relative clause or a second infinitive still belongs to it
    body = "Die Regierung kündigte an, eine Kommission zu gründen, die sich mit der Lage befassen soll."
    assert [q.text for q in quotes_de(body)] == ["eine Kommission zu gründen, die sich mit der Lage befassen soll"]
    body = "Der Präsident erteilte der Armee den Befehl, dabei zu helfen, Menschen aus der Gefahrenzone zu bringen."
    assert [q.text for q in quotes_de(body)] == ["dabei zu helfen, Menschen aus der Gefahrenzone zu bringen"]


def test_free_reported_speech_goes_on_after_a_fronted_subordinate_clause():
    body = (
        "Die Polizei sagte, es gebe keine Verletzten. Beim Anschalten sei es zu einem Kurzschluss gekommen. "
        "Da die Anlage sofort abgeschaltet wurde, sei es in einer Turbine zu einem Brand gekommen."
    )
    free = [q.text for q in quotes_de(body) if q.kind == "free_indirect"]
    assert free == [
        "Beim Anschalten sei es zu einem Kurzschluss gekommen. "
        "Da die Anlage sofort abgeschaltet wurde, sei es in einer Turbine zu einem Brand gekommen"
    ]


def test_a_number_before_a_full_stop_ends_a_sentence_when_an_article_or_pronoun_follows():
    from quotewatch.lang import load
    from quotewatch.text.doc import Doc

    doc = Doc.build("Am 3. Oktober begann der Verkauf des Modells 3. Ein Sprecher nannte keine Zahlen.", load("de"))
    assert [s.tokens[0].text for s in doc.sentences] == ["Am", "Ein"]


def test_a_quoted_name_inside_free_reported_speech_does_not_end_it():
    body = (
        "Der Studie zufolge werde in Kliniken unhygienisch gearbeitet. Die Zahl der Infektionen sei hoch. "
        "Viele würden durch den Keim „Staphylococcus Aureus“ (MRSA) ausgelöst. "
        "In Asien seien die Proben resistent gewesen."
    )
    free = [q.text for q in quotes_de(body) if q.kind == "free_indirect"]
    assert len(free) == 1 and free[0].startswith("Die Zahl") and free[0].endswith("resistent gewesen")


def test_words_after_an_inserted_cue_are_a_second_statement_only_in_konjunktiv():
    body = "Die Lage nach dem langen Winter ist ernst, sagte der Minister Jan Roth, die Regierung habe einen Plan."
    assert "die Regierung habe einen Plan" in [q.text for q in quotes_de(body)]
    body = "Wir haben keine Reserven mehr, sagte Jan Roth, Sprecher der Stadt, gegenüber einem Reporter."
    assert not any("Reporter" in q.text for q in quotes_de(body))


def test_a_medium_reports_a_sentence_whose_cue_has_its_own_speaker():
    body = (
        "Laut Informationen des Nachrichtenmagazins „Der Spiegel“ hat der IWF angekündigt, "
        "keine finanzielle Hilfe mehr leisten zu wollen. Es sei genug gezahlt worden."
    )
    quotes = quotes_de(body)
    report = by_text(quotes, "hat der IWF angekündigt")
    statement = by_text(quotes, "keine finanzielle Hilfe")
    assert report.kind == "according_to" and report.cue == "Laut" and "Nachrichtenmagazins" in report.speaker.mention
    assert statement.kind == "indirect" and statement.speaker.name == "IWF" and statement.parent == report.id
    # the speaker who spoke last goes on
    assert by_text(quotes, "Es sei genug").speaker.name == "IWF"


def test_an_infinitive_after_a_participle_cue_without_its_comma():
    (q,) = quotes_de("Chinesische Politiker haben dazu aufgerufen die Polizeikontrollen in der Region zu verstärken.")
    assert q.text == "die Polizeikontrollen in der Region zu verstärken"
    assert q.speaker.mention == "Chinesische Politiker"  # not the object after the participle


def test_demnach_in_the_middle_field_makes_its_clause_a_statement():
    body = "Senator Dodd legte einen Gesetzentwurf vor. Die Rolle der Notenbank soll demnach weiter gestärkt werden."
    q = by_text(quotes_de(body), "Die Rolle")
    assert q.kind == "according_to" and q.cue == "demnach"
    assert q.text == "Die Rolle der Notenbank soll demnach weiter gestärkt werden"
    # not in a subordinate clause
    assert quotes_de("Er ging, weil er demnach keine Zeit hatte, nach Hause.") == []


def test_entschieden_is_a_cue_only_where_it_closes_a_perfect_before_its_content():
    (q,) = quotes_de("Das Ministerium hat entschieden, der Firma die Lizenz zu entziehen.")
    assert q.text == "der Firma die Lizenz zu entziehen" and q.speaker.mention == "Das Ministerium"
    assert quotes_de("Die Partei hat sich entschieden gegen den Plan gestellt.") == []
    assert quotes_de("Die Forscher haben gefunden, was sie lange gesucht hatten.") == []


def test_a_disaster_that_claims_lives_says_nothing():
    assert quotes_de("Zwölf Todesopfer forderte ein Taifun, der am Sonntag den Norden heimsuchte.") == []
    assert quotes_de("In Vietnam forderte die Naturkatastrophe 92 Menschenleben.") == []
    (q,) = quotes_de("Die Partei forderte, dass die Opfer entschädigt werden.")
    assert q.text == "dass die Opfer entschädigt werden"


def test_a_statement_goes_on_after_a_postposed_source_and_where_it_said_it():
    body = "Das Problem sei vielmehr, so der Präsident laut BBC News, dass die USA Erdgas ersetzen wollten."
    (q,) = quotes_de(body)
    assert q.text == body[:-1] and q.speaker.mention == "der Präsident"
    body = "Sein Rivale McCain, so Obama weiter, würde massiv Spenden von solchen Gruppen erhalten."
    (q,) = quotes_de(body)
    assert q.text.endswith("erhalten") and q.speaker.mention == "Obama"
    body = "Vom April bis zum Juni, so die Ergebnisse eines Richters, der ermittelt, seien 200 Leute verhaftet worden."
    (q,) = quotes_de(body)
    assert q.text.endswith("verhaftet worden") and q.speaker.mention.startswith("die Ergebnisse")
    # a participle after the source is no statement going on
    body = "ATTAC unterstützt den Streik der Lokführer, so der Aufruf aus Frankfurt, verbunden mit einer Kritik am DGB."
    (q,) = quotes_de(body)
    assert q.text == "ATTAC unterstützt den Streik der Lokführer"


def test_a_source_named_inside_a_report_has_its_own_statement():
    body = (
        "Wie der Regierungssprecher Thomas Steg mitteilte, ist die Kernenergie nach Auffassung der Kanzlerin "
        "auf absehbare Zeit unverzichtbar."
    )
    outer, inner = quotes_de(body)
    assert outer.speaker.name == "Thomas Steg" and outer.cue == "wie mitteilte"
    assert inner.cue == "nach Auffassung" and inner.speaker.mention == "der Kanzlerin"
    assert inner.parent == outer.id and inner.text == outer.text
    # his own view inside his statement is no second source
    body = "Ihm zufolge zeichnet der Westen ein falsches Bild, was seiner Meinung nach nicht der Wahrheit entspreche."
    assert len(quotes_de(body)) == 1
    # a marker inside a relative clause is no second statement of the sentence
    body = "Im Koffer, der nach Angaben der Polizei die Bombe enthalten sollte, wurde kein Sprengstoff gefunden."
    assert len(quotes_de(body)) <= 1


def test_a_relative_clause_after_the_object_is_no_content_and_a_condition_may_open_with_a_particle():
    body = "Der Veranstalter informierte das Auswärtige Amt, welches sofort einen Krisenstab einrichtete."
    assert not any("Krisenstab" in q.text for q in quotes_de(body))
    (q,) = quotes_de("Der Sprecher sagte, welche Schulen geschlossen würden, sei noch offen.")
    assert q.text.startswith("welche Schulen")
    assert quotes_de("Selbst wenn die Frau als Heranwachsende gesehen wird, droht ihr eine lange Haftstrafe.") == []


def test_a_fronted_as_clause_with_an_apposition_is_a_source_not_the_content_of_the_next_verb():
    body = "Wie der Vertreter der Kommission, Gerald Braun, in Luxemburg mitteilte, sieht der Konzern ein Problem."
    (q,) = quotes_de(body)
    assert q.kind == "according_to" and q.text == "sieht der Konzern ein Problem"
    assert q.speaker.name == "Gerald Braun"


def test_after_a_cue_in_a_fronted_adverbial_clause_an_infinitive_belongs_to_the_main_clause():
    body = (
        "Nachdem die Beraterin die Polizei informiert hatte, wurde eine Kommission eingerichtet, um das Kind zu retten."
    )
    assert quotes_de(body) == []
    (q,) = quotes_de("Als der Minister sagte, die Lage sei ernst, wurde es still.")
    assert q.text == "die Lage sei ernst"


def test_a_verb_of_saying_in_the_infinitive_asserts_no_saying():
    assert quotes_de("Mit dem neuen Fall ist nun davon auszugehen, dass sich die Seuche ausbreitet.") == []
    assert quotes_de("Wobei zu bemerken ist, dass der Kandidat eine halbe Stunde zu spät kam.") == []
    (q,) = quotes_de("Der Minister sagte, dass sich die Seuche ausbreite.")
    assert q.cue == "sagte"
