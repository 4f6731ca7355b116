"""The coverage matrix as of a date on either side of the 1-7-2025 reorganisation, and
key figures that roll up across it without counting anything twice."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from documents.followup.coverage import coverage_matrix
from documents.followup.figures import define_figure, record_values, roll_up
from documents.reorganisation import apply
from documents.unit_events import EventInput, NewUnit, Target
from portal.followup.reporting import day_as_of

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
MOVING = ("drafted", "submitted")


def _merge_districts(session) -> None:
    data = EventInput(
        "merge",
        date(2025, 7, 1),
        "11-CT/TU",
        ("thanhuy-rachgia", "huyenuy-phuquoc"),
        (Target("dangbo-rachgia", NewUnit("Đảng ủy phường Rạch Giá")),),
    )
    apply(session, data, actor=None, today=date(2025, 7, 2), open_states=MOVING)
    session.commit()


def _matrix(session, document, as_of=None):
    return coverage_matrix(
        session,
        document,
        today=date(2025, 7, 2),
        zone=ZONE,
        open_states=("drafted",),
        near_days=7,
        as_of=None if as_of is None else day_as_of(session, document, as_of, zone=ZONE),
    )


def test_coverage_as_of_lists_the_units_of_each_side_of_the_change(world, session):
    _merge_districts(session)
    before = _matrix(session, world.directive, date(2025, 6, 30))
    assert sorted(r.unit_name for r in before.rows) == ["Huyện ủy Phú Quốc", "Thành ủy Rạch Giá"]
    assert all(r.carried_from is None for r in before.rows)
    after = _matrix(session, world.directive, date(2025, 7, 1))
    assert [r.unit_name for r in after.rows] == ["Đảng ủy phường Rạch Giá"] * 2
    assert sorted(r.carried_from for r in after.rows) == ["Huyện ủy Phú Quốc", "Thành ủy Rạch Giá"]
    assert _matrix(session, world.directive).totals == after.totals == before.totals


def test_key_figures_roll_up_the_same_before_and_after_the_merge(world, session):
    figure = define_figure(session, world.directive, "Số chi hội được củng cố")
    record_values(session, world.assignment, 2019, {figure.id: 12})
    record_values(session, world.other_assignment, 2019, {figure.id: 30})
    session.commit()
    before = roll_up(session, world.directive, 2019)
    _merge_districts(session)
    after = roll_up(session, world.directive, 2019)
    assert before.totals == after.totals == {figure.id: 42}
    assert after.reporting_units == before.reporting_units == {figure.id: 2}


def test_coverage_page_as_of_a_date(world, session, client, auth):
    for assignment in (world.assignment, world.other_assignment):
        assignment.created_at = datetime(2019, 8, 5)  # assigned then, as the matrix of then shows
    session.commit()
    _merge_districts(session)
    auth.login("reviewer")
    url = f"/assignments/documents/{world.directive.id}/coverage"
    old = client.get(url, query_string={"as_of": "2019-09-18"}).get_data(as_text=True)
    assert "Thành ủy Rạch Giá" in old and "Đảng ủy phường Rạch Giá" not in old
    today = client.get(url, query_string={"as_of": "2025-07-02"}).get_data(as_text=True)
    assert "Tiếp nhận việc của Thành ủy Rạch Giá" in today
    bad = client.get(url, query_string={"as_of": "30/6/2025"})
    assert bad.status_code == 200 and "Ngày xem không hợp lệ" in bad.get_data(as_text=True)
