"""Attachment extraction in a child process: real PDFs, encrypted PDFs, decompression
bombs, time limits, and no orphan file when the save is rolled back."""

from __future__ import annotations

import io
import zipfile

import pytest

from documents.attachments import AttachmentError, add_attachment, extract_text, sniff
from documents.db import db
from tests.conftest import corpora_dir


def pdfs():
    root = corpora_dir()
    if root is None:
        pytest.skip("../shared/corpora is absent (set PORTAL_CORPORA to use another)")
    return root / "pdf"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("002-trivial-libre-office-writer.pdf", "Lorem ipsum"),
        ("annotated_pdf.pdf", "Some text"),
        ("habibi.pdf", "habibi"),
        ("libre-office-link.pdf", "This is a link"),
    ],
)
def test_real_pdfs_give_their_text(name, expected):
    data = (pdfs() / name).read_bytes()
    assert sniff(data) == "pdf"
    result = extract_text(data, "pdf")
    assert result.error is None and expected in result.text


def test_encrypted_pdf_gives_a_clear_message():
    data = (pdfs() / "libreoffice-writer-password.pdf").read_bytes()
    result = extract_text(data, "pdf")
    assert result.text == "" and "đặt mật khẩu" in str(result.error)


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b" " * (200 * 1024 * 1024))
    return out.getvalue()


def test_docx_bomb_is_refused_with_a_clear_message_and_the_worker_survives():
    data = _bomb()
    assert len(data) < 1024 * 1024 and sniff(data) == "docx"
    result = extract_text(data, "docx")
    assert result.text == "" and "bom nén" in str(result.error)
    assert extract_text(b"van ban", "txt").text == "van ban"


def test_a_parser_over_its_memory_limit_fails_cleanly():
    data = (pdfs() / "002-trivial-libre-office-writer.pdf").read_bytes()
    result = extract_text(data, "pdf", memory_bytes=20 * 1024 * 1024)
    assert result.text == "" and result.error


def test_extraction_past_its_time_limit_is_stopped():
    data = (pdfs() / "002-trivial-libre-office-writer.pdf").read_bytes()
    result = extract_text(data, "pdf", timeout=0.001)
    assert result.text == "" and "giây" in str(result.error)


def test_content_decides_the_type_not_the_name():
    assert sniff(b"%PDF-1.7\n") == "pdf"
    assert sniff(b"\x89PNG\r\n\x1a\n\x00\x00") == "png"  # a scan, read by OCR
    assert sniff(b"MZ\x90\x00\x03\x00\x00\x00") is None
    assert sniff("Chỉ thị".encode()) == "txt"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<x/>")
    assert sniff(out.getvalue()) == "odt"


def test_no_orphan_file_when_the_save_is_rolled_back(app, factory, tmp_path):
    document = factory.document()
    upload_dir = tmp_path / "files"
    add_attachment(db.session, document, "a.txt", b"noi dung", upload_dir=upload_dir, actor=None)
    assert len(list(upload_dir.iterdir())) == 1
    db.session.rollback()
    assert list(upload_dir.iterdir()) == []
    add_attachment(db.session, document, "a.txt", b"noi dung", upload_dir=upload_dir, actor=None)
    db.session.commit()
    assert len(list(upload_dir.iterdir())) == 1


def test_oversized_and_unknown_files_are_refused(app, factory, tmp_path):
    document = factory.document()
    tmp_path = tmp_path / "files"
    with pytest.raises(AttachmentError):
        add_attachment(db.session, document, "a.txt", b"x" * 11, upload_dir=tmp_path, actor=None,
                       max_bytes=10)  # fmt: skip
    with pytest.raises(AttachmentError):
        add_attachment(db.session, document, "a.txt", b"\x00\x01\x02", upload_dir=tmp_path,
                       actor=None)  # fmt: skip
    assert not tmp_path.exists() or list(tmp_path.iterdir()) == []


def test_xxe_and_entity_bombs_in_an_odt_are_refused_without_reading_files():
    hostile = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        "<text:p>&secret;&b;</text:p></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", hostile)
    result = extract_text(out.getvalue(), "odt")
    assert result.text == "" and result.error
    assert "root:" not in str(result.error)


def test_pages_without_text_count_as_scans_only_when_they_show_an_image():
    from pypdf import PdfWriter

    from bench.scans import as_pdf, render_pages

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    assert extract_text(out.getvalue(), "pdf").scanned == 0  # blank: nothing to recognise
    scan = as_pdf(render_pages("Số 27-CT/TU", 72), 72)
    assert extract_text(scan, "pdf").scanned == 1
