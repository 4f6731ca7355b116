"""Attachments of documents: type checked from the content, stored under generated
names, text extracted in a child process with time and memory limits.

The file is written before the database row is flushed; the path is remembered on the
session and deleted if the session's transaction ends without a commit, so a failed save
leaves no orphan file. Removing an attachment deletes its row at once and its file only
when the transaction commits, so a rolled-back removal loses nothing. The upload
directory is an argument: nothing here reads the app's configuration.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from documents.db import DbSession
from documents.i18n import N_, Explained, Message, dump, load, message
from documents.models import Document, User, enqueue_index
from documents.records import Attachment

ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
EXTRACT_TIMEOUT_S = 20.0
EXTRACT_MEMORY_BYTES = 768 * 1024 * 1024
OCR_PAGES_MAX = 100  # scanned pages of one file recognised (about 10 s a page on one core)
OCR_TOO_MANY_PAGES = N_(
    "Tệp có %(pages)s trang ảnh quét, vượt giới hạn nhận dạng chữ %(limit)s trang: tệp vẫn "
    "được lưu nhưng không tìm kiếm được theo nội dung. Hãy tách thành các tệp nhỏ hơn."
)
EXTRACTION_ERROR_MAX = 500  # the length of Attachment.extraction_error
KINDS: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", ".pdf"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "odt": ("application/vnd.oasis.opendocument.text", ".odt"),
    "txt": ("text/plain; charset=utf-8", ".txt"),
    "png": ("image/png", ".png"),
    "jpeg": ("image/jpeg", ".jpg"),
    "tiff": ("image/tiff", ".tif"),
}
IMAGE_KINDS = ("png", "jpeg", "tiff")
# What an image's extension promises. Other files are judged by their content alone (a
# Word file saved as "x.pdf" is read as Word), but a file named as a scan whose content is
# no image (an HTML page saved as "scan.png") is refused: it would be stored as text.
_FAMILIES = dict.fromkeys((".png", ".jpg", ".jpeg", ".jpe", ".tif", ".tiff"), IMAGE_KINDS)
_PENDING_FILES = "documents.attachments.pending_files"
# Files to delete once the transaction commits (a replaced scan, a removed attachment).
_OBSOLETE_FILES = "documents.attachments.obsolete_files"
_ROOT = Path(__file__).resolve().parent.parent


class AttachmentError(Explained, ValueError):
    """An upload that is refused; the message is shown to the user."""


@dataclass(frozen=True)
class Extraction:
    """The text read from a file, or why none was (a message shown in the reader's
    language; old rows may hold Vietnamese text)."""

    text: str
    error: Message | str | None = None
    scanned: int = 0  # pages (or image frames) without a text layer: work for OCR


def sniff(data: bytes) -> str | None:
    """The kind of file ``data`` is, judged by its content: "pdf", "docx", "xlsx", "odt",
    "txt", "png", "jpeg", "tiff", or None for anything else (executables, other archives)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if data.startswith(b"PK\x03\x04"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size < 100 and archive.read("mimetype").strip() == (
                    b"application/vnd.oasis.opendocument.text"
                ):
                    return "odt"
                return None
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
        return None
    if b"\x00" in data[:8192]:
        return None
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return "txt"


def extension_mismatch(filename: str, kind: str | None) -> Message | None:
    """Why a file whose content is ``kind`` cannot be what its name says, or None."""
    suffix = Path(safe_filename(filename)).suffix.lower()
    family = _FAMILIES.get(suffix)
    if family is None or kind in family:
        return None
    return message(
        N_(
            "Tệp “%(name)s” có đuôi %(suffix)s nhưng nội dung không phải loại đó; tệp không "
            "được lưu. Hãy kiểm tra lại tệp (có thể bị đổi tên hoặc hỏng)."
        ),
        name=safe_filename(filename),
        suffix=suffix,
    )


def extract_text(
    data: bytes,
    kind: str,
    *,
    timeout: float = EXTRACT_TIMEOUT_S,
    memory_bytes: int = EXTRACT_MEMORY_BYTES,
) -> Extraction:
    """The text of a file of ``kind``, read by a child process that is killed past
    ``timeout`` seconds and may use at most ``memory_bytes``. Never raises for a bad file:
    the error says why no text was read."""
    if kind not in KINDS:
        return Extraction("", Message(N_("Loại tệp không được hỗ trợ.")))
    env = {**os.environ, "PYTHONPATH": str(_ROOT)}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "documents.extraction", kind, str(memory_bytes)],
            input=data,
            capture_output=True,
            timeout=timeout,
            cwd=str(_ROOT),
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Extraction(
            "",
            message(
                N_(
                    "Đọc nội dung tệp quá %(seconds)s giây nên đã dừng; tệp vẫn được lưu nhưng "
                    "không tìm kiếm được theo nội dung."
                ),
                seconds=f"{timeout:g}",
            ),
        )
    try:
        result = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return Extraction(
            "",
            Message(
                N_(
                    "Tệp quá lớn hoặc quá phức tạp để đọc nội dung trong giới hạn bộ nhớ; tệp "
                    "vẫn được lưu nhưng không tìm kiếm được theo nội dung."
                )
            ),
        )
    if "error" in result:
        return Extraction("", load(result["error"]))
    return Extraction(result.get("text", ""), None, int(result.get("scanned", 0)))


