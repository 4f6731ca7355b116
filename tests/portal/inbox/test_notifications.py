"""Notifications of workflow events: who is told, the inbox, and e-mail through the outbox
to a real SMTP server on loopback (down, back up, never twice)."""

from __future__ import annotations

from datetime import timedelta

from documents.db import db
from documents.mail_outbox import MailOutbox, backoff, claim
from documents.models import utcnow
from documents.notifications import MailRecipient, Notification, notify, set_preferences
from portal.mail import drain_mail
from tests.conftest import AuthActions, csrf_from
from workflows.engine import fire

COMMENT = "Đề nghị bổ sung chỉ tiêu kết nạp đoàn viên."


def _notes(kind):
    return list(db.session.scalars(db.select(Notification).filter_by(kind=kind)))


def _fire_on_web(client, plan, name, comment=""):
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    return client.post(
        f"/plans/{plan.id}/transitions/{name}",
        data={"csrf_token": csrf_from(page), "version": plan.version, "comment": comment},
    )


def test_submitting_a_plan_tells_the_commissions_reviewers(world, factory, session):
    plan = factory.plan(world.assignment, world.drafter)
    fire(session, plan, "submit", actor=world.drafter)
    session.commit()
    (note,) = _notes("submitted")
    assert note.unit_id == world.commission.id and note.plan_id == plan.id
    assert "Thành ủy Rạch Giá" in str(note.subject)


def test_returned_reviewed_and_reported_plans_tell_the_unit(world, factory, session):
    plan = factory.plan(world.assignment, world.drafter)
    fire(session, plan, "submit", actor=world.drafter)
    fire(session, plan, "return", actor=world.reviewer, comment=COMMENT)
    (returned,) = _notes("returned")
    assert returned.unit_id == world.unit.id and COMMENT in returned.body
    fire(session, plan, "submit", actor=world.drafter)
    fire(session, plan, "review", actor=world.reviewer)
    assert [n.unit_id for n in _notes("reviewed")] == [world.unit.id]
    fire(session, plan, "report", actor=world.drafter, report_text="Đã rà soát 1.250 hội viên.")
    assert {n.unit_id for n in _notes("reported")} == {world.unit.id, world.commission.id}


def test_other_units_do_not_see_a_units_notification(world, factory, session, client):
    plan = factory.plan(world.assignment, world.drafter)
    fire(session, plan, "submit", actor=world.drafter)
    fire(session, plan, "return", actor=world.reviewer, comment=COMMENT)
    session.commit()
    AuthActions(client).login("other")
    assert COMMENT not in client.get("/inbox/").get_data(as_text=True)
    AuthActions(client).logout()
    AuthActions(client).login("drafter")
    assert COMMENT in client.get("/inbox/").get_data(as_text=True)


def test_a_rolled_back_transition_queues_no_mail(world, factory, session):
    session.add(MailRecipient(unit_id=world.unit.id, address="vanphong@rachgia.example"))
    plan = factory.plan(world.assignment, world.drafter)
    fire(session, plan, "submit", actor=world.drafter)
    session.commit()
    fire(session, plan, "return", actor=world.reviewer, comment=COMMENT)
    assert session.scalar(db.select(db.func.count()).select_from(MailOutbox)) == 1
    session.rollback()
    assert session.scalar(db.select(db.func.count()).select_from(MailOutbox)) == 0


def test_the_units_mailbox_gets_the_return_after_commit(
    world, factory, session, client, smtp_server
):
    session.add(MailRecipient(unit_id=world.unit.id, address="vanphong@rachgia.example"))
    plan = factory.plan(world.assignment, world.drafter)
    fire(session, plan, "submit", actor=world.drafter)
    session.commit()
    AuthActions(client).login("reviewer")
    assert _fire_on_web(client, plan, "return", COMMENT).status_code == 302
    (mail,) = smtp_server.to("vanphong@rachgia.example")
    assert "Kế hoạch bị trả lại — cần sửa" in mail["Subject"]
    assert COMMENT in mail.get_content()
    assert db.session.scalar(db.select(MailOutbox)).sent_at is not None


def test_mail_waits_while_the_server_is_down_then_goes_once(
    world, factory, session, client, smtp_server
):
    session.add(MailRecipient(unit_id=world.unit.id, address="vanphong@rachgia.example"))
    plan = factory.plan(world.assignment, world.drafter)
    fire(session, plan, "submit", actor=world.drafter)
    session.commit()
    smtp_server.stop()
    AuthActions(client).login("reviewer")
    assert _fire_on_web(client, plan, "return", COMMENT).status_code == 302  # not failed
    row = db.session.scalar(db.select(MailOutbox))
    assert (row.sent_at, row.attempts) == (None, 1) and row.last_error
    assert row.next_attempt_at > utcnow()
    smtp_server.start()
    assert drain_mail() == 0  # still backing off: not retried at once
    row.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert drain_mail() == 1
    assert drain_mail() == 0
    assert len(smtp_server.to("vanphong@rachgia.example")) == 1


