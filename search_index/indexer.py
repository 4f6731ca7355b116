"""Keep the index in step with the database: apply the outbox, or rebuild from scratch.

The index lives in ``index_dir``. The live index is ``index_dir/current``, a symlink
to a generation directory ``index_dir/gen-<timestamp>``. A rebuild writes a complete
new generation, then swaps the symlink in one ``os.replace``, so a crash at any point
leaves the old generation serving; leftover generations are removed by the next
rebuild.

Only the outbox feeds the index (``IndexOutbox`` rows are written in the transaction
that changes the object, so a rolled-back change never reaches the index). Indexer
runs are serialised by a lock file ``index_dir/indexer.lock``: ``apply_outbox`` gives
up (returns 0, rows kept) when it cannot get it or Whoosh's writer lock in time;
``rebuild`` holds it throughout, so no outbox row is applied to a generation that is
about to be replaced. Neither commits the database session: the caller does.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload
from whoosh import index as whoosh_index
from whoosh.index import FileIndex, LockError
from whoosh.util.filelock import FileLock, try_for

from documents.models import Assignment, Document, IndexOutbox, Plan
from documents.permissions import document_view_principals
from documents.symbols import find_symbols, parse_symbol, symbol_key
from documents.types import type_by_code
from search_index.analysis import nfc
from search_index.schema import BODY_STORED_CHARS, SCHEMA, short_symbol_key
from workflows.definitions import allowed_principals

CURRENT = "current"
GENERATION_PREFIX = "gen-"
LOCK_FILE = "indexer.lock"
_DELETE_CHUNK = 500
_TAG_RE = re.compile(r"<[^>]*>")


class IndexMissing(Exception):
    """There is no live index in the directory (nothing was built yet)."""


class IndexBusy(Exception):
    """Another indexer run held the index lock for longer than the caller would wait."""


# --- the generation directories --------------------------------------------------------


def live_generation(index_dir: str | os.PathLike[str]) -> Path | None:
    """The generation directory ``current`` points to, or None when there is none."""
    current = Path(index_dir) / CURRENT
    target = Path(os.path.realpath(current))
    return target if target != current and target.is_dir() else None


def open_index(index_dir: str | os.PathLike[str], create: bool = True) -> FileIndex:
    """The live index, opened at its generation directory (never through the symlink,
    which a rebuild may swap under an open index). With ``create``, an empty index is
    made when there is none yet; otherwise ``IndexMissing`` is raised.
    """
    index_dir = Path(index_dir)
    target = live_generation(index_dir)
    if target is None:
        if not create:
            raise IndexMissing(f"no search index in {index_dir}")
        index_dir.mkdir(parents=True, exist_ok=True)
        generation = _new_generation(index_dir)
        whoosh_index.create_in(str(generation), SCHEMA).close()
        if os.path.lexists(index_dir / CURRENT):  # a dangling link: replace it
            _swap(index_dir, generation)
        else:
            try:
                os.symlink(generation.name, index_dir / CURRENT)
            except FileExistsError:  # someone else created it meanwhile: use theirs
                shutil.rmtree(generation, ignore_errors=True)
        target = live_generation(index_dir)
        if target is None:
            raise IndexMissing(f"no search index in {index_dir}")
    return whoosh_index.open_dir(str(target))


def _new_generation(index_dir: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    for attempt in range(100):
        path = index_dir / f"{GENERATION_PREFIX}{stamp}{'-' + str(attempt) if attempt else ''}"
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"cannot create a generation directory in {index_dir}")


def _swap(index_dir: Path, generation: Path) -> None:
    """Point ``current`` at ``generation`` atomically (symlink under a temp name, then
    ``os.replace``); the target is relative so that the whole directory can move."""
    temp = index_dir / f"{CURRENT}.tmp-{os.getpid()}-{generation.name}"
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    os.symlink(generation.name, temp)
    os.replace(temp, index_dir / CURRENT)
    _fsync_dir(index_dir)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_other_generations(index_dir: Path, keep: Path) -> None:
    for path in index_dir.glob(GENERATION_PREFIX + "*"):
        if path.name != keep.name:
            shutil.rmtree(path, ignore_errors=True)
    for path in index_dir.glob(CURRENT + ".tmp-*"):
        with contextlib.suppress(OSError):
            path.unlink()


@contextlib.contextmanager
def _indexer_lock(index_dir: Path, timeout: float) -> Iterator[bool]:
    """Hold ``index_dir/indexer.lock``; yields False when it was not free in time."""
    lock = FileLock(str(index_dir / LOCK_FILE))
    acquired = try_for(lock.acquire, timeout=timeout, delay=0.05)
    try:
        yield bool(acquired)
    finally:
        if acquired:
            lock.release()


# --- what an object looks like in the index --------------------------------------------


def index_key(kind: str, object_id: int) -> str:
    """The unique key of an object in the index: ``document:5``, ``plan:3``."""
    return f"{kind}:{object_id}"


def plain_text(markdown: str | None, rendered_html: str | None) -> str:
    """The readable text of a body: the sanitised HTML without tags when it was
    rendered, otherwise the Markdown source. Always NFC."""
    if rendered_html:
        return nfc(html.unescape(_TAG_RE.sub(" ", rendered_html)))
    return nfc(markdown or "")


def _symbol_keys(symbol: str | None) -> tuple[str | None, str | None]:
    """(full key, short key) of a printed symbol, None where it does not parse."""
    if not symbol:
        return None, None
    parsed = parse_symbol(symbol)
    if parsed is None:
        return None, None
    return symbol_key(symbol), short_symbol_key(parsed.number, parsed.type_abbr)


def _cited_keys(text: str) -> set[str]:
    """Full and short keys of every Party symbol cited in ``text``."""
    keys: set[str] = set()
    for _start, _end, cited in find_symbols(text):
        full = symbol_key(str(cited))
        if full:
            keys.add(full)
        keys.add(short_symbol_key(cited.number, cited.type_abbr))
    return keys


def _without_none(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if value is not None and value != ""}


def fields_for_document(doc: Document) -> dict[str, Any]:
    """The index fields of ``doc``, ready for ``writer.update_document(**fields)``."""
    title = nfc(doc.title or "")
    body = plain_text(doc.body, doc.body_html)
    full_key, short_key = _symbol_keys(doc.symbol)
    if short_key is None and doc.number is not None:
        doc_type = type_by_code(doc.doc_type)
        if doc_type is not None:
            short_key = short_symbol_key(doc.number, doc_type.abbr)
    refs = _cited_keys(title + "\n" + body) - {full_key, short_key}
    return _without_none(
        {
            "key": index_key("document", doc.id),
            "kind": "document",
            "object_id": doc.id,
            "title": title,
            "title_folded": title,
            "body": body,
            "_stored_body": body[:BODY_STORED_CHARS],
            "body_folded": body,
            "pairs": title + "\n" + body,
            "symbol": nfc(doc.symbol) if doc.symbol else None,
            "symbol_key": full_key,
            "symbol_short": short_key,
            "refs": " ".join(sorted(refs)),
            "doc_type": doc.doc_type,
            "number": doc.number,
            "issuer": doc.issuer.name if doc.issuer is not None else None,
            "issued_year": doc.issued_on.year if doc.issued_on is not None else None,
            "allowed": " ".join(sorted(document_view_principals(doc))),
            "external_id": doc.external_id,
        }
    )


def fields_for_plan(plan: Plan) -> dict[str, Any]:
    """The index fields of ``plan``: its text and report; the symbol of the document it
    implements is stored for display and indexed among ``refs``, so that searching
    "11-CT/TU" also finds the plans that implement it."""
    title = nfc(plan.title or "")
    body = plain_text(plan.body, plan.body_html)
    report = plain_text(plan.report_text, plan.report_html)
    text = body + ("\n\n" + report if report else "")
    document = plan.assignment.document if plan.assignment is not None else None
    implemented = document.symbol if document is not None else None
    refs = _cited_keys(title + "\n" + text)
    refs.update(key for key in _symbol_keys(implemented) if key)
    return _without_none(
        {
            "key": index_key("plan", plan.id),
            "kind": "plan",
            "object_id": plan.id,
            "title": title,
            "title_folded": title,
            "body": text,
            "_stored_body": text[:BODY_STORED_CHARS],
            "body_folded": text,
            "pairs": title + "\n" + text,
            "symbol": nfc(implemented) if implemented else None,
            "refs": " ".join(sorted(refs)),
            "issuer": plan.unit.name if plan.unit is not None else None,
            "unit_id": plan.unit_id,
            "state": plan.state,
            "allowed": " ".join(sorted(allowed_principals(plan, "view"))),
        }
    )


# --- applying the outbox ---------------------------------------------------------------


def apply_outbox(
    session: Session,
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
    with _indexer_lock(index_dir, lock_timeout) as locked:
        if not locked:
            return 0
        rows = session.scalars(select(IndexOutbox).order_by(IndexOutbox.id).limit(batch)).all()
        if not rows:
            return 0
        ix = open_index(index_dir, create=True)
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


def _write_changes(session: Session, writer: Any, rows: list[IndexOutbox]) -> None:
    """Upsert or delete every object the rows name; the last row for an object wins."""
    last_op: dict[tuple[str, int], str] = {}
    for row in rows:
        last_op[(row.kind, row.object_id)] = row.op
    models = {"document": Document, "plan": Plan}
    builders = {"document": fields_for_document, "plan": fields_for_plan}
    loaded: dict[tuple[str, int], Any] = {}
    for kind, model in models.items():
        wanted = [oid for (k, oid), op in last_op.items() if k == kind and op == "upsert"]
        if wanted:
            found = session.scalars(select(model).where(model.id.in_(wanted))).all()
            loaded.update({(kind, obj.id): obj for obj in found})
    for (kind, object_id), op in last_op.items():
        obj = loaded.get((kind, object_id))
        if op == "upsert" and obj is not None:
            writer.update_document(**builders[kind](obj))
        else:
            writer.delete_by_term("key", index_key(kind, object_id))


# --- full rebuild ----------------------------------------------------------------------


def rebuild(
    session: Session,
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
    with _indexer_lock(index_dir, lock_timeout) as locked:
        if not locked:
            raise IndexBusy(f"the search index in {index_dir} is being updated")
        pending = list(session.scalars(select(IndexOutbox.id)))
        generation = _new_generation(index_dir)
        try:
            done = _build(session, generation, progress)
            _swap(index_dir, generation)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        _remove_other_generations(index_dir, keep=generation)
        for start in range(0, len(pending), _DELETE_CHUNK):
            chunk = pending[start : start + _DELETE_CHUNK]
            session.execute(delete(IndexOutbox).where(IndexOutbox.id.in_(chunk)))
        session.flush()
        return done


def _build(
    session: Session, generation: Path, progress: Callable[[int, int], object] | None
) -> int:
    total = session.scalar(select(func.count()).select_from(Document)) or 0
    total += session.scalar(select(func.count()).select_from(Plan)) or 0
    ix = whoosh_index.create_in(str(generation), SCHEMA)
    try:
        writer = ix.writer(limitmb=128)
        done = 0
        try:
            for builder, objects in (
                (fields_for_document, _all_documents(session)),
                (fields_for_plan, _all_plans(session)),
            ):
                for obj in objects:
                    writer.add_document(**builder(obj))
                    done += 1
                    if progress is not None:
                        progress(done, max(total, done))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
    finally:
        ix.close()
    return done


def _all_documents(session: Session) -> Iterator[Document]:
    yield from session.scalars(
        select(Document)
        .order_by(Document.id)
        .options(selectinload(Document.issuer))
        .execution_options(yield_per=500)
    )


def _all_plans(session: Session) -> Iterator[Plan]:
    yield from session.scalars(
        select(Plan)
        .order_by(Plan.id)
        .options(
            selectinload(Plan.assignment).selectinload(Assignment.document),
            selectinload(Plan.unit),
        )
        .execution_options(yield_per=500)
    )
