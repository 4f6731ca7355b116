"""The 409 page keeps what the user typed, shows what changed and links back to the
record (issue #13, item 9)."""

from __future__ import annotations

import html as htmllib

from documents.db import db
from tests.conftest import AuthActions, csrf_from
from tests.fixtures.web import page
from workflows.engine import fire, history

COMMENT = "Đề nghị bổ sung chỉ tiêu <b>cụ thể</b> cho từng chi hội."


def same_page_twice(app, username, url, plan):
    """Two clients of ``username`` that opened ``url`` at the plan's current version."""
    clients, forms = (app.test_client(), app.test_client()), []
    for client in clients:
        AuthActions(client).login(username)
        _, html = page(client, url)
        forms.append({"csrf_token": csrf_from(html), "version": plan.version})
    return clients, forms


def test_a_reviewer_who_loses_the_race_keeps_the_comment_and_sees_the_new_state(
    world, factory, app
):
    plan = factory.plan(world.assignment, world.drafter)
    fire(db.session, plan, "submit", actor=world.drafter)
    db.session.commit()
    (first, second), forms = same_page_twice(app, "reviewer", f"/plans/{plan.id}", plan)
    won = first.post(
        f"/plans/{plan.id}/transitions/review", data={**forms[0], "comment": "Thống nhất."}
    )
    assert won.status_code == 302
    late = second.post(
        f"/plans/{plan.id}/transitions/return", data={**forms[1], "comment": COMMENT}
    )
    text = late.get_data(as_text=True)
    assert late.status_code == 409
    assert htmllib.escape(COMMENT, quote=False) in text  # kept, and escaped
    assert "<b>cụ thể</b>" not in text
    assert "Duyệt kế hoạch" in text and "Thống nhất." in text  # what changed
    assert "Trạng thái: Đã duyệt" in text  # the state it is in now
    assert f'href="/plans/{plan.id}"' in text  # back to the plan
    db.session.expire_all()
    assert plan.state == "reviewed" and len(history(db.session, plan)) == 2


def test_an_editor_who_loses_the_race_keeps_the_body_and_sees_the_difference(world, factory, app):
    plan = factory.plan(world.assignment, world.drafter, body="1. Quán triệt chỉ thị.")
    db.session.commit()
    (mine, theirs), forms = same_page_twice(app, "drafter", f"/plans/{plan.id}/edit", plan)
    saved = theirs.post(
        f"/plans/{plan.id}/edit",
        data={**forms[1], "title": plan.title, "body": "1. Quán triệt chỉ thị.\n2. Rà soát."},
    )
    assert saved.status_code == 302
    late = mine.post(
        f"/plans/{plan.id}/edit",
        data={**forms[0], "title": plan.title, "body": "1. Quán triệt chỉ thị.\n2. Kết nạp."},
    )
    text = late.get_data(as_text=True)
    assert late.status_code == 409
    assert "2. Kết nạp.</textarea>" in text  # the typed body, to copy
    assert 'class="diff"' in text  # the saved body beside the typed one
    assert '<mark class="diff-changed">Rà</mark>' in text
    assert '<mark class="diff-changed">Kết</mark>' in text
    assert f'href="/plans/{plan.id}"' in text


def test_the_conflict_page_of_a_record_the_user_may_not_see_shows_nothing_of_it(
    world, factory, app
):
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    client = app.test_client()
    AuthActions(client).login("other")
    _, home = page(client, "/")
    response = client.post(
        f"/plans/{plan.id}/transitions/submit",
        data={"csrf_token": csrf_from(home), "version": plan.version, "comment": "x"},
    )
    assert response.status_code == 404  # never a 409 page with another unit's draft
