"""Document pages through the web: header, validity, clauses, relations and chain;
creating from pasted text with confirmation; editing makes versions; comparing and
restoring; the publication workflow; attachments."""

from __future__ import annotations

import io
import re
import zipfile

from sqlalchemy import event

from documents.db import db
from documents.i18n import render
from documents.models import Document
from documents.records import Attachment, DocumentVersion
from tests.conftest import AuthActions, corpora_dir, csrf_from
from tests.fixtures.statements import counted_statements
from tests.fixtures.web import page, seeded
from workflows.engine import fire


def test_directive_page_shows_header_validity_clauses_relations_and_chain(app, client):
    docs = seeded(app, client)
    _, html = page(client, f"/documents/{docs['11-CT/TU'].id}")
    assert "Số 11-CT/TU" in html and "Rạch Giá, ngày 01 tháng 8 năm 2019" in html
    assert "Đang hiệu lực" in html
    assert "Các nhiệm vụ (5 khoản)" in html
    chain = html[html.index('id="chain"') : html.index('id="cites"')]
    for symbol in ("25-NQ/TW", "40-CTr/TU", "62-KL/TW", "56-CTr/TU"):
        assert f">{symbol}</a>" in chain
    assert chain.index("25-NQ/TW") < chain.index("40-CTr/TU") < chain.index("<strong>11-CT/TU")
    assert "26 đơn vị được giao" in chain
    cited = html[html.index('id="cites"') : html.index('id="cited-by"')]
    assert f'href="/documents/{docs["40-CTr/TU"].id}">40-CTr/TU</a>' in cited
    body = html[html.index('class="body"') : html.index('id="clauses"')]
    for symbol in ("40-CTr/TU", "25-NQ/TW", "56-CTr/TU", "62-KL/TW"):
        assert f'href="/documents/{docs[symbol].id}">{symbol}</a>' in body


def test_resolution_page_lists_what_implements_it_down_to_the_plans(app, client):
    docs = seeded(app, client)
    _, html = page(client, f"/documents/{docs['25-NQ/TW'].id}")
    cited_by = html[html.index('id="cited-by"') :]
    assert ">40-CTr/TU</a>" in cited_by and ">11-CT/TU</a>" in cited_by
    chain = html[html.index('id="chain"') : html.index('id="cites"')]
    assert chain.index(">40-CTr/TU</a>") < chain.index(">11-CT/TU</a>")
    assert "26 đơn vị được giao" in chain


SEED_TEXT = (
    "TỈNH ỦY KIÊN GIANG\n*\nSố 12-CT/TU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n"
    "Rạch Giá, ngày 05 tháng 9 năm 2019\n\nCHỈ THỊ\nvề công tác dân vận ở vùng biển\n\n"
    "1. Tiếp tục thực hiện Chỉ thị số 11-CT/TU, ngày 01-8-2019 của Tỉnh ủy.\n\n"
    "2. Căn cứ Kết luận số 99-KL/TW, các cấp ủy rà soát.\n"
)


def test_editor_pastes_a_directive_confirms_and_saves_a_draft_then_publishes(app, client):
    docs = seeded(app, client, "bandanvan")
    _, form = page(client, "/documents/new")
    token = csrf_from(form)
    prefill = client.post(
        "/documents/new",
        data={"action": "prefill", "import-csrf_token": token, "import-text": SEED_TEXT},
    )
    html = prefill.get_data(as_text=True)
    assert prefill.status_code == 200
    assert 'value="12-CT/TU"' in html and 'value="05/9/2019"' in html
    assert 'value="Về công tác dân vận ở vùng biển"' in html
    assert "99-KL/TW" in html  # the citations found are listed for confirmation
    unit_id = re.search(r'<option selected value="(\d+)">Tỉnh ủy Kiên Giang', html)
    assert unit_id, "the issuer is matched to the unit"
    saved = client.post(
        "/documents/new",
        data={
            "action": "save",
            "csrf_token": token,
            "doc_type": "CT",
            "symbol": "12-CT/TU",
            "issuer_id": unit_id.group(1),
            "issued_on": "05/9/2019",
            "place": "Rạch Giá",
            "title": "Về công tác dân vận ở vùng biển",
            "body": SEED_TEXT,
            "clauses": "1. Tiếp tục thực hiện Chỉ thị số 11-CT/TU.\n\n2. Rà soát.",
        },
    )
    assert saved.status_code == 302
    new = db.session.scalar(db.select(Document).filter_by(symbol="12-CT/TU"))
    assert new.state == "draft" and [c.number for c in new.clauses] == [1, 2]

    reader = app.test_client()
    AuthActions(reader).login("docgia", "demo-11-CT-TU")
    assert reader.get(f"/documents/{new.id}").status_code == 404
    assert "12-CT/TU" not in reader.get("/documents/").get_data(as_text=True)

    _, view = page(client, f"/documents/{new.id}")
    assert "chưa có trong hệ thống" in view  # 99-KL/TW is kept, waiting for its document
    publish = client.post(
        f"/documents/{new.id}/transitions/publish",
        data={"csrf_token": csrf_from(view), "version": new.version},
    )
    assert publish.status_code == 302
    _, seen = page(reader, f"/documents/{new.id}")
    assert "Tiếp tục thực hiện" in seen
    _, directive = page(reader, f"/documents/{docs['11-CT/TU'].id}")
    assert ">12-CT/TU</a>" in directive[directive.index('id="cited-by"') :]


