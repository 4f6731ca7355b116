"""Reading what a clerk brings: the text of an uploaded file to fill the document form
from (a scan is recognised on the spot), and why waiting scans cannot be read here."""

from __future__ import annotations

from flask import current_app

from documents.attachments import (
    IMAGE_KINDS,
    AttachmentError,
    extension_mismatch,
    extract_text,
    sniff,
)
from documents.i18n import N_, Message
from documents.models import Document
from documents.ocr import ocr_problem, recognise_bytes
from portal.documents.forms import ImportForm

# A scan read while the clerk waits must finish within the app server's request timeout
# (gunicorn: 60 s): a few pages, about 5 s each.
PREFILL_PAGES_MAX = 5
PREFILL_TIMEOUT_S = 45.0


def read_import(import_form: ImportForm) -> str | None:
    """The text pasted or extracted from the uploaded file; None with a flash on error."""
    upload = import_form.file.data
    if upload is not None and getattr(upload, "filename", None):
        data = upload.read(current_app.config.get("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024) + 1)
        kind = sniff(data)
        if kind not in ("pdf", "docx", "txt", "odt", *IMAGE_KINDS):
            raise AttachmentError(
                N_("Chỉ đọc được tệp .txt, .docx, .odt, .pdf hoặc ảnh quét (PNG, JPEG, TIFF).")
            )
        mismatch = extension_mismatch(upload.filename, kind)
        if mismatch is not None:
            raise AttachmentError(mismatch)
        extraction = extract_text(data, kind)
        if extraction.error:
            raise AttachmentError(extraction.error)
        if not extraction.scanned:
            return extraction.text
        if extraction.scanned > PREFILL_PAGES_MAX:
            raise AttachmentError(
                N_(
                    "Bản quét có %(pages)s trang, dài quá để đọc ngay khi điền mẫu (tối đa "
                    "%(limit)s trang). Hãy nhập bằng lệnh import-document, hoặc đính kèm tệp vào "
                    "văn bản để nhận dạng chữ trong nền."
                ),
                pages=extraction.scanned,
                limit=PREFILL_PAGES_MAX,
            )
        # A scan to fill the form from: read now, the clerk is waiting for the fields.
        config = current_app.config
        timeout = min(float(config["OCR_TIMEOUT_S"]), PREFILL_TIMEOUT_S)
        recognition = recognise_bytes(data, kind, language=config["OCR_LANGUAGE"], timeout=timeout)
        if recognition.error:
            raise AttachmentError(recognition.error)
        return recognition.text
    return import_form.text.data or ""


def ocr_unavailable(document: Document) -> Message | None:
    """Why the scans of ``document`` waiting for OCR cannot be read here, or None."""
    waiting = [a.kind for a in document.attachments if a.ocr_status in ("pending", "running")]
    for kind in dict.fromkeys(waiting):
        problem = ocr_problem(kind, current_app.config["OCR_LANGUAGE"])
        if problem is not None:
            return problem
    return None
