"""The archive's schema as named migrations, each with its statements for both back-ends.

Both back-ends hold the same tables and columns with the same meaning, so that one repository
class (store/repository.py) serves both; only types, full-text indexes and identity columns differ.
Dates are ISO 8601 text in both, so comparisons and results are identical. A migration is applied
once, recorded by name in `schema_migrations`; new ones are appended, never edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # fixed width: text comparison is time comparison on both back-ends


def now_iso(moment: datetime | None = None) -> str:
    """A moment (default: now) as ISO 8601 UTC text, as the archive stores times."""
    return (moment or datetime.now(UTC)).strftime(TIME_FORMAT)


# Statements per speaker and month (migration "speaker-months"): the same SQL on both back-ends. A
# statement counts where its speaker is known and its article is the latest version and no copy.
_COUNTED_MONTH = "ON CONFLICT (speaker_id, month) DO UPDATE SET n = speaker_months.n + excluded.n"
SPEAKER_MONTHS_FILLED = """INSERT INTO speaker_months (speaker_id, month, n)
    SELECT q.speaker_id, coalesce(substr(a.published, 1, 7), ''), count(*) FROM quotes q
    JOIN articles a ON a.id = q.article_id
    WHERE q.speaker_id IS NOT NULL AND a.is_latest = 1 AND a.duplicate_of IS NULL
    GROUP BY q.speaker_id, coalesce(substr(a.published, 1, 7), '')"""


def _statement_counted(row: str, delta: int) -> str:
    """A trigger's statement adding `delta` for one quotation row (OLD or NEW) to its speaker's month."""
    return f"""INSERT INTO speaker_months (speaker_id, month, n)
        SELECT {row}.speaker_id, coalesce(substr(a.published, 1, 7), ''), {delta} FROM articles a
        WHERE {row}.speaker_id IS NOT NULL AND a.id = {row}.article_id AND a.is_latest = 1
          AND a.duplicate_of IS NULL
        {_COUNTED_MONTH}"""


def _article_counted(row: str, sign: str) -> str:
    """A trigger's statement adding (sign "") or taking away (sign "-") the statements of one article row
    (OLD or NEW) from their speakers' months."""
    return f"""INSERT INTO speaker_months (speaker_id, month, n)
        SELECT q.speaker_id, coalesce(substr({row}.published, 1, 7), ''), {sign}count(*) FROM quotes q
        WHERE q.article_id = {row}.id AND q.speaker_id IS NOT NULL AND {row}.is_latest = 1
          AND {row}.duplicate_of IS NULL
        GROUP BY q.speaker_id
        {_COUNTED_MONTH}"""


# migration "one-state-table": the same on both back-ends
CLAIM_STATE_MOVED = (
    "INSERT INTO index_state (name, value) SELECT 'claims.' || name, value FROM claim_state",
    "DROP TABLE claim_state",
)


