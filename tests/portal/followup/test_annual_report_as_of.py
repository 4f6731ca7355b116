"""A year's report shows the situation at the end of that year (issue #13, item 1):
plans in their state of then (replayed from the history), the year's urgings,
inspections and review events, and a heading that says so; the page, the XLSX and
``flask report`` alike."""

from __future__ import annotations

import io
import itertools
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents.db import db
from documents.followup.assignments import urge
from documents.followup.inspections import Inspection, ReviewEvent, ReviewReport
from tests.conftest import AuthActions
from tests.fixtures.followup import docx_text
from workflows.definitions import PLAN_WORKFLOW
from workflows.engine import fire, plans_as_of


def at(*args: int) -> datetime:
    return datetime(*args, 2, 0)  # 09:00 in Asia/Ho_Chi_Minh


@pytest.fixture
def years(app, world, factory):
    """Rạch Giá submits in 2019, is returned and resubmits in 2020, is approved and reports
    in 2026; Phú Quốc never submits. Urgings, inspections and review events in 2019, 2020,
    2026 and 2027. The portal's clock is in December 2026."""
    app.config["FIXED_TODAY"] = date(2026, 12, 5)
    session = db.session
    for assignment in (world.assignment, world.other_assignment):
        assignment.created_at = at(2019, 8, 5)
    plan = factory.plan(world.assignment, world.drafter)
    plan.created_at = at(2019, 9, 10)
    fire(session, plan, "submit", actor=world.drafter, now=at(2019, 9, 20))
    fire(session, plan, "return", actor=world.reviewer, comment="Bổ sung.", now=at(2020, 3, 1))
    fire(session, plan, "submit", actor=world.drafter, now=at(2020, 4, 1))
    fire(session, plan, "review", actor=world.reviewer, now=at(2026, 2, 1))
    fire(session, plan, "report", actor=world.drafter, report_text="Kết quả.", now=at(2026, 6, 1))
    for day in (date(2019, 10, 2), date(2020, 5, 5), date(2026, 3, 3)):
        urge(session, world.other_assignment, actor=world.reviewer, today=day)
    for year in (2019, 2020):
        session.add(
            Inspection(
                document_id=world.directive.id,
                unit_id=world.other_unit.id,
                kind="kiem_tra",
                held_on=date(year, 11, 11),
                team="Đoàn kiểm tra",
                findings=f"Phát hiện năm {year}",
                created_by_id=world.reviewer.id,
            )
        )
    events = {}
    for due in (date(2019, 12, 31), date(2020, 6, 30), date(2026, 12, 31), date(2027, 6, 30)):
        events[due.year] = ReviewEvent(
            document_id=world.directive.id,
            kind="so_ket",
            level="district",
            title=f"Sơ kết hạn {due.isoformat()}",
            due_on=due,
        )
        session.add(events[due.year])
    session.flush()
    for year, sent in ((2019, at(2019, 12, 28)), (2020, at(2020, 1, 2))):
        session.add(
            ReviewReport(
                event_id=events[year].id,
                unit_id=world.unit.id,
                body="Báo cáo sơ kết.",
                submitted_by_id=world.drafter.id,
                submitted_at=sent,
            )
        )
    session.commit()
    return world


def report(client, world, year, fmt):
    AuthActions(client).login("reviewer")
    response = client.get(
        f"/assignments/documents/{world.directive.id}/report?year={year}&format={fmt}"
    )
    assert response.status_code == 200
    return response.data


def test_the_2019_report_shows_the_end_of_2019(years, client):
    text = docx_text(report(client, years, 2019, "docx"))
    assert "tình hình đến hết 31/12/2019" in text
    assert "Đến hết ngày 31 tháng 12 năm 2019, có 1 đơn vị đã gửi" in text
    assert "Đã gửi, chờ duyệt" in text  # Rạch Giá's state then
    assert "Đã duyệt" not in text and "Đã báo cáo kết quả" not in text
    assert "quá hạn 92 ngày" in text  # Phú Quốc, counted to 31/12/2019
    assert "Trong năm 2019, Ban đã đôn đốc 1 lượt." in text
    assert "Phát hiện năm 2019" in text and "Phát hiện năm 2020" not in text
    assert "Sơ kết hạn 2019-12-31 (hạn 31/12/2019): 1/2 đơn vị" in text
    for later in ("2020-06-30", "2026-12-31", "2027-06-30"):
        assert f"Sơ kết hạn {later}" not in text
    assert "Rạch Giá, ngày 05 tháng 12 năm 2026" in text  # issued today


