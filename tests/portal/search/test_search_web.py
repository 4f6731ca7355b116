"""Search through the web: without diacritics, by symbol, and never past permissions."""

from __future__ import annotations

import pytest

from documents.db import db
from portal.indexing import drain_outbox
from workflows.engine import fire


@pytest.fixture
def indexed(world, factory):
    factory.document(
        "40-CTr/TU",
        "Chương trình hành động về công tác dân vận",
        doc_type="CTr",
        number=40,
        body="Tiếp tục thực hiện Chỉ thị số 11-CT/TU của Tỉnh ủy.",
    )
    db.session.commit()
    drain_outbox()
    return world


@pytest.mark.parametrize("query", ["chi thi 11", "11-CT/TU", "11-ct/tu", "chỉ thị 11"])
def test_search_finds_directive_11_first(indexed, client, auth, query):
    auth.login("reader")
    hits = client.get("/api/search", query_string={"q": query}).get_json()["hits"]
    assert hits[0]["symbol"] == "11-CT/TU" and hits[0]["kind"] == "document"
    page = client.get("/search", query_string={"q": query}).get_data(as_text=True)
    assert f'href="/documents/{indexed.directive.id}"' in page


def test_unit_draft_never_shows_in_another_units_search(indexed, factory, app, client, auth):
    plan = factory.plan(
        indexed.assignment, indexed.drafter, title="Dự thảo bí mật quản lý đoàn viên"
    )
    db.session.commit()
    drain_outbox()
    auth.login("other")
    result = client.get("/api/search", query_string={"q": "bi mat"}).get_json()
    assert result == {"total": 0, "hits": []}
    auth.logout()
    auth.login("drafter")
    result = client.get("/api/search", query_string={"q": "bi mat"}).get_json()
    assert [h["id"] for h in result["hits"]] == [plan.id]


def test_transition_is_indexed_after_commit(indexed, factory, client, auth):
    plan = factory.plan(indexed.assignment, indexed.drafter, title="Kế hoạch củng cố chi hội")
    fire(db.session, plan, "submit", actor=indexed.drafter)
    db.session.commit()
    drain_outbox()
    auth.login("reviewer")
    hits = client.get("/api/search", query_string={"q": "cung co chi hoi"}).get_json()["hits"]
    assert [h["id"] for h in hits if h["kind"] == "plan"] == [plan.id]


def test_search_query_is_escaped_in_the_page(indexed, client, auth):
    auth.login("reader")
    page = client.get("/search", query_string={"q": "<script>alert(1)</script>"})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.get_data(as_text=True)
