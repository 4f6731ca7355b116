"""/api/v1 conventions: problem details in the reader's language, bad input refused with
nothing changed, the OpenAPI description and its reference page, no CORS."""

from __future__ import annotations

import re

from documents.db import db
from documents.models import Plan
from tests.fixtures.api import bearer, token


def _plan_and_writer(factory, world):
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    return plan, bearer(token(world.drafter, write=True))


def test_problems_speak_the_accept_language(client, world):
    vi = client.get("/api/v1/plans/1").get_json()
    en = client.get("/api/v1/plans/1", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert vi["title"] == "Cần xác thực" and vi["status"] == 401 and vi["type"] == "about:blank"
    assert en.get_json()["title"] == "Authentication required"
    assert en.headers["Content-Language"] == "en" and "Accept-Language" in en.headers["Vary"]


def test_unknown_fields_and_wrong_types_are_refused_field_by_field(client, world, factory):
    plan, headers = _plan_and_writer(factory, world)
    url = f"/api/v1/plans/{plan.id}"
    etag = client.get(url, headers=headers).headers["ETag"]
    headers = {**headers, "If-Match": etag, "Accept-Language": "en"}
    unknown = client.patch(url, json={"title": "Mới", "colour": "red"}, headers=headers)
    assert unknown.status_code == 422
    assert unknown.get_json()["errors"] == [
        {"field": "colour", "location": "json", "message": "This field is not accepted."}
    ]
    wrong = client.patch(url, json={"title": 12}, headers=headers)
    assert wrong.status_code == 422 and wrong.get_json()["errors"][0]["field"] == "title"
    not_an_object = client.patch(url, json=["title"], headers=headers)
    assert not_an_object.status_code == 422
    created = client.post(
        "/api/v1/plans/", json={"assignment_id": "1", "title": "x"}, headers=headers
    )
    assert created.status_code == 422  # a number given as a string is a wrong type
    db.session.refresh(plan)
    assert plan.title == "Kế hoạch thực hiện" and plan.version == 1


def test_oversized_and_invalid_utf8_bodies_are_problems_and_change_nothing(
    client, world, factory, app
):
    plan, headers = _plan_and_writer(factory, world)
    url = f"/api/v1/plans/{plan.id}"
    headers = {**headers, "If-Match": client.get(url, headers=headers).headers["ETag"]}
    app.config["API_MAX_BODY_BYTES"] = 1000
    big = client.patch(url, json={"body": "x" * 5000}, headers=headers)
    assert big.status_code == 413 and big.mimetype == "application/problem+json"
    broken = client.patch(
        url,
        data=b'{"title": "K\xe1\xba ho\xff"}',
        headers={**headers, "Content-Type": "application/json"},
    )
    assert broken.status_code == 400 and broken.mimetype == "application/problem+json"
    not_json = client.patch(
        url, data=b"{title", headers={**headers, "Content-Type": "application/json"}
    )
    assert not_json.status_code == 400
    db.session.refresh(plan)
    assert plan.title == "Kế hoạch thực hiện" and plan.version == 1


def test_domain_refusals_name_the_field(client, world, factory):
    plan, headers = _plan_and_writer(factory, world)
    url = f"/api/v1/plans/{plan.id}"
    headers = {**headers, "If-Match": client.get(url, headers=headers).headers["ETag"]}
    blank = client.patch(url, json={"title": "   "}, headers=headers)
    assert blank.status_code == 422
    assert blank.get_json()["errors"][0] == {
        "field": "title",
        "location": "json",
        "message": "Cần nhập tên kế hoạch.",
    }
    twice = client.post(
        "/api/v1/plans/",
        json={"assignment_id": world.assignment.id, "title": "Thứ hai"},
        headers=headers,
    )
    assert twice.status_code == 409
    assert db.session.scalar(db.select(db.func.count(Plan.id))) == 1


def test_openapi_31_description_covers_the_resources(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    for path in (
        "/api/v1/documents/",
        "/api/v1/documents/{document_id}",
        "/api/v1/plans/{plan_id}/transitions/{name}",
        "/api/v1/units/",
        "/api/v1/search/",
    ):
        assert path in spec["paths"], path
    patch = spec["paths"]["/api/v1/plans/{plan_id}"]["patch"]
    assert any(p.get("name") == "If-Match" for p in patch["parameters"])
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert "application/problem+json" in spec["components"]["responses"]["DEFAULT_ERROR"]["content"]


def test_reference_page_loads_only_the_portals_own_assets(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert "<script>" not in html  # the CSP allows no inline script
    for source in sources:
        with client.get(source) as asset:
            assert asset.status_code == 200, source
    assert client.get("/api/v1/docs/assets/index.html").status_code == 404


def test_no_cors_headers_even_for_a_foreign_origin(client, world):
    headers = bearer(token(world.reader), Origin="https://evil.example")
    response = client.get("/api/v1/units/", headers=headers)
    assert response.status_code == 200
    assert not [h for h in response.headers.keys() if h.lower().startswith("access-control-")]
    preflight = client.options("/api/v1/units/", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_old_search_endpoint_still_answers_with_a_token(client, world):
    response = client.get("/api/search?q=11-CT/TU", headers=bearer(token(world.reader)))
    assert response.status_code == 200 and "hits" in response.get_json()
