"""/api/v1 follow-up: coverage, assignments, urging and the inbox, as the pages allow."""

from __future__ import annotations

from documents.db import db
from documents.followup.assignments import Urging
from tests.fixtures.api import bearer, token


def test_the_commission_reads_the_coverage_in_four_buckets(client, world):
    response = client.get(
        f"/api/v1/documents/{world.directive.id}/coverage", headers=bearer(token(world.reviewer))
    )
    assert response.status_code == 200
    data = response.get_json()
    assert sorted(r["unit_id"] for r in data["rows"]) == sorted(
        [world.unit.id, world.other_unit.id]
    )
    assert set(data["totals"]) == {"done_on_time", "done_late", "open_in_time", "open_overdue"}
    assert sum(data["totals"].values()) == 2


def test_a_unit_drafter_may_not_read_the_coverage(client, world):
    response = client.get(
        f"/api/v1/documents/{world.directive.id}/coverage", headers=bearer(token(world.drafter))
    )
    assert response.status_code == 403


def test_a_unit_sees_its_own_assignment_and_not_the_others(client, world):
    drafter = bearer(token(world.drafter))
    mine = client.get("/api/v1/assignments/", headers=drafter).get_json()
    assert [a["id"] for a in mine["items"]] == [world.assignment.id]
    other = client.get(f"/api/v1/assignments/{world.other_assignment.id}", headers=drafter)
    assert other.status_code == 404


def test_a_reviewer_urges_and_the_unit_reads_it_in_its_inbox(client, world):
    url = f"/api/v1/assignments/{world.assignment.id}/urgings"
    urged = client.post(
        url,
        json={"message": "Đề nghị gửi kế hoạch"},
        headers=bearer(token(world.reviewer, write=True)),
    )
    assert urged.status_code == 201, urged.get_json()
    assert urged.get_json()["level"] == "nhac_nho"  # the first level when none is given
    inbox = client.get("/api/v1/inbox/", headers=bearer(token(world.drafter))).get_json()
    assert inbox["total"] == 1 and inbox["items"][0]["assignment_id"] == world.assignment.id
    detail = client.get(
        f"/api/v1/assignments/{world.assignment.id}", headers=bearer(token(world.drafter))
    ).get_json()
    assert [u["level"] for u in detail["urgings"]] == ["nhac_nho"]


def test_a_drafter_cannot_urge_and_a_bad_level_is_refused(client, world):
    url = f"/api/v1/assignments/{world.assignment.id}/urgings"
    refused = client.post(url, json={}, headers=bearer(token(world.drafter, write=True)))
    assert refused.status_code == 403
    bad = client.post(
        url, json={"level": "khen"}, headers=bearer(token(world.reviewer, write=True))
    )
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["field"] == "level"
    assert db.session.scalar(db.select(db.func.count(Urging.id))) == 0


def test_review_events_with_reports_and_key_figures_rolled_up(client, world):
    from datetime import date

    from documents.followup.figures import define_figure, record_values
    from documents.followup.inspections import attach_review_report, create_review_event

    event = create_review_event(
        db.session, world.directive, kind="so_ket", level="district", due_on=date(2019, 12, 20)
    )
    db.session.refresh(world.drafter)  # loaded now: refreshing it later would flush a half row
    attach_review_report(db.session, event, world.unit.id, "Đã sơ kết", actor=world.drafter)
    figure = define_figure(db.session, world.directive, "Đoàn viên được rà soát", "người")
    record_values(db.session, world.assignment, 2019, {figure.id: 120})
    record_values(db.session, world.other_assignment, 2019, {figure.id: 30})
    db.session.commit()
    reviewer = bearer(token(world.reviewer))
    events = client.get(f"/api/v1/documents/{world.directive.id}/reviews", headers=reviewer)
    assert events.status_code == 200, events.get_json()
    [only] = events.get_json()
    assert only["kind"] == "so_ket" and [r["unit_id"] for r in only["reports"]] == [world.unit.id]
    figures = client.get(
        f"/api/v1/documents/{world.directive.id}/figures?year=2019", headers=reviewer
    ).get_json()
    assert figures["figures"][0]["total"] == 150
    assert figures["figures"][0]["by_assignment"] == {
        str(world.assignment.id): 120,
        str(world.other_assignment.id): 30,
    }
    drafter = bearer(token(world.drafter))
    assert (
        client.get(f"/api/v1/documents/{world.directive.id}/figures", headers=drafter).status_code
        == 403
    )
