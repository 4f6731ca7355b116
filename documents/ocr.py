"""Optical character recognition of scanned attachments, with Tesseract's Vietnamese model.

An attachment without a text layer (an image, a PDF of scanned pages) is stored with
``ocr_status = "pending"``. ``claim_next`` hands one to a worker (status "running"), the
recognition runs in a child process (``documents.recognition``) with time and memory
limits and outside any transaction, and ``apply_recognition`` stores the result: the
text, status "done" or "failed" with a message, an outbox row so the search index picks
the text up, and for a PDF the copy with a searchable text layer under a new name. The
old file is deleted only when that transaction commits and the new one when it does not,
so a failure at any point keeps the original file. The caller commits.

``ocr_problem`` says why recognition cannot run on this machine (Tesseract or its
Vietnamese model missing, ocrmypdf missing for PDFs), so the portal can say so instead
of failing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from documents.attachments import EXTRACTION_ERROR_MAX, KINDS, keep_after_commit
from documents.db import DbSession, rows_matched
from documents.i18n import N_, Message, dump, load, message
from documents.models import enqueue_index
from documents.records import Attachment

OCR_LANGUAGE = "vie"
OCR_TIMEOUT_S = 600.0  # a whole file; a page takes 5-15 s on one core at 300 dpi
OCR_MEMORY_BYTES = 2 * 1024 * 1024 * 1024
_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Recognition:
    """What the recognition of one file gave: its text, for a PDF the path of the copy with
    a text layer, or why nothing was read."""

    text: str = ""
    pdf: Path | None = None
    error: Message | str | None = None


def ocr_problem(kind: str = "png", language: str = OCR_LANGUAGE) -> Message | None:
    """Why files of ``kind`` cannot be recognised here, or None when they can."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return Message(
            N_(
                "Máy chủ chưa cài Tesseract nên chưa nhận dạng được chữ trong bản quét; tệp "
                "vẫn được lưu và sẽ được đọc khi quản trị cài gói tesseract-ocr."
            )
        )
    try:
        listed = subprocess.run(
            [tesseract, "--list-langs"], capture_output=True, timeout=20, check=False
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired):
        listed = ""
    if language not in listed.split():
        return message(
            N_(
                "Máy chủ chưa có mô hình tiếng Việt của Tesseract (%(language)s) nên chưa nhận "
                "dạng được chữ; tệp vẫn được lưu và sẽ được đọc khi quản trị cài gói "
                "tesseract-ocr-vie."
            ),
            language=language,
        )
    if kind == "pdf" and shutil.which("ocrmypdf") is None:
        return Message(
            N_(
                "Máy chủ chưa cài ocrmypdf nên chưa nhận dạng được chữ trong tệp PDF quét; tệp "
                "vẫn được lưu và sẽ được đọc khi quản trị cài gói ocrmypdf."
            )
        )
    return None


def recognise(
    source: Path,
    kind: str,
    *,
    work_dir: Path,
    language: str = OCR_LANGUAGE,
    timeout: float = OCR_TIMEOUT_S,
    memory_bytes: int = OCR_MEMORY_BYTES,
) -> Recognition:
    """Read the text of the scan at ``source`` in a child process; never raises for a bad
    file. Past ``timeout`` seconds the child and everything it started are killed."""
    problem = ocr_problem(kind, language)
    if problem is not None:
        return Recognition(error=problem)
    command = [sys.executable, "-m", "documents.recognition", kind, str(memory_bytes)]
    command += [str(source), str(work_dir), language]
    # ocrmypdf's and Tesseract's own temporary files go to a folder removed afterwards,
    # even when the child is killed
    try:
        return _run_child(command, work_dir, timeout)
    except OSError as error:  # the child could not start (no memory, no process slots)
        why = N_("Không nhận dạng được chữ trong tệp (%(detail)s).")
        return Recognition(error=message(why, detail=type(error).__name__))


