"""The tables of the PostgreSQL search backend: one entry per Document or Plan, and the
statistics of the indexed terms.

``search_entry`` is what ``fields.fields_for_document``/``fields_for_plan`` make of an
object, stored as a row: the folded text as a weighted ``tsvector`` (title A, symbol
and type B, body C, attachments D; folded syllable pairs such as ``chi_thi`` are
lexemes of their own, at the position of their first syllable), the tone-normalised
text with its diacritics as a second ``tsvector`` (exact matches rank higher), the
principals that may read it as an array, the facet and filter values as columns, the
symbol text accent-folded by ``unaccent`` for trigram look-ups, and what a hit shows
(title, start of the body, attachments) as JSON.

``search_term`` holds how many entries have each folded word or pair: the inverse
document frequency of ranking, the pruning of common words in long queries and the
vocabulary of "did you mean" (a trigram index over the words).

Both tables exist on SQLite too (``db.create_all``), with plain types, and stay empty
there: only the PostgreSQL backend writes them. The extensions they need (``unaccent``,
``pg_trgm``) are created in the ``public`` schema and always called schema-qualified,
so they work whatever the ``search_path``. The indexes are declared here for both
dialects; the GIN options only apply on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    DDL,
    JSON,
    Boolean,
    Index,
    Integer,
    String,
    Text,
    event,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from documents.db import Model

EXTENSIONS_SCHEMA = "public"
EXTENSIONS = ("unaccent", "pg_trgm")
# Any constant: serialises concurrent CREATE EXTENSION of two processes on a new database.
_EXTENSION_LOCK = 7_301_001

TextArray = Text().with_variant(ARRAY(Text()), "postgresql")
TsVector = Text().with_variant(TSVECTOR(), "postgresql")
TRIGRAM_OPS = f"{EXTENSIONS_SCHEMA}.gin_trgm_ops"


def extension_statements() -> list[str]:
    """The SQL that makes the extensions available (PostgreSQL only, idempotent)."""
    return [f"SELECT pg_advisory_xact_lock({_EXTENSION_LOCK})"] + [
        f"CREATE EXTENSION IF NOT EXISTS {name} SCHEMA {EXTENSIONS_SCHEMA}" for name in EXTENSIONS
    ]


class SearchEntry(Model):
    """One Document or Plan as the PostgreSQL backend searches it."""

    __tablename__ = "search_entry"
    __table_args__: Any = (
        Index("ix_search_entry_folded", "folded", postgresql_using="gin"),
        Index("ix_search_entry_refs", "refs", postgresql_using="gin"),
        Index(
            "ix_search_entry_symbol_trgm",
            "symbol_text",
            postgresql_using="gin",
            postgresql_ops={"symbol_text": TRIGRAM_OPS},
        ),
        Index("ix_search_entry_type_number", "doc_type", "number"),
        # derived data: ``flask reindex`` makes it again after a restore
        {"info": {"backup": False}},
    )

    key: Mapped[str] = mapped_column(String(40), primary_key=True)  # "document:5"
    kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int] = mapped_column(Integer)
    # what a hit shows: title, symbol, issuer, start of the body, attachments…
    stored: Mapped[dict[str, Any]] = mapped_column(JSON)
    # no index: nearly every user may read nearly everything ("authenticated"), so the
    # condition only filters what the text and symbol indexes found
    allowed: Mapped[Any] = mapped_column(TextArray)
    # the own symbol's keys (full "11-CT/TU", short "11-CT") and the cited ones
    symbol_key: Mapped[str | None] = mapped_column(String(120), index=True)
    symbol_short: Mapped[str | None] = mapped_column(String(60), index=True)
    refs: Mapped[Any] = mapped_column(TextArray)
    # the own symbol, upper case, accent-folded by unaccent: for trigram similarity
    symbol_text: Mapped[str | None] = mapped_column(Text)
    folded: Mapped[Any] = mapped_column(TsVector)
    exact: Mapped[Any] = mapped_column(TsVector)
    # facets and filters (None where the object has no such value)
    doc_type: Mapped[str | None] = mapped_column(String(20))
    number: Mapped[int | None] = mapped_column(Integer)
    issuer_name: Mapped[str | None] = mapped_column(Text)
    issued_year: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[int | None] = mapped_column(Integer)  # YYYYMMDD
    term: Mapped[str | None] = mapped_column(String(100))
    validity: Mapped[str | None] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[str | None] = mapped_column(String(20))
    # what ``search check`` compares with the database row
    version: Mapped[int | None] = mapped_column(Integer)
    updated: Mapped[str | None] = mapped_column(String(40))


class SearchTerm(Model):
    """How many entries have a folded word, or a folded pair of syllables (``pair``)."""

    __tablename__ = "search_term"
    __table_args__: Any = (
        Index(
            "ix_search_term_word_trgm",
            "term",
            postgresql_using="gin",
            postgresql_ops={"term": TRIGRAM_OPS},
            postgresql_where=text("NOT pair"),
        ),
        {"info": {"backup": False}},
    )

    term: Mapped[str] = mapped_column(Text, primary_key=True)
    pair: Mapped[bool] = mapped_column(Boolean, default=False)
    df: Mapped[int] = mapped_column(Integer)


# ``db.create_all`` (tests, a first start without migrations) needs the extensions before
# the trigram indexes; the migration creates them the same way.
for _statement in extension_statements():
    event.listen(
        SearchEntry.__table__,
        "before_create",
        # SQLAlchemy leaves DDL.__init__ unannotated
        DDL(_statement).execute_if(dialect="postgresql"),  # type: ignore[no-untyped-call]
    )
