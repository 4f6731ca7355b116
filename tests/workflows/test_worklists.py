"""Worklists read from the workflow table, and a returned plan that cannot be missed."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import AuthActions
from workflows.definitions import PLAN_WORKFLOW
from workflows.engine import fire
from workflows.worklists import (
    RESULT_STATES,
    WORKLISTS,
    is_returned,
    worklist_counts,
    worklist_summary,
    worklists_for,
)

COMMENT = "Đề nghị bổ sung chỉ tiêu kết nạp đoàn viên mới."
BADGE = "Bị trả lại — cần sửa"


def returned_plan(world, factory, session):
    plan = factory.plan(world.assignment, world.drafter, title="Kế hoạch Rạch Giá")
    fire(session, plan, "submit", actor=world.drafter)
    fire(session, plan, "return", actor=world.reviewer, comment=COMMENT)
    session.commit()
    return plan


def test_worklists_name_only_states_and_transitions_of_the_workflow():
    for worklist in WORKLISTS:
        assert worklist.state in PLAN_WORKFLOW.state_names
        sources = {t.source for t in PLAN_WORKFLOW.transitions if t.name in worklist.actions}
        assert sources == {worklist.state}


def test_a_submitted_plan_waits_for_the_reviewer_not_for_the_unit(world, factory, session):
    plan = factory.plan(world.assignment, world.drafter)
    fire(session, plan, "submit", actor=world.drafter)
    session.commit()
    assert worklist_counts(session, world.reviewer)["to_review"] == 1
    assert worklist_counts(session, world.drafter)["to_review"] == 0
    assert sum(worklist_counts(session, world.reader).values()) == 0


def test_a_returned_plan_waits_for_its_unit_on_its_own_list(world, factory, session):
    plan = returned_plan(world, factory, session)
    assert is_returned(plan)
    lists = {w.name: items for w, items in worklists_for(session, world.drafter)}
    assert lists["returned"] == [plan] and lists["to_submit"] == []
    assert sum(worklist_counts(session, world.other_drafter).values()) == 0
    assert worklist_counts(session, world.reviewer)["to_review"] == 0


def test_a_fresh_draft_is_not_returned(world, factory, session):
    plan = factory.plan(world.assignment, world.drafter)
    session.commit()
    assert not is_returned(plan)
    assert worklist_counts(session, world.drafter) == {
        "to_review": 0,
        "returned": 0,
        "to_submit": 1,
        "to_report": 0,
    }


def test_resubmitting_takes_the_plan_off_the_returned_list(world, factory, session):
    plan = returned_plan(world, factory, session)
    fire(session, plan, "submit", actor=world.drafter)
    session.commit()
    assert not is_returned(plan)
    assert worklist_counts(session, world.drafter)["returned"] == 0
    assert worklist_counts(session, world.reviewer)["to_review"] == 1


def test_unit_home_plans_list_and_matrix_show_the_returned_badge(world, factory, session, client):
    plan = returned_plan(world, factory, session)
    AuthActions(client).login("drafter")
    home = client.get("/").get_data(as_text=True)
    assert BADGE in home and "Chờ tôi xử lý" in home
    assert 'class="badge work-count"' in home
    assert BADGE in client.get("/plans/").get_data(as_text=True)
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert page.index(COMMENT) < page.index("Nội dung kế hoạch.")  # the comment comes first
    AuthActions(client).logout()
    AuthActions(client).login("reviewer")
    matrix = client.get(f"/assignments/documents/{world.directive.id}/coverage")
    assert BADGE in matrix.get_data(as_text=True)
    assert f'href="/plans/{plan.id}"' in matrix.get_data(as_text=True)


def test_reviewer_reads_a_returned_plan_but_cannot_change_it(world, factory, session, client):
    plan = returned_plan(world, factory, session)
    AuthActions(client).login("reviewer")
    page = client.get(f"/plans/{plan.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert COMMENT in text and BADGE in text
    assert f"/plans/{plan.id}/edit" not in text
    assert "/transitions/" not in text
    assert client.get(f"/plans/{plan.id}/edit").status_code == 403


def test_a_draft_never_submitted_stays_hidden_from_the_commission(world, factory, session, client):
    plan = factory.plan(world.assignment, world.drafter)
    session.commit()
    AuthActions(client).login("reviewer")
    assert client.get(f"/plans/{plan.id}").status_code == 404


def test_views_do_not_name_plan_states():
    """The home page reads the worklists; state names live in the workflow table."""
    root = Path(__file__).resolve().parents[2]
    source = (root / "portal" / "dashboard" / "__init__.py").read_text(encoding="utf-8")
    for state in PLAN_WORKFLOW.state_names:
        assert f'"{state}"' not in source and f"'{state}'" not in source


def test_results_are_entered_once_the_commission_has_approved():
    assert RESULT_STATES == {"reviewed", "reported"}


def test_templates_do_not_name_plan_states():
    root = Path(__file__).resolve().parents[2] / "templates"
    for name in ("dashboard/home.html", "plans/view.html", "followup/coverage.html"):
        source = (root / name).read_text(encoding="utf-8")
        for state in PLAN_WORKFLOW.state_names:
            assert f"'{state}'" not in source, (name, state)


def test_the_api_gets_the_worklists_as_plain_data(world, factory, session):
    plan = returned_plan(world, factory, session)
    summary = {w["name"]: w for w in worklist_summary(session, world.drafter)}
    assert summary["returned"]["count"] == 1
    assert summary["returned"]["items"] == [
        {
            "id": plan.id,
            "title": "Kế hoạch Rạch Giá",
            "unit": "Thành ủy Rạch Giá",
            "state": "drafted",
            "returned": True,
        }
    ]