def test_invalid_document_form_comes_back_filled_in(app, client):
    seeded(app, client, "bandanvan")
    _, form = page(client, "/documents/new")
    body = "Nội dung đã soạn, không được mất."
    response = client.post(
        "/documents/new",
        data={
            "action": "save",
            "csrf_token": csrf_from(form),
            "doc_type": "CT",
            "symbol": "không phải ký hiệu",
            "issuer_id": "0",
            "title": "Một chỉ thị",
            "body": body,
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "không đúng dạng" in html and body in html


def test_reader_cannot_create_or_edit_documents(app, client):
    docs = seeded(app, client)
    assert client.get("/documents/new").status_code == 403
    assert client.get(f"/documents/{docs['11-CT/TU'].id}/edit").status_code == 403


def _edit(client, document, **changes):
    _, form = page(client, f"/documents/{document.id}/edit")
    fields = dict(re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', form))
    data = {
        "csrf_token": csrf_from(form),
        "version": document.version,
        "doc_type": document.doc_type,
        "symbol": document.symbol,
        "issuer_id": document.issuer_id or 0,
        "term": document.term or "",
        "issued_on": fields.get("issued_on", ""),
        "place": document.place or "",
        "title": document.title,
        "body": document.body,
        "clauses": "",
    }
    data.update(changes)
    return client.post(f"/documents/{document.id}/edit", data=data)


def test_every_save_is_a_version_and_versions_compare_side_by_side_and_restore(app, client):
    docs = seeded(app, client, "bandanvan")
    directive = docs["11-CT/TU"]
    original = directive.body
    changed = original.replace("những việc sau", "những việc <script>alert(1)</script> sau")
    assert _edit(client, directive, body=changed).status_code == 302
    db.session.expire_all()
    numbers = db.session.scalars(
        db.select(DocumentVersion.number).filter_by(document_id=directive.id)
    ).all()
    assert sorted(numbers) == [1, 2]
    _, versions = page(client, f"/documents/{directive.id}/versions")
    assert "Khôi phục" in versions
    _, diff = page(client, f"/documents/{directive.id}/versions/compare?a=1&b=2")
    assert '<mark class="diff-changed">' in diff
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in diff and "<script>alert" not in diff
    restored = client.post(
        f"/documents/{directive.id}/versions/1/restore", data={"csrf_token": csrf_from(versions)}
    )
    assert restored.status_code == 302
    db.session.expire_all()
    assert directive.body == original
    latest = db.session.scalar(
        db.select(DocumentVersion).filter_by(document_id=directive.id, number=3)
    )
    assert render(latest.note) == "Khôi phục phiên bản 1"


def test_a_stale_edit_gets_409_and_saves_nothing(app, client):
    docs = seeded(app, client, "bandanvan")
    directive = docs["11-CT/TU"]
    stale = directive.version
    assert _edit(client, directive, title="Tên mới").status_code == 302
    late = _edit(client, directive, title="Tên khác", version=stale)
    assert late.status_code == 409
    db.session.expire_all()
    assert directive.title == "Tên mới"


def test_editor_marks_a_document_repealed_with_who_and_when(app, client):
    docs = seeded(app, client, "bandanvan")
    directive = docs["56-CTr/TU"]
    _, html = page(client, f"/documents/{directive.id}")
    response = client.post(
        f"/documents/{directive.id}/validity",
        data={"csrf_token": csrf_from(html), "status": "repealed", "note": "Theo quyết định mới"},
    )
    assert response.status_code == 302
    _, html = page(client, f"/documents/{directive.id}")
    assert "Bãi bỏ" in html and "Lê Thị Thu Hà" in html and "Theo quyết định mới" in html


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_attachments_are_sniffed_stored_under_generated_names_and_downloaded_safely(app, client):
    docs = seeded(app, client, "bandanvan")
    directive = docs["11-CT/TU"]
    _, html = page(client, f"/documents/{directive.id}")
    token = csrf_from(html)
    contents = (_docx("Kế hoạch tuyên truyền"), b"Ke hoach thu hai")
    for content in contents:
        response = client.post(
            f"/documents/{directive.id}/attachments",
            data={"csrf_token": token, "file": (io.BytesIO(content), "kế hoạch.pdf")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 302
    stored = db.session.scalars(db.select(Attachment).order_by(Attachment.id)).all()
    assert [a.kind for a in stored] == ["docx", "txt"]  # judged by content, not by name
    assert [a.original_name for a in stored] == ["kế hoạch.pdf", "kế hoạch.pdf"]
    assert stored[0].stored_name != stored[1].stored_name
    assert "Kế hoạch tuyên truyền" in stored[0].text
    download = client.get(f"/documents/{directive.id}/attachments/{stored[0].id}")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.data == contents[0]
    download.close()
    refused = client.post(
        f"/documents/{directive.id}/attachments",
        data={"csrf_token": token, "file": (io.BytesIO(b"MZ\x90\x00\x03binary"), "a.txt")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(Attachment)) == 2
    other = app.test_client()
    AuthActions(other).login("docgia", "demo-11-CT-TU")
    assert (
        other.get(f"/documents/{directive.id}/attachments/{stored[1].id + 99}").status_code == 404
    )


def test_an_attachment_over_the_limit_is_413(app, client):
    docs = seeded(app, client, "bandanvan")
    app.config["ATTACHMENT_MAX_BYTES"] = 1000
    directive = docs["11-CT/TU"]
    _, html = page(client, f"/documents/{directive.id}")
    response = client.post(
        f"/documents/{directive.id}/attachments",
        data={"csrf_token": csrf_from(html), "file": (io.BytesIO(b"x" * 2000), "big.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert db.session.scalar(db.select(db.func.count()).select_from(Attachment)) == 0


def test_upload_of_an_encrypted_pdf_is_kept_with_a_clear_message(app, client):
    corpora = corpora_dir()
    if corpora is None:
        import pytest

        pytest.skip("../shared/corpora is absent")
    docs = seeded(app, client, "bandanvan")
    directive = docs["11-CT/TU"]
    _, html = page(client, f"/documents/{directive.id}")
    data = (corpora / "pdf" / "libreoffice-writer-password.pdf").read_bytes()
    client.post(
        f"/documents/{directive.id}/attachments",
        data={"csrf_token": csrf_from(html), "file": (io.BytesIO(data), "mat.pdf")},
        content_type="multipart/form-data",
    )
    _, html = page(client, f"/documents/{directive.id}")
    assert "đặt mật khẩu" in html


def test_zip_that_is_not_an_office_file_is_refused():
    from documents.attachments import sniff

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("evil.exe", b"MZ")
    assert sniff(out.getvalue()) is None


def test_document_page_counts_reports_without_reading_the_plans_texts(world, factory, client):
    reported = factory.plan(world.assignment, world.drafter)
    fire(db.session, reported, "submit", actor=world.drafter)
    reported.report_html = "<p>Đã thực hiện.</p>"
    db.session.commit()
    plan_id, directive_id = reported.id, world.directive.id
    AuthActions(client).login("reviewer")
    statements: list[str] = []

    def keep(_conn, _cursor, statement, *_args):
        statements.append(statement)

    db.session.expunge_all()  # the plans as the page's request finds them: not loaded yet
    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        html = client.get(f"/documents/{directive_id}").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    assert "1 kế hoạch đã lập, 1 báo cáo kết quả." in html
    assert f'href="/plans/{plan_id}"' in html
    assert not [s for s in statements if '"plan".body_html' in s or '"plan".report_text' in s]


def test_document_page_counts_every_assigned_unit_but_lists_only_the_plans_it_may_show(
    world, factory, client
):
    submitted = factory.plan(world.assignment, world.drafter)
    fire(db.session, submitted, "submit", actor=world.drafter)
    factory.plan(world.other_assignment, world.other_drafter)  # a draft: its unit's only
    factory.assignment(world.directive, factory.unit("xa-a", name="Đảng ủy xã A"))  # no plan
    db.session.commit()
    plan_id, directive_id = submitted.id, world.directive.id
    AuthActions(client).login("reviewer")
    db.session.expunge_all()
    with counted_statements() as statements:
        html = client.get(f"/documents/{directive_id}").get_data(as_text=True)
    assert "3 đơn vị được giao (1 kế hoạch)" in html
    assert "Phân công thực hiện (3 đơn vị)" in html
    assert "1 kế hoạch đã lập, 0 báo cáo kết quả." in html
    assert f'href="/plans/{plan_id}"' in html
    assert not [s for s in statements if "assignment.deliverable" in s]  # counted, not loaded
