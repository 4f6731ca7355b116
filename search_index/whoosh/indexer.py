"""Keep the index in step with the database: apply the outbox, or rebuild from scratch.

The index lives in ``index_dir`` as generations behind a ``current`` symlink (see
``generations``). A rebuild writes a complete new generation, then swaps the symlink,
so a crash at any point leaves the old generation serving; leftover generations are
removed by the next rebuild.

Only the outbox feeds the index (``IndexOutbox`` rows are written in the transaction
that changes the object, so a rolled-back change never reaches the index). Indexer
runs are serialised by a lock file ``index_dir/indexer.lock``: ``apply_outbox`` gives
up (returns 0, rows kept) when it cannot get it or Whoosh's writer lock in time;
``rebuild`` holds it throughout, so no outbox row is applied to a generation that is
about to be replaced, and also holds ``index_dir/rebuild.lock``, which tells
``apply_outbox`` to give up at once instead of waiting. Neither commits the database
session: the caller does.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from itertools import chain, islice
from multiprocessing.util import register_after_fork
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from whoosh import index as whoosh_index
from whoosh.index import LockError

from documents.db import DbSession
from documents.models import Document, IndexOutbox, Plan
from search_index.fields import fields_for_document, fields_for_plan, index_key, plain_text
from search_index.sources import IndexBusy, all_documents, all_plans, all_replaced, outbox_changes
from search_index.whoosh.codec import PortalCodec
from search_index.whoosh.generations import (
    CURRENT,
    GENERATION_PREFIX,
    LOCK_FILE,
    IndexMissing,
    indexer_lock,
    live_generation,
    new_generation,
    open_index,
    rebuild_lock,
    rebuild_running,
    release_leaked_files,
    remove_other_generations,
    swap,
)
from search_index.whoosh.schema import SCHEMA

_DELETE_CHUNK = 500
# A rebuild writes REBUILD_CHUNK objects per writer, sorts up to WRITER_MB of postings
# per process in memory before spilling to disk (a chunk fits), and uses one process per
# core (up to MAX_PROCS) for chunks of PARALLEL_FROM objects or more.
WRITER_MB = 1024
REBUILD_CHUNK = 20_000
MAX_PROCS = 4
PARALLEL_FROM = 2_000
PARALLEL_BATCH = 200

__all__ = [
    "CURRENT",
    "GENERATION_PREFIX",
    "LOCK_FILE",
    "IndexBusy",
    "IndexMissing",
    "apply_outbox",
    "fields_for_document",
    "fields_for_plan",
    "index_key",
    "live_generation",
    "open_index",
    "plain_text",
    "rebuild",
]


# --- applying the outbox ---------------------------------------------------------------


def apply_outbox(
    session: DbSession,
    index_dir: str | os.PathLike[str],
    *,
    batch: int = 500,
    lock_timeout: float = 2.0,
) -> int:
    """Apply up to ``batch`` outbox rows, oldest first, and delete them (flush only).

    Returns the number of rows applied; 0 when there was nothing to do or the index
    was busy (the rows stay for the next run). Never raises for a busy index.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    if rebuild_running(index_dir):
        return 0  # without waiting: a rebuild holds the indexer lock for minutes
    with indexer_lock(index_dir, lock_timeout) as locked:
        if not locked:
            return 0
        rows = session.scalars(select(IndexOutbox).order_by(IndexOutbox.id).limit(batch)).all()
        if not rows:
            return 0
        try:
            ix = open_index(index_dir, create=True)
        except Exception as exc:  # a damaged index: the rows wait for a rebuild
            release_leaked_files(exc)
            raise
        try:
            try:
                writer = ix.writer(timeout=lock_timeout, delay=0.05)
            except LockError:
                return 0
            try:
                _write_changes(session, writer, rows)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
        finally:
            ix.close()
        ids = [row.id for row in rows]
        session.execute(delete(IndexOutbox).where(IndexOutbox.id.in_(ids)))
        session.flush()
        return len(ids)


def _write_changes(session: DbSession, writer: Any, rows: Sequence[IndexOutbox]) -> None:
    """Upsert or delete every object the rows name: every entry of the object's key is
    deleted, then the object is added once. (Whoosh's ``update_document`` deletes only
    the first entry it finds for a unique key, so it would keep a duplicate for ever.)"""
    last_op, found = outbox_changes(session, rows)
    for (kind, object_id), op in last_op.items():
        obj = found.get((kind, object_id))
        writer.delete_by_term("key", index_key(kind, object_id))
        if op == "upsert" and obj is not None:
            fields = fields_for_document(obj) if isinstance(obj, Document) else fields_for_plan(obj)
            writer.add_document(**fields)