def _pending(session: DbSession) -> list[Path]:
    pending: list[Path] = session.info.setdefault(_PENDING_FILES, [])
    return pending


def keep_after_commit(session: DbSession, path: Path, *, instead_of: Path) -> None:
    """``path`` replaces the file ``instead_of`` if the session's transaction commits: the
    old file is deleted then, the new one if it does not."""
    _pending(session).append(path)
    session.info.setdefault(_OBSOLETE_FILES, []).append(instead_of)


@event.listens_for(Session, "after_commit")
def _keep_files(session: Session) -> None:
    session.info.pop(_PENDING_FILES, None)
    for path in session.info.pop(_OBSOLETE_FILES, []):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_transaction_end")
def _drop_uncommitted_files(session: Session, transaction: SessionTransaction) -> None:
    if transaction.nested or transaction.parent is not None:
        return  # a savepoint or an inner transaction: the outermost one decides
    session.info.pop(_OBSOLETE_FILES, None)  # not committed: those files stay
    for path in session.info.pop(_PENDING_FILES, []):
        path.unlink(missing_ok=True)


def safe_filename(name: str) -> str:
    """The user's file name without any directory part, kept for display and download."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip().replace("\x00", "")
    return name[:200] or "tep-dinh-kem"


def add_attachment(
    session: DbSession,
    document: Document,
    filename: str,
    data: bytes,
    *,
    upload_dir: str | Path,
    actor: User | None,
    max_bytes: int = ATTACHMENT_MAX_BYTES,
    timeout: float = EXTRACT_TIMEOUT_S,
    memory_bytes: int = EXTRACT_MEMORY_BYTES,
) -> Attachment:
    """Store ``data`` for ``document`` under a generated name and read its text."""
    if len(data) > max_bytes:
        raise AttachmentError(
            N_("Tệp lớn %(size)s MB, vượt giới hạn %(limit)s MB."),
            size=f"{len(data) / 1048576:.1f}".replace(".", ","),
            limit=max_bytes // 1048576,
        )
    if not data:
        raise AttachmentError(N_("Tệp rỗng."))
    kind = sniff(data)
    if kind is None:
        raise AttachmentError(
            N_(
                "Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx), OpenDocument (.odt), văn bản "
                "thuần (.txt) hoặc ảnh quét (PNG, JPEG, TIFF); nội dung tệp này không thuộc "
                "loại nào trong đó."
            )
        )
    mismatch = extension_mismatch(filename, kind)
    if mismatch is not None:
        raise AttachmentError(mismatch)
    extraction = extract_text(data, kind, timeout=timeout, memory_bytes=memory_bytes)
    if kind in IMAGE_KINDS and extraction.error is not None:
        raise AttachmentError(extraction.error)  # an image that cannot be read is no scan
    ocr_status = None
    error = extraction.error
    if error is None and (kind in IMAGE_KINDS or extraction.scanned):
        ocr_status = "pending"
        if extraction.scanned > OCR_PAGES_MAX:
            ocr_status, error = (
                None,
                message(OCR_TOO_MANY_PAGES, pages=extraction.scanned, limit=OCR_PAGES_MAX),
            )
    folder = Path(upload_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stored = uuid.uuid4().hex + KINDS[kind][1]
    path = folder / stored
    with open(path, "xb") as out:
        out.write(data)
    _pending(session).append(path)
    attachment = Attachment(
        document=document,
        original_name=safe_filename(filename),
        stored_name=stored,
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=extraction.text.replace("\x00", ""),
        extraction_error=dump(error, EXTRACTION_ERROR_MAX) if error else None,
        ocr_status=ocr_status,
        uploaded_by_id=actor.id if actor is not None else None,
    )
    session.add(attachment)
    enqueue_index(session, "document", document.id)
    session.flush()
    return attachment


def remove_attachment(
    session: DbSession, document: Document, attachment: Attachment, *, upload_dir: str | Path
) -> None:
    """Remove ``attachment`` from ``document`` (flush only): the row now, the file when
    the transaction commits; the document is indexed again without its text."""
    if attachment.document_id != document.id:
        raise AttachmentError(N_("Tệp đính kèm không thuộc văn bản này."))
    path = attachment_path(upload_dir, attachment)
    document.attachments.remove(attachment)
    session.delete(attachment)
    enqueue_index(session, "document", document.id)
    session.flush()
    session.info.setdefault(_OBSOLETE_FILES, []).append(path)


def attachment_path(upload_dir: str | Path, attachment: Attachment) -> Path:
    """Where the file of ``attachment`` is stored."""
    return Path(upload_dir) / attachment.stored_name


def indexable_text(document: Document) -> str:
    """The extracted text of every attachment of ``document``, for the search index."""
    return "\n\n".join(a.text for a in document.attachments if a.text)