def _run_child(command: list[str], work_dir: Path, timeout: float) -> Recognition:
    with tempfile.TemporaryDirectory(prefix="portal-ocr-") as scratch:
        child = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=str(_ROOT),
            env={**os.environ, "PYTHONPATH": str(_ROOT), "TMPDIR": scratch},
            start_new_session=True,  # its own process group: Tesseract ends with it
        )
        try:
            out, _err = child.communicate(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            timed_out = True
    if timed_out:
        for leftover in work_dir.glob(f".ocr-{child.pid}.*"):
            leftover.unlink(missing_ok=True)
        return Recognition(
            error=message(
                N_(
                    "Nhận dạng chữ quá %(seconds)s giây nên đã dừng; tệp gốc vẫn được giữ. Hãy "
                    "tách tệp thành các phần nhỏ hơn."
                ),
                seconds=f"{timeout:g}",
            )
        )
    try:
        result = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        for leftover in work_dir.glob(f".ocr-{child.pid}.*"):
            leftover.unlink(missing_ok=True)
        return Recognition(
            error=Message(
                N_(
                    "Tệp quá lớn để nhận dạng chữ trong giới hạn bộ nhớ; tệp gốc vẫn được giữ "
                    "nhưng không tìm kiếm được theo nội dung."
                )
            )
        )
    if "error" in result:
        return Recognition(error=load(result["error"]))
    return Recognition(result.get("text", ""), Path(result["pdf"]) if result.get("pdf") else None)


def recognise_bytes(data: bytes, kind: str, **limits: Any) -> Recognition:
    """``recognise`` for a file not stored (a document being imported): it is written to a
    private temporary folder that is removed afterwards, with the searchable copy."""
    with tempfile.TemporaryDirectory(prefix="portal-ocr-") as folder:
        source = Path(folder) / f"scan{KINDS[kind][1]}"
        source.write_bytes(data)
        result = recognise(source, kind, work_dir=Path(folder), **limits)
        return Recognition(result.text, None, result.error)


def claim_next(session: DbSession) -> Attachment | None:
    """The oldest pending attachment, marked "running" so no other worker takes it; None
    when there is none. A claim lost to another worker is skipped."""
    while True:
        found = session.scalar(
            select(Attachment.id).where(Attachment.ocr_status == "pending").order_by(Attachment.id)
        )
        if found is None:
            return None
        claimed = session.execute(
            update(Attachment)
            .where(Attachment.id == found, Attachment.ocr_status == "pending")
            .values(ocr_status="running")
        )
        if rows_matched(claimed) == 1:
            session.flush()
            return session.get(Attachment, found, populate_existing=True)


def apply_recognition(
    session: DbSession, attachment: Attachment, result: Recognition, upload_dir: Path
) -> None:
    """Store what ``recognise`` gave for ``attachment`` (claimed, status "running")."""
    if result.error is not None:
        attachment.ocr_status = "failed"
        attachment.extraction_error = dump(result.error, EXTRACTION_ERROR_MAX)
        session.flush()
        return
    if result.pdf is not None:
        data = result.pdf.read_bytes()
        stored = uuid.uuid4().hex + ".pdf"
        new_path = upload_dir / stored
        os.replace(result.pdf, new_path)  # a rename within the folder: all or nothing
        keep_after_commit(session, new_path, instead_of=upload_dir / attachment.stored_name)
        attachment.stored_name = stored
        attachment.size = len(data)
        attachment.sha256 = hashlib.sha256(data).hexdigest()
    attachment.text = result.text
    attachment.extraction_error = None
    attachment.ocr_status = "done"
    enqueue_index(session, "document", attachment.document_id)
    session.flush()


def requeue_running(session: DbSession) -> int:
    """Put back to "pending" the attachments left "running" by a worker that stopped."""
    done = session.execute(
        update(Attachment).where(Attachment.ocr_status == "running").values(ocr_status="pending")
    )
    session.flush()
    return rows_matched(done)
