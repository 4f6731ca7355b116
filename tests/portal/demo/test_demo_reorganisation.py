"""The demo data tells the 2025 story: seeded on a date after 1-7-2025, ``seed-demo`` keeps
the 2019 units and adds the reorganisation; seeding again changes nothing."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from documents.db import db
from documents.followup.coverage import coverage_matrix
from documents.models import Assignment, Document, OrgUnit, User
from documents.unit_history import UnitEvent
from portal.demo.data import DATA_2025
from portal.followup.reporting import day_as_of

AFTER = date(2025, 9, 1)


def _seed(app):
    app.config["FIXED_TODAY"] = AFTER
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result


def _matrix(directive, as_of):
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    situation = None if as_of is None else day_as_of(db.session, directive, as_of, zone=zone)
    return coverage_matrix(
        db.session, directive, today=AFTER, zone=zone,
        open_states=("drafted",), near_days=7, as_of=situation,
    )  # fmt: skip


def test_seed_demo_after_july_2025_adds_the_reorganisation_and_keeps_2019(app):
    _seed(app)
    directive = db.session.scalar(db.select(Document).filter_by(external_id="demo-11-CT-TU"))
    then = _matrix(directive, date(2019, 9, 18))
    assert len({r.unit_id for r in then.rows}) == 26
    assert "Thành ủy Rạch Giá" in {r.unit_name for r in then.rows}
    now = _matrix(directive, None)  # today (the portal clock is AFTER): the current matrix
    assert len(now.rows) == len(then.rows)
    names = {r.unit_name: r for r in now.rows}
    assert names["Đảng ủy phường Rạch Giá"].carried_from == "Thành ủy Rạch Giá"
    assert "Đảng ủy đặc khu Phú Quốc" in names
    for row in now.rows:
        unit = db.session.get(OrgUnit, row.unit_id)
        assert row.is_done or unit.is_valid_on(AFTER), row.unit_name
    kiengiang = db.session.scalar(db.select(OrgUnit).filter_by(code="tinhuy-kiengiang"))
    assert kiengiang.valid_to == date(2025, 7, 1) and kiengiang.successor.name == "Tỉnh ủy An Giang"
    reviewer = db.session.scalar(db.select(User).filter_by(username="bandanvan"))
    assert reviewer.unit.name == "Ban Tuyên giáo và Dân vận Tỉnh ủy An Giang"
    newcomer = db.session.scalar(db.select(User).filter_by(username="phuong.rachgia"))
    carried = db.session.scalars(db.select(Assignment).filter_by(unit_id=newcomer.unit_id)).all()
    assert [a.document.symbol for a in carried] == ["11-CT/TU"]


def test_seed_demo_with_the_reorganisation_is_idempotent(app):
    _seed(app)
    counts = [
        db.session.scalar(db.select(db.func.count()).select_from(model))
        for model in (OrgUnit, User, Document, Assignment, UnitEvent)
    ]
    _seed(app)
    again = [
        db.session.scalar(db.select(db.func.count()).select_from(model))
        for model in (OrgUnit, User, Document, Assignment, UnitEvent)
    ]
    assert again == counts and counts[-1] == len(DATA_2025["events"])