@dataclass(frozen=True)
class Migration:
    name: str
    why: str
    sqlite: tuple[str, ...]
    postgres: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "archive",
        "the archive",
        sqlite=(
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
            """CREATE VIRTUAL TABLE articles_fts USING fts5(lemmas, content='article_lemmas',
                content_rowid='article_id')""",
            """CREATE TRIGGER articles_fts_insert AFTER INSERT ON article_lemmas BEGIN
                INSERT INTO articles_fts(rowid, lemmas) VALUES (new.article_id, new.lemmas); END""",
            """CREATE TRIGGER articles_fts_delete AFTER DELETE ON article_lemmas BEGIN
                INSERT INTO articles_fts(articles_fts, rowid, lemmas)
                VALUES ('delete', old.article_id, old.lemmas); END""",
            """CREATE TABLE fetch_cache (
                url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, content_hash TEXT, fetched_at TEXT NOT NULL)""",
        ),
        postgres=(
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
        ),
    ),
    Migration(
        "claims",
        "the claim catalog and the statements that repeat claims",
        sqlite=(
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
        ),
        postgres=(
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
        ),
    ),
    Migration(
        "simhash-candidates-newest-first",
        "near-duplicate candidates read newest first straight from the index",
        sqlite=(
            "DROP INDEX simhash_bands_lookup",
            "CREATE INDEX simhash_bands_lookup ON simhash_bands(band, value, article_id)",
        ),
        postgres=(
            "DROP INDEX simhash_bands_lookup",
            "CREATE INDEX simhash_bands_lookup ON simhash_bands(band, value, article_id)",
        ),
    ),
    Migration(
        "statement-gaps",
        "the attribution inside a statement („Die Lage, sagte er, sei ernst“), not the speaker's words",
        sqlite=(
            "ALTER TABLE quotes ADD COLUMN gap_start INTEGER",
            "ALTER TABLE quotes ADD COLUMN gap_end INTEGER",
        ),
        postgres=(
            "ALTER TABLE quotes ADD COLUMN gap_start INTEGER",
            "ALTER TABLE quotes ADD COLUMN gap_end INTEGER",
        ),
    ),
    Migration(
        "near-duplicate-links",
        "the pairs of near-identical articles, so that clusters of copies do not depend on ingest order",
        sqlite=(
            """CREATE TABLE near_duplicates (
                article_id INTEGER NOT NULL REFERENCES articles(id), other_id INTEGER NOT NULL REFERENCES articles(id),
                PRIMARY KEY (article_id, other_id))""",
            "CREATE INDEX near_duplicates_other ON near_duplicates(other_id)",
            "CREATE INDEX articles_duplicate_of ON articles(duplicate_of)",
            # archives linked before keep their clusters: each copy was linked to its first copy
            """INSERT INTO near_duplicates (article_id, other_id)
               SELECT min(id, duplicate_of), max(id, duplicate_of) FROM articles WHERE duplicate_of IS NOT NULL""",
        ),
        postgres=(
            """CREATE TABLE near_duplicates (
                article_id BIGINT NOT NULL REFERENCES articles(id), other_id BIGINT NOT NULL REFERENCES articles(id),
                PRIMARY KEY (article_id, other_id))""",
            "CREATE INDEX near_duplicates_other ON near_duplicates(other_id)",
            "CREATE INDEX articles_duplicate_of ON articles(duplicate_of)",
            """INSERT INTO near_duplicates (article_id, other_id)
               SELECT LEAST(id, duplicate_of), GREATEST(id, duplicate_of) FROM articles
               WHERE duplicate_of IS NOT NULL""",
        ),
    ),
    Migration(
        "claim-match-stance",
        "whether a statement repeats, denies or only mentions the claim it matches, and what it was matched with",
        sqlite=(
            "ALTER TABLE claim_matches ADD COLUMN stance TEXT NOT NULL DEFAULT 'repeats'",
            "ALTER TABLE claim_matches ADD COLUMN context TEXT",
            "CREATE INDEX claim_matches_claim_stance ON claim_matches(claim_id, stance)",
        ),
        postgres=(
            "ALTER TABLE claim_matches ADD COLUMN stance TEXT NOT NULL DEFAULT 'repeats'",
            "ALTER TABLE claim_matches ADD COLUMN context TEXT",
            "CREATE INDEX claim_matches_claim_stance ON claim_matches(claim_id, stance)",
        ),
    ),
    Migration(
        "statement-vectors",
        "each statement's sentence embedding, computed once: claim matching and search by meaning read it",
        sqlite=(
            """CREATE TABLE statement_vectors (
                quote_id INTEGER PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE, embedding BLOB NOT NULL)""",
        ),
        postgres=(
            """CREATE TABLE statement_vectors (
                quote_id BIGINT PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE, embedding BYTEA NOT NULL)""",
        ),
    ),
    Migration(
        "monitoring",
        "sources followed on a schedule, watchlists, their matches and the alerts delivered for them",
        sqlite=(
            """CREATE TABLE sources (
                id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE, name TEXT, kind TEXT NOT NULL,
                language TEXT, every_seconds INTEGER NOT NULL, paused INTEGER NOT NULL DEFAULT 0,
                next_run TEXT NOT NULL, last_fetch TEXT, last_new TEXT, last_error TEXT,
                errors_in_row INTEGER NOT NULL DEFAULT 0, failing_since TEXT, polls INTEGER NOT NULL DEFAULT 0,
                articles INTEGER NOT NULL DEFAULT 0, lease_owner TEXT, lease_until TEXT, created_at TEXT NOT NULL)""",
            "CREATE INDEX sources_due ON sources(paused, next_run)",
            """CREATE TABLE source_seen (
                source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE, entry TEXT NOT NULL,
                seen_at TEXT NOT NULL, PRIMARY KEY (source_id, entry))""",
            """CREATE TABLE watchlists (
                id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, speaker TEXT, about TEXT, phrase TEXT,
                claim_id INTEGER, claim_stance TEXT, language TEXT, agency TEXT, novel INTEGER NOT NULL DEFAULT 0,
                webhook TEXT, secret TEXT, email TEXT, digest_hours REAL, last_quote INTEGER NOT NULL DEFAULT 0,
                last_digest TEXT, created_at TEXT NOT NULL)""",
            """CREATE TABLE watch_matches (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                watchlist_id INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
                quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE, novelty REAL,
                matched_at TEXT NOT NULL, UNIQUE (watchlist_id, quote_id))""",
            """CREATE TABLE deliveries (
                match_id INTEGER NOT NULL REFERENCES watch_matches(id) ON DELETE CASCADE, channel TEXT NOT NULL,
                delivered_at TEXT, attempts INTEGER NOT NULL DEFAULT 0, next_try TEXT NOT NULL, last_error TEXT,
                PRIMARY KEY (match_id, channel))""",
            "CREATE INDEX deliveries_pending ON deliveries(delivered_at, next_try)",
        ),
        postgres=(
            """CREATE TABLE sources (
                id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, url TEXT NOT NULL UNIQUE, name TEXT,
                kind TEXT NOT NULL, language TEXT, every_seconds INTEGER NOT NULL, paused INTEGER NOT NULL DEFAULT 0,
                next_run TEXT NOT NULL, last_fetch TEXT, last_new TEXT, last_error TEXT,
                errors_in_row INTEGER NOT NULL DEFAULT 0, failing_since TEXT, polls INTEGER NOT NULL DEFAULT 0,
                articles INTEGER NOT NULL DEFAULT 0, lease_owner TEXT, lease_until TEXT, created_at TEXT NOT NULL)""",
            "CREATE INDEX sources_due ON sources(paused, next_run)",
            """CREATE TABLE source_seen (
                source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE, entry TEXT NOT NULL,
                seen_at TEXT NOT NULL, PRIMARY KEY (source_id, entry))""",
            """CREATE TABLE watchlists (
                id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name TEXT NOT NULL UNIQUE, speaker TEXT,
                about TEXT, phrase TEXT, claim_id BIGINT, claim_stance TEXT, language TEXT, agency TEXT,
                novel INTEGER NOT NULL DEFAULT 0, webhook TEXT, secret TEXT, email TEXT, digest_hours REAL,
                last_quote BIGINT NOT NULL DEFAULT 0,
                last_digest TEXT, created_at TEXT NOT NULL)""",
            """CREATE TABLE watch_matches (
                id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                watchlist_id BIGINT NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
                quote_id BIGINT NOT NULL REFERENCES quotes(id) ON DELETE CASCADE, novelty REAL,
                matched_at TEXT NOT NULL, UNIQUE (watchlist_id, quote_id))""",
            """CREATE TABLE deliveries (
                match_id BIGINT NOT NULL REFERENCES watch_matches(id) ON DELETE CASCADE, channel TEXT NOT NULL,
                delivered_at TEXT, attempts INTEGER NOT NULL DEFAULT 0, next_try TEXT NOT NULL, last_error TEXT,
                PRIMARY KEY (match_id, channel))""",
            "CREATE INDEX deliveries_pending ON deliveries(delivered_at, next_try)",
        ),
    ),
    Migration(
        "statement-entities",
        "the entities each statement speaks about, linked from the one entity table; index state",
        sqlite=(
            """CREATE TABLE statement_entities (
                quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE, entity_id TEXT NOT NULL,
                PRIMARY KEY (quote_id, entity_id))""",
            "CREATE INDEX statement_entities_entity ON statement_entities(entity_id, quote_id)",
            "CREATE TABLE index_state (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ),
        postgres=(
            """CREATE TABLE statement_entities (
                quote_id BIGINT NOT NULL REFERENCES quotes(id) ON DELETE CASCADE, entity_id TEXT NOT NULL,
                PRIMARY KEY (quote_id, entity_id))""",
            "CREATE INDEX statement_entities_entity ON statement_entities(entity_id, quote_id)",
            "CREATE TABLE index_state (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ),
    ),
    Migration(
        "speaker-months",
        "statements per speaker and month, kept by triggers on every write (insert, delete, a speaker's merge "
        "or split, a new version, a near-duplicate, a changed date), so `speakers --top` reads a table that "
        "grows with speakers and months, not with the archive",
        sqlite=(
            """CREATE TABLE speaker_months (
                speaker_id INTEGER NOT NULL, month TEXT NOT NULL, n INTEGER NOT NULL,
                PRIMARY KEY (speaker_id, month))""",
            SPEAKER_MONTHS_FILLED,
            f"""CREATE TRIGGER speaker_months_quote_added AFTER INSERT ON quotes
               BEGIN {_statement_counted("NEW", 1)}; END""",
            f"""CREATE TRIGGER speaker_months_quote_removed AFTER DELETE ON quotes
               BEGIN {_statement_counted("OLD", -1)}; END""",
            f"""CREATE TRIGGER speaker_months_quote_moved AFTER UPDATE OF speaker_id ON quotes
               BEGIN {_statement_counted("OLD", -1)}; {_statement_counted("NEW", 1)}; END""",
            f"""CREATE TRIGGER speaker_months_article_changed AFTER UPDATE OF is_latest, duplicate_of, published
               ON articles
               BEGIN {_article_counted("OLD", "-")}; {_article_counted("NEW", "")}; END""",
            """CREATE TRIGGER speaker_months_speaker_removed AFTER DELETE ON speakers
               BEGIN DELETE FROM speaker_months WHERE speaker_id = OLD.id; END""",
        ),
        postgres=(
            """CREATE TABLE speaker_months (
                speaker_id BIGINT NOT NULL, month TEXT NOT NULL, n BIGINT NOT NULL,
                PRIMARY KEY (speaker_id, month))""",
            SPEAKER_MONTHS_FILLED,
            f"""CREATE FUNCTION speaker_months_quotes() RETURNS trigger AS $$
               BEGIN
                 IF TG_OP IN ('DELETE', 'UPDATE') THEN {_statement_counted("OLD", -1)}; END IF;
                 IF TG_OP IN ('INSERT', 'UPDATE') THEN {_statement_counted("NEW", 1)}; END IF;
                 RETURN NULL;
               END $$ LANGUAGE plpgsql""",
            """CREATE TRIGGER speaker_months_quotes AFTER INSERT OR DELETE OR UPDATE OF speaker_id ON quotes
               FOR EACH ROW EXECUTE FUNCTION speaker_months_quotes()""",
            f"""CREATE FUNCTION speaker_months_articles() RETURNS trigger AS $$
               BEGIN {_article_counted("OLD", "-")}; {_article_counted("NEW", "")}; RETURN NULL; END
               $$ LANGUAGE plpgsql""",
            """CREATE TRIGGER speaker_months_articles AFTER UPDATE OF is_latest, duplicate_of, published ON articles
               FOR EACH ROW EXECUTE FUNCTION speaker_months_articles()""",
            """CREATE FUNCTION speaker_months_speakers() RETURNS trigger AS $$
               BEGIN DELETE FROM speaker_months WHERE speaker_id = OLD.id; RETURN NULL; END
               $$ LANGUAGE plpgsql""",
            """CREATE TRIGGER speaker_months_speakers AFTER DELETE ON speakers
               FOR EACH ROW EXECUTE FUNCTION speaker_months_speakers()""",
        ),
    ),
    Migration(
        "statement-content-vectors",
        "the embedding of a reported statement's own words beside its sentence's, so that re-matching the "
        "archive against a new catalog runs no encoder",
        sqlite=("ALTER TABLE statement_vectors ADD COLUMN content_embedding BLOB",),
        postgres=("ALTER TABLE statement_vectors ADD COLUMN content_embedding BYTEA",),
    ),
    Migration(
        "one-state-table",
        "the claim matcher's progress joins the other indexes' in index_state (names claims.*)",
        sqlite=CLAIM_STATE_MOVED,
        postgres=CLAIM_STATE_MOVED,
    ),
)
