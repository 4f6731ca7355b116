"""/api/v1/plans: the plan pages' rules, as JSON, with ETag and If-Match."""

from __future__ import annotations

from documents.db import db
from documents.models import Plan
from tests.fixtures.api import bearer, token
from workflows.engine import fire
from workflows.models import WorkflowEvent


def _plan(factory, world):
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    return plan


def test_drafter_reads_own_plan_with_etag_history_and_versions(client, world, factory):
    plan = _plan(factory, world)
    response = client.get(f"/api/v1/plans/{plan.id}", headers=bearer(token(world.drafter)))
    assert response.status_code == 200
    data = response.get_json()
    assert data["state"] == "drafted" and data["unit"]["id"] == world.unit.id
    assert data["transitions"] == ["submit"] and data["may_edit"] is True
    assert [v["number"] for v in data["versions"]] == [1] and data["history"] == []
    assert response.headers["ETag"] == f'"plan-{plan.id}-v{plan.version}"'


def test_a_draft_of_another_unit_answers_404_like_a_missing_id(client, world, factory):
    plan = _plan(factory, world)
    other = bearer(token(world.other_drafter))
    assert client.get(f"/api/v1/plans/{plan.id}", headers=other).status_code == 404
    assert client.get("/api/v1/plans/999999", headers=other).status_code == 404
    listing = client.get("/api/v1/plans/", headers=other).get_json()
    assert listing["total"] == 0 and listing["items"] == []


def test_without_a_token_the_api_answers_401_even_for_a_logged_in_browser(
    client, world, factory, auth
):
    plan = _plan(factory, world)
    response = client.get(f"/api/v1/plans/{plan.id}")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    auth.login("drafter")  # the session cookie is not an API credential
    assert client.get(f"/api/v1/plans/{plan.id}").status_code == 401
    bad = client.get(f"/api/v1/plans/{plan.id}", headers=bearer("dp_not-a-token"))
    assert bad.status_code == 401 and "thu hồi" in bad.get_json()["detail"]


def test_drafter_creates_a_plan_with_a_write_token_only(client, world):
    body = {"assignment_id": world.assignment.id, "title": "Kế hoạch 15-KH/TU", "body": "Nội dung"}
    refused = client.post("/api/v1/plans/", json=body, headers=bearer(token(world.drafter)))
    assert refused.status_code == 403 and "write" in refused.get_json()["detail"]
    assert db.session.scalar(db.select(db.func.count(Plan.id))) == 0
    made = client.post(
        "/api/v1/plans/", json=body, headers=bearer(token(world.drafter, write=True))
    )
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["title"] == "Kế hoạch 15-KH/TU" and made.headers["ETag"]


def test_another_units_drafter_cannot_create_the_plan_of_an_assignment(client, world):
    body = {"assignment_id": world.assignment.id, "title": "Không được"}
    response = client.post(
        "/api/v1/plans/", json=body, headers=bearer(token(world.other_drafter, write=True))
    )
    assert response.status_code == 404  # the other unit's assignment is as good as missing
    assert db.session.scalar(db.select(db.func.count(Plan.id))) == 0


def test_edit_needs_if_match_and_refuses_a_stale_one(client, world, factory):
    plan = _plan(factory, world)
    headers = bearer(token(world.drafter, write=True))
    url = f"/api/v1/plans/{plan.id}"
    missing = client.patch(url, json={"title": "Mới"}, headers=headers)
    assert missing.status_code == 428 and missing.mimetype == "application/problem+json"
    etag = client.get(url, headers=headers).headers["ETag"]
    stale = client.patch(url, json={"title": "Mới"}, headers={**headers, "If-Match": '"plan-1-v0"'})
    assert stale.status_code == 412
    db.session.refresh(plan)
    assert plan.title == "Kế hoạch thực hiện"
    done = client.patch(url, json={"title": "Mới"}, headers={**headers, "If-Match": etag})
    assert done.status_code == 200 and done.get_json()["title"] == "Mới"
    assert done.headers["ETag"] != etag
    again = client.patch(url, json={"title": "Lần nữa"}, headers={**headers, "If-Match": etag})
    assert again.status_code == 412