def test_a_claimed_mail_cannot_be_claimed_again(world, session):
    note = notify(session, "urging", "Nhắc nhở", unit_id=world.unit.id)
    session.add(MailRecipient(unit_id=world.unit.id, address="a@example.vn"))
    row = MailOutbox(address="a@example.vn", subject="x", body="", notification_id=note.id)
    session.add(row)
    session.commit()
    now = utcnow()
    assert claim(session, row.id, now) is True
    assert claim(session, row.id, now) is False
    assert claim(session, row.id, now + timedelta(hours=1)) is True  # a crashed drain's claim


def test_backoff_doubles_and_is_capped():
    assert backoff(1) == timedelta(minutes=1)
    assert backoff(3) == timedelta(minutes=4)
    assert backoff(50) == timedelta(hours=6)


def test_each_user_chooses_inbox_at_once_or_digest(world, factory, session, app, smtp_server):
    world.drafter.email = "drafter@rachgia.example"
    world.head.email = "head@rachgia.example"
    world.other_drafter.email = "other@phuquoc.example"
    set_preferences(session, world.drafter, {"returned": "immediate", "reviewed": "immediate"})
    set_preferences(session, world.head, {"returned": "digest", "reviewed": "digest"})
    session.commit()
    plan = factory.plan(world.assignment, world.drafter)
    fire(session, plan, "submit", actor=world.drafter)
    fire(session, plan, "return", actor=world.reviewer, comment=COMMENT)
    fire(session, plan, "submit", actor=world.drafter)
    fire(session, plan, "review", actor=world.reviewer)
    session.commit()
    assert drain_mail() == 2
    assert len(smtp_server.to("drafter@rachgia.example")) == 2
    assert smtp_server.to("head@rachgia.example") == []
    assert smtp_server.to("other@phuquoc.example") == []
    result = app.test_cli_runner().invoke(args=["notifications", "digest"])
    assert result.exit_code == 0, result.output
    (digest,) = smtp_server.to("head@rachgia.example")
    assert "(2)" in digest["Subject"]
    assert COMMENT in digest.get_content() and "đã được duyệt" in digest.get_content()
    again = app.test_cli_runner().invoke(args=["notifications", "digest"])
    assert again.exit_code == 0
    assert len(smtp_server.to("head@rachgia.example")) == 1


def test_preferences_page_saves_choices_and_refuses_bad_input(world, client, session):
    AuthActions(client).login("drafter")
    page = client.get("/inbox/preferences").get_data(as_text=True)
    assert "Cách nhận thông báo" in page
    token = csrf_from(page)
    bad = client.post(
        "/inbox/preferences",
        data={"csrf_token": token, "email": "khong-phai-dia-chi", "kind_returned": "immediate"},
    )
    assert bad.status_code == 422
    assert "Địa chỉ thư điện tử không hợp lệ" in bad.get_data(as_text=True)
    no_address = client.post(
        "/inbox/preferences", data={"csrf_token": token, "email": "", "kind_returned": "digest"}
    )
    assert "Hãy nhập địa chỉ thư điện tử" in no_address.get_data(as_text=True)
    unknown = client.post(
        "/inbox/preferences",
        data={"csrf_token": token, "email": "d@example.vn", "kind_returned": "fax"},
    )
    assert unknown.status_code == 422
    db.session.expire_all()
    assert db.session.get(type(world.drafter), world.drafter.id).email is None
    good = client.post(
        "/inbox/preferences",
        data={"csrf_token": token, "email": "d@example.vn", "kind_returned": "digest"},
    )
    assert good.status_code == 302
    page = client.get("/inbox/preferences").get_data(as_text=True)
    assert 'value="d@example.vn"' in page
    assert '<option selected value="digest">' in page


def test_preferences_need_the_csrf_token(world, client):
    AuthActions(client).login("drafter")
    response = client.post("/inbox/preferences", data={"email": "d@example.vn"})
    assert response.status_code in (400, 422)
    assert "d@example.vn" not in client.get("/inbox/preferences").get_data(as_text=True)


def test_a_worker_drains_when_requests_do_not(world, factory, session, app, smtp_server):
    app.config.update(MAIL_IN_PROCESS="0")
    session.add(MailRecipient(unit_id=world.commission.id, address="bandanvan@example.vn"))
    session.commit()
    plan = factory.plan(world.assignment, world.drafter)
    session.commit()
    client = app.test_client()
    AuthActions(client).login("drafter")
    assert _fire_on_web(client, plan, "submit").status_code == 302
    assert smtp_server.messages == []  # left for the worker
    result = app.test_cli_runner().invoke(args=["notifications", "drain"])
    assert result.exit_code == 0, result.output
    assert "Đã gửi 1 thư; còn 0 thư chờ gửi." in result.output
    (mail,) = smtp_server.to("bandanvan@example.vn")
    assert "Thành ủy Rạch Giá gửi kế hoạch chờ duyệt" in mail["Subject"]


def test_drain_without_a_mail_server_says_the_mail_is_kept(world, app):
    result = app.test_cli_runner().invoke(args=["notifications", "drain"])
    assert result.exit_code != 0
    assert "Chưa cấu hình máy chủ thư" in result.output


