"""Names as of the date: a document shows its issuer as named when it was issued and its
successor today, and search finds it by the old and the new name."""

from __future__ import annotations

from datetime import date

from documents.db import db
from tests.fixtures.reorganisation import _merge_province


def test_document_shows_its_issuer_then_and_now(app, world, factory, session, client, auth):
    app.config["FIXED_TODAY"] = date(2025, 7, 2)
    _merge_province(world, factory, session)
    auth.login("reader")
    page = client.get(f"/documents/{world.directive.id}").get_data(as_text=True)
    assert "Tỉnh ủy Kiên Giang — nay là Tỉnh ủy An Giang" in page
    assert "TỈNH ỦY KIÊN GIANG" in page  # the header stays as issued
    assert world.directive.symbol == "11-CT/TU"


def test_document_page_before_the_change_shows_no_successor(
    app, world, factory, session, client, auth
):
    _merge_province(world, factory, session)  # the portal's clock: 2019
    auth.login("reader")
    page = client.get(f"/documents/{world.directive.id}").get_data(as_text=True)
    assert "nay là" not in page


def test_search_finds_the_document_by_old_and_new_issuer_names(
    app, world, factory, session, client, auth
):
    _merge_province(world, factory, session)
    auth.login("reader")
    for query in ("tinh uy an giang", "Tỉnh ủy Kiên Giang", "An Giang"):
        page = client.get("/search", query_string={"q": query}).get_data(as_text=True)
        assert f'href="/documents/{world.directive.id}"' in page, query
    assert (
        db.session.get(type(world.directive), world.directive.id).issuer.name
        == "Tỉnh ủy Kiên Giang"
    )
