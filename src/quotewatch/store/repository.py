"""The statement archive: pages, articles, quotations and speakers, on SQLite or PostgreSQL.

One class for both back-ends. Every page is stored in one transaction with its article and
quotations, so an interrupted run loses nothing committed and a re-run skips what is stored
(content hash). The raw page is always kept, so `reprocess` re-extracts without fetching.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from quotewatch import __version__
from quotewatch.model import Extraction, Quote
from quotewatch.store.backends import Backend, StoreError, open_backend
from quotewatch.store.schema import TIME_FORMAT, now_iso  # noqa: F401 - re-exported
from quotewatch.store.text import canonical_url, content_hash, hamming, lemmas, search_lemmas, simhash, simhash_bands
from quotewatch.text.segment import analysed_part

NEAR_DUPLICATE_BITS = 3  # SimHash distance up to which two bodies are one syndicated story
# candidates read per band: copies of a story arrive close together, and an unbounded band
# (templated pages share bands) would make every insert read the whole archive
BAND_CANDIDATES = 50


# a quotation with its speaker and article, as listings, exports and alerts show it
QUOTE_ROWS = """SELECT q.id, q.article_id, q.qid, q.kind, q.text, q.start_offset, q.end_offset, q.gap_start,
    q.gap_end, q.cue, q.mention, q.mention_start, q.mention_end, q.parent_qid, q.confidence, s.name AS speaker,
    q.extracted_name, q.speaker_id, a.title, a.published, a.agency, a.language, a.url, a.dateline
    FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id"""


def entity_labels(rows: list[dict]) -> list[dict]:
    """Facet rows of entity ids, each with the entity's name (`label`) for display."""
    from quotewatch.entities import table

    entities = table().entities
    for row in rows:
        found = entities.get(row["value"])
        row["label"] = (
            found.label("en") if found and found.type == "country" else (found.name if found else row["value"])
        )
    return rows


@dataclass
class RawPage:
    data: bytes
    source: str  # path, URL, or "file.warc.gz#record"
    url: str | None = None
    content_type: str | None = None
    fetched_at: str | None = None


@dataclass
class AddResult:
    status: str  # added | new_version | unchanged | empty
    source: str
    article_id: int | None = None
    quotes: int = 0
    duplicate_of: int | None = None
    warnings: list[str] = field(default_factory=list)  # from the extraction (a time budget spent, …)


@dataclass
class QuoteQuery:
    text: str | None = None  # full text over the quotation
    speaker: str | None = None  # name or alias, any part, any case
    about: str | None = None  # words or entities the quotation mentions
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    language: str | None = None
    kind: str | None = None
    agency: str | None = None
    article_id: int | None = None
    claim: int | None = None  # only statements matched to this claim …
    claim_stance: str | None = None  # … that repeat, deny or mention it (any, if None)
    speaker_id: int | None = None
    include_duplicates: bool = False
    limit: int = 50
    offset: int = 0


@dataclass
class ArticleQuery:
    text: str | None = None
    agency: str | None = None
    since: str | None = None
    until: str | None = None
    language: str | None = None
    include_duplicates: bool = True
    limit: int = 50
    offset: int = 0


@dataclass
class _Where:
    clauses: list[str] = field(default_factory=list)
    params: dict = field(default_factory=dict)

    def add(self, clause: str, **params) -> None:
        self.clauses.append(clause)
        self.params.update(params)

    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "1 = 1"


def _script(name: str) -> str:
    """The writing system of a name's first letter ("LATIN", "CYRILLIC", ...)."""
    letter = next((c for c in name if c.isalpha()), "")
    return unicodedata.name(letter, "").split(" ")[0]


def spelled_as_in_article(rows: list[dict]) -> list[dict]:
    """Each quotation's speaker as the article writes the name where the archive's name for that person is
    in another script (Лукашенко in a Russian article, Lukaschenko in a German one); a spelling in the same
    script stays the archive's, so that a speaker merged by hand shows one name. `extracted_name` leaves the
    row, the archive's name stays reachable through `speaker_id`."""
    for row in rows:
        own = row.pop("extracted_name", None)
        if own and row.get("speaker") and _script(own) != _script(row["speaker"]):
            row["speaker"] = own
    return rows


def _quote_row(article_id: int, q: Quote, speaker_id: int | None, language: str | None) -> dict:
    sp = q.speaker
    return {
        "article_id": article_id,
        "qid": q.id,
        "kind": q.kind,
        "text": q.text,
        "start_offset": q.start,
        "end_offset": q.end,
        "cue": q.cue,
        "speaker_id": speaker_id,
        "mention": sp.mention if sp else None,
        "mention_start": sp.mention_start if sp else None,
        "mention_end": sp.mention_end if sp else None,
        "parent_qid": q.parent,
        "confidence": q.confidence,
        "extracted_name": sp.name if sp else None,
        "lemmas": " ".join(search_lemmas(q.text, language)),
        "gap_start": q.gap[0] if q.gap else None,
        "gap_end": q.gap[1] if q.gap else None,
    }


def _first_copy(rows: list[dict]) -> dict:
    """The copy a cluster points to: the first published (undated last), then the smallest page hash, so
    that clusters do not depend on the order pages arrive in."""
    return min(rows, key=lambda r: (r["published"] is None, r["published"] or "", r["content_hash"]))


def _day_after(iso_date: str) -> str:
    """Upper bound for an inclusive date filter on ISO texts: "2025-08-08" -> "2025-08-08\uffff"."""
    return iso_date + "\uffff"


