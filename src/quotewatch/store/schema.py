"""The archive's schema, versioned: each migration is a list of statements per back-end.

Both back-ends hold the same tables and columns with the same meaning, so that one repository
class (store/repository.py) serves both; only types, full-text indexes and identity columns differ.
Dates are ISO 8601 text in both, so comparisons and results are identical.
"""

from __future__ import annotations

SQLITE: list[list[str]] = [
    [  # 1: the archive
        """CREATE TABLE pages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            content_hash TEXT NOT NULL UNIQUE,
            url TEXT, canonical_url TEXT, source TEXT NOT NULL,
            content_type TEXT, fetched_at TEXT NOT NULL, raw BLOB NOT NULL)""",
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            page_id INTEGER NOT NULL REFERENCES pages(id),
            canonical_url TEXT, version INTEGER NOT NULL DEFAULT 1, is_latest INTEGER NOT NULL DEFAULT 1,
            title TEXT, published TEXT, dateline TEXT, agency TEXT, section TEXT, language TEXT, url TEXT,
            body TEXT NOT NULL, simhash TEXT, duplicate_of INTEGER REFERENCES articles(id),
            extracted_at TEXT NOT NULL, extractor_version TEXT NOT NULL)""",
        "CREATE INDEX articles_page ON articles(page_id)",
        "CREATE INDEX articles_url ON articles(canonical_url)",
        "CREATE INDEX articles_published ON articles(published)",
        "CREATE TABLE simhash_bands (band INTEGER NOT NULL, value TEXT NOT NULL, article_id INTEGER NOT NULL)",
        "CREATE INDEX simhash_bands_lookup ON simhash_bands(band, value)",
        """CREATE TABLE speakers (
            id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)""",
        """CREATE TABLE speaker_aliases (
            alias TEXT PRIMARY KEY, speaker_id INTEGER NOT NULL REFERENCES speakers(id),
            manual INTEGER NOT NULL DEFAULT 0)""",
        """CREATE TABLE speaker_roles (
            speaker_id INTEGER NOT NULL REFERENCES speakers(id), role TEXT NOT NULL, article_id INTEGER NOT NULL,
            published TEXT)""",
        "CREATE INDEX speaker_roles_speaker ON speaker_roles(speaker_id)",
        """CREATE TABLE corrections (
            id INTEGER PRIMARY KEY AUTOINCREMENT, action TEXT NOT NULL, name TEXT NOT NULL, other TEXT NOT NULL,
            created_at TEXT NOT NULL)""",
        """CREATE TABLE quotes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            qid TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL, cue TEXT, speaker_id INTEGER REFERENCES speakers(id), mention TEXT,
            mention_start INTEGER, mention_end INTEGER, parent_qid TEXT, confidence REAL NOT NULL,
            extracted_name TEXT, lemmas TEXT NOT NULL)""",
        "CREATE INDEX quotes_article ON quotes(article_id)",
        "CREATE INDEX quotes_speaker ON quotes(speaker_id)",
        "CREATE VIRTUAL TABLE quotes_fts USING fts5(lemmas, content='quotes', content_rowid='id')",
        """CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
            INSERT INTO quotes_fts(rowid, lemmas) VALUES (new.id, new.lemmas); END""",
        """CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
            INSERT INTO quotes_fts(quotes_fts, rowid, lemmas) VALUES ('delete', old.id, old.lemmas); END""",
        """CREATE TABLE article_lemmas (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id), lemmas TEXT NOT NULL)""",
        "CREATE VIRTUAL TABLE articles_fts USING fts5(lemmas, content='article_lemmas', content_rowid='article_id')",
        """CREATE TRIGGER articles_fts_insert AFTER INSERT ON article_lemmas BEGIN
            INSERT INTO articles_fts(rowid, lemmas) VALUES (new.article_id, new.lemmas); END""",
        """CREATE TRIGGER articles_fts_delete AFTER DELETE ON article_lemmas BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, lemmas) VALUES ('delete', old.article_id, old.lemmas); END""",
        """CREATE TABLE fetch_cache (
            url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, content_hash TEXT, fetched_at TEXT NOT NULL)""",
    ],
    [  # 2: the claim catalog and the statements that repeat claims
        """CREATE TABLE claims (
            id INTEGER PRIMARY KEY AUTOINCREMENT, claim_key TEXT NOT NULL UNIQUE, text TEXT NOT NULL,
            language TEXT, verdict TEXT, source TEXT, url TEXT, published TEXT, tags TEXT, lemmas TEXT NOT NULL,
            embedding BLOB NOT NULL, updated_at TEXT NOT NULL)""",
        """CREATE TABLE claim_matches (
            quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            score REAL NOT NULL, semantic REAL NOT NULL, lexical REAL NOT NULL, explanation TEXT,
            matched_at TEXT NOT NULL, PRIMARY KEY (quote_id, claim_id))""",
        "CREATE INDEX claim_matches_claim ON claim_matches(claim_id)",
        "CREATE TABLE claim_state (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ],
    [  # 3: near-duplicate candidates read newest first straight from the index
        "DROP INDEX simhash_bands_lookup",
        "CREATE INDEX simhash_bands_lookup ON simhash_bands(band, value, article_id)",
    ],
    [  # 4: the attribution inside a statement ("Die Lage, sagte er, sei ernst"), not the speaker's words
        "ALTER TABLE quotes ADD COLUMN gap_start INTEGER",
        "ALTER TABLE quotes ADD COLUMN gap_end INTEGER",
    ],
]

POSTGRES: list[list[str]] = [
    [  # 1: the archive
        """CREATE TABLE pages (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            url TEXT, canonical_url TEXT, source TEXT NOT NULL,
            content_type TEXT, fetched_at TEXT NOT NULL, raw BYTEA NOT NULL)""",
        """CREATE TABLE articles (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            page_id BIGINT NOT NULL REFERENCES pages(id),
            canonical_url TEXT, version INTEGER NOT NULL DEFAULT 1, is_latest INTEGER NOT NULL DEFAULT 1,
            title TEXT, published TEXT, dateline TEXT, agency TEXT, section TEXT, language TEXT, url TEXT,
            body TEXT NOT NULL, simhash TEXT, duplicate_of BIGINT REFERENCES articles(id),
            extracted_at TEXT NOT NULL, extractor_version TEXT NOT NULL)""",
        "CREATE INDEX articles_page ON articles(page_id)",
        "CREATE INDEX articles_url ON articles(canonical_url)",
        "CREATE INDEX articles_published ON articles(published)",
        "CREATE TABLE simhash_bands (band INTEGER NOT NULL, value TEXT NOT NULL, article_id BIGINT NOT NULL)",
        "CREATE INDEX simhash_bands_lookup ON simhash_bands(band, value)",
        """CREATE TABLE speakers (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL)""",
        """CREATE TABLE speaker_aliases (
            alias TEXT PRIMARY KEY, speaker_id BIGINT NOT NULL REFERENCES speakers(id),
            manual INTEGER NOT NULL DEFAULT 0)""",
        """CREATE TABLE speaker_roles (
            speaker_id BIGINT NOT NULL REFERENCES speakers(id), role TEXT NOT NULL, article_id BIGINT NOT NULL,
            published TEXT)""",
        "CREATE INDEX speaker_roles_speaker ON speaker_roles(speaker_id)",
        """CREATE TABLE corrections (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, action TEXT NOT NULL, name TEXT NOT NULL,
            other TEXT NOT NULL, created_at TEXT NOT NULL)""",
        """CREATE TABLE quotes (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            article_id BIGINT NOT NULL REFERENCES articles(id),
            qid TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL, cue TEXT, speaker_id BIGINT REFERENCES speakers(id), mention TEXT,
            mention_start INTEGER, mention_end INTEGER, parent_qid TEXT, confidence REAL NOT NULL,
            extracted_name TEXT, lemmas TEXT NOT NULL,
            tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', lemmas)) STORED)""",
        "CREATE INDEX quotes_article ON quotes(article_id)",
        "CREATE INDEX quotes_speaker ON quotes(speaker_id)",
        "CREATE INDEX quotes_tsv ON quotes USING GIN (tsv)",
        """CREATE TABLE article_lemmas (
            article_id BIGINT PRIMARY KEY REFERENCES articles(id), lemmas TEXT NOT NULL,
            tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', lemmas)) STORED)""",
        "CREATE INDEX article_lemmas_tsv ON article_lemmas USING GIN (tsv)",
        """CREATE TABLE fetch_cache (
            url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, content_hash TEXT, fetched_at TEXT NOT NULL)""",
    ],
    [  # 2: the claim catalog and the statements that repeat claims
        """CREATE TABLE claims (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, claim_key TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL, language TEXT, verdict TEXT, source TEXT, url TEXT, published TEXT, tags TEXT,
            lemmas TEXT NOT NULL, embedding BYTEA NOT NULL, updated_at TEXT NOT NULL)""",
        """CREATE TABLE claim_matches (
            quote_id BIGINT NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
            claim_id BIGINT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            score REAL NOT NULL, semantic REAL NOT NULL, lexical REAL NOT NULL, explanation TEXT,
            matched_at TEXT NOT NULL, PRIMARY KEY (quote_id, claim_id))""",
        "CREATE INDEX claim_matches_claim ON claim_matches(claim_id)",
        "CREATE TABLE claim_state (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ],
    [  # 3: near-duplicate candidates read newest first straight from the index
        "DROP INDEX simhash_bands_lookup",
        "CREATE INDEX simhash_bands_lookup ON simhash_bands(band, value, article_id)",
    ],
    [  # 4: the attribution inside a statement ("Die Lage, sagte er, sei ernst"), not the speaker's words
        "ALTER TABLE quotes ADD COLUMN gap_start INTEGER",
        "ALTER TABLE quotes ADD COLUMN gap_end INTEGER",
    ],
]
