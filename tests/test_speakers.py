"""Speaker attribution: names, role nouns, nationality, pronouns, carrying, groups."""

from conftest import by_text, quotes_de

from quotewatch.lang import load

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


def test_an_abstract_subject_is_no_speaker():
    body = (
        "Die Stadtwerke Halle haben ihre Preise erhöht. Das Ziel der Reform sei es, die Netze zu erneuern, "
        "sagte die Geschäftsführerin Petra Lindner."
    )
    q = by_text(quotes_de(body), "die Netze zu erneuern")
    assert q.speaker.name == "Petra Lindner"
    sentence = "Die Anzahl der Beschwerden zeigt, dass die Kunden unzufrieden sind."
    for q in quotes_de(sentence):
        assert q.speaker is None or "Anzahl" not in q.speaker.mention


def test_the_agent_of_a_passive_report_is_the_speaker():
    body = "Die Entscheidung wurde vom Deutschen Mieterbund als rückschrittlich bezeichnet."
    (q,) = quotes_de(body)
    assert q.speaker.mention == "Deutschen Mieterbund"


def test_subject_after_the_verb_when_an_object_or_phrase_opens_the_sentence():
    quotes = quotes_de("Als Antwort auf den Brief sagte ein Sprecher des Rathauses: „Wir prüfen das Schreiben.“")
    assert by_text(quotes, "Wir prüfen").speaker.mention == "ein Sprecher des Rathauses"
    (q,) = quotes_de("Eine Verschiebung der Wahl bezeichnete Maria Hallberg als gefährlich.")
    assert q.speaker.name == "Maria Hallberg"


def test_subject_across_a_relative_clause_or_a_contrast_adverb():
    body = "Die Leitung des Zoos, die den Verlust noch beziffert, spricht von zwanzig entlaufenen Ziegen."
    (q,) = quotes_de(body)
    assert q.speaker.mention == "Die Leitung des Zoos"
    (q,) = quotes_de("Die Feuerwehr hingegen sprach von einem technischen Defekt der Heizung.")
    assert q.speaker.mention == "Die Feuerwehr"


def test_a_fragment_belongs_to_the_cue_of_its_own_clause():
    body = (
        "Der Stürmer Jonas Albrecht nannte die Rote Karte „überzogen“, Trainer Lukas Brenner "
        "bezeichnete die vielen Pfiffe als „kleinlich“."
    )
    quotes = quotes_de(body)
    assert by_text(quotes, "„überzogen“").speaker.name == "Jonas Albrecht"
    assert by_text(quotes, "„kleinlich“").speaker.name == "Lukas Brenner"


def test_any_verb_after_a_quotation_and_its_comma_names_the_speaker():
    body = "„Wir haben jetzt vier Punkte“, freute sich Rajevac, der Trainer der Gäste, nach dem Spiel."
    (q,) = quotes_de(body)
    assert q.speaker.name == "Rajevac"  # the name before the apposition, though no tagger knows it
    assert q.cue == "freute"
    # without the comma the quoted words are a title in a sentence of the narrator
    assert quotes_de("Der Film „Wir haben jetzt vier Punkte“ lief im Kino.") == []


def test_impersonal_and_postposed_markers_with_their_source():
    cases = {
        "„Alle Spuren werden verfolgt“, hieß es vom Abgeordneten Viktor Oserow.": ("hieß es", "Viktor Oserow"),
        "„Das Milieu reicht bis in die Büros“, so Guttenberg wörtlich.": ("so", "Guttenberg"),
    }
    for body, (cue, name) in cases.items():
        (q,) = quotes_de(body)
        assert (q.cue, q.speaker.name) == (cue, name), body
    (q,) = quotes_de("„Das ist ein Skandal“, hieß es am Abend.")
    assert q.cue == "hieß es" and q.speaker is None


