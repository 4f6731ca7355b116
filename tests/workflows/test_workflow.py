"""Role stories for the plan workflow, generated from the workflow table.

``WHO_MAY`` is the rule as the users describe it; the test checks that the table in
``workflows.definitions`` has exactly these transitions and that the engine allows each
one to these roles and refuses it to every other role, changing nothing when it refuses.
"""

from __future__ import annotations

import pytest

from tests.fixtures.roles import INPUT, PATH_TO, ROLES, WHO_MAY
from workflows.definitions import PLAN_WORKFLOW
from workflows.engine import TransitionRefused, fire, history
from workflows.models import HistoryIsAppendOnly, WorkflowEvent


def plan_in(world, factory, session, state):
    plan = factory.plan(world.assignment, world.drafter)
    for trigger, role in PATH_TO[state]:
        fire(session, plan, trigger, actor=world.by_role(role), **INPUT)
    session.commit()
    return plan


def test_table_has_exactly_the_transitions_users_describe():
    assert {t.name for t in PLAN_WORKFLOW.transitions} == set(WHO_MAY)
    assert set(PATH_TO) == set(PLAN_WORKFLOW.state_names)


CASES = [
    (t.name, role, role in WHO_MAY[t.name]) for t in PLAN_WORKFLOW.transitions for role in ROLES
]


@pytest.mark.parametrize(("trigger", "role", "allowed"), CASES)
def test_role_story(world, factory, session, trigger, role, allowed):
    transition = PLAN_WORKFLOW.transition(trigger)
    plan = plan_in(world, factory, session, transition.source)
    before = (plan.state, plan.version, len(history(session, plan)))
    actor = world.by_role(role)
    if allowed:
        event = fire(session, plan, trigger, actor=actor, **INPUT)
        session.commit()
        assert plan.state == transition.dest
        assert (event.actor_id, event.from_state, event.to_state) == (
            actor.id,
            transition.source,
            transition.dest,
        )
        assert len(history(session, plan)) == before[2] + 1
    else:
        with pytest.raises(TransitionRefused) as refused:
            fire(session, plan, trigger, actor=actor, **INPUT)
        assert refused.value.code == "permission"
        session.rollback()
        assert (plan.state, plan.version, len(history(session, plan))) == before


@pytest.mark.parametrize("state", PLAN_WORKFLOW.state_names)
def test_transitions_from_other_states_are_refused(world, factory, session, state):
    plan = plan_in(world, factory, session, state)
    for transition in PLAN_WORKFLOW.transitions:
        if transition.source == state:
            continue
        for role in WHO_MAY[transition.name]:
            with pytest.raises(TransitionRefused) as refused:
                fire(session, plan, transition.name, actor=world.by_role(role), **INPUT)
            assert refused.value.code == "state"
    assert plan.state == state


def test_reviewer_cannot_return_a_plan_without_a_comment(world, factory, session):
    plan = plan_in(world, factory, session, "submitted")
    with pytest.raises(TransitionRefused) as refused:
        fire(session, plan, "return", actor=world.reviewer, comment="   ")
    assert refused.value.code == "comment"
    assert "ý kiến" in refused.value.reason
    session.rollback()
    assert plan.state == "submitted"


def test_reviewer_of_the_commission_returns_a_plan_with_a_comment(world, factory, session):
    plan = plan_in(world, factory, session, "submitted")
    fire(session, plan, "return", actor=world.reviewer, comment="Bổ sung phân công.")
    session.commit()
    last = history(session, plan)[-1]
    assert plan.state == "drafted"
    assert (last.transition, last.comment, last.actor_id) == (
        "return",
        "Bổ sung phân công.",
        world.reviewer.id,
    )


def test_unit_cannot_report_without_report_text(world, factory, session):
    plan = plan_in(world, factory, session, "reviewed")
    with pytest.raises(TransitionRefused) as refused:
        fire(session, plan, "report", actor=world.drafter)
    assert refused.value.code == "report"


def test_report_stores_sanitised_report_and_reviewer_is_recorded(world, factory, session):
    plan = plan_in(world, factory, session, "reviewed")
    fire(session, plan, "report", actor=world.head, report_text="Kết quả <script>x</script>")
    session.commit()
    assert plan.state == "reported"
    assert plan.reviewed_by_id == world.reviewer.id
    assert "<script>" not in plan.report_html


def test_unknown_transition_is_refused(world, factory, session):
    plan = plan_in(world, factory, session, "drafted")
    with pytest.raises(TransitionRefused) as refused:
        fire(session, plan, "publish", actor=world.admin)
    assert refused.value.code == "unknown"


def test_history_is_append_only(world, factory, session):
    plan = plan_in(world, factory, session, "submitted")
    event = session.query(WorkflowEvent).filter_by(object_id=plan.id).one()
    event.comment = "sửa lại lịch sử"
    with pytest.raises(HistoryIsAppendOnly):
        session.flush()
    session.rollback()
    session.delete(session.get(WorkflowEvent, event.id))
    with pytest.raises(HistoryIsAppendOnly):
        session.flush()
    session.rollback()


def test_database_refuses_a_state_outside_the_workflow(world, factory, session):
    from sqlalchemy.exc import IntegrityError

    plan = plan_in(world, factory, session, "drafted")
    plan.state = "published"
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
