"""The review of inherited documents: the successor's worklist, decisions in bulk, the
validity they set (who, when, on what basis), refusals that change nothing, the XLSX
register, and who may do it."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from documents.db import db
from documents.inherited_review import ReviewError, record_review, worklist
from documents.models import OrgUnit
from documents.reorganisation import apply
from documents.unit_events import EventInput, NewUnit, Target
from documents.unit_history import DocumentReview
from tests.conftest import csrf_from


@pytest.fixture
def successor(world, factory, session) -> OrgUnit:
    factory.document("40-CTr/TU", "Chương trình hành động", doc_type="CTr", number=40,
                     issuer=world.province)  # fmt: skip
    data = EventInput("merge", date(2025, 7, 1), "11-CT/TU", ("tinhuy",),
                      (Target("tinhuy-ag", NewUnit("Tỉnh ủy An Giang")),))  # fmt: skip
    apply(session, data, actor=None, today=date(2025, 7, 2), open_states=("drafted",))
    session.commit()
    return session.scalar(db.select(OrgUnit).filter_by(code="tinhuy-ag"))


def test_worklist_lists_the_predecessors_documents_in_force(world, successor, session):
    symbols = [item.document.symbol for item in worklist(session, successor)]
    assert symbols == ["11-CT/TU", "40-CTr/TU"]
    assert worklist(session, world.unit) == []


def test_bulk_decisions_are_recorded_and_set_validity_with_who_and_basis(world, successor, session):
    ids = [item.document.id for item in worklist(session, successor)]
    record_review(
        session, successor, ids, "repealed", actor=world.reviewer, comment="Hết đối tượng"
    )
    assert world.directive.validity == "repealed"
    assert world.directive.validity_set_by_id == world.reviewer.id
    assert "Rà soát của Tỉnh ủy An Giang: Hết đối tượng" == world.directive.validity_note
    assert all(item.latest.outcome == "repealed" for item in worklist(session, successor))


def test_replaced_needs_the_replacing_document(world, successor, session):
    first = worklist(session, successor)[0].document
    with pytest.raises(ReviewError, match="văn bản thay thế"):
        record_review(session, successor, [first.id], "replaced", actor=world.reviewer)
    with pytest.raises(ReviewError, match="chính nó"):
        record_review(session, successor, [first.id], "replaced", actor=world.reviewer,
                      replaced_by=first)  # fmt: skip
    with pytest.raises(ReviewError, match="không thuộc diện"):
        record_review(session, world.unit, [first.id], "applicable", actor=world.reviewer)
    assert session.scalar(db.select(db.func.count(DocumentReview.id))) == 0


def test_reviewer_marks_in_the_browser_and_exports_the_register(
    world, successor, session, client, auth
):
    auth.login("reviewer")
    page = client.get(f"/units/{successor.id}/review")
    assert page.status_code == 200 and "40-CTr/TU" in page.get_data(as_text=True)
    token = csrf_from(page.get_data(as_text=True))
    second = worklist(session, successor)[1].document
    bad = client.post(f"/units/{successor.id}/review", data={
        "csrf_token": token, "documents": [str(second.id)], "outcome": "replaced",
        "replaced_by": "99-CT/TU", "comment": "Thay thế"})  # fmt: skip
    assert bad.status_code == 422 and "99-CT/TU" in bad.get_data(as_text=True)
    assert f'value="{second.id}" id="doc-{second.id}" checked' in bad.get_data(as_text=True)
    done = client.post(f"/units/{successor.id}/review", data={
        "csrf_token": token, "documents": [str(second.id)], "outcome": "replaced",
        "replaced_by": "11-CT/TU", "comment": "Thay bằng chỉ thị mới"})  # fmt: skip
    assert done.status_code == 302
    export = client.get(f"/units/{successor.id}/review.xlsx")
    rows = list(load_workbook(BytesIO(export.data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Tỉnh ủy An Giang"
    by_symbol = {r[1]: r for r in rows[2:]}
    assert by_symbol["40-CTr/TU"][5:8] == ("Được thay thế", "11-CT/TU", "Thay bằng chỉ thị mới")
    assert by_symbol["11-CT/TU"][5] == "Chưa rà soát"
    appendix = Document(BytesIO(client.get(f"/units/{successor.id}/review.docx").data))
    assert appendix.paragraphs[0].text == "PHỤ LỤC"
    cells = [[c.text for c in row.cells] for row in appendix.tables[0].rows]
    assert cells[2][1] == "40-CTr/TU" and cells[2][4] == "Được thay thế: 11-CT/TU"


def test_only_the_commission_reviews(world, successor, client, auth):
    auth.login("drafter")
    assert client.get(f"/units/{successor.id}/review").status_code == 403
    assert client.get(f"/units/{successor.id}/review.xlsx").status_code == 403
