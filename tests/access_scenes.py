"""What the access-matrix tests share: the roles as principals, the records of one
document state, a snapshot of the database, and the runner that sends every case as
every role and compares the status with the one the permission tables give.

A *scene* is one document in one workflow state with everything hanging off it: two
versions, an attachment, an assignment to the drafter's unit with a reviewed plan, an
assignment still without a plan, a key figure, an inspection with a task, a review
event and a notice in the unit's inbox. Expected statuses are computed from the
principals of each role (``documents.permissions.principals_of``) and the principal
templates of ``workflows.definitions``; nothing is written down per observed result.
"""

from __future__ import annotations

import hashlib
import itertools
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from documents.db import db
from documents.followup.assignments import can_follow_up, can_read_follow_up
from documents.followup.figures import KeyFigure, define_figure
from documents.followup.inspections import (
    Inspection,
    InspectionInput,
    ReviewEvent,
    create_review_event,
    record_inspection,
)
from documents.models import Assignment, Document, Plan
from documents.notifications import Notification, notify_unit
from documents.permissions import DOCUMENT_EDITORS, principals_of
from documents.records import Attachment
from documents.service import DocumentInput, create_document, update_document
from tests.access_extras import extras
from tests.conftest import FIXED_TODAY, AuthActions, csrf_from
from tests.test_workflow import INPUT, PATH_TO, ROLES
from workflows.definitions import (
    COMMISSION_REVIEWER,
    DOCUMENT_WORKFLOW,
    UNIT_DRAFTER,
    UNIT_HEAD,
    Workflow,
)
from workflows.engine import fire

ALL_ROLES = ("anonymous", *ROLES)
USERNAMES = {
    "drafter": "drafter",
    "unit_head": "head",
    "other_drafter": "other",
    "reviewer": "reviewer",
    "reader": "reader",
    "admin": "admin",
}
# Who works on a unit's plans and reports: the principals the plan workflow lets edit a
# plan in its initial state (and fire its first transition).
UNIT_WORK = (UNIT_DRAFTER, UNIT_HEAD)
# Follow-up (matrices, urging, inspections, reviews): the commission acts, the
# commission and the administrators read.
FOLLOW_UP_ACT = (COMMISSION_REVIEWER,)
FOLLOW_UP_READ = (COMMISSION_REVIEWER, "admin")
# Rows that change as bookkeeping, not as the effect of a request on the data.
BOOKKEEPING = frozenset({"index_outbox", "login_failure", "api_token"})
OK_GET, DONE = 200, 302


def path_to(workflow: Workflow, state: str) -> list[str]:
    """The shortest list of triggers leading from the initial state to ``state``."""
    paths = {workflow.initial: []}
    frontier = [workflow.initial]
    while frontier:
        here = frontier.pop(0)
        for transition in workflow.transitions_from(here):
            if transition.dest not in paths:
                paths[transition.dest] = [*paths[here], transition.name]
                frontier.append(transition.dest)
    return paths[state]


class Rules:
    """The principals of every role, and the questions the expectations ask of them."""

    def __init__(self, world: Any) -> None:
        self.world = world
        self.principals = {"anonymous": principals_of(None)}
        self.principals.update({role: principals_of(world.by_role(role)) for role in ROLES})
        for role in ROLES:  # the follow-up gates are functions: they must say the same
            user = world.by_role(role)
            assert can_follow_up(user) == self.may(role, FOLLOW_UP_ACT), role
            assert can_read_follow_up(user) == self.may(role, FOLLOW_UP_READ), role

    def may(self, role: str, templates: Iterable[str], unit_id: int | None = None) -> bool:
        return bool(self.principals[role] & {t.format(unit=unit_id) for t in templates})

    def document_may(self, role: str, state: str, permission: str) -> bool:
        return self.may(role, DOCUMENT_WORKFLOW.state(state).permissions.get(permission, ()))

    def editor(self, role: str) -> bool:
        return self.may(role, DOCUMENT_EDITORS)


