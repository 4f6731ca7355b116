"""Administration in the browser: users, roles per unit, units, reset links, audit log."""

from __future__ import annotations

import re

import pytest

from documents.administration import AuditEntry, PasswordReset
from documents.db import db
from documents.models import OrgUnit, User
from documents.passwords import verify_password
from tests.conftest import PASSWORD, AuthActions, csrf_from

NEW_PASSWORD = "mot cau rat dai ve chi doan khu dan cu 2019"


def _token(client, path="/admin/users"):
    return csrf_from(client.get(path).get_data(as_text=True))


def _reset_path(html: str) -> str:
    match = re.search(r"https?://[^/]+(/auth/reset/[A-Za-z0-9_\-]+)", html)
    assert match, "no reset link on the page"
    return match.group(1)


@pytest.mark.parametrize("role", ["drafter", "unit_head", "reviewer", "reader"])
def test_only_administrators_reach_the_administration(world, client, auth, role):
    auth.login(world.by_role(role).username)
    for path in ("/admin/users", "/admin/units", "/admin/audit", "/admin/users/new"):
        assert client.get(path).status_code == 404, path
    response = client.post(
        f"/admin/users/{world.drafter.id}/active",
        data={"csrf_token": _token(client, "/"), "active": "0"},
    )
    assert response.status_code == 404
    assert db.session.get(User, world.drafter.id).active


def test_admin_creates_a_user_who_sets_a_password_by_the_one_time_link(world, app, client, auth):
    auth.login("admin")
    page = client.post(
        "/admin/users/new",
        follow_redirects=True,
        data={
            "csrf_token": _token(client, "/admin/users/new"),
            "username": "NguyenVanA",
            "full_name": "Nguyễn Văn A",
            "unit_id": world.unit.id,
            "role": "drafter",
        },
    )
    assert page.status_code == 200
    path = _reset_path(page.get_data(as_text=True))
    user = db.session.scalar(db.select(User).filter_by(username="nguyenvana"))
    assert user is not None and user.has_role("drafter", world.unit.id)

    person = app.test_client()
    form = person.get(path)
    assert form.status_code == 200
    weak = person.post(
        path,
        data={"csrf_token": csrf_from(form.get_data(as_text=True)), "new": "123", "confirm": "123"},
    )
    assert "Mật khẩu cần ít nhất" in weak.get_data(as_text=True)
    done = person.post(
        path,
        data={
            "csrf_token": csrf_from(form.get_data(as_text=True)),
            "new": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert verify_password(db.session.get(User, user.id).password_hash, NEW_PASSWORD)
    again = person.get(path)
    assert again.status_code == 410
    assert "không hợp lệ, đã dùng hoặc đã hết hạn" in again.get_data(as_text=True)
    assert AuthActions(person).login("nguyenvana", NEW_PASSWORD).status_code == 302
    assert person.get("/").status_code == 200

    actions = [e.action for e in db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[:3] == ["user.create", "user.reset_password", "user.password_set"]
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "user.create" in log and "nguyenvana" in log and "Nguyễn Văn A" in log


def test_bad_new_user_is_refused_with_the_form_kept(world, client, auth):
    auth.login("admin")
    response = client.post(
        "/admin/users/new",
        data={
            "csrf_token": _token(client, "/admin/users/new"),
            "username": "drafter",
            "full_name": "Trùng Tên",
            "unit_id": world.unit.id,
            "role": "drafter",
        },
    )
    html = response.get_data(as_text=True)
    assert "Tên đăng nhập drafter đã có người dùng." in html
    assert 'value="Trùng Tên"' in html
    assert (
        db.session.scalar(
            db.select(db.func.count()).select_from(User).filter_by(full_name="Trùng Tên")
        )
        == 0
    )
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == 0


def test_a_newer_reset_link_voids_the_older_one(world, client, auth, app):
    auth.login("admin")
    first = _reset_path(
        client.post(
            f"/admin/users/{world.drafter.id}/reset",
            data={"csrf_token": _token(client)},
            follow_redirects=True,
        ).get_data(as_text=True)
    )
    second = _reset_path(
        client.post(
            f"/admin/users/{world.drafter.id}/reset",
            data={"csrf_token": _token(client)},
            follow_redirects=True,
        ).get_data(as_text=True)
    )
    # The link page shows a link once; opened again it says so.
    again = client.get(f"/admin/users/{world.drafter.id}/link").get_data(as_text=True)
    assert "/auth/reset/" not in again and "đã được xem" in again
    other = app.test_client()
    assert other.get(first).status_code == 410
    assert other.get(second).status_code == 200
    assert db.session.scalar(db.select(db.func.count()).select_from(PasswordReset)) == 2


def test_reset_link_is_refused_on_get_without_csrf_and_changes_nothing(world, client, auth, app):
    auth.login("admin")
    assert client.get(f"/admin/users/{world.drafter.id}/reset").status_code == 405
    response = client.post(f"/admin/users/{world.drafter.id}/reset", data={})
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count()).select_from(PasswordReset)) == 0


def test_disabled_user_is_logged_out_everywhere_on_the_next_request(world, app, client, auth):
    elsewhere = app.test_client()
    AuthActions(elsewhere).login("drafter")
    assert elsewhere.get("/").status_code == 200

    auth.login("admin")
    response = client.post(
        f"/admin/users/{world.drafter.id}/active",
        data={"csrf_token": _token(client), "active": "0"},
    )
    assert response.status_code == 302

    page = elsewhere.get("/plans/", follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "Tài khoản của bạn đã bị khóa" in html
    assert "/auth/login" in page.request.path
    assert elsewhere.get("/").status_code == 302
    # Logging in again is refused while the account is disabled.
    relogin = AuthActions(app.test_client()).login("drafter", PASSWORD)
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in relogin.get_data(as_text=True)
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="user.disable"))
    assert entry.actor_id == world.admin.id and entry.target_id == world.drafter.id
    assert entry.changed == {"active": [True, False]}