class Repository:
    def __init__(self, backend: Backend):
        self.db = backend
        self.db.migrate()

    @classmethod
    def open(cls, target: str) -> Repository:
        return cls(open_backend(target))

    def close(self) -> None:
        self.db.close()

    # ---- writing ------------------------------------------------------------------------------

    def has_page(self, data: bytes) -> bool:
        """Is a page with exactly these bytes stored?"""
        return (
            self.db.fetchone("SELECT 1 AS x FROM pages WHERE content_hash = :h", {"h": content_hash(data)}) is not None
        )

    def add(self, page: RawPage, extract: Callable[[RawPage], Extraction]) -> AddResult:
        """Store a page and what quotewatch finds in it; a page stored before (by this writer or another
        one running at the same time) is left as it is. Extraction runs outside the transaction."""
        digest = content_hash(page.data)
        if self.db.fetchone("SELECT 1 AS x FROM pages WHERE content_hash = :h", {"h": digest}):
            return AddResult("unchanged", page.source)
        extraction = extract(page)
        url = page.url or extraction.article.url
        canon = canonical_url(url)
        with self.db.transaction():
            stored = self.db.fetchone(
                """INSERT INTO pages (content_hash, url, canonical_url, source, content_type, fetched_at, raw)
                   VALUES (:h, :url, :canon, :source, :ctype, :fetched, :raw)
                   ON CONFLICT (content_hash) DO NOTHING RETURNING id""",
                {
                    "h": digest,
                    "url": url,
                    "canon": canon,
                    "source": page.source,
                    "ctype": page.content_type,
                    "fetched": page.fetched_at or now_iso(),
                    "raw": page.data,
                },
            )
            if stored is None:
                return AddResult("unchanged", page.source)  # another writer stored it meanwhile
            version, previous = 1, None
            if canon:
                previous = self.db.fetchone(
                    "SELECT id, version FROM articles WHERE canonical_url = :c AND is_latest = 1", {"c": canon}
                )
                if previous:
                    version = previous["version"] + 1
                    self.db.execute("UPDATE articles SET is_latest = 0 WHERE id = :id", {"id": previous["id"]})
            article_id, duplicate_of = self._insert_article(stored["id"], canon, version, extraction)
            if previous:
                # the old version leaves its cluster of copies, which may fall apart or need a new first copy
                self._recluster(self._neighbours(previous["id"]))
        status = "new_version" if version > 1 else ("added" if extraction.article.body else "empty")
        warnings = [w for w in extraction.warnings if extraction.article.body]
        return AddResult(status, page.source, article_id, len(extraction.quotes), duplicate_of, warnings)

    def _insert_article(self, page_id: int, canon: str | None, version: int, ex: Extraction) -> tuple[int, int | None]:
        a = ex.article
        digest = simhash(analysed_part(a.body)) if a.body else None
        article_id = self.db.fetchone(
            """INSERT INTO articles (page_id, canonical_url, version, is_latest, title, published, dateline, agency,
                   section, language, url, body, simhash, extracted_at, extractor_version)
               VALUES (:page, :canon, :version, 1, :title, :published, :dateline, :agency, :section, :language,
                   :url, :body, :simhash, :now, :v) RETURNING id""",
            {
                "page": page_id,
                "canon": canon,
                "version": version,
                "title": a.title,
                "published": a.published,
                "dateline": a.dateline,
                "agency": a.agency,
                "section": a.section,
                "language": a.language,
                "url": a.url,
                "body": a.body,
                "simhash": format(digest, "016x") if digest is not None else None,
                "now": now_iso(),
                "v": __version__,
            },
        )["id"]
        duplicate_of = self._link_near_duplicate(article_id, canon, digest) if digest is not None else None
        self._insert_contents(article_id, ex)
        return article_id, duplicate_of

    def _insert_contents(self, article_id: int, ex: Extraction) -> None:
        a = ex.article
        self.db.execute(
            "INSERT INTO article_lemmas (article_id, lemmas) VALUES (:id, :l)",
            {"id": article_id, "l": " ".join(search_lemmas(f"{a.title or ''} {analysed_part(a.body)}", a.language))},
        )
        aliases = {s.name: s.aliases for s in ex.speakers}
        speaker_ids: dict[str, int] = {}
        rows = []
        for q in ex.quotes:
            sid = None
            if q.speaker is not None:
                if q.speaker.name not in speaker_ids:
                    speaker_ids[q.speaker.name] = self._speaker_id(q.speaker.name, aliases.get(q.speaker.name, []))
                sid = speaker_ids[q.speaker.name]
            rows.append(_quote_row(article_id, q, sid, a.language))
        self.db.insert_rows("quotes", rows)
        self._record_roles(article_id, ex, speaker_ids)

    def _record_roles(self, article_id: int, ex: Extraction, speaker_ids: dict[str, int]) -> None:
        """Roles over time: the role nouns a speaker's mentions carry, with the article's date."""
        seen: set[tuple[int, str]] = set()
        for q in ex.quotes:
            if q.speaker is None or q.speaker.name not in speaker_ids:
                continue
            role = q.speaker.role  # the extraction read it off the mention
            key = (speaker_ids[q.speaker.name], role or "")
            if role and key not in seen:
                seen.add(key)
                self.db.execute(
                    "INSERT INTO speaker_roles (speaker_id, role, article_id, published) VALUES (:s, :r, :a, :p)",
                    {"s": key[0], "r": role, "a": article_id, "p": ex.article.published},
                )

    def _link_near_duplicate(self, article_id: int, canon: str | None, digest: int) -> int | None:
        """Syndicated copies of one wire story point to one copy of it instead of counting twice. Two
        articles within NEAR_DUPLICATE_BITS of each other are linked (the links are kept); the copies are
        the connected articles, and the one they point to is the first published (then the smallest page
        hash): the same, whatever order the pages arrive in."""
        bands = simhash_bands(digest)
        near: set[int] = set()
        for band, value in bands:
            rows = self.db.fetchall(
                """SELECT a.id, a.simhash, a.canonical_url FROM
                   (SELECT article_id FROM simhash_bands WHERE band = :band AND value = :value
                    ORDER BY article_id DESC LIMIT :cap) b
                   JOIN articles a ON a.id = b.article_id WHERE a.is_latest = 1""",
                {"band": band, "value": value, "cap": BAND_CANDIDATES},
            )
            for row in rows:
                if row["id"] == article_id or (canon and row["canonical_url"] == canon):
                    continue
                if hamming(int(row["simhash"], 16), digest) <= NEAR_DUPLICATE_BITS:
                    near.add(row["id"])
        self.db.insert_rows("simhash_bands", [{"band": b, "value": v, "article_id": article_id} for b, v in bands])
        self.db.executemany(
            "INSERT INTO near_duplicates (article_id, other_id) VALUES (:a, :o)",
            [{"a": min(article_id, o), "o": max(article_id, o)} for o in sorted(near)],
        )
        if not near:
            return None
        self._join_clusters(article_id, near)
        row = self.db.fetchone("SELECT duplicate_of FROM articles WHERE id = :id", {"id": article_id})
        return row["duplicate_of"]

    def _neighbours(self, article_id: int) -> list[int]:
        return [
            r["id"]
            for r in self.db.fetchall(
                """SELECT other_id AS id FROM near_duplicates WHERE article_id = :a
                   UNION SELECT article_id AS id FROM near_duplicates WHERE other_id = :a""",
                {"a": article_id},
            )
        ]

    def _join_clusters(self, article_id: int, near: set[int]) -> None:
        """A new article joins the clusters of the copies it is near, which become one cluster pointing
        at the first copy of all of them. Every cluster already points at its own first copy (the
        earliest published, then the smallest page hash), so only those first copies are compared with
        the new article, and only the members of a cluster whose first copy changes are updated: the
        cost follows the clusters joined, not a walk over every link of a cluster (which made ingest
        quadratic once thousands of templated pages formed one cluster)."""
        ids = ",".join(str(int(i)) for i in sorted(near))
        firsts = {
            r["first"]
            for r in self.db.fetchall(f"SELECT coalesce(duplicate_of, id) AS first FROM articles WHERE id IN ({ids})")
        }
        marks = ",".join(str(int(i)) for i in sorted(firsts | {article_id}))
        rows = self.db.fetchall(
            f"""SELECT a.id, a.published, p.content_hash FROM articles a JOIN pages p ON p.id = a.page_id
                WHERE a.id IN ({marks}) AND a.is_latest = 1"""
        )
        first = _first_copy(rows)["id"]
        for old in sorted(firsts - {first}):
            self.db.execute(
                "UPDATE articles SET duplicate_of = :first WHERE duplicate_of = :old AND is_latest = 1",
                {"first": first, "old": old},
            )
            self.db.execute("UPDATE articles SET duplicate_of = :first WHERE id = :old", {"first": first, "old": old})
        self.db.execute(
            "UPDATE articles SET duplicate_of = :d WHERE id = :id",
            {"d": None if first == article_id else first, "id": article_id},
        )

    def _recluster(self, seeds: list[int]) -> None:
        """Point every latest article connected to a seed at its cluster's first copy."""
        done: set[int] = set()
        for seed in seeds:
            if seed in done:
                continue
            cluster, todo = set(), [seed]
            while todo:
                current = todo.pop()
                if current in cluster:
                    continue
                cluster.add(current)
                todo += [n for n in self._neighbours(current) if n not in cluster]
            done |= cluster
            marks = ",".join(str(int(i)) for i in sorted(cluster))
            rows = self.db.fetchall(
                f"""SELECT a.id, a.published, a.duplicate_of, p.content_hash FROM articles a
                    JOIN pages p ON p.id = a.page_id WHERE a.id IN ({marks}) AND a.is_latest = 1"""
            )
            if not rows:
                continue
            first = _first_copy(rows)
            for r in rows:
                target = None if r["id"] == first["id"] else first["id"]
                if r["duplicate_of"] != target:
                    self.db.execute(
                        "UPDATE articles SET duplicate_of = :d WHERE id = :id", {"d": target, "id": r["id"]}
                    )

    # ---- speakers -----------------------------------------------------------------------------
    def _speaker_id(self, name: str, aliases: list[str]) -> int:
        """The archive's speaker for a name: by its name or any alias, by a unique surname, or a new speaker."""
        row = None
        for known in (name, *aliases):  # any spelling the archive knows, in any language or script
            row = self.db.fetchone("SELECT speaker_id FROM speaker_aliases WHERE alias = :a", {"a": known.lower()})
            if row:
                break
        if row:
            sid = row["speaker_id"]
        else:
            sid = None
            if " " not in name.strip():
                # a surname alone joins the one speaker of that surname, where there is exactly one
                rows = self.db.fetchall(
                    "SELECT id FROM speakers WHERE lower(name) LIKE :pattern", {"pattern": f"% {name.lower()}"}
                )
                if len(rows) == 1:
                    sid = rows[0]["id"]
            if sid is None:
                sid = self._speaker_named_exactly(name)
            self._alias(name, sid)
        for alias in aliases:  # the names the article gives the speaker (see pipeline.summarise_speakers)
            self._alias(alias, sid)
        return sid

    def _speaker_named_exactly(self, name: str) -> int:
        """The id of the speaker with this name, created when there is none."""
        created = self.db.fetchone(
            "INSERT INTO speakers (name, created_at) VALUES (:n, :t) ON CONFLICT (name) DO NOTHING RETURNING id",
            {"n": name, "t": now_iso()},
        )
        return (
            created["id"] if created else self.db.fetchone("SELECT id FROM speakers WHERE name = :n", {"n": name})["id"]
        )

    def _alias(self, alias: str, speaker_id: int, manual: bool = False) -> None:
        key = alias.lower()
        row = self.db.fetchone("SELECT speaker_id, manual FROM speaker_aliases WHERE alias = :a", {"a": key})
        if row is None:
            self.db.execute(
                "INSERT INTO speaker_aliases (alias, speaker_id, manual) VALUES (:a, :s, :m)",
                {"a": key, "s": speaker_id, "m": int(manual)},
            )
        elif manual:
            # automatic aliases never take a name from another speaker; an analyst's correction does
            self.db.execute(
                "UPDATE speaker_aliases SET speaker_id = :s, manual = :m WHERE alias = :a",
                {"a": key, "s": speaker_id, "m": int(manual)},
            )

    def speaker_named(self, name: str) -> dict | None:
        row = self.db.fetchone(
            """SELECT s.id, s.name FROM speaker_aliases a JOIN speakers s ON s.id = a.speaker_id
               WHERE a.alias = :a""",
            {"a": name.lower()},
        )
        return row or self.db.fetchone("SELECT id, name FROM speakers WHERE lower(name) = :n", {"n": name.lower()})

    def merge_speakers(self, keep: str, other: str, record: bool = True) -> int:
        """`other` is the same person as `keep`: its quotations and names move to `keep`."""
        a, b = self.speaker_named(keep), self.speaker_named(other)
        if a is None or b is None:
            raise StoreError(f"no speaker named {keep if a is None else other!r}")
        if a["id"] == b["id"]:
            return 0
        with self.db.transaction():
            moved = self.db.fetchone("SELECT count(*) AS n FROM quotes WHERE speaker_id = :b", {"b": b["id"]})["n"]
            self.db.execute("UPDATE quotes SET speaker_id = :a WHERE speaker_id = :b", {"a": a["id"], "b": b["id"]})
            self.db.execute(
                "UPDATE speaker_roles SET speaker_id = :a WHERE speaker_id = :b", {"a": a["id"], "b": b["id"]}
            )
            self.db.execute(
                "UPDATE speaker_aliases SET speaker_id = :a, manual = 1 WHERE speaker_id = :b",
                {"a": a["id"], "b": b["id"]},
            )
            self._alias(b["name"], a["id"], manual=True)
            self.db.execute("DELETE FROM speakers WHERE id = :b", {"b": b["id"]})
            if record:
                self.db.execute(
                    "INSERT INTO corrections (action, name, other, created_at) VALUES ('merge', :a, :b, :t)",
                    {"a": a["name"], "b": b["name"], "t": now_iso()},
                )
        return moved

    def split_speaker(self, name: str, alias: str, record: bool = True) -> int:
        """`alias` is not `name`: it becomes a speaker of its own, with the quotations made under it."""
        a = self.speaker_named(name)
        if a is None:
            raise StoreError(f"no speaker named {name!r}")
        with self.db.transaction():
            new_id = self._speaker_named_exactly(alias)
            self._alias(alias, new_id, manual=True)
            moved = self.db.fetchone(
                """SELECT count(*) AS n FROM quotes WHERE speaker_id = :a
                   AND (lower(extracted_name) = :al OR lower(mention) = :al)""",
                {"a": a["id"], "al": alias.lower()},
            )["n"]
            self.db.execute(
                """UPDATE quotes SET speaker_id = :n WHERE speaker_id = :a
                   AND (lower(extracted_name) = :al OR lower(mention) = :al)""",
                {"n": new_id, "a": a["id"], "al": alias.lower()},
            )
            if record:
                self.db.execute(
                    "INSERT INTO corrections (action, name, other, created_at) VALUES ('split', :a, :b, :t)",
                    {"a": a["name"], "b": alias, "t": now_iso()},
                )
        return moved

    def _replay_corrections(self) -> None:
        """Analysts' merges and splits, applied again after re-extraction."""
        for c in self.db.fetchall("SELECT action, name, other FROM corrections ORDER BY id"):
            try:
                if c["action"] == "merge":
                    self.merge_speakers(c["name"], c["other"], record=False)
                else:
                    self.split_speaker(c["name"], c["other"], record=False)
            except StoreError:
                continue  # the speaker is gone from the re-extracted archive

    # ---- re-processing ------------------------------------------------------------------------
    def reprocess(
        self,
        extract: Callable[[RawPage], Extraction],
        progress: Callable[[int, int], None] | None = None,
        workers: int = 1,
        engine: str = "local",
        address: str | None = None,
    ) -> Counter:
        """Re-run extraction over every stored raw page (no fetching); corrections survive. With
        `workers` > 1, `extract` (a module-level function) runs in that many processes and this one
        stores the results in page order."""
        from quotewatch.parallel import map_in_order

        pages = self.db.fetchall(
            """SELECT p.id AS page_id, p.source, p.url, p.content_type, p.fetched_at, a.id AS article_id
               FROM pages p JOIN articles a ON a.page_id = p.id ORDER BY p.id"""
        )

        def raw_pages() -> Iterator[RawPage]:
            for row in pages:
                raw = self.db.fetchone("SELECT raw FROM pages WHERE id = :id", {"id": row["page_id"]})["raw"]
                yield RawPage(bytes(raw), row["source"], row["url"], row["content_type"], row["fetched_at"])

        counts: Counter = Counter()
        done = map_in_order(extract, raw_pages(), workers, engine=engine, address=address)
        for n, (row, (_, ex)) in enumerate(zip(pages, done, strict=True), 1):
            if isinstance(ex, BaseException):
                raise ex
            a = ex.article
            with self.db.transaction():
                aid = row["article_id"]
                self.db.execute("DELETE FROM quotes WHERE article_id = :id", {"id": aid})
                self.db.execute("DELETE FROM speaker_roles WHERE article_id = :id", {"id": aid})
                self.db.execute("DELETE FROM article_lemmas WHERE article_id = :id", {"id": aid})
                self.db.execute(
                    """UPDATE articles SET title = :title, published = :published, dateline = :dateline,
                           agency = :agency, section = :section, language = :language, body = :body,
                           extracted_at = :now, extractor_version = :v WHERE id = :id""",
                    {
                        "title": a.title,
                        "published": a.published,
                        "dateline": a.dateline,
                        "agency": a.agency,
                        "section": a.section,
                        "language": a.language,
                        "body": a.body,
                        "now": now_iso(),
                        "v": __version__,
                        "id": aid,
                    },
                )
                self._insert_contents(aid, ex)
            counts["articles"] += 1
            counts["quotes"] += len(ex.quotes)
            if progress:
                progress(n, len(pages))
        self._drop_orphan_speakers()
        self._replay_corrections()
        return counts

    def _drop_orphan_speakers(self) -> None:
        with self.db.transaction():
            self.db.execute(
                """DELETE FROM speaker_aliases WHERE manual = 0 AND speaker_id NOT IN
                   (SELECT DISTINCT speaker_id FROM quotes WHERE speaker_id IS NOT NULL)"""
            )
            self.db.execute(
                """DELETE FROM speakers WHERE id NOT IN (SELECT DISTINCT speaker_id FROM quotes
                   WHERE speaker_id IS NOT NULL) AND id NOT IN (SELECT speaker_id FROM speaker_aliases)"""
            )

    # ---- reading ------------------------------------------------------------------------------
    def _match(self, w: _Where, condition: str, param: str, text: str, language: str | None) -> None:
        """A full-text condition; a search without a single word ("*", "!!!") finds nothing, on both back-ends."""
        words = lemmas(text, language)
        if words:
            w.add(condition, **{param: self.db.fts_param(words)})
        else:
            w.add("1 = 0")

    def _quote_where(self, q: QuoteQuery) -> _Where:
        w = _Where()
        w.add("a.is_latest = 1")
        if not q.include_duplicates:
            w.add("a.duplicate_of IS NULL")
        if q.speaker:
            w.add(
                """q.speaker_id IN (SELECT speaker_id FROM speaker_aliases WHERE alias LIKE :sp
                   UNION SELECT id FROM speakers WHERE lower(name) LIKE :sp)""",
                sp=f"%{q.speaker.lower()}%",
            )
        about = self._about_entity(q.about) if q.about else None
        words = " ".join(x for x in (q.text, None if about else q.about) if x)
        if words:
            self._match(w, self.db.quote_match("q"), "fts", words, q.language)
        if about:
            # the entity in any language and form: "USA", "Amerikaner", "США", "Washington"
            w.add("q.id IN (SELECT quote_id FROM statement_entities WHERE entity_id = :entity)", entity=about)
        self._dates(w, q.since, q.until)
        if q.language:
            w.add("a.language = :lang", lang=q.language)
        if q.kind:
            w.add("q.kind = :kind", kind=q.kind)
        if q.agency:
            w.add("lower(a.agency) = :agency", agency=q.agency.lower())
        if q.article_id is not None:
            w.add("q.article_id = :aid", aid=q.article_id)
        if q.speaker_id is not None:
            w.add("q.speaker_id = :sid", sid=q.speaker_id)
        if q.claim is not None:
            if q.claim_stance:
                w.add(
                    "q.id IN (SELECT quote_id FROM claim_matches WHERE claim_id = :claim AND stance = :stance)",
                    claim=q.claim,
                    stance=q.claim_stance,
                )
            else:
                w.add("q.id IN (SELECT quote_id FROM claim_matches WHERE claim_id = :claim)", claim=q.claim)
        return w

    def quotes(self, q: QuoteQuery) -> list[dict]:
        w = self._quote_where(q)
        w.params.update(limit=q.limit, offset=q.offset)
        return spelled_as_in_article(
            self.db.fetchall(
                f"""{QUOTE_ROWS} WHERE {w.sql()}
                ORDER BY a.published DESC NULLS LAST, q.article_id DESC, q.start_offset
                LIMIT :limit OFFSET :offset""",
                w.params,
            )
        )

    def quotes_by_id(self, ids: list[int]) -> list[dict]:
        """Quotations by id, in the order asked."""
        if not ids:
            return []
        names = {f"i{n}": i for n, i in enumerate(ids)}
        rows = self.db.fetchall(f"{QUOTE_ROWS} WHERE q.id IN ({', '.join(':' + n for n in names)})", names)
        by_id = {r["id"]: r for r in spelled_as_in_article(rows)}
        return [by_id[i] for i in ids if i in by_id]

    def quote_ids_after(self, q: QuoteQuery, after_id: int, limit: int = 1000) -> list[int]:
        """The ids of the quotations matching a query stored after `after_id`, oldest first (what a
        watchlist has not seen yet)."""
        w = self._quote_where(q)
        w.add("q.id > :after_id", after_id=after_id)
        w.params["limit"] = limit
        rows = self.db.fetchall(
            f"""SELECT q.id FROM quotes q JOIN articles a ON a.id = q.article_id
                WHERE {w.sql()} ORDER BY q.id LIMIT :limit""",
            w.params,
        )
        return [r["id"] for r in rows]

    def _about_entity(self, about: str) -> str | None:
        """The entity id a search "about" names, with the statements' entity links brought up to date;
        None when it names no entity (then its words are searched)."""
        from quotewatch.entities import table

        found = table().find(about)
        if found is None:
            return None
        self.link_entities()
        return found.id

    def link_entities(self, batch: int = 2000) -> int:
        """Link the statements stored since the last time to the entities they speak about (all of
        them again when the entity table changed); returns how many were linked. Cheap when up to date."""
        from quotewatch.entities import entity_ids, signature

        state = self.state("entities")
        table_sig, _, upto_text = (state or "").partition(":")
        newest = self.db.fetchone("SELECT coalesce(max(id), 0) AS n FROM quotes")["n"]
        upto = int(upto_text) if table_sig == signature() and upto_text.isdigit() else 0
        if upto >= newest and state:
            return 0
        linked = 0
        with self.db.transaction():
            if upto == 0:
                self.db.execute("DELETE FROM statement_entities")
        while upto < newest:
            rows = self.db.fetchall(
                """SELECT q.id, q.text, a.language FROM quotes q JOIN articles a ON a.id = q.article_id
                   WHERE q.id > :upto ORDER BY q.id LIMIT :batch""",
                {"upto": upto, "batch": batch},
            )
            if not rows:
                break
            links = [{"q": r["id"], "e": e} for r in rows for e in entity_ids(r["text"], r["language"])]
            upto = rows[-1]["id"]
            with self.db.transaction():
                self.db.executemany(
                    """INSERT INTO statement_entities (quote_id, entity_id) VALUES (:q, :e)
                       ON CONFLICT (quote_id, entity_id) DO NOTHING""",
                    links,
                )
                self.set_state("entities", f"{signature()}:{upto}")
            linked += len(rows)
        if not state:
            with self.db.transaction():
                self.set_state("entities", f"{signature()}:{upto}")
        return linked

    def speaker_entities(self, speaker_id: int, top: int = 12) -> list[dict]:
        """What a speaker talks about: the entities of their statements, most frequent first, each with
        its statements per month (`per_month`)."""
        self.link_entities()
        scope = "q.speaker_id = :s AND a.is_latest = 1 AND a.duplicate_of IS NULL"
        rows = entity_labels(
            self.db.fetchall(
                f"""SELECT se.entity_id AS value, count(*) AS n FROM statement_entities se
                    JOIN quotes q ON q.id = se.quote_id JOIN articles a ON a.id = q.article_id
                    WHERE {scope} GROUP BY se.entity_id ORDER BY count(*) DESC, se.entity_id LIMIT :top""",
                {"s": speaker_id, "top": top},
            )
        )
        # their months in one pass, as `speakers` reads its leaders' months
        names = {f"e{n}": row["value"] for n, row in enumerate(rows)}
        months: dict[str, dict[str, int]] = {}
        if names:
            for m in self.db.fetchall(
                f"""SELECT se.entity_id, substr(a.published, 1, 7) AS month, count(*) AS n FROM statement_entities se
                    JOIN quotes q ON q.id = se.quote_id JOIN articles a ON a.id = q.article_id
                    WHERE {scope} AND a.published IS NOT NULL
                    AND se.entity_id IN ({", ".join(":" + n for n in names)})
                    GROUP BY se.entity_id, substr(a.published, 1, 7)""",
                {"s": speaker_id, **names},
            ):
                months.setdefault(m["entity_id"], {})[m["month"]] = m["n"]
        for row in rows:
            row["per_month"] = months.get(row["value"], {})
        return rows

    def state(self, name: str) -> str | None:
        """How far an index derived from the archive is (entity links, claim matches): one table."""
        row = self.db.fetchone("SELECT value FROM index_state WHERE name = :n", {"n": name})
        return row["value"] if row else None

    def set_state(self, name: str, value: str) -> None:
        self.db.execute(
            """INSERT INTO index_state (name, value) VALUES (:n, :v)
               ON CONFLICT (name) DO UPDATE SET value = excluded.value""",
            {"n": name, "v": value},
        )

    def quote_facets(self, q: QuoteQuery, top: int = 12) -> dict[str, list[dict]]:
        """Counts of the current search's quotations by speaker, outlet, language, kind and the
        entities they speak about."""
        self.link_entities()
        w = self._quote_where(q)
        base = f"""FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id
                   WHERE {w.sql()}"""
        params = {**w.params, "top": top}
        return {
            "speaker": self.db.fetchall(
                f"SELECT s.id, s.name AS value, count(*) AS n {base} AND s.id IS NOT NULL "
                "GROUP BY s.id, s.name ORDER BY count(*) DESC, s.name LIMIT :top",
                params,
            ),
            "agency": self.db.fetchall(
                f"SELECT a.agency AS value, count(*) AS n {base} AND a.agency IS NOT NULL "
                "GROUP BY a.agency ORDER BY count(*) DESC, a.agency LIMIT :top",
                params,
            ),
            "lang": self.db.fetchall(
                f"SELECT a.language AS value, count(*) AS n {base} AND a.language IS NOT NULL "
                "GROUP BY a.language ORDER BY count(*) DESC, a.language LIMIT :top",
                params,
            ),
            "kind": self.db.fetchall(
                f"SELECT q.kind AS value, count(*) AS n {base} "
                "GROUP BY q.kind ORDER BY count(*) DESC, q.kind LIMIT :top",
                params,
            ),
            "about": entity_labels(
                self.db.fetchall(
                    f"""SELECT se.entity_id AS value, count(*) AS n FROM quotes q
                        JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id
                        JOIN statement_entities se ON se.quote_id = q.id WHERE {w.sql()}
                        GROUP BY se.entity_id ORDER BY count(*) DESC, se.entity_id LIMIT :top""",
                    params,
                )
            ),
        }

    def speaker(self, speaker_id: int) -> dict | None:
        row = self.db.fetchone("SELECT id, name FROM speakers WHERE id = :id", {"id": speaker_id})
        if row is None:
            return None
        row["aliases"] = [
            r["alias"]
            for r in self.db.fetchall(
                "SELECT alias FROM speaker_aliases WHERE speaker_id = :s ORDER BY alias", {"s": speaker_id}
            )
        ]
        row["roles"] = self.roles(speaker_id)
        scope = "q.speaker_id = :s AND a.is_latest = 1 AND a.duplicate_of IS NULL"
        row["per_month"] = {
            r["month"] or "undated": r["n"]
            for r in self.db.fetchall(
                f"""SELECT substr(a.published, 1, 7) AS month, count(*) AS n FROM quotes q
                JOIN articles a ON a.id = q.article_id WHERE {scope}
                GROUP BY substr(a.published, 1, 7) ORDER BY month NULLS LAST""",
                {"s": speaker_id},
            )
        }
        row["outlets"] = self.db.fetchall(
            f"""SELECT a.agency AS value, count(*) AS n FROM quotes q JOIN articles a ON a.id = q.article_id
                WHERE {scope} AND a.agency IS NOT NULL GROUP BY a.agency ORDER BY count(*) DESC LIMIT 10""",
            {"s": speaker_id},
        )
        row["quotes"] = sum(row["per_month"].values())
        return row

    def article_claims(self, article_id: int) -> list[dict]:
        """Known claims that the article's statements repeat, deny or mention, best match first."""
        return self.db.fetchall(
            """SELECT m.quote_id, m.score, m.stance, m.context, m.explanation, c.id AS claim_id, c.text AS claim,
                   c.verdict, c.source, c.url
               FROM claim_matches m JOIN quotes q ON q.id = m.quote_id JOIN claims c ON c.id = m.claim_id
               WHERE q.article_id = :a ORDER BY m.score DESC""",
            {"a": article_id},
        )

    def article_speakers(self, article_id: int) -> list[dict]:
        return self.db.fetchall(
            """SELECT s.id, s.name, count(*) AS n FROM quotes q JOIN speakers s ON s.id = q.speaker_id
               WHERE q.article_id = :a GROUP BY s.id, s.name ORDER BY count(*) DESC, s.name""",
            {"a": article_id},
        )

    def count_quotes(self, q: QuoteQuery) -> int:
        w = self._quote_where(q)
        return self.db.fetchone(
            f"""SELECT count(*) AS n FROM quotes q JOIN articles a ON a.id = q.article_id
                LEFT JOIN speakers s ON s.id = q.speaker_id WHERE {w.sql()}""",
            w.params,
        )["n"]

    @staticmethod
    def _dates(w: _Where, since: str | None, until: str | None) -> None:
        if since:
            w.add("a.published >= :since", since=since)
        if until:
            w.add("a.published <= :until", until=_day_after(until))

    def speakers(self, top: int = 20, since: str | None = None, until: str | None = None) -> list[dict]:
        """Who is quoted most, with quotations per month ("2025-08": n)."""
        if since is None and until is None:
            leaders = self._speakers_by_month_counts(top)
        else:
            leaders = self._speakers_in(top, since, until)
        for row in leaders:
            row["aliases"] = [
                r["alias"]
                for r in self.db.fetchall(
                    "SELECT alias FROM speaker_aliases WHERE speaker_id = :s ORDER BY alias", {"s": row["id"]}
                )
            ]
            row["roles"] = self.roles(row["id"])
        return leaders

    def _speakers_by_month_counts(self, top: int) -> list[dict]:
        """The leaders over the whole archive, from the counts the triggers keep per speaker and month
        (migration "speaker-months"): the cost grows with speakers and months, not with statements."""
        leaders = self.db.fetchall(
            """SELECT s.id, s.name, sum(m.n) AS quotes FROM speaker_months m JOIN speakers s ON s.id = m.speaker_id
               GROUP BY s.id, s.name HAVING sum(m.n) > 0 ORDER BY sum(m.n) DESC, s.name LIMIT :top""",
            {"top": top},
        )
        ids = ", ".join(str(int(row["id"])) for row in leaders) or "0"
        months: dict[int, dict[str, int]] = {}
        for m in self.db.fetchall(
            f"""SELECT speaker_id, month, n FROM speaker_months WHERE speaker_id IN ({ids}) AND n > 0
                ORDER BY month = '', month"""
        ):
            months.setdefault(m["speaker_id"], {})[m["month"] or "undated"] = int(m["n"])
        for row in leaders:
            row["quotes"] = int(row["quotes"])
            row["per_month"] = months.get(row["id"], {})
        return leaders

    def _speakers_in(self, top: int, since: str | None, until: str | None) -> list[dict]:
        """The leaders among statements published in a period, counted from the statements."""
        w = _Where(["a.is_latest = 1", "a.duplicate_of IS NULL", "q.speaker_id IS NOT NULL"])
        self._dates(w, since, until)
        w.params["top"] = top
        leaders = self.db.fetchall(
            f"""SELECT s.id, s.name, count(*) AS quotes FROM quotes q JOIN articles a ON a.id = q.article_id
                JOIN speakers s ON s.id = q.speaker_id WHERE {w.sql()}
                GROUP BY s.id, s.name ORDER BY count(*) DESC, s.name LIMIT :top""",
            w.params,
        )
        # the leaders' months in one pass, not one query per leader
        ids = ", ".join(str(int(row["id"])) for row in leaders) or "0"
        months: dict[int, dict[str, int]] = {}
        for m in self.db.fetchall(
            f"""SELECT q.speaker_id, substr(a.published, 1, 7) AS month, count(*) AS n FROM quotes q
                JOIN articles a ON a.id = q.article_id WHERE {w.sql()} AND q.speaker_id IN ({ids})
                GROUP BY q.speaker_id, substr(a.published, 1, 7) ORDER BY month NULLS LAST""",
            w.params,
        ):
            months.setdefault(m["speaker_id"], {})[m["month"] or "undated"] = m["n"]
        for row in leaders:
            row["per_month"] = months.get(row["id"], {})
        return leaders

    def roles(self, speaker_id: int) -> list[dict]:
        return self.db.fetchall(
            """SELECT role, min(published) AS first, max(published) AS last, count(*) AS articles
               FROM speaker_roles WHERE speaker_id = :s GROUP BY role ORDER BY min(published) NULLS LAST, role""",
            {"s": speaker_id},
        )

    def articles(self, q: ArticleQuery) -> list[dict]:
        w = _Where(["a.is_latest = 1"])
        if not q.include_duplicates:
            w.add("a.duplicate_of IS NULL")
        if q.text:
            self._match(w, self.db.article_match("a"), "afts", q.text, q.language)
        if q.agency:
            w.add("lower(a.agency) = :agency", agency=q.agency.lower())
        self._dates(w, q.since, q.until)
        if q.language:
            w.add("a.language = :lang", lang=q.language)
        w.params.update(limit=q.limit, offset=q.offset)
        return self.db.fetchall(
            f"""SELECT a.id, a.title, a.published, a.dateline, a.agency, a.section, a.language, a.url, a.version,
                    a.duplicate_of, (SELECT count(*) FROM quotes x WHERE x.article_id = a.id) AS quotes
                FROM articles a WHERE {w.sql()} ORDER BY a.published DESC NULLS LAST, a.id DESC
                LIMIT :limit OFFSET :offset""",
            w.params,
        )

    def article(self, article_id: int) -> dict | None:
        return self.db.fetchone("SELECT * FROM articles WHERE id = :id", {"id": article_id})

    def raw_page(self, article_id: int) -> dict | None:
        return self.db.fetchone(
            """SELECT p.raw, p.content_type, p.url, p.source FROM pages p JOIN articles a ON a.page_id = p.id
               WHERE a.id = :id""",
            {"id": article_id},
        )

    def iter_export_rows(self, batch: int = 1000) -> Iterator[dict]:
        """Every quotation of the latest articles, with its article, for export."""
        last = 0
        while True:
            rows = self.db.fetchall(
                """SELECT q.id, q.kind, q.text, q.start_offset, q.end_offset, q.gap_start, q.gap_end, q.cue,
                        s.name AS speaker, q.extracted_name, q.mention, q.parent_qid, q.confidence,
                        a.id AS article_id, a.title,
                        a.published, a.dateline, a.agency, a.language, a.url, a.duplicate_of
                   FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id
                   WHERE a.is_latest = 1 AND q.id > :last ORDER BY q.id LIMIT :n""",
                {"last": last, "n": batch},
            )
            if not rows:
                return
            yield from spelled_as_in_article(rows)
            last = rows[-1]["id"]

    def fetch_validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.db.fetchone("SELECT etag, last_modified FROM fetch_cache WHERE url = :u", {"u": url})
        return (row["etag"], row["last_modified"]) if row else (None, None)

    def remember_fetch(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self.db.transaction():
            self.db.execute(
                """INSERT INTO fetch_cache (url, etag, last_modified, fetched_at) VALUES (:u, :e, :m, :t)
                   ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                   fetched_at = excluded.fetched_at""",
                {"u": url, "e": etag, "m": last_modified, "t": now_iso()},
            )

    def stats(self) -> dict:
        one = self.db.fetchone
        return {
            "pages": one("SELECT count(*) AS n FROM pages")["n"],
            "articles": one("SELECT count(*) AS n FROM articles WHERE is_latest = 1")["n"],
            "duplicates": one("SELECT count(*) AS n FROM articles WHERE is_latest = 1 AND duplicate_of IS NOT NULL")[
                "n"
            ],
            "quotes": one("SELECT count(*) AS n FROM quotes")["n"],
            "speakers": one("SELECT count(*) AS n FROM speakers")["n"],
        }