@dataclass
class Scene:
    state: str
    document: Document
    attachment: Attachment
    assignment: Assignment  # to the drafter's unit, with a reviewed plan
    plan: Plan
    open_assignment: Assignment  # to the drafter's unit, no plan yet
    figure: KeyFigure
    inspection: Inspection
    event: ReviewEvent
    note: Notification
    other_unit_id: int  # a unit the document is not assigned to
    extras: dict = field(default_factory=dict)  # tests.access_extras

    @property
    def doc(self) -> str:
        return f"/documents/{self.document.id}"

    @property
    def task_id(self) -> int:
        return self.inspection.tasks[0].id


class SceneMaker:
    def __init__(self, app: Flask, world: Any, factory: Any) -> None:
        self.app, self.world, self.factory = app, world, factory
        self.serial = itertools.count(100)

    def attachment(self, document: Document) -> Attachment:
        """A stored text file (written here: reading its text is the upload's business)."""
        data = b"Noi dung tep dinh kem"
        folder = Path(self.app.config["UPLOAD_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        stored = f"{uuid.uuid4().hex}.txt"
        (folder / stored).write_bytes(data)
        attachment = Attachment(
            document=document,
            original_name="kế hoạch.txt",
            stored_name=stored,
            kind="txt",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            text=data.decode(),
        )
        db.session.add(attachment)
        return attachment

    def __call__(self, state: str, title: str | None = None) -> Scene:
        w, n = self.world, next(self.serial)
        editor = w.reviewer
        data = DocumentInput(
            doc_type="CT",
            title=title or f"Về công tác dân vận, lần thử {n}",
            body="1. Củng cố chi hội.\n\n2. Rà soát hội viên.",
            symbol=f"{n}-CT/TU",
            issuer_id=w.province.id,
            issued_on=date(2019, 8, 1),
        )
        document = create_document(db.session, data, actor=editor, state=DOCUMENT_WORKFLOW.initial)
        update_document(db.session, document, replace(data, body="Nội dung mới."), actor=editor)
        attachment = self.attachment(document)
        assignment = Assignment(
            document=document, unit=w.unit, deliverable="Kế hoạch thực hiện", due_on=FIXED_TODAY
        )
        open_assignment = Assignment(document=document, unit=w.unit, deliverable="Báo cáo")
        db.session.add_all([assignment, open_assignment])
        db.session.flush()
        plan = self.factory.plan(assignment, w.drafter)
        for trigger, role in PATH_TO["reviewed"]:
            fire(db.session, plan, trigger, actor=w.by_role(role), **INPUT)
        for trigger in path_to(DOCUMENT_WORKFLOW, state):
            fire(db.session, document, trigger, actor=editor, comment="Theo kế hoạch.")
        scene = Scene(
            state=state,
            document=document,
            attachment=attachment,
            assignment=assignment,
            plan=plan,
            open_assignment=open_assignment,
            figure=define_figure(db.session, document, "Số chi hội được củng cố", "chi hội"),
            inspection=record_inspection(
                db.session,
                document,
                InspectionInput(
                    unit_id=w.unit.id,
                    kind="kiem_tra",
                    held_on=FIXED_TODAY,
                    team="Đoàn kiểm tra của Ban",
                    findings="Đơn vị làm đúng kế hoạch.",
                    tasks=(("Bổ sung sổ theo dõi hội viên", None),),
                ),
                actor=editor,
            ),
            event=create_review_event(
                db.session, document, kind="so_ket", level="district", due_on=date(2019, 12, 15)
            ),
            note=notify_unit(
                db.session, w.unit.id, "urging", "Đề nghị gửi kế hoạch", "Hạn đã gần.",
                assignment_id=assignment.id,
            ),
            other_unit_id=w.other_unit.id,
            extras=extras(w),
        )  # fmt: skip
        db.session.commit()
        return scene


def snapshot() -> dict[str, object]:
    """Every row of every table but the bookkeeping ones (on PostgreSQL a digest of
    each table, read in one round trip)."""
    db.session.commit()
    tables = [t for t in db.metadata.sorted_tables if t.name not in BOOKKEEPING]
    if db.session.get_bind().dialect.name == "postgresql":
        digests = ", ".join(
            f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
            f'FROM "{table.name}" t) AS "{table.name}"'
            for table in tables
        )
        return dict(db.session.execute(db.text(f"SELECT {digests}")).mappings().one())
    return {
        table.name: [
            tuple(row)
            for row in db.session.execute(
                db.select(table).order_by(*table.primary_key.columns)
            ).all()
        ]
        for table in tables
    }


Expected = Callable[[Rules, str, Scene], int]


@dataclass(frozen=True)
class Case:
    """One route and method, as a request built from a scene and the status it must get."""

    endpoint: str
    method: str
    url: Callable[[Scene], str]
    expected: Expected
    data: Callable[[Scene], dict] | None = None
    fresh_client: bool = False  # the request changes the client's own session
    changes: bool = True  # a POST that succeeds (302 to a signed-in user) changes rows
    ends_sessions: bool = False  # every session of the user ends (signing out)
    multipart: bool = False
    label: str = field(default="")

    def describe(self) -> str:
        return f"{self.method} {self.endpoint}{f' ({self.label})' if self.label else ''}"


def signed_in(ok: int) -> Expected:
    """Any signed-in user gets ``ok``; an anonymous one is sent to the login page."""
    return lambda rules, role, scene: DONE if role == "anonymous" else ok


def everyone(ok: int) -> Expected:
    return lambda rules, role, scene: ok


class Clients:
    """A logged-in test client and its CSRF token for every role (and an anonymous one)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.by_role = {role: self.new(role) for role in ALL_ROLES}

    def new(self, role: str) -> tuple[FlaskClient, str]:
        client = self.app.test_client()
        if role == "anonymous":
            return client, csrf_from(client.get("/auth/login").get_data(as_text=True))
        AuthActions(client).login(USERNAMES[role])
        return client, csrf_from(client.get("/").get_data(as_text=True))

    def send(self, case: Case, role: str, scene: Scene, *, token: bool = True) -> int:
        client, csrf = self.new(role) if case.fresh_client else self.by_role[role]
        url = case.url(scene)
        if case.method == "GET":
            response = client.get(url)
        else:
            data = dict(case.data(scene) if case.data else {})
            if token:
                data["csrf_token"] = csrf
            kwargs = {"content_type": "multipart/form-data"} if case.multipart else {}
            response = client.open(url, method=case.method, data=data, **kwargs)
        response.close()
        if case.ends_sessions and role != "anonymous":
            self.by_role[role] = self.new(role)  # the shared session ended with it
        return response.status_code


def run_matrix(
    rules: Rules,
    clients: Clients,
    make_scene: Callable[[str], Scene],
    cases: list[Case],
    states: Iterable[str],
) -> list[str]:
    """Send every case as every role in every state; return what went wrong.

    Only a POST answered with a redirect may change rows (a GET, a refusal or a form
    shown again must leave every row as it was), and a POST that succeeds must change
    some; a request that changed something gets a fresh scene for the next one.
    """
    failures = []
    for state in states:
        scene = make_scene(state)
        before = snapshot()
        for case, role in itertools.product(cases, ALL_ROLES):
            status = clients.send(case, role, scene)
            want = case.expected(rules, role, scene)
            where = f"{role} {case.describe()} on a {state} document"
            if status != want:
                failures.append(f"{where}: {status}, expected {want}")
            after = snapshot()
            if after != before:
                if case.method == "GET" or status != DONE:
                    changed = sorted(t for t in after if after[t] != before[t])
                    failures.append(f"{where} answered {status} but changed {changed}")
                scene = make_scene(state)
                after = snapshot()
            elif case.method == "POST" and case.changes and status == DONE and role in ROLES:
                failures.append(f"{where} answered {status} but changed nothing")
            before = after
    return failures
