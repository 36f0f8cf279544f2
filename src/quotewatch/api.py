"""The REST API over the archive (FastAPI; OpenAPI schema at /openapi.json, docs at /docs).

Read-only by default. Write endpoints (adding pages, merging and splitting speakers) need
`Authorization: Bearer <token>` and exist only when the server was started with a token.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from quotewatch import __version__
from quotewatch.article.loader import InputError
from quotewatch.claims.stance import STANCES
from quotewatch.http import DATE, Id, Offset, OptionalText, per_thread_repository, same_secret
from quotewatch.jobs import ExtractionPool, ExtractionTimeout
from quotewatch.model import QUOTE_KINDS
from quotewatch.store import ArticleQuery, QuoteQuery, RawPage, Repository, StoreError
from quotewatch.store.text import load_lemmas

STANCE_PATTERN = "^(" + "|".join(STANCES) + ")$"

MAX_PAGE_BYTES = 5 * 1024 * 1024


class QuoteOut(BaseModel):
    id: int
    article_id: int
    qid: str
    kind: str
    text: str
    start_offset: int
    end_offset: int
    gap_start: int | None = None  # the attribution inside the quotation, if any
    gap_end: int | None = None
    cue: str | None
    speaker: str | None
    mention: str | None
    mention_start: int | None
    mention_end: int | None
    parent_qid: str | None
    confidence: float
    title: str | None
    published: str | None
    agency: str | None
    language: str | None
    url: str | None
    dateline: str | None


class QuotePage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[QuoteOut]


class NewPage(BaseModel):
    url: str | None = None
    html: str | None = Field(None, description="the page as HTML")
    text: str | None = Field(None, description="or as plain text")


class SpeakerPair(BaseModel):
    name: str = Field(description="merge: the speaker to keep; split: the speaker to split")
    other: str = Field(description="merge: the speaker that is the same person; split: the alias to separate")


def create_app(db: str, token: str | None = None) -> FastAPI:
    pools_to_close: list[ExtractionPool] = []

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        load_lemmas()  # before the first search, not during many searches at once
        yield
        for p in pools_to_close:
            p.close()

    app = FastAPI(
        lifespan=lifespan,
        title="quotewatch",
        version=__version__,
        description="Who said what, when, about whom: quotations from news pages.",
    )

    repo = per_thread_repository(db)
    pools = pools_to_close  # made on first use, closed with the server

    def pool() -> ExtractionPool:
        if not pools:
            pools.append(ExtractionPool())
        return pools[0]

    def writer(authorization: Annotated[str | None, Header()] = None) -> None:
        if token is None:
            raise HTTPException(403, "this server is read-only (start it with --token to allow writing)")
        if not same_secret(authorization, f"Bearer {token}"):
            raise HTTPException(401, "a valid 'Authorization: Bearer <token>' header is needed")

    Repo = Annotated[Repository, Depends(repo)]  # noqa: N806 (a type alias)

    @app.get("/health")
    def health(r: Repo) -> dict[str, Any]:
        return {"status": "ok", "version": __version__, **r.stats()}

    @app.get("/quotes", response_model=QuotePage)
    def quotes(
        r: Repo,
        q: Annotated[str | None, Query(description="full text over the quotation", max_length=500)] = None,
        speaker: OptionalText = None,
        about: Annotated[str | None, Query(description="words or entities mentioned", max_length=500)] = None,
        since: Annotated[str | None, Query(pattern=DATE)] = None,
        until: Annotated[str | None, Query(pattern=DATE)] = None,
        lang: OptionalText = None,
        kind: Annotated[str | None, Query(pattern="^(" + "|".join(QUOTE_KINDS) + ")$")] = None,
        agency: OptionalText = None,
        include_duplicates: bool = False,
        claim: Annotated[int | None, Query(ge=1, description="only statements matched to this claim")] = None,
        stance: Annotated[
            str | None, Query(pattern=STANCE_PATTERN, description="with `claim`: repeats, denies or mentions")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Offset = 0,
    ) -> dict:
        query = QuoteQuery(
            text=q,
            speaker=speaker,
            about=about,
            since=since,
            until=until,
            language=lang,
            kind=kind,
            agency=agency,
            include_duplicates=include_duplicates,
            claim=claim,
            claim_stance=stance if claim is not None else None,
            limit=limit,
            offset=offset,
        )
        return {"total": r.count_quotes(query), "limit": limit, "offset": offset, "items": r.quotes(query)}

    @app.get("/speakers")
    def speakers(
        r: Repo,
        top: Annotated[int, Query(ge=1, le=1000)] = 20,
        since: Annotated[str | None, Query(pattern=DATE)] = None,
        until: Annotated[str | None, Query(pattern=DATE)] = None,
    ) -> list[dict]:
        return r.speakers(top=top, since=since, until=until)

    @app.get("/articles")
    def articles(
        r: Repo,
        q: OptionalText = None,
        agency: OptionalText = None,
        since: Annotated[str | None, Query(pattern=DATE)] = None,
        until: Annotated[str | None, Query(pattern=DATE)] = None,
        lang: OptionalText = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Offset = 0,
    ) -> list[dict]:
        return r.articles(
            ArticleQuery(text=q, agency=agency, since=since, until=until, language=lang, limit=limit, offset=offset)
        )

    @app.get("/articles/{article_id}")
    def article(article_id: Id, r: Repo) -> dict:
        found = r.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        found["quotes"] = r.quotes(QuoteQuery(article_id=article_id, include_duplicates=True, limit=10_000))
        found["claims"] = r.article_claims(article_id)
        return found

    @app.get("/search/meaning")
    def search_by_meaning(
        r: Repo,
        q: Annotated[str, Query(min_length=1, max_length=500, description="a statement in any language")],
        lang: OptionalText = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> list[dict]:
        from quotewatch.store.meaning import search_meaning

        return search_meaning(r, q, limit=limit, language=lang)

    @app.get("/quotes/facets")
    def quote_facets(
        r: Repo,
        q: Annotated[str | None, Query(max_length=500)] = None,
        speaker: OptionalText = None,
        about: Annotated[str | None, Query(description="an entity in any language, or words", max_length=500)] = None,
        since: Annotated[str | None, Query(pattern=DATE)] = None,
        until: Annotated[str | None, Query(pattern=DATE)] = None,
        lang: OptionalText = None,
    ) -> dict:
        query = QuoteQuery(text=q, speaker=speaker, about=about, since=since, until=until, language=lang)
        return r.quote_facets(query)

    @app.get("/watchlists")
    def watchlists(r: Repo) -> list[dict]:
        from quotewatch.monitor.watch import list_watchlists

        return list_watchlists(r)

    @app.get("/watchlists/{name}/matches")
    def watchlist_matches(
        name: Annotated[str, Path(min_length=1, max_length=200)],
        r: Repo,
        after: Annotated[int, Query(ge=0, description="only matches with a larger match_id")] = 0,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Offset = 0,
    ) -> list[dict]:
        from quotewatch.monitor.watch import WatchError, watch_matches

        try:
            return watch_matches(r, name, limit=limit, offset=offset, after=after)
        except WatchError:
            raise HTTPException(404, f"no watchlist {name!r}") from None

    @app.get("/articles/{article_id}/raw")
    def raw(article_id: Id, r: Repo) -> Response:
        found = r.raw_page(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        # served as text, never as HTML: pages from the web carry scripts
        return Response(
            bytes(found["raw"]),
            media_type="text/plain; charset=utf-8",
            headers={"Content-Disposition": "inline", "X-Content-Type-Options": "nosniff"},
        )

    @app.post("/pages", dependencies=[Depends(writer)], status_code=201)
    def add_page(page: NewPage, r: Repo) -> dict:
        content = page.html or page.text
        if not content:
            raise HTTPException(422, "give 'html' or 'text'")
        data = content.encode("utf-8", "replace")
        if len(data) > MAX_PAGE_BYTES:
            raise HTTPException(413, f"page larger than {MAX_PAGE_BYTES // 1_000_000} MB")
        # extraction in the worker process: this thread waits, the other requests do not
        try:
            result = r.add(RawPage(data, page.url or "api", page.url), pool().extract)
        except (InputError, ExtractionTimeout) as exc:
            raise HTTPException(422, str(exc)) from exc
        return {
            "status": result.status,
            "article_id": result.article_id,
            "quotes": result.quotes,
            "duplicate_of": result.duplicate_of,
        }

    @app.post("/speakers/merge", dependencies=[Depends(writer)])
    def merge(pair: SpeakerPair, r: Repo) -> dict:
        try:
            return {"moved": r.merge_speakers(pair.name, pair.other)}
        except StoreError as exc:
            raise HTTPException(404, str(exc)) from exc

    @app.post("/speakers/split", dependencies=[Depends(writer)])
    def split(pair: SpeakerPair, r: Repo) -> dict:
        try:
            return {"moved": r.split_speaker(pair.name, pair.other)}
        except StoreError as exc:
            raise HTTPException(404, str(exc)) from exc

    return app
