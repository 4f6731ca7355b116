"""Compare the index with the database, and queue what it takes to make them agree.

An object is *missing* when the database has it and the index does not, *stale* when
the index holds another version (or ``updated_at``) of it, *extra* when the index has
it and the database does not, *duplicated* when the index holds more than one entry for
it. ``repair`` writes outbox rows for all four (upsert, upsert, delete, upsert: the
writers replace every entry of an object's key), so the one indexer applies the fixes
in order like any other change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from documents.db import DbSession
from documents.models import Document, IndexOutbox, Plan, enqueue_index
from search_index.fields import NO_VALUE, index_key

Key = tuple[str, int]  # ("document", 5)


@dataclass(frozen=True)
class IndexDifferences:
    missing: tuple[Key, ...] = ()
    stale: tuple[Key, ...] = ()
    extra: tuple[Key, ...] = ()
    duplicated: tuple[Key, ...] = ()  # more than one entry in the index

    @property
    def total(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.extra) + len(self.duplicated)


def _database_state(session: DbSession) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for kind, model in (("document", Document), ("plan", Plan)):
        rows = session.execute(select(model.id, model.version, model.updated_at))
        for object_id, version, updated in rows:
            found[index_key(kind, object_id)] = (
                version,
                updated.isoformat() if updated else NO_VALUE,
            )
    return found


def _split(key: str) -> Key:
    kind, _, object_id = key.partition(":")
    return kind, int(object_id)


def compare_states(
    session: DbSession,
    indexed: Mapping[str, tuple[int | None, str]],
    counts: Counter[str] | None = None,
) -> IndexDifferences:
    """What differs between the database and ``indexed`` (key → (version, updated_at in
    ISO format or ``NO_VALUE``)) as a search backend holds them; ``counts`` (entries per
    key) finds the keys held more than once."""
    database = _database_state(session)
    return IndexDifferences(
        duplicated=tuple(sorted(_split(k) for k, n in (counts or {}).items() if n > 1)),
        missing=tuple(sorted(_split(k) for k in database.keys() - indexed.keys())),
        stale=tuple(
            sorted(_split(k) for k in database.keys() & indexed.keys() if database[k] != indexed[k])
        ),
        extra=tuple(sorted(_split(k) for k in indexed.keys() - database.keys())),
    )


def repair(session: DbSession, differences: IndexDifferences) -> int:
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
        (differences.duplicated, "upsert"),  # replaces them all by one (or deletes them)
    ):
        for kind, object_id in keys:
            if (kind, object_id) not in waiting:
                enqueue_index(session, kind, object_id, op)
                waiting.add((kind, object_id))
                queued += 1
    session.flush()
    return queued
