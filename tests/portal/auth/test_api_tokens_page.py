"""API tokens in the browser (/auth/tokens) and on the command line: scopes, hashing,
owners and administrators."""

from __future__ import annotations

import re

from documents.db import db
from documents.tokens import ApiToken, hash_token
from tests.conftest import csrf_from
from tests.fixtures.api import bearer, token


def _create(client, label: str, write: bool = False):
    page = client.get("/auth/tokens").get_data(as_text=True)
    data = {"label": label, "csrf_token": csrf_from(page)}
    if write:
        data["write"] = "y"
    return client.post("/auth/tokens", data=data)


def test_owner_makes_a_write_token_shown_once_and_stored_hashed(client, auth, world):
    auth.login("drafter")
    response = _create(client, "Văn phòng điện tử", write=True)
    assert response.status_code == 200
    secret = re.search(r'<code id="new-token">([^<]+)</code>', response.get_data(as_text=True))[1]
    row = db.session.scalars(db.select(ApiToken)).one()
    assert row.token_hash == hash_token(secret) and secret not in (row.token_hash, row.label)
    assert row.scopes == "read write" and row.user_id == world.drafter.id
    listed = client.get("/auth/tokens").get_data(as_text=True)
    assert "Văn phòng điện tử" in listed and secret not in listed
    assert client.get("/api/v1/units/", headers=bearer(secret)).status_code == 200


def test_a_token_without_the_box_ticked_only_reads(client, auth, world):
    auth.login("drafter")
    _create(client, "Thống kê")
    assert db.session.scalars(db.select(ApiToken)).one().scopes == "read"


def test_a_label_is_required_and_nothing_is_made_without_it(client, auth, world):
    auth.login("drafter")
    assert _create(client, "").status_code == 400
    assert db.session.scalar(db.select(db.func.count(ApiToken.id))) == 0


def test_owner_revokes_and_the_token_stops_working(client, auth, world):
    secret = token(world.drafter)
    row = db.session.scalars(db.select(ApiToken)).one()
    auth.login("drafter")
    page = client.get("/auth/tokens").get_data(as_text=True)
    response = client.post(f"/auth/tokens/{row.id}/revoke", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    assert "Đã thu hồi" in client.get("/auth/tokens").get_data(as_text=True)
    assert client.get("/api/v1/units/", headers=bearer(secret)).status_code == 401


def test_another_user_can_neither_see_nor_revoke_a_token(client, auth, world):
    token(world.drafter)
    row = db.session.scalars(db.select(ApiToken)).one()
    auth.login("other")
    page = client.get("/auth/tokens").get_data(as_text=True)
    assert "thử" not in page
    response = client.post(f"/auth/tokens/{row.id}/revoke", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 404
    db.session.refresh(row)
    assert row.revoked is False


def test_an_administrator_lists_and_revokes_anyones_token(client, auth, world):
    token(world.drafter)
    row = db.session.scalars(db.select(ApiToken)).one()
    auth.login("admin")
    page = client.get("/auth/tokens").get_data(as_text=True)
    assert "drafter" in page
    client.post(f"/auth/tokens/{row.id}/revoke", data={"csrf_token": csrf_from(page)})
    db.session.refresh(row)
    assert row.revoked is True


def test_create_token_command_gives_read_or_read_write(app, world):
    runner = app.test_cli_runner()
    read = runner.invoke(args=["create-token", "drafter", "--label", "đọc"])
    write = runner.invoke(args=["create-token", "drafter", "--label", "ghi", "--write"])
    assert read.exit_code == 0 and write.exit_code == 0, read.output + write.output
    scopes = dict(db.session.execute(db.select(ApiToken.label, ApiToken.scopes)).all())
    assert scopes == {"đọc": "read", "ghi": "read write"}


def test_a_read_token_still_reads_the_old_search_endpoint(client, world):
    assert client.get("/api/search?q=x", headers=bearer(token(world.reader))).status_code == 200
