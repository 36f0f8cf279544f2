"""The statement archive (SQLite by default, PostgreSQL for teams)."""

from quotewatch.store.backends import StoreError
from quotewatch.store.repository import ArticleQuery, QuoteQuery, RawPage, Repository

DEFAULT_DB = "quotewatch.db"

__all__ = ["DEFAULT_DB", "ArticleQuery", "QuoteQuery", "RawPage", "Repository", "StoreError", "open_store"]


def open_store(target: str | None = None) -> Repository:
    """The archive at a database URL or SQLite path (default: ./quotewatch.db)."""
    return Repository.open(target or DEFAULT_DB)
