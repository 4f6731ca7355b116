"""``/api/v1/documents/{id}``: its review events (sơ kết, tổng kết) with the units'
reports, and its key figures rolled up for a year. Read behind the follow-up pages'
gate: the commission and the readers of the follow-up."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest import Blueprint

from documents.db import db
from documents.followup.figures import roll_up
from documents.followup.inspections import review_events_of, review_reports_of
from documents.models import Document
from portal.api.common import UtcDateTime
from portal.followup.common import require_read
from portal.saving import record_or_404
from portal.templating import today, translate

blp = Blueprint(
    "api_reviews_figures", __name__, url_prefix="/api/v1/documents", description="Follow-up"
)


class ReviewReportSchema(ma.Schema):
    unit_id = ma.fields.Integer(required=True)
    body = ma.fields.String(required=True)
    submitted_by = ma.fields.String(required=True)
    submitted_at = UtcDateTime(required=True)


class ReviewEventSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True)
    level = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    due_on = ma.fields.Date(required=True)
    reports = ma.fields.List(ma.fields.Nested(ReviewReportSchema), required=True)


class FigureSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    label = ma.fields.String(required=True)
    unit_label = ma.fields.String(required=True)
    total = ma.fields.Integer(required=True)
    reporting_units = ma.fields.Integer(required=True)
    by_assignment = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.Integer(), required=True
    )


class FiguresSchema(ma.Schema):
    year = ma.fields.Integer(required=True)
    figures = ma.fields.List(ma.fields.Nested(FigureSchema), required=True)


class YearArgs(ma.Schema):
    year = ma.fields.Integer(validate=ma.validate.Range(1990, 2200))


@blp.route("/<int:document_id>/reviews")
@blp.response(200, ReviewEventSchema(many=True))
def reviews(document_id: int) -> list[dict]:
    require_read()
    document = record_or_404(Document, document_id)
    return [
        {
            "id": e.id,
            "kind": e.kind,
            "level": e.level,
            "title": translate(e.title),
            "due_on": e.due_on,
            "reports": [
                {
                    "unit_id": r.unit_id,
                    "body": r.body,
                    "submitted_by": r.submitted_by.username,
                    "submitted_at": r.submitted_at,
                }
                for r in review_reports_of(db.session, e)
            ],
        }
        for e in review_events_of(db.session, document)
    ]


@blp.route("/<int:document_id>/figures")
@blp.arguments(YearArgs, location="query")
@blp.response(200, FiguresSchema)
def figures(args: dict, document_id: int) -> dict:
    """Each key figure's total for the year, and each assignment's value."""
    require_read()
    document = record_or_404(Document, document_id)
    year = args.get("year") or today().year
    roll = roll_up(db.session, document, year)
    return {
        "year": year,
        "figures": [
            {
                "id": f.id,
                "label": f.label,
                "unit_label": f.unit_label,
                "total": roll.totals.get(f.id, 0),
                "reporting_units": roll.reporting_units.get(f.id, 0),
                "by_assignment": {
                    str(assignment_id): values[f.id]
                    for assignment_id, values in roll.by_assignment.items()
                    if f.id in values
                },
            }
            for f in roll.figures
        ],
    }
