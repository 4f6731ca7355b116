"""A worker forked from a loaded portal (gunicorn's ``preload_app``, `gunicorn.conf.py`)
talks to the database and reads the index through connections and files of its own,
and leaves its parent's working."""

from __future__ import annotations

import os
import sys

import pytest
from sqlalchemy import text

from documents.db import db
from portal.forking import forget_inherited_resources

EVERYONE = frozenset({"authenticated"})

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def dbapi_connection():
    return db.session.connection().connection.dbapi_connection


def test_a_forked_worker_opens_its_own_connection_and_index(app):
    service = app.extensions["portal_search"]
    service.search("chỉ thị", EVERYONE)  # the parent has the index open
    inherited = dbapi_connection()
    db.session.execute(text("SELECT 1"))
    db.session.commit()  # the connection goes back to the pool, still open
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the worker
        outcome = "ok"
        try:
            forget_inherited_resources(app)
            if getattr(service, "_searcher", None) is not None:
                outcome = "index still open"
            own = dbapi_connection()
            if own is inherited:
                outcome = "inherited connection reused"
            db.session.execute(text("SELECT 1"))
            db.session.commit()
            service.search("chỉ thị", EVERYONE)
        except BaseException as exc:  # reported to the parent, which fails the test
            outcome = f"{type(exc).__name__}: {exc}"
        finally:
            os.write(write, outcome.encode())
            sys.stdout.flush()
            os._exit(0)
    os.close(write)
    _pid, status = os.waitpid(child, 0)
    outcome = os.read(read, 4096).decode()
    os.close(read)
    assert os.waitstatus_to_exitcode(status) == 0
    assert outcome == "ok"
    # the parent's pooled connection was left alone and still answers
    assert dbapi_connection() is inherited
    assert db.session.execute(text("SELECT 1")).scalar() == 1
    service.search("chỉ thị", EVERYONE)