def test_subjects_with_focus_particles_numbers_quoted_names_and_coordinated_verbs():
    cases = {
        "Einzig die Bahn gab bekannt, die Preise zu senken.": "Bahn",
        "Der 81-jährige Besitzer des Hofes sagte, dass Mäuse eingezogen seien.": "81-jährige Besitzer des Hofes",
        "Die Wochenzeitung „Der Bote“ meldet, die Ernte sei gut.": "Wochenzeitung",
        "Einer der Gründer, Harald Vinz, dankte den Gästen und ergänzte, der Verein sei gesund.": "Harald Vinz",
    }
    for body, name in cases.items():
        (q,) = quotes_de(body)
        assert q.speaker is not None and q.speaker.name == name, body
    (q,) = quotes_de("Die Wochenzeitung „Der Bote“ meldet, die Ernte sei gut.")
    assert q.speaker.mention == "Die Wochenzeitung „Der Bote“"


def test_a_colon_clause_with_a_noun_of_saying_gives_its_subject():
    body = "Die Firma Kornhaus empfindet die Kritik als ungerecht: „Wir lagern die Ware nur.“"
    (q,) = quotes_de(body)
    assert q.speaker.name == "Kornhaus" or q.speaker.mention == "Die Firma Kornhaus"


def test_an_anaphoric_cue_does_not_replace_the_source_a_report_names():
    body = "Einige Abgeordnete haben angekündigt, sie würden klagen. Dies äußerte auch der Abgeordnete Tom Kern."
    quotes = quotes_de(body)
    assert by_text(quotes, "sie würden klagen").speaker.mention == "Einige Abgeordnete"


def test_a_pronoun_after_an_introduced_quotation_stands_for_the_introduced_speaker():
    body = (
        "Die Regierung plant eine Reform. Anna Jouini, Vorstandsmitglied der Liga, sagte dazu: "
        "„Wir haben lange gewartet,“ betont sie."
    )
    q = by_text(quotes_de(body), "Wir haben lange gewartet")
    assert q.speaker.mention == "sie"  # the mention nearest to the quotation
    assert q.speaker.name == "Anna Jouini"  # whom it stands for


def test_documents_and_long_fronted_phrases_give_speakers():
    (q,) = quotes_de("„Wir bitten Sie, zu handeln“, heißt es in dem Schreiben des Verbands.")
    assert q.speaker.mention == "dem Schreiben des Verbands"
    body = "Bei einer Debatte über die Praxis der Abschiebungen im Landtag ließ sich Tom Pieper hinreißen: „Genug!“"
    (q,) = quotes_de(body)
    assert q.speaker.name == "Tom Pieper"


def test_a_subject_after_the_verb_is_the_antecedent_of_the_next_pronoun():
    body = "Danach verschanzte sich der Mann in der Toilette. Er erklärte einem Angestellten, dass er bewaffnet sei."
    (q,) = quotes_de(body)
    assert q.speaker.mention == "Er" and q.speaker.name == "Mann"


def test_a_speaker_who_is_said_to_be_worried_speaks_the_reported_speech_after():
    body = (
        "Der Staatspräsident Georg Parow ist besorgt über den Streit mit dem Minister Jan Holm. "
        "Der Konflikt sei nicht ethnisch motiviert."
    )
    (q,) = quotes_de(body)
    assert q.kind == "free_indirect" and q.speaker.name == "Georg Parow"


def test_according_to_phrases_give_quoted_fragments_their_source():
    body = "Der Premierminister John Key war vor Ort. Seiner Ansicht nach „sind wir Zeugen des schwärzesten Tages“."
    (q,) = quotes_de(body)
    assert (q.speaker.mention, q.speaker.name) == ("Seiner Ansicht", "John Key")
    body = "Die Kameras stellen nach Meinung des SPD-Politikers „einen starken Eingriff in die Grundrechte“ dar."
    fragment = next(q for q in quotes_de(body) if q.kind == "mixed")
    assert fragment.speaker.name == "SPD-Politiker"


def test_an_object_before_the_verb_is_no_speaker_of_a_colon_quotation():
    body = "Die Anwendung der Regel stellte der Vorsitzende Franz Berg in Frage: „Das ist nicht lebensnah.“"
    (q,) = quotes_de(body)
    assert q.speaker.name == "Franz Berg"


def test_coordinated_nouns_before_the_verb_are_one_speaker():
    body = "Der Abgeordnete und Fraktionschef Andreas Stoch sagte, die Schule sei gut."
    (q,) = quotes_de(body)
    assert q.speaker.mention == "Der Abgeordnete und Fraktionschef Andreas Stoch"
    assert q.speaker.name == "Andreas Stoch"
    (q,) = quotes_de("Der Präsident und die Ministerin sagten, die Schule sei gut.")
    assert q.speaker.mention == "Der Präsident und die Ministerin"


