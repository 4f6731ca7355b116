"""The worklists' queries: which plans wait on each of a user's worklists.

The worklists themselves are data in the workflow table (``Workflow.worklists`` in
``workflows.definitions``): a state and the transitions that are the work there. Who sees
a plan on a worklist is exactly who may fire one of those transitions (their guards), so
the home page, the menu counts and the API (``worklists_for``, ``worklist_counts``) all
read one table and never name states.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from sqlalchemy import ColumnElement, Select, and_, false, func, not_, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, joinedload

from documents.db import DbSession
from documents.models import (
    DOCUMENT_TEXTS,
    PLAN_TEXTS,
    Assignment,
    Plan,
    User,
    texts_left_out,
)
from documents.permissions import principals_of
from workflows.definitions import PLAN_WORKFLOW, Transition, Worklist
from workflows.models import WorkflowEvent


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


def _guard_condition(principals: frozenset[str], transition: Transition) -> ColumnElement[bool]:
    """The plans whose ``transition`` guard ``principals`` pass, as SQL: a guard template
    without ``{unit}`` passes every plan or none; one with it passes the plans of the units
    the user holds it in (``unit:{unit}:drafter`` and ``unit:7:drafter`` → unit 7)."""
    passing: list[ColumnElement[bool]] = []
    for template in transition.guard:
        if "{unit}" not in template:
            if template in principals:
                return true()
            continue
        before, _, after = template.partition("{unit}")
        units = {
            int(middle)
            for p in principals
            if p.startswith(before)
            and p.endswith(after)
            and (middle := p[len(before) : len(p) - len(after)]).isdigit()
        }
        if units:
            passing.append(Plan.unit_id.in_(sorted(units)))
    return or_(false(), *passing)


def _returned_condition(worklist: Worklist) -> ColumnElement[bool]:
    """``is_returned`` as SQL, for a worklist that asks for returned (or fresh) drafts."""
    if worklist.returned is None:
        return true()
    if worklist.state != RETURN.dest:  # nothing in that state counts as returned
        return false() if worklist.returned else true()
    column: InstrumentedAttribute[object] = getattr(Plan, SUBMIT.stamp_time or "")
    stamped = column.is_not(None)
    return stamped if worklist.returned else not_(stamped)


def on_list(principals: frozenset[str], worklist: Worklist) -> ColumnElement[bool]:
    """The plans on ``worklist`` for a user acting as ``principals``: in its state, returned
    or not as it asks, and passing the guard of one of its actions (``may_fire``, in SQL)."""
    actions = [
        t for t in PLAN_WORKFLOW.transitions_from(worklist.state) if t.name in worklist.actions
    ]
    return and_(
        Plan.state == worklist.state,
        _returned_condition(worklist),
        or_(false(), *(_guard_condition(principals, t) for t in actions)),
    )


# The statements depend only on the workflow table and the user's principals, so each is
# built once per set of principals (the SQL, never its rows): building the SUM(CASE …) of
# every worklist was a fifth of a page's time, the menu count being on every page.
STATEMENTS_KEPT = 512


@lru_cache(maxsize=STATEMENTS_KEPT)
def _list_statement(
    principals: frozenset[str], worklist: Worklist, limit: int | None
) -> Select[Plan]:
    return (
        select(Plan)
        .options(
            *texts_left_out(PLAN_TEXTS),
            joinedload(Plan.unit),
            joinedload(Plan.assignment)
            .joinedload(Assignment.document)
            .options(*texts_left_out(DOCUMENT_TEXTS)),
        )
        .filter(on_list(principals, worklist))
        .order_by(Plan.updated_at, Plan.id)
        .limit(limit)
    )


@lru_cache(maxsize=STATEMENTS_KEPT)
def _counts_statement(principals: frozenset[str]) -> Select[*tuple[int, ...]]:
    # One count per list as a scalar subquery, each reading the plan state index, rather
    # than a SUM(CASE …) over every plan row.
    return select(
        *(
            select(func.count()).select_from(Plan).filter(on_list(principals, w)).scalar_subquery()
            for w in WORKLISTS
        )
    )


def worklists_for(
    session: DbSession,
    user: User,
    limit: int | None = None,
    counts: Mapping[str, int] | None = None,
) -> list[tuple[Worklist, list[Plan]]]:
    """Each worklist with the plans on it for ``user`` (oldest change first; the first
    ``limit`` of each when given); empty worklists are kept so a page can say "nothing
    waits". With the lists' ``counts`` (``worklist_counts``, already read in the request)
    a list counted empty is not queried."""
    principals = principals_of(user)
    return [
        (
            worklist,
            []
            if counts is not None and counts.get(worklist.name) == 0
            else list(session.scalars(_list_statement(principals, worklist, limit))),
        )
        for worklist in WORKLISTS
    ]


def worklist_counts(session: DbSession, user: User) -> dict[str, int]:
    """How many objects wait on each of ``user``'s worklists (the menu counts, the API):
    one statement, whatever the number of plans."""
    row = session.execute(_counts_statement(principals_of(user))).one()
    return {w.name: int(n) for w, n in zip(WORKLISTS, row, strict=True)}


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
