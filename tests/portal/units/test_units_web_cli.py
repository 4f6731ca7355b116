"""The units pages (lineage timeline, the administrator's reorganisation page) and the
``flask units reorganise`` command."""

from __future__ import annotations

import json
from datetime import date

from documents.db import db
from documents.models import OrgUnit
from documents.unit_history import UnitEvent
from tests.conftest import csrf_from

TODAY = date(2025, 7, 2)


def _today(app):
    app.config["FIXED_TODAY"] = TODAY


def _form(client, **fields):
    page = client.get("/units/reorganise")
    data = {
        "csrf_token": csrf_from(page.get_data(as_text=True)),
        "kind": "merge",
        "effective_on": "2025-07-01",
        "basis": "11-CT/TU",
        "existing_target": "",
        "parent": "",
        "kind_of_new": "",
        "new_units": "",
        "note": "",
    }
    data.update(fields)
    return data


def test_admin_previews_then_applies_a_merge_and_sees_the_timeline(app, world, client, auth):
    _today(app)
    auth.login("admin")
    data = _form(
        client,
        sources=["thanhuy-rachgia", "huyenuy-phuquoc"],
        new_units="dangbo-rg | Đảng ủy phường Rạch Giá",
    )
    shown = client.post("/units/reorganise", data={**data, "action": "preview"})
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "Nhiệm vụ được giao: 2" in page
    assert db.session.scalar(db.select(UnitEvent)) is None
    done = client.post("/units/reorganise", data={**data, "action": "apply"})
    assert done.status_code == 302
    unit = db.session.scalar(db.select(OrgUnit).filter_by(code="dangbo-rg"))
    timeline = client.get(f"/units/{unit.id}").get_data(as_text=True)
    assert "Hợp nhất" in timeline and "Thành ủy Rạch Giá" in timeline and "11-CT/TU" in timeline
    old = client.get(f"/units/{world.unit.id}").get_data(as_text=True)
    assert "Nay là:" in old and "Đảng ủy phường Rạch Giá" in old


def test_bad_event_in_the_browser_is_refused_with_the_form_kept(app, world, client, auth):
    _today(app)
    auth.login("admin")
    data = _form(client, sources=["thanhuy-rachgia"], existing_target="thanhuy-rachgia")
    answer = client.post("/units/reorganise", data={**data, "action": "apply"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "vào chính nó" in page
    assert 'value="11-CT/TU"' in page
    assert world.unit.valid_to is None


def test_only_administrators_reorganise(app, world, client, auth):
    auth.login("reviewer")
    assert client.get("/units/reorganise").status_code == 403
    assert client.post("/units/reorganise", data={}).status_code in (400, 403)


def test_command_previews_then_applies_a_json_description(app, world, tmp_path):
    _today(app)
    path = tmp_path / "events.json"
    description = {
        "events": [
            {
                "kind": "merge",
                "effective_on": "2025-07-01",
                "basis": "11-CT/TU",
                "from": ["tinhuy"],
                "to": [{"code": "tinhuy-ag", "name": "Tỉnh ủy An Giang"}],
            },
            {
                "kind": "merge",
                "effective_on": "2025-07-01",
                "basis": "11-CT/TU",
                "from": ["thanhuy-rachgia"],
                "to": [
                    {"code": "phuong-rg", "name": "Đảng ủy phường Rạch Giá", "parent": "tinhuy-ag"}
                ],
            },
        ]
    }
    path.write_text(json.dumps(description, ensure_ascii=False), encoding="utf-8")
    runner = app.test_cli_runner()
    shown = runner.invoke(args=["units", "reorganise", str(path)])
    assert shown.exit_code == 0, shown.output
    assert "Nhiệm vụ được giao: 1" in shown.output and "--apply" in shown.output
    assert db.session.scalar(db.select(OrgUnit).filter_by(code="tinhuy-ag")) is None
    done = runner.invoke(args=["units", "reorganise", str(path), "--apply"])
    assert done.exit_code == 0, done.output
    commune = db.session.scalar(db.select(OrgUnit).filter_by(code="phuong-rg"))
    assert commune.parent.code == "tinhuy-ag"
    again = runner.invoke(args=["units", "reorganise", str(path), "--apply"])
    assert again.exit_code != 0 and "đã được áp dụng" in again.output


def test_plan_page_shows_its_move_by_the_event(app, world, factory, client, auth):
    _today(app)
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    auth.login("admin")
    data = _form(
        client, sources=["thanhuy-rachgia"], new_units="phuong-rg | Đảng ủy phường Rạch Giá"
    )
    assert client.post("/units/reorganise", data={**data, "action": "apply"}).status_code == 302
    auth.logout()
    auth.login("drafter")  # the drafter's account moved with the unit
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "từ Thành ủy Rạch Giá sang Đảng ủy phường Rạch Giá" in page
    assert "Người dùng admin" in page
