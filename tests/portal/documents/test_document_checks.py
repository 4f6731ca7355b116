"""Saving a document: a symbol that disagrees with the type is held until the user
confirms (no JavaScript needed), and a dated Party document needs its place (issue 13,
item 10)."""

from __future__ import annotations

import json
import re

from documents.db import db
from documents.models import Document
from tests.conftest import AuthActions, csrf_from

MISMATCH = "mang ký hiệu loại «NQ», không khớp loại «Chỉ thị»"


def _form(**changes: str) -> dict[str, str]:
    data = {
        "action": "save",
        "doc_type": "CT",
        "symbol": "25-NQ/TW",
        "issuer_id": "0",
        "issuer_name": "Ban Chấp hành Trung ương",
        "issued_on": "03/6/2013",
        "place": "Hà Nội",
        "title": "Về tăng cường công tác dân vận",
        "body": "Nội dung.",
        "clauses": "",
    }
    data.update(changes)
    return data


def _post(client, url: str, data: dict[str, str]):
    token = csrf_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def _count() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Document))


def _confirm_token(html: str) -> str:
    match = re.search(r'name="confirm_warnings" value="([0-9a-f]+)"', html)
    assert match, "no confirmation box"
    return match.group(1)


def test_symbol_of_another_type_is_held_until_confirmed_and_the_form_stays_filled(world, client):
    AuthActions(client).login("reviewer")
    before = _count()
    held = _post(client, "/documents/new", _form())
    html = held.get_data(as_text=True)
    assert held.status_code == 200 and _count() == before
    assert MISMATCH in html
    assert 'value="Về tăng cường công tác dân vận"' in html and 'value="Hà Nội"' in html
    token = _confirm_token(html)

    # A box ticked for other warnings does not confirm these.
    stale = _post(client, "/documents/new", _form(confirm_warnings="0" * 20))
    assert stale.status_code == 200 and _count() == before

    saved = _post(client, "/documents/new", _form(confirm_warnings=token))
    assert saved.status_code == 302 and _count() == before + 1
    document = db.session.scalar(db.select(Document).filter_by(symbol="25-NQ/TW"))
    assert document.doc_type == "CT"


def test_matching_symbol_saves_without_a_question(world, client):
    AuthActions(client).login("reviewer")
    saved = _post(client, "/documents/new", _form(doc_type="NQ"))
    assert saved.status_code == 302


def test_editing_into_a_mismatch_asks_too(world, client):
    AuthActions(client).login("reviewer")
    document = world.directive
    url = f"/documents/{document.id}/edit"
    edit = _form(symbol="11-KL/TU", version=str(document.version), place="Rạch Giá")
    held = _post(client, url, edit)
    assert held.status_code == 200
    db.session.expire_all()
    assert document.symbol == "11-CT/TU"
    saved = _post(client, url, {**edit, "confirm_warnings": _confirm_token(held.text)})
    assert saved.status_code == 302
    db.session.expire_all()
    assert document.symbol == "11-KL/TU"


def test_dated_party_document_needs_the_place_of_its_date_line(world, client):
    AuthActions(client).login("reviewer")
    before = _count()
    refused = _post(client, "/documents/new", _form(doc_type="NQ", place="  "))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200 and _count() == before
    assert "cần địa danh ở dòng ngày tháng" in html
    assert 'value="Về tăng cường công tác dân vận"' in html
    # A state document's header has no such line in this form; an undated draft neither.
    state = _form(doc_type="state:NĐ", symbol="30/2020/NĐ-CP", place="")
    assert _post(client, "/documents/new", state).status_code == 302
    undated = _form(doc_type="NQ", symbol="26-NQ/TW", issued_on="", place="")
    assert _post(client, "/documents/new", undated).status_code == 302


def _archive(tmp_path, *records: dict) -> str:
    path = tmp_path / "kho.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    return str(path)


ARCHIVED = {
    "external_id": "kho-nq", "type": "Chỉ thị", "symbol": "25-NQ/TW", "title": "Về dân vận",
    "body": "Nội dung.", "issued_on": "2013-06-03", "place": "Hà Nội",
}  # fmt: skip


def test_archive_import_applies_the_same_checks(app, world, tmp_path):
    runner = app.test_cli_runner()
    undated_place = {**ARCHIVED, "external_id": "kho-2", "symbol": "26-CT/TW", "place": None}
    result = runner.invoke(args=["import-documents", _archive(tmp_path, ARCHIVED, undated_place)])
    assert result.exit_code == 1
    assert "Dòng 1:" in result.output and "--confirm-warnings" in result.output
    assert "Dòng 2:" in result.output and "cần địa danh" in result.output
    assert db.session.scalar(db.select(Document).filter_by(external_id="kho-nq")) is None

    confirmed = runner.invoke(
        args=["import-documents", _archive(tmp_path, ARCHIVED), "--confirm-warnings"]
    )
    assert confirmed.exit_code == 0, confirmed.output
    saved = db.session.scalar(db.select(Document).filter_by(external_id="kho-nq"))
    assert (saved.doc_type, saved.symbol, saved.place) == ("CT", "25-NQ/TW", "Hà Nội")


def test_file_import_without_a_place_says_to_give_one(app, world, tmp_path):
    text = (
        "TỈNH ỦY KIÊN GIANG\nSố 14-CT/TU\nngày 01 tháng 8 năm 2019\n"
        "CHỈ THỊ\nVề dân vận\n\nNội dung."
    )
    path = tmp_path / "ct.txt"
    path.write_text(text, encoding="utf-8")
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["import-document", str(path)])
    assert refused.exit_code != 0
    assert "cần địa danh" in refused.output and "--place" in refused.output
    assert db.session.scalar(db.select(Document).filter_by(symbol="14-CT/TU")) is None
    saved = runner.invoke(args=["import-document", str(path), "--place", "Rạch Giá"])
    assert saved.exit_code == 0, saved.output
    assert db.session.scalar(db.select(Document).filter_by(symbol="14-CT/TU")).place == "Rạch Giá"
