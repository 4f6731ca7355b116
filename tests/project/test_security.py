"""Security properties that hold across the portal: headers, error pages, mass assignment,
no state change on GET, escaping of hostile strings."""

from __future__ import annotations

import json
import logging

import pytest

from documents.db import db
from tests.conftest import corpora_dir, csrf_from, executable_parts
from workflows.engine import fire, history


def test_every_response_has_the_security_headers(world, client, auth):
    for url in ("/auth/login", "/healthz", "/static/portal.css", "/nope"):
        response = client.get(url)
        response.close()
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"]
    assert "charset=utf-8" in client.get("/auth/login").headers["Content-Type"]


def test_forced_exception_shows_a_generic_vietnamese_page_with_an_error_id(app, caplog):
    def boom():
        raise RuntimeError("SELECT secret FROM /srv/portal/instance")

    app.add_url_rule("/boom", "boom", boom)
    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Lỗi hệ thống" in html and "Mã lỗi" in html
    for leak in ("Traceback", "SELECT secret", "/srv/portal", "RuntimeError"):
        assert leak not in html
    assert "SELECT secret" in caplog.text


def test_extra_fields_never_reach_the_plan(world, factory, client, auth):
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    auth.login("drafter")
    html = client.get(f"/plans/{plan.id}/edit").get_data(as_text=True)
    client.post(
        f"/plans/{plan.id}/edit",
        data={
            "csrf_token": csrf_from(html),
            "version": plan.version,
            "title": "Tên mới",
            "body": "x",
            "state": "reviewed",
            "unit_id": world.other_unit.id,
            "author_id": world.reviewer.id,
            "reviewed_by_id": world.reviewer.id,
            "created_by_id": world.reviewer.id,
        },
    )
    db.session.expire_all()
    assert plan.title == "Tên mới"
    assert (plan.state, plan.unit_id, plan.created_by_id, plan.reviewed_by_id) == (
        "drafted",
        world.unit.id,
        world.drafter.id,
        None,
    )


def test_the_executable_finder_catches_what_a_browser_would_run():
    page = (
        '<p>javascript:alert(1) &lt;script&gt;</p><a href=" JaVa script:x">a</a>'
        "<img src=x onerror=alert(1)><svg><script>1</script></svg>"
    )
    assert executable_parts(page) == ["a[href= JaVa script:x]", "img[onerror]", "<svg>", "<script>"]
    assert executable_parts("<p>javascript:alert(1) &lt;script&gt;</p>") == []


def test_get_requests_change_nothing(world, factory, client, auth):
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    auth.login("drafter")
    for url in (f"/plans/{plan.id}/transitions/submit", "/auth/logout"):
        assert client.get(url).status_code == 405
    db.session.expire_all()
    assert plan.state == "drafted" and history(db.session, plan) == []
    assert client.get("/").status_code == 200  # still logged in


def _hostile_strings() -> list[str]:
    root = corpora_dir()
    if root is None:
        pytest.skip("../shared/corpora is absent in this checkout (set PORTAL_CORPORA)")
    strings = json.loads((root / "naughty" / "blns.json").read_text(encoding="utf-8"))
    for name in ("xss_alert.txt", "xss_intruders.txt"):
        strings += (root / "naughty" / name).read_text(encoding="utf-8").splitlines()
    return [s for s in strings if s.strip()]


def test_hostile_comments_and_titles_show_escaped_in_plan_history(world, factory, client, auth):
    strings = _hostile_strings()
    plan = factory.plan(world.assignment, world.drafter, title="\n".join(strings[:40])[:500])
    for i, text in enumerate(strings):
        trigger, actor = ("submit", world.drafter) if i % 2 == 0 else ("return", world.reviewer)
        fire(db.session, plan, trigger, actor=actor, comment=text[:5000] or "x")
    db.session.commit()
    auth.login("drafter")
    response = client.get(f"/plans/{plan.id}")
    assert response.status_code == 200
    assert executable_parts(response.get_data(as_text=True)) == []