def test_the_2020_report_shows_the_resubmission_and_only_2020s_records(years, client):
    text = docx_text(report(client, years, 2020, "docx"))
    assert "tình hình đến hết 31/12/2020" in text
    assert "Đã gửi, chờ duyệt" in text and "Đã duyệt" not in text
    assert "Trong năm 2020, Ban đã đôn đốc 1 lượt." in text
    # The 2020 review event's report was sent in January 2020: it counts.
    assert "Sơ kết hạn 2020-06-30 (hạn 30/6/2020): 1/2 đơn vị" in text
    assert "Sơ kết hạn 2019-12-31" not in text


def test_the_2019_workbook_is_dated_and_stated_at_the_end_of_2019(years, client):
    book = openpyxl.load_workbook(io.BytesIO(report(client, years, 2019, "xlsx")))
    sheet = book["Tình hình thực hiện"]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "Số liệu đến ngày 31/12/2019" in cells
    assert "Đã gửi, chờ duyệt" in cells and "Đã báo cáo kết quả" not in cells
    assert "Đã báo cáo" not in cells  # the results report came in 2026


def test_the_current_years_report_is_as_of_today(years, client):
    text = docx_text(report(client, years, 2026, "docx"))
    assert "tình hình đến hết 05/12/2026" in text
    assert "Đã báo cáo kết quả" in text
    # This year's review event still to come is listed, with the reports sent so far.
    assert "Sơ kết hạn 2026-12-31 (hạn 31/12/2026): 0/2 đơn vị" in text
    assert "Sơ kết hạn 2027-06-30" not in text


def test_the_report_page_says_which_situation_a_year_shows(years, client):
    AuthActions(client).login("reviewer")
    page = client.get(f"/assignments/documents/{years.directive.id}/report").get_data(as_text=True)
    assert "tình hình đến hết ngày 31/12 năm đó" in page


def test_the_report_command_writes_the_same_end_of_year_situation(app, years, tmp_path):
    target = tmp_path / "bao-cao-2019.docx"
    result = app.test_cli_runner().invoke(
        args=["report", "--directive", "11-CT/TU", "--year", "2019", "--output", str(target)]
    )
    assert result.exit_code == 0, result.output
    text = docx_text(target.read_bytes())
    assert "tình hình đến hết 31/12/2019" in text and "Đã duyệt" not in text


FRESH_NUMBERS = itertools.count(100)
WHO_FIRES = {"submit": "drafter", "return": "reviewer", "review": "reviewer", "report": "drafter"}
INPUT = {"comment": "Ý kiến.", "report_text": "Kết quả."}


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_replaying_the_history_gives_the_state_at_every_moment(world, factory, data):
    """Any sequence of transitions: the replayed state just after each one, and just
    before the next, is the state the plan had then."""
    number = next(FRESH_NUMBERS)  # examples share the database: each its own document
    document = factory.document(symbol=f"{number}-CT/TU", number=number)
    plan = factory.plan(factory.assignment(document, world.unit), world.drafter)
    plan.created_at = at(2019, 1, 1)
    moment = at(2019, 1, 1)
    seen = [(moment + timedelta(seconds=1), PLAN_WORKFLOW.initial, None)]
    for _ in range(data.draw(st.integers(min_value=0, max_value=8), label="steps")):
        choices = PLAN_WORKFLOW.transitions_from(plan.state)
        if not choices:
            break
        transition = data.draw(st.sampled_from(choices), label="transition")
        moment += timedelta(hours=data.draw(st.integers(min_value=1, max_value=24 * 400)))
        actor = world.by_role(WHO_FIRES[transition.name])
        fire(db.session, plan, transition.name, actor=actor, now=moment, **INPUT)
        seen.append((moment + timedelta(seconds=1), plan.state, plan.submitted_at))
    db.session.flush()
    for until, state, submitted_at in seen:
        then = plans_as_of(db.session, [plan], until)[plan.id]
        assert (then.state, then.submitted_at) == (state, submitted_at)
        assert then.reported == (state == "reported")
    assert plans_as_of(db.session, [plan], at(2018, 12, 31)) == {}
    db.session.rollback()
