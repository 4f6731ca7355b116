"""``/api/v1/documents``: the register as JSON, and its writes.

Reads carry the header fields, validity, relations both ways (only to documents the
caller may read), clauses, attachments with download links, history and versions.
Writes go through ``documents.service`` and the publication workflow like the pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import marshmallow as ma
from flask import url_for
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy import or_
from werkzeug.wrappers import Response

from documents.collation import vi_key
from documents.db import db
from documents.i18n import N_
from documents.models import Document, OrgUnit
from documents.permissions import can_edit_document
from documents.relations import children_of, parents_of
from documents.rendering import BodyTooComplex, BodyTooLong
from documents.service import (
    DocumentError,
    DocumentInput,
    create_document,
    update_document,
    validity_of,
)
from documents.types import TYPES_BY_CODE
from documents.versions import versions_of
from portal.api.common import (
    IF_MATCH_PARAMETER,
    REFUSAL_STATUS,
    PageArgs,
    UtcDateTime,
    answer_record,
    check_if_match,
    links_from_record,
    page_of,
    paged_schema,
    refuse,
    refuse_domain,
)
from portal.api.plans import EventSchema, VersionSchema
from portal.documents.files import attachment_response
from portal.documents.routes import DOCUMENT_SORTS, document_order, visible_states
from portal.links import link_to
from portal.listing import ids_sorted_by, rows_in_order
from portal.saving import MAX_ID, record_or_404, saving
from portal.templating import translate
from workflows.definitions import DOCUMENT_WORKFLOW
from workflows.engine import TransitionRefused, fire, history
from workflows.security import available_transitions, can

blp = Blueprint("api_documents", __name__, url_prefix="/api/v1/documents", description="Documents")
CANNOT_EDIT = N_("Chỉ Ban Dân vận và quản trị viên được lập và sửa văn bản trong sổ.")
NO_SUCH_ISSUER = N_("Không có đơn vị ban hành số %(id)s.")
DOCUMENT_LINKS = links_from_record("/api/v1/documents/{document_id}", "document_id")


class ClauseSchema(ma.Schema):
    number = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(1, 9999))
    text = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=20_000))


class RelatedSchema(ma.Schema):
    kind = ma.fields.String(required=True)
    id = ma.fields.Integer(required=True)
    symbol = ma.fields.String(allow_none=True)
    title = ma.fields.String(required=True)
    url = ma.fields.String(required=True)


class AttachmentSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    kind = ma.fields.String(required=True)
    size = ma.fields.Integer(required=True)
    sha256 = ma.fields.String(required=True)
    uploaded_at = UtcDateTime(required=True)
    download_url = ma.fields.String(required=True)


class ValiditySchema(ma.Schema):
    status = ma.fields.String(required=True)
    replaced_by = ma.fields.List(ma.fields.Integer(), required=True)
    note = ma.fields.String(allow_none=True)


class DocumentSummarySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    doc_type = ma.fields.String(required=True)
    symbol = ma.fields.String(allow_none=True)
    title = ma.fields.String(required=True)
    issuer_id = ma.fields.Integer(allow_none=True)
    issuer_name = ma.fields.String(allow_none=True)
    issued_on = ma.fields.Date(allow_none=True)
    state = ma.fields.String(required=True)
    version = ma.fields.Integer(required=True)
    url = ma.fields.String(required=True)


class DocumentSchema(DocumentSummarySchema):
    external_id = ma.fields.String(allow_none=True)
    number = ma.fields.Integer(allow_none=True)
    term = ma.fields.String(allow_none=True)
    place = ma.fields.String(allow_none=True)
    body = ma.fields.String(required=True)
    body_html = ma.fields.String(required=True)
    validity = ma.fields.Nested(ValiditySchema, required=True)
    clauses = ma.fields.List(ma.fields.Nested(ClauseSchema), required=True)
    implements = ma.fields.List(ma.fields.Nested(RelatedSchema), required=True)
    implemented_by = ma.fields.List(ma.fields.Nested(RelatedSchema), required=True)
    attachments = ma.fields.List(ma.fields.Nested(AttachmentSchema), required=True)
    transitions = ma.fields.List(ma.fields.String(), required=True)
    may_edit = ma.fields.Boolean(required=True)
    history = ma.fields.List(ma.fields.Nested(EventSchema), required=True)
    versions = ma.fields.List(ma.fields.Nested(VersionSchema), required=True)
    updated_at = UtcDateTime(required=True)


class DocumentListArgs(PageArgs):
    type = ma.fields.String(validate=ma.validate.OneOf(list(TYPES_BY_CODE)))
    q = ma.fields.String(validate=ma.validate.Length(max=200))
    sort = ma.fields.String(load_default="date", validate=ma.validate.OneOf(list(DOCUMENT_SORTS)))


def _text(length: int, **kwargs) -> ma.fields.String:
    return ma.fields.String(validate=ma.validate.Length(max=length), **kwargs)


class DocumentWriteSchema(ma.Schema):
    """The fields of the page's form; a field left out keeps its value on PATCH."""

    doc_type = ma.fields.String(validate=ma.validate.OneOf(list(TYPES_BY_CODE)))
    title = _text(1000)
    body = ma.fields.String()
    symbol = _text(80, allow_none=True)
    issuer_id = ma.fields.Integer(
        allow_none=True, strict=True, validate=ma.validate.Range(1, MAX_ID)
    )
    issuer_name = _text(200, allow_none=True)
    term = _text(40, allow_none=True)
    issued_on = ma.fields.Date(allow_none=True)
    place = _text(120, allow_none=True)
    clauses = ma.fields.List(ma.fields.Nested(ClauseSchema))


