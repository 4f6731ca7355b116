"""Every command speaks the language of its environment: ``PORTAL_LANG=en`` gives English
refusals, progress labels and results, ``vi`` (the tests' default) Vietnamese."""

from __future__ import annotations

import json

import pytest

from documents.db import db
from documents.i18n import render
from documents.models import Document
from documents.records import DocumentVersion


@pytest.fixture(params=["en", "vi"])
def language(request, monkeypatch) -> str:
    monkeypatch.setenv("PORTAL_LANG", request.param)
    return request.param


def run(app, *args):
    return app.test_cli_runner().invoke(args=[str(a) for a in args])


def say(language: str, english: str, vietnamese: str) -> str:
    return english if language == "en" else vietnamese


def test_create_user_refusals(app, world, language):
    unknown = run(
        app, "create-user", "moi", "--full-name", "Người Mới", "--unit", "khong-co",
        "--role", "drafter", "--password", "mot-mat-khau-du-dai",
    )  # fmt: skip
    assert unknown.exit_code != 0
    assert (
        say(language, "There is no unit with code “khong-co”.", "Không có đơn vị mã “khong-co”.")
        in unknown.output
    )
    taken = run(
        app, "create-user", "drafter", "--full-name", "Người Mới", "--unit", world.unit.code,
        "--role", "drafter", "--password", "mot-mat-khau-du-dai",
    )  # fmt: skip
    assert (
        say(language, "The username “drafter” is already taken.", "Tên đăng nhập “drafter” đã có.")
        in taken.output
    )
    short = run(
        app, "create-user", "moi", "--full-name", "Người Mới", "--unit", world.unit.code,
        "--role", "drafter", "--password", "ngan",
    )  # fmt: skip
    assert short.exit_code != 0
    assert say(language, "The password needs at least", "Mật khẩu cần ít nhất") in short.output
    made = run(
        app, "create-user", "moi", "--full-name", "Người Mới", "--unit", world.unit.code,
        "--role", "drafter", "--password", "mot-mat-khau-du-dai",
    )  # fmt: skip
    assert made.exit_code == 0
    assert say(language, "Account moi created.", "Đã tạo tài khoản moi.") in made.output


def test_reindex_drain_and_search_check(app, world, language):
    reindex = run(app, "reindex")
    assert reindex.exit_code == 0, reindex.output
    assert say(language, "Indexing", "Đánh chỉ mục") in reindex.output
    assert say(language, "Indexed ", "Đã đánh chỉ mục ") in reindex.output
    drain = run(app, "search", "drain")
    assert say(language, "Applied 0 changes.", "Đã áp dụng 0 thay đổi.") in drain.output
    check = run(app, "search", "check", "--dry-run")
    assert check.exit_code == 0, check.output
    assert (
        say(
            language,
            "Missing from the index: 0; stale: 0; extra: 0; duplicated: 0.",
            "Thiếu trong chỉ mục: 0; cũ: 0; thừa: 0; trùng lặp: 0.",
        )
        in check.output
    )


def test_create_token_refuses_an_unknown_account(app, world, language):
    result = run(app, "create-token", "khong-co")
    assert result.exit_code != 0
    assert (
        say(language, "There is no account “khong-co”.", "Không có tài khoản “khong-co”.")
        in result.output
    )


def test_import_document_refuses_a_file_it_cannot_read(app, world, tmp_path, language):
    program = tmp_path / "chuong-trinh.exe"
    program.write_bytes(b"MZ\x90\x00" + b"\x00" * 64)
    result = run(app, "import-document", program)
    assert result.exit_code != 0
    assert (
        say(
            language,
            "Only .txt, .docx, .odt, .pdf files or scans (PNG, JPEG, TIFF) can be read.",
            "Chỉ đọc được tệp .txt, .docx, .odt, .pdf hoặc ảnh quét (PNG, JPEG, TIFF).",
        )
        in result.output
    )
    picture = tmp_path / "anh.png"  # a scan is read now, but this one is broken
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    broken = run(app, "import-document", picture)
    assert broken.exit_code != 0
    assert say(language, "The image file is damaged", "Tệp ảnh bị hỏng") in broken.output


def test_import_documents_reports_bad_lines_and_keeps_notes_as_message_ids(
    app, world, tmp_path, language
):
    good = {
        "external_id": "kho-1", "type": "CT", "symbol": "12-CT/TU",
        "title": "Về công tác dân vận", "body": "Nội dung chỉ thị.", "issued_on": "2019-08-01",
        "place": "Rạch Giá",
    }  # fmt: skip
    archive = tmp_path / "kho.jsonl"
    archive.write_text(json.dumps(good, ensure_ascii=False) + "\n{khong phai json\n")
    result = run(app, "import-documents", archive)
    assert result.exit_code == 1
    assert say(language, "Line 2: ", "Dòng 2: ") in result.output
    assert say(language, "Importing documents", "Nhập văn bản") in result.output
    assert (
        say(language, "Imported 1 new documents, updated 0", "Đã nhập 1 văn bản mới, cập nhật 0")
        in result.output
    )
    document = db.session.scalar(db.select(Document).filter_by(external_id="kho-1"))
    version = db.session.scalar(db.select(DocumentVersion).filter_by(document_id=document.id))
    # The note is stored as its message id, whatever the command's language.
    assert render(version.note) == "Nhập kho lưu"


def test_backup_refusals(app, world, tmp_path, language):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x").write_text("x")
    backup = run(app, "backup", busy)
    assert backup.exit_code != 0
    assert (
        say(
            language,
            f"The backup folder {busy} already holds data; choose an empty folder.",
            f"Thư mục sao lưu {busy} đã có dữ liệu; hãy chọn thư mục trống.",
        )
        in backup.output
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    restore = run(app, "restore", empty)
    assert restore.exit_code != 0
    assert (
        say(
            language,
            f"Cannot read manifest.json in {empty}: ",
            f"Không đọc được manifest.json trong {empty}: ",
        )
        in restore.output
    )


def test_backup_result_in_english(app, world, tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_LANG", "en")
    result = run(app, "backup", tmp_path / "sao-luu")
    assert result.exit_code == 0, result.output
    assert "Backing up" in result.output and "rows of data and" in result.output
