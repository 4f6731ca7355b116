"""``flask remind``: near-due and overdue reminders, at most one per assignment per day."""

from __future__ import annotations

from datetime import date, timedelta

from documents.db import db
from documents.followup.assignments import RemindLog
from documents.i18n import render
from documents.notifications import Notification
from workflows.engine import fire


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args), catch_exceptions=False)


def reminders(unit_id=None):
    query = db.select(Notification).filter_by(kind="reminder")
    if unit_id is not None:
        query = query.filter_by(unit_id=unit_id)
    return db.session.scalars(query).all()


def test_remind_twice_on_one_day_sends_once(app, world):
    app.config["FIXED_TODAY"] = date(2019, 9, 25)  # both units 5 days before the deadline
    first = run(app, "remind")
    assert first.exit_code == 0 and "Đã gửi 2 nhắc hạn" in first.output
    second = run(app, "remind")
    assert "Đã gửi 0 nhắc hạn" in second.output
    assert len(reminders()) == 2
    assert "còn 5 ngày" in render(reminders(world.unit.id)[0].subject)


def test_remind_sends_again_the_next_day_while_work_stays_overdue(app, world):
    app.config["FIXED_TODAY"] = date(2019, 10, 1)
    run(app, "remind")
    app.config["FIXED_TODAY"] = date(2019, 10, 2)
    run(app, "remind")
    notes = reminders(world.unit.id)
    assert [render(n.subject).split(": ")[-1] for n in notes] == [
        "kế hoạch thực hiện quá hạn 1 ngày",
        "kế hoạch thực hiện quá hạn 2 ngày",
    ]
    assert db.session.scalar(db.select(db.func.count()).select_from(RemindLog)) == 4


def test_remind_skips_work_far_from_its_deadline_and_work_already_done(app, world, factory):
    plan = factory.plan(world.assignment, world.drafter)
    fire(db.session, plan, "submit", actor=world.drafter)
    far = factory.unit("xa-han", name="Đơn vị còn xa hạn")
    factory.assignment(world.directive, far, due_on=date(2019, 9, 25) + timedelta(days=8))
    db.session.commit()
    app.config["FIXED_TODAY"] = date(2019, 9, 25)
    run(app, "remind")
    assert {n.unit_id for n in reminders()} == {world.other_unit.id}


def test_remind_on_the_due_date_says_it_is_due_today(app, world):
    app.config["FIXED_TODAY"] = date(2019, 9, 30)
    run(app, "remind")
    assert render(reminders(world.unit.id)[0].subject).endswith("hạn là hôm nay")


def test_remind_with_a_near_due_setting_of_zero_days_only_reminds_on_and_after(app, world):
    app.config.update(FIXED_TODAY=date(2019, 9, 29), NEAR_DUE_DAYS=0)
    run(app, "remind")
    assert reminders() == []