class DocumentCreateSchema(DocumentWriteSchema):
    doc_type = ma.fields.String(required=True, validate=ma.validate.OneOf(list(TYPES_BY_CODE)))
    title = _text(1000, required=True)


class DocumentTransitionSchema(ma.Schema):
    comment = ma.fields.String(load_default="", validate=ma.validate.Length(max=5000))


def _related(pairs: list[tuple[str, Document]]) -> list[dict]:
    return [
        {
            "kind": kind,
            "id": d.id,
            "symbol": d.symbol,
            "title": d.title,
            "url": link_to(d, api=True),
        }
        for kind, d in pairs
        if can(current_user, d, "view")
    ]


def summary(d: Document) -> dict:
    return {
        "id": d.id,
        "doc_type": d.doc_type,
        "symbol": d.symbol,
        "title": d.title,
        "issuer_id": d.issuer_id,
        "issuer_name": d.issuer.name if d.issuer else d.issuer_name,
        "issued_on": d.issued_on,
        "state": d.state,
        "version": d.version,
        "url": link_to(d, api=True),
    }


def detail(d: Document) -> dict:
    validity = validity_of(db.session, d)
    return {
        **summary(d),
        "external_id": d.external_id,
        "number": d.number,
        "term": d.term,
        "place": d.place,
        "body": d.body,
        "body_html": d.body_html,
        "updated_at": d.updated_at,
        "validity": {
            "status": validity.status,
            "replaced_by": [r.id for r in validity.replaced_by if can(current_user, r, "view")],
            "note": validity.note,
        },
        "clauses": [{"number": c.number, "text": c.text} for c in d.clauses],
        "implements": _related(parents_of(db.session, d)),
        "implemented_by": _related(children_of(db.session, d)),
        "attachments": [
            {
                "id": a.id,
                "name": a.original_name,
                "kind": a.kind,
                "size": a.size,
                "sha256": a.sha256,
                "uploaded_at": a.uploaded_at,
                "download_url": url_for(
                    "api_documents.attachment", document_id=d.id, attachment_id=a.id
                ),
            }
            for a in d.attachments
        ],
        "transitions": [t.name for t in available_transitions(current_user, d)],
        "may_edit": can(current_user, d, "edit"),
        "history": [
            {
                "transition": e.transition,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "actor": e.actor.username,
                "comment": e.comment,
                "at": e.created_at,
            }
            for e in history(db.session, d)
        ],
        "versions": [
            {
                "number": v.number,
                "title": v.title,
                "note": translate(v.note),
                "author": v.created_by.username if v.created_by else None,
                "at": v.created_at,
            }
            for v in versions_of(db.session, d)
        ],
    }


def _answer(d: Document, status: int = 200):
    return answer_record(d, detail, status)


def _input(data: dict, current: Document | None = None) -> DocumentInput:
    """The request's fields over the document's current ones (all of them on create)."""

    def value(key: str, default: Any = None) -> Any:  # the schema's loaded values
        if key in data:
            return data[key]
        return getattr(current, key) if current is not None else default

    issuer_id = value("issuer_id")
    if issuer_id is not None and db.session.get(OrgUnit, issuer_id) is None:
        refuse(
            422,
            NO_SUCH_ISSUER,
            [{"field": "issuer_id", "location": "json", "message": str(issuer_id)}],
            id=issuer_id,
        )
    if "clauses" in data:
        clauses = tuple((c["number"], c["text"]) for c in data["clauses"])
    elif current is not None:
        clauses = tuple((c.number, c.text) for c in current.clauses)
    else:
        clauses = None  # read from the body, as an import does
    return DocumentInput(
        doc_type=str(value("doc_type", "")),
        title=str(value("title", "")),
        body=str(value("body", "") or ""),
        symbol=value("symbol"),
        issuer_id=issuer_id,
        issuer_name=None if issuer_id else value("issuer_name"),
        term=value("term"),
        issued_on=value("issued_on"),
        place=value("place"),
        clauses=clauses,
    )


