"""Plan versions through the web: a returned plan is revised, both versions are listed
beside the reviewer's comment, compared side by side and an old one restored."""

from __future__ import annotations

from documents.db import db
from documents.versions import versions_of
from tests.conftest import AuthActions, csrf_from
from workflows.engine import fire


def test_revised_plan_keeps_versions_and_the_review_comment(world, factory, client):
    plan = factory.plan(world.assignment, world.drafter, body="Bản đầu <script>x</script>")
    fire(db.session, plan, "submit", actor=world.drafter)
    fire(db.session, plan, "return", actor=world.reviewer, comment="Bổ sung chỉ tiêu theo ấp.")
    db.session.commit()
    AuthActions(client).login("drafter")
    form = client.get(f"/plans/{plan.id}/edit").get_data(as_text=True)
    saved = client.post(
        f"/plans/{plan.id}/edit",
        data={
            "csrf_token": csrf_from(form),
            "version": plan.version,
            "title": plan.title,
            "body": "Bản sửa theo góp ý",
        },
    )
    assert saved.status_code == 302
    html = client.get(f"/plans/{plan.id}/versions").get_data(as_text=True)
    assert "Bổ sung chỉ tiêu theo ấp." in html and "Khôi phục" in html
    diff = client.get(f"/plans/{plan.id}/versions/compare?a=1&b=2").get_data(as_text=True)
    assert '<mark class="diff-changed">' in diff and "<script>x" not in diff
    restored = client.post(
        f"/plans/{plan.id}/versions/1/restore", data={"csrf_token": csrf_from(html)}
    )
    assert restored.status_code == 302
    db.session.expire_all()
    assert plan.body.startswith("Bản đầu") and versions_of(db.session, plan)[0].number == 3


def test_other_units_cannot_see_a_draft_plans_versions(world, factory, app):
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    other = app.test_client()
    AuthActions(other).login("other")
    assert other.get(f"/plans/{plan.id}/versions").status_code == 404
    assert other.get(f"/plans/{plan.id}/versions/compare?a=1&b=1").status_code == 404
