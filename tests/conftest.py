"""Fixtures: a fresh database and index directory per test, factories, a login helper.

With ``TEST_DATABASE_URL`` set (a PostgreSQL URL) every test gets its own schema in that
database; otherwise its own SQLite file.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from documents.db import db, write_intent
from documents.models import (
    Assignment,
    Document,
    OrgUnit,
    Plan,
    User,
    UserRole,
    enqueue_index,
)
from documents.passwords import hash_password
from documents.plans import PlanInput, create_plan
from documents.rendering import render_markdown
from portal import create_app
from search_index.whoosh.indexer import open_index
from tests.fixtures.mail_server import LoopbackSMTP
from workflows.definitions import PLAN_WORKFLOW

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "mat-khau-thu-nghiem-2019"
FIXED_TODAY = date(2019, 9, 18)


def _postgres_schema(url: str) -> Iterator[dict]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    url = re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql+psycopg://", url)
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield {
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "connect_args": {"options": f"-csearch_path={schema}"},
                "pool_pre_ping": True,
            },
        }
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def fresh_instance(tmp_path: Path, name: str):
    """A second, empty portal: its own database (or schema), index and uploads."""
    url = os.environ.get("TEST_DATABASE_URL")
    configs = (
        _postgres_schema(url)
        if url
        else iter([{"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / (name + '.sqlite3')}"}])
    )
    database = next(configs)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "FIXED_TODAY": FIXED_TODAY,
            "SEARCH_INDEX_DIR": str(tmp_path / f"{name}-index"),
            "UPLOAD_DIR": str(tmp_path / f"{name}-uploads"),
            **database,
        }
    )
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if url:
            next(configs, None)  # drops the schema


def compile_catalogues(translations: Path = ROOT / "translations") -> list[Path]:
    """Compile each committed ``messages.po`` whose ``.mo`` is missing or older, as setup does."""
    compiled = []
    for po_path in sorted(translations.glob("*/LC_MESSAGES/messages.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        compiled.append(mo_path)
    return compiled


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues() -> None:
    """``pytest`` alone works: the English catalogue is compiled if setup has not done it."""
    compile_catalogues()


@pytest.fixture(autouse=True)
def vietnamese_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands speak the language of their environment (``PORTAL_LANG``, ``LANG``…); the
    tests expect the default, Vietnamese, whatever the shell that runs them says."""
    monkeypatch.setenv("PORTAL_LANG", "vi")


