"""``/api/v1``: one saved version of a document or a plan, in full (the lists of
versions are on the records themselves). Versions are never changed."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_smorest import Blueprint

from documents.db import db
from documents.models import Document, Plan
from documents.versions import numbered_version, version_fields
from portal.api.common import UtcDateTime, refuse
from portal.saving import MAX_ID, record_or_404
from portal.templating import translate

blp = Blueprint("api_versions", __name__, url_prefix="/api/v1", description="Versions")


class VersionDetailSchema(ma.Schema):
    number = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    body = ma.fields.String(required=True)
    state = ma.fields.String(allow_none=True)
    # the API's key "fields" shadows marshmallow's ``Schema.fields`` for the type checker only
    fields = ma.fields.Dict(required=True)  # type: ignore[assignment]
    note = ma.fields.String(required=True)
    author = ma.fields.String(allow_none=True)
    at = UtcDateTime(required=True)


def _version(record: Document | Plan, number: int) -> Any:
    """Version ``number`` of ``record``, or a 404 problem."""
    version = numbered_version(db.session, record, number) if 0 < number <= MAX_ID else None
    if version is None:
        refuse(404)
    return version


def _common(version) -> dict:
    return {
        "number": version.number,
        "title": version.title,
        "body": version.body,
        "note": translate(version.note),
        "author": version.created_by.username if version.created_by else None,
        "at": version.created_at,
    }


@blp.route("/documents/<int:document_id>/versions/<int:number>")
@blp.response(200, VersionDetailSchema)
def document_version_detail(document_id: int, number: int) -> dict:
    """A document as it was saved: title, body and header fields (clauses included)."""
    document = record_or_404(Document, document_id)
    version = _version(document, number)
    fields = version_fields(version)
    if fields.get("issued_on"):
        fields["issued_on"] = fields["issued_on"].isoformat()
    fields["clauses"] = [{"number": n, "text": t} for n, t in fields["clauses"]]
    return {**_common(version), "state": None, "fields": fields}


@blp.route("/plans/<int:plan_id>/versions/<int:number>")
@blp.response(200, VersionDetailSchema)
def plan_version_detail(plan_id: int, number: int) -> dict:
    """A plan as it was saved, with the workflow state it was in."""
    plan = record_or_404(Plan, plan_id)
    version = _version(plan, number)
    return {**_common(version), "state": version.state, "fields": {}}