def test_drafter_submits_and_reviewer_returns_with_a_comment(client, world, factory):
    plan = _plan(factory, world)
    url = f"/api/v1/plans/{plan.id}"
    drafter = bearer(token(world.drafter, write=True))
    etag = client.get(url, headers=drafter).headers["ETag"]
    submitted = client.post(
        f"{url}/transitions/submit", json={}, headers={**drafter, "If-Match": etag}
    )
    assert submitted.status_code == 200 and submitted.get_json()["state"] == "submitted"
    reviewer = bearer(token(world.reviewer, write=True), **{"If-Match": submitted.headers["ETag"]})
    no_comment = client.post(f"{url}/transitions/return", json={}, headers=reviewer)
    assert no_comment.status_code == 422
    problem = no_comment.get_json()
    assert problem["errors"][0]["field"] == "comment" and problem["detail"]
    db.session.refresh(plan)
    assert plan.state == "submitted"
    returned = client.post(
        f"{url}/transitions/return", json={"comment": "Bổ sung chỉ tiêu"}, headers=reviewer
    )
    # A returned plan stays readable to the commission (read-only), so the answer is the plan.
    assert returned.status_code == 200 and returned.get_json()["state"] == "drafted"
    db.session.refresh(plan)
    assert plan.state == "drafted"
    events = db.session.scalars(db.select(WorkflowEvent).order_by(WorkflowEvent.id)).all()
    assert [(e.transition, e.comment) for e in events][-1] == ("return", "Bổ sung chỉ tiêu")


def test_a_transition_the_workflow_refuses_changes_nothing(client, world, factory):
    plan = _plan(factory, world)
    url = f"/api/v1/plans/{plan.id}"
    drafter = bearer(token(world.drafter, write=True))
    etag = client.get(url, headers=drafter).headers["ETag"]
    review = client.post(
        f"{url}/transitions/review", json={}, headers={**drafter, "If-Match": etag}
    )
    assert review.status_code in (403, 409) and review.get_json()["detail"]
    unknown = client.post(f"{url}/transitions/fly", json={}, headers={**drafter, "If-Match": etag})
    assert unknown.status_code == 404
    db.session.refresh(plan)
    assert (
        plan.state == "drafted"
        and db.session.scalar(db.select(db.func.count(WorkflowEvent.id))) == 0
    )


def test_list_filters_by_state_and_pages_with_links(client, world, factory):
    mine_plan = _plan(factory, world)
    other = factory.plan(world.other_assignment, world.other_drafter)
    db.session.commit()
    reviewer = bearer(token(world.reviewer))
    # the commission sees no drafts at all
    assert client.get("/api/v1/plans/", headers=reviewer).get_json()["total"] == 0
    fire(db.session, mine_plan, "submit", actor=world.drafter)
    fire(db.session, other, "submit", actor=world.other_drafter)
    db.session.commit()
    first = client.get("/api/v1/plans/?per_page=1&sort=unit", headers=reviewer).get_json()
    assert first["total"] == 2 and len(first["items"]) == 1 and first["links"]["prev"] is None
    assert "page=2" in first["links"]["next"] and "sort=unit" in first["links"]["next"]
    second = client.get(first["links"]["next"], headers=reviewer).get_json()
    assert second["links"]["next"] is None and "page=1" in second["links"]["prev"]
    assert {first["items"][0]["id"], second["items"][0]["id"]} == {mine_plan.id, other.id}
    drafter = bearer(token(world.other_drafter))
    mine = client.get("/api/v1/plans/?state=submitted", headers=drafter).get_json()
    assert [p["id"] for p in mine["items"]] == [other.id]
    bad = client.get("/api/v1/plans/?state=flying", headers=drafter)
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["location"] == "query"


def test_an_old_version_reads_in_full_and_a_missing_one_is_404(client, world, factory):
    plan = _plan(factory, world)
    headers = bearer(token(world.drafter, write=True))
    url = f"/api/v1/plans/{plan.id}"
    etag = client.get(url, headers=headers).headers["ETag"]
    client.patch(url, json={"body": "Bản hai"}, headers={**headers, "If-Match": etag})
    first = client.get(f"{url}/versions/1", headers=headers).get_json()
    assert first["body"] == "Nội dung kế hoạch." and first["state"] == "drafted"
    assert client.get(f"{url}/versions/2", headers=headers).get_json()["body"] == "Bản hai"
    assert client.get(f"{url}/versions/9", headers=headers).status_code == 404
    other = bearer(token(world.other_drafter))
    assert client.get(f"{url}/versions/1", headers=other).status_code == 404


def test_if_none_match_with_the_current_etag_answers_304(client, world, factory):
    plan = _plan(factory, world)
    headers = bearer(token(world.drafter))
    url = f"/api/v1/plans/{plan.id}"
    etag = client.get(url, headers=headers).headers["ETag"]
    same = client.get(url, headers={**headers, "If-None-Match": etag})
    assert same.status_code == 304 and same.get_data() == b""
    changed = client.get(url, headers={**headers, "If-None-Match": '"plan-1-v0"'})
    assert changed.status_code == 200
