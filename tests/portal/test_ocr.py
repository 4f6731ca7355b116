"""Scanned attachments: recognised with Tesseract's Vietnamese model (OCR runs
synchronously in tests), a scanned PDF stored again with a searchable text layer, typed
pages of a mixed PDF kept, the original kept when recognition fails, and a clear word
when OCR is not available on the server."""

from __future__ import annotations

import io
import shutil
import tempfile
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from bench.scans import as_pdf, as_png, render_pages
from documents.db import db
from documents.records import Attachment
from tests.conftest import corpora_dir, csrf_from
from tests.fixtures.web import page, seeded, upload

pytestmark = pytest.mark.skipif(
    shutil.which("tesseract") is None or shutil.which("ocrmypdf") is None,
    reason="Tesseract or ocrmypdf is not installed (make system-deps)",
)

SCAN_TEXT = (
    "TỈNH ỦY KIÊN GIANG\n"
    "Số 27-CT/TU\n"
    "CHỈ THỊ\n"
    "về bảo vệ rạn san hô ven biển Phú Quốc\n"
    "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy tuyên truyền bảo vệ rạn san hô."
)
DPI = 200


def scan_png() -> bytes:
    return as_png(render_pages(SCAN_TEXT, DPI)[0], DPI)


def scan_pdf() -> bytes:
    return as_pdf(render_pages(SCAN_TEXT, DPI), DPI)


def only_attachment() -> Attachment:
    db.session.expire_all()
    (attachment,) = db.session.scalars(db.select(Attachment))
    return attachment


def found(client, query: str) -> str:
    return client.get("/search", query_string={"q": query}).get_data(as_text=True)


def test_scanned_image_is_recognised_and_found_by_its_symbol_and_a_sentence(app, client):
    directive = seeded(app, client, "bandanvan")["11-CT/TU"]
    upload(client, directive.id, scan_png(), "chi-thi-27.png")
    attachment = only_attachment()
    assert (attachment.kind, attachment.ocr_status) == ("png", "done")
    assert "27-CT/TU" in attachment.text and "san hô" in attachment.text
    assert "đã nhận dạng chữ" in page(client, f"/documents/{directive.id}")[1]
    assert f"/documents/{directive.id}" in found(client, "bảo vệ rạn san hô ven biển")
    assert f"/documents/{directive.id}" in found(client, "27-CT/TU")


def test_scanned_pdf_is_stored_again_with_a_searchable_text_layer(app, client):
    directive = seeded(app, client, "bandanvan")["11-CT/TU"]
    upload(client, directive.id, scan_pdf(), "chi-thi-27.pdf")
    attachment = only_attachment()
    assert attachment.ocr_status == "done" and "san hô" in attachment.text
    uploads = Path(app.config["UPLOAD_DIR"])
    assert [p.name for p in uploads.iterdir()] == [attachment.stored_name]  # old one gone
    layer = PdfReader(uploads / attachment.stored_name).pages[0].extract_text()
    assert "27-CT/TU" in layer and "san" in layer
    with client.get(f"/documents/{directive.id}/attachments/{attachment.id}") as download:
        assert download.data == (uploads / attachment.stored_name).read_bytes()


def test_mixed_pdf_keeps_its_typed_page_and_recognises_the_scanned_one(app, client):
    corpora = corpora_dir()
    if corpora is None:
        pytest.skip("../shared/corpora is absent")
    typed = PdfReader(corpora / "pdf" / "002-trivial-libre-office-writer.pdf")
    typed_text = typed.pages[0].extract_text().strip()
    writer = PdfWriter()
    writer.add_page(typed.pages[0])
    for scanned in PdfReader(io.BytesIO(scan_pdf())).pages:
        writer.add_page(scanned)
    out = io.BytesIO()
    writer.write(out)
    directive = seeded(app, client, "bandanvan")["11-CT/TU"]
    upload(client, directive.id, out.getvalue(), "hon-hop.pdf")
    attachment = only_attachment()
    assert attachment.ocr_status == "done"
    assert attachment.text.startswith(typed_text[:20]) and "san hô" in attachment.text
    stored = PdfReader(Path(app.config["UPLOAD_DIR"]) / attachment.stored_name)
    assert len(stored.pages) == 2 and "san" in stored.pages[1].extract_text()


def test_recognition_past_its_time_limit_keeps_the_original_file(
    app, client, monkeypatch, tmp_path
):
    app.config["OCR_TIMEOUT_S"] = 0.3
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    directive = seeded(app, client, "bandanvan")["11-CT/TU"]
    data = scan_pdf()
    html = upload(client, directive.id, data, "cham.pdf")
    attachment = only_attachment()
    assert attachment.ocr_status == "failed" and attachment.text == ""
    uploads = Path(app.config["UPLOAD_DIR"])
    assert [p.name for p in uploads.iterdir()] == [attachment.stored_name]  # no leftovers
    assert (uploads / attachment.stored_name).read_bytes() == data
    assert "giây" in page(client, f"/documents/{directive.id}")[1] or "giây" in html
    assert list(scratch.iterdir()) == []  # the killed child's temporary files are gone


