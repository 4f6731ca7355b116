"""The two search backends behind one interface, and the choice between them.

``whoosh`` (the embedded default) keeps the index in files under ``SEARCH_INDEX_DIR``;
``postgres`` keeps it in the database's own ``search_entry`` table, for several app
servers sharing one PostgreSQL. Both are fed by the same outbox, index the same
fields (``fields``), parse queries the same way (``parsing``) and answer with the same
``query.SearchResults``; the web layer and the commands only ever talk to a
``SearchBackend``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from sqlalchemy.engine import Engine
from whoosh import index as whoosh_index

from documents.db import DbSession
from search_index.consistency import IndexDifferences
from search_index.contract import BaseSearchService
from search_index.postgres import indexer as pg_indexer
from search_index.postgres.query import PostgresSearchService
from search_index.whoosh import consistency, indexer
from search_index.whoosh.generations import IndexMissing, live_generation, open_index
from search_index.whoosh.query import SearchService
from search_index.whoosh.schema import matches as schema_matches

__all__ = [
    "BACKENDS",
    "IndexMissing",
    "PostgresBackend",
    "SearchBackend",
    "Searcher",
    "WhooshBackend",
    "create_backend",
]

BACKENDS = ("whoosh", "postgres")
Progress = Callable[[int, int], object]


Searcher = BaseSearchService  # what both SearchService and PostgresSearchService offer


class SearchBackend(Protocol):
    """A search index: its searcher and its upkeep. No method commits: the caller owns
    the transaction (and with PostgreSQL, committing releases the writer lock)."""

    name: str
    service: Searcher

    def apply_outbox(self, session: DbSession, *, batch: int = 500) -> int:
        """Apply up to ``batch`` outbox rows; 0 when none or the index is busy."""
        ...

    def rebuild(self, session: DbSession, *, progress: Progress | None = None) -> int:
        """Index everything anew; raises ``indexer.IndexBusy`` when another run holds
        the index for too long."""
        ...

    def compare(self, session: DbSession) -> IndexDifferences:
        """What differs between the database and the index; raises ``IndexMissing``
        when there is no index to compare with."""
        ...

    def ensure(self, session: DbSession) -> None:
        """Make an empty index where there is none (``flask init-db``)."""
        ...

    def index_state(self, session: DbSession) -> str:
        """ "ok"; "missing" when searching needs ``flask reindex`` first; "duplicates"
        when an object has more than one entry (``flask search check`` repairs it)."""
        ...

    def close(self) -> None: ...


class WhooshBackend:
    """The Whoosh index in ``index_dir`` (generations behind a ``current`` link)."""

    name = "whoosh"

    def __init__(self, index_dir: str | os.PathLike[str]) -> None:
        self.index_dir = Path(index_dir)
        self.service: Searcher = SearchService(self.index_dir)
        # (generation, its table of contents' number) → duplicated entries found there
        self._duplicates_of: tuple[tuple[Path, int] | None, int] = (None, 0)

    def apply_outbox(self, session: DbSession, *, batch: int = 500) -> int:
        return indexer.apply_outbox(session, self.index_dir, batch=batch)

    def rebuild(self, session: DbSession, *, progress: Progress | None = None) -> int:
        return indexer.rebuild(session, self.index_dir, progress=progress)

    def compare(self, session: DbSession) -> IndexDifferences:
        return consistency.compare(session, self.index_dir)

    def ensure(self, session: DbSession) -> None:
        open_index(self.index_dir, create=True).close()

    def index_state(self, session: DbSession) -> str:
        """Also "outdated" when the index was written in another shape (an upgrade
        changed the schema: ``flask reindex``), "broken" when it cannot be opened,
        "duplicates" when it holds an object more than once (``flask search check``)."""
        generation = live_generation(self.index_dir)
        if generation is None:
            return "missing"
        try:
            ix = whoosh_index.open_dir(str(generation))
        except Exception:  # a missing table of contents, a damaged file
            return "broken"
        try:
            if not schema_matches(ix.schema):
                return "outdated"
            written = (generation, ix.latest_generation())
        finally:
            ix.close()
        if self._duplicates_of[0] != written:  # read every key once per index change
            try:
                self._duplicates_of = (written, consistency.duplicated_entries(self.index_dir))
            except Exception:  # swapped away or damaged meanwhile: the next call tells
                return "broken"
        return "duplicates" if self._duplicates_of[1] else "ok"

    def close(self) -> None:
        self.service.close()


class PostgresBackend:
    """The ``search_entry`` table of the database behind ``engine``."""

    name = "postgres"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.service: Searcher = PostgresSearchService(engine)

    def apply_outbox(self, session: DbSession, *, batch: int = 500) -> int:
        return pg_indexer.apply_outbox(session, batch=batch)

    def rebuild(self, session: DbSession, *, progress: Progress | None = None) -> int:
        return pg_indexer.rebuild(session, progress=progress)

    def compare(self, session: DbSession) -> IndexDifferences:
        if pg_indexer.index_state(session) != "ok":
            raise IndexMissing("the search tables are missing or empty")
        return pg_indexer.compare(session)

    def ensure(self, session: DbSession) -> None:
        """Nothing to do: the migrations create the tables and extensions."""

    def index_state(self, session: DbSession) -> str:
        return pg_indexer.index_state(session)

    def close(self) -> None:
        self.service.close()


def create_backend(
    name: str, *, index_dir: str | os.PathLike[str], engine: Engine
) -> SearchBackend:
    """The backend called ``name`` (one of ``BACKENDS``). Raises ``ValueError`` for an
    unknown name, or for ``postgres`` on a database that is not PostgreSQL."""
    if name == "whoosh":
        return WhooshBackend(index_dir)
    if name == "postgres":
        if engine.dialect.name != "postgresql":
            raise ValueError(f"the postgres search backend needs PostgreSQL, not {engine.name}")
        return PostgresBackend(engine)
    raise ValueError(f"unknown search backend {name!r} (expected one of {', '.join(BACKENDS)})")
