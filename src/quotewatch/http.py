"""What the REST API and the web interface share: the archive, one connection per worker thread."""

from __future__ import annotations

import threading
from collections.abc import Callable

from fastapi import HTTPException

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