def test_the_agent_of_a_passive_cue_is_the_source_of_the_reported_speech_after_it():
    body = (
        "Die Forderungen Berningers wurden vom Minister Tom Stolpe als falsch bezeichnet. "
        "Heutige Autos seien dafür nicht gebaut."
    )
    assert [q.speaker.name for q in quotes_de(body)] == ["Tom Stolpe", "Tom Stolpe"]


def test_a_sentence_initial_adjective_opens_the_speaker_and_an_object_pronoun_is_none():
    body = "Arabische und iranische Medien werfen ihm offen Verrat vor. So soll er Informationen weitergegeben haben."
    assert [q.speaker.mention for q in quotes_de(body)] == ["Arabische und iranische Medien"] * 2


def test_documents_impersonal_reports_and_anaphoric_cues_after_quotations():
    body = "Die Partei stellte einen Antrag. In dem Antrag heißt es wörtlich: „Die Einstufung ist aufzuheben.“"
    (q,) = quotes_de(body)
    assert q.speaker.mention == "dem Antrag"
    body = "Die Kosten sollen „durch mehr Effizienz“ sinken, so heißt es in einer Erklärung des Betriebsrats."
    quotes = quotes_de(body)
    assert {q.speaker.mention for q in quotes} == {"einer Erklärung des Betriebsrats"}
    body = "„Ja, es gibt Zumutungen.“ Das musste der Minister Peer Steinbrück zu Beginn der Debatte einräumen."
    (q,) = quotes_de(body)
    assert (q.cue, q.speaker.name) == ("einräumen", "Peer Steinbrück")
    (q,) = quotes_de("Wie schon die WHO sagte, ist eine Ansteckung dort unwahrscheinlich.")
    assert q.speaker.mention == "die WHO"


def test_a_short_name_in_quotation_marks_can_be_the_source():
    cases = {
        "„BBC News“ berichtet unter Berufung auf einen Wärter, dass die Gefangenen geflohen seien.": "BBC News",
        "Wie „heise online“ berichtet, sperrten die Behörden den Zugang.": "heise online",
    }
    for body, name in cases.items():
        q = next(q for q in quotes_de(body) if q.kind != "direct")
        assert q.speaker is not None and q.speaker.name == name, body
    # a quoted phrase is no source: "Eine „ernstzunehmende Spur“ führte die Polizei …"
    body = "Eine „ernstzunehmende Spur“ führte die Polizei nach Hamburg, teilte der Sprecher Jan Ott mit."
    assert all(q.speaker is None or "Spur" not in q.speaker.name for q in quotes_de(body))


def test_an_unattributed_quotation_after_a_cue_sentence_belongs_to_its_subject():
    body = (
        "„Wir bleiben“, sagte der Premier Tony Blair. Sadiq Khan, einer der Abgeordneten, verurteilte die "
        "Haltung der Regierung. „Diese Regierung hat Erfolge, aber nicht hier.“"
    )
    assert by_text(quotes_de(body), "Diese Regierung").speaker.name == "Sadiq Khan"


def test_fronted_sources_and_the_subjects_of_nouns_of_saying():
    cases = {
        "Aus EU-Kreisen verlautete, dies sei nur Spekulation.": "EU-Kreisen",
        "So machten die Hamburger Grünen am Donnerstag den Vorschlag, Gespräche mit der CDU zu führen.": (
            "die Hamburger Grünen"
        ),
        "Wie der Zeitung „Hürriyet“ von der Gruppe berichtet wird, muss die Sperre nicht bestätigt werden.": (
            "der Gruppe"
        ),
    }
    for body, mention in cases.items():
        q = next(q for q in quotes_de(body) if q.kind != "direct")
        assert q.speaker is not None and q.speaker.mention == mention, body


def test_a_site_name_in_lower_case_is_a_source_and_an_anaphoric_marker_is_no_name():
    (q,) = quotes_de("Wie t-online.de berichtet, ist der erste Trailer des Spiels im Internet erschienen.")
    assert q.speaker.name == "t-online.de"
    (q,) = quotes_de("Demnach darf die Flugsicherung privatisiert werden.")
    assert q.speaker is None