# --- full rebuild ----------------------------------------------------------------------


def rebuild(
    session: DbSession,
    index_dir: str | os.PathLike[str],
    *,
    progress: Callable[[int, int], object] | None = None,
    lock_timeout: float = 60.0,
) -> int:
    """Index every Document and Plan into a new generation and swap it in.

    Outbox rows that existed when the rebuild started are deleted (flush only); rows
    written meanwhile stay for ``apply_outbox``. ``progress(done, total)`` is called
    after each object. Returns the number of objects indexed. Raises ``IndexBusy``
    when another indexer run holds the lock for more than ``lock_timeout`` seconds.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    with (
        rebuild_lock(index_dir, lock_timeout) as alone,
        indexer_lock(index_dir, lock_timeout if alone else 0) as locked,
    ):
        if not (alone and locked):
            raise IndexBusy(f"the search index in {index_dir} is being updated")
        pending = list(session.scalars(select(IndexOutbox.id)))
        generation = new_generation(index_dir)
        try:
            done = _build(session, generation, progress)
            swap(index_dir, generation)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        remove_other_generations(index_dir, keep=generation)
        for start in range(0, len(pending), _DELETE_CHUNK):
            chunk = pending[start : start + _DELETE_CHUNK]
            session.execute(delete(IndexOutbox).where(IndexOutbox.id.in_(chunk)))
        session.flush()
        return done


def _build(
    session: DbSession, generation: Path, progress: Callable[[int, int], object] | None
) -> int:
    """Write every object into the empty index at ``generation``, ``REBUILD_CHUNK``
    objects per writer: each chunk's postings are sorted in memory and become their own
    segments, instead of one pool spilling to disk and merging back on a large site."""
    total = session.scalar(select(func.count()).select_from(Document)) or 0
    total += session.scalar(select(func.count()).select_from(Plan)) or 0
    ix = whoosh_index.create_in(str(generation), SCHEMA)
    done = 0
    try:
        objects = _all_fields(session)
        while (first := next(objects, None)) is not None:
            # the writer's processes index while the next objects are read and prepared
            writer = ix.writer(**_writer_options(min(REBUILD_CHUNK, max(total - done, 1))))
            try:
                for fields in chain([first], islice(objects, REBUILD_CHUNK - 1)):
                    writer.add_document(**fields)
                    done += 1
                    if progress is not None:
                        progress(done, max(total, done))
            except BaseException:
                writer.cancel()
                raise
            writer.commit(merge=False)
    finally:
        ix.close()
    return done


def _all_fields(session: DbSession) -> Iterator[dict[str, Any]]:
    replaced = all_replaced(session)
    for doc in all_documents(session):
        yield fields_for_document(doc, replaced=doc.id in replaced)
    for plan in all_plans(session):
        yield fields_for_plan(plan)


def _writer_options(total: int) -> dict[str, Any]:
    """How a rebuild writes: one process per core for large indexes (each writes its
    own segment), with room to sort the postings in memory."""
    procs = min(os.cpu_count() or 1, MAX_PROCS) if total >= PARALLEL_FROM else 1
    options: dict[str, Any] = {"limitmb": WRITER_MB, "codec": PortalCodec()}
    if procs > 1:
        options.update(procs=procs, multisegment=True, batchsize=PARALLEL_BATCH)
        register_after_fork(_FORKED, _die_with_parent)
    return options


class _Forked:
    """What ``register_after_fork`` calls back on in the writer's worker processes."""


_FORKED = _Forked()


def _die_with_parent(_forked: _Forked) -> None:
    """In a writer's worker process: be killed when the rebuild's process dies.

    A worker inherits the rebuild's lock files; were it to outlive a ``kill -9`` of the
    rebuild, it would hold them (and wait for work) for ever, and no rebuild could run.
    """
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # pragma: no cover  (no prctl: nothing to do)
            return
    if os.getppid() != parent:  # pragma: no cover  (the parent died before prctl)
        os._exit(1)


_PR_SET_PDEATHSIG = 1
