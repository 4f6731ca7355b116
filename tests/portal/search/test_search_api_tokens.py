"""The search page's facets and links, and /api/search for a session or an API token."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from documents.db import db
from documents.tokens import ApiToken, hash_token
from portal.indexing import drain_outbox


@pytest.fixture
def indexed(world, factory):
    for n in range(25):
        code = "KH" if n < 22 else "CTr"
        factory.document(
            f"{n + 100}-{code}/TU",
            f"Văn bản tuyên truyền dân vận số {n}",
            doc_type=code,
            number=n + 100,
            body="Tuyên truyền công tác dân vận.",
        )
    db.session.commit()
    drain_outbox()
    return world


def token_for(app, username: str) -> str:
    result = app.test_cli_runner().invoke(args=["create-token", username, "--label", "thử"])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def test_search_page_has_facets_pages_of_20_and_links_keeping_the_query(indexed, client, auth):
    auth.login("reader")
    page = client.get("/search", query_string={"q": "dan van"}).get_data(as_text=True)
    assert "25 kết quả" in page and page.count('<li>\n      <a href="/documents/') == 20
    assert "Loại văn bản" in page and "Kế hoạch</a> (22)" in page
    assert "Chương trình</a> (3)" in page
    assert 'href="/search?q=dan+van&amp;page=2"' in page
    assert 'href="/search?q=dan+van&amp;type=CTr"' in page
    second = client.get("/search", query_string={"q": "dan van", "page": 2}).get_data(as_text=True)
    assert second.count('<li>\n      <a href="/documents/') == 5
    narrowed = client.get("/search", query_string={"q": "dan van", "type": "CTr"})
    html = narrowed.get_data(as_text=True)
    assert "3 kết quả" in html and "Bỏ mọi bộ lọc" in html
    assert "Đang hiệu lực" in html and "ngày 01/8/2019" in html


def test_empty_result_suggests_a_correction_and_what_to_try(indexed, client, auth):
    auth.login("reader")
    html = client.get("/search", query_string={"q": "tuyeen truyen"}).get_data(as_text=True)
    assert "Có phải bạn muốn tìm" in html and "tuyen truyen</a>" in html
    html = client.get("/search", query_string={"q": "xyzxyz qqq"}).get_data(as_text=True)
    assert "Không tìm thấy kết quả" in html and "11-CT/TU" in html
    html = client.get("/search", query_string={"q": "tuyen truyen", "year": 1990}).get_data(
        as_text=True
    )
    assert "bỏ các bộ lọc" in html


def test_api_answers_a_logged_in_session_with_the_documented_shape(indexed, client, auth):
    auth.login("reader")
    body = client.get("/api/search", query_string={"q": "dan van", "limit": 5}).get_json()
    assert body["total"] == 25 and len(body["hits"]) == 5
    assert set(body["hits"][0]) == {
        "id",
        "external_id",
        "kind",
        "title",
        "symbol",
        "url",
        "score",
        "snippet",
    }
    typed = client.get("/api/search", query_string={"q": "dan van", "type": "CTr"}).get_json()
    assert sorted(h["symbol"] for h in typed["hits"]) == ["122-CTr/TU", "123-CTr/TU", "124-CTr/TU"]


def test_api_token_acts_as_its_user_and_only_its_hash_is_stored(indexed, app, client):
    secret = token_for(app, "reader")
    row = db.session.scalars(db.select(ApiToken)).one()
    assert row.token_hash == hash_token(secret) and secret not in row.token_hash
    assert row.last_used_at is None
    response = client.get(
        "/api/search",
        query_string={"q": "11-CT/TU"},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 200
    assert response.get_json()["hits"][0]["symbol"] == "11-CT/TU"
    assert "Set-Cookie" not in response.headers or "session=" not in response.headers["Set-Cookie"]
    db.session.refresh(row)
    assert isinstance(row.last_used_at, datetime)


def test_token_sees_no_more_than_its_user(indexed, factory, app, client):
    factory.plan(indexed.assignment, indexed.drafter, title="Dự thảo bí mật của thành ủy")
    db.session.commit()
    drain_outbox()
    outsider, insider = token_for(app, "other"), token_for(app, "drafter")
    query = {"q": "bi mat"}
    hidden = client.get(
        "/api/search", query_string=query, headers={"Authorization": f"Bearer {outsider}"}
    )
    seen = client.get(
        "/api/search", query_string=query, headers={"Authorization": f"Bearer {insider}"}
    )
    assert hidden.get_json() == {"total": 0, "hits": []}
    assert seen.get_json()["total"] == 1


@pytest.mark.parametrize("header", ["Bearer dp_unknown", "Bearer ", "Basic abc"])
def test_unknown_token_gets_401_json(indexed, client, header):
    response = client.get(
        "/api/search", query_string={"q": "dan van"}, headers={"Authorization": header}
    )
    assert response.status_code == 401 and "error" in response.get_json()


def test_revoked_token_gets_401_and_no_token_no_session_gets_401(indexed, app, client):
    secret = token_for(app, "reader")
    row = db.session.scalars(db.select(ApiToken)).one()
    row.revoked = True
    db.session.commit()
    response = client.get(
        "/api/search", query_string={"q": "dan van"}, headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 401
    assert client.get("/api/search", query_string={"q": "dan van"}).status_code == 401


def test_token_is_accepted_on_the_api_only(indexed, app, client):
    secret = token_for(app, "reader")
    response = client.get(
        "/search", query_string={"q": "dan van"}, headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_create_token_refuses_an_unknown_user(app):
    result = app.test_cli_runner().invoke(args=["create-token", "nobody"])
    assert result.exit_code != 0 and "Không có tài khoản" in result.output
    assert not re.search(r"dp_\S+", result.output)
