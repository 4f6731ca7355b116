"""The database constraints of the workflow-driven tables, built from the workflow table.

Each table a workflow drives gets a CHECK that its ``state`` column holds one of the
workflow's states, and one CHECK per column a state requires (``Workflow.required``).
``bind_state_constraints`` adds them to the models' tables; the application factory
calls it once, before any table is created or compared with the migrations, and a second
call changes nothing. The migrations in ``migrations/`` create the same constraints.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import CheckConstraint, Table

from workflows.definitions import WORKFLOWS, Workflow

STATE_CONSTRAINT = "state"  # named ck_<table>_state by the naming convention
BOUND_KEY = "workflow_constraints"


def _quoted(states: tuple[str, ...]) -> str:
    return ", ".join(f"'{s}'" for s in states)


def state_constraints(workflow: Workflow) -> list[CheckConstraint]:
    """The CHECK constraints that back ``workflow`` on the table it drives."""
    found = [CheckConstraint(f"state IN ({_quoted(workflow.state_names)})", name=STATE_CONSTRAINT)]
    for required in workflow.required:
        if len(required.states) == 1:
            outside = f"state <> '{required.states[0]}'"
        else:
            outside = f"state NOT IN ({_quoted(required.states)})"
        found.append(
            CheckConstraint(f"{outside} OR {required.column} IS NOT NULL", name=required.constraint)
        )
    return found


def bind_state_constraints(workflows: Mapping[type[Any], Workflow] = WORKFLOWS) -> None:
    """Add the constraints of each workflow to its model's table, once."""
    for model, workflow in workflows.items():
        table: Table = model.__table__
        # The naming convention renames a constraint once it is added, so the table
        # itself remembers which workflow's constraints it has.
        if table.info.get(BOUND_KEY) == workflow.name:
            continue
        for constraint in state_constraints(workflow):
            table.append_constraint(constraint)
        table.info[BOUND_KEY] = workflow.name
