"""Heavy input is refused or answered, and never ties up a worker (hardening item 14):
a Markdown body of 20,000 "[", a body of 1 MB, a search query of 10,000 characters."""

from __future__ import annotations

import html as html_lib

import pytest

from documents import rendering
from documents.db import db
from documents.models import BODY_MAX, Plan
from documents.rendering import BodyTooComplex, BodyTooLong, render_markdown
from tests.conftest import csrf_from


def new_plan(client, world, body: str):
    form = client.get(f"/plans/new?assignment={world.assignment.id}").get_data(as_text=True)
    return client.post(
        "/plans/new",
        data={
            "csrf_token": csrf_from(form),
            "assignment": world.assignment.id,
            "title": "Kế hoạch thử nội dung nặng",
            "body": body,
        },
    )


def test_a_body_of_one_megabyte_is_refused_with_the_form_kept(world, client, auth):
    auth.login("drafter")
    body = "Nội dung rất dài. " * (1_000_000 // 18)
    response = new_plan(client, world, body)
    page = response.get_data(as_text=True)
    assert response.status_code == 200  # the form again, with the reason
    assert "Nội dung tối đa" in html_lib.unescape(page)
    assert "Kế hoạch thử nội dung nặng" in page  # the form comes back filled in
    assert db.session.scalars(db.select(Plan)).first() is None


def test_twenty_thousand_brackets_are_saved_or_refused_never_an_error(world, client, auth):
    auth.login("drafter")
    response = new_plan(client, world, "[" * 20_000)
    assert response.status_code in (200, 302)  # refused with the form again, or saved
    if response.status_code == 200:
        assert "quá phức tạp" in html_lib.unescape(response.get_data(as_text=True))
        assert db.session.scalars(db.select(Plan)).first() is None
    else:
        assert db.session.scalars(db.select(Plan)).one().body == "[" * 20_000
    assert client.get("/").status_code == 200  # the worker serves the next request


def test_a_render_past_its_deadline_is_stopped_and_the_next_one_works():
    pathological = "<a " * 66_666  # minutes in Python-Markdown, were it let run
    with pytest.raises(BodyTooComplex):
        render_markdown(pathological[: BODY_MAX - 10], timeout=0.5)
    assert "<strong>đậm</strong>" in render_markdown("**đậm** " + "x " * 1_500, timeout=30)
    with pytest.raises(BodyTooLong):
        render_markdown("x" * (BODY_MAX + 1))
    assert rendering.INLINE_LIMIT < 20_000  # long texts never render in the worker itself


def test_a_search_of_ten_thousand_characters_is_answered(world, client, auth):
    auth.login("reader")
    query = "chỉ thị 11 " * 1_000
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    api = client.get("/api/search", query_string={"q": query, "limit": 5})
    assert api.status_code == 200
    assert api.get_json()["total"] >= 1