@blp.route("/")
@blp.arguments(DocumentListArgs, location="query")
@blp.response(200, paged_schema(DocumentSummarySchema, "DocumentPage"))
def index(args: dict) -> dict:
    """The register as the caller may read it, filtered by type and text, sorted."""
    query = db.select(Document).filter(Document.state.in_(visible_states()))
    if args.get("type"):
        query = query.filter(Document.doc_type == args["type"])
    if args.get("q"):
        q = args["q"]
        query = query.filter(
            or_(
                Document.title.icontains(q, autoescape=True),
                Document.symbol.icontains(q, autoescape=True),
            )
        )
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery())) or 0
    start = (args["page"] - 1) * args["per_page"]
    if args["sort"] == "title":  # Vietnamese collation, as the register page sorts
        ids = ids_sorted_by(query, Document.title, vi_key)[start : start + args["per_page"]]
        rows: Iterable[Document] = rows_in_order(Document, ids)
    else:
        rows = db.session.scalars(
            query.order_by(*document_order(args["sort"])).limit(args["per_page"]).offset(start)
        )
    return page_of([summary(d) for d in rows], total, args, "api_documents.index")


@blp.route("/<int:document_id>")
@blp.response(200, DocumentSchema)
@blp.alt_response(304, description="Not modified: If-None-Match names the current ETag.")
def read(document_id: int) -> tuple[dict, int, dict] | Response:
    """A document with everything its page shows."""
    return _answer(record_or_404(Document, document_id))


@blp.route("/<int:document_id>/attachments/<int:attachment_id>")
@blp.response(200, {"type": "string", "format": "binary"}, content_type="application/octet-stream")
def attachment(document_id: int, attachment_id: int) -> Response:
    """Download an attachment's file."""
    return attachment_response(record_or_404(Document, document_id), attachment_id)


@blp.route("/", methods=["POST"])
@blp.arguments(DocumentCreateSchema)
@blp.response(201, DocumentSchema)
@blp.doc(responses={201: {"links": DOCUMENT_LINKS}})
def create(data: dict) -> tuple[dict, int, dict] | Response:
    """A new draft in the register (commission staff and administrators)."""
    if not can_edit_document(current_user):
        refuse(403, CANNOT_EDIT)
    try:
        with saving():
            document = create_document(
                db.session, _input(data), actor=current_user, state=DOCUMENT_WORKFLOW.initial
            )
    except DocumentError as error:
        refuse_domain(422, error, error.field)
    except (BodyTooLong, BodyTooComplex) as error:
        refuse_domain(422, error, "body")
    return _answer(document, 201)


@blp.route("/<int:document_id>", methods=["PATCH"])
@blp.arguments(DocumentWriteSchema)
@blp.response(200, DocumentSchema)
@blp.doc(parameters=[IF_MATCH_PARAMETER])
@blp.doc(responses={200: {"links": DOCUMENT_LINKS}})
def edit(data: dict, document_id: int) -> tuple[dict, int, dict] | Response:
    """Change the fields given; the document gets a new version."""
    document = record_or_404(Document, document_id, "edit")
    check_if_match(document)
    try:
        with saving():
            update_document(db.session, document, _input(data, document), actor=current_user)
    except DocumentError as error:
        refuse_domain(422, error, error.field)
    except (BodyTooLong, BodyTooComplex) as error:
        refuse_domain(422, error, "body")
    return _answer(document)


@blp.route("/<int:document_id>/transitions/<name>", methods=["POST"])
@blp.arguments(DocumentTransitionSchema)
@blp.response(200, DocumentSchema)
@blp.doc(parameters=[IF_MATCH_PARAMETER])
def transition(data: dict, document_id: int, name: str) -> tuple[dict, int, dict] | Response:
    """Publish, archive or send back a document through its workflow."""
    document = record_or_404(Document, document_id)
    check_if_match(document)
    try:
        with saving():
            fire(db.session, document, name, actor=current_user, comment=data["comment"])
    except TransitionRefused as refused:
        refuse_domain(REFUSAL_STATUS.get(refused.code, 409), refused, "comment")
    return _answer(document)
