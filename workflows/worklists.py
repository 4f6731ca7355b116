"""The worklists' queries: which plans wait on each of a user's worklists.

The worklists themselves are data in the workflow table (``Workflow.worklists`` in
``workflows.definitions``): a state and the transitions that are the work there. Who sees
a plan on a worklist is exactly who may fire one of those transitions (their guards), so
the home page, the menu counts and the API (``worklists_for``, ``worklist_counts``) all
read one table and never name states.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from documents.db import DbSession
from documents.models import Assignment, Plan, User
from workflows.definitions import PLAN_WORKFLOW, Transition, Worklist
from workflows.models import WorkflowEvent
from workflows.security import may_fire


def _plan_transition(name: str) -> Transition:
    found = PLAN_WORKFLOW.transition(name)
    if found is None:
        raise LookupError(f"the plan workflow has no {name!r} transition")
    return found


RETURN = _plan_transition("return")
SUBMIT = _plan_transition("submit")

WORKLISTS: tuple[Worklist, ...] = PLAN_WORKFLOW.worklists
# Once the commission has approved a plan (its work is closed), its unit enters its
# results (key figures).
RESULT_STATES: frozenset[str] = PLAN_WORKFLOW.closed_states


def has_results(plan: Plan | None) -> bool:
    """Whether the plan is approved, so that its unit reports figures against it."""
    return plan is not None and plan.state in RESULT_STATES


def is_returned(plan: Plan) -> bool:
    """Whether the plan was sent back by the commission and awaits its unit's correction."""
    return plan.state == RETURN.dest and getattr(plan, SUBMIT.stamp_time or "") is not None


def _on_list(user: User, plan: Plan, worklist: Worklist) -> bool:
    if worklist.returned is not None and is_returned(plan) != worklist.returned:
        return False
    return any(
        may_fire(user, plan, t)
        for t in PLAN_WORKFLOW.transitions_from(plan.state)
        if t.name in worklist.actions
    )


def worklists_for(session: DbSession, user: User) -> list[tuple[Worklist, list[Plan]]]:
    """Each worklist with the plans on it for ``user`` (oldest change first); empty
    worklists are kept so a page can say "nothing waits"."""
    states = {w.state for w in WORKLISTS}
    plans = list(
        session.scalars(
            select(Plan)
            .options(
                joinedload(Plan.unit), joinedload(Plan.assignment).joinedload(Assignment.document)
            )
            .filter(Plan.state.in_(states))
            .order_by(Plan.updated_at, Plan.id)
        )
    )
    return [
        (w, [p for p in plans if p.state == w.state and _on_list(user, p, w)]) for w in WORKLISTS
    ]


def worklist_counts(session: DbSession, user: User) -> dict[str, int]:
    """How many objects wait on each of ``user``'s worklists (the menu counts, the API)."""
    return {w.name: len(items) for w, items in worklists_for(session, user)}


def latest_return(session: DbSession, plan: Plan) -> WorkflowEvent | None:
    """The commission's latest return of the plan, while it is returned."""
    if not is_returned(plan):
        return None
    return session.scalar(
        select(WorkflowEvent)
        .filter_by(object_kind=PLAN_WORKFLOW.kind, object_id=plan.id, transition=RETURN.name)
        .order_by(WorkflowEvent.created_at.desc(), WorkflowEvent.id.desc())
        .limit(1)
    )


def worklist_summary(session: DbSession, user: User) -> list[dict[str, object]]:
    """The user's worklists as plain data (for the JSON API): name, Vietnamese title,
    count, and each plan's id, title, unit, state and whether it was returned."""
    return [
        {
            "name": worklist.name,
            "title": worklist.title,
            "count": len(plans),
            "items": [
                {
                    "id": plan.id,
                    "title": plan.title,
                    "unit": plan.unit.name,
                    "state": plan.state,
                    "returned": is_returned(plan),
                }
                for plan in plans
            ],
        }
        for worklist, plans in worklists_for(session, user)
    ]
