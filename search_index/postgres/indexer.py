"""Keep the PostgreSQL search tables in step with the database: apply the outbox, rebuild,
compare.

The index lives in the database, so applying the outbox is part of a database
transaction: the entries change, the term statistics change and the outbox rows go in
the caller's one commit, or not at all. With several app servers and workers, exactly
one of them writes at a time: each run first takes a transaction-level advisory lock
(``pg_try_advisory_xact_lock``), named after the ``search_entry`` table of the current
schema and released by the caller's commit or rollback. ``apply_outbox`` gives up (0,
rows kept) when it cannot get the lock in ``lock_timeout``; ``rebuild`` waits longer,
then raises ``IndexBusy``. Rows are applied oldest first, and an outbox row committed
while a run is going on is simply left for the next run: the object it names is read
again then, so nobody's change is lost or applied out of order.

A rebuild deletes and refills both tables in one transaction: searches keep reading the
old entries (MVCC) until it commits, and a crash leaves them untouched.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, cast, delete, func, insert, select, text
from sqlalchemy.dialects.postgresql import TSVECTOR

from documents.db import DbSession
from documents.models import Document, IndexOutbox, Plan
from search_index.consistency import IndexDifferences, compare_states
from search_index.fields import NO_VALUE, index_key
from search_index.postgres.entries import PAIR_MARK, entry_for_document, entry_for_plan, is_pair
from search_index.postgres.schema import EXTENSIONS_SCHEMA, SearchEntry, SearchTerm
from search_index.sources import (
    IndexBusy,
    all_documents,
    all_plans,
    all_replaced,
    outbox_changes,
)

__all__ = ["IndexBusy", "apply_outbox", "compare", "index_state", "rebuild", "write_entries"]

LOCK_SPACE = 7_301_002  # first key of the writer's advisory lock; the second is the table
COUNT_TERM = ""  # the search_term row whose df is the number of entries
_INSERT_CHUNK = 200
_DELETE_CHUNK = 1000
_LOCK_POLL_S = 0.05

_ENTRY_TABLE = SearchEntry.metadata.tables[SearchEntry.__tablename__]
_PLAIN_COLUMNS = [
    c.name for c in _ENTRY_TABLE.columns if c.name not in ("folded", "exact", "symbol_text")
]
_INSERT_ENTRY = insert(_ENTRY_TABLE).values(
    {
        **{name: bindparam(name) for name in _PLAIN_COLUMNS},
        "folded": cast(bindparam("folded"), TSVECTOR),
        "exact": cast(bindparam("exact"), TSVECTOR),
        # "205-QĐ/TU" → "205-QD/TU": the symbols typed in a search are folded by unaccent
        # too (pg_ranking, pg_suggest), and compared by trigrams
        "symbol_text": getattr(func, EXTENSIONS_SCHEMA).unaccent(
            func.upper(bindparam("symbol_raw"))
        ),
    }
)


def writer_lock(session: DbSession, timeout: float) -> bool:
    """Take the index writer's advisory lock for the session's transaction; False when
    another writer kept it for ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    statement = text(
        "SELECT pg_try_advisory_xact_lock(:space, "
        "CAST(CAST(CAST(:table AS regclass) AS oid) AS integer))"
    )
    while True:
        if session.execute(statement, {"space": LOCK_SPACE, "table": "search_entry"}).scalar():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(_LOCK_POLL_S)


# --- writing entries -------------------------------------------------------------------


def _adjust_terms(session: DbSession, delta: Counter[str]) -> None:
    """Add ``delta`` to the document frequencies (and drop the terms left at zero)."""
    changed = [(term, count) for term, count in delta.items() if count]
    if not changed:
        return
    session.execute(
        text(
            "INSERT INTO search_term (term, pair, df) "
            "SELECT * FROM unnest(CAST(:terms AS text[]), CAST(:pairs AS boolean[]), "
            "CAST(:counts AS integer[])) "
            "ON CONFLICT (term) DO UPDATE SET df = search_term.df + excluded.df"
        ),
        {
            "terms": [term for term, _ in changed],
            "pairs": [is_pair(term) for term, _ in changed],
            "counts": [count for _, count in changed],
        },
    )
    session.execute(
        delete(SearchTerm).where(
            SearchTerm.term.in_([t for t, c in changed if c < 0]), SearchTerm.df <= 0
        )
    )


def _insert(session: DbSession, entries: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(entries), _INSERT_CHUNK):
        rows = [
            {name: entry[name] for name in (*_PLAIN_COLUMNS, "folded", "exact", "symbol_raw")}
            for entry in entries[start : start + _INSERT_CHUNK]
        ]
        session.execute(_INSERT_ENTRY, rows)


def write_entries(
    session: DbSession, entries: Sequence[dict[str, Any]], deleted: Iterable[str] = ()
) -> None:
    """Replace the entries of the same keys by ``entries`` (``pg_entries`` values) and
    delete the keys ``deleted``, keeping the term statistics right. Flushes nothing of
    the ORM: it runs SQL in the session's transaction."""
    keys = [entry["key"] for entry in entries] + list(deleted)
    delta: Counter[str] = Counter()
    for start in range(0, len(keys), _DELETE_CHUNK):
        chunk = keys[start : start + _DELETE_CHUNK]
        old = session.execute(
            select(SearchEntry.key, func.tsvector_to_array(SearchEntry.folded)).where(
                SearchEntry.key.in_(chunk)
            )
        ).all()
        for _key, terms in old:
            delta.update({term: -1 for term in terms})
        delta[COUNT_TERM] -= len(old)
        if old:
            session.execute(delete(SearchEntry).where(SearchEntry.key.in_(chunk)))
    _insert(session, entries)
    for entry in entries:
        delta.update(entry["terms"])
    delta[COUNT_TERM] += len(entries)
    _adjust_terms(session, delta)


