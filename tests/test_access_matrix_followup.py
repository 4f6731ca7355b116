"""Every role × every document state × every follow-up route (assigning, the coverage
matrix and its exports, urging, inspections, review events, key figures and results),
the unit's inbox and the start of a plan gets exactly the expected status (issue #6,
item 5).

The commission acts and the commission and the administrators read
(``FOLLOW_UP_ACT``/``FOLLOW_UP_READ``, checked against ``documents.followup.assignments``); a unit's
drafters and heads (the principals that may edit a plan in its initial state) start its
plans, enter its results and send its review reports; a notice is read by the members of
the unit it is addressed to, and is as missing as an unknown id for everybody else.
"""

from __future__ import annotations

import pytest

from tests.access_scenes import (
    DONE,
    FOLLOW_UP_ACT,
    FOLLOW_UP_READ,
    OK_GET,
    UNIT_WORK,
    Case,
    Clients,
    Rules,
    Scene,
    SceneMaker,
    run_matrix,
)
from workflows.definitions import COMMISSION_REVIEWER, DOCUMENT_WORKFLOW, UNIT_MEMBER


def follow_up(ok: int, *, act: bool = False, read_first: bool = False, issued: bool = False):
    """Readers of the follow-up see it, the commission acts; the document must be one the
    role may view. ``read_first``: the view checks reading before acting (GET and POST
    share the view), so a reader who may not act gets 403 only after the 404 check."""

    def expected(rules: Rules, role: str, scene: Scene) -> int:
        if role == "anonymous":
            return DONE
        if not rules.may(role, FOLLOW_UP_READ if (read_first or not act) else FOLLOW_UP_ACT):
            return 403
        if not rules.document_may(role, scene.state, "view"):
            return 404
        if act and not rules.may(role, FOLLOW_UP_ACT):
            return 403
        if issued and scene.state != "published":
            return 422  # refused, form shown again: only issued documents are assigned
        return ok

    return expected


def commission_only(ok: int):
    """Records that are not a document's page (an assignment's urgings, an inspection's
    tasks): the commission acts on them whatever state the document is in."""

    def expected(rules: Rules, role: str, scene: Scene) -> int:
        if role == "anonymous":
            return DONE
        return ok if rules.may(role, FOLLOW_UP_ACT) else 403

    return expected


def follow_up_reader(ok: int):
    def expected(rules: Rules, role: str, scene: Scene) -> int:
        if role == "anonymous":
            return DONE
        return ok if rules.may(role, FOLLOW_UP_READ) else 403

    return expected


def unit_work(ok: int, *, commission_reads: bool = False, plan_exists: bool = False):
    """The assignment's unit works on it; the commission may look at its results. Its
    members and the follow-up's readers see it but may not act (403); for anybody else
    another unit's assignment is as missing as an unknown id (404)."""

    def expected(rules: Rules, role: str, scene: Scene) -> int:
        if role == "anonymous":
            return DONE
        unit_id = scene.assignment.unit_id
        if rules.may(role, UNIT_WORK, unit_id):
            return DONE if plan_exists else ok
        if commission_reads and ok == OK_GET and rules.may(role, (COMMISSION_REVIEWER,)):
            return OK_GET
        if rules.may(role, FOLLOW_UP_READ) or rules.may(role, (UNIT_MEMBER,), unit_id):
            return 403
        return 404

    return expected


def notice_reader(rules: Rules, role: str, scene: Scene) -> int:
    if role == "anonymous":
        return DONE
    return DONE if rules.may(role, (UNIT_MEMBER,), scene.note.unit_id) else 404


def results_form(scene: Scene) -> dict:
    return {"year": 2019, f"figure_{scene.figure.id}": 12}


def under(scene: Scene) -> str:
    return f"/assignments/documents/{scene.document.id}"


