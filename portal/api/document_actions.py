"""``/api/v1/documents/{id}``: assigning a document to units and attaching a file.

Both take the pages' paths: ``assign_many`` behind the follow-up gate (commission
reviewers), ``add_attachment`` behind the document's edit permission, with the same
size limit and text extraction.
"""

from __future__ import annotations

import marshmallow as ma
from flask import current_app, url_for
from flask_login import current_user
from flask_smorest import Blueprint
from flask_smorest.fields import Upload

from documents.attachments import AttachmentError, add_attachment
from documents.db import db
from documents.followup.assignments import AssignInput, FollowUpError, assign_many
from documents.i18n import N_
from documents.models import Document
from portal.api.common import UtcDateTime, refuse, refuse_domain
from portal.api.followup import AssignmentSchema, assignment_data
from portal.documents.files import attachment_max_bytes
from portal.followup.common import require_follow_up
from portal.ocr import after_upload
from portal.saving import MAX_ID, record_or_404, saving
from portal.templating import today, translate

blp = Blueprint(
    "api_document_actions", __name__, url_prefix="/api/v1/documents", description="Documents"
)
NO_FILE = N_("Hãy chọn tệp cần đính kèm.")


class AssignSchema(ma.Schema):
    unit_ids = ma.fields.List(
        ma.fields.Integer(strict=True, validate=ma.validate.Range(1, MAX_ID)),
        required=True,
        validate=ma.validate.Length(min=1, max=500),
    )
    deliverable = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    due_on = ma.fields.Date(load_default=None, allow_none=True)
    clause_id = ma.fields.Integer(
        load_default=None, allow_none=True, strict=True, validate=ma.validate.Range(1, MAX_ID)
    )


class AssignResultSchema(ma.Schema):
    created = ma.fields.List(ma.fields.Nested(AssignmentSchema), required=True)
    already_assigned = ma.fields.List(ma.fields.Integer(), required=True)


class UploadSchema(ma.Schema):
    file = Upload(required=True)


class StoredAttachmentSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    kind = ma.fields.String(required=True)
    size = ma.fields.Integer(required=True)
    sha256 = ma.fields.String(required=True)
    uploaded_at = UtcDateTime(required=True)
    text_problem = ma.fields.String(allow_none=True)
    ocr_status = ma.fields.String(allow_none=True)
    download_url = ma.fields.String(required=True)


@blp.route("/<int:document_id>/assignments", methods=["POST"])
@blp.arguments(AssignSchema)
@blp.response(201, AssignResultSchema)
def assign(data: dict, document_id: int) -> dict:
    """Assign a published document (or one of its clauses) to units, with a deadline;
    units already assigned the same deliverable are named and left unchanged."""
    require_follow_up()
    document = record_or_404(Document, document_id)
    try:
        with saving():  # the units' e-mail leaves through the mail outbox after the commit
            result = assign_many(
                db.session,
                document,
                AssignInput(
                    tuple(data["unit_ids"]), data["deliverable"], data["due_on"], data["clause_id"]
                ),
                today=today(),
            )
    except FollowUpError as error:
        refuse_domain(422, error, "unit_ids")
    return {
        "created": [assignment_data(a) for a in result.created],
        "already_assigned": [u.id for u in result.already],
    }


@blp.route("/<int:document_id>/attachments", methods=["POST"])
@blp.arguments(UploadSchema, location="files")
@blp.response(201, StoredAttachmentSchema)
def upload(files: dict, document_id: int) -> dict:
    """Attach a file (PDF, DOCX, XLSX, ODT, TXT, or a scan as PNG/JPEG/TIFF); its text is read
    for the search, a scan's in the background (``ocr_status``)."""
    document = record_or_404(Document, document_id, "edit")
    stored = files["file"]
    if not getattr(stored, "filename", ""):
        refuse(422, NO_FILE)
    limit = attachment_max_bytes()
    data = stored.read(limit + 1)
    if len(data) > limit:
        refuse(413)
    try:
        with saving():
            attachment = add_attachment(
                db.session,
                document,
                stored.filename,
                data,
                upload_dir=current_app.config["UPLOAD_DIR"],
                actor=current_user,
                max_bytes=limit,
            )
    except AttachmentError as error:
        refuse_domain(422, error, "file")
    after_upload(attachment)
    return {
        "id": attachment.id,
        "name": attachment.original_name,
        "kind": attachment.kind,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "uploaded_at": attachment.uploaded_at,
        "text_problem": translate(attachment.extraction_error) or None,
        "ocr_status": attachment.ocr_status,
        "download_url": url_for(
            "api_documents.attachment", document_id=document.id, attachment_id=attachment.id
        ),
    }
