"""Permission checks on plans, read from the per-state permission map of the workflow."""

from __future__ import annotations

from documents.models import Plan, User
from documents.permissions import principals_of
from workflows.definitions import PLAN_WORKFLOW, Transition, allowed_principals, expand


def can(user: User | None, plan: Plan, permission: str) -> bool:
    """Whether ``user`` holds ``permission`` ("view", "edit") on ``plan`` in its state."""
    return bool(principals_of(user) & allowed_principals(plan, permission))


def may_fire(user: User | None, plan: Plan, transition: Transition) -> bool:
    """Whether ``user`` passes the guard of ``transition`` from the plan's current state."""
    if transition.source != plan.state:
        return False
    return bool(principals_of(user) & expand(transition.guard, plan))


def available_transitions(user: User | None, plan: Plan) -> list[Transition]:
    """The transitions ``user`` may fire on ``plan`` now: the buttons a page shows."""
    return [t for t in PLAN_WORKFLOW.transitions_from(plan.state) if may_fire(user, plan, t)]
