"""The SQLAlchemy object, the constraint naming convention, the SQLite connection setup,
and the guard that keeps control characters out of every stored string.

SQLite is the embedded default: WAL mode so readers never wait for the writer, a busy
timeout, and ``BEGIN IMMEDIATE`` for transactions that intend to write, so that two
writers queue on the busy timeout instead of failing with "database is locked" when a
deferred transaction tries to upgrade its lock.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeAlias

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy import inspect as inspect_object
from sqlalchemy.engine import CursorResult, Engine, Result
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session

from documents.text import has_controls, strip_controls

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLITE_BUSY_TIMEOUT_MS = 10_000

# Set by the caller that owns the transaction (a POST request, a CLI command) when the
# transaction will write; read when SQLite begins a transaction.
_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=False)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# The models' base class. At run time Flask-SQLAlchemy's ``db.Model`` (``Base`` with the
# extension's bookkeeping); type checkers cannot use an attribute as a base class, so they
# see ``Base`` itself, which declares everything the models rely on.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model

# What the domain functions take as their session: a plain ``Session`` (scripts, tests,
# event handlers) or Flask-SQLAlchemy's request-scoped proxy ``db.session``, which forwards
# the same methods to the request's session.
DbSession: TypeAlias = Session | scoped_session[Any]


def rows_matched(result: Result[Any]) -> int:
    """How many rows an executed UPDATE or DELETE matched. Its result is a ``CursorResult``
    at run time, which ``Session.execute``'s declared type does not say."""
    if not isinstance(result, CursorResult):
        raise TypeError(f"not the result of an UPDATE or DELETE: {type(result).__name__}")
    return result.rowcount


@event.listens_for(Session, "before_flush")
def _store_no_control_characters(session: Session, _context: Any, _instances: Any) -> None:
    """Every string column is stored without C0 control characters (tab and newline
    kept), whichever path wrote it: forms, imports, the CLI, restores."""
    for obj in (*session.new, *session.dirty):
        state = inspect_object(obj)
        columns = state.mapper.column_attrs.keys()
        for key in columns:
            value = state.dict.get(key)
            if isinstance(value, str) and has_controls(value):
                setattr(obj, key, strip_controls(value))


def set_write_intent(value: bool) -> contextvars.Token[bool]:
    """Declare whether the transactions begun from now on in this context will write."""
    return _write_intent.set(value)


def reset_write_intent(token: contextvars.Token[bool]) -> None:
    """Undo a ``set_write_intent`` call."""
    _write_intent.reset(token)


@contextmanager
def write_intent() -> Iterator[None]:
    """Run a block whose transactions begin with ``BEGIN IMMEDIATE`` on SQLite."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


def configure_sqlite(engine: Engine) -> None:
    """WAL, busy timeout, foreign keys, and explicit BEGIN for an SQLite engine.

    pysqlite's own transaction handling is switched off so that the ``begin`` event
    decides between a deferred and an immediate transaction.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _write_intent.get() else "BEGIN")
