"""Recognising scans in the background (the command ``flask ocr run`` is in ``portal.cli.ocr``).

An upload that needs OCR commits with the attachment "pending"; ``after_upload`` then
starts the work as ``OCR_IN_PROCESS`` says: "thread" (the default: a thread of this
process reads the pending scans one at a time, so a page of upload returns at once),
"sync" (read before the response; the tests use it) or "off" (a separate
``flask ocr run`` worker does it). Each scan is claimed in one short transaction, read
outside any transaction, and stored in another, after which the search outbox is
applied as after any commit.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from flask import Flask, current_app

from documents.db import db, write_intent
from documents.ocr import (
    OCR_LANGUAGE,
    apply_recognition,
    claim_next,
    ocr_problem,
    recognise,
)
from documents.records import Attachment
from portal.indexing import drain_outbox

log = logging.getLogger(__name__)
_one_at_a_time = threading.Lock()  # recognition is CPU-bound: one per process


def process_pending(limit: int | None = None) -> int:
    """Recognise pending scans (at most ``limit``); returns how many were processed."""
    config = current_app.config
    upload_dir = Path(config["UPLOAD_DIR"])
    processed = 0
    if ocr_problem("png", config.get("OCR_LANGUAGE", OCR_LANGUAGE)) is not None:
        return 0  # scans stay pending until Tesseract and its model are installed
    with _one_at_a_time:
        while limit is None or processed < limit:
            with write_intent():
                attachment = claim_next(db.session)
                if attachment is None:
                    db.session.commit()
                    break
                attachment_id, kind = attachment.id, attachment.kind
                source = upload_dir / attachment.stored_name
                db.session.commit()
            result = recognise(
                source,
                kind,
                work_dir=upload_dir,
                language=config.get("OCR_LANGUAGE", OCR_LANGUAGE),
                timeout=float(config["OCR_TIMEOUT_S"]),
                memory_bytes=int(config["OCR_MEMORY_BYTES"]),
            )
            try:
                with write_intent():
                    claimed = db.session.get(Attachment, attachment_id)
                    if claimed is not None:
                        apply_recognition(db.session, claimed, result, upload_dir)
                    db.session.commit()
            except Exception:
                db.session.rollback()
                if result.pdf is not None:
                    result.pdf.unlink(missing_ok=True)
                raise
            processed += 1
            if config.get("INDEX_IN_PROCESS", True):
                drain_outbox()
    return processed


def _in_thread(app: Flask) -> None:
    with app.app_context():
        try:
            process_pending()
        except Exception:  # a thread has no one to tell; `flask ocr run` retries
            log.exception("background OCR failed; the attachment stays for `flask ocr run`")


def after_upload(attachment: Attachment) -> None:
    """Start the recognition of a just-committed ``attachment`` if it needs one."""
    if attachment.ocr_status != "pending":
        return
    mode = current_app.config.get("OCR_IN_PROCESS", "thread")
    if mode == "sync":
        process_pending()
    elif mode == "thread":
        # Flask types current_app as the Flask object itself, not as the proxy it is
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        threading.Thread(target=_in_thread, args=(app,), daemon=True, name="ocr").start()
