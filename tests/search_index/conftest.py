"""Fixtures of the search tests: their own database and index, and builders.

Kept independent of the project-wide fixtures: a bare Flask app with only the database
bound, since the search package must work without the web layer.

Tests that take ``search_backend`` run once per backend: ``whoosh`` (an index directory,
on an SQLite database) and ``postgres`` (the search tables, in a schema of its own in
the PostgreSQL database of ``TEST_DATABASE_URL``, else of ``postgresql://127.0.0.1/test``
when one answers there; skipped with the reason otherwise).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from pathlib import Path

import psycopg
import pytest
from flask import Flask
from sqlalchemy.orm import Session

import search_index.postgres.schema  # noqa: F401  (registers the search tables)
import workflows.definitions  # noqa: F401  (binds the plan state constraints)
import workflows.models  # noqa: F401  (registers the workflow tables)
from documents.db import db
from documents.models import Assignment, Document, OrgUnit, Plan, User, UserRole, enqueue_index
from search_index.backends import PostgresBackend, SearchBackend, WhooshBackend
from tests.conftest import _postgres_schema

BACKENDS = ("whoosh", "postgres")
LOCAL_POSTGRES = "postgresql://127.0.0.1:5432/test"


@cache
def postgres_url() -> str | None:
    """The PostgreSQL the search tests may use, or None."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        return configured
    try:
        psycopg.connect(LOCAL_POSTGRES, connect_timeout=2).close()
    except psycopg.Error:
        return None
    return LOCAL_POSTGRES


def postgres_or_skip() -> str:
    url = postgres_url()
    if url is None:
        pytest.skip(f"no PostgreSQL: TEST_DATABASE_URL is not set and {LOCAL_POSTGRES} is down")
    return url


@pytest.fixture(scope="session")
def postgres_database_url() -> str:
    """The URL of the PostgreSQL the search tests use; the test is skipped without one."""
    return postgres_or_skip()


@pytest.fixture(params=BACKENDS)
def backend_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def search_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict]:
    """SQLite, or a fresh PostgreSQL schema for the ``postgres`` backend's tests."""
    name = "whoosh"
    if "backend_name" in request.fixturenames:
        name = request.getfixturevalue("backend_name")
    if name == "postgres":
        yield from _postgres_schema(postgres_or_skip())
    else:
        yield {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'search.sqlite3'}"}


@pytest.fixture
def search_app(search_database: dict) -> Iterator[Flask]:
    app = Flask(__name__)
    app.config.update(search_database)
    db.init_app(app)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def search_session(search_app: Flask) -> Session:
    return db.session


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def search_backend(
    backend_name: str, search_app: Flask, index_dir: Path
) -> Iterator[SearchBackend]:
    """The backend under test, as the portal makes it (``search_index.backends``)."""
    backend: SearchBackend
    if backend_name == "postgres":
        backend = PostgresBackend(db.engine)
    else:
        backend = WhooshBackend(index_dir)
    yield backend
    backend.close()


@pytest.fixture
def drain(search_backend: SearchBackend, search_session: Session) -> Callable[..., int]:
    """Apply the outbox and commit, as the portal does after each change
    (``portal.indexing.drain_outbox``); the PostgreSQL backend's searches, on their own
    connections, see committed entries only."""

    def run(**options: int) -> int:
        applied = search_backend.apply_outbox(search_session, **options)
        search_session.commit()
        return applied

    return run


class SearchWorld:
    """Builders for the objects the index sees; every change also writes its outbox row,
    as the domain operations do."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._users = 0

    def unit(self, code: str, name: str, kind: str = "district_committee") -> OrgUnit:
        unit = OrgUnit(code=code, name=name, short_name=code, kind=kind, level="district")
        self.session.add(unit)
        self.session.flush()
        return unit

    def user(self, unit: OrgUnit, *roles: str) -> User:
        self._users += 1
        user = User(
            username=f"user{self._users}",
            full_name=f"Người dùng {self._users}",
            password_hash="-",
            unit=unit,
            roles=[UserRole(unit=unit, role=role) for role in roles],
        )
        self.session.add(user)
        self.session.flush()
        return user

    def document(
        self,
        title: str,
        body: str = "",
        *,
        symbol: str | None = None,
        doc_type: str = "CT",
        number: int | None = None,
        issuer: OrgUnit | None = None,
        published: bool = True,
    ) -> Document:
        doc = Document(
            title=title,
            body=body,
            body_html="",
            symbol=symbol,
            doc_type=doc_type,
            number=number,
            issuer=issuer,
            issued_on=date(2019, 8, 1),
            published=published,
        )
        self.session.add(doc)
        self.session.flush()
        enqueue_index(self.session, "document", doc.id)
        return doc

    def plan(
        self,
        document: Document,
        unit: OrgUnit,
        author: User,
        title: str,
        body: str = "",
        state: str = "drafted",
    ) -> Plan:
        assignment = Assignment(document=document, unit=unit, deliverable="Kế hoạch")
        self.session.add(assignment)
        plan = Plan(
            assignment=assignment,
            unit_id=unit.id,
            title=title,
            body=body,
            body_html="",
            state=state,
            created_by_id=author.id,
        )
        if state in ("reviewed", "reported"):
            plan.reviewed_by_id = author.id
        if state == "reported":
            plan.report_text = "Đã hoàn thành."
        self.session.add(plan)
        self.session.flush()
        enqueue_index(self.session, "plan", plan.id)
        return plan


@pytest.fixture
def search_world(search_session: Session) -> SearchWorld:
    return SearchWorld(search_session)


def _corpora_root() -> Path:
    configured = os.environ.get("PORTAL_CORPORA")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2].parent / "shared" / "corpora"


@pytest.fixture(scope="session")
def corpora_path() -> Callable[[str], Path]:
    """``corpora_path("alqac2023")``: the folder, or the test is skipped with the reason."""

    def find(name: str) -> Path:
        folder = _corpora_root() / name
        if not folder.is_dir():
            pytest.skip(f"shared corpus {folder} is absent (set PORTAL_CORPORA to use another)")
        return folder

    return find
