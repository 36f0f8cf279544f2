"""The command line: readable and JSON output, standard input, and bad input with stable exit codes."""

import json
import subprocess
import sys

import pytest
from conftest import REPO, SAMPLE, needs_shared

TEXT = (
    "BERLIN (dpa) - Die Bahn will bis 2030 alle Strecken sanieren. „Das ist ein Kraftakt“, "
    "sagte Bahnchefin Eva Kühn am Dienstag in Berlin. Sie fügte hinzu, dass der Bund mehr zahlen müsse.\n"
)


def run(*args, stdin: bytes | None = None):
    return subprocess.run(
        [sys.executable, "-m", "quotewatch.cli", *args], input=stdin, capture_output=True, timeout=120
    )


def test_json_contract_from_stdin():
    res = run("extract", "-", "--json", stdin=TEXT.encode())
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert set(data) == {"article", "quotes", "speakers"}
    assert set(data["article"]) == {"title", "published", "dateline", "agency", "section", "language", "url", "body"}
    q = data["quotes"][0]
    keys = {"id", "kind", "text", "start", "end", "cue", "speaker", "addressee", "parent", "confidence", "gap", "rule"}
    assert set(q) == keys
    assert set(q["speaker"]) == {"name", "mention", "mention_start", "mention_end", "via", "role"}
    assert q["rule"].startswith("de.") and q["speaker"]["via"] == "mention"
    body = data["article"]["body"]
    for quote in data["quotes"]:
        assert body[quote["start"] : quote["end"]] == quote["text"]
    assert data["speakers"][0]["name"] == "Eva Kühn"
    assert data["speakers"][0]["quotes"] == 2


@needs_shared(SAMPLE)
def test_readable_view_nests_quotes():
    res = run("extract", str(SAMPLE))
    out = res.stdout.decode()
    assert res.returncode == 0
    assert "Alexander Lukaschenko" in out and "Wladimir Putin" in out
    assert "\n    q" in out  # nested quotations are indented under their parent


@pytest.mark.parametrize(
    "content,code,message",
    [
        (b"", 3, "empty input"),
        (b"\x00\x01\x02\x03binary\x00", 3, "binary"),
        (b"Home\nNews\nContact\n", 1, "no article text"),
    ],
)
def test_bad_files_give_one_line_and_an_exit_code(tmp_path, content, code, message):
    f = tmp_path / "page.txt"
    f.write_bytes(content)
    res = run("extract", str(f))
    err = res.stderr.decode()
    assert res.returncode == code
    assert message in err
    assert str(f) in err or code == 1
    assert "Traceback" not in err


def test_directory_and_missing_file(tmp_path):
    for target, message in ((tmp_path, "is a directory"), (tmp_path / "nope.html", "no such file")):
        res = run("extract", str(target))
        assert res.returncode == 3
        assert message in res.stderr.decode() and "Traceback" not in res.stderr.decode()


def test_page_over_the_size_limit(tmp_path):
    f = tmp_path / "huge.html"
    f.write_bytes(b"<html><body><p>" + b"x" * (3 * 1024 * 1024) + b"</p></body></html>")
    res = run("extract", str(f), "--max-size", "1")
    assert res.returncode == 3
    assert "too large" in res.stderr.decode()


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    res = run("extract", str(tmp_path / "missing.txt"), str(good), "--json")
    assert res.returncode == 3
    assert json.loads(res.stdout)["quotes"]


def test_archive_commands_end_to_end(tmp_path):
    db = str(tmp_path / "cli.db")
    page = tmp_path / "p.txt"
    page.write_text(TEXT, encoding="utf-8")
    res = run("add", str(page), "--db", db, "--quiet")
    assert res.returncode == 0 and b"added 1" in res.stderr
    res = run("add", str(page), str(tmp_path / "missing.html"), "--db", db, "--quiet")
    assert res.returncode == 4 and b"unchanged 1" in res.stderr and b"missing.html" in res.stderr
    rows = json.loads(run("quotes", "--db", db, "--speaker", "Kühn", "--format", "json").stdout)
    assert len(rows) == 2 and rows[0]["speaker"] == "Eva Kühn"
    csv_out = run("quotes", "Kraftakt", "--db", db, "--format", "csv").stdout.decode()
    assert csv_out.splitlines()[0].startswith("published,speaker,kind,text")
    assert "Kraftakt" in csv_out
    speakers = json.loads(run("speakers", "--db", db, "--format", "json").stdout)
    assert speakers[0]["name"] == "Eva Kühn" and speakers[0]["quotes"] == 2
    assert run("export", str(tmp_path / "out.jsonl"), "--db", db).returncode == 0
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    assert run("reprocess", "--db", db, "--quiet").returncode == 0
    res = run("speakers", "merge", "Eva Kühn", "Nobody", "--db", db)
    assert res.returncode == 3 and b"no speaker named" in res.stderr


