"""Rows into PostgreSQL: pipelined INSERTs (`executemany`) against `COPY`, for the row counts a page
and a batch of pages bring (16, 100, 1,000 quotation-like rows), on a throwaway local server.

    python bench/pgcopy.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from pg import PostgresServer  # noqa: E402

COLUMNS = "a, kind, text, s, e, cue, lemmas"
REPEATS = 30


def insert(conn: psycopg.Connection, rows: list[tuple], way: str) -> None:
    with conn.transaction(), conn.cursor() as cur:
        if way == "executemany":
            cur.executemany(f"INSERT INTO t ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)
            return
        with cur.copy(f"COPY t ({COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def main() -> int:
    server = PostgresServer()
    if server.available:
        print(f"needs a PostgreSQL server: {server.available}")
        return 0
    sentence = "Das ist ein Satz mit einigen Wörtern, wie er in Zitaten vorkommt. " * 2
    with server, psycopg.connect(server.create_database("copy_bench"), autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, a INT, kind TEXT, text TEXT, s INT, e INT, cue TEXT, "
            "lemmas TEXT)"
        )
        for n in (16, 100, 1000):
            rows = [(i, "direct", sentence, i, i + 50, "sagte", "das sein satz wort") for i in range(n)]
            for way in ("executemany", "copy"):
                t0 = time.perf_counter()
                for _ in range(REPEATS):
                    insert(conn, rows, way)
                print(f"{n:5d} rows, {way:12s} {(time.perf_counter() - t0) / REPEATS * 1000:6.2f} ms per transaction")
    return 0


if __name__ == "__main__":
    sys.exit(main())
