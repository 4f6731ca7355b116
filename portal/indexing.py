"""The request's transaction and the search index it feeds.

Views change data through domain operations that only flush, inside
``portal.saving.saving``, which finishes with ``commit()``: it commits once and then, in
the embedded default, applies the search outbox in-process. Applying the outbox never
fails the request: a busy or broken index leaves the rows for the next commit,
``flask search drain`` or ``flask reindex``.

The index is the backend that ``SEARCH_BACKEND`` names (``search_index.backends``):
Whoosh files in ``SEARCH_INDEX_DIR``, or PostgreSQL tables, where the outbox is applied
in a database transaction by one writer at a time (an advisory lock), whichever app
server or worker gets there first.
"""

from __future__ import annotations

import logging
import threading
from typing import NoReturn

from flask import Flask, current_app
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import Conflict

from documents.db import db, write_intent
from documents.models import IndexOutbox
from portal.http_errors import with_message
from portal.mail import drain_after_commit
from search_index.backends import SearchBackend, Searcher, create_backend
from search_index.sources import outbox_changes

log = logging.getLogger(__name__)
_drain_lock = threading.Lock()


def init_search(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    backend = create_backend(
        app.config["SEARCH_BACKEND"], index_dir=app.config["SEARCH_INDEX_DIR"], engine=engine
    )
    app.extensions["portal_search_backend"] = backend
    app.extensions["portal_search"] = backend.service

    @app.errorhandler(StaleDataError)
    def stale(_error: StaleDataError):
        db.session.rollback()
        return app.handle_http_exception(Conflict())


def search_service() -> Searcher:
    return current_app.extensions["portal_search"]


def search_backend() -> SearchBackend:
    """The index of this app: its service, outbox, rebuild and checks."""
    return current_app.extensions["portal_search_backend"]


def conflict(message: str | None = None) -> NoReturn:
    """Answer 409: the record changed since the user loaded it."""
    db.session.rollback()
    error = Conflict()
    if message:
        error = with_message(error, message)
    raise error


def commit() -> None:
    """Commit the request's one transaction, then bring the search index up to date and
    send the mail it queued."""
    try:
        db.session.commit()
    except StaleDataError:
        conflict()
    if current_app.config.get("INDEX_IN_PROCESS", True):
        drain_outbox()
    drain_after_commit()


def changed_objects(batch: int = 500) -> list:
    """The documents and plans the next outbox batch upserts (for the saved-search alerts)."""
    rows = db.session.scalars(db.select(IndexOutbox).order_by(IndexOutbox.id).limit(batch)).all()
    return list(outbox_changes(db.session, rows)[1].values()) if rows else []


def apply_batch() -> int:
    """Apply one outbox batch to the index and raise the saved-search alerts of the
    objects it changed (flush only); returns how many rows were applied."""
    # Imported here: the alerts read the search page's filters, whose blueprint imports
    # this module.
    from portal.alerts import announce_matches

    changed = changed_objects()
    applied = search_backend().apply_outbox(db.session)
    if applied:
        announce_matches(db.session, changed)
    return applied


def drain_outbox() -> int:
    """Apply pending outbox rows to the index; returns how many were applied."""
    if not _drain_lock.acquire(timeout=5):
        return 0
    try:
        with write_intent():
            applied = apply_batch()
            db.session.commit()
        return applied
    except Exception:  # the index must never fail a request; the rows stay queued
        log.exception("applying the search outbox failed; will retry later")
        db.session.rollback()
        return 0
    finally:
        _drain_lock.release()
