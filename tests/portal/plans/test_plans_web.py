"""The plan journeys through the web: draft, submit, return, resubmit, review, report."""

from __future__ import annotations

import re

import pytest

from documents.db import db
from documents.models import Plan
from tests.conftest import AuthActions, csrf_from
from tests.fixtures.web import page, post_transition
from workflows.engine import fire, history


def buttons(html):
    return set(re.findall(r'/transitions/(\w+)"', html))


def test_drafter_sees_the_assignment_and_drafts_edits_and_submits(world, client, auth):
    auth.login("drafter")
    _, home = page(client, "/")
    assert "11-CT/TU</a>" in home and "kế hoạch thực hiện, " in home and "hạn 30/9/2019" in home
    assert "còn 12 ngày" in home

    _, form = page(client, f"/plans/new?assignment={world.assignment.id}")
    response = client.post(
        "/plans/new",
        data={
            "csrf_token": csrf_from(form),
            "assignment": world.assignment.id,
            "title": "Kế hoạch của Thành ủy Rạch Giá",
            "body": "## Nội dung\n\n1. Quán triệt",
        },
    )
    assert response.status_code == 302
    plan = db.session.scalars(db.select(Plan)).one()
    assert plan.state == "drafted" and "<h2>Nội dung</h2>" in plan.body_html

    _, edit = page(client, f"/plans/{plan.id}/edit")
    response = client.post(
        f"/plans/{plan.id}/edit",
        data={
            "csrf_token": csrf_from(edit),
            "version": plan.version,
            "title": "Kế hoạch của Thành ủy Rạch Giá (sửa)",
            "body": "Nội dung mới",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert plan.title.endswith("(sửa)")

    _, view = page(client, f"/plans/{plan.id}")
    assert buttons(view) == {"submit"}
    assert post_transition(client, plan.id, "submit").status_code == 302
    db.session.expire_all()
    assert plan.state == "submitted"


def test_reviewer_returns_with_comment_then_approves_and_unit_reports(world, factory, client, app):
    plan = factory.plan(world.assignment, world.drafter)
    fire(db.session, plan, "submit", actor=world.drafter)
    db.session.commit()
    reviewer = AuthActions(client)
    reviewer.login("reviewer")
    _, home = page(client, "/")
    assert "Kế hoạch chờ duyệt (1)" in home and f"/plans/{plan.id}" in home

    _, view = page(client, f"/plans/{plan.id}")
    assert buttons(view) == {"return", "review"}
    refused = post_transition(client, plan.id, "return", comment="")
    assert refused.status_code == 422
    assert "Cần nhập ý kiến" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert plan.state == "submitted" and len(history(db.session, plan)) == 1

    comment = "Đề nghị bổ sung chỉ tiêu rà soát đoàn viên <b>theo ấp</b>."
    assert post_transition(client, plan.id, "return", comment=comment).status_code == 302
    reviewer.logout()

    drafter_client = app.test_client()
    AuthActions(drafter_client).login("drafter")
    _, view = page(drafter_client, f"/plans/{plan.id}")
    assert "Đề nghị bổ sung chỉ tiêu rà soát đoàn viên &lt;b&gt;theo ấp&lt;/b&gt;." in view
    assert post_transition(drafter_client, plan.id, "submit").status_code == 302

    AuthActions(client).login("reviewer")
    assert post_transition(client, plan.id, "review").status_code == 302
    _, view = page(drafter_client, f"/plans/{plan.id}")
    assert buttons(view) == {"report"}
    missing = post_transition(drafter_client, plan.id, "report", report_text="")
    assert missing.status_code == 422
    done = post_transition(drafter_client, plan.id, "report", report_text="Đã củng cố 12 chi hội.")
    assert done.status_code == 302
    db.session.expire_all()
    assert plan.state == "reported"
    _, view = page(drafter_client, f"/plans/{plan.id}")
    assert buttons(view) == set()
    steps = [(e.from_state, e.to_state) for e in history(db.session, plan)]
    assert steps == [
        ("drafted", "submitted"),
        ("submitted", "drafted"),
        ("drafted", "submitted"),
        ("submitted", "reviewed"),
        ("reviewed", "reported"),
    ]
    for label in ("Đã gửi, chờ duyệt", "Trả lại để chỉnh sửa", "Đã báo cáo kết quả"):
        assert label in view


def test_two_reviewers_at_once_one_wins_the_other_gets_409(world, factory, app):
    plan = factory.plan(world.assignment, world.drafter)
    fire(db.session, plan, "submit", actor=world.drafter)
    db.session.commit()
    first, second = app.test_client(), app.test_client()
    forms = []
    for c in (first, second):
        AuthActions(c).login("reviewer")
        _, html = page(c, f"/plans/{plan.id}")
        forms.append({"csrf_token": csrf_from(html), "version": plan.version})
    assert first.post(f"/plans/{plan.id}/transitions/review", data=forms[0]).status_code == 302
    late = second.post(
        f"/plans/{plan.id}/transitions/return", data={**forms[1], "comment": "Trả lại"}
    )
    assert late.status_code == 409
    assert "người khác thay đổi" in late.get_data(as_text=True)
    db.session.expire_all()
    assert plan.state == "reviewed"
    assert len(history(db.session, plan)) == 2  # submit + review


def test_concurrent_commit_on_a_stale_row_fails_on_the_version_column(world, factory, app):
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import StaleDataError

    plan = factory.plan(world.assignment, world.drafter)
    fire(db.session, plan, "submit", actor=world.drafter)
    db.session.commit()
    with (
        Session(db.engine, expire_on_commit=False) as one,
        Session(db.engine, expire_on_commit=False) as two,
    ):
        mine, theirs = one.get(Plan, plan.id), two.get(Plan, plan.id)
        reviewer_one = one.get(type(world.reviewer), world.reviewer.id)
        reviewer_two = two.get(type(world.reviewer), world.reviewer.id)
        one.commit()  # end the read transactions; the loaded rows stay in each session
        two.commit()
        fire(one, mine, "review", actor=reviewer_one)
        one.commit()
        with pytest.raises(StaleDataError):
            fire(two, theirs, "return", actor=reviewer_two, comment="Trả lại")
            two.commit()
        two.rollback()
    db.session.commit()
    assert plan.state == "reviewed" and len(history(db.session, plan)) == 2


def test_transition_by_get_or_without_csrf_changes_nothing(world, factory, client, auth):
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    auth.login("drafter")
    assert client.get(f"/plans/{plan.id}/transitions/submit").status_code == 405
    no_token = client.post(f"/plans/{plan.id}/transitions/submit", data={"version": plan.version})
    assert no_token.status_code == 400
    db.session.expire_all()
    assert plan.state == "drafted" and history(db.session, plan) == []


def test_drafts_are_invisible_to_other_units_and_the_commission(world, factory, app):
    plan = factory.plan(world.assignment, world.drafter, title="Dự thảo riêng của Rạch Giá")
    db.session.commit()
    for username in ("other", "reviewer", "reader"):
        c = app.test_client()
        AuthActions(c).login(username)
        assert c.get(f"/plans/{plan.id}").status_code == 404
        assert c.get(f"/plans/{plan.id}/edit").status_code == 404
        assert c.get("/plans/999999").status_code == 404
        assert plan.title not in c.get("/plans/").get_data(as_text=True)


def test_other_unit_cannot_fire_or_draft_for_a_unit(world, factory, client, auth):
    plan = factory.plan(world.assignment, world.drafter)
    fire(db.session, plan, "submit", actor=world.drafter)
    fire(db.session, plan, "review", actor=world.reviewer)
    db.session.commit()
    auth.login("other")
    _, view = page(client, f"/plans/{plan.id}")  # reviewed plans are readable by officials
    assert buttons(view) == set()
    token = csrf_from(view)
    forbidden = client.post(
        f"/plans/{plan.id}/transitions/report",
        data={"csrf_token": token, "version": plan.version, "report_text": "x"},
    )
    assert forbidden.status_code == 403
    assert (
        client.get(f"/plans/new?assignment={world.assignment.id}").status_code == 404
    )  # as if missing


def test_invalid_plan_form_comes_back_filled_in(world, client, auth):
    auth.login("drafter")
    _, form = page(client, f"/plans/new?assignment={world.assignment.id}")
    body = "Nội dung đã soạn rất dài, không được mất."
    response = client.post(
        "/plans/new",
        data={
            "csrf_token": csrf_from(form),
            "title": "",
            "assignment": world.assignment.id,
            "body": body,
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Cần nhập tên kế hoạch." in html and body in html
    assert db.session.scalars(db.select(Plan)).all() == []


def test_script_and_javascript_links_in_a_plan_body_are_harmless(world, client, auth):
    auth.login("drafter")
    _, form = page(client, f"/plans/new?assignment={world.assignment.id}")
    body = (
        "[bấm vào đây](javascript:alert(1)) <script>alert('x')</script> "
        "<img src=x onerror=alert(2)> [ảnh](data:text/html;base64,PHNjcmlwdD4=)"
    )
    client.post(
        "/plans/new",
        data={
            "csrf_token": csrf_from(form),
            "title": "<i>T</i>",
            "assignment": world.assignment.id,
            "body": body,
        },
    )
    plan = db.session.scalars(db.select(Plan)).one()
    _, html = page(client, f"/plans/{plan.id}")
    for bad in ("javascript:", "<script>alert", "onerror", "data:text/html", "<i>T</i>"):
        assert bad not in html
    assert "&lt;i&gt;T&lt;/i&gt;" in html


def test_unknown_ids_are_404(world, client, auth):
    auth.login("drafter")
    assert client.get("/plans/424242").status_code == 404
    assert client.get("/documents/424242").status_code == 404
    assert client.get("/plans/new?assignment=424242").status_code == 404
