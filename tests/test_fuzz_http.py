"""Property-based probes of every route of the REST API and the web interface: whatever the query
parameters and path segments, no 5xx, and no input echoed unescaped into HTML."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotewatch.api import create_app
from quotewatch.ingest import extract_raw
from quotewatch.store import RawPage, Repository
from quotewatch.web import create_web_app

PAGE = (
    "MINSK (BelTA) - „Wir verhandeln nicht hinter dem Rücken Russlands“, sagte Präsident Alexander Lukaschenko. "
    "Er fügte hinzu, dass die Beziehungen zu den USA besser werden könnten."
)
MARKUP = "<script>alert(1)</script>"

texts = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    st.sampled_from(["*", '"', "!!!", "'", "\\", "%", "_", "NEAR(", "a OR", MARKUP, "x" * 5_000, "\x00"]),
)
numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "abc", "1e9", "-0", "9" * 40, "0x10", " 1"]),
)
values = st.one_of(texts, numbers)

API_GET = {
    "/quotes": ["q", "speaker", "about", "since", "until", "lang", "kind", "agency", "limit", "offset"],
    "/articles": ["q", "agency", "since", "until", "lang", "limit", "offset"],
    "/speakers": ["top", "since", "until"],
}
WEB_GET = {
    "/": ["q", "speaker", "agency", "lang", "kind", "since", "until", "p"],
    "/compare": ["a", "b", "about", "a_since", "a_until", "b_since", "b_until"],
    "/add": [],
}
PATHS = ["/articles/{}", "/articles/{}/raw"]
WEB_PATHS = ["/article/{}", "/article/{}/raw", "/speaker/{}"]


@pytest.fixture(scope="module")
def clients(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    repo = Repository.open(db)
    repo.add(RawPage(PAGE.encode(), "https://belta.example/1", "https://belta.example/1"), extract_raw)
    repo.add(RawPage(b"Undated page. " + PAGE.encode(), "javascript:alert(1)", "javascript:alert(1)"), extract_raw)
    repo.close()
    return TestClient(create_app(db, token="s3cret")), TestClient(create_web_app(db))


def _params(names: list[str], draw_values: list[str]) -> dict:
    return {n: v for n, v in zip(names, draw_values, strict=False) if v is not None}


def _check(response, sent: list[str]) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:300])
    if "text/html" in response.headers.get("content-type", ""):
        body = response.text
        assert MARKUP not in body
        assert "javascript:alert" not in body.split("source:")[0] or 'href="javascript' not in body


ROUTES = [("api", route, names) for route, names in API_GET.items()] + [
    ("web", route, names) for route, names in WEB_GET.items()
]


@settings(max_examples=240, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(ROUTES), data=st.data())
def test_query_parameters_never_fail_the_server(clients, target, data):
    server, route, names = target
    client = clients[0] if server == "api" else clients[1]
    sent = data.draw(st.lists(st.one_of(st.none(), values), min_size=len(names), max_size=len(names)))
    _check(client.get(route, params=_params(names, sent)), sent)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(template=st.sampled_from(PATHS + WEB_PATHS), segment=st.one_of(numbers, texts))
def test_path_segments_never_fail_the_server(clients, template, segment):
    api, web = clients
    client = api if template in PATHS else web
    path = template.format(quote(segment, safe=""))
    _check(client.get(path), [segment])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=texts, csrf=texts)
def test_tokens_and_csrf_values_of_any_text_are_refused_not_crashed(clients, token, csrf):
    api, web = clients
    try:
        header = {"Authorization": f"Bearer {token}"}
        response = api.post("/pages", json={"text": PAGE}, headers=header)
    except (UnicodeEncodeError, ValueError):
        response = None  # a header the HTTP client itself cannot send
    if response is not None:
        assert response.status_code in (401, 201, 422) and response.status_code < 500
    web.cookies.set("qw_csrf", "the-cookie")
    response = web.post("/add", data={"csrf": csrf, "text": PAGE})
    assert response.status_code in (403, 422) or csrf == "the-cookie"  # refused: expired, or no value at all


def test_bytes_that_are_not_utf8_in_the_query_never_fail_the_server(clients):
    for client, route in ((clients[0], "/quotes"), (clients[1], "/"), (clients[1], "/compare")):
        for raw in ("q=%ff%fe", "speaker=%c3%28", "q=%ed%a0%80", "a=%80&b=%ff"):
            _check(client.get(f"{route}?{raw}"), [raw])


def test_a_filter_of_fifty_thousand_characters_is_refused_not_crashed(clients):
    api, web = clients
    assert api.get("/quotes", params={"speaker": "x" * 50_000}).status_code == 422
    assert web.get("/", params={"speaker": "x" * 50_000}).status_code == 422


def test_a_javascript_url_is_never_a_link(clients):
    _, web = clients
    body = web.get("/article/2").text
    assert 'href="javascript' not in body and "javascript:alert(1)" in body  # shown as text, not a link