def test_a_name_after_a_relative_pronoun_is_the_subject_of_the_relative_clause():
    body = (
        "„Die Zahl sinkt“, sagte der Chef der Agentur Frank Weise. Sie fällt unter die Marke, die "
        "Gerhard Schröder zum eigenen Kriterium erklärt hatte: „Wir schaffen das bis 2002.“"
    )
    assert by_text(quotes_de(body), "Wir schaffen das").speaker.mention == "Gerhard Schröder"


def test_a_relative_pronoun_speaks_for_the_noun_phrase_before_it():
    body = "Es gibt auch Kritiker, die dem Bürgermeister vorwerfen, zu lange geschwiegen zu haben."
    (q,) = quotes_de(body)
    assert q.text == "zu lange geschwiegen zu haben"
    assert q.speaker.mention == "die" and q.speaker.name == "Kritiker"
    body = "Entscheidend war die Aussage eines Nachbarn, der angab, den Mann mehrfach gesehen zu haben."
    (q,) = quotes_de(body)  # the noun "Aussage" has no content of its own: the relative clause is one
    assert q.cue == "angab" and q.speaker.mention == "der"


def test_a_possessive_before_a_role_noun_opens_the_speakers_noun_phrase():
    body = "Die Gewerkschaft war unzufrieden. Ihr Vorsitzender Emil Brandner erklärte: „Das reicht nicht.“"
    (q,) = quotes_de(body)
    assert q.speaker.mention == "Ihr Vorsitzender Emil Brandner" and q.speaker.name == "Emil Brandner"


def test_a_document_in_the_clause_speaks_an_impersonal_or_passive_report():
    (q,) = quotes_de("Im Bericht heißt es, dass es klare Anzeichen für Verstöße gebe.")
    assert q.speaker.mention == "Bericht"
    (q,) = quotes_de("So wird in einer Pressemitteilung der Organisation gefordert, dass die Regierung handle.")
    assert q.speaker.mention == "einer Pressemitteilung der Organisation"
    (q,) = quotes_de("Im Jahr 2005 wurde gefordert, dass die Regierung handle.")
    assert q.speaker is None  # a year is no source


def test_sie_after_the_verb_is_the_object_when_a_speaker_fills_the_vorfeld():
    quotes = quotes_de("Der Hauptgeschäftsführer des Verbands nannte sie „fahrlässig“.")
    assert {q.speaker.mention for q in quotes} == {"Der Hauptgeschäftsführer des Verbands"}
    (q,) = quotes_de("Der Minister Jan Holm war dort. Deren Haltung bezeichnete er als falsch.")
    assert q.speaker.mention == "er" and q.speaker.name == "Jan Holm"


def test_es_never_speaks():
    (q,) = quotes_de("Der Minister Jan Holm war dort. Aus Paris hieß es, das Vorgehen sei falsch.")
    assert q.speaker.mention == "Paris"
    (q,) = quotes_de("Als wichtige Aufgabe der Politik sah es der Präsident Horst Köhler an, Reformen voranzutreiben.")
    assert q.speaker.name == "Horst Köhler"


def test_wonach_points_at_the_noun_phrase_before_it():
    (q,) = quotes_de("Es gibt einen Bericht der Polizei, wonach der Täter geflohen sei.")
    assert q.speaker.mention == "wonach" and q.speaker.name == "Bericht der Polizei"


def test_es_as_the_object_leaves_the_subject_before_the_verb():
    (q,) = quotes_de("Der Politiker Ronny Tong war empört. Er nannte es den schwärzesten Tag für die Demokratie.")
    assert q.speaker.mention == "Er" and q.speaker.name == "Ronny Tong"


def test_demonstrative_pronouns_and_quantifiers_can_speak():
    quotes = quotes_de("Der Kandidat Jan Holm traf den Wächterrat. Dieser bestätigte, dass die Wahl gültig sei.")
    assert quotes[-1].speaker.mention == "Dieser"
    (q,) = quotes_de("Die beiden werden beschuldigt, an dem Anschlag beteiligt gewesen zu sein.")
    assert q.speaker.mention == "Die beiden"
    (q,) = quotes_de("Einige der Teilnehmer sagten, die Stimmung sei gut gewesen.")
    assert q.speaker.mention == "Einige der Teilnehmer"
    (q,) = quotes_de("Diese Entscheidung sagte vieles. Der Minister Jan Holm erklärte, sie sei richtig.")
    assert q.speaker.name == "Jan Holm"