def test_admin_cannot_disable_themself(world, client, auth):
    auth.login("admin")
    response = client.post(
        f"/admin/users/{world.admin.id}/active",
        data={"csrf_token": _token(client), "active": "0"},
        follow_redirects=True,
    )
    assert "Bạn không thể tự khóa tài khoản của mình." in response.get_data(as_text=True)
    assert db.session.get(User, world.admin.id).active


def test_roles_per_unit_are_added_and_removed_with_audit(world, client, auth):
    auth.login("admin")
    path = f"/admin/users/{world.reader.id}"
    client.post(
        path + "/roles",
        data={
            "csrf_token": _token(client, path),
            "unit_id": world.other_unit.id,
            "role": "unit_head",
        },
    )
    db.session.expire_all()
    reader = db.session.get(User, world.reader.id)
    assert reader.has_role("unit_head", world.other_unit.id)
    duplicate = client.post(
        path + "/roles",
        data={
            "csrf_token": _token(client, path),
            "unit_id": world.other_unit.id,
            "role": "unit_head",
        },
    )
    assert duplicate.status_code == 400
    assert "Người dùng đã có vai trò này ở đơn vị đó." in duplicate.get_data(as_text=True)
    held = next(r for r in reader.roles if r.role == "unit_head")
    client.post(f"{path}/roles/{held.id}/delete", data={"csrf_token": _token(client, path)})
    db.session.expire_all()
    assert not db.session.get(User, world.reader.id).has_role("unit_head")
    actions = list(db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["user.role_add", "user.role_remove"]


def test_units_are_created_and_edited_with_what_changed_in_the_audit(world, client, auth):
    auth.login("admin")
    data = {
        "csrf_token": _token(client, "/admin/units/new"),
        "code": "huyenuy-kienhai",
        "name": "Huyện ủy Kiên Hải",
        "short_name": "Kiên Hải",
        "kind": "district_committee",
        "level": "district",
        "parent_id": world.province.id,
    }
    assert client.post("/admin/units/new", data=data).status_code == 302
    unit = db.session.scalar(db.select(OrgUnit).filter_by(code="huyenuy-kienhai"))
    assert unit.parent_id == world.province.id
    edit = f"/admin/units/{unit.id}"
    changed = dict(data, csrf_token=_token(client, edit), name="Huyện ủy Kiên Hải (mới)")
    assert client.post(edit, data=changed).status_code == 302
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="unit.update"))
    assert entry.changed == {"name": ["Huyện ủy Kiên Hải", "Huyện ủy Kiên Hải (mới)"]}
    # A unit cannot be put under itself; the form comes back filled in.
    loop = dict(changed, csrf_token=_token(client, edit), parent_id=unit.id)
    refused = client.post(edit, data=loop)
    assert refused.status_code == 200
    assert "Huyện ủy Kiên Hải (mới)" in refused.get_data(as_text=True)
    duplicate = dict(data, csrf_token=_token(client, "/admin/units/new"))
    html = client.post("/admin/units/new", data=duplicate).get_data(as_text=True)
    assert "Mã đơn vị huyenuy-kienhai đã được dùng." in html
    assert (
        db.session.scalar(
            db.select(db.func.count()).select_from(OrgUnit).filter_by(code="huyenuy-kienhai")
        )
        == 1
    )
