"""The worklists' SQL (``on_list``, one statement for the menu counts) says exactly what
the workflow table says in Python: a plan is on a user's worklist when it is in the
list's state, returned or not as the list asks, and the user passes the guard of one of
the list's actions (``may_fire``) — for any mix of plans, units and roles."""

from __future__ import annotations

import itertools
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents.db import db
from documents.models import Assignment, Plan
from tests.fixtures.roles import INPUT
from workflows.definitions import PLAN_WORKFLOW
from workflows.engine import fire
from workflows.security import may_fire
from workflows.worklists import WORKLISTS, is_returned, worklist_counts, worklists_for

# Paths through the plan workflow, each ending in a different place.
PATHS = (
    (),
    ("submit",),
    ("submit", "return"),
    ("submit", "return", "submit"),
    ("submit", "review"),
    ("submit", "review", "report"),
)
_deliverables = itertools.count()


def expected(user, plans, worklist):
    return sorted(
        p.id
        for p in plans
        if p.state == worklist.state
        and (worklist.returned is None or is_returned(p) == worklist.returned)
        and any(
            may_fire(user, p, t)
            for t in PLAN_WORKFLOW.transitions_from(p.state)
            if t.name in worklist.actions
        )
    )


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plans=st.lists(st.tuples(st.booleans(), st.sampled_from(PATHS)), max_size=6))
def test_the_worklists_in_sql_are_the_table_in_python(world, factory, session, plans):
    for other_unit, path in plans:
        unit = world.other_unit if other_unit else world.unit
        drafter = world.other_drafter if other_unit else world.drafter
        assignment = Assignment(
            document=world.directive,
            unit=unit,
            deliverable=f"Kế hoạch {next(_deliverables)}",
            due_on=date(2019, 9, 30),
        )
        session.add(assignment)
        session.flush()
        plan = factory.plan(assignment, drafter)
        for name in path:
            actor = drafter if name in ("submit", "report") else world.reviewer
            fire(session, plan, name, actor=actor, **INPUT)
    session.commit()
    everything = list(session.scalars(db.select(Plan)))
    users = [world.by_role(r) for r in ("drafter", "unit_head", "other_drafter", "reviewer")]
    users += [world.reader, world.admin]
    for user in users:
        lists = {w.name: sorted(p.id for p in found) for w, found in worklists_for(session, user)}
        counts = worklist_counts(session, user)
        # Lists counted empty are not queried: the same lists.
        assert {
            w.name: sorted(p.id for p in found)
            for w, found in worklists_for(session, user, counts=counts)
        } == lists
        for worklist in WORKLISTS:
            want = expected(user, everything, worklist)
            assert lists[worklist.name] == want, (user.username, worklist.name)
            assert counts[worklist.name] == len(want), (user.username, worklist.name)
