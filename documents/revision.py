"""The data revision: a token that changes in every transaction that writes.

One row, ``data_revision``, whose token gets a new random value in the same transaction as
any change made through a session (an ORM flush, or an INSERT, UPDATE or DELETE statement
run by the session), just before it commits. A reader that reads the token before it reads
anything else knows that nothing it reads afterwards is older than that token: the page
cache of the web layer keys rendered pages on it (``portal.page_cache``), so a change
anywhere makes every kept page old at once.

The token is random, not a counter, so no value ever comes back, and the table is left out
of backups. Writes that do not go through a session (``psql``) do not change it; the page
cache also forgets its pages after a few minutes for them.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import Connection, Integer, String, Table, event, select, update
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, SessionTransaction, mapped_column
from sqlalchemy.sql.elements import TextClause

from documents.db import DbSession, Model

_WROTE = "portal.wrote"


class DataRevision(Model):
    """The one row holding the current data revision."""

    __tablename__ = "data_revision"
    # Not in backups: a restore starts from the row ``create_all`` makes, and its first
    # write (the index rebuild) gives it a new token.
    __table_args__ = {"info": {"backup": False}}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(32))


# The row exists from the start, so a write only ever updates it (two first writers never
# race to insert it).
@event.listens_for(DataRevision.__table__, "after_create")
def _first_row(table: Table, connection: Connection, **_kw: Any) -> None:
    connection.execute(table.insert().values(id=1, token="created"))


# The token as a column, to read in the same statement as something else (the signed-in
# user): one snapshot, one round trip.
REVISION = select(DataRevision.token).filter_by(id=1).scalar_subquery()


def current_revision(session: DbSession) -> str | None:
    """The token of the data as this transaction sees it (None without the row)."""
    return session.scalar(select(REVISION))


def bump(session: DbSession) -> None:
    """Give the data a new revision, in ``session``'s transaction."""
    session.execute(update(DataRevision).filter_by(id=1).values(token=secrets.token_hex(16)))


@event.listens_for(Session, "before_flush")
def _note_changes(session: Session, _context: Any, _instances: Any) -> None:
    if session.new or session.dirty or session.deleted:
        session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statements(state: ORMExecuteState) -> None:
    statement = state.statement
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True
    elif isinstance(statement, TextClause) and not _reads_only(statement.text):
        state.session.info[_WROTE] = True


def _reads_only(sql: str) -> bool:
    return sql.lstrip().split(None, 1)[0].upper() in {"SELECT", "PRAGMA", "EXPLAIN", "SHOW"}


@event.listens_for(Session, "before_commit")
def _bump_when_written(session: Session) -> None:
    # Commit calls this before its own final flush: flush here, so that the revision is the
    # last row the transaction writes. Its lock is then held only while committing, and a
    # writer waiting for it holds no lock another writer waits for (no deadlock).
    session.flush()
    if session.info.get(_WROTE):
        bump(session)


@event.listens_for(Session, "after_transaction_end")
def _forget_changes(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_WROTE, None)
