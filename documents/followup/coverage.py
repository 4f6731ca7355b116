"""The coverage matrix of a document: one row per assignment, in the government's buckets.

An assignment is *done* once its plan has been submitted and is not back in one of the
``open_states`` the caller names (the workflow's draft state: a plan returned for revision
is open again). The done date is the local date of the last submission, so a plan
submitted at 17:30 UTC counts on the next day in Asia/Ho_Chi_Minh. The four buckets:

- done on time: submitted on or before the due date (or no due date);
- done late: submitted after the due date;
- open and in time: not done, today on or before the due date (or no due date);
- open and overdue: not done, today after the due date.

"Near due" marks open, in-time rows whose deadline is at most ``near_days`` away. A
withdrawn assignment is not a row (the matrix counts them): nothing is left to follow up.
The clock (``today``) and the time zone are passed in. The matrix is built with a fixed
number of queries, whatever the number of units. Filtering and sorting the rows for the
page: ``coverage_rows``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import Any, NamedTuple, Protocol

from sqlalchemy import select

from documents.collation import vi_key
from documents.db import DbSession
from documents.followup.assignments import Urging
from documents.followup.inspections import ReviewEvent, ReviewReport
from documents.i18n import N_
from documents.lineage import units_on
from documents.models import Assignment, Document, OrgUnit, Plan
from documents.records import Clause

BUCKETS: tuple[str, ...] = ("done_on_time", "done_late", "open_in_time", "open_overdue")
BUCKET_LABELS: dict[str, str] = {
    "done_on_time": N_("Hoàn thành đúng hạn"),
    "done_late": N_("Hoàn thành trễ hạn"),
    "open_in_time": N_("Chưa hoàn thành, còn hạn"),
    "open_overdue": N_("Chưa hoàn thành, quá hạn"),
}
SORT_KEYS: tuple[str, ...] = ("unit", "kind", "due", "state", "days", "urging", "bucket")


def local_date(moment: datetime, zone: tzinfo) -> date:
    """The date in ``zone`` of a stored (naive UTC) moment."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone).date()


def classify(due_on: date | None, done_on: date | None, today: date) -> tuple[str, int | None]:
    """(bucket, days) of a deadline. ``days`` is due minus the done date for done work
    (positive: early, negative: late) and due minus today for open work (negative:
    overdue); None without a due date."""
    if done_on is not None:
        if due_on is None:
            return "done_on_time", None
        days = (due_on - done_on).days
        return ("done_on_time" if days >= 0 else "done_late"), days
    if due_on is None:
        return "open_in_time", None
    days = (due_on - today).days
    return ("open_in_time" if days >= 0 else "open_overdue"), days


def is_near_due(bucket: str, days: int | None, near_days: int) -> bool:
    """Open, not yet overdue, and the deadline at most ``near_days`` days away."""
    return bucket == "open_in_time" and days is not None and days <= near_days


class Submitted(Protocol):
    """What tells whether a plan's work is done: a plan, or the columns of one."""

    @property
    def state(self) -> str: ...

    @property
    def submitted_at(self) -> datetime | None: ...


class _Assigned(NamedTuple):
    """The columns of an assignment the matrix reads."""

    id: int
    unit_id: int
    origin_unit_id: int
    deliverable: str
    due_on: date | None
    created_at: datetime
    clause_number: int | None
    withdrawn_at: datetime | None


class _Unit(NamedTuple):
    id: int
    name: str
    kind: str


class _PlanState(NamedTuple):
    id: int
    state: str
    submitted_at: datetime | None
    reported: bool  # a results report was written


_Found = tuple[_Assigned, _Unit, _PlanState | None]


def _unit_order(found: _Found) -> tuple[Any, ...]:
    """By unit name in Vietnamese order, then deliverable."""
    assignment, unit, _plan = found
    return (vi_key(unit.name), vi_key(assignment.deliverable), assignment.id)


def done_on(plan: Submitted | None, open_states: Collection[str], zone: tzinfo) -> date | None:
    """The local date the plan was (last) submitted, None while the work is open."""
    if plan is None or plan.submitted_at is None or plan.state in open_states:
        return None
    return local_date(plan.submitted_at, zone)


@dataclass(frozen=True)
class PlanAsOf:
    """A plan as it stood at a past moment, read from its workflow history."""

    state: str
    submitted_at: datetime | None  # its last submission before that moment
    reported: bool  # its results report had been accepted into the workflow by then


@dataclass(frozen=True)
class AsOf:
    """The situation on ``last_day`` of a period (a year's report): rows and urgings of
    ``first_day`` .. ``last_day``, plans as they stood before ``until`` (naive UTC, the
    start of the day after ``last_day`` in the portal's time zone), and the review events
    due in the whole period (``first_day`` .. ``period_end``: this year's events still to
    come are listed too) with the reports sent by ``until``."""

    first_day: date
    last_day: date
    period_end: date
    until: datetime
    plans: Mapping[int, PlanAsOf]  # plan id → its state then; absent: not yet created


