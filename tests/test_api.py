"""The REST API: the same queries as the command line, paginated, read-only without a token."""

import pytest
from fastapi.testclient import TestClient

from quotewatch.api import create_app

PAGE = (
    "MINSK (BelTA) - „Wir verhandeln nicht hinter dem Rücken Russlands“, sagte Präsident Alexander Lukaschenko. "
    "Er fügte hinzu, dass die Beziehungen zu den USA besser werden könnten."
)


@pytest.fixture
def client(tmp_path):
    return TestClient(create_app(str(tmp_path / "api.db"), token="s3cret"))


def test_write_needs_the_token_and_read_is_open(client):
    assert client.post("/pages", json={"text": PAGE}).status_code == 401
    assert client.post("/pages", json={"text": PAGE}, headers={"Authorization": "Bearer wrong"}).status_code == 401
    res = client.post(
        "/pages", json={"text": PAGE, "url": "https://belta.example/1"}, headers={"Authorization": "Bearer s3cret"}
    )
    assert res.status_code == 201 and res.json()["quotes"] == 2
    page = client.get("/quotes", params={"speaker": "lukaschenko", "limit": 1}).json()
    assert page["total"] == 2 and len(page["items"]) == 1
    assert (
        client.get("/quotes", params={"speaker": "lukaschenko", "limit": 1, "offset": 1}).json()["items"][0]["kind"]
        == "indirect"
    )
    assert client.get("/quotes", params={"about": "Beziehung"}).json()["total"] == 1
    article_id = page["items"][0]["article_id"]
    article = client.get(f"/articles/{article_id}").json()
    assert article["agency"] == "BelTA" and len(article["quotes"]) == 2
    raw = client.get(f"/articles/{article_id}/raw")
    assert raw.headers["content-type"].startswith("text/plain") and "Lukaschenko" in raw.text
    assert client.get("/speakers").json()[0]["name"] == "Alexander Lukaschenko"
    assert client.get("/articles/999").status_code == 404


def test_read_only_server_refuses_writes(tmp_path):
    client = TestClient(create_app(str(tmp_path / "api.db")))
    assert client.post("/pages", json={"text": PAGE}).status_code == 403
    assert client.get("/health").json()["status"] == "ok"


def test_bad_parameters_are_422_not_500(client):
    assert client.get("/quotes", params={"since": "yesterday"}).status_code == 422
    assert client.get("/quotes", params={"limit": 0}).status_code == 422
    assert client.get("/quotes", params={"kind": "gossip"}).status_code == 422
    schema = client.get("/openapi.json").json()
    assert {"/quotes", "/speakers", "/articles", "/pages", "/speakers/merge"} <= set(schema["paths"])
