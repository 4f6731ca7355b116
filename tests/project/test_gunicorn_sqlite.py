"""Four gunicorn workers on one SQLite file under concurrent writes: no "database is
locked" reaches a user (issue #6, item 17).

A fresh instance (``flask init-db`` on a temporary SQLite file, then a small seed: eight
units, a drafter for each with three plans, two commission reviewers) is served by
gunicorn with four workers on a free loopback port. Eight drafters save and submit their
plans while two reviewers return every submitted plan, all at once, for a bounded number
of rounds. Every request must be answered without a server error; no page and no line of
the server's log may mention a locked database; each save and each transition a client
was told succeeded must be in the versions and the history exactly once.

Nothing is timed: the rounds are bounded by count (and a generous deadline, so a stuck
server fails the test instead of hanging it).
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from documents.db import db, write_intent
from documents.models import Assignment, Document, OrgUnit, Plan, User, UserRole
from documents.passwords import hash_password
from documents.plans import PlanInput, create_plan
from documents.records import PlanVersion
from portal import create_app
from workflows.definitions import PLAN_WORKFLOW
from workflows.models import WorkflowEvent

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
PASSWORD = "mat-khau-tai-cao-2019"
DRAFTERS, PLANS_EACH, REVIEWERS = 8, 3, 2
ROUNDS = 4  # saves + submissions per drafter
DEADLINE_S = 45  # a stuck server fails the test instead of hanging it
LOCKED = re.compile(r"database is locked|database table is locked|OperationalError", re.I)

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")),
    reason="SQLite-specific: with PostgreSQL the database server does the locking",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class Browser:
    """One user's cookie jar; records every status and every page that says "locked"."""

    def __init__(self, base: str, log: Log) -> None:
        self.base, self.log = base, log
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), NoRedirect()
        )

    def call(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
            error.close()
        self.log.seen(f"{'POST' if data is not None else 'GET'} {path}", status, text)
        return status, text

    def login(self, username: str) -> None:
        _, page = self.call("/auth/login")
        status, _ = self.call(
            "/auth/login", {"username": username, "password": PASSWORD, "csrf_token": csrf(page)}
        )
        assert status == 302, f"{username} could not sign in ({status})"


class Log:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()
        self.bad: list[str] = []  # 5xx answers and pages mentioning a locked database
        self.saved: list[str] = []  # titles of saves answered 302
        self.fired: list[str] = []  # comments of transitions answered 302
        self.crashed: list[str] = []

    def seen(self, what: str, status: int, text: str) -> None:
        with self.lock:
            self.statuses[status] += 1
            if status >= 500 or LOCKED.search(text):
                self.bad.append(f"{what} → {status}: {text[:300]}")


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    return match.group(1) if match else ""


def version_of(html: str) -> str | None:
    match = re.search(r'name="version" value="(\d+)"', html)
    return match.group(1) if match else None


def seed(database_uri: str, index_dir: Path) -> dict[str, list[int]]:
    """The units, users and drafted plans; returns each drafter's plan ids."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "SECRET_KEY": "seed",
            "SEARCH_INDEX_DIR": str(index_dir),
            "INDEX_IN_PROCESS": False,
        }
    )
    hashed = hash_password(PASSWORD)

    def unit(code: str, kind: str, level: str) -> OrgUnit:
        return OrgUnit(code=code, name=f"Đơn vị {code}", short_name=code, kind=kind, level=level)

    def user(username: str, where: OrgUnit, role: str) -> User:
        return User(
            username=username,
            full_name=f"Cán bộ {username}",
            password_hash=hashed,
            unit=where,
            roles=[UserRole(unit=where, role=role)],
        )

    plans: dict[str, list[int]] = {}
    with app.app_context(), write_intent():
        session = db.session
        province = unit("tinhuy", "provincial_committee", "province")
        commission = unit("bdv", "commission", "province")
        directive = Document(
            doc_type="CT", number=11, symbol="11-CT/TU", title="Về công tác dân vận",
            body="Nội dung.", body_html="<p>Nội dung.</p>", issuer=province,
            issued_on=date(2019, 8, 1), state="published",
        )  # fmt: skip
        session.add_all([province, commission, directive])
        session.add_all(user(f"reviewer{i}", commission, "reviewer") for i in range(REVIEWERS))
        for i in range(DRAFTERS):
            district = unit(f"u{i}", "district_committee", "district")
            drafter = user(f"drafter{i}", district, "drafter")
            session.add_all([district, drafter])
            session.flush()
            plans[drafter.username] = []
            for j in range(PLANS_EACH):
                assignment = Assignment(
                    document=directive, unit=district, deliverable=f"Kế hoạch {j}"
                )
                session.add(assignment)
                session.flush()
                plan = create_plan(
                    session, assignment, drafter, PlanInput(f"Kế hoạch {i}.{j}", "Nội dung."),
                    initial_state=PLAN_WORKFLOW.initial,
                )  # fmt: skip
                plans[drafter.username].append(plan.id)
        session.commit()
        session.remove()
        db.engine.dispose()
    return plans


def drafter_rounds(browser: Browser, plan_ids: list[int], deadline: float) -> None:
    """Save and submit the unit's plans, ROUNDS times, whichever is back in draft."""
    done = 0
    while done < ROUNDS and time.monotonic() < deadline:
        progressed = False
        for plan_id in plan_ids:
            status, page = browser.call(f"/plans/{plan_id}/edit")
            if status != 200:  # submitted and not yet returned
                continue
            title = f"Kế hoạch bản {uuid.uuid4().hex}"
            form = {"csrf_token": csrf(page), "version": version_of(page), "title": title,
                    "body": f"Nội dung {title}"}  # fmt: skip
            if browser.call(f"/plans/{plan_id}/edit", form)[0] == 302:
                with browser.log.lock:
                    browser.log.saved.append(title)
            status, page = browser.call(f"/plans/{plan_id}")
            if version_of(page) and f"/plans/{plan_id}/transitions/submit" in page:
                fire(browser, plan_id, page, "submit")
                done, progressed = done + 1, True
        if not progressed:
            time.sleep(0.05)  # every plan waits for a reviewer


def reviewer_rounds(browser: Browser, plan_ids: list[int], stop: threading.Event) -> None:
    """Return every submitted plan to its unit, until the drafters have finished."""
    while not stop.is_set():
        for plan_id in plan_ids:
            status, page = browser.call(f"/plans/{plan_id}")
            if status == 200 and f"/plans/{plan_id}/transitions/return" in page:
                fire(browser, plan_id, page, "return")
        time.sleep(0.02)


def fire(browser: Browser, plan_id: int, page: str, name: str) -> None:
    comment = f"{name} {uuid.uuid4().hex}"
    form = {"csrf_token": csrf(page), "version": version_of(page), "comment": comment}
    if browser.call(f"/plans/{plan_id}/transitions/{name}", form)[0] == 302:
        with browser.log.lock:
            browser.log.fired.append(comment)


def guarded(log: Log, work, *args) -> None:  # type: ignore[no-untyped-def]
    try:
        work(*args)
    except Exception as error:  # a crashed client is a finding
        with log.lock:
            log.crashed.append(repr(error))


@pytest.fixture
def server(tmp_path: Path):
    """gunicorn with four workers on a fresh seeded SQLite instance; stopped afterwards."""
    if not GUNICORN.exists():
        pytest.skip(f"gunicorn is not installed at {GUNICORN}")
    database = tmp_path / "portal.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_URL", "REDIS_URL")}
    port = free_port()
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        SEARCH_INDEX_DIR=str(tmp_path / "index"),
        UPLOAD_DIR=str(tmp_path / "uploads"),
        SECRET_KEY="gunicorn-test-secret",
        PORTAL_ENV="development",
        LOG_LEVEL="WARNING",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="4",
        PYTHONWARNINGS="ignore",
    )
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "init-db"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    plans = seed(f"sqlite:///{database}", tmp_path / "index")
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        up_by = time.monotonic() + 30
        while True:
            assert process.poll() is None, log_path.read_text(errors="replace")[-3000:]
            try:
                with urllib.request.urlopen(base + "/auth/login", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                assert time.monotonic() < up_by, "gunicorn did not answer"
                time.sleep(0.2)
        yield base, plans, database, log_path
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        shutil.rmtree(tmp_path / "uploads", ignore_errors=True)


def test_four_workers_on_sqlite_never_tell_a_user_the_database_is_locked(server):
    base, plans, database, log_path = server
    log = Log()
    deadline = time.monotonic() + DEADLINE_S
    drafters = {name: Browser(base, log) for name in plans}
    reviewers = [Browser(base, log) for _ in range(REVIEWERS)]
    for name, browser in drafters.items():
        browser.login(name)
    for i, browser in enumerate(reviewers):
        browser.login(f"reviewer{i}")
    every_plan = sorted(p for ids in plans.values() for p in ids)
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=guarded, args=(log, drafter_rounds, drafters[name], plans[name], deadline)
        )
        for name in plans
    ]
    watchers = [
        threading.Thread(
            target=guarded, args=(log, reviewer_rounds, browser, every_plan[i::REVIEWERS], stop)
        )
        for i, browser in enumerate(reviewers)
    ]
    for thread in threads + watchers:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    for thread in watchers:
        thread.join()

    assert log.crashed == []
    assert log.bad == [], f"{len(log.bad)} bad answers, e.g. {log.bad[:3]}"
    assert not LOCKED.search(log_path.read_text(errors="replace"))
    assert all(status < 500 for status in log.statuses), log.statuses
    assert len(log.saved) >= DRAFTERS and len(log.fired) >= DRAFTERS  # real concurrent writes

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "x"})
    with app.app_context():
        comments = Counter(db.session.scalars(db.select(WorkflowEvent.comment)))
        titles = Counter(db.session.scalars(db.select(PlanVersion.title)))
        states = Counter(db.session.scalars(db.select(Plan.state)))
        db.session.remove()
        db.engine.dispose()
    assert [c for c in log.fired if comments[c] != 1] == []
    assert [t for t in log.saved if titles[t] != 1] == []
    # and nothing a client was not told about (a refused or failed request) was kept
    assert set(comments) == set(log.fired)
    assert {t for t in titles if t.startswith("Kế hoạch bản ")} == set(log.saved)
    assert sum(states.values()) == DRAFTERS * PLANS_EACH
