"""The deadline calendar: the month page and the iCalendar feeds behind secret links."""

from __future__ import annotations

import re
from datetime import date

from icalendar import Calendar

from documents.db import db
from documents.followup.inspections import InspectionInput, create_review_event, record_inspection
from documents.models import Assignment
from tests.conftest import csrf_from


def _feed_path(client, **form) -> str:
    token = csrf_from(client.get("/calendar/").get_data(as_text=True))
    page = client.post("/calendar/feed", data={"csrf_token": token, **form}, follow_redirects=True)
    assert page.status_code == 200, page.status_code
    match = re.search(
        r"https?://[^/]+(/calendar/feeds/[A-Za-z0-9_\-]+\.ics)", page.get_data(as_text=True)
    )
    assert match, "no calendar link shown"
    return match.group(1)


def _events(app, path: str) -> dict[str, dict]:
    response = app.test_client().get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_unit_feed_has_deadlines_reviews_and_inspection_tasks(world, app, client, auth):
    create_review_event(
        db.session, world.directive, kind="so_ket", level="district", due_on=date(2019, 12, 15)
    )
    record_inspection(
        db.session,
        world.directive,
        InspectionInput(
            world.unit.id,
            "kiem_tra",
            date(2019, 10, 1),
            "Đoàn 1",
            "Ổn",
            (("Bổ sung số liệu", date(2019, 11, 5)),),
        ),
        actor=world.reviewer,
    )
    db.session.commit()
    auth.login("drafter")
    events = _events(app, _feed_path(client))
    uid = f"assignment-{world.assignment.id}@directive-portal"
    assert uid in events
    assert f"assignment-{world.other_assignment.id}@directive-portal" not in events
    assert events[uid]["DTSTART"].dt == date(2019, 9, 30)
    assert str(events[uid]["STATUS"]) == "CONFIRMED"
    kinds = {u.split("-")[0] for u in events}
    assert kinds == {"assignment", "review", "inspection"}


def test_moved_deadline_keeps_its_uid_and_raises_its_sequence(world, app, client, auth):
    auth.login("drafter")
    path = _feed_path(client)
    uid = f"assignment-{world.assignment.id}@directive-portal"
    before = _events(app, path)[uid]
    assignment = db.session.get(Assignment, world.assignment.id)
    assignment.due_on = date(2019, 10, 15)
    db.session.commit()
    after = _events(app, path)[uid]
    assert after["DTSTART"].dt == date(2019, 10, 15)
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after["LAST-MODIFIED"].dt >= before["LAST-MODIFIED"].dt


def test_withdrawn_assignment_is_cancelled_in_the_feed(world, app, client, auth):
    auth.login("drafter")
    path = _feed_path(client)
    token = csrf_from(client.get("/calendar/").get_data(as_text=True))
    # A drafter may not withdraw.
    assert (
        client.post(
            f"/assignments/{world.assignment.id}/withdraw", data={"csrf_token": token}
        ).status_code
        == 403
    )
    auth.logout()
    auth.login("reviewer")
    token = csrf_from(client.get("/calendar/").get_data(as_text=True))
    assert client.get(f"/assignments/{world.assignment.id}/withdraw").status_code == 405
    month = client.get("/calendar/", query_string={"month": "2019-09"}).get_data(as_text=True)
    assert f'action="/assignments/{world.assignment.id}/withdraw"' in month
    done = client.post(f"/assignments/{world.assignment.id}/withdraw", data={"csrf_token": token})
    assert done.status_code == 302
    event = _events(app, path)[f"assignment-{world.assignment.id}@directive-portal"]
    assert str(event["STATUS"]) == "CANCELLED"
    month = client.get("/calendar/", query_string={"month": "2019-09"}).get_data(as_text=True)
    assert f'action="/assignments/{world.assignment.id}/withdraw"' not in month
    assert "Đã hủy" in month
    again = client.post(
        f"/assignments/{world.assignment.id}/withdraw",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert "Nhiệm vụ này đã được thu hồi trước đó." in again.get_data(as_text=True)


def test_commission_feed_covers_every_unit_and_is_refused_to_units(world, app, client, auth):
    auth.login("drafter")
    token = csrf_from(client.get("/calendar/").get_data(as_text=True))
    assert (
        client.post("/calendar/feed", data={"csrf_token": token, "scope": "commission"}).status_code
        == 403
    )
    # Nor may a drafter take the calendar of another unit.
    assert (
        client.post(
            "/calendar/feed", data={"csrf_token": token, "unit": world.other_unit.id}
        ).status_code
        == 404
    )
    auth.logout()
    auth.login("reviewer")
    events = _events(app, _feed_path(client, scope="commission"))
    assert f"assignment-{world.assignment.id}@directive-portal" in events
    assert f"assignment-{world.other_assignment.id}@directive-portal" in events


def test_revoked_calendar_token_answers_410_with_a_message(world, app, client, auth):
    auth.login("drafter")
    path = _feed_path(client)
    listing = client.get("/saved/").get_data(as_text=True)
    token_id = re.search(r"/saved/feeds/(\d+)/revoke", listing).group(1)
    client.post(f"/saved/feeds/{token_id}/revoke", data={"csrf_token": csrf_from(listing)})
    gone = app.test_client().get(path)
    assert gone.status_code == 410
    assert "đã bị thu hồi" in gone.get_data(as_text=True)
    assert app.test_client().get("/calendar/feeds/khong-co.ics").status_code == 404


def test_calendar_of_a_disabled_owner_stops(world, app, client, auth):
    auth.login("drafter")
    path = _feed_path(client)
    world.drafter.active = False
    db.session.commit()
    assert app.test_client().get(path).status_code == 410


def test_month_page_shows_the_deadlines_of_the_month(world, client, auth):
    auth.login("drafter")
    page = client.get("/calendar/", query_string={"month": "2019-09"}).get_data(as_text=True)
    assert "Hạn Kế hoạch thực hiện: 11-CT/TU — Thành ủy Rạch Giá" in page
    assert "Huyện ủy Phú Quốc" not in page
    october = client.get("/calendar/", query_string={"month": "2019-10"}).get_data(as_text=True)
    assert "11-CT/TU — Thành ủy Rạch Giá" not in october
    # A unit that is not the user's is not shown to them.
    assert client.get("/calendar/", query_string={"unit": world.other_unit.id}).status_code == 404
    assert client.get("/calendar/", query_string={"month": "gibberish"}).status_code == 200


def test_a_withdrawn_assignment_is_not_reminded(app, world):
    from documents.followup.deadlines import withdraw_assignment
    from documents.notifications import Notification

    withdraw_assignment(db.session, db.session.get(Assignment, world.assignment.id))
    db.session.commit()
    app.config["FIXED_TODAY"] = date(2019, 9, 25)  # five days before both deadlines
    result = app.test_cli_runner().invoke(args=["remind"], catch_exceptions=False)
    assert result.exit_code == 0
    reminded = db.session.scalars(db.select(Notification.unit_id).filter_by(kind="reminder")).all()
    assert reminded == [world.other_unit.id]
