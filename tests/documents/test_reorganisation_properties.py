"""Property tests of reorganisations: after any sequence of events (valid or refused),
every open assignment is carried by exactly one unit valid today, closed work keeps its
unit, and nothing is counted twice or lost."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents.db import db
from documents.followup.coverage import coverage_matrix
from documents.models import Assignment, OrgUnit, Plan
from documents.reorganisation import apply
from documents.unit_events import EventInput, NewUnit, ReorganisationError, Target
from portal.followup.reporting import day_as_of
from workflows.engine import fire

MOVING = ("drafted", "submitted")
START = date(2025, 7, 1)
TODAY = date(2025, 12, 31)
KINDS = ("merge", "split", "rename", "transfer", "dissolve", "establish", "self_merge")
_examples = itertools.count()

steps = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 50), st.integers(0, 50), st.booleans()),
    max_size=8,
)


def _world(factory, prefix: str):
    province = factory.unit(f"{prefix}-tu", "provincial_committee")
    reviewer = factory.user(f"{prefix}-rv", factory.unit(f"{prefix}-bdv", "commission"), "reviewer")
    docs = [factory.document(f"{n}-CT/{prefix.upper()}", number=n, issuer=province) for n in (1, 2)]
    for i in range(4):
        unit = factory.unit(f"{prefix}-u{i}")
        drafter = factory.user(f"{prefix}-d{i}", unit, "drafter")
        for j, document in enumerate(docs):
            plan = factory.plan(factory.assignment(document, unit), drafter)
            if (i + j) % 3 == 0:
                fire(factory.session, plan, "submit", actor=drafter)
                fire(factory.session, plan, "review", actor=reviewer)
            elif (i + j) % 3 == 1:
                fire(factory.session, plan, "submit", actor=drafter)
    return docs


def _alive(session, prefix: str) -> list[OrgUnit]:
    units = session.scalars(
        db.select(OrgUnit)
        .filter(OrgUnit.code.like(f"{prefix}-u%"), OrgUnit.valid_to.is_(None))
        .order_by(OrgUnit.id)
    )
    return list(units)


def _event(kind, a, b, flag, alive, docs, n, prefix) -> EventInput | None:
    if not alive and kind != "establish":
        return None
    on = START + timedelta(days=n)
    source = alive[a % len(alive)] if alive else None
    other = alive[b % len(alive)] if alive else None
    fresh = f"{prefix}-u-new{n}"
    symbols = [f"#{d.id}" for d in docs]
    if kind == "merge":
        sources = tuple({source.code, other.code} - ({other.code} if flag else set()))
        target = Target(other.code) if flag else Target(fresh, NewUnit(f"Đơn vị {fresh}"))
        return EventInput("merge", on, symbols[0], sources or (source.code,), (target,))
    if kind == "self_merge":
        return EventInput("merge", on, symbols[0], (source.code,), (Target(source.code),))
    if kind == "split":
        shares = (symbols, ()) if flag else (symbols[:1], symbols[1:])
        targets = tuple(
            Target(f"{fresh}-{i}", NewUnit(f"Đơn vị {fresh}-{i}"), tuple(share))
            for i, share in enumerate(shares)
        )
        return EventInput("split", on, symbols[0], (source.code,), targets)
    if kind in ("rename", "transfer"):
        parent = f"{prefix}-tu" if kind == "transfer" else None
        target = Target(fresh, NewUnit(f"Tên mới {fresh}", parent_code=parent))
        return EventInput(kind, on, symbols[0], (source.code,), (target,))
    if kind == "dissolve":
        heirs = () if flag or other is source else (Target(other.code),)
        return EventInput("dissolve", on, symbols[0], (source.code,), heirs)
    kind_of = "district_committee"
    target = Target(fresh, NewUnit(f"Đơn vị {fresh}", kind=kind_of, level="commune"))
    return EventInput("establish", on, symbols[0], (), (target,))


def _snapshot(session, docs):
    rows = session.execute(
        db.select(Assignment, Plan)
        .join(Plan, Plan.assignment_id == Assignment.id)
        .filter(Assignment.document_id.in_([d.id for d in docs]))
        .order_by(Assignment.id)
    ).all()
    return [(a.id, a.unit_id, a.origin_unit_id, p.state, p.unit_id) for a, p in rows]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_any_sequence_of_events_keeps_every_open_assignment_with_one_unit_valid_today(
    factory, session, steps
):
    prefix = f"p{next(_examples)}"
    docs = _world(factory, prefix)
    before = _snapshot(session, docs)
    for n, (kind, a, b, flag) in enumerate(steps):
        data = _event(kind, a, b, flag, _alive(session, prefix), docs, n, prefix)
        if data is None:
            continue
        state = _snapshot(session, docs)
        try:
            apply(session, data, actor=None, today=TODAY, open_states=MOVING)
        except ReorganisationError:
            assert _snapshot(session, docs) == state  # refused: nothing changed

    after = _snapshot(session, docs)
    assert len(after) == len(before) == 8
    assert sorted(s for *_x, s, _p in after) == sorted(s for *_x, s, _p in before)
    for (_id, unit_id, origin, state, plan_unit), old in zip(after, before, strict=True):
        assert plan_unit == unit_id
        unit = session.get(OrgUnit, unit_id)
        if state in MOVING:
            assert unit.is_valid_on(TODAY) and unit.valid_to is None
        else:
            assert unit_id == origin == old[1]
    for document in docs:  # the as-of matrix on both sides: every row once, right unit
        before_change = _matrix(session, document, START - timedelta(days=1))
        assert {(r.assignment_id, r.unit_id) for r in before_change.rows} == {
            (a, o) for a, _u, o, *_ in before if _document_of(session, a) == document.id
        }
        today = _matrix(session, document, TODAY)
        assert sorted(r.assignment_id for r in today.rows) == sorted(
            r.assignment_id for r in before_change.rows
        )
        assert all(r.unit_id == _carrier(session, r.assignment_id) for r in today.rows)


def _matrix(session, document, as_of):
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    situation = None if as_of is None else day_as_of(session, document, as_of, zone=zone)
    return coverage_matrix(
        session, document, today=TODAY, zone=zone,
        open_states=("drafted",), near_days=7, as_of=situation,
    )  # fmt: skip


def _document_of(session, assignment_id: int) -> int:
    return session.get(Assignment, assignment_id).document_id


def _carrier(session, assignment_id: int) -> int:
    return session.get(Assignment, assignment_id).unit_id
