"""Compare the index with the database, and queue what it takes to make them agree.

An object is *missing* when the database has it and the index does not, *stale* when
the index holds another version (or ``updated_at``) of it, *extra* when the index has
it and the database does not. ``repair`` writes outbox rows for all three (upsert,
upsert, delete), so the one indexer applies the fixes in order like any other change.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from documents.models import Document, IndexOutbox, Plan, enqueue_index
from search_index.fields import NO_VALUE, index_key
from search_index.generations import open_index

Key = tuple[str, int]  # ("document", 5)


@dataclass(frozen=True)
class IndexDifferences:
    missing: tuple[Key, ...] = ()
    stale: tuple[Key, ...] = ()
    extra: tuple[Key, ...] = ()

    @property
    def total(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.extra)


def _database_state(session: Session) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for kind, model in (("document", Document), ("plan", Plan)):
        rows = session.execute(select(model.id, model.version, model.updated_at))
        for object_id, version, updated in rows:
            found[index_key(kind, object_id)] = (
                version,
                updated.isoformat() if updated else NO_VALUE,
            )
    return found


def _index_state(index_dir: str | os.PathLike[str]) -> dict[str, tuple[int, str]]:
    ix = open_index(index_dir, create=False)
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            keys = reader.column_reader("key")
            versions = reader.column_reader("version")
            updated = reader.column_reader("updated")
            return {keys[d]: (versions[d], updated[d]) for d in reader.all_doc_ids()}
    finally:
        ix.close()


def _split(key: str) -> Key:
    kind, _, object_id = key.partition(":")
    return kind, int(object_id)


def compare(session: Session, index_dir: str | os.PathLike[str]) -> IndexDifferences:
    """What differs between the database and the live index. Raises
    ``generations.IndexMissing`` when there is no index."""
    return compare_states(session, _index_state(index_dir))


def compare_states(session: Session, indexed: dict[str, tuple[int, str]]) -> IndexDifferences:
    """What differs between the database and ``indexed`` (key → (version, updated_at in
    ISO format or ``NO_VALUE``)) as a search backend holds them."""
    database = _database_state(session)
    return IndexDifferences(
        missing=tuple(sorted(_split(k) for k in database.keys() - indexed.keys())),
        stale=tuple(
            sorted(_split(k) for k in database.keys() & indexed.keys() if database[k] != indexed[k])
        ),
        extra=tuple(sorted(_split(k) for k in indexed.keys() - database.keys())),
    )


def repair(session: Session, differences: IndexDifferences) -> int:
    """Queue the fixes of ``differences`` in the outbox (flush only); returns how many.
    Objects that already wait in the outbox are not queued twice."""
    waiting = {
        (kind, oid)
        for kind, oid in session.execute(select(IndexOutbox.kind, IndexOutbox.object_id))
    }
    queued = 0
    for keys, op in (
        (differences.missing, "upsert"),
        (differences.stale, "upsert"),
        (differences.extra, "delete"),
    ):
        for kind, object_id in keys:
            if (kind, object_id) not in waiting:
                enqueue_index(session, kind, object_id, op)
                queued += 1
    session.flush()
    return queued
