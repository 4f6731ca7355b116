"""Login, logout and the end of old sessions."""

from __future__ import annotations

from documents.db import db
from documents.passwords import verify_password
from tests.conftest import PASSWORD, csrf_from


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
    for target in (
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        " //evil.example",
        "/%5Cevil.example",
        "/%2F/evil.example",
        "%2F%2Fevil.example",
        "https:/evil.example",
        "\t//evil.example",
        "javascript:alert(1)",
        "/%252F/evil.example",
    ):
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


def test_ten_failures_throttle_the_account_with_the_same_message_for_unknown_users(
    world, client, auth
):
    for _ in range(10):
        assert auth.login("drafter", "sai-mat-khau").status_code == 200
    blocked = auth.login("drafter")  # even the right password is refused now
    assert blocked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in blocked.get_data(as_text=True)
    assert client.get("/").status_code == 302
    for _ in range(10):
        auth.login("khong-ton-tai", "x")
    unknown = auth.login("khong-ton-tai", "x")
    assert unknown.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in unknown.get_data(as_text=True)


def test_failures_from_one_address_throttle_it_across_accounts(world, app, auth):
    for i in range(10):
        auth.login(f"doan-mo-{i}", "x")
    assert auth.login("reviewer").status_code == 429


def test_throttle_counts_in_redis_when_configured(world, app):
    import redis

    from portal.auth.throttle import LoginThrottle, RedisStore

    try:
        store = RedisStore("redis://127.0.0.1:6379/15")
        store.client.ping()
    except redis.exceptions.ConnectionError:
        import pytest

        pytest.skip("no Redis on 127.0.0.1:6379 (the development machines run one)")
    from datetime import timedelta

    limiter = LoginThrottle(store, limit=3, window=timedelta(minutes=15))
    keys = limiter.keys("nguoi-thu-redis", "10.9.8.7")
    store.clear(keys)
    for _ in range(3):
        assert not limiter.blocked(keys)
        limiter.failed(keys)
    assert limiter.blocked(keys)
    store.clear(keys)
    assert not limiter.blocked(keys)


def test_weak_or_guessable_new_passwords_are_refused_and_64_characters_work(
    world, app, client, auth
):
    auth.login("drafter")
    for weak, message in (
        ("password1234", "quá dễ đoán"),
        ("drafterdrafter", "quá dễ đoán"),
        ("ngắn", "ít nhất 12"),
    ):
        html = client.get("/auth/password").get_data(as_text=True)
        response = client.post(
            "/auth/password",
            data={
                "csrf_token": csrf_from(html),
                "current": "mat-khau-thu-nghiem-2019",
                "new": weak,
                "confirm": weak,
            },
        )
        assert message in response.get_data(as_text=True), weak
    long_password = "Rạch Giá mùa nước nổi, ghe xuồng đi chợ nổi Long Xuyên sớm mai 4"
    assert len(long_password) == 64
    html = client.get("/auth/password").get_data(as_text=True)
    response = client.post(
        "/auth/password",
        data={
            "csrf_token": csrf_from(html),
            "current": "mat-khau-thu-nghiem-2019",
            "new": long_password,
            "confirm": long_password,
        },
    )
    assert response.status_code == 302
    auth.logout()
    assert auth.login("drafter", long_password).status_code == 302


def test_passwords_are_hashed_with_argon2id(world):
    assert world.drafter.password_hash.startswith("$argon2id$")


def test_login_starts_a_new_session(world, client, auth):
    with client.session_transaction() as planted:
        planted["planted_by_attacker"] = "x"
    auth.login("drafter")
    with client.session_transaction() as current:
        assert "planted_by_attacker" not in current


def test_idle_and_absolute_timeouts_end_the_session(world, app, client, auth):
    auth.login("drafter")
    with client.session_transaction() as s:
        s["seen_at"] -= 31 * 60
    response = client.get("/plans/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    auth.login("drafter")
    with client.session_transaction() as s:
        s["auth_at"] -= 13 * 3600
    assert client.get("/").status_code == 302


def test_disabled_account_loses_its_session(world, client, auth):
    auth.login("drafter")
    world.drafter.active = False
    db.session.commit()
    assert client.get("/").status_code == 302


def test_production_cookies_are_host_prefixed_secure_httponly_lax(tmp_path):
    from portal import create_app

    app = create_app(
        {
            "PORTAL_ENV": "production",
            "SECRET_KEY": "s",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SEARCH_INDEX_DIR": str(tmp_path),
        }
    )
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_change_password_is_throttled_without_checking_the_guess(
    world, app, client, auth, monkeypatch
):
    import portal.auth.routes as routes

    auth.login("drafter")
    checked = []
    real_verify = routes.verify_password

    def counting_verify(stored: str, password: str) -> bool:
        checked.append(password)
        return real_verify(stored, password)

    monkeypatch.setattr(routes, "verify_password", counting_verify)

    def guess(current: str):
        html = client.get("/auth/password").get_data(as_text=True)
        return client.post(
            "/auth/password",
            data={
                "csrf_token": csrf_from(html),
                "current": current,
                "new": "một-mật-khẩu-mới-đủ-dài",
                "confirm": "một-mật-khẩu-mới-đủ-dài",
            },
        )

    limit = app.config.get("LOGIN_FAILURE_LIMIT", 10)
    for i in range(limit):
        answer = guess(f"doan-sai-{i}")
        assert answer.status_code == 200
        assert "Mật khẩu hiện tại không đúng" in answer.get_data(as_text=True)
    assert len(checked) == limit
    blocked = guess(PASSWORD)  # even the right password is not evaluated now
    assert blocked.status_code == 429
    assert "Nhập sai mật khẩu hiện tại quá nhiều lần" in blocked.get_data(as_text=True)
    assert len(checked) == limit
    db.session.expire_all()
    assert verify_password(world.by_role("drafter").password_hash, PASSWORD)
