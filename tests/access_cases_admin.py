"""Who may use the administration, the saved searches and the calendar (issue 17): the
cases of the site-wide access matrix (``test_access_matrix_site``)."""

from __future__ import annotations

import itertools

from tests.access_scenes import (
    DONE,
    FOLLOW_UP_ACT,
    FOLLOW_UP_READ,
    OK_GET,
    Case,
    everyone,
    signed_in,
)

NEW_PASSWORD = "mot cau rat dai ve chi doan khu dan cu 2019"
_serial = itertools.count(1)


def admin_only(ok: int):
    def expected(rules, role, scene) -> int:
        if role == "anonymous":
            return DONE
        return ok if rules.may(role, ("admin",)) else 404

    return expected


def reader_owns(ok: int):
    """The reader owns the scene's saved search and its Atom link; others are told 404."""
    return lambda rules, role, scene: (
        DONE if role == "anonymous" else ok if role == "reader" else 404
    )


def withdraws(rules, role, scene) -> int:
    unit = scene.open_assignment.unit_id
    if role == "anonymous" or rules.may(role, FOLLOW_UP_ACT):
        return DONE
    if rules.may(role, FOLLOW_UP_READ) or rules.may(role, ("unit:{unit}",), unit):
        return 403
    return 404


def _user(s) -> str:
    return f"/admin/users/{s.extras['spare_id']}"


def _unit_data(s) -> dict:
    return {
        "code": f"don-vi-{next(_serial)}",
        "name": f"Đơn vị thử {next(_serial)}",
        "short_name": "Thử",
        "kind": "district_committee",
        "level": "district",
        "parent_id": 0,
    }


CASES = [
    Case("admin.users", "GET", lambda s: "/admin/users", admin_only(OK_GET)),
    Case("admin.new_user", "GET", lambda s: "/admin/users/new", admin_only(OK_GET)),
    Case("admin.new_user", "POST", lambda s: "/admin/users/new", admin_only(DONE),
         lambda s: {"username": f"moi{next(_serial)}", "full_name": "Người Mới",
                    "unit_id": s.other_unit_id, "role": "reader"}),
    Case("admin.user", "GET", _user, admin_only(OK_GET)),
    Case("admin.reset_link", "GET", lambda s: _user(s) + "/link", admin_only(OK_GET)),
    Case("admin.reset_user_password", "POST", lambda s: _user(s) + "/reset", admin_only(DONE)),
    Case("admin.add_user_role", "POST", lambda s: _user(s) + "/roles", admin_only(DONE),
         lambda s: {"unit_id": s.other_unit_id, "role": "drafter"}),
    Case("admin.remove_user_role", "POST",
         lambda s: f"{_user(s)}/roles/{s.extras['spare_role_id']}/delete", admin_only(DONE),
         changes=False),
    Case("admin.units", "GET", lambda s: "/admin/units", admin_only(OK_GET)),
    Case("admin.new_unit", "GET", lambda s: "/admin/units/new", admin_only(OK_GET)),
    Case("admin.new_unit", "POST", lambda s: "/admin/units/new", admin_only(DONE), _unit_data),
    Case("admin.edit_unit", "GET", lambda s: f"/admin/units/{s.other_unit_id}", admin_only(OK_GET)),
    Case("admin.edit_unit", "POST", lambda s: f"/admin/units/{s.other_unit_id}", admin_only(DONE),
         lambda s: {**_unit_data(s), "code": "huyenuy-phuquoc", "kind": "district_committee"}),
    Case("admin.audit", "GET", lambda s: "/admin/audit", admin_only(OK_GET)),
    Case("auth.reset_password", "GET", lambda s: f"/auth/reset/{s.extras['reset_secret']}",
         everyone(OK_GET)),
    Case("auth.reset_password", "POST", lambda s: f"/auth/reset/{s.extras['reset_secret']}",
         everyone(DONE), lambda s: {"new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
         fresh_client=True),
    Case("saved.index", "GET", lambda s: "/saved/", signed_in(OK_GET)),
    Case("saved.new", "GET", lambda s: "/saved/new?q=d%C3%A2n+v%E1%BA%ADn", signed_in(OK_GET)),
    Case("saved.new", "POST", lambda s: "/saved/new", signed_in(DONE),
         lambda s: {"name": "Đoàn viên", "q": "đoàn viên", "arguments": "type=CT",
                    "shared_with": "private", "share_unit_id": 0}),
    Case("saved.run", "GET", lambda s: f"/saved/{s.extras['saved_id']}", reader_owns(DONE)),
    Case("saved.new_feed", "POST", lambda s: f"/saved/{s.extras['saved_id']}/feed",
         reader_owns(DONE)),
    Case("saved.shown_link", "GET", lambda s: "/saved/link", signed_in(OK_GET)),
    Case("saved.revoke_feed", "POST",
         lambda s: f"/saved/feeds/{s.extras['search_token_id']}/revoke", reader_owns(DONE)),
    Case("saved.search_feed", "GET", lambda s: f"/saved/feeds/{s.extras['search_secret']}.atom",
         everyone(OK_GET)),
    Case("saved.delete", "POST", lambda s: f"/saved/{s.extras['saved_id']}/delete",
         reader_owns(DONE)),
    Case("calendar.month", "GET", lambda s: "/calendar/", signed_in(OK_GET)),
    Case("calendar.new_feed", "POST", lambda s: "/calendar/feed", signed_in(DONE)),
    Case("calendar.feed", "GET", lambda s: f"/calendar/feeds/{s.extras['calendar_secret']}.ics",
         everyone(OK_GET)),
    Case("calendar.withdraw", "POST", lambda s: f"/assignments/{s.open_assignment.id}/withdraw",
         withdraws),
    # Last: it disables the spare account the reset cases use.
    Case("admin.set_user_active", "POST", lambda s: _user(s) + "/active", admin_only(DONE),
         lambda s: {"active": "0"}),
]  # fmt: skip
