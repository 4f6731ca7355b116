"""Assigning and urging as role stories: the commission's reviewer assigns to groups of
units and urges late ones with escalating levels; units read it in their inbox; a unit
drafter may do neither; a failing mail server loses nothing."""

from __future__ import annotations

from datetime import date

import pytest

from documents.db import db
from documents.followup.assignments import (
    FollowUpError,
    Urging,
    next_level,
    suggested_levels,
    urge,
)
from documents.i18n import render
from documents.models import Assignment
from documents.notifications import Notification
from tests.conftest import AuthActions, csrf_from

TODAY = date(2019, 9, 18)  # FIXED_TODAY of the test app


def test_urging_levels_escalate_and_stop_at_the_last():
    assert next_level(None) == "nhac_nho"
    assert next_level("nhac_nho") == "phe_binh"
    assert next_level("phe_binh") == "kiem_diem"
    assert next_level("kiem_diem") == "kiem_diem"


def test_the_next_urging_of_an_assignment_suggests_the_next_level(world):
    levels = []
    for _ in range(4):
        levels.append(urge(db.session, world.assignment, actor=world.reviewer, today=TODAY).level)
    assert levels == ["nhac_nho", "phe_binh", "kiem_diem", "kiem_diem"]
    suggested = suggested_levels(db.session, [world.assignment.id, world.other_assignment.id])
    assert suggested == {world.assignment.id: "kiem_diem", world.other_assignment.id: "nhac_nho"}


def test_a_unit_drafter_cannot_urge_in_the_domain_either(world):
    with pytest.raises(FollowUpError):
        urge(db.session, world.assignment, actor=world.drafter, today=TODAY)


def _form(client, url):
    response = client.get(url)
    return response, csrf_from(response.get_data(as_text=True))


def test_reviewer_assigns_a_directive_to_all_district_committees(world, factory, client):
    factory.unit("huyenuy-kienhai", name="Huyện ủy Kiên Hải")
    factory.unit("tinhdoan", "sociopolitical_org", "Tỉnh Đoàn")
    db.session.commit()
    AuthActions(client).login("reviewer")
    url = f"/assignments/documents/{world.directive.id}/assign"
    _, token = _form(client, url)
    response = client.post(
        url,
        data={
            "csrf_token": token,
            "group": "district_committee",
            "deliverable": "Kế hoạch thực hiện",
            "due_on": "2019-10-15",
        },
    )
    assert response.status_code == 302
    flashed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã giao cho 1 đơn vị" in flashed and "Thành ủy Rạch Giá" in flashed
    rows = db.session.scalars(db.select(Assignment).filter_by(document_id=world.directive.id))
    units = {a.unit.name: a.due_on for a in rows}
    assert units["Huyện ủy Kiên Hải"] == date(2019, 10, 15)
    assert "Tỉnh Đoàn" not in units
    assert units["Thành ủy Rạch Giá"] == date(2019, 9, 30)  # already assigned: unchanged
    note = db.session.scalar(db.select(Notification).filter_by(kind="assignment"))
    assert note.unit.name == "Huyện ủy Kiên Hải" and "15/10/2019" in render(note.subject)


def test_reviewer_assigns_a_hand_picked_set_with_a_report_deliverable(world, factory, client):
    org = factory.unit("hoinongdan", "sociopolitical_org", "Hội Nông dân tỉnh")
    db.session.commit()
    AuthActions(client).login("reviewer")
    url = f"/assignments/documents/{world.directive.id}/assign"
    _, token = _form(client, url)
    response = client.post(
        url,
        data={
            "csrf_token": token,
            "group": "custom",
            "units": [str(org.id), str(world.unit.id)],
            "deliverable": "Báo cáo kết quả",
            "due_on": "2019-12-15",
        },
    )
    assert response.status_code == 302
    reports = db.session.scalars(
        db.select(Assignment).filter_by(deliverable="Báo cáo kết quả")
    ).all()
    assert {a.unit_id for a in reports} == {org.id, world.unit.id}


