"""The inbox page: the newest notifications a page at a time, each marked read from the
page it is on, and "mark all read" reaching the notifications of every page."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from documents.db import db
from documents.followup.inspections import create_review_event
from documents.notifications import Notification
from portal.listing import PAGE_SIZE
from tests.conftest import AuthActions, csrf_from
from tests.fixtures.statements import counted_statements

START = datetime(2019, 9, 1, 7, 0)


def _fill(session, unit, count, *, read=0):
    """``count`` notifications to ``unit``, "Thông báo 000" the oldest, one a minute; the
    oldest ``read`` of them already read."""
    session.add_all(
        Notification(
            unit_id=unit.id,
            kind="urging",
            subject=f"Thông báo {n:03d}",
            created_at=START + timedelta(minutes=n),
            read_at=START + timedelta(days=1) if n < read else None,
        )
        for n in range(count)
    )
    session.commit()


def _subjects(html):
    return re.findall(r"Thông báo (\d{3})", html)


def test_the_inbox_shows_the_newest_page_and_links_to_older_ones(world, session, client):
    total = 2 * PAGE_SIZE + 5
    _fill(session, world.unit, total)
    AuthActions(client).login("drafter")
    first = client.get("/inbox/").get_data(as_text=True)
    newest = [f"{n:03d}" for n in range(total - 1, total - 1 - PAGE_SIZE, -1)]
    assert _subjects(first) == newest
    assert "trang 1/3" in first and "Trang sau →" in first and "← Trang trước" not in first
    assert 'href="/inbox/?page=2" rel="next"' in first
    second = client.get("/inbox/?page=2").get_data(as_text=True)
    assert _subjects(second) == [f"{n:03d}" for n in range(total - 1 - PAGE_SIZE, 4, -1)]
    assert 'href="/inbox/" rel="prev"' in second and 'href="/inbox/?page=3"' in second
    last = client.get("/inbox/?page=3").get_data(as_text=True)
    assert _subjects(last) == ["004", "003", "002", "001", "000"]
    assert "Trang sau →" not in last


def test_a_page_beyond_the_last_shows_the_last_page_and_a_bad_one_the_first(world, session, client):
    _fill(session, world.unit, PAGE_SIZE + 3)
    AuthActions(client).login("drafter")
    beyond = client.get("/inbox/?page=99")
    assert beyond.status_code == 200
    assert _subjects(beyond.get_data(as_text=True)) == ["002", "001", "000"]
    assert "trang 2/2" in beyond.get_data(as_text=True)
    for bad in ("0", "-3", "abc", ""):
        page = client.get(f"/inbox/?page={bad}")
        assert page.status_code == 200, bad
        assert "trang 1/2" in page.get_data(as_text=True), bad


def test_a_short_inbox_has_no_page_links(world, session, client):
    _fill(session, world.unit, 3)
    AuthActions(client).login("drafter")
    page = client.get("/inbox/").get_data(as_text=True)
    assert _subjects(page) == ["002", "001", "000"]
    assert "Trang sau →" not in page and "trang 1/1" not in page


def test_marking_one_read_returns_to_the_page_it_was_on(world, session, client):
    _fill(session, world.unit, PAGE_SIZE + 3)
    AuthActions(client).login("head")
    page = client.get("/inbox/?page=2").get_data(as_text=True)
    oldest = session.scalar(db.select(Notification).filter_by(subject="Thông báo 000"))
    action = f"/inbox/{oldest.id}/read?page=2"
    assert f'action="{action}"' in page
    response = client.post(action, data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302 and response.location == "/inbox/?page=2"
    session.expire_all()
    read = session.get(Notification, oldest.id)
    assert read.read_at is not None and read.read_by_id == world.head.id
    after = client.get("/inbox/?page=2").get_data(as_text=True)
    assert f"Đã đọc: {world.head.full_name}" in after
    assert after.count("Đánh dấu đã đọc") == 2  # the two others of the page


def test_a_read_notification_on_the_first_page_returns_to_the_inbox_itself(world, session, client):
    _fill(session, world.unit, 1)
    AuthActions(client).login("drafter")
    page = client.get("/inbox/").get_data(as_text=True)
    (note,) = session.scalars(db.select(Notification))
    response = client.post(f"/inbox/{note.id}/read", data={"csrf_token": csrf_from(page)})
    assert response.location == "/inbox/"


def test_mark_all_read_reaches_every_page_and_only_the_readers_notifications(
    world, session, client
):
    _fill(session, world.unit, 205, read=2)
    _fill(session, world.other_unit, 4)
    AuthActions(client).login("drafter")
    page = client.get("/inbox/?page=3").get_data(as_text=True)
    response = client.post("/inbox/read-all", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302 and response.location == "/inbox/"
    assert "Đã đánh dấu 203 thông báo là đã đọc." in client.get("/inbox/").get_data(as_text=True)
    session.expire_all()
    notes = list(session.scalars(db.select(Notification)))
    mine = [n for n in notes if n.unit_id == world.unit.id]
    assert all(n.read_at is not None for n in mine)
    assert {n.read_by_id for n in mine} == {None, world.drafter.id}  # the two read before
    assert all(n.read_at is None for n in notes if n.unit_id == world.other_unit.id)


def test_a_notification_links_to_its_plan_or_to_drafting_one(world, factory, session, client):
    plan = factory.plan(world.assignment, world.drafter)
    other = factory.assignment(factory.document(symbol="12-CT/TU", number=12), world.unit)
    session.add_all(
        [
            Notification(unit_id=world.unit.id, kind="returned", subject="Có kế hoạch",
                         assignment_id=world.assignment.id, plan_id=plan.id),
            Notification(unit_id=world.unit.id, kind="assignment", subject="Chưa có kế hoạch",
                         assignment_id=other.id),
        ]
    )  # fmt: skip
    session.commit()
    AuthActions(client).login("drafter")
    page = client.get("/inbox/").get_data(as_text=True)
    assert f'<a href="/plans/{plan.id}">Mở kế hoạch</a>' in page
    assert f'<a href="/plans/new?assignment={other.id}">Soạn kế hoạch</a>' in page


def test_the_units_and_the_users_own_notifications_interleave_by_time_across_pages(
    world, session, client
):
    """Each page merges the newest of the unit's and of the user's own (read separately
    from their indexes), so the order holds on every page, and a notification addressed
    to both the unit and the user shows once."""
    count = 2 * PAGE_SIZE + 4
    session.add_all(
        Notification(
            unit_id=world.unit.id if n % 3 else None,
            user_id=world.drafter.id if n % 3 != 1 else None,  # n % 3 == 2: both
            kind="urging",
            subject=f"Thông báo {n:03d}",
            created_at=START + timedelta(minutes=n),
        )
        for n in range(count)
    )
    session.add(
        Notification(user_id=world.head.id, kind="urging", subject="Thông báo 999",
                     created_at=START + timedelta(days=9))
    )  # fmt: skip
    session.commit()
    AuthActions(client).login("drafter")
    shown = []
    for page in (1, 2, 3):
        shown += _subjects(client.get(f"/inbox/?page={page}").get_data(as_text=True))
    assert shown == [f"{n:03d}" for n in range(count - 1, -1, -1)]


def _statements(client, path):
    with counted_statements() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def test_the_inbox_statements_do_not_grow_with_review_events_and_notifications(
    world, factory, session, client
):
    create_review_event(session, world.directive, kind="so_ket", level="district",
                        due_on=date(2019, 12, 1))  # fmt: skip
    _fill(session, world.unit, 2, read=1)
    AuthActions(client).login("drafter")
    client.get("/inbox/")  # warm: first-request work aside
    few = _statements(client, "/inbox/")
    for n in range(4):
        document = factory.document(symbol=f"{20 + n}-CT/TU", number=20 + n)
        factory.assignment(document, world.unit)
        create_review_event(session, document, kind="so_ket", level="district",
                            due_on=date(2019, 12, 1))  # fmt: skip
    session.commit()
    _fill(session, world.unit, PAGE_SIZE, read=PAGE_SIZE // 2)
    page = client.get("/inbox/").get_data(as_text=True)
    assert page.count("gửi báo cáo") == 5
    assert _statements(client, "/inbox/") == few


def test_the_inbox_page_has_each_element_id_once(world, session, client):
    """Each unread notification has its own form with the CSRF token, not one more
    element with the id of the token field."""
    _fill(session, world.unit, 5)
    AuthActions(client).login("drafter")
    page = client.get("/inbox/").get_data(as_text=True)
    assert page.count("Đánh dấu đã đọc") == 5
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
