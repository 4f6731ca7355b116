"""Creating, editing and restoring implementation plans (the data side; the caller checks
rights). Every save appends a plan version; the workflow history is kept apart (by plan),
so the review trail of a plan survives its revisions."""

from __future__ import annotations

from dataclasses import dataclass

from documents.db import DbSession
from documents.i18n import N_, Explained, Message
from documents.models import TITLE_MAX, Assignment, Plan, User, enqueue_index
from documents.records import PlanVersion
from documents.rendering import normalise_text, render_markdown
from documents.versions import record_version, restored_note


class PlanError(Explained, ValueError):
    """Input a plan cannot be saved with; the message is shown to the user."""


@dataclass(frozen=True)
class PlanInput:
    title: str
    body: str


def _clean(data: PlanInput) -> tuple[str, str, str]:
    title = normalise_text(data.title).strip()
    body = normalise_text(data.body)
    if not title:
        raise PlanError(N_("Cần nhập tên kế hoạch."))
    if len(title) > TITLE_MAX:
        raise PlanError(N_("Tên kế hoạch dài quá %(max)s ký tự."), max=TITLE_MAX)
    return title, body, render_markdown(body)


def create_plan(
    session: DbSession, assignment: Assignment, author: User, data: PlanInput, *, initial_state: str
) -> Plan:
    """A new plan of the assigned unit in the workflow's ``initial_state``.

    One plan per assignment (a database constraint backs this).
    """
    if assignment.plan is not None:
        raise PlanError(N_("Đơn vị đã có kế hoạch cho văn bản này; hãy mở kế hoạch đó để sửa."))
    title, body, html = _clean(data)
    plan = Plan(
        assignment=assignment,
        unit_id=assignment.unit_id,
        title=title,
        body=body,
        body_html=html,
        state=initial_state,
        created_by_id=author.id,
    )
    session.add(plan)
    session.flush()
    record_version(session, plan, author, N_("Tạo mới"))
    enqueue_index(session, "plan", plan.id)
    session.flush()
    return plan


def update_plan(
    session: DbSession,
    plan: Plan,
    data: PlanInput,
    *,
    author: User | None = None,
    note: str | Message = "",
) -> Plan:
    """Store new title and body, with the HTML rendered from the body, as a new version."""
    plan.title, plan.body, plan.body_html = _clean(data)
    record_version(session, plan, author, note)
    enqueue_index(session, "plan", plan.id)
    session.flush()
    return plan


def restore_plan_version(
    session: DbSession, plan: Plan, version: PlanVersion, *, author: User | None
) -> Plan:
    """Save an old version's title and body again, as the newest version."""
    return update_plan(
        session,
        plan,
        PlanInput(version.title, version.body),
        author=author,
        note=restored_note(version.number),
    )