def test_portal_says_when_the_vietnamese_model_is_missing_and_ocr_run_reads_later(app, client):
    app.config["OCR_LANGUAGE"] = "xyz"  # a model this machine does not have
    directive = seeded(app, client, "bandanvan")["11-CT/TU"]
    html = upload(client, directive.id, scan_png(), "quet.png")
    assert "chưa có mô hình tiếng Việt" in html
    assert only_attachment().ocr_status == "pending"
    view = page(client, f"/documents/{directive.id}")[1]
    assert "đang nhận dạng chữ" in view and "tesseract-ocr-vie" in view
    app.config["OCR_LANGUAGE"] = "vie"
    result = app.test_cli_runner().invoke(args=["ocr", "run"])
    assert result.exit_code == 0, result.output
    assert "Đã nhận dạng chữ 1 tệp" in result.output
    attachment = only_attachment()
    assert attachment.ocr_status == "done" and "san hô" in attachment.text
    assert f"/documents/{directive.id}" in found(client, "rạn san hô")


def test_portal_says_when_tesseract_is_missing(app, client, monkeypatch, tmp_path):
    directive = seeded(app, client, "bandanvan")["11-CT/TU"]
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on this PATH
    html = upload(client, directive.id, scan_png(), "quet.png")
    assert "chưa cài Tesseract" in html
    assert only_attachment().ocr_status == "pending"


def test_import_document_reads_a_scanned_directive(app, tmp_path):
    path = tmp_path / "chi-thi-27.pdf"
    path.write_bytes(scan_pdf())
    result = app.test_cli_runner().invoke(args=["import-document", str(path)])
    assert result.exit_code == 0, result.output
    assert "27-CT/TU" in result.output


def test_new_document_form_is_filled_from_a_scanned_page(app, client):
    seeded(app, client, "bandanvan")
    _, form = page(client, "/documents/new")
    prefill = client.post(
        "/documents/new",
        data={
            "action": "prefill",
            "import-csrf_token": csrf_from(form),
            "import-file": (io.BytesIO(scan_png()), "chi-thi-27.png"),
        },
        content_type="multipart/form-data",
    )
    html = prefill.get_data(as_text=True)
    assert prefill.status_code == 200
    assert 'value="27-CT/TU"' in html and "rạn san hô" in html


def test_by_default_a_scan_is_read_in_the_background_and_shown_as_in_progress(app, client):
    app.config["OCR_IN_PROCESS"] = "thread"
    directive = seeded(app, client, "bandanvan")["11-CT/TU"]
    html = upload(client, directive.id, scan_png(), "quet.png")
    assert "đang nhận dạng chữ" in html  # the page came back before the recognition ended
    for thread in threading.enumerate():
        if thread.name == "ocr":
            thread.join(timeout=120)
    attachment = only_attachment()
    assert attachment.ocr_status == "done" and "san hô" in attachment.text
    assert f"/documents/{directive.id}" in found(client, "rạn san hô")


def test_ocr_run_reads_scans_left_to_it_and_requeues_abandoned_ones_on_request(app, client):
    app.config["OCR_IN_PROCESS"] = "off"  # a separate worker's job
    directive = seeded(app, client, "bandanvan")["11-CT/TU"]
    upload(client, directive.id, scan_png(), "quet.png")
    attachment = only_attachment()
    assert attachment.ocr_status == "pending"
    attachment.ocr_status = "running"  # as a worker that died mid-way leaves it
    db.session.commit()
    runner = app.test_cli_runner()
    assert "Đã nhận dạng chữ 0 tệp" in runner.invoke(args=["ocr", "run"]).output
    result = runner.invoke(args=["ocr", "run", "--requeue"])
    assert "Đã nhận dạng chữ 1 tệp" in result.output, result.output
    assert only_attachment().ocr_status == "done"


def test_a_long_scan_is_not_read_while_the_clerk_waits_and_the_form_says_what_to_do(app, client):
    seeded(app, client, "bandanvan")
    _, form = page(client, "/documents/new")
    six_pages = as_pdf(render_pages("\n".join(["Số 27-CT/TU"] * 400), 72), 72)
    prefill = client.post(
        "/documents/new",
        data={
            "action": "prefill",
            "import-csrf_token": csrf_from(form),
            "import-file": (io.BytesIO(six_pages), "dai.pdf"),
        },
        content_type="multipart/form-data",
    )
    html = prefill.get_data(as_text=True)
    assert "dài quá để đọc ngay khi điền mẫu" in html and "import-document" in html
