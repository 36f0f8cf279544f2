"""Page -> article: HTML through trafilatura, scraped text through the cleaner, datelines, dates."""

from datetime import date

import pytest
from conftest import SAMPLE, needs_shared

from quotewatch.article import extract_article
from quotewatch.article.dateline import Dateline, parse_dateline, resolve_year
from quotewatch.article.loader import page_from_bytes
from quotewatch.pipeline import extract

MENU_WORDS = ("Projekte", "Staatsorgane", "Alle Nachrichten", "Abonnieren", "Top-Nachrichten", "Letzte Nachrichten")


@needs_shared(SAMPLE)
def test_sample_page_fields_and_no_menu_text():
    article = extract_article(page_from_bytes(SAMPLE.read_bytes(), SAMPLE.name))
    assert article.title.startswith("Lukaschenko: Wir verhandeln nicht")
    assert article.published == "2025-08-08T14:20"
    assert (article.dateline, article.agency, article.section, article.language) == (
        "MINSK",
        "BelTA",
        "Präsident",
        "de",
    )
    assert article.body.startswith("Der belarussische Präsident Alexander Lukaschenko")
    assert article.body.rstrip().endswith("bemerkte Alexander Lukaschenko.")
    for word in MENU_WORDS:
        assert word not in article.body, word


def test_bundled_text_sample_is_cleaned():
    from quotewatch.cli import BUNDLED_SAMPLES

    page = next(BUNDLED_SAMPLES.glob("de-*.txt"))
    article = extract_article(page_from_bytes(page.read_bytes(), page.name))
    assert article.dateline == "MINSK"
    assert article.published == "2025-03-14T09:45"
    assert article.section == "Wirtschaft"
    assert "Abonnieren" not in article.body and "Startseite" not in article.body


@pytest.mark.parametrize(
    "line,expected",
    [
        ("MINSK, 9. Juli (BelTA) - Der Präsident", ("MINSK", "BelTA", 7, 9, None)),
        ("BERLIN (dpa) - Die Regierung", ("BERLIN", "dpa", None, None, None)),
        ("MOSCOW, Aug 8 (Reuters) - Russia said", ("MOSCOW", "Reuters", 8, 8, None)),
        ("Washington, 3. März 2024 (AFP) – Der Senat", ("Washington", "AFP", 3, 3, 2024)),
    ],
)
def test_datelines(line, expected):
    dl = parse_dateline(line)
    assert (dl.place, dl.agency, dl.month, dl.day, dl.year) == expected
    assert line[dl.length :][0].isupper()


def test_dateline_year_comes_from_the_page_and_crosses_new_year():
    dl = Dateline("MINSK", "BelTA", 12, 30, None, 0)
    assert resolve_year(dl, date(2026, 1, 2)) == date(2025, 12, 30)
    assert resolve_year(dl, date(2025, 12, 31)) == date(2025, 12, 30)


HTML = """<!doctype html><html lang="de"><head><title>Hafen wächst | Nordkurier</title>
<meta property="article:published_time" content="2025-06-02T08:15:00+02:00"></head><body>
<nav><ul><li><a href="/">Start</a></li><li><a href="/politik">Politik</a></li><li>Sport</li></ul></nav>
<article><h1>Hafen wächst kräftig</h1>
<p>ROSTOCK (dpa) - Der Rostocker Hafen hat im ersten Halbjahr so viel umgeschlagen wie nie zuvor.
„Wir sind sehr zufrieden mit der Entwicklung“, sagte Hafenchef Jens Albrecht am Montag.</p>
<p>Nach Angaben der Hafengesellschaft stieg der Umschlag um acht Prozent auf 15 Millionen Tonnen.
Albrecht fügte hinzu, dass der Fährverkehr nach Skandinavien besonders stark gewachsen sei.</p>
</article><footer>Impressum · Datenschutz</footer></body></html>"""


def test_html_page_through_the_whole_pipeline():
    result = extract(HTML)
    a = result.article
    assert a.title.startswith("Hafen wächst")
    assert a.dateline == "ROSTOCK" and a.agency == "dpa"
    assert a.published.startswith("2025-06-02")
    assert "Impressum" not in a.body and "Sport" not in a.body
    speakers = {q.speaker.name for q in result.quotes if q.speaker}
    assert "Jens Albrecht" in speakers
    kinds = {q.kind for q in result.quotes}
    assert {"direct", "according_to", "indirect"} <= kinds
    for q in result.quotes:
        assert a.body[q.start : q.end] == q.text


def test_non_utf8_page_is_decoded():
    text = "MÜNCHEN (dpa) - „Das Oktoberfest wird größer“, sagte der Wirt Franz Huber am Samstag in München."
    page = page_from_bytes(text.encode("cp1252"), "page.txt")
    assert "Oktoberfest wird größer" in page.text


def test_declared_charset_wins_over_a_stray_byte():
    # one byte that is not valid in the declared charset must not make the whole page read as another
    html = (
        '<html><head><meta charset="windows-1251"><title>Новости</title></head><body><article>'
        "<p>«Мы готовы к переговорам», — заявил министр иностранных дел в пятницу журналистам в Минске.</p>"
        "</article></body></html>"
    )
    data = html.encode("cp1251") + b"\x98"
    page = page_from_bytes(data, "page.html")
    assert page.encoding == "cp1251"
    assert "Мы готовы к переговорам" in page.text


def test_page_with_server_warnings_before_the_document_is_html():
    warnings = "Warning: Undefined variable $x in /var/www/index.php on line 12\n" * 200
    article = "<article><p>" + "Ein Satz über den Hafen. " * 20 + "</p></article>"
    html = warnings + "<!DOCTYPE html><html><body>" + article + "</body></html>"
    a = extract_article(page_from_bytes(html.encode(), "page.php").text)
    assert "Ein Satz über den Hafen." in a.body
    assert "<p>" not in a.body and "Warning" not in a.body


def test_decomposed_umlauts_are_composed():
    para = "Der Minister sagte, die Brücke werde geprüft und noch in diesem Jahr für den Verkehr freigegeben."
    html = f"<html><body><article><p>{para}</p><p>{para}</p></article></body></html>"
    import unicodedata

    a = extract_article(unicodedata.normalize("NFD", html))
    assert "geprüft" in a.body  # composed, as every pattern and gazetteer expects


def test_slogan_is_not_an_agency():
    from quotewatch.article.extract import _is_agency_name

    assert _is_agency_name("Reuters") and _is_agency_name("BelTA")
    assert not _is_agency_name("News and views from the heart of Europe")
    assert not _is_agency_name("Politics | The Daily Paper")


PROSE = "The senator told reporters on Tuesday that the bill would pass the chamber before the recess."


@pytest.mark.parametrize("short_line", ["ABSTRACT.", "12:50 p.m.", "Yep, really.", "FULL TEXT."])
def test_short_lines_inside_the_article_do_not_end_it(short_line):
    text = "\n".join(["Senate nears vote on budget bill", PROSE, short_line, "A later paragraph: " + PROSE])
    a = extract_article(text)
    assert "A later paragraph" in a.body and short_line in a.body


def test_embed_lines_are_skipped_and_a_menu_run_ends_the_body():
    menu = ["Home", "World", "Politics", "Business", "Sport", "Weather", "Contact us"]
    text = "\n".join(["Senate nears vote on budget bill", PROSE, '<tweet tweet-id="123"/>', "Later: " + PROSE, *menu])
    a = extract_article(text)
    assert "Later: " in a.body and "tweet-id" not in a.body
    assert "Politics" not in a.body and "Contact us" not in a.body
