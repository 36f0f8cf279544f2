"""The two database back-ends: what differs between SQLite and PostgreSQL, and nothing else.

Queries are written once, with `:name` parameters; each back-end converts them, runs migrations,
and knows how to ask its full-text index. The repository (store/repository.py) does the rest.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from quotewatch.store.schema import POSTGRES, SQLITE


class StoreError(Exception):
    """The archive cannot be opened or used; the message says which and why, in one line."""


class Backend:
    name = "base"
    migrations: list[list[str]] = []

    def execute(self, sql: str, params: dict | Sequence | None = None) -> Any: ...
    def executemany(self, sql: str, rows: list[dict]) -> None: ...
    def fetchall(self, sql: str, params: dict | None = None) -> list[dict]: ...
    def fetchone(self, sql: str, params: dict | None = None) -> dict | None:
        rows = self.fetchall(sql, params)
        return rows[0] if rows else None

    _depth = 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One database transaction; nested calls join the outermost one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self._outermost():
                yield
        finally:
            self._depth = 0

    @contextmanager
    def _outermost(self) -> Iterator[None]:
        yield

    def close(self) -> None: ...

    # full text: a condition on a table alias that holds rows whose lemmas contain all of :fts
    def quote_match(self, alias: str) -> str: ...
    def article_match(self, alias: str) -> str: ...
    def fts_param(self, lemmas: list[str]) -> str: ...

    def migrate(self) -> None:
        self.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = self.fetchone("SELECT max(version) AS v FROM schema_version")
        current = (row or {}).get("v") or 0
        if current > len(self.migrations):
            raise StoreError(f"the archive has schema version {current}, newer than this quotewatch knows")
        for version in range(current + 1, len(self.migrations) + 1):
            with self.transaction():
                for statement in self.migrations[version - 1]:
                    self.execute(statement)
                self.execute("INSERT INTO schema_version (version) VALUES (:v)", {"v": version})


class SQLiteBackend(Backend):
    name = "sqlite"
    migrations = SQLITE

    def __init__(self, path: str):
        self.path = path
        if path != ":memory:":
            parent = Path(path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"{path}: folder {parent} does not exist")
        try:
            self.conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            # WAL: readers (web, API) never block the ingest, and a crash loses nothing committed
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: not a quotewatch archive ({exc})") from exc

    def execute(self, sql: str, params: dict | Sequence | None = None) -> sqlite3.Cursor:
        return self.conn.execute(sql, params or {})

    def executemany(self, sql: str, rows: list[dict]) -> None:
        if rows:
            self.conn.executemany(sql, rows)

    def fetchall(self, sql: str, params: dict | None = None) -> list[dict]:
        return [dict(r) for r in self.conn.execute(sql, params or {}).fetchall()]

    @contextmanager
    def _outermost(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def quote_match(self, alias: str) -> str:
        return f"{alias}.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :fts)"

    def article_match(self, alias: str) -> str:
        return f"{alias}.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :afts)"

    def fts_param(self, lemmas: list[str]) -> str:
        # every lemma quoted: FTS5 operators in user text stay plain words
        return " ".join('"' + w.replace('"', '""') + '"' for w in lemmas)


_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


class PostgresBackend(Backend):
    name = "postgresql"
    migrations = POSTGRES

    def __init__(self, dsn: str):
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError as exc:  # pragma: no cover - psycopg is a dependency
            raise StoreError("PostgreSQL needs psycopg: pip install 'psycopg[binary]'") from exc
        try:
            self.conn = psycopg.connect(dsn, autocommit=True, row_factory=dict_row, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(f"{_redact(dsn)}: cannot connect ({str(exc).strip().splitlines()[0]})") from exc

    @staticmethod
    def _convert(sql: str) -> str:
        return _PARAM.sub(r"%(\1)s", sql.replace("%", "%%"))

    def execute(self, sql: str, params: dict | Sequence | None = None) -> Any:
        return self.conn.execute(self._convert(sql), params or {})

    def executemany(self, sql: str, rows: list[dict]) -> None:
        # one round trip for many rows (pipelined by psycopg), not one per row
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(self._convert(sql), rows)

    def fetchall(self, sql: str, params: dict | None = None) -> list[dict]:
        return list(self.conn.execute(self._convert(sql), params or {}).fetchall())

    @contextmanager
    def _outermost(self) -> Iterator[None]:
        with self.conn.transaction():
            yield

    def close(self) -> None:
        self.conn.close()

    def quote_match(self, alias: str) -> str:
        return f"{alias}.tsv @@ plainto_tsquery('simple', :fts)"

    def article_match(self, alias: str) -> str:
        return f"{alias}.id IN (SELECT article_id FROM article_lemmas WHERE tsv @@ plainto_tsquery('simple', :afts))"

    def fts_param(self, lemmas: list[str]) -> str:
        return " ".join(lemmas)


def _redact(dsn: str) -> str:
    return re.sub(r"://([^:@/]+):[^@/]*@", r"://\1:***@", dsn)


def open_backend(target: str) -> Backend:
    """A back-end for a database URL ("postgresql://…", "sqlite:///path") or a file path."""
    if target.startswith(("postgresql://", "postgres://")):
        return PostgresBackend(target)
    if target.startswith("sqlite:///"):
        target = target[len("sqlite:///") :]
    return SQLiteBackend(target)