def test_a_notification_to_one_user_is_in_that_users_inbox_only(world, session, client):
    notify(session, "published", "Chỉ gửi riêng cho bạn", user_id=world.drafter.id)
    session.commit()
    AuthActions(client).login("head")  # same unit, another person
    assert "Chỉ gửi riêng cho bạn" not in client.get("/inbox/").get_data(as_text=True)
    AuthActions(client).logout()
    AuthActions(client).login("drafter")
    assert "Chỉ gửi riêng cho bạn" in client.get("/inbox/").get_data(as_text=True)
    assert "1 chưa đọc" in client.get("/").get_data(as_text=True)


def _refused_setup(world, factory, session, smtp_server, reply):
    """The unit's office mailbox and the drafter's own address, the latter refused."""
    world.drafter.email = "sai-dia-chi@rachgia.example"
    set_preferences(session, world.drafter, {"returned": "immediate"})
    session.add(MailRecipient(unit_id=world.unit.id, address="vanphong@rachgia.example"))
    session.add(MailRecipient(unit_id=world.commission.id, address="khong-co@example.vn"))
    smtp_server.refuse["sai-dia-chi@rachgia.example"] = reply
    smtp_server.refuse["khong-co@example.vn"] = reply
    plan = factory.plan(world.assignment, world.drafter)
    fire(session, plan, "submit", actor=world.drafter)
    fire(session, plan, "return", actor=world.reviewer, comment=COMMENT)
    session.commit()
    return plan


def test_a_refused_address_fails_for_good_and_its_owner_is_told(
    world, factory, session, client, smtp_server
):
    _refused_setup(world, factory, session, smtp_server, "550 5.1.1 No such mailbox")
    assert drain_mail() == 1  # the office mailbox still gets its mail
    assert len(smtp_server.to("vanphong@rachgia.example")) == 1
    refused = {
        r.address: r for r in db.session.scalars(db.select(MailOutbox)) if r.failed_at is not None
    }
    assert set(refused) == {"sai-dia-chi@rachgia.example", "khong-co@example.vn"}
    mine = refused["sai-dia-chi@rachgia.example"]
    assert mine.sent_at is None and mine.attempts == 1 and "No such mailbox" in mine.last_error
    # never retried, even when its back-off would be long over
    for row in refused.values():
        row.next_attempt_at = utcnow() - timedelta(days=1)
    db.session.commit()
    assert drain_mail() == 0
    assert db.session.get(MailOutbox, mine.id).attempts == 1
    notices = _notes("mail_refused")
    assert {(n.user_id, n.unit_id) for n in notices} == {
        (world.drafter.id, None),
        (None, world.commission.id),
    }
    # the notice is in the inbox only: no mail to the refused address about it
    assert not any(
        r.notification_id in {n.id for n in notices}
        for r in db.session.scalars(db.select(MailOutbox))
    )
    assert smtp_server.messages and not smtp_server.to("sai-dia-chi@rachgia.example")
    AuthActions(client).login("drafter")
    inbox_page = client.get("/inbox/").get_data(as_text=True)
    assert "Thư gửi tới địa chỉ sai-dia-chi@rachgia.example bị từ chối" in inbox_page
    assert COMMENT in inbox_page  # the notification itself is kept
    page = client.get("/inbox/preferences").get_data(as_text=True)
    assert "Địa chỉ này bị từ chối lần cuối ngày" in page and "No such mailbox" in page
    changed = client.post(
        "/inbox/preferences",
        data={"csrf_token": csrf_from(page), "email": "dung@rachgia.example"},
    )
    assert changed.status_code == 302
    assert "bị từ chối lần cuối" not in client.get("/inbox/preferences").get_data(as_text=True)


def test_a_temporary_refusal_is_retried_later(world, factory, session, smtp_server):
    _refused_setup(world, factory, session, smtp_server, "450 4.2.1 Mailbox busy")
    assert drain_mail() == 1
    rows = [r for r in db.session.scalars(db.select(MailOutbox)) if r.sent_at is None]
    assert len(rows) == 2
    assert all(
        r.failed_at is None and r.attempts == 1 and r.next_attempt_at > utcnow() for r in rows
    )
    assert _notes("mail_refused") == []
    smtp_server.refuse.clear()
    for row in rows:
        row.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert drain_mail() == 2
    assert len(smtp_server.to("sai-dia-chi@rachgia.example")) == 1


def test_which_smtp_answers_are_refusals_for_good():
    import smtplib

    from documents.mail_outbox import refusal

    assert refusal(smtplib.SMTPDataError(550, b"5.7.1 Rejected")) == "550 5.7.1 Rejected"
    assert refusal(smtplib.SMTPDataError(451, b"try later")) is None
    refused = smtplib.SMTPRecipientsRefused({"a@example.vn": (550, b"No such user")})
    assert refusal(refused) == "550 No such user"
    assert refusal(smtplib.SMTPRecipientsRefused({"a@example.vn": (452, b"full")})) is None
    assert refusal(smtplib.SMTPServerDisconnected("gone")) is None
