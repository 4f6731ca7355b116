"""The page cache (issue 19): a page is shown again only to the session it was rendered
for, and never once anything in the database changed."""

from __future__ import annotations

import re

from flask import get_flashed_messages
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents.db import db, write_intent
from documents.models import OrgUnit, Plan, UserRole
from documents.revision import current_revision
from portal import create_app
from portal.config import build_config
from portal.page_cache import PageCache
from tests.conftest import AuthActions
from tests.fixtures.statements import counted_statements
from workflows.engine import fire

TOKEN = re.compile(r'(name="csrf_token"[^>]*value=")[^"]*"')


def _logged_in(app, username: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    AuthActions(client).login(username)
    client.get("/")  # the greeting shown (a flash message: pages with one are not kept)
    return client


def _body(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_page_seen_again_comes_from_the_cache_until_anything_changes(world, factory, client):
    plan = factory.plan(world.assignment, world.drafter, title="Kế hoạch số một")
    db.session.commit()
    path = f"/plans/{plan.id}"
    AuthActions(client).login("drafter")
    assert "Xin chào" in _body(client.get(path))  # the greeting: not kept
    first = _body(client.get(path))
    assert "Xin chào" not in first
    with counted_statements(rendered=False) as statements:
        again = _body(client.get(path))
    assert again == first
    # the signed-in user (with roles) and the data revision: nothing of the page
    selects = [s for s in statements if s.startswith("SELECT")]
    assert len(selects) == 1 and "data_revision" in selects[0] and "user_role" in selects[0]

    plan.title = "Kế hoạch số hai"
    db.session.commit()
    changed = _body(client.get(f"/plans/{plan.id}"))
    assert "Kế hoạch số hai" in changed and "Kế hoạch số một" not in changed


def test_the_revision_changes_with_every_write_and_only_then(app, world, factory):
    session = db.session
    session.commit()
    start = current_revision(session)
    session.commit()
    assert current_revision(session) == start  # a transaction that only read

    with write_intent():
        world.directive.title = "Tên mới"
        session.rollback()  # written, then undone
        assert current_revision(session) == start
        world.directive.title = "Tên mới"
        session.commit()  # committed unflushed: commit flushes after its hook
        second = current_revision(session)
        assert second != start
        session.execute(db.update(Plan).values(title="Tiêu đề"))  # a statement, no objects
        session.commit()
        third = current_revision(session)
        assert third != second
        session.execute(db.text("UPDATE org_unit SET name = name"))
        session.commit()
        assert current_revision(session) != third
        fourth = current_revision(session)
        session.execute(db.text("SELECT count(*) FROM org_unit"))
        session.commit()
        assert current_revision(session) == fourth


def test_the_revision_is_the_last_row_a_transaction_writes(app, world):
    """Written before the transaction's other pending rows, its row lock would be held
    while they wait for other writers' locks, and those writers wait for it at commit."""
    db.session.commit()
    with write_intent(), counted_statements(rendered=False) as statements:
        world.directive.title = "Tên mới"  # pending, not flushed: commit flushes it
        db.session.commit()
    writes = [s for s in statements if s.startswith(("UPDATE", "INSERT", "DELETE"))]
    assert len(writes) == 2 and writes[-1].startswith("UPDATE data_revision")


def test_a_reindex_gives_the_data_a_new_revision(app, world):
    """The index is read by the search page; a rebuilt one may answer differently."""
    runner = app.test_cli_runner()
    assert runner.invoke(args=["reindex"]).exit_code == 0  # the outbox emptied
    db.session.commit()
    before = current_revision(db.session)
    db.session.commit()
    assert runner.invoke(args=["reindex"]).exit_code == 0  # nothing else to write
    assert current_revision(db.session) != before


def test_another_user_or_session_never_gets_the_page(app, world, factory):
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    head, drafter = _logged_in(app, "head"), _logged_in(app, "drafter")
    as_head = _body(head.get(f"/plans/{plan.id}"))
    as_drafter = _body(drafter.get(f"/plans/{plan.id}"))
    assert "Người dùng head" in as_head and "Người dùng head" not in as_drafter
    assert "Người dùng drafter" in as_drafter

    # A second session of the same user gets a page whose forms carry its own token: a
    # transition sent from it is accepted.
    second = _logged_in(app, "drafter")
    html = _body(second.get(f"/plans/{plan.id}"))
    token = TOKEN.search(html)
    assert token is not None
    value = token.group(0).rsplit('value="', 1)[1].rstrip('"')
    response = second.post(
        f"/plans/{plan.id}/transitions/submit",
        data={"csrf_token": value, "version": plan.version, "comment": ""},
    )
    assert response.status_code == 302
    assert db.session.get(Plan, plan.id).state == "submitted"


def test_a_flash_message_is_shown_once_not_kept_with_the_page(app, world, factory, client):
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    AuthActions(client).login("drafter")
    path = f"/plans/{plan.id}"
    assert "Một thông báo thử" not in _body(client.get(path))  # kept without the message
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Một thông báo thử")]
    assert "Một thông báo thử" in _body(client.get(path))
    assert "Một thông báo thử" not in _body(client.get(path))
    with client.session_transaction() as session:
        assert "_flashes" not in session
    with app.test_request_context():
        assert get_flashed_messages() == []


def test_a_reader_who_loses_the_role_loses_the_page(app, world, factory, client):
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    AuthActions(client).login("drafter")
    path = f"/plans/{plan.id}"
    client.get(path)
    assert client.get(path).status_code == 200  # kept
    world.drafter.unit = world.other_unit  # moved to another unit, with the role
    db.session.execute(
        db.update(UserRole).filter_by(user_id=world.drafter.id).values(unit_id=world.other_unit.id)
    )
    db.session.commit()
    assert client.get(path).status_code in (403, 404)


def test_the_language_is_part_of_the_key(app, world, client):
    AuthActions(client).login("reviewer")
    client.get("/")  # the greeting
    vietnamese = _body(client.get("/"))
    with client.session_transaction() as session:
        session["lang"] = "en"
    english = _body(client.get("/"))
    assert english != vietnamese and 'lang="en"' in english


def test_the_store_keeps_to_its_budget_and_forgets_pages_after_their_time():
    now = [0.0]
    store = PageCache(max_bytes=10, seconds=300, clock=lambda: now[0])
    store.put(("a",), "12345")
    store.put(("b",), "12345")
    store.put(("c",), "123")  # over the budget: the least recently used page goes
    assert store.get(("a",)) is None and store.get(("b",)) == "12345"
    store.put(("big",), "x" * 11)  # larger than the whole budget: not kept
    assert store.get(("big",)) is None and store.get(("c",)) == "123"
    now[0] = 301.0
    assert store.get(("b",)) is None and store.get(("c",)) is None


def test_no_page_is_kept_when_the_cache_is_off(app, tmp_path):
    assert build_config(str(tmp_path), {"PAGE_CACHE": "0"})["PAGE_CACHE"] is False
    assert build_config(str(tmp_path), None)["PAGE_CACHE"] is True
    uncached = create_app({**app.config, "PAGE_CACHE": "off"})
    assert "portal_page_cache" not in uncached.extensions


PAGES = ("/", "plan", "document", "matrix", "/inbox/", "/search?q=chi+thi")


def _normalised(html: str) -> str:
    return TOKEN.sub(r'\1…"', html)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.one_of(
            st.tuples(
                st.just("view"),
                st.tuples(
                    st.sampled_from(("drafter", "reviewer", "other")), st.sampled_from(PAGES)
                ),
            ),
            st.tuples(st.just("rename"), st.sampled_from(("Kế hoạch A", "Kế hoạch B"))),
            st.tuples(st.just("move"), st.sampled_from(("unit", "other_unit"))),
            st.tuples(st.just("submit"), st.none()),
        ),
        min_size=1,
        max_size=10,
    )
)
def test_every_page_served_equals_the_page_rendered_afresh(app, world, factory, steps):
    """After any sequence of views and changes, what a user is served (from the cache or
    not) is what the portal renders for them at that moment."""
    if not hasattr(world, "clients"):
        world.plan = factory.plan(world.assignment, world.drafter)
        db.session.commit()
        world.clients = {name: _logged_in(app, name) for name in ("drafter", "reviewer", "other")}
    paths = {
        "plan": f"/plans/{world.plan.id}",
        "document": f"/documents/{world.directive.id}",
        "matrix": f"/assignments/documents/{world.directive.id}/coverage",
    }
    for action, argument in steps:
        plan = db.session.get(Plan, world.plan.id)
        if action == "view":
            name, page = argument
            client, path = world.clients[name], paths.get(page, page)
            served = client.get(path)
            with counted_statements():  # the page cache set aside: a fresh render
                fresh = client.get(path)
            assert served.status_code == fresh.status_code
            assert _normalised(served.get_data(as_text=True)) == _normalised(
                fresh.get_data(as_text=True)
            )
        elif action == "rename":
            plan.title = argument
            db.session.commit()
        elif action == "move":
            other = db.session.get(type(world.other_drafter), world.other_drafter.id)
            unit = db.session.get(OrgUnit, getattr(world, argument).id)
            other.unit = unit
            for role in other.roles:
                role.unit = unit
            db.session.commit()
        elif action == "submit" and plan.state == "drafted":
            fire(db.session, plan, "submit", actor=world.drafter)
            db.session.commit()