@dataclass(frozen=True)
class DeadlineStatus:
    bucket: str
    days: int | None
    near_due: bool

    @property
    def css(self) -> str:
        """``overdue``, ``near`` or ``''``: the colour a page shows the deadline in."""
        if self.bucket == "open_overdue":
            return "overdue"
        return "near" if self.near_due else ""


def assignment_status(
    assignment: Assignment,
    *,
    today: date,
    zone: tzinfo,
    open_states: Collection[str],
    near_days: int,
) -> DeadlineStatus:
    """Where one assignment stands against its deadline."""
    bucket, days = classify(assignment.due_on, done_on(assignment.plan, open_states, zone), today)
    return DeadlineStatus(bucket, days, is_near_due(bucket, days, near_days))


@dataclass
class CoverageRow:
    assignment_id: int
    unit_id: int
    unit_name: str
    unit_kind: str
    deliverable: str
    due_on: date | None
    plan_id: int | None
    plan_state: str | None
    submitted_on: date | None
    bucket: str
    days: int | None
    near_due: bool
    reported: bool
    last_urging_level: str | None = None
    last_urging_on: date | None = None
    urging_count: int = 0
    # Titles of the review events without the unit's report, as stored: show them with
    # ``documents.i18n.render`` (a default title is a message).
    reviews_missing: list[str] = field(default_factory=list)
    clause_number: int | None = None  # the clause assigned, None for the whole document
    plan_returned: bool = False  # sent back by the commission, awaiting correction
    plan_readable: bool = False  # the commission may open the plan (submitted at least once)
    # The unit first assigned, when another unit (its successor) carries the work.
    carried_from: str | None = None

    @property
    def is_done(self) -> bool:
        return self.bucket.startswith("done")


@dataclass
class Coverage:
    document: Document
    rows: list[CoverageRow]
    review_events: list[ReviewEvent]
    deliverables: list[str]
    withdrawn: int = 0  # assignments withdrawn (by the day shown): not in the rows

    @property
    def totals(self) -> dict[str, int]:
        return bucket_totals(self.rows)


def bucket_totals(rows: Iterable[CoverageRow]) -> dict[str, int]:
    totals = dict.fromkeys(BUCKETS, 0)
    for row in rows:
        totals[row.bucket] += 1
    return totals


