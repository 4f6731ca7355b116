"""Login, logout and the end of old sessions."""

from __future__ import annotations

from documents.db import db
from tests.conftest import csrf_from


def test_login_page_and_wrong_password_keep_the_username(world, client, auth):
    response = auth.login("drafter", "sai-mat-khau")
    html = response.get_data(as_text=True)
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in html
    assert 'value="drafter"' in html
    assert client.get("/").status_code == 302


def test_pages_need_login(world, client):
    response = client.get("/plans/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_copied_cookie_stops_working_after_logout(world, app, client, auth):
    auth.login("drafter")
    assert client.get("/").status_code == 200
    stolen = client.get_cookie("session").value
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/").status_code == 302


def test_next_never_leaves_the_site(world, client):
    for target in ("https://evil.example/", "//evil.example", "/\\evil.example", " //evil.example"):
        html = client.get("/auth/login").get_data(as_text=True)
        response = client.post(
            "/auth/login?next=x",
            data={
                "username": "drafter",
                "password": "mat-khau-thu-nghiem-2019",
                "csrf_token": csrf_from(html),
                "next": target,
            },
        )
        assert response.headers["Location"] == "/", target
        client.post(
            "/auth/logout", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))}
        )
    html = client.get("/auth/login").get_data(as_text=True)
    response = client.post(
        "/auth/login",
        data={
            "username": "drafter",
            "password": "mat-khau-thu-nghiem-2019",
            "csrf_token": csrf_from(html),
            "next": "/plans/",
        },
    )
    assert response.headers["Location"] == "/plans/"


def test_password_change_ends_other_sessions(world, app, client, auth):
    auth.login("drafter")
    other = app.test_client()
    from tests.conftest import AuthActions

    AuthActions(other).login("drafter")
    html = client.get("/auth/password").get_data(as_text=True)
    response = client.post(
        "/auth/password",
        data={
            "csrf_token": csrf_from(html),
            "current": "mat-khau-thu-nghiem-2019",
            "new": "một-mật-khẩu-mới-đủ-dài",
            "confirm": "một-mật-khẩu-mới-đủ-dài",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
    db.session.expire_all()