def test_assign_form_with_nothing_picked_comes_back_filled_in(world, client):
    AuthActions(client).login("reviewer")
    url = f"/assignments/documents/{world.directive.id}/assign"
    _, token = _form(client, url)
    response = client.post(
        url,
        data={
            "csrf_token": token,
            "group": "custom",
            "deliverable": "Báo cáo kết quả",
            "due_on": "2019-12-15",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Cần chọn ít nhất một đơn vị." in html
    assert 'value="2019-12-15"' in html and 'selected value="Báo cáo kết quả"' in html


@pytest.mark.parametrize("username", ["drafter", "unit_head", "reader"])
def test_only_a_commission_reviewer_may_assign_and_urge(world, app, username):
    client = app.test_client()
    AuthActions(client).login({"unit_head": "head"}.get(username, username))
    _, token = _form(client, "/")
    doc = world.directive.id
    assert client.get(f"/assignments/documents/{doc}/assign").status_code == 403
    assigned = client.post(
        f"/assignments/documents/{doc}/assign",
        data={"csrf_token": token, "group": "district_committee", "deliverable": "Báo cáo kết quả"},
    )
    assert assigned.status_code == 403
    urged = client.post(
        f"/assignments/{world.assignment.id}/urge",
        data={"csrf_token": token, "level": "nhac_nho", "message": "x"},
    )
    assert urged.status_code == 403
    many = client.post(
        f"/assignments/documents/{doc}/urge",
        data={"csrf_token": token, "assignments": [world.assignment.id], "level": "next"},
    )
    assert many.status_code == 403
    assert client.get(f"/assignments/documents/{doc}/coverage").status_code == 403
    assert db.session.scalars(db.select(Urging)).all() == []


def test_reviewer_urges_one_unit_and_the_unit_reads_it_in_its_inbox(world, app, client):
    AuthActions(client).login("reviewer")
    url = f"/assignments/{world.assignment.id}/urge"
    page, token = _form(client, url)
    assert "Mức đề xuất: <strong>Nhắc nhở</strong>" in page.get_data(as_text=True)
    message = "Đề nghị Thành ủy gửi kế hoạch trước ngày 30/9."
    response = client.post(url, data={"csrf_token": token, "level": "nhac_nho", "message": message})
    assert response.status_code == 302
    urging = db.session.scalar(db.select(Urging))
    assert (urging.level, urging.urged_on, urging.urged_by_id) == (
        "nhac_nho",
        TODAY,
        world.reviewer.id,
    )
    page, _ = _form(client, url)
    assert "Mức đề xuất: <strong>Phê bình</strong>" in page.get_data(as_text=True)

    unit = app.test_client()
    AuthActions(unit).login("drafter")
    home = unit.get("/").get_data(as_text=True)
    assert "1 chưa đọc" in home
    inbox = unit.get("/inbox/").get_data(as_text=True)
    assert message in inbox and "Nhắc nhở" in inbox
    other = app.test_client()
    AuthActions(other).login("other")
    assert message not in other.get("/inbox/").get_data(as_text=True)
    note = db.session.scalar(db.select(Notification))
    assert other.post(f"/inbox/{note.id}/read", data={"csrf_token": token}).status_code in (
        400,
        404,
    )
    token = csrf_from(inbox)
    assert unit.post(f"/inbox/{note.id}/read", data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert note.read_at is not None and note.read_by_id == world.drafter.id
    assert "chưa đọc" not in unit.get("/").get_data(as_text=True)


def test_reviewer_urges_many_units_each_at_its_next_level(world, client):
    urge(db.session, world.assignment, actor=world.reviewer, today=TODAY)
    db.session.commit()
    AuthActions(client).login("reviewer")
    page, token = _form(client, f"/assignments/documents/{world.directive.id}/coverage")
    response = client.post(
        f"/assignments/documents/{world.directive.id}/urge",
        data={
            "csrf_token": token,
            "assignments": [world.assignment.id, world.other_assignment.id],
            "level": "next",
        },
    )
    assert response.status_code == 302
    levels = {
        (u.assignment_id, u.level)
        for u in db.session.scalars(db.select(Urging).order_by(Urging.id)).all()[1:]
    }
    assert levels == {(world.assignment.id, "phe_binh"), (world.other_assignment.id, "nhac_nho")}
    matrix = client.get(f"/assignments/documents/{world.directive.id}/coverage")
    assert "Phê bình 18/9/2019" in matrix.get_data(as_text=True)


def test_a_failing_mail_server_neither_loses_the_notification_nor_fails_the_request(
    world, app, client, smtp_server
):
    from documents.mail_outbox import MailOutbox
    from documents.notifications import MailRecipient

    db.session.add(MailRecipient(unit_id=world.unit.id, address="vanphong@example.invalid"))
    db.session.commit()
    smtp_server.stop()
    AuthActions(client).login("reviewer")
    url = f"/assignments/{world.assignment.id}/urge"
    _, token = _form(client, url)
    response = client.post(url, data={"csrf_token": token, "level": "nhac_nho", "message": "Gấp"})
    assert response.status_code == 302
    assert db.session.scalar(db.select(Notification).filter_by(kind="urging")).body == "Gấp"
    assert db.session.scalar(db.select(MailOutbox)).sent_at is None  # kept for a retry


def test_urging_is_emailed_to_the_units_mailbox_when_a_server_is_configured(
    world, app, client, smtp_server
):
    from documents.notifications import MailRecipient

    db.session.add(MailRecipient(unit_id=world.unit.id, address="vanphong@example.invalid"))
    db.session.commit()
    AuthActions(client).login("reviewer")
    url = f"/assignments/{world.assignment.id}/urge"
    _, token = _form(client, url)
    client.post(url, data={"csrf_token": token, "level": "phe_binh", "message": "Phê bình"})
    sent = smtp_server.messages
    assert len(sent) == 1 and sent[0]["To"] == "vanphong@example.invalid"
    assert sent[0]["Subject"].startswith("Phê bình")


def test_reviewer_assigns_one_clause_of_a_directive(world, factory, client):
    from documents.records import Clause

    org = factory.unit("tinhdoan", "sociopolitical_org", "Tỉnh Đoàn")
    clause = Clause(document=world.directive, number=2, text="Các đoàn thể rà soát hội viên.")
    db.session.add(clause)
    db.session.commit()
    AuthActions(client).login("reviewer")
    url = f"/assignments/documents/{world.directive.id}/assign"
    _, token = _form(client, url)
    assert "Mục 2: Các đoàn thể rà soát hội viên." in client.get(url).get_data(as_text=True)
    data = {
        "csrf_token": token,
        "group": "custom",
        "units": [str(org.id), str(world.unit.id)],
        "deliverable": "Kế hoạch thực hiện",
        "clause": str(clause.id),
    }
    assert client.post(url, data=data).status_code == 302
    rows = list(db.session.scalars(db.select(Assignment).filter_by(clause_id=clause.id)))
    # Rạch Giá already has the whole directive; the clause is a separate assignment.
    assert sorted(a.unit.name for a in rows) == ["Thành ủy Rạch Giá", "Tỉnh Đoàn"]
    note = db.session.scalar(db.select(Notification).filter_by(unit_id=org.id))
    assert "11-CT/TU, mục 2" in render(note.subject)
    again = client.post(url, data=data)
    assert again.status_code == 302
    assert (
        db.session.scalar(
            db.select(db.func.count()).select_from(Assignment).filter_by(clause_id=clause.id)
        )
        == 2
    )
    matrix = client.get(f"/assignments/documents/{world.directive.id}/coverage")
    assert "Mục 2" in matrix.get_data(as_text=True)


def test_a_clause_of_another_document_is_refused(world, factory):
    from documents.followup.assignments import AssignInput, assign_many
    from documents.records import Clause

    other = factory.document("40-CTr/TU", "Chương trình", doc_type="CTr", number=40)
    foreign = Clause(document=other, number=1, text="Nhiệm vụ khác.")
    db.session.add(foreign)
    db.session.flush()
    with pytest.raises(FollowUpError):
        assign_many(
            db.session,
            world.directive,
            AssignInput((world.unit.id,), "Báo cáo", None, clause_id=foreign.id),
            today=TODAY,
        )


def test_database_refuses_a_second_whole_document_assignment(world):
    from sqlalchemy.exc import IntegrityError

    db.session.add(
        Assignment(document=world.directive, unit=world.unit, deliverable="Kế hoạch thực hiện")
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
