"""The analyst's web interface: server-rendered pages over the archive, no JavaScript needed.

Search (with facets) → article (quotations highlighted in their speaker's colour) → speaker
(timeline, outlets, topics, latest quotations) → compare; and a page to add a page and see what
quotewatch finds in it. Every piece of article text goes through Jinja's autoescaping or
`highlight()`, which escapes it; pages carry a strict Content-Security-Policy with no scripts.
"""

import ipaddress
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from quotewatch import __version__
from quotewatch.claims.stance import STANCES
from quotewatch.http import Id, Text, per_thread_repository, same_secret, web_link
from quotewatch.ingest.fetch import Fetcher
from quotewatch.jobs import AddJobs, ExtractionPool, TooManyJobs
from quotewatch.store import ArticleQuery, QuoteQuery, RawPage, Repository
from quotewatch.store.text import load_lemmas
from quotewatch.web.charts import timeline
from quotewatch.web.highlight import KIND_LABELS, colour, highlight, initials

PAGE_SIZE = 25
DateOrEmpty = Annotated[str, Query(pattern=r"^(|\d{4}-\d{2}-\d{2})$")]
ClaimOrEmpty = Annotated[str, Query(pattern=r"^\d{0,18}$")]
WatchName = Annotated[str, PathParam(min_length=1, max_length=200)]
StanceOrEmpty = Annotated[str, Query(pattern="^(|" + "|".join(STANCES) + ")$")]
MAX_UPLOAD = 5 * 1024 * 1024
CSRF_COOKIE = "qw_csrf"
HERE = Path(str(resources.files("quotewatch") / "web"))
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'; img-src 'self' data:; style-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def create_web_app(
    db: str, token: str | None = None, host: str = "127.0.0.1", allow_private_fetch: bool = False
) -> FastAPI:
    """The web interface over an archive. Pages added by URL are fetched by the server: private, loopback
    and link-local addresses are refused unless `allow_private_fetch` (in-house sites)."""
    add_jobs: list[AddJobs] = []  # made on first use: a server that never adds starts no worker process

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        load_lemmas()  # before the first search, not during many searches at once
        yield
        if add_jobs:
            add_jobs[0].close()
            add_jobs[0].pool.close()

    app = FastAPI(
        title="quotewatch web", version=__version__, docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(colour=colour, initials=initials, kinds=KIND_LABELS)
    templates.env.filters["web_link"] = web_link
    needs_token = not is_loopback(host)
    if needs_token and not token:
        token = None  # adding pages stays disabled: no token on a public address

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    repo = per_thread_repository(db)

    def jobs() -> AddJobs:
        if not add_jobs:
            fetcher = Fetcher(min_interval=0, allow_private=allow_private_fetch)

            def fetch(url: str) -> RawPage:
                got = fetcher.fetch(url)
                return RawPage(got.data or b"", url, got.url, got.content_type, got.fetched_at)

            add_jobs.append(AddJobs(db, ExtractionPool(), fetch))
        return add_jobs[0]

    Repo = Annotated[Repository, Depends(repo)]  # noqa: N806 (a type alias)

    def page(request: Request, name: str, **context) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"version": __version__, **context})

    @app.get("/", response_class=HTMLResponse)
    def search(
        request: Request,
        r: Repo,
        q: Text = "",
        about: Text = "",
        speaker: Text = "",
        agency: Text = "",
        lang: Text = "",
        kind: Annotated[str, Query(pattern="^(|" + "|".join(KIND_LABELS) + ")$")] = "",
        since: DateOrEmpty = "",
        until: DateOrEmpty = "",
        claim: ClaimOrEmpty = "",
        stance: StanceOrEmpty = "",
        mode: Annotated[str, Query(pattern="^(|words|meaning)$")] = "",
        p: Annotated[int, Query(ge=1, le=10_000)] = 1,
    ) -> HTMLResponse:
        if mode == "meaning" and q:
            from quotewatch.store.meaning import search_meaning

            found = search_meaning(r, q, limit=PAGE_SIZE, language=lang or None)
            filters = {"q": q, "mode": mode, "lang": lang}
            empty = {k: [] for k in ("about", "speaker", "agency", "lang", "kind")}
            return page(
                request,
                "search.html",
                quotes=found,
                total=len(found),
                facets=empty,
                articles=[],
                filters=filters,
                p=1,
                pages=1,
                claim=None,
            )
        query = QuoteQuery(
            claim=int(claim) if claim else None,
            claim_stance=(stance or None) if claim else None,
            text=q or None,
            about=about or None,
            speaker=speaker or None,
            agency=agency or None,
            language=lang or None,
            kind=kind or None,
            since=since or None,
            until=until or None,
            limit=PAGE_SIZE,
            offset=(p - 1) * PAGE_SIZE,
        )
        total = r.count_quotes(query)
        articles = (
            r.articles(
                ArticleQuery(
                    text=q,
                    language=lang or None,
                    agency=agency or None,
                    since=since or None,
                    until=until or None,
                    limit=5,
                )
            )
            if q
            else []
        )
        filters = {
            "q": q,
            "about": about,
            "speaker": speaker,
            "agency": agency,
            "lang": lang,
            "kind": kind,
            "since": since,
            "until": until,
            "claim": claim,
            "stance": stance if claim else "",
            "mode": "",
        }
        return page(
            request,
            "search.html",
            claim=claim_row(r, int(claim)) if claim else None,
            quotes=r.quotes(query),
            total=total,
            facets=r.quote_facets(query),
            articles=articles,
            filters=filters,
            p=p,
            pages=max(1, -(-total // PAGE_SIZE)),
        )

    @app.get("/claims", response_class=HTMLResponse)
    def claims(request: Request, r: Repo, p: Annotated[int, Query(ge=1, le=10_000)] = 1) -> HTMLResponse:
        from quotewatch.claims.store import list_claims

        rows = list_claims(r, limit=PAGE_SIZE, offset=(p - 1) * PAGE_SIZE, matched_first=True)
        total = r.db.fetchone("SELECT count(*) AS n FROM claims")["n"]
        return page(request, "claims.html", claims=rows, stances=STANCES, p=p, pages=max(1, -(-total // PAGE_SIZE)))

    @app.get("/article/{article_id}", response_class=HTMLResponse)
    def article(request: Request, article_id: Id, r: Repo) -> HTMLResponse:
        found = r.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        quotes = r.quotes(QuoteQuery(article_id=article_id, include_duplicates=True, limit=100_000))
        quotes.sort(key=lambda x: x["start_offset"])
        return page(
            request,
            "article.html",
            article=found,
            body=highlight(found["body"], quotes),
            quotes=quotes,
            speakers=r.article_speakers(article_id),
            claims=r.article_claims(article_id),
        )

    @app.get("/watch", response_class=HTMLResponse)
    def watchlists(request: Request, r: Repo) -> HTMLResponse:
        from quotewatch.monitor.watch import list_watchlists

        return page(request, "watchlists.html", watchlists=list_watchlists(r))

    @app.get("/watch/{name}.atom")
    def watch_feed(request: Request, name: WatchName, r: Repo) -> Response:
        from quotewatch.monitor.alerts import atom_feed

        found = _watchlist(r, name)
        return Response(atom_feed(r, found, str(request.base_url)), media_type="application/atom+xml; charset=utf-8")

    @app.get("/watch/{name}", response_class=HTMLResponse)
    def watch_page(
        request: Request, name: WatchName, r: Repo, p: Annotated[int, Query(ge=1, le=10_000)] = 1
    ) -> HTMLResponse:
        from quotewatch.monitor.watch import watch_matches

        found = _watchlist(r, name)
        # "new since your last visit": the newest match seen is kept in a cookie per watchlist
        cookie = f"qw_seen_{found.id}"
        seen = request.cookies.get(cookie, "")
        seen_id = int(seen) if seen.isdigit() else 0
        matches = watch_matches(r, found.name, limit=PAGE_SIZE, offset=(p - 1) * PAGE_SIZE)
        total = r.db.fetchone("SELECT count(*) AS n FROM watch_matches WHERE watchlist_id = :w", {"w": found.id})["n"]
        fresh = r.db.fetchone(
            "SELECT count(*) AS n FROM watch_matches WHERE watchlist_id = :w AND id > :s", {"w": found.id, "s": seen_id}
        )["n"]
        response = page(
            request,
            "watch.html",
            watchlist=found,
            quotes=matches,
            total=total,
            fresh=fresh if seen else None,
            seen_id=seen_id,
            p=p,
            pages=max(1, -(-total // PAGE_SIZE)),
        )
        if matches and p == 1:
            response.set_cookie(cookie, str(matches[0]["match_id"]), max_age=365 * 86_400, samesite="lax")
        return response

    @app.get("/article/{article_id}/raw")
    def raw(article_id: Id, r: Repo) -> Response:
        found = r.raw_page(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        # the page as ingested, as text: never rendered, it may carry scripts
        return Response(bytes(found["raw"]), media_type="text/plain; charset=utf-8")

    @app.get("/speaker/{speaker_id}", response_class=HTMLResponse)
    def speaker(
        request: Request, speaker_id: Id, r: Repo, about: Text = "", p: Annotated[int, Query(ge=1, le=10_000)] = 1
    ) -> HTMLResponse:
        found = r.speaker(speaker_id)
        if found is None:
            raise HTTPException(404, f"no speaker {speaker_id}")
        query = QuoteQuery(speaker_id=speaker_id, about=about or None, limit=PAGE_SIZE, offset=(p - 1) * PAGE_SIZE)
        topics = r.speaker_entities(speaker_id)
        return page(
            request,
            "speaker.html",
            speaker=found,
            chart=timeline(found["per_month"]),
            quotes=r.quotes(query),
            total=r.count_quotes(query),
            about=about,
            topics=topics,
            topic_charts=[(t["label"], timeline(t["per_month"])) for t in topics[:3]],
            p=p,
        )

    @app.get("/compare", response_class=HTMLResponse)
    def compare(
        request: Request,
        r: Repo,
        a: Text = "",
        b: Text = "",
        about: Text = "",
        a_since: DateOrEmpty = "",
        a_until: DateOrEmpty = "",
        b_since: DateOrEmpty = "",
        b_until: DateOrEmpty = "",
    ) -> HTMLResponse:
        sides = []
        for who, since, until in ((a, a_since, a_until), (b or a, b_since, b_until)):
            if not who:
                continue
            q = QuoteQuery(speaker=who, about=about or None, since=since or None, until=until or None, limit=20)
            sides.append(
                {"speaker": who, "since": since, "until": until, "total": r.count_quotes(q), "quotes": r.quotes(q)}
            )
        return page(
            request,
            "compare.html",
            sides=sides,
            form={
                "a": a,
                "b": b,
                "about": about,
                "a_since": a_since,
                "a_until": a_until,
                "b_since": b_since,
                "b_until": b_until,
            },
        )

    def _csrf(request: Request) -> str:
        return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)

    @app.get("/add", response_class=HTMLResponse)
    def add_form(request: Request) -> HTMLResponse:
        csrf = _csrf(request)
        response = page(
            request, "add.html", csrf=csrf, needs_token=needs_token, enabled=not needs_token or token, result=None
        )
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
        return response

    @app.post("/add", response_class=HTMLResponse)
    async def add(
        request: Request,
        csrf: Annotated[str, Form()],
        text: Annotated[str, Form()] = "",
        url: Annotated[str, Form(max_length=2000)] = "",
        access: Annotated[str, Form()] = "",
        upload: Annotated[UploadFile | None, File()] = None,
    ) -> Response:
        if not same_secret(request.cookies.get(CSRF_COOKIE), csrf):
            raise HTTPException(403, "the form expired or came from another site: reload the page and try again")
        if needs_token and not same_secret(access, token):
            raise HTTPException(401, "adding pages on this server needs its access token")
        data, source, page_url = await _input(text, url, upload)
        # fetching and extraction run in a job (threads and a worker process), never in this handler:
        # the server keeps answering while a page is added, and this page shows how far it got
        try:
            job = jobs().submit(source, data, page_url)
        except TooManyJobs as exc:
            raise HTTPException(429, str(exc)) from exc
        return RedirectResponse(f"/add/jobs/{job.id}", status_code=303)

    @app.get("/add/jobs/{job_id}", response_class=HTMLResponse)
    def add_job(request: Request, job_id: Annotated[str, PathParam(max_length=40)]) -> Response:
        job = jobs().get(job_id)
        if job is None:
            raise HTTPException(404, "no such job (jobs are kept for an hour)")
        if job.stage == "done":
            return RedirectResponse(f"/article/{job.article_id}?added={job.status}", status_code=303)
        response = page(request, "job.html", job=job)
        if job.stage == "failed":
            response.status_code = 422
        return response

    async def _input(text: str, url: str, upload: UploadFile | None) -> tuple[bytes | None, str, str | None]:
        """(bytes or None for a URL still to fetch, source name, page URL)."""
        if upload is not None and upload.filename:
            data = await upload.read(MAX_UPLOAD + 1)
            if len(data) > MAX_UPLOAD:
                raise HTTPException(413, f"file larger than {MAX_UPLOAD // 1_000_000} MB")
            return data, f"upload:{upload.filename[:200]}", None
        if text.strip():
            data = text.encode("utf-8", "replace")
            if len(data) > MAX_UPLOAD:
                raise HTTPException(413, f"text larger than {MAX_UPLOAD // 1_000_000} MB")
            return data, "web form", web_link(url.strip())
        if url.strip():
            if web_link(url.strip()) is None:
                raise HTTPException(422, "give an http(s) URL")
            return None, url.strip(), url.strip()
        raise HTTPException(422, "paste a text, give a URL or choose a file")

    return app


def _watchlist(r: Repository, name: str):  # type: ignore[no-untyped-def]
    from quotewatch.monitor.watch import WatchError, get_watchlist

    try:
        return get_watchlist(r, name)
    except WatchError:
        raise HTTPException(404, f"no watchlist {name!r}") from None


def claim_row(r: Repository, claim_id: int) -> dict | None:
    return r.db.fetchone("SELECT id, text, verdict, source, url FROM claims WHERE id = :id", {"id": claim_id})