def test_an_anaphoric_marker_stays_the_mention_and_takes_the_name_of_the_source_before():
    body = (
        "Heute hat die Staatsanwaltschaft Bonn ein Ergebnis der Obduktion bekannt gegeben. "
        "Demnach hat der Mann keine Fremdeinwirkung erlitten."
    )
    (q,) = quotes_de(body)
    assert (q.speaker.mention, q.speaker.name) == ("Demnach", "Staatsanwaltschaft Bonn")


def test_a_passive_agent_is_the_antecedent_of_sie_and_fortfahren_introduces_a_quotation():
    body = (
        "Die Offensive wurde von einer Armeesprecherin bestätigt. Sie sagte, das Ziel sei erreicht. "
        "Sie fuhr fort: „Wir werden einige Gebiete halten.“"
    )
    reported, quoted = quotes_de(body)
    assert reported.speaker.name == quoted.speaker.name == "Armeesprecherin"
    assert quoted.cue == "fuhr fort"


def test_sources_in_prepositional_phrases_and_documents_named_by_a_demonstrative():
    (q,) = quotes_de("Wie aus Unternehmenskreisen verlautete, will der Konzern sein Werk umrüsten.")
    assert q.speaker.mention == "Unternehmenskreisen"
    body = "Der Verein hat das Dokument veröffentlicht. In diesem wird festgehalten, dass es keine Grenze gibt."
    (q,) = quotes_de(body)
    assert (q.speaker.mention, q.speaker.name) == ("diesem", "Verein")


def test_documents_as_sources_after_heisst_es_and_before_a_relative_clause():
    (q,) = quotes_de("Nun heißt es im Abschlussbericht, bei der Wahl seien Probleme aufgetreten.")
    assert q.speaker.mention == "Abschlussbericht"
    body = "In einer Presseerklärung, die am Mittwoch veröffentlicht wurde, wurde verkündet, dass die Partei zustimmt."
    (q,) = quotes_de(body)
    assert q.speaker.mention == "einer Presseerklärung"
    # a time is no document
    (q,) = quotes_de("Im Jahr 2005, das war schwer, wurde gefordert, dass alle zahlen.")
    assert q.speaker is None


def test_a_dative_noun_phrase_before_the_verb_is_no_antecedent():
    body = (
        "Dem Einsatz der Geräte steht die Fraktion der Grünen sehr kritisch gegenüber. "
        "Zum einen wird auf Erfahrungen aus anderen Ländern verwiesen, wo das Verfahren gescheitert sei."
    )
    (q,) = quotes_de(body)
    assert q.speaker is None or "Einsatz" not in q.speaker.name


def test_free_reported_speech_takes_the_subject_of_a_verb_of_saying_in_its_own_sentence():
    body = (
        "Der Minister sagte, der Bär sei gefährlich. "
        "Die Umweltorganisation fordert von der Regierung einen Plan, mit dem der Bär geschützt werden könne."
    )
    first, second = quotes_de(body)
    assert second.speaker.mention == "Die Umweltorganisation"
    # a noun of saying in the statement ("Die Entscheidung des Gerichts") is part of what was said
    body = "Der Minister sagte, der Bär sei gefährlich. Die Entscheidung des Gerichts sei auf Druck verschoben worden."
    first, second = quotes_de(body)
    assert second.speaker.name == first.speaker.name


def test_a_statement_in_konjunktiv_after_a_condition_is_reported_by_a_postposed_cue():
    body = "Sollten sie davon erfahren, so gebe es keine Möglichkeit, sich zu wehren, schreibt der Verein im Netz."
    (q,) = quotes_de(body)
    assert (q.kind, q.cue, q.speaker.mention) == ("indirect", "schreibt", "der Verein")


