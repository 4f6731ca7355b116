"""Permission checks on workflow-driven rows, read from the per-state permission maps."""

from __future__ import annotations

from typing import Any

from documents.models import User
from documents.permissions import principals_of
from workflows.definitions import Transition, allowed_principals, expand, workflow_for


def can(user: User | None, obj: Any, permission: str) -> bool:
    """Whether ``user`` holds ``permission`` ("view", "edit") on ``obj`` in its state."""
    return holds(principals_of(user), obj, permission)


def holds(principals: frozenset[str], obj: Any, permission: str) -> bool:
    """``can`` for a reader already turned into principals (a page's rows)."""
    return bool(principals & allowed_principals(obj, permission))


def may_fire(user: User | None, obj: Any, transition: Transition) -> bool:
    """Whether ``user`` passes the guard of ``transition`` from the object's current state."""
    if transition.source != obj.state:
        return False
    return bool(principals_of(user) & expand(transition.guard, obj))


def available_transitions(user: User | None, obj: Any) -> list[Transition]:
    """The transitions ``user`` may fire on ``obj`` now: the buttons a page shows."""
    workflow = workflow_for(obj)
    return [t for t in workflow.transitions_from(obj.state) if may_fire(user, obj, t)]
