"""Attachments of a document: upload (type from the content, size limit), download
(always as an attachment, never rendered by the browser) and removal (a POST by whoever
may edit the document)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, send_file
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from documents.attachments import (
    ATTACHMENT_MAX_BYTES,
    KINDS,
    AttachmentError,
    add_attachment,
    attachment_path,
    remove_attachment,
)
from documents.db import db
from documents.models import Document
from documents.ocr import ocr_problem
from documents.records import Attachment
from portal.documents import bp
from portal.documents.forms import AttachmentForm, RemoveAttachmentForm
from portal.documents.routes import editable_document_or_404, visible_document_or_404
from portal.http_errors import with_message
from portal.i18n import explain
from portal.links import link_to
from portal.ocr import after_upload
from portal.saving import is_id, saving
from portal.templating import translate


def attachment_max_bytes() -> int:
    return int(current_app.config.get("ATTACHMENT_MAX_BYTES", ATTACHMENT_MAX_BYTES))


@bp.post("/<int:document_id>/attachments")
@login_required
def upload(document_id: int) -> Response:
    document = editable_document_or_404(document_id)
    form = AttachmentForm()
    if not form.validate_on_submit():
        abort(400)
    upload = form.file.data
    if upload is None or not getattr(upload, "filename", ""):
        flash(gettext("Hãy chọn tệp cần đính kèm."), "danger")
        return redirect(link_to(document))
    limit = attachment_max_bytes()
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise with_message(
            RequestEntityTooLarge(),
            gettext("Tệp vượt giới hạn %(limit)s MB nên không được lưu.", limit=limit // 1048576),
        )
    try:
        with saving():
            attachment = add_attachment(
                db.session,
                document,
                upload.filename,
                data,
                upload_dir=current_app.config["UPLOAD_DIR"],
                actor=current_user,
                max_bytes=limit,
            )
    except AttachmentError as refused:
        flash(explain(refused), "danger")
        return redirect(link_to(document))
    after_upload(attachment)
    if attachment.ocr_status in ("pending", "running"):
        problem = ocr_problem(attachment.kind, current_app.config["OCR_LANGUAGE"])
        flash(
            translate(problem)
            if problem
            else gettext("Đã lưu tệp; đang nhận dạng chữ trong bản quét, xong sẽ tìm kiếm được."),
            "warning" if problem else "success",
        )
    elif attachment.extraction_error:
        flash(
            gettext("Đã lưu tệp. %(problem)s", problem=translate(attachment.extraction_error)),
            "warning",
        )
    else:
        flash(gettext("Đã lưu tệp đính kèm."), "success")
    return redirect(link_to(document))


@bp.get("/<int:document_id>/attachments/<int:attachment_id>")
@login_required
def download(document_id: int, attachment_id: int) -> Response:
    return attachment_response(visible_document_or_404(document_id), attachment_id)


def attachment_response(document: Document, attachment_id: int) -> Response:
    """The file of one attachment of a readable ``document`` (the page's link and the API's)."""
    attachment = db.session.get(Attachment, attachment_id) if is_id(attachment_id) else None
    if attachment is None or attachment.document_id != document.id:
        abort(404)
    path = attachment_path(current_app.config["UPLOAD_DIR"], attachment)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=KINDS[attachment.kind][0],
        as_attachment=True,
        download_name=attachment.original_name,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.post("/<int:document_id>/attachments/<int:attachment_id>/delete")
@login_required
def delete_attachment(document_id: int, attachment_id: int) -> Response:
    document = editable_document_or_404(document_id)
    attachment = db.session.get(Attachment, attachment_id) if is_id(attachment_id) else None
    if attachment is None or attachment.document_id != document.id:
        abort(404)
    if not RemoveAttachmentForm().validate_on_submit():
        abort(400)
    name = attachment.original_name
    with saving():
        remove_attachment(
            db.session, document, attachment, upload_dir=current_app.config["UPLOAD_DIR"]
        )
    flash(gettext("Đã xóa tệp đính kèm “%(name)s”.", name=name), "success")
    return redirect(link_to(document))
