"""What the REST API and the web interface share: the archive, one connection per worker thread."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import HTTPException, Path, Query

from quotewatch.store import Repository, StoreError


def per_thread_repository(db: str) -> Callable[[], Repository]:
    """A FastAPI dependency: SQLite connections must not be shared across threads."""
    local = threading.local()

    def repo() -> Repository:
        if getattr(local, "repo", None) is None:
            try:
                local.repo = Repository.open(db)
            except StoreError as exc:
                raise HTTPException(503, str(exc)) from exc
        return local.repo

    return repo


MAX_ID = 2**63 - 1  # ids and offsets beyond a signed 64-bit integer are refused (422), never passed on
MAX_QUERY_CHARS = 500  # a search or filter longer than this is no search (and LIKE patterns have limits)

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Offset = Annotated[int, Query(ge=0, le=MAX_ID)]
Text = Annotated[str, Query(max_length=MAX_QUERY_CHARS)]
OptionalText = Annotated[str | None, Query(max_length=MAX_QUERY_CHARS)]
DATE = r"^\d{4}-\d{2}-\d{2}$"


def same_secret(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison of a token or CSRF value; any text may arrive, non-ASCII included."""
    if not given or not expected:
        return False
    return secrets.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))


def web_link(url: str | None) -> str | None:
    """A URL that may be shown as a link: http(s) only (a page may carry "javascript:" or "data:")."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None
