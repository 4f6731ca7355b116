"""A deadline already past (a review event due in 2020 created in 2026) is held until the
user confirms it, without JavaScript and with the form kept (issue 13, item 11). The tests'
today is 18/9/2019. (An assignment's deadline in the past is refused outright by
``documents.followup.assignments``, as before.)"""

from __future__ import annotations

import re

from documents.db import db
from documents.followup.inspections import Inspection, InspectionTask, ReviewEvent
from tests.conftest import AuthActions, csrf_from

PAST = "2019-06-30"
FUTURE = "2019-12-31"
WARNING = "Hạn 30/6/2019 đã qua (hôm nay là 18/9/2019)"


def _post(client, url: str, data: dict[str, str], form_url: str | None = None):
    token = csrf_from(client.get(form_url or url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def _token(html: str) -> str:
    match = re.search(r'name="confirm_warnings" value="([0-9a-f]+)"', html)
    assert match, "no confirmation box"
    return match.group(1)


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_review_event_due_in_the_past_is_held_until_confirmed(world, client):
    AuthActions(client).login("reviewer")
    url = f"/assignments/documents/{world.directive.id}/reviews"
    form = {"kind": "so_ket", "level": "province", "due_on": PAST, "title": "Sơ kết năm 2019"}
    held = _post(client, url, form)
    html = held.get_data(as_text=True)
    assert held.status_code == 200 and _count(ReviewEvent) == 0
    assert WARNING in html
    assert 'value="Sơ kết năm 2019"' in html and f'value="{PAST}"' in html
    assert _post(client, url, {**form, "confirm_warnings": "f" * 20}).status_code == 200
    assert _count(ReviewEvent) == 0
    saved = _post(client, url, {**form, "confirm_warnings": _token(html)})
    assert saved.status_code == 302 and _count(ReviewEvent) == 1


def test_review_event_due_later_is_created_at_once(world, client):
    AuthActions(client).login("reviewer")
    url = f"/assignments/documents/{world.directive.id}/reviews"
    form = {"kind": "tong_ket", "level": "district", "due_on": FUTURE, "title": ""}
    assert _post(client, url, form).status_code == 302
    assert _count(ReviewEvent) == 1


def test_inspection_task_deadlines_in_the_past_are_held_until_confirmed(world, client):
    AuthActions(client).login("reviewer")
    url = f"/assignments/documents/{world.directive.id}/inspections/new"
    form = {
        "unit": str(world.unit.id),
        "kind": "kiem_tra",
        "held_on": "2019-09-10",
        "team": "Đoàn kiểm tra của Ban Dân vận",
        "findings": "Đã rà soát đoàn viên.",
        "tasks": "Bổ sung danh sách",
        "tasks_due_on": PAST,
    }
    held = _post(client, url, form)
    assert held.status_code == 200 and WARNING in held.text and _count(Inspection) == 0
    saved = _post(client, url, {**form, "confirm_warnings": _token(held.text)})
    assert saved.status_code == 302 and _count(Inspection) == 1

    inspection = db.session.scalar(db.select(Inspection))
    tasks = f"/assignments/inspections/{inspection.id}/tasks"
    page = f"/assignments/inspections/{inspection.id}"
    task = {"description": "Họp chi đoàn", "due_on": PAST}
    held = _post(client, tasks, task, form_url=page)
    assert held.status_code == 200 and WARNING in held.text
    assert _count(InspectionTask) == 1
    confirmed = {**task, "confirm_warnings": _token(held.text)}
    assert _post(client, tasks, confirmed, form_url=page).status_code == 302
    assert _count(InspectionTask) == 2