def test_unusable_archive_is_one_line(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    res = run("quotes", "--db", str(bad))
    assert res.returncode == 3 and b"Traceback" not in res.stderr and str(bad).encode() in res.stderr
    res = run("quotes", "--db", str(tmp_path / "no" / "such" / "dir.db"))
    assert res.returncode == 3 and b"does not exist" in res.stderr


def archive_of(tmp_path, *lines: str) -> str:
    """An archive made by `add` from one text page of these lines."""
    db = str(tmp_path / "archive.db")
    page = tmp_path / "p.txt"
    page.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    assert run("add", str(page), "--db", db, "--quiet").returncode == 0
    return db


def test_claims_commands_end_to_end(tmp_path):
    db = archive_of(
        tmp_path,
        "„Die Sanktionen schaden Europa viel mehr als Russland“, sagte der Abgeordnete Karl Brenner.",
        "„Das Wetter wird morgen schön“, sagte die Meteorologin Ina Roth.",
    )
    catalog = REPO / "src" / "quotewatch" / "claims" / "data" / "claims-demo.jsonl"
    res = run("claims", "import", str(catalog), "--db", db)
    assert res.returncode == 0 and b"20 claims added" in res.stderr
    assert run("claims", "match", "--db", db, "--quiet").returncode == 0
    claims = json.loads(run("claims", "list", "--db", db, "--format", "json").stdout)
    sanctions = next(c for c in claims if c["text"].startswith("Die Sanktionen schaden Europa"))
    assert sanctions["matches"] == 1
    assert (sanctions["repeats"], sanctions["denies"], sanctions["mentions"]) == (1, 0, 0)
    for option, speakers in (("--matches-claim", ["Karl Brenner"]), ("--repeats-claim", ["Karl Brenner"])):
        rows = json.loads(run("quotes", "--db", db, option, str(sanctions["id"]), "--format", "json").stdout)
        assert [r["speaker"] for r in rows] == speakers
    denials = run("quotes", "--db", db, "--denies-claim", str(sanctions["id"]), "--format", "json")
    assert json.loads(denials.stdout) == []
    checked = json.loads(
        run("claims", "check", "Sanctions hurt Europe more than Russia", "--db", db, "--format", "json").stdout
    )
    assert checked[0]["claim"] == sanctions["id"]
    assert run("claims", "import", str(tmp_path / "none.csv"), "--db", db).returncode == 3


def test_demo_shows_quotations_from_the_bundled_samples_alone(tmp_path, monkeypatch, capsys):
    import quotewatch.cli as cli
    from quotewatch.cli import common

    monkeypatch.setattr(common, "SHARED_SAMPLES", tmp_path / "absent")
    assert cli.main(["demo", "--db", str(tmp_path / "demo.db"), "--quiet"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # rich wraps lines at the terminal width
    assert "4 articles" in out
    # the bundled samples quote him in Russian only: the speaker is found by his Latin-script name, and
    # "Russland" as the entity in any language (his statements say "Россия")
    assert "Lukaschenko about Russland" in out and "Лукашенко" in out.split("about Russland")[1]


def test_index_then_search_by_meaning_and_about_from_the_command_line(tmp_path):
    db = archive_of(
        tmp_path,
        "„Die Amerikaner wollen uns von Russland trennen“, sagte der Minister Karl Brenner.",
        "„Die Ernte war in diesem Jahr sehr gut“, sagte die Landwirtin Ina Roth.",
    )
    indexed = run("index", "--db", db, "--quiet")
    assert indexed.returncode == 0 and b"embedded 2 statements" in indexed.stderr
    about = json.loads(run("quotes", "--db", db, "--about", "США", "--format", "json").stdout)
    assert [q["speaker"] for q in about] == ["Karl Brenner"]
    close = json.loads(run("quotes", "--db", db, "--meaning", "a good harvest this year", "--format", "json").stdout)
    assert close[0]["speaker"] == "Ina Roth" and close[0]["similarity"] > close[1]["similarity"]
