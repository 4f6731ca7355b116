"""Assemble the annual report and the matrix workbook of a document for a year.

Used by the report page and by ``flask report``; everything is passed in, so the command
and the request build the same file. The DOCX is an official report in the Party's
document format and is always Vietnamese; the XLSX workbook is a working file and speaks
the ``language`` it is given (the reader's, or the command's).
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from documents.annual_report import AnnualReportInput, ReportHeader, annual_report_docx
from documents.coverage import coverage_matrix
from documents.db import db
from documents.exports import matrix_xlsx
from documents.figures import roll_up
from documents.followup import Urging
from documents.i18n import VIETNAMESE, Translator
from documents.inspections import Inspection, ReviewEvent, ReviewReport
from documents.models import Assignment, Document, OrgUnit
from workflows.definitions import PLAN_WORKFLOW, STATE_TITLES

# A plan back in the draft state (returned for revision) is open work again.
OPEN_STATES = frozenset({PLAN_WORKFLOW.initial})
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_header(session: Session, place: str, number: str = "") -> ReportHeader:
    """The commission issues the report under its parent committee."""
    commission = session.scalar(
        db.select(OrgUnit).filter_by(kind="commission").order_by(OrgUnit.id).limit(1)
    )
    issuer = commission.name if commission else "Ban Dân vận Tỉnh ủy"
    parent = commission.parent.name if commission and commission.parent else "Tỉnh ủy"
    return ReportHeader(
        parent=parent, issuer=issuer.removesuffix(" Tỉnh ủy"), place=place, number=number
    )


def _in_year(column, year: int):  # type: ignore[no-untyped-def]
    return column.between(date(year, 1, 1), date(year, 12, 31))


def annual_report(
    session: Session,
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
    """(file bytes, MIME type, file name) of the annual report as DOCX or the XLSX."""
    coverage = coverage_matrix(
        session, document, today=today, zone=zone, open_states=OPEN_STATES, near_days=near_days
    )
    roll = roll_up(session, document, year)
    stem = f"bao-cao-{(document.symbol or str(document.id)).replace('/', '-')}-{year}"
    if fmt == "xlsx":
        data = matrix_xlsx(coverage, STATE_TITLES, today=today, roll=roll, language=language)
        return data, XLSX_MIME, f"{stem}.xlsx"
    if fmt != "docx":
        raise ValueError(f"unknown report format {fmt!r}")
    urgings = list(
        session.scalars(
            db.select(Urging)
            .join(Assignment, Urging.assignment_id == Assignment.id)
            .filter(Assignment.document_id == document.id, _in_year(Urging.urged_on, year))
            .order_by(Urging.urged_on, Urging.id)
        )
    )
    inspections = list(
        session.scalars(
            db.select(Inspection)
            .filter(Inspection.document_id == document.id, _in_year(Inspection.held_on, year))
            .order_by(Inspection.held_on, Inspection.id)
        )
    )
    sent = session.execute(
        db.select(ReviewReport.event_id, db.func.count())
        .join(ReviewEvent, ReviewReport.event_id == ReviewEvent.id)
        .filter(ReviewEvent.document_id == document.id)
        .group_by(ReviewReport.event_id)
    ).all()
    data = annual_report_docx(
        AnnualReportInput(
            coverage=coverage,
            roll=roll,
            year=year,
            today=today,
            state_titles=STATE_TITLES,
            urgings=urgings,
            inspections=inspections,
            reviews_sent={event_id: count for event_id, count in sent},
            proposals=proposals,
        ),
        report_header(session, place, number),
    )
    return data, DOCX_MIME, f"{stem}.docx"
