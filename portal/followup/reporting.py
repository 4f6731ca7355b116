"""Assemble the annual report and the matrix workbook of a document for a year.

Used by the report page and by ``flask report``; everything is passed in, so the command
and the request build the same file. The DOCX is an official report in the Party's
document format and is always Vietnamese; the XLSX workbook is a working file and speaks
the ``language`` it is given (the reader's, or the command's).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from documents.db import DbSession, db
from documents.followup.annual_report import AnnualReportInput, ReportHeader, annual_report_docx
from documents.followup.assignments import Urging
from documents.followup.coverage import AsOf, coverage_matrix
from documents.followup.exports import matrix_xlsx
from documents.followup.figures import roll_up
from documents.followup.inspections import Inspection, ReviewEvent, ReviewReport
from documents.i18n import VIETNAMESE, Translator
from documents.models import Assignment, Document, OrgUnit, Plan
from workflows.definitions import PLAN_WORKFLOW, STATE_TITLES
from workflows.engine import plans_as_of

# The coverage counts a unit's work as done once its plan was submitted; a plan back in
# the draft state (returned for revision) is open work again. Narrower than the table's
# ``PLAN_WORKFLOW.open_states``, which also holds a submitted plan the commission has not
# approved yet.
OPEN_STATES = frozenset({PLAN_WORKFLOW.initial})
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_header(session: DbSession, place: str, number: str = "") -> ReportHeader:
    """The commission issues the report under its parent committee."""
    commission = session.scalar(
        db.select(OrgUnit).filter_by(kind="commission").order_by(OrgUnit.id).limit(1)
    )
    issuer = commission.name if commission else "Ban Dân vận Tỉnh ủy"
    parent = commission.parent.name if commission and commission.parent else "Tỉnh ủy"
    return ReportHeader(
        parent=parent, issuer=issuer.removesuffix(" Tỉnh ủy"), place=place, number=number
    )


def _in_period(column, as_of: AsOf):
    return column.between(as_of.first_day, as_of.last_day)


def situation_as_of(
    session: DbSession,
    document: Document,
    *,
    first_day: date,
    last_day: date,
    period_end: date,
    zone: ZoneInfo,
) -> AsOf:
    """The situation of ``document`` at the end of ``last_day``: its plans replayed from
    their history up to then; urgings from ``first_day``, review events due up to
    ``period_end``."""
    next_day = datetime.combine(last_day + timedelta(days=1), time(), tzinfo=zone)
    until = next_day.astimezone(UTC).replace(tzinfo=None)
    plans = session.scalars(
        db.select(Plan)
        .join(Assignment, Plan.assignment_id == Assignment.id)
        .filter(Assignment.document_id == document.id)
    )
    return AsOf(first_day, last_day, period_end, until, plans_as_of(session, plans, until))


def day_as_of(session: DbSession, document: Document, day: date, *, zone: ZoneInfo) -> AsOf:
    """The matrix's "as of" a day: plans as they stood at its end, all urgings until then,
    every review event with the reports sent by then."""
    return situation_as_of(
        session, document, first_day=date.min, last_day=day, period_end=date.max, zone=zone
    )


def year_as_of(
    session: DbSession, document: Document, year: int, *, today: date, zone: ZoneInfo
) -> AsOf:
    """The situation of ``document`` at the end of ``year`` (31 December, or today for
    the current year); the review events of the whole year."""
    return situation_as_of(
        session,
        document,
        first_day=date(year, 1, 1),
        last_day=min(date(year, 12, 31), today),
        period_end=date(year, 12, 31),
        zone=zone,
    )


def annual_report(
    session: DbSession,
    document: Document,
    *,
    year: int,
    fmt: str,
    today: date,
    zone: ZoneInfo,
    near_days: int,
    place: str = "Rạch Giá",
    number: str = "",
    proposals: str = "",
    language: Translator = VIETNAMESE,
) -> tuple[bytes, str, str]:
    """(file bytes, MIME type, file name) of the annual report as DOCX or the XLSX: the
    situation at the end of ``year`` (``today`` for the current year), never later."""
    as_of = year_as_of(session, document, year, today=today, zone=zone)
    coverage = coverage_matrix(
        session,
        document,
        today=as_of.last_day,
        zone=zone,
        open_states=OPEN_STATES,
        near_days=near_days,
        as_of=as_of,
    )
    roll = roll_up(session, document, year)
    stem = f"bao-cao-{(document.symbol or str(document.id)).replace('/', '-')}-{year}"
    if fmt == "xlsx":
        data = matrix_xlsx(
            coverage, STATE_TITLES, today=as_of.last_day, roll=roll, language=language
        )
        return data, XLSX_MIME, f"{stem}.xlsx"
    if fmt != "docx":
        raise ValueError(f"unknown report format {fmt!r}")
    urgings = list(
        session.scalars(
            db.select(Urging)
            .join(Assignment, Urging.assignment_id == Assignment.id)
            .filter(Assignment.document_id == document.id, _in_period(Urging.urged_on, as_of))
            .order_by(Urging.urged_on, Urging.id)
        )
    )
    inspections = list(
        session.scalars(
            db.select(Inspection)
            .filter(Inspection.document_id == document.id, _in_period(Inspection.held_on, as_of))
            .order_by(Inspection.held_on, Inspection.id)
        )
    )
    sent = session.execute(
        db.select(ReviewReport.event_id, db.func.count())
        .join(ReviewEvent, ReviewReport.event_id == ReviewEvent.id)
        .filter(ReviewEvent.document_id == document.id, ReviewReport.submitted_at < as_of.until)
        .group_by(ReviewReport.event_id)
    ).all()
    data = annual_report_docx(
        AnnualReportInput(
            coverage=coverage,
            roll=roll,
            year=year,
            today=today,
            as_of=as_of.last_day,
            state_titles=STATE_TITLES,
            urgings=urgings,
            inspections=inspections,
            reviews_sent={event_id: count for event_id, count in sent},
            proposals=proposals,
        ),
        report_header(session, place, number),
    )
    return data, DOCX_MIME, f"{stem}.docx"
