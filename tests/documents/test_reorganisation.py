"""Reorganisation events: units end and begin, open work moves, closed work stays, and
bad events are refused without changing anything."""

from __future__ import annotations

from datetime import date

import pytest

from documents.db import db
from documents.followup.assignments import Urging
from documents.followup.inspections import Inspection, InspectionTask
from documents.lineage import issuer_today, lineage, successors_on, units_on
from documents.models import OrgUnit
from documents.reorganisation import apply, preview
from documents.unit_events import (
    EventInput,
    NewUnit,
    ReorganisationError,
    Target,
    events_from_json,
)
from documents.unit_history import UnitMove
from tests.fixtures.statements import counted_statements
from workflows.engine import fire

MOVING = ("drafted", "submitted")
DAY = date(2025, 7, 1)
TODAY = date(2025, 7, 2)


def merge(sources, target: Target, key: str = "", on: date = DAY) -> EventInput:
    return EventInput("merge", on, "11-CT/TU", tuple(sources), (target,), key=key)


def new(code: str, name: str, kind: str = "") -> Target:
    return Target(code, NewUnit(name, kind=kind))


def do(session, data: EventInput, actor=None):
    return apply(session, data, actor=actor, today=TODAY, open_states=MOVING)


def test_merge_moves_open_work_and_keeps_closed_work(world, factory, session):
    open_plan = factory.plan(world.assignment, world.drafter)
    closed = factory.assignment(factory.document("12-CT/TU", number=12), world.unit)
    closed_plan = factory.plan(closed, world.drafter)
    fire(session, closed_plan, "submit", actor=world.drafter)
    fire(session, closed_plan, "review", actor=world.reviewer)
    session.add(
        Urging(
            assignment=world.assignment,
            level="nhac_nho",
            urged_by=world.reviewer,
            urged_on=date(2019, 9, 1),
        )
    )
    session.flush()

    event = do(
        session,
        merge(["thanhuy-rachgia", "huyenuy-phuquoc"], new("xa-moi", "Đảng ủy xã Mới")),
        world.admin,
    )

    successor = session.scalar(db.select(OrgUnit).filter_by(code="xa-moi"))
    assert successor.valid_from == DAY and successor.kind == "district_committee"
    assert world.unit.valid_to == DAY and world.unit.successor is successor
    assert world.assignment.unit_id == successor.id and open_plan.unit_id == successor.id
    assert world.other_assignment.unit_id == successor.id
    assert world.assignment.origin_unit_id == world.unit.id
    assert closed.unit_id == world.unit.id and closed_plan.unit_id == world.unit.id
    assert world.drafter.unit_id == successor.id
    assert {r.unit_id for r in world.drafter.roles} == {successor.id}
    kinds = {
        m.object_kind for m in session.scalars(db.select(UnitMove).filter_by(event_id=event.id))
    }
    assert kinds == {"assignment", "plan", "urging", "user_role", "user"}
    assert units_on(session, [world.assignment], date(2019, 9, 18)) == {
        world.assignment.id: world.unit.id
    }
    assert units_on(session, [world.assignment], TODAY) == {world.assignment.id: successor.id}
    assert [e.event.kind for e in lineage(session, successor)] == ["merge"]


def test_preview_lists_the_moves_and_changes_nothing(world, factory, session):
    factory.plan(world.assignment, world.drafter)
    shown = preview(
        session,
        merge(["thanhuy-rachgia"], Target("huyenuy-phuquoc")),
        today=TODAY,
        open_states=MOVING,
    )
    assert shown.counts["assignment"] == 1 and shown.counts["plan"] == 1
    assert world.unit.valid_to is None and world.assignment.unit_id == world.unit.id
    assert session.scalar(db.select(db.func.count(UnitMove.id))) == 0


def test_split_follows_the_shares(world, factory, session):
    second = factory.document("12-CT/TU", number=12)
    other = factory.assignment(second, world.unit)
    split = EventInput(
        "split",
        DAY,
        "11-CT/TU",
        ("thanhuy-rachgia",),
        (
            Target("phuong-a", NewUnit("Đảng ủy phường A"), ("11-CT/TU",)),
            Target("phuong-b", NewUnit("Đảng ủy phường B"), ("12-CT/TU",)),
        ),
    )
    do(session, split)
    a, b = (session.scalar(db.select(OrgUnit).filter_by(code=c)) for c in ("phuong-a", "phuong-b"))
    assert world.assignment.unit_id == a.id and other.unit_id == b.id
    assert world.drafter.unit_id == a.id  # accounts go to the first successor
    assert {u.code for u in successors_on(session, world.unit, TODAY)} == {"phuong-a", "phuong-b"}


def test_successors_are_read_with_their_links_in_one_statement_a_step(world, session):
    split = EventInput(
        "split",
        DAY,
        "11-CT/TU",
        ("thanhuy-rachgia",),
        (
            Target("phuong-a", NewUnit("Đảng ủy phường A"), ("11-CT/TU",)),
            Target("phuong-b", NewUnit("Đảng ủy phường B")),
        ),
    )
    do(session, split)
    session.commit()
    unit_id = world.unit.id
    session.expunge_all()  # the successors as a page's request finds them: not loaded yet
    unit = session.get(OrgUnit, unit_id)
    with counted_statements() as statements:
        found = successors_on(session, unit, TODAY)
    assert [u.code for u in found] == ["phuong-a", "phuong-b"]  # in the event's order
    assert len(statements) == 1


