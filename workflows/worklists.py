"""Worklists as data (Plone's worklists): "chờ tôi xử lý", per state and role.

A worklist names a state of a workflow and the transitions that are the work to do
there; who sees an object on it is exactly who may fire one of those transitions (their
guards in ``workflows.definitions``), so the home page, the menu counts and the API
(``worklists_for``, ``worklist_counts``) all read one table and never name states.

A *returned* plan is a draft that was submitted before (the return transition goes back
to the state the submit transition leaves, and submitting stamps the time): the unit
must correct it, so it has its own worklist and badge.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from documents.db import DbSession
from documents.i18n import N_
from documents.models import Assignment, Plan, User
from workflows.definitions import PLAN_WORKFLOW, Transition, Workflow
from workflows.models import WorkflowEvent
from workflows.security import may_fire


def _plan_transition(name: str) -> Transition:
    found = PLAN_WORKFLOW.transition(name)
    if found is None:
        raise LookupError(f"the plan workflow has no {name!r} transition")
    return found


RETURN = _plan_transition("return")
SUBMIT = _plan_transition("submit")
REVIEW = _plan_transition("review")


def _reachable(workflow: Workflow, start: str) -> frozenset[str]:
    seen, todo = {start}, [start]
    while todo:
        for t in workflow.transitions_from(todo.pop()):
            if t.dest not in seen:
                seen.add(t.dest)
                todo.append(t.dest)
    return frozenset(seen)


# Once the commission has approved a plan, its unit enters its results (key figures).
RESULT_STATES: frozenset[str] = _reachable(PLAN_WORKFLOW, REVIEW.dest)


@dataclass(frozen=True)
class Worklist:
    name: str
    title: str  # Vietnamese message id shown to users
    workflow: Workflow
    state: str
    actions: tuple[str, ...]  # the transitions that are the work; their guards decide who
    returned: bool | None = None  # only returned drafts (True), only fresh ones (False)


WORKLISTS: tuple[Worklist, ...] = (
    Worklist("to_review", N_("Kế hoạch chờ duyệt"), PLAN_WORKFLOW, "submitted", ("review",)),
    Worklist(
        "returned",
        N_("Bị trả lại — cần sửa"),
        PLAN_WORKFLOW,
        RETURN.dest,
        ("submit",),
        returned=True,
    ),
    Worklist("to_submit", N_("Dự thảo chưa gửi"), PLAN_WORKFLOW, SUBMIT.source, ("submit",), False),
    Worklist(
        "to_report", N_("Đã duyệt, chờ báo cáo kết quả"), PLAN_WORKFLOW, "reviewed", ("report",)
    ),
)


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
        for t in worklist.workflow.transitions_from(plan.state)
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