@pytest.fixture
def database_config(tmp_path: Path) -> Iterator[dict]:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        yield from _postgres_schema(url)
    else:
        yield {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}"}


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in a fresh app context, as in production.

    The fixtures keep an app context pushed for the test's own database work; without
    this, requests would share its ``g`` (the logged-in user) and its database session.
    The test's session commits before each request (so the request sees the test's data)
    and after it (so the test sees what the request committed).
    """

    def open(self, *args, **kwargs):  # type: ignore[override]
        db.session.commit()
        try:
            with self.application.app_context():
                return super().open(*args, **kwargs)
        finally:
            db.session.commit()


@pytest.fixture
def app(tmp_path: Path, database_config: dict) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SEARCH_INDEX_DIR": str(tmp_path / "index"),
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "FIXED_TODAY": FIXED_TODAY,
            "OCR_IN_PROCESS": "sync",  # a scan is read before the response: tests see it
            **database_config,
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        with write_intent():
            db.create_all()
            db.session.commit()
        open_index(app.config["SEARCH_INDEX_DIR"], create=True).close()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def session(app: Flask):
    return db.session


class Factory:
    """Builders for domain objects (Indico-style ``create_plan(...)`` fixtures)."""

    def __init__(self) -> None:
        self.session = db.session
        self._password_hash = hash_password(PASSWORD)

    def unit(self, code: str, kind: str = "district_committee", name: str | None = None) -> OrgUnit:
        found = self.session.scalar(db.select(OrgUnit).filter_by(code=code))
        if found:
            return found
        unit = OrgUnit(code=code, name=name or code, short_name=code, kind=kind, level="district")
        self.session.add(unit)
        self.session.flush()
        return unit

    def user(self, username: str, unit: OrgUnit, *roles: str) -> User:
        user = User(
            username=username,
            full_name=f"Người dùng {username}",
            password_hash=self._password_hash,
            unit=unit,
            roles=[UserRole(unit=unit, role=r) for r in roles],
        )
        self.session.add(user)
        self.session.flush()
        return user

    def document(
        self,
        symbol: str = "11-CT/TU",
        title: str = "Về tăng cường quản lý đoàn viên, hội viên",
        body: str = "Nội dung chỉ thị.",
        doc_type: str = "CT",
        number: int = 11,
        issuer: OrgUnit | None = None,
    ) -> Document:
        document = Document(
            doc_type=doc_type,
            number=number,
            symbol=symbol,
            title=title,
            body=body,
            body_html=render_markdown(body),
            issuer=issuer or self.unit("tinhuy", "provincial_committee"),
            issued_on=date(2019, 8, 1),
            place="Rạch Giá",
            term="khóa X",
        )
        self.session.add(document)
        self.session.flush()
        enqueue_index(self.session, "document", document.id)
        return document

    def assignment(
        self, document: Document, unit: OrgUnit, due_on: date = date(2019, 9, 30)
    ) -> Assignment:
        assignment = Assignment(
            document=document, unit=unit, deliverable="Kế hoạch thực hiện", due_on=due_on
        )
        self.session.add(assignment)
        self.session.flush()
        return assignment

    def plan(
        self,
        assignment: Assignment,
        author: User,
        title: str = "Kế hoạch thực hiện",
        body: str = "Nội dung kế hoạch.",
    ) -> Plan:
        return create_plan(
            self.session,
            assignment,
            author,
            PlanInput(title, body),
            initial_state=PLAN_WORKFLOW.initial,
        )


@pytest.fixture
def factory(app: Flask) -> Factory:
    return Factory()


class World:
    """Two units, the commission, and one user per role: the cast of the role stories."""

    def __init__(self, factory: Factory) -> None:
        f = factory
        self.unit = f.unit("thanhuy-rachgia", name="Thành ủy Rạch Giá")
        self.other_unit = f.unit("huyenuy-phuquoc", name="Huyện ủy Phú Quốc")
        self.commission = f.unit("bandanvan", "commission", "Ban Dân vận Tỉnh ủy")
        self.province = f.unit("tinhuy", "provincial_committee", "Tỉnh ủy Kiên Giang")
        self.drafter = f.user("drafter", self.unit, "drafter")
        self.head = f.user("head", self.unit, "unit_head")
        self.other_drafter = f.user("other", self.other_unit, "drafter")
        self.reviewer = f.user("reviewer", self.commission, "reviewer")
        self.reader = f.user("reader", self.province, "reader")
        self.admin = f.user("admin", self.province, "admin")
        self.directive = f.document(issuer=self.province)
        self.assignment = f.assignment(self.directive, self.unit)
        self.other_assignment = f.assignment(self.directive, self.other_unit)
        f.session.commit()

    def by_role(self, role: str) -> User:
        return {
            "drafter": self.drafter,
            "unit_head": self.head,
            "other_drafter": self.other_drafter,
            "reviewer": self.reviewer,
            "reader": self.reader,
            "admin": self.admin,
        }[role]


@pytest.fixture
def world(factory: Factory) -> World:
    return World(factory)


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, username: str, password: str = PASSWORD):
        page = self.client.get("/auth/login")
        token = csrf_from(page.get_data(as_text=True))
        return self.client.post(
            "/auth/login",
            data={"username": username, "password": password, "csrf_token": token},
        )

    def logout(self):
        token = csrf_from(self.client.get("/").get_data(as_text=True))
        return self.client.post("/auth/logout", data={"csrf_token": token})


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def smtp_server(app: Flask) -> Iterator[LoopbackSMTP]:
    """A real SMTP server on loopback, and the app configured to send to it."""
    server = LoopbackSMTP()
    server.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=5)
    yield server
    server.stop()


def corpora_dir() -> Path | None:
    """The shared test corpora, or None when this checkout has no ../shared beside it."""
    root = Path(
        os.environ.get("PORTAL_CORPORA", Path(__file__).resolve().parents[2] / "shared" / "corpora")
    )
    return root if root.is_dir() else None


class _ExecutableFinder(HTMLParser):
    """Collects what a browser would run: script/object elements, on* handlers, script URLs."""

    RISKY_TAGS = frozenset(
        {"script", "iframe", "object", "embed", "base", "svg", "math", "foreignobject"}
    )
    # The portal's own server-rendered pictures (portal/pictures/); no hostile text that
    # is escaped can open an element, so only these exact openings are let through.
    OWN_PICTURES = frozenset(
        {"plan-timeline", "citation-graph", "workflow-diagram", "bucket-chart"}
    )
    URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "data"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.RISKY_TAGS and not (
            (tag == "script" and dict(attrs).get("src", "").startswith("/static/"))
            or (tag == "svg" and dict(attrs).get("class") in self.OWN_PICTURES)
        ):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            squeezed = "".join((value or "").split()).lower()
            if name in self.URL_ATTRS and squeezed.startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.found.append(f"{tag}[{name}={value}]")
            if name == "style" and "expression(" in squeezed:
                self.found.append(f"{tag}[style]")


def executable_parts(html: str) -> list[str]:
    """What in ``html`` could execute: empty for a page that is safe to show."""
    finder = _ExecutableFinder()
    finder.feed(html)
    finder.close()
    return finder.found
