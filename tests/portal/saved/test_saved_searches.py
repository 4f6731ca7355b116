"""Saved searches: saving from the search page, sharing, alerts when the index takes in a
new matching object, and the Atom feed behind a revocable secret link."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from documents.db import db
from documents.models import Document
from documents.notifications import Notification
from documents.saved_searches import SavedSearch, SavedSearchHit, save_search
from portal.indexing import drain_outbox
from search_index.facets import SearchFilters
from search_index.whoosh.alerts import StandingQuery, matches
from tests.conftest import csrf_from
from workflows.engine import fire


def _save(
    client, q: str, name: str = "Dân vận", shared_with: str = "private", unit: int = 0, **filters
):
    form = client.get("/saved/new?" + urlencode({"q": q, **filters}))
    html = form.get_data(as_text=True)
    arguments = re.search(r'name="arguments" type="hidden" value="([^"]*)"', html)
    arguments = arguments or re.search(
        r'id="arguments" name="arguments" type="hidden" value="([^"]*)"', html
    )
    return client.post(
        "/saved/new",
        data={
            "csrf_token": csrf_from(html),
            "name": name,
            "q": q,
            "arguments": arguments.group(1).replace("&amp;", "&") if arguments else "",
            "shared_with": shared_with,
            "share_unit_id": unit,
        },
    )


def _new_document(factory, title: str, number: int, doc_type: str = "CT", state: str = "published"):
    doc = factory.document(
        f"{number}-{doc_type}/TU", title, body="Văn bản mới.", doc_type=doc_type, number=number
    )
    doc.state = state
    db.session.commit()
    drain_outbox()
    return doc


def _alerts() -> list[Notification]:
    return list(db.session.scalars(db.select(Notification).filter_by(kind="saved_search")))


def test_search_page_offers_to_save_the_search_with_its_filters(world, client, auth):
    auth.login("reader")
    page = client.get("/search", query_string={"q": "dân vận", "type": "CT"}).get_data(as_text=True)
    assert "/saved/new?" in page and "type=CT" in page
    assert _save(client, "dân vận", type="CT").status_code == 302
    saved = db.session.scalar(db.select(SavedSearch))
    assert saved.query == "dân vận" and saved.args == {"q": "dân vận", "type": "CT"}
    listing = client.get("/saved/").get_data(as_text=True)
    assert "Dân vận" in listing
    run = client.get(f"/saved/{saved.id}")
    assert run.status_code == 302 and "type=CT" in run.headers["Location"]


def test_query_the_parser_rejects_is_refused_with_the_form_kept(world, client, auth):
    auth.login("reader")
    response = _save(client, "!!! ???", name="Tên tôi chọn")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "không có từ, con số hay ký hiệu nào để tìm" in html
    assert 'value="Tên tôi chọn"' in html and "!!! ???" in html
    assert db.session.scalar(db.select(db.func.count()).select_from(SavedSearch)) == 0


def test_new_matching_document_raises_one_alert_in_the_owners_unit(world, factory, client, auth):
    auth.login("reader")
    assert _save(client, "dân vận").status_code == 302
    doc = _new_document(factory, "Về công tác dân vận ở khu dân cư", 12)
    _new_document(factory, "Về quản lý tài chính đảng", 13)  # does not match
    alerts = _alerts()
    assert len(alerts) == 1 and alerts[0].unit_id == world.reader.unit_id
    inbox = client.get("/inbox/").get_data(as_text=True)
    assert "Tìm kiếm đã lưu «Dân vận» có 1 kết quả mới" in inbox
    # Edited and indexed again: the same object is not announced twice.
    doc.title = "Về công tác dân vận ở khu dân cư (sửa)"
    factory.session.add(doc)
    from documents.models import enqueue_index

    enqueue_index(db.session, "document", doc.id)
    db.session.commit()
    drain_outbox()
    assert len(_alerts()) == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(SavedSearchHit)) == 1


def test_old_documents_and_ones_the_owner_may_not_read_raise_no_alert(world, factory, client, auth):
    old = factory.document("20-CT/TU", "Công tác dân vận năm trước", doc_type="CT", number=20)
    db.session.commit()
    drain_outbox()
    auth.login("reader")
    _save(client, "dân vận")
    from documents.models import enqueue_index

    enqueue_index(db.session, "document", old.id)  # edited after the search was saved
    db.session.commit()
    drain_outbox()
    _new_document(factory, "Dự thảo công tác dân vận", 21, state="draft")
    assert _alerts() == []


def test_filters_of_the_saved_search_narrow_its_alerts(world, factory, client, auth):
    auth.login("reader")
    _save(client, "dân vận", type="NQ")
    _new_document(factory, "Chỉ thị về công tác dân vận", 30, doc_type="CT")
    assert _alerts() == []
    _new_document(factory, "Nghị quyết về công tác dân vận", 31, doc_type="NQ")
    assert len(_alerts()) == 1


def test_only_the_changed_objects_are_matched(world, factory):
    doc = factory.document("40-CT/TU", "Về công tác dân vận", doc_type="CT", number=40)
    other = factory.document("41-CT/TU", "Về tài chính", doc_type="CT", number=41)
    query = StandingQuery(7, "dân vận", SearchFilters(), frozenset({"authenticated"}))
    assert matches([doc, other], [query]) == {7: [("document", doc.id)]}
    assert matches([other], [query]) == {}
    closed = StandingQuery(8, "dân vận", SearchFilters(), frozenset({"unit:999"}))
    assert matches([doc], [closed]) == {}


def test_sharing_with_a_unit_or_everyone(world, factory, client, auth, app):
    owner = world.drafter
    unit_search = save_search(
        db.session, owner, "Của đơn vị", "đoàn viên", {}, "unit", world.unit.id
    )
    private = save_search(db.session, owner, "Riêng tôi", "hội viên", {})
    everyone = save_search(db.session, owner, "Cho mọi người", "chi hội", {}, "all")
    db.session.commit()
    auth.login("head")  # same unit
    listing = client.get("/saved/").get_data(as_text=True)
    assert "Của đơn vị" in listing and "Cho mọi người" in listing and "Riêng tôi" not in listing
    assert client.get(f"/saved/{private.id}").status_code == 404
    assert client.get(f"/saved/{unit_search.id}").status_code == 302
    # Only the owner deletes.
    token = csrf_from(listing)
    assert (
        client.post(f"/saved/{everyone.id}/delete", data={"csrf_token": token}).status_code == 404
    )
    auth.logout()
    auth.login("other")
    listing = client.get("/saved/").get_data(as_text=True)
    assert "Cho mọi người" in listing and "Của đơn vị" not in listing
    assert client.get(f"/saved/{unit_search.id}").status_code == 404


def test_owner_deletes_a_saved_search(world, client, auth):
    auth.login("reader")
    _save(client, "dân vận")
    saved = db.session.scalar(db.select(SavedSearch))
    token = csrf_from(client.get("/saved/").get_data(as_text=True))
    assert client.post(f"/saved/{saved.id}/delete", data={}).status_code == 400
    assert client.post(f"/saved/{saved.id}/delete", data={"csrf_token": token}).status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(SavedSearch)) == 0


def _feed_path(client, saved_id: int) -> str:
    token = csrf_from(client.get("/saved/").get_data(as_text=True))
    made = client.post(f"/saved/{saved_id}/feed", data={"csrf_token": token})
    assert made.status_code == 302
    page = client.get(made.headers["Location"]).get_data(as_text=True)
    # Shown once: reloading the page does not show it (nor make another).
    reloaded = client.get("/saved/link", follow_redirects=True).get_data(as_text=True)
    assert ".atom" not in reloaded
    match = re.search(r"https?://[^/]+(/saved/feeds/[A-Za-z0-9_\-]+\.atom)", page)
    assert match, "no feed link shown"
    return match.group(1)


def test_atom_feed_lists_new_matches_and_stops_after_revocation(world, factory, client, auth, app):
    auth.login("reader")
    _save(client, "dân vận")
    saved = db.session.scalar(db.select(SavedSearch))
    path = _feed_path(client, saved.id)
    _new_document(factory, "Về công tác dân vận <script>alert(1)</script>", 50)
    reader_app = app.test_client()  # a feed reader: no login
    feed = reader_app.get(path)
    assert feed.status_code == 200
    assert feed.headers["Content-Type"].startswith("application/atom+xml")
    body = feed.get_data(as_text=True)
    assert "<feed" in body and "&lt;script&gt;" in body and "<script>" not in body
    assert "urn:directive-portal:document:" in body
    assert reader_app.get(path.replace(".atom", "x.atom")).status_code == 404

    listing = client.get("/saved/").get_data(as_text=True)
    token_id = re.search(r"/saved/feeds/(\d+)/revoke", listing).group(1)
    client.post(f"/saved/feeds/{token_id}/revoke", data={"csrf_token": csrf_from(listing)})
    gone = reader_app.get(path)
    assert gone.status_code == 410
    assert "đã bị thu hồi" in gone.get_data(as_text=True)


def test_feed_drops_objects_the_owner_may_no_longer_read(world, factory, client, auth, app):
    auth.login("reader")
    _save(client, "dân vận")
    saved = db.session.scalar(db.select(SavedSearch))
    path = _feed_path(client, saved.id)
    doc = _new_document(factory, "Về công tác dân vận cơ sở", 60)
    assert "cơ sở" in app.test_client().get(path).get_data(as_text=True)
    db.session.get(Document, doc.id).state = "archived"
    db.session.commit()
    assert "cơ sở" not in app.test_client().get(path).get_data(as_text=True)


@pytest.mark.parametrize("bad", ["", "x" * 300])
def test_feed_secrets_that_are_not_tokens_answer_404(world, app, bad):
    assert app.test_client().get(f"/saved/feeds/{bad}.atom").status_code == 404


def test_a_plan_is_announced_to_the_commission_once_it_may_read_it(world, factory, client, auth):
    auth.login("reviewer")
    assert _save(client, "chi hội", name="Kế hoạch chi hội", kind="plan").status_code == 302
    plan = factory.plan(world.assignment, world.drafter, title="Kế hoạch củng cố chi hội")
    db.session.commit()
    drain_outbox()
    assert _alerts() == []  # a draft is the unit's own business
    fire(db.session, plan, "submit", actor=world.drafter, comment="Gửi Ban.")
    db.session.commit()
    drain_outbox()
    alerts = _alerts()
    assert len(alerts) == 1 and alerts[0].unit_id == world.commission.id
    hit = db.session.scalar(db.select(SavedSearchHit))
    assert (hit.kind, hit.object_id) == ("plan", plan.id)