def test_split_whose_shares_do_not_cover_the_open_work_is_refused(world, factory, session):
    factory.assignment(factory.document("12-CT/TU", number=12), world.unit)
    split = EventInput(
        "split",
        DAY,
        "11-CT/TU",
        ("thanhuy-rachgia",),
        (
            Target("phuong-a", NewUnit("Đảng ủy phường A"), ("11-CT/TU",)),
            Target("phuong-b", NewUnit("Đảng ủy phường B"), ()),
        ),
    )
    with pytest.raises(ReorganisationError, match="12-CT/TU"):
        do(session, split)
    assert world.unit.valid_to is None
    assert session.scalar(db.select(OrgUnit).filter_by(code="phuong-a")) is None


def test_open_inspection_task_moves_and_done_task_stays(world, factory, session):
    inspection = Inspection(
        document=world.directive,
        unit=world.unit,
        kind="kiem_tra",
        held_on=date(2019, 9, 1),
        team="Đoàn",
        created_by=world.reviewer,
    )
    todo = InspectionTask(description="Bổ sung sổ theo dõi", status="open")
    done = InspectionTask(description="Đã xong", status="done")
    inspection.tasks = [todo, done]
    session.add(inspection)
    session.flush()
    do(session, merge(["thanhuy-rachgia"], Target("huyenuy-phuquoc")))
    assert todo.responsible_unit is world.other_unit
    assert done.responsible_unit is world.unit and inspection.unit is world.unit


@pytest.mark.parametrize(
    "data, fragment",
    [
        (merge(["thanhuy-rachgia"], Target("thanhuy-rachgia")), "chính nó"),
        (merge(["thanhuy-rachgia"], Target("khong-co")), "khong-co"),
        (merge(["thanhuy-rachgia"], Target("huyenuy-phuquoc"), on=date(2030, 1, 1)), "chưa đến"),
        (
            EventInput(
                "merge", DAY, "99-CT/TU", ("thanhuy-rachgia",), (Target("huyenuy-phuquoc"),)
            ),
            "căn cứ",
        ),
        (
            EventInput(
                "rename", DAY, "11-CT/TU", ("thanhuy-rachgia",), (Target("huyenuy-phuquoc"),)
            ),
            "tên",
        ),
        (EventInput("dissolve", DAY, "11-CT/TU", ("thanhuy-rachgia",), ()), "việc đang mở"),
        (
            EventInput("split", DAY, "11-CT/TU", ("thanhuy-rachgia",), (new("a", "A"),)),
            "Số đơn vị mới",
        ),
    ],
)
def test_bad_events_are_refused_and_change_nothing(world, session, data, fragment):
    with pytest.raises(ReorganisationError, match=fragment):
        do(session, data)
    assert world.unit.valid_to is None and world.assignment.unit_id == world.unit.id


def test_merge_into_a_unit_that_has_ended_is_refused(world, session):
    do(session, merge(["huyenuy-phuquoc"], new("xa-b", "Đảng ủy xã B")))
    with pytest.raises(ReorganisationError, match="đã kết thúc"):
        do(session, merge(["thanhuy-rachgia"], Target("huyenuy-phuquoc"), on=date(2025, 7, 2)))


def test_event_applied_twice_is_refused(world, session):
    data = merge(["thanhuy-rachgia"], Target("huyenuy-phuquoc"), key="sap-nhap-1")
    do(session, data)
    with pytest.raises(ReorganisationError, match="đã được áp dụng"):
        do(session, data)


def test_effective_date_before_the_unit_existed_is_refused(world, session):
    world.unit.valid_from = date(2026, 1, 1)
    with pytest.raises(ReorganisationError, match="thành lập"):
        do(session, merge(["thanhuy-rachgia"], Target("huyenuy-phuquoc")))


def test_cycle_of_successors_is_refused(world, session):
    world.other_unit.successor = world.unit  # an old record: Phú Quốc's work went to Rạch Giá
    session.flush()
    with pytest.raises(ReorganisationError, match="vòng lặp"):
        do(session, merge(["thanhuy-rachgia"], Target("huyenuy-phuquoc")))


def test_issuer_is_shown_with_its_successor_today(world, session):
    do(
        session,
        EventInput("merge", DAY, "11-CT/TU", ("tinhuy",), (new("tinhuy-ag", "Tỉnh ủy An Giang"),)),
    )
    assert issuer_today(session, world.directive, TODAY) == "Tỉnh ủy An Giang"
    assert issuer_today(session, world.directive, date(2025, 6, 30)) is None
    assert world.directive.issuer.name == "Tỉnh ủy Kiên Giang"


def test_json_description_is_read_into_events():
    [event] = events_from_json(
        {
            "events": [
                {
                    "kind": "split",
                    "effective_on": "2025-07-01",
                    "basis": "60-NQ/TW",
                    "from": ["a"],
                    "to": [{"code": "b", "name": "B", "share": ["11-CT/TU"]}, "c"],
                }
            ]
        }
    )
    assert event.targets[0] == Target("b", NewUnit("B"), ("11-CT/TU",))
    assert event.targets[1] == Target("c")
    with pytest.raises(ReorganisationError, match="NNNN-TT-NN"):
        events_from_json({"kind": "merge", "effective_on": "1/7/2025"})
