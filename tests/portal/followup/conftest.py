"""Fixtures of the follow-up page tests."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from documents.db import db
from documents.followup.assignments import urge
from documents.followup.figures import define_figure, record_values
from workflows.engine import fire


@pytest.fixture
def reported(app, world, factory):
    """Rạch Giá reported with figures; Phú Quốc late and urged; everything in 2019 and
    the portal's clock on 20 December 2019 (a year's report shows the year's situation)."""
    app.config["FIXED_TODAY"] = date(2019, 12, 20)
    for assignment in (world.assignment, world.other_assignment):
        assignment.created_at = datetime(2019, 8, 5, 2, 0)
    plan = factory.plan(world.assignment, world.drafter)
    plan.created_at = datetime(2019, 9, 10, 2, 0)
    fire(db.session, plan, "submit", actor=world.drafter, now=datetime(2019, 9, 20, 2, 0))
    fire(db.session, plan, "review", actor=world.reviewer, now=datetime(2019, 9, 25, 2, 0))
    fire(
        db.session,
        plan,
        "report",
        actor=world.drafter,
        report_text="Đã củng cố 12 chi hội.",
        now=datetime(2019, 11, 15, 2, 0),
    )
    chapters = define_figure(db.session, world.directive, "Số chi hội được củng cố", "chi hội")
    members = define_figure(db.session, world.directive, "Số hội viên mới kết nạp", "người")
    record_values(db.session, world.assignment, 2019, {chapters.id: 12, members.id: 1500})
    record_values(db.session, world.other_assignment, 2019, {chapters.id: 7, members.id: 600})
    urge(db.session, world.other_assignment, actor=world.reviewer, today=date(2019, 10, 2))
    db.session.commit()
    return world