# --- applying the outbox ---------------------------------------------------------------


def _changes(
    session: DbSession, rows: Sequence[IndexOutbox]
) -> tuple[list[dict[str, Any]], list[str]]:
    """(entries to write, keys to delete) for the outbox ``rows``."""
    last_op, found = outbox_changes(session, rows)
    entries = [
        entry_for_document(obj) if isinstance(obj, Document) else entry_for_plan(obj)
        for (kind, _oid), obj in found.items()
        if last_op[(kind, _oid)] == "upsert"
    ]
    deleted = [
        index_key(kind, object_id)
        for (kind, object_id), op in last_op.items()
        if op != "upsert" or (kind, object_id) not in found
    ]
    return entries, deleted


def apply_outbox(session: DbSession, *, batch: int = 500, lock_timeout: float = 2.0) -> int:
    """Apply up to ``batch`` outbox rows, oldest first, and delete them (flush only: the
    caller commits, which also releases the writer lock). Returns how many rows were
    applied; 0 when there was nothing to do or another writer held the lock."""
    if not session.scalar(select(IndexOutbox.id).limit(1)):
        return 0  # without taking the lock: the common case of a read-mostly request
    if not writer_lock(session, lock_timeout):
        return 0
    rows = session.scalars(select(IndexOutbox).order_by(IndexOutbox.id).limit(batch)).all()
    if not rows:
        return 0
    entries, deleted = _changes(session, rows)
    write_entries(session, entries, deleted)
    ids = [row.id for row in rows]
    session.execute(delete(IndexOutbox).where(IndexOutbox.id.in_(ids)))
    session.flush()
    return len(ids)


# --- full rebuild ----------------------------------------------------------------------


def rebuild(
    session: DbSession,
    *,
    progress: Callable[[int, int], object] | None = None,
    lock_timeout: float = 60.0,
) -> int:
    """Index every Document and Plan anew, in the caller's transaction.

    Outbox rows that existed when the rebuild started are deleted (flush only); rows
    written meanwhile stay for ``apply_outbox``. ``progress(done, total)`` is called
    after each object. Returns the number of objects indexed. Raises ``IndexBusy`` when
    another writer holds the lock for more than ``lock_timeout`` seconds.
    """
    if not writer_lock(session, lock_timeout):
        raise IndexBusy("the search index is being updated by another process")
    pending = list(session.scalars(select(IndexOutbox.id)))
    total = session.scalar(select(func.count()).select_from(Document)) or 0
    total += session.scalar(select(func.count()).select_from(Plan)) or 0
    # DELETE, not TRUNCATE: searches keep reading the old rows until the commit
    session.execute(delete(SearchEntry))
    session.execute(delete(SearchTerm))
    done = 0
    chunk: list[dict[str, Any]] = []
    replaced = all_replaced(session)
    documents = (
        entry_for_document(doc, replaced=doc.id in replaced) for doc in all_documents(session)
    )
    plans = (entry_for_plan(plan) for plan in all_plans(session))
    for entries in (documents, plans):
        for entry in entries:
            chunk.append(entry)
            done += 1
            if len(chunk) >= _INSERT_CHUNK:
                _insert(session, chunk)
                chunk.clear()
            if progress is not None:
                progress(done, max(total, done))
    _insert(session, chunk)
    # the statistics from what was written, counted by PostgreSQL in one pass
    session.execute(
        text(
            "INSERT INTO search_term (term, pair, df) "
            "SELECT lexeme, strpos(lexeme, :mark) > 0, count(*) "
            "FROM search_entry CROSS JOIN LATERAL unnest(tsvector_to_array(folded)) AS lexeme "
            "GROUP BY lexeme"
        ),
        {"mark": PAIR_MARK},
    )
    session.execute(insert(SearchTerm).values(term=COUNT_TERM, pair=False, df=done))
    for start in range(0, len(pending), _DELETE_CHUNK):
        ids = pending[start : start + _DELETE_CHUNK]
        session.execute(delete(IndexOutbox).where(IndexOutbox.id.in_(ids)))
    # fresh statistics for the planner, which chooses between the text and symbol indexes
    session.execute(text("ANALYZE search_entry"))
    session.execute(text("ANALYZE search_term"))
    session.flush()
    return done


# --- checks ----------------------------------------------------------------------------


def compare(session: DbSession) -> IndexDifferences:
    """What differs between the database and the search entries, as
    ``whoosh.consistency.compare`` finds it for the Whoosh index."""
    indexed = {
        key: (version, updated or NO_VALUE)
        for key, version, updated in session.execute(
            select(SearchEntry.key, SearchEntry.version, SearchEntry.updated)
        )
    }
    return compare_states(session, indexed)


def index_state(session: DbSession) -> str:
    """ "ok"; "missing" when the tables or extensions are absent, or when the entries are
    empty while the database has documents or plans and no change waits in the outbox
    (the backend was switched without ``flask reindex``)."""
    try:
        with session.begin_nested():
            session.execute(text(f"SELECT {EXTENSIONS_SCHEMA}.unaccent('ok')"))
            session.execute(text(f"SELECT {EXTENSIONS_SCHEMA}.similarity('a', 'b')"))
            indexed = session.scalar(select(SearchEntry.key).limit(1)) is not None
    except Exception:  # a missing table or extension: the report says so
        return "missing"
    if indexed or session.scalar(select(IndexOutbox.id).limit(1)) is not None:
        return "ok"
    has_objects = (
        session.scalar(select(Document.id).limit(1)) is not None
        or session.scalar(select(Plan.id).limit(1)) is not None
    )
    return "missing" if has_objects else "ok"