def coverage_matrix(
    session: DbSession,
    document: Document,
    *,
    today: date,
    zone: tzinfo,
    open_states: Collection[str],
    near_days: int,
    deliverable: str | None = None,
    as_of: AsOf | None = None,
    returned: Callable[[Any], bool] | None = None,
) -> Coverage:
    """The matrix of ``document`` (of one ``deliverable`` when given), rows by unit name in
    Vietnamese order; ``returned`` tells a plan sent back for correction (the workflow
    knows, not this). With ``as_of``, the matrix as it stood then: the assignments made
    (or due) by ``as_of.last_day``, each under the unit that carried it on that day (before
    a reorganisation: the unit it was assigned to; ended units keep the closed work they
    did), each plan in its state of then, the urgings and review events of the period and
    the review reports sent by then."""
    # The columns the matrix shows, as plain rows: building 150 assignments, units and
    # plans as ORM objects (a plan's texts are most of its row) was a third of the page.
    query = (
        select(
            *(Assignment.id, Assignment.unit_id, Assignment.origin_unit_id),
            *(Assignment.deliverable, Assignment.due_on, Assignment.created_at, Clause.number),
            Assignment.withdrawn_at,
            *(OrgUnit.id, OrgUnit.name, OrgUnit.kind),
            *(Plan.id, Plan.state, Plan.submitted_at, Plan.report_text.is_not(None)),
        )
        .join(OrgUnit, Assignment.unit_id == OrgUnit.id)
        .outerjoin(Plan, Plan.assignment_id == Assignment.id)
        .outerjoin(Clause, Assignment.clause_id == Clause.id)
        .filter(Assignment.document_id == document.id)
    )
    cells: list[tuple[Any, ...]] = [tuple(row) for row in session.execute(query)]
    found: list[_Found] = sorted(
        (
            (_Assigned(*c[:8]), _Unit(*c[8:11]), _PlanState(*c[11:]) if c[11] is not None else None)
            for c in cells
        ),
        key=_unit_order,
    )
    standing = [(a, u, p) for a, u, p in found if _standing(a, as_of, zone)]
    withdrawn, found = len(found) - len(standing), standing
    deliverables = sorted({a.deliverable for a, _u, _p in found}, key=vi_key)
    if deliverable is not None:
        found = [(a, u, p) for a, u, p in found if a.deliverable == deliverable]
    if as_of is not None:
        found = [(a, u, p) for a, u, p in found if _assigned_by(a, as_of, zone)]
        found = _carried_on(session, found, as_of.last_day)
    origins = {a.origin_unit_id for a, u, _p in found if a.origin_unit_id != u.id}
    origin_names = dict(
        session.execute(select(OrgUnit.id, OrgUnit.name).filter(OrgUnit.id.in_(origins))).all()
    )

    urgings: dict[int, list[Urging]] = {}
    for urging in session.scalars(
        select(Urging)
        .join(Assignment, Urging.assignment_id == Assignment.id)
        .filter(Assignment.document_id == document.id)
        .order_by(Urging.created_at, Urging.id)
    ):
        if as_of is None or as_of.first_day <= urging.urged_on <= as_of.last_day:
            urgings.setdefault(urging.assignment_id, []).append(urging)

    events = list(
        session.scalars(
            select(ReviewEvent)
            .filter(ReviewEvent.document_id == document.id)
            .order_by(ReviewEvent.due_on, ReviewEvent.id)
        )
    )
    reports = (
        select(ReviewReport.event_id, ReviewReport.unit_id)
        .join(ReviewEvent, ReviewReport.event_id == ReviewEvent.id)
        .filter(ReviewEvent.document_id == document.id)
    )
    if as_of is not None:
        events = [e for e in events if as_of.first_day <= e.due_on <= as_of.period_end]
        reports = reports.filter(ReviewReport.submitted_at < as_of.until)
    reported_events: dict[int, set[int]] = {}
    for event_id, unit_id in session.execute(reports):
        reported_events.setdefault(unit_id, set()).add(event_id)

    def missing(unit_id: int) -> list[str]:
        sent = reported_events.get(unit_id)
        return [e.title for e in events if not sent or e.id not in sent]

    rows = []
    for assignment, unit, plan in found:
        if as_of is not None:
            plan_state, done, reported = _plan_then(plan, as_of, open_states, zone)
        else:
            plan_state = plan.state if plan else None
            done = done_on(plan, open_states, zone)
            reported = plan is not None and plan.reported
        bucket, days = classify(assignment.due_on, done, today)
        history = urgings.get(assignment.id, [])
        last = history[-1] if history else None
        rows.append(
            CoverageRow(
                assignment_id=assignment.id,
                unit_id=unit.id,
                unit_name=unit.name,
                unit_kind=unit.kind,
                deliverable=assignment.deliverable,
                due_on=assignment.due_on,
                plan_id=plan.id if plan is not None and plan_state else None,
                plan_state=plan_state,
                submitted_on=done,
                bucket=bucket,
                days=days,
                near_due=is_near_due(bucket, days, near_days),
                reported=reported,
                last_urging_level=last.level if last else None,
                last_urging_on=last.urged_on if last else None,
                urging_count=len(history),
                reviews_missing=missing(unit.id),
                clause_number=assignment.clause_number,
                plan_returned=plan is not None
                and as_of is None  # the badge tells today's state
                and returned is not None
                and returned(plan),
                plan_readable=plan is not None and plan.submitted_at is not None,
                carried_from=origin_names.get(assignment.origin_unit_id)
                if assignment.origin_unit_id != unit.id
                else None,
            )
        )
    return Coverage(document, rows, events, deliverables, withdrawn)


def _standing(assignment: _Assigned, as_of: AsOf | None, zone: tzinfo) -> bool:
    """Whether the assignment still stands: never withdrawn, or, in the matrix as it stood
    on a past day, withdrawn only after that day. A withdrawn one is no longer work to
    follow up (no lateness, no urging, not in the totals or the yearly report)."""
    if assignment.withdrawn_at is None:
        return True
    return as_of is not None and local_date(assignment.withdrawn_at, zone) > as_of.last_day


def _assigned_by(assignment: _Assigned, as_of: AsOf, zone: tzinfo) -> bool:
    """Whether the assignment existed by the end of the period: made by then, or due by
    then (an assignment of that period entered later)."""
    if assignment.due_on is not None and assignment.due_on <= as_of.last_day:
        return True
    return local_date(assignment.created_at, zone) <= as_of.last_day


def _plan_then(
    plan: _PlanState | None, as_of: AsOf, open_states: Collection[str], zone: tzinfo
) -> tuple[str | None, date | None, bool]:
    """(state, done date, reported) of a plan at the end of the period."""
    then = as_of.plans.get(plan.id) if plan is not None else None
    if then is None:
        return None, None, False
    done = None
    if then.submitted_at is not None and then.state not in open_states:
        done = local_date(then.submitted_at, zone)
    return then.state, done, then.reported


def _carried_on(session: DbSession, found: list[_Found], day: date) -> list[_Found]:
    """Each row under the unit that carried its assignment on ``day``."""
    carriers = units_on(session, [a for a, _u, _p in found], day)
    units = {
        u.id: u
        for u in session.scalars(select(OrgUnit).filter(OrgUnit.id.in_(set(carriers.values()))))
    }
    rows = [(a, units[carriers[a.id]], p) for a, _u, p in found]
    # A unit that had ended by then still shows the closed work it did and kept.
    return sorted(
        (
            (a, _Unit(u.id, u.name, u.kind), p)
            for a, u, p in rows
            if u.is_valid_on(day) or (a.unit_id == u.id and u.valid_to and u.valid_to <= day)
        ),
        key=_unit_order,
    )
