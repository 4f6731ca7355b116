"""Faults in the middle of a change roll everything back; a double click acts once."""

from __future__ import annotations

import re

import workflows.engine
from documents.db import db
from tests.conftest import csrf_from
from workflows.engine import history


def _submit_form(client, plan_id: int) -> dict:
    html = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    return {"csrf_token": csrf_from(html), "version": version}


def test_failure_between_state_change_and_history_rolls_everything_back(
    world, factory, client, auth, monkeypatch
):
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    auth.login("drafter")
    form = _submit_form(client, plan.id)

    def broken_outbox(*_args, **_kwargs):
        raise OSError("disk full while writing the outbox")

    monkeypatch.setattr(workflows.engine, "enqueue_index", broken_outbox)
    response = client.post(f"/plans/{plan.id}/transitions/submit", data=form)
    assert response.status_code == 500
    assert "Mã lỗi" in response.get_data(as_text=True)
    db.session.expire_all()
    assert (plan.state, plan.submitted_at, history(db.session, plan)) == ("drafted", None, [])

    monkeypatch.undo()
    assert client.post(f"/plans/{plan.id}/transitions/submit", data=form).status_code == 302
    db.session.expire_all()
    assert plan.state == "submitted" and len(history(db.session, plan)) == 1


def test_a_double_clicked_submit_records_one_transition(world, factory, client, auth):
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    auth.login("drafter")
    form = _submit_form(client, plan.id)
    first = client.post(f"/plans/{plan.id}/transitions/submit", data=form)
    second = client.post(f"/plans/{plan.id}/transitions/submit", data=form)
    assert (first.status_code, second.status_code) == (302, 409)
    db.session.expire_all()
    assert [e.transition for e in history(db.session, plan)] == ["submit"]
