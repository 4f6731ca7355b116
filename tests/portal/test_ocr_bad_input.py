"""Bad scans and files that pretend: each refused or limited with a clear Vietnamese
message, nothing half-stored (no orphan file, no row without its file)."""

from __future__ import annotations

import io
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from pypdf import PdfWriter

from bench.scans import render_pages
from documents.db import db
from documents.records import Attachment
from tests.conftest import corpora_dir
from tests.fixtures.web import page, seeded, upload

needs_ocr = pytest.mark.skipif(
    shutil.which("tesseract") is None or shutil.which("ocrmypdf") is None,
    reason="Tesseract or ocrmypdf is not installed (make system-deps)",
)


def attachments() -> list[Attachment]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Attachment)))


def stored_files(app) -> list[str]:
    folder = Path(app.config["UPLOAD_DIR"])
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def huge_png(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` × ``height`` pixels in a few hundred bytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" + b"\xff" * (width // 8), 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def pdf_bomb(side: int = 14000) -> bytes:
    """One page drawing a side × side grey image that compresses to a few hundred KB."""
    stream = zlib.compress(b"\xff" * (side * side), 9)
    image = b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
    image += b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
        image % (side, side, len(stream)) + stream + b"\nendstream",
        b"<< /Length 33 >>\nstream\nq 595 0 0 842 0 0 cm /Im0 Do Q\nendstream",
    ]
    out = bytearray(b"%PDF-1.5\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_an_image_of_30000_by_30000_pixels_is_refused_and_nothing_stored(app, client):
    directive = seeded(app, client, "bandanvan")["11-CT/TU"]
    html = upload(client, directive.id, huge_png(30_000, 30_000), "quet.png")
    assert "Ảnh quá lớn" in html and "300 dpi" in html
    assert attachments() == [] and stored_files(app) == []


def test_a_file_whose_content_is_not_what_its_extension_says_is_refused(app, client):
    directive = seeded(app, client, "bandanvan")["11-CT/TU"]
    html = upload(client, directive.id, b"<html><script>alert(1)</script></html>", "quet.png")
    assert "có đuôi .png nhưng nội dung không phải loại đó" in html
    pdf_named_jpg = upload(client, directive.id, b"%PDF-1.4\n%%EOF\n", "quet.JPG")
    assert "có đuôi .jpg" in pdf_named_jpg
    assert attachments() == [] and stored_files(app) == []


@needs_ocr
def test_a_jpeg_saved_as_png_is_still_a_scan(app, client):
    directive = seeded(app, client, "bandanvan")["11-CT/TU"]
    image = render_pages("Số 27-CT/TU", 100)[0]
    out = io.BytesIO()
    image.save(out, "JPEG")
    upload(client, directive.id, out.getvalue(), "quet.png")
    (attachment,) = attachments()
    assert attachment.kind == "jpeg" and attachment.stored_name.endswith(".jpg")


def test_a_500_page_scan_is_kept_without_ocr_and_says_why(app, client, tmp_path):
    writer = PdfWriter()
    for _ in range(500):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    directive = seeded(app, client, "bandanvan")["11-CT/TU"]
    html = upload(client, directive.id, out.getvalue(), "luu-tru-2019.pdf")
    assert "500 trang, vượt giới hạn" in html
    (attachment,) = attachments()
    assert attachment.ocr_status is None and stored_files(app) == [attachment.stored_name]
    path = tmp_path / "luu-tru-2019.pdf"
    path.write_bytes(out.getvalue())
    result = app.test_cli_runner().invoke(args=["import-document", str(path)])
    assert result.exit_code != 0 and "500 trang" in result.output


def test_a_password_protected_pdf_is_not_sent_to_ocr(app, client, tmp_path):
    corpora = corpora_dir()
    if corpora is None:
        pytest.skip("../shared/corpora is absent")
    data = (corpora / "pdf" / "libreoffice-writer-password.pdf").read_bytes()
    directive = seeded(app, client, "bandanvan")["11-CT/TU"]
    assert "đặt mật khẩu" in upload(client, directive.id, data, "mat.pdf")
    (attachment,) = attachments()
    assert attachment.ocr_status is None
    path = tmp_path / "mat.pdf"
    path.write_bytes(data)
    result = app.test_cli_runner().invoke(args=["import-document", str(path)])
    assert result.exit_code != 0 and "đặt mật khẩu" in result.output


@needs_ocr
def test_a_pdf_bomb_fails_recognition_and_keeps_the_original(app, client):
    directive = seeded(app, client, "bandanvan")["11-CT/TU"]
    data = pdf_bomb()
    upload(client, directive.id, data, "bom.pdf")
    (attachment,) = attachments()
    assert attachment.ocr_status == "failed" and attachment.text == ""
    assert stored_files(app) == [attachment.stored_name]  # no half-written copy
    assert (Path(app.config["UPLOAD_DIR"]) / attachment.stored_name).read_bytes() == data
    assert "bom giải nén" in page(client, f"/documents/{directive.id}")[1]


def test_a_500_page_tiff_is_refused_and_nothing_stored(app, client):
    from PIL import Image

    frames = [Image.new("L", (16, 16), 255) for _ in range(500)]
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:])
    directive = seeded(app, client, "bandanvan")["11-CT/TU"]
    html = upload(client, directive.id, out.getvalue(), "ho-so.tif")
    assert "500 trang, vượt giới hạn" in html
    assert attachments() == [] and stored_files(app) == []