CASES = [
    Case("assignments.index", "GET", lambda s: "/assignments/", follow_up_reader(OK_GET)),
    Case("assignments.assign", "GET", lambda s: f"{under(s)}/assign",
         follow_up(OK_GET, act=True)),
    Case("assignments.assign", "POST", lambda s: f"{under(s)}/assign",
         follow_up(DONE, act=True, issued=True),
         lambda s: {"group": "custom", "units": [s.other_unit_id],
                    "deliverable": "Kế hoạch thực hiện", "due_on": "2019-10-30", "clause": ""}),
    Case("assignments.coverage", "GET", lambda s: f"{under(s)}/coverage", follow_up(OK_GET)),
    Case("assignments.coverage_export", "GET", lambda s: f"{under(s)}/coverage.csv",
         follow_up(OK_GET), label="csv"),
    Case("assignments.coverage_export", "GET", lambda s: f"{under(s)}/coverage.xlsx",
         follow_up(OK_GET), label="xlsx"),
    Case("assignments.coverage_export", "GET", lambda s: f"{under(s)}/coverage.exe",
         follow_up(404), label="unknown format"),
    Case("assignments.figures", "GET", lambda s: f"{under(s)}/figures", follow_up(OK_GET)),
    Case("assignments.figures", "POST", lambda s: f"{under(s)}/figures",
         follow_up(DONE, act=True, read_first=True),
         lambda s: {"label": "Số tổ hội mới", "unit_label": "tổ"}),
    Case("assignments.inspections", "GET", lambda s: f"{under(s)}/inspections",
         follow_up(OK_GET)),
    Case("assignments.new_inspection", "GET", lambda s: f"{under(s)}/inspections/new",
         follow_up(OK_GET, act=True)),
    Case("assignments.new_inspection", "POST", lambda s: f"{under(s)}/inspections/new",
         follow_up(DONE, act=True),
         lambda s: {"unit": s.assignment.unit_id, "kind": "giam_sat", "held_on": "2019-09-18",
                    "team": "Tổ giám sát", "findings": "Đạt.", "tasks": "Việc một"}),
    Case("assignments.report", "GET", lambda s: f"{under(s)}/report",
         follow_up(OK_GET, act=True), label="form"),
    Case("assignments.report", "GET", lambda s: f"{under(s)}/report?year=2019&format=docx",
         follow_up(OK_GET, act=True), label="docx"),
    Case("assignments.reviews", "GET", lambda s: f"{under(s)}/reviews", follow_up(OK_GET)),
    Case("assignments.reviews", "POST", lambda s: f"{under(s)}/reviews",
         follow_up(DONE, act=True, read_first=True),
         lambda s: {"kind": "tong_ket", "level": "province", "due_on": "2019-12-31"}),
    Case("assignments.urge_many", "POST", lambda s: f"{under(s)}/urge",
         follow_up(DONE, act=True),
         lambda s: {"assignments": [s.assignment.id], "level": "next", "message": ""}),
    Case("assignments.urge_one", "GET", lambda s: f"/assignments/{s.assignment.id}/urge",
         commission_only(OK_GET)),
    Case("assignments.urge_one", "POST", lambda s: f"/assignments/{s.assignment.id}/urge",
         commission_only(DONE), lambda s: {"level": "nhac_nho", "message": "Đề nghị khẩn trương."}),
    Case("assignments.deadline", "GET", lambda s: f"/assignments/{s.assignment.id}/deadline",
         commission_only(OK_GET)),
    Case("assignments.deadline", "POST", lambda s: f"/assignments/{s.assignment.id}/deadline",
         commission_only(DONE), lambda s: {"due_on": "2019-10-31", "reason": "Bão lụt"}),
    Case("assignments.inspection", "GET",
         lambda s: f"/assignments/inspections/{s.inspection.id}", follow_up_reader(OK_GET)),
    Case("assignments.add_inspection_task", "POST",
         lambda s: f"/assignments/inspections/{s.inspection.id}/tasks", commission_only(DONE),
         lambda s: {"description": "Kiện toàn chi hội", "due_on": "2019-11-30"}),
    Case("assignments.task_status", "POST", lambda s: f"/assignments/tasks/{s.task_id}/status",
         commission_only(DONE), lambda s: {"status": "done"}),
    Case("assignments.review_report", "GET",
         lambda s: f"/assignments/reviews/{s.event.id}/report", unit_work(OK_GET)),
    Case("assignments.review_report", "POST",
         lambda s: f"/assignments/reviews/{s.event.id}/report", unit_work(DONE),
         lambda s: {"body": "Đơn vị đã sơ kết."}),
    Case("assignments.results", "GET", lambda s: f"/assignments/{s.assignment.id}/results",
         unit_work(OK_GET, commission_reads=True)),
    Case("assignments.results", "POST", lambda s: f"/assignments/{s.assignment.id}/results",
         unit_work(DONE, commission_reads=True), results_form),
    Case("plans.new", "GET", lambda s: f"/plans/new?assignment={s.open_assignment.id}",
         unit_work(OK_GET), label="no plan yet"),
    Case("plans.new", "GET", lambda s: f"/plans/new?assignment={s.assignment.id}",
         unit_work(OK_GET, plan_exists=True), label="plan exists"),
    Case("plans.new", "POST", lambda s: f"/plans/new?assignment={s.open_assignment.id}",
         unit_work(DONE), lambda s: {"title": "Kế hoạch thực hiện", "body": "Nội dung."}),
    Case("inbox.read", "POST", lambda s: f"/inbox/{s.note.id}/read", notice_reader),
]  # fmt: skip


@pytest.fixture
def rules(world) -> Rules:
    return Rules(world)


def test_role_state_route_matrix_for_follow_up_inbox_and_new_plans(app, world, factory, rules):
    app.config["INDEX_IN_PROCESS"] = False  # no search here: the index need not follow
    make_scene = SceneMaker(app, world, factory)
    failures = run_matrix(rules, Clients(app), make_scene, CASES, DOCUMENT_WORKFLOW.state_names)
    assert failures == []
