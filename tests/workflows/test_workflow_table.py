"""The workflow table is the one source of states: consistent, backed by the database,
guarded once by the engine, and named nowhere else.

The scan at the end reads ``portal/``, ``documents/``, ``search_index/`` and
``templates/`` and fails when a state of a workflow is written there as a string literal;
a page or a query takes the names from ``workflows.definitions`` instead.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from documents.db import db, write_intent
from documents.models import (
    DEFAULT_DOCUMENT_STATE,
    DOCUMENT_DRAFT,
    DOCUMENT_PUBLISHED,
    Document,
    Plan,
)
from documents.permissions import AUTHENTICATED, DOCUMENT_EDITORS
from documents.rendering import BodyTooLong
from tests.conftest import Factory, World, fresh_instance
from workflows.constraints import bind_state_constraints, state_constraints
from workflows.definitions import DOCUMENT_WORKFLOW, PLAN_WORKFLOW, WORKFLOWS, Workflow
from workflows.engine import TransitionRefused, fire, history

ROOT = Path(__file__).resolve().parents[2]
ALL = list(WORKFLOWS.values())
IDS = [w.name for w in ALL]


@pytest.mark.parametrize("workflow", ALL, ids=IDS)
def test_every_transition_goes_between_states_of_its_workflow(workflow: Workflow):
    names = workflow.state_names
    assert len(set(names)) == len(names)
    assert workflow.initial in names
    assert all(s.title for s in workflow.states)
    for t in workflow.transitions:
        assert {t.source, t.dest} <= set(names), t.name
    assert len({t.name for t in workflow.transitions}) == len(workflow.transitions)


@pytest.mark.parametrize("workflow", ALL, ids=IDS)
def test_open_and_closed_states_split_the_states(workflow: Workflow):
    assert workflow.open_states | workflow.closed_states == set(workflow.state_names)
    assert not workflow.open_states & workflow.closed_states
    assert workflow.initial in workflow.open_states


@pytest.mark.parametrize("workflow", ALL, ids=IDS)
def test_worklists_name_states_and_the_transitions_that_leave_them(workflow: Workflow):
    assert len({w.name for w in workflow.worklists}) == len(workflow.worklists)
    for worklist in workflow.worklists:
        assert worklist.state in workflow.state_names
        sources = {t.source for t in workflow.transitions if t.name in worklist.actions}
        assert sources == {worklist.state}, worklist.name


@pytest.mark.parametrize("workflow", ALL, ids=IDS)
def test_required_columns_name_states_and_columns_of_the_model(workflow: Workflow):
    model = next(m for m, w in WORKFLOWS.items() if w is workflow)
    for required in workflow.required:
        assert set(required.states) <= set(workflow.state_names)
        assert required.column in model.__table__.columns


def test_a_plan_is_closed_from_the_commissions_approval_on():
    approved, todo = set(), [PLAN_WORKFLOW.dest("review")]
    while todo:
        state = todo.pop()
        approved.add(state)
        todo.extend(t.dest for t in PLAN_WORKFLOW.transitions_from(state) if t.dest not in approved)
    assert PLAN_WORKFLOW.closed_states == approved


def test_public_states_are_those_every_official_reads():
    assert PLAN_WORKFLOW.public_states == {"reviewed", "reported"}
    assert DOCUMENT_WORKFLOW.public_states == {DOCUMENT_PUBLISHED}


def test_the_domain_names_the_document_states_of_the_table():
    # documents/ imports nothing of ours, so it repeats these names once (documents.models)
    assert DOCUMENT_WORKFLOW.initial == DOCUMENT_DRAFT
    assert DOCUMENT_WORKFLOW.dest("publish") == DOCUMENT_PUBLISHED
    assert DEFAULT_DOCUMENT_STATE in DOCUMENT_WORKFLOW.public_states


def test_only_the_registers_editors_read_a_document_that_is_not_published():
    for state in DOCUMENT_WORKFLOW.states:
        public = state.name in DOCUMENT_WORKFLOW.public_states
        assert state.permissions["view"] == ((AUTHENTICATED,) if public else DOCUMENT_EDITORS)


# --- the database constraints, built from the table ---------------------------------


@pytest.mark.parametrize("model", list(WORKFLOWS), ids=IDS)
def test_the_check_constraints_of_the_tables_are_built_from_the_table(app, model):
    table = model.__table__
    built = {
        f"ck_{table.name}_{c.name}": str(c.sqltext) for c in state_constraints(WORKFLOWS[model])
    }

    def bound() -> list[tuple[str, str]]:
        # other constraints of the table are not the workflow's
        return [(c.name, str(c.sqltext)) for c in table.constraints if c.name in built]

    assert sorted(bound()) == sorted(built.items())
    bind_state_constraints()  # a second call (another app) adds nothing
    assert sorted(bound()) == sorted(built.items())


def _refused_by_the_database(world: World) -> None:
    """A state outside the table, or a required column left empty, is refused."""
    session = db.session
    plan = Factory().plan(world.assignment, world.drafter)
    session.commit()
    bad_rows = [
        (Plan, plan.id, {"state": "approved"}),  # not a state of the plan workflow
        (Plan, plan.id, {"state": "reported", "report_text": "x"}),  # no reviewer
        (Plan, plan.id, {"state": "reported", "reviewed_by_id": world.reviewer.id}),
        (Document, world.directive.id, {"state": "deleted"}),
    ]
    for model, row_id, values in bad_rows:
        with pytest.raises(IntegrityError):
            with write_intent():
                session.execute(update(model).where(model.id == row_id).values(**values))
                session.flush()
        session.rollback()
    with write_intent():
        session.execute(update(Plan).where(Plan.id == plan.id).values(state="submitted"))
        session.commit()


def test_the_database_refuses_a_state_outside_the_table(world):
    _refused_by_the_database(world)


def test_the_migrated_database_refuses_a_state_outside_the_table(tmp_path):
    with fresh_instance(tmp_path, "migrated") as app, app.app_context():
        with write_intent():
            upgrade()
        _refused_by_the_database(World(Factory()))


# --- one guard in the engine ----------------------------------------------------------

INPUT = {"comment": "Đề nghị bổ sung.", "report_text": "Đã thực hiện."}
# (state, trigger, role, input, refusal code): each refusal the engine explains.
REFUSALS = [
    ("drafted", "publish", "admin", INPUT, "unknown"),
    ("drafted", "review", "reviewer", INPUT, "state"),
    ("submitted", "review", "drafter", INPUT, "permission"),
    ("submitted", "return", "reviewer", {"comment": "  "}, "comment"),
    ("submitted", "return", "reviewer", {"comment": "x" * 5_001}, "comment"),
    ("reviewed", "report", "drafter", {}, "report"),
]
PATH_TO = {
    "drafted": [],
    "submitted": [("submit", "drafter")],
    "reviewed": [("submit", "drafter"), ("review", "reviewer")],
}


def _plan_in(world: World, state: str, body: str = "Nội dung kế hoạch.") -> Plan:
    plan = Factory().plan(world.assignment, world.drafter, body=body)
    for trigger, role in PATH_TO[state]:
        fire(db.session, plan, trigger, actor=world.by_role(role), **INPUT)
    db.session.commit()
    return plan


def _unchanged(plan: Plan, before: tuple) -> None:
    assert not db.session.is_modified(plan)
    assert (plan.state, plan.version, len(history(db.session, plan))) == before


@pytest.mark.parametrize(("state", "trigger", "role", "given", "code"), REFUSALS)
def test_a_refused_transition_changes_nothing(world, state, trigger, role, given, code):
    plan = _plan_in(world, state)
    before = (plan.state, plan.version, len(history(db.session, plan)))
    with pytest.raises(TransitionRefused) as refused:
        fire(db.session, plan, trigger, actor=world.by_role(role), **given)
    assert refused.value.code == code
    _unchanged(plan, before)


def test_a_refused_transition_says_why_in_vietnamese(world):
    plan = _plan_in(world, "submitted")
    with pytest.raises(TransitionRefused) as refused:
        fire(db.session, plan, "review", actor=world.drafter)
    assert refused.value.reason == "Bạn không có quyền “Duyệt kế hoạch” đối với kế hoạch này."
    with pytest.raises(TransitionRefused) as refused:
        fire(db.session, plan, "submit", actor=world.drafter)
    assert refused.value.reason == (
        "Không thể “Gửi Ban Dân vận” khi kế hoạch đang ở trạng thái “Đã gửi, chờ duyệt”. "
        "Hãy tải lại trang để xem trạng thái mới nhất."
    )


def test_a_plan_without_content_is_not_submitted(world):
    plan = _plan_in(world, "drafted", body="   ")
    before = (plan.state, plan.version, len(history(db.session, plan)))
    with pytest.raises(TransitionRefused) as refused:
        fire(db.session, plan, "submit", actor=world.drafter)
    assert refused.value.code == "body"
    _unchanged(plan, before)


def test_a_report_too_long_to_render_leaves_the_plan_reviewed(world):
    plan = _plan_in(world, "reviewed")
    before = (plan.state, plan.version, len(history(db.session, plan)))
    with pytest.raises(BodyTooLong):
        fire(db.session, plan, "report", actor=world.drafter, report_text="x" * 200_001)
    _unchanged(plan, before)


# --- no state name outside workflows/ -------------------------------------------------

STATE_NAMES = frozenset(name for w in ALL for name in w.state_names)
SCANNED = ("portal", "documents", "search_index")
# (file, literal) pairs where a state's name is legitimate outside the workflow table.
ALLOWED = {
    # documents/ imports nothing of ours: the domain names the publication states it relies
    # on once (test_the_domain_names_the_document_states_of_the_table holds them equal).
    ("documents/models.py", DOCUMENT_DRAFT),
    ("documents/models.py", DOCUMENT_PUBLISHED),
    # Notification kinds, named after the event that causes them, not states.
    ("documents/notifications.py", "submitted"),
    ("documents/notifications.py", "reviewed"),
    ("documents/notifications.py", "reported"),
    ("documents/notifications.py", "published"),
}
# migrations/ is not scanned: a migration writes the states of its day, as literals.
TEMPLATE_LITERAL = re.compile("[\"']({})[\"']".format("|".join(sorted(STATE_NAMES))))


def _python_literals() -> set[tuple[str, str, int]]:
    found = set()
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and node.value in STATE_NAMES:
                    found.add((relative, node.value, node.lineno))
    return found


def test_no_state_name_is_written_outside_the_workflow_table():
    stray = {(f, v, n) for f, v, n in _python_literals() if (f, v) not in ALLOWED}
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in TEMPLATE_LITERAL.finditer(line):
                stray.add((path.relative_to(ROOT).as_posix(), match.group(1), number))
    assert stray == set()


def test_the_scan_sees_a_state_name():
    assert ("documents/models.py", DOCUMENT_PUBLISHED) in {(f, v) for f, v, _ in _python_literals()}
