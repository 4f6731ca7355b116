"""The coverage matrix: buckets at fixed dates, the time-zone edge, one row per unit, and a
query count that does not grow with the number of units."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event

from documents.db import db
from documents.followup.coverage import assignment_status, classify, coverage_matrix, local_date
from documents.followup.deadlines import withdraw_assignment
from documents.models import Document, OrgUnit
from portal.followup.reporting import day_as_of
from tests.conftest import AuthActions
from tests.fixtures.statements import counted_statements
from workflows.engine import fire

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DUE = date(2019, 9, 30)
OPEN = frozenset({"drafted"})


@pytest.mark.parametrize(
    ("done_on", "today", "bucket", "days"),
    [
        (date(2019, 9, 29), date(2019, 10, 5), "done_on_time", 1),
        (DUE, date(2019, 10, 5), "done_on_time", 0),  # on the due date itself: on time
        (date(2019, 10, 1), date(2019, 10, 5), "done_late", -1),
        (None, date(2019, 9, 29), "open_in_time", 1),
        (None, DUE, "open_in_time", 0),  # the due date itself is not yet overdue
        (None, date(2019, 10, 1), "open_overdue", -1),
    ],
)
def test_buckets_at_the_boundaries_of_the_due_date(done_on, today, bucket, days):
    assert classify(DUE, done_on, today) == (bucket, days)


def test_work_without_a_due_date_is_never_late():
    assert classify(None, None, date(2030, 1, 1)) == ("open_in_time", None)
    assert classify(None, date(2030, 1, 1), date(2030, 1, 1)) == ("done_on_time", None)


def test_a_utc_timestamp_after_1700_is_the_next_local_day():
    assert local_date(datetime(2019, 9, 30, 16, 59), ZONE) == date(2019, 9, 30)
    assert local_date(datetime(2019, 9, 30, 17, 30), ZONE) == date(2019, 10, 1)


def _submit(world, factory, when):
    plan = factory.plan(world.assignment, world.drafter)
    fire(db.session, plan, "submit", actor=world.drafter, now=when)
    db.session.flush()
    return plan


def test_plan_submitted_at_1730_utc_on_the_due_date_is_one_day_late(world, factory):
    _submit(world, factory, datetime(2019, 9, 30, 17, 30))
    status = assignment_status(
        world.assignment, today=date(2019, 10, 2), zone=ZONE, open_states=OPEN, near_days=7
    )
    assert (status.bucket, status.days) == ("done_late", -1)


def test_plan_submitted_at_1659_utc_on_the_due_date_is_on_time(world, factory):
    _submit(world, factory, datetime(2019, 9, 30, 16, 59))
    status = assignment_status(
        world.assignment, today=date(2019, 10, 2), zone=ZONE, open_states=OPEN, near_days=7
    )
    assert (status.bucket, status.days) == ("done_on_time", 0)


def test_a_returned_plan_is_open_work_again(world, factory):
    plan = _submit(world, factory, datetime(2019, 9, 20, 3, 0))
    fire(db.session, plan, "return", actor=world.reviewer, comment="Bổ sung chỉ tiêu")
    status = assignment_status(
        world.assignment, today=date(2019, 10, 2), zone=ZONE, open_states=OPEN, near_days=7
    )
    assert status.bucket == "open_overdue" and status.css == "overdue"


@pytest.mark.parametrize(
    ("today", "near", "css"),
    [
        (date(2019, 9, 22), False, ""),  # 8 days left
        (date(2019, 9, 23), True, "near"),  # 7 days left: near due
        (DUE, True, "near"),
        (date(2019, 10, 1), False, "overdue"),
    ],
)
def test_near_due_is_within_the_configured_days(world, today, near, css):
    status = assignment_status(
        world.assignment, today=today, zone=ZONE, open_states=OPEN, near_days=7
    )
    assert status.near_due is near and status.css == css


def test_matrix_rows_buckets_and_totals(world, factory):
    _submit(world, factory, datetime(2019, 9, 20, 3, 0))
    matrix = coverage_matrix(
        db.session, world.directive, today=date(2019, 10, 3), zone=ZONE, open_states=OPEN,
        near_days=7,
    )  # fmt: skip
    by_unit = {r.unit_name: r for r in matrix.rows}
    assert by_unit["Thành ủy Rạch Giá"].bucket == "done_on_time"
    assert by_unit["Thành ủy Rạch Giá"].submitted_on == date(2019, 9, 20)
    assert by_unit["Thành ủy Rạch Giá"].days == 10
    assert by_unit["Huyện ủy Phú Quốc"].bucket == "open_overdue"
    assert by_unit["Huyện ủy Phú Quốc"].days == -3
    assert matrix.totals == {
        "done_on_time": 1,
        "done_late": 0,
        "open_in_time": 0,
        "open_overdue": 1,
    }


def test_demo_matrix_shows_each_of_the_26_units_once(app, client):
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    directive = db.session.scalar(db.select(Document).filter_by(symbol="11-CT/TU"))
    AuthActions(client).login("bandanvan", "demo-11-CT-TU")
    response = client.get(f"/assignments/documents/{directive.id}/coverage")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assigned = db.session.scalars(db.select(OrgUnit).filter_by(assigned_by_default=True)).all()
    assert len(assigned) == 26
    for unit in assigned:
        assert html.count(f'">{unit.name}</td>') == 1, unit.name
    assert "26</strong> đơn vị được giao" in html


def _count_matrix_queries(app, client, document_id):
    with counted_statements() as statements:
        response = client.get(f"/assignments/documents/{document_id}/coverage")
    assert response.status_code == 200
    return len(statements)


def test_matrix_page_query_count_does_not_grow_with_the_number_of_units(
    app, world, factory, client
):
    AuthActions(client).login("reviewer")
    client.get(f"/assignments/documents/{world.directive.id}/coverage")  # warm up
    few = _count_matrix_queries(app, client, world.directive.id)
    for n in range(20):
        unit = factory.unit(f"unit-{n}", name=f"Đơn vị {n:02d}")
        assignment = factory.assignment(world.directive, unit, due_on=DUE - timedelta(days=n))
        if n % 3 == 0:
            drafter = factory.user(f"drafter-{n}", unit, "drafter")
            plan = factory.plan(assignment, drafter)
            fire(db.session, plan, "submit", actor=drafter)
    db.session.commit()
    many = _count_matrix_queries(app, client, world.directive.id)
    assert many == few


def test_matrix_reads_whether_a_plan_has_a_report_not_the_plans_texts(world, factory):
    plan = factory.plan(world.assignment, world.drafter)
    plan.report_text = "Đã báo cáo kết quả."
    db.session.commit()
    plan_id, directive_id = plan.id, world.directive.id
    db.session.expunge_all()  # the plan as the page's request finds it: not loaded yet
    statements: list[str] = []

    def keep(_conn, _cursor, statement, *_args):
        statements.append(statement)

    directive = db.session.get(Document, directive_id)
    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        matrix = coverage_matrix(
            db.session, directive, today=DUE, zone=ZoneInfo("Asia/Ho_Chi_Minh"),
            open_states={"drafted"}, near_days=7,
        )  # fmt: skip
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    assert [r.reported for r in matrix.rows if r.plan_id == plan_id] == [True]
    assert not [s for s in statements if "body_html" in s or "report_html" in s]


def test_a_withdrawn_assignment_is_no_longer_followed_up(world, factory, client):
    """Withdrawn (from the calendar), Phú Quốc's overdue assignment leaves the rows, the
    totals and the urging; the matrix as it stood before the withdrawal still has it."""
    withdraw_assignment(db.session, world.other_assignment, now=datetime(2019, 10, 2, 3, 0))
    db.session.commit()
    today = date(2019, 10, 3)

    def matrix(as_of=None):
        return coverage_matrix(
            db.session, world.directive, today=today, zone=ZONE, open_states=OPEN,
            near_days=7, as_of=as_of,
        )  # fmt: skip

    now = matrix()
    assert [r.unit_name for r in now.rows] == ["Thành ủy Rạch Giá"]
    assert sum(now.totals.values()) == 1 and now.withdrawn == 1
    before = matrix(day_as_of(db.session, world.directive, date(2019, 10, 1), zone=ZONE))
    assert "Huyện ủy Phú Quốc" in {r.unit_name for r in before.rows}
    assert before.withdrawn == 0
    on_the_day = matrix(day_as_of(db.session, world.directive, date(2019, 10, 2), zone=ZONE))
    assert on_the_day.withdrawn == 1

    AuthActions(client).login("reviewer")
    html = client.get(f"/assignments/documents/{world.directive.id}/coverage").get_data(
        as_text=True
    )
    assert "Huyện ủy Phú Quốc" not in html
    assert f'value="{world.other_assignment.id}"' not in html  # nothing to urge
    assert "1 nhiệm vụ đã thu hồi không tính trong bảng." in html
