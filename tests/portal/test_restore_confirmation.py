"""Restoring a version asks first (issue #13, item 6): the versions page links to a
confirmation page (plain HTML, no JavaScript) that shows what will change; GET changes
nothing, only the POST with its CSRF token restores."""

from __future__ import annotations

from documents.db import db
from documents.plans import PlanInput, update_plan
from documents.versions import versions_of
from tests.conftest import AuthActions, csrf_from
from tests.fixtures.documents import save_document


def test_restoring_a_plan_version_shows_the_changes_and_needs_the_post(world, factory, client):
    plan = factory.plan(world.assignment, world.drafter, body="1. Quán triệt.\n2. Rà soát.")
    update_plan(db.session, plan, PlanInput(plan.title, "1. Quán triệt.\n2. Kết nạp."))
    db.session.commit()
    AuthActions(client).login("drafter")
    versions = client.get(f"/plans/{plan.id}/versions").get_data(as_text=True)
    assert 'method="post"' not in versions.split("<main", 1)[1].split("</table>")[0]
    assert f'href="/plans/{plan.id}/versions/1/restore"' in versions

    confirm = client.get(f"/plans/{plan.id}/versions/1/restore")
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert "Khôi phục phiên bản 1?" in page and "Hiện tại (phiên bản 2)" in page
    assert '<mark class="diff-changed">Kết</mark>' in page  # goes
    assert '<mark class="diff-changed">Rà</mark>' in page  # comes back
    assert f'action="/plans/{plan.id}/versions/1/restore"' in page and "csrf_token" in page
    assert len(versions_of(db.session, plan)) == 2  # GET changed nothing

    refused = client.post(f"/plans/{plan.id}/versions/1/restore", data={})
    assert refused.status_code == 400
    assert len(versions_of(db.session, plan)) == 2

    done = client.post(f"/plans/{plan.id}/versions/1/restore", data={"csrf_token": csrf_from(page)})
    assert done.status_code == 302
    db.session.expire_all()
    assert plan.body == "1. Quán triệt.\n2. Rà soát."
    assert [v.number for v in versions_of(db.session, plan)] == [3, 2, 1]
    same = client.get(f"/plans/{plan.id}/versions/1/restore").get_data(as_text=True)
    assert "có cùng nội dung với phiên bản hiện tại (3)" in same
    assert f'action="/plans/{plan.id}/versions/1/restore"' not in same


def test_restoring_a_document_version_shows_changed_fields_summary_and_body(world, session, client):
    document = world.directive
    for place, body in (("Rạch Giá", "Nội dung cũ."), ("Hà Tiên", "Nội dung mới.")):
        save_document(session, document, world.reviewer, place=place, body=body)
    session.commit()
    AuthActions(client).login("reviewer")
    versions = client.get(f"/documents/{document.id}/versions").get_data(as_text=True)
    assert f'href="/documents/{document.id}/versions/1/restore"' in versions
    page = client.get(f"/documents/{document.id}/versions/1/restore").get_data(as_text=True)
    assert "Địa danh" in page and "Hà Tiên" in page and "Rạch Giá" in page
    assert '<mark class="diff-changed">cũ.</mark>' in page
    assert len(versions_of(session, document)) == 2
    done = client.post(
        f"/documents/{document.id}/versions/1/restore", data={"csrf_token": csrf_from(page)}
    )
    assert done.status_code == 302
    session.expire_all()
    assert document.place == "Rạch Giá" and len(versions_of(session, document)) == 3


def test_only_the_units_editors_get_the_restore_confirmation_of_a_draft(world, factory, client):
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    AuthActions(client).login("head")
    assert client.get(f"/plans/{plan.id}/versions/1/restore").status_code == 200
    AuthActions(client).logout()
    AuthActions(client).login("other")
    assert client.get(f"/plans/{plan.id}/versions/1/restore").status_code == 404
