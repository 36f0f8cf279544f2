"""Names and topics across languages: "Butscha", "Bucha" and "Буча" are one place. Two texts in
different languages that share them are more likely to make the same claim. The names come from the
one entity table (quotewatch.entities)."""

from __future__ import annotations

from quotewatch.entities import link, table


def entities_in(text: str, language: str | None = None) -> set[str]:
    """The names of the entities a text mentions (each entity under its one name: "USA" for
    "Amerikaner", "США" and "Washington")."""
    entities = table().entities
    return {entities[m.entity].name for m in link(text, language)}