def test_the_subject_of_a_relative_clause_after_a_preposition_and_documents_it_points_at():
    body = (
        "Auslöser war ein Interview der Politikerin, bei dem sie gesagt hatte, sie habe einen falschen Namen genannt."
    )
    (q,) = quotes_de(body)
    assert q.speaker.mention == "sie"
    body = "Der Mann hinterließ einen Zettel, in dem er verlangte, dass keine Polizei eingeschaltet werde."
    (q,) = quotes_de(body)
    assert q.speaker.mention == "er"
    body = "Er griff damit den Tenor chinesischer Medien auf, in denen es heißt, dass die Opposition schwach sei."
    (q,) = quotes_de(body)
    assert (q.speaker.mention, q.speaker.name) == ("denen", "chinesischer Medien")


def test_a_demonstrative_after_the_verb_is_the_object_when_a_pronoun_speaks_before_it():
    body = (
        "Der Bundeskanzler Gerhard Schröder nahm am Abend zu der Entscheidung Stellung. "
        "Er bezeichnete diese als eine „souveräne Entscheidung“."
    )
    (q,) = quotes_de(body)
    assert q.speaker.mention == "Er" and q.speaker.name == "Gerhard Schröder"


def test_an_auxiliary_never_starts_a_speaker_noun_phrase():
    quotes = quotes_de("Vermutet werden Absprachen zwischen Händlern und Lieferanten über die Preise.")
    assert not any(q.speaker and q.speaker.mention.startswith("werden") for q in quotes)


def test_an_object_noun_phrase_before_the_colon_is_no_speaker():
    body = (
        "Jede Mitverantwortung für die Affäre im Bezirk der SPD weist Swantje Hartmann von sich: "
        "„Diese Verantwortung kann nur der Vorsitzende übernehmen.“"
    )
    (q,) = quotes_de(body)
    assert q.speaker.name == "Swantje Hartmann"
    # a speaker with no verb before the colon still introduces the quotation
    (q,) = quotes_de("Alexander Lukaschenko zur Lage in der Ukraine: „Wir wollen Frieden.“")
    assert q.speaker.name == "Alexander Lukaschenko"


def test_a_finite_verb_the_tagger_reads_as_a_noun_still_ends_the_vorfeld():
    # HanTa reads lower-case "sparte" as the noun "Sparte"
    body = "Hier sparte der Bundespräsident Horst Köhler auch nicht mit Kritik: „Je kleiner die Schritte, desto mehr.“"
    (q,) = quotes_de(body)
    assert q.speaker.name == "Horst Köhler"


def test_hearsay_after_a_report_takes_the_source_named_before():
    body = (
        "Das Fleisch sollte den Berichten der Behörde zufolge zu Würsten verarbeitet werden. "
        "Insgesamt handelt es sich um 1.400 Tonnen. Vier Firmen sollen beteiligt gewesen sein."
    )
    q = by_text(quotes_de(body), "Vier Firmen")
    assert q.kind == "free_indirect" and q.speaker.mention == "den Berichten der Behörde"


def test_a_participle_after_an_auxiliary_takes_the_subject_of_the_auxiliary():
    body = "Stoiber hatte die Rolle der Fraktions- und Parteichefs betont: „Die Entscheidungen fallen dort.“"
    (q,) = quotes_de(body)
    assert q.speaker.mention == "Stoiber"


def test_a_hyphen_before_und_belongs_to_its_word():
    from quotewatch.text.segment import tokenize

    und = load("de").word_class("hyphen_conjunction")
    assert [t.text for t in tokenize("Konto-, Post- und Telefondaten", conjunctions=und)] == [
        "Konto-",
        ",",
        "Post-",
        "und",
        "Telefondaten",
    ]
    assert [t.text for t in tokenize("Er kam - spät", conjunctions=und)] == ["Er", "kam", "-", "spät"]


def test_head_nouns_learned_as_never_speaking_are_no_speakers():
    from quotewatch.lang.de.chunks import _animacy_table, can_speak, chunk_at
    from quotewatch.text.segment import tokenize

    pack = load("de")
    never = [w for w, c in _animacy_table("de").items() if c == "never"]
    assert never, "lang/de/animacy.tsv lists nouns that never speak"
    for word in never[:3]:
        m = chunk_at(tokenize(f"Der {word} sagt nichts"), 0, pack)
        assert m is not None and not can_speak(m, pack), word
    m = chunk_at(tokenize("Der Sprecher sagt nichts"), 0, pack)
    assert can_speak(m, pack)
