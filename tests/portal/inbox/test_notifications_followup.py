"""Notifications of the follow-up: inspection tasks assigned and due, a document published
to the units assigned it, a deadline moved."""

from __future__ import annotations

from datetime import date

from documents.db import db
from documents.followup.assignments import FollowUpError
from documents.followup.deadlines import move_deadline
from documents.followup.inspections import InspectionInput, add_task, record_inspection
from documents.i18n import render
from documents.notifications import Notification
from tests.conftest import AuthActions, csrf_from
from workflows.engine import fire


def _notes(kind):
    return list(db.session.scalars(db.select(Notification).filter_by(kind=kind)))


def _inspect(world, session, tasks):
    return record_inspection(
        session,
        world.directive,
        InspectionInput(
            unit_id=world.unit.id,
            kind="kiem_tra",
            held_on=date(2019, 9, 1),
            team="Đoàn kiểm tra Ban Dân vận",
            findings="Chưa rà soát hội viên ở hai khu phố.",
            tasks=tasks,
        ),
        actor=world.reviewer,
    )


def test_inspection_tasks_are_sent_to_the_inspected_unit(world, session):
    inspection = _inspect(
        world, session, (("Rà soát hội viên khu phố 3", date(2019, 10, 15)), ("Báo cáo", None))
    )
    (note,) = _notes("inspection")
    assert note.unit_id == world.unit.id
    assert "2 việc cần khắc phục" in render(note.subject)
    assert "Rà soát hội viên khu phố 3 (hạn 15/10/2019)" in render(note.body)
    add_task(session, inspection, "Kiện toàn chi hội", date(2019, 11, 1))
    assert len(_notes("inspection")) == 2


def test_an_inspection_without_tasks_tells_nobody(world, session):
    _inspect(world, session, ())
    assert _notes("inspection") == []


def test_remind_tells_units_of_tasks_due_once_a_day(world, session, app):
    _inspect(world, session, (("Rà soát hội viên khu phố 3", date(2019, 9, 20)),))
    _inspect(world, session, (("Việc còn xa", date(2019, 12, 31)),))
    session.commit()
    before = len(_notes("inspection"))
    first = app.test_cli_runner().invoke(args=["remind"])
    assert first.exit_code == 0, first.output
    reminders = _notes("inspection")[before:]
    assert len(reminders) == 1
    assert "còn 2 ngày: Rà soát hội viên khu phố 3" in render(reminders[0].subject)
    app.test_cli_runner().invoke(args=["remind"])
    assert len(_notes("inspection")) == before + 1  # not twice the same day


def test_publishing_a_document_tells_the_units_it_is_assigned_to(world, factory, session):
    document = factory.document(symbol="12-CT/TU", number=12, issuer=world.province)
    document.state = "draft"
    factory.assignment(document, world.other_unit)
    session.commit()
    fire(session, document, "publish", actor=world.reviewer)
    (note,) = _notes("published")
    assert note.unit_id == world.other_unit.id
    assert "12-CT/TU" in render(note.body)


def test_moving_a_deadline_tells_the_unit_old_and_new_date(world, session):
    move_deadline(
        session, world.assignment, date(2019, 10, 31), actor=world.reviewer, reason="Bão lụt"
    )
    (note,) = _notes("deadline")
    assert world.assignment.due_on == date(2019, 10, 31)
    assert note.unit_id == world.unit.id
    body = render(note.body)
    assert "từ 30/9/2019 sang 31/10/2019" in body and "Bão lụt" in body


def test_only_the_commission_moves_deadlines_and_the_same_date_is_refused(world, session):
    for actor, due in ((world.drafter, date(2019, 10, 31)), (world.reviewer, date(2019, 9, 30))):
        try:
            move_deadline(session, world.assignment, due, actor=actor)
        except FollowUpError:
            pass
        else:
            raise AssertionError("the move should have been refused")
    assert world.assignment.due_on == date(2019, 9, 30)
    assert _notes("deadline") == []


def test_deadline_page_moves_it_and_refuses_a_bad_date(world, client):
    AuthActions(client).login("reviewer")
    url = f"/assignments/{world.assignment.id}/deadline"
    token = csrf_from(client.get(url).get_data(as_text=True))
    bad = client.post(url, data={"csrf_token": token, "due_on": "31/13/2019", "reason": "x"})
    assert bad.status_code == 422
    assert "Ngày không hợp lệ" in bad.get_data(as_text=True)
    same = client.post(url, data={"csrf_token": token, "due_on": "2019-09-30"})
    assert "trùng với hạn hiện tại" in same.get_data(as_text=True)
    good = client.post(url, data={"csrf_token": token, "due_on": "2019-10-31", "reason": ""})
    assert good.status_code == 302
    AuthActions(client).logout()
    AuthActions(client).login("drafter")
    assert "hạn mới 31/10/2019" in client.get("/inbox/").get_data(as_text=True)
    assert client.get(url).status_code == 403
