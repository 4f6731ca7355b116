"""A plan without content cannot be submitted (issue #13, item 7): the refusal says why in
Vietnamese and changes nothing."""

from __future__ import annotations

import pytest

from tests.fixtures.web import post_transition
from workflows.engine import TransitionRefused, fire, history


@pytest.mark.parametrize("body", ["", "   \n\n\t  "])
def test_drafter_cannot_submit_a_plan_without_content(world, factory, session, body):
    plan = factory.plan(world.assignment, world.drafter, body=body)
    session.commit()
    before = (plan.state, plan.version, plan.submitted_at)
    with pytest.raises(TransitionRefused) as refused:
        fire(session, plan, "submit", actor=world.drafter)
    assert refused.value.code == "body"
    assert "chưa có nội dung" in refused.value.reason
    session.rollback()
    assert (plan.state, plan.version, plan.submitted_at) == before
    assert history(session, plan) == []


def test_submitting_an_empty_plan_on_the_web_is_refused_with_a_clear_message(
    world, factory, session, client, auth
):
    plan = factory.plan(world.assignment, world.drafter, body="")
    session.commit()
    auth.login("drafter")
    response = post_transition(client, plan.id, "submit", comment="Gửi Ban")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "kế hoạch chưa có nội dung" in html
    assert ">Gửi Ban</textarea>" in html  # the typed comment comes back
    session.refresh(plan)
    assert plan.state == "drafted" and plan.submitted_at is None
    assert history(session, plan) == []


def test_a_plan_with_content_is_still_submitted(world, factory, session):
    plan = factory.plan(world.assignment, world.drafter, body="1. Quán triệt chỉ thị.")
    fire(session, plan, "submit", actor=world.drafter)
    assert plan.state == "submitted"
