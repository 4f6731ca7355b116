"""Fire workflow transitions on stored plans with the ``transitions`` library.

A machine is built per call for the stored row (``initial=plan.state``,
``auto_transitions=False``); guards are the machine's conditions. A refused trigger
raises ``TransitionRefused`` with a Vietnamese reason and changes nothing. A fired one
moves the state, appends a ``WorkflowEvent``, writes an outbox row for the search index
and flushes; the caller commits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session
from transitions import Machine, MachineError

from documents.models import Plan, User, enqueue_index, utcnow
from documents.rendering import normalise_text, render_markdown
from workflows.definitions import PLAN_WORKFLOW, STATE_TITLES, Transition
from workflows.models import WorkflowEvent
from workflows.security import may_fire

COMMENT_MAX = 5_000


class TransitionRefused(Exception):
    """A transition that may not be fired; ``reason`` is shown to the user."""

    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


class _PlanState:
    """What the machine drives: the plan's state and the data the guards look at."""

    def __init__(self, plan: Plan, actor: User, comment: str, report_text: str | None) -> None:
        self.plan = plan
        self.actor = actor
        self.comment = comment
        self.report_text = report_text

    @property
    def state(self) -> str:
        return self.plan.state

    @state.setter
    def state(self, value: str) -> None:
        self.plan.state = value

    def guard_passes(self, event: Any) -> bool:
        transition = PLAN_WORKFLOW.transition(event.event.name)
        return transition is not None and may_fire(self.actor, self.plan, transition)

    def comment_given(self, event: Any) -> bool:
        transition = PLAN_WORKFLOW.transition(event.event.name)
        return not (transition and transition.comment_required) or bool(self.comment)

    def report_given(self, event: Any) -> bool:
        transition = PLAN_WORKFLOW.transition(event.event.name)
        return not (transition and transition.requires_report) or bool(self.report_text)


def machine_for(model: _PlanState) -> Machine:
    """A state machine of the plan workflow positioned at the model's stored state."""
    return Machine(
        model=model,
        states=list(PLAN_WORKFLOW.state_names),
        transitions=[
            {
                "trigger": t.name,
                "source": t.source,
                "dest": t.dest,
                "conditions": ["guard_passes", "comment_given", "report_given"],
            }
            for t in PLAN_WORKFLOW.transitions
        ],
        initial=model.state,
        auto_transitions=False,
        send_event=True,
        model_attribute="state",
    )


def _check(
    plan: Plan,
    transition: Transition | None,
    trigger: str,
    actor: User,
    comment: str,
    report_text: str | None,
) -> Transition:
    """Explain, in Vietnamese, why a transition would be refused."""
    if transition is None:
        raise TransitionRefused(f"Không có thao tác “{trigger}” cho kế hoạch.", "unknown")
    if transition.source != plan.state:
        raise TransitionRefused(
            f"Không thể “{transition.title}” khi kế hoạch đang ở trạng thái "
            f"“{STATE_TITLES[plan.state]}”. Hãy tải lại trang để xem trạng thái mới nhất.",
            "state",
        )
    if not may_fire(actor, plan, transition):
        raise TransitionRefused(
            f"Bạn không có quyền “{transition.title}” đối với kế hoạch này.", "permission"
        )
    if transition.comment_required and not comment:
        raise TransitionRefused(
            f"Cần nhập ý kiến khi “{transition.title}”: ghi rõ nội dung đơn vị cần chỉnh sửa.",
            "comment",
        )
    if len(comment) > COMMENT_MAX:
        raise TransitionRefused(f"Ý kiến dài quá {COMMENT_MAX:,} ký tự.", "comment")
    if transition.requires_report and not report_text:
        raise TransitionRefused("Cần nhập nội dung báo cáo kết quả thực hiện.", "report")
    return transition


def fire(
    session: Session,
    plan: Plan,
    trigger: str,
    *,
    actor: User,
    comment: str = "",
    report_text: str | None = None,
    now: datetime | None = None,
) -> WorkflowEvent:
    """Fire ``trigger`` on ``plan`` as ``actor``; raise TransitionRefused if not allowed."""
    comment = normalise_text(comment or "").strip()
    report_text = normalise_text(report_text).strip() if report_text else None
    transition = _check(
        plan, PLAN_WORKFLOW.transition(trigger), trigger, actor, comment, report_text
    )
    report_html = render_markdown(report_text) if transition.requires_report else None

    model = _PlanState(plan, actor, comment, report_text)
    from_state = plan.state
    try:
        machine_for(model)  # binds trigger() and the events to the model
        moved = model.trigger(trigger)  # type: ignore[attr-defined]
    except MachineError as exc:  # defensive: _check already ruled these out
        raise TransitionRefused(str(exc), "state") from exc
    if not moved:
        raise TransitionRefused("Thao tác không được phép vào lúc này.", "guard")

    when = now or utcnow()
    if transition.dest == "submitted":
        plan.submitted_at = when
    if transition.dest == "reviewed":
        plan.reviewed_by_id = actor.id
    if transition.requires_report:
        plan.report_text = report_text
        plan.report_html = report_html
    event = WorkflowEvent(
        object_kind="plan",
        object_id=plan.id,
        transition=transition.name,
        from_state=from_state,
        to_state=plan.state,
        actor_id=actor.id,
        comment=comment,
        created_at=when,
    )
    session.add(event)
    enqueue_index(session, "plan", plan.id)
    session.flush()
    return event


def history(session: Session, plan: Plan) -> list[WorkflowEvent]:
    """The plan's workflow events, oldest first."""
    return list(
        session.query(WorkflowEvent)
        .filter_by(object_kind="plan", object_id=plan.id)
        .order_by(WorkflowEvent.created_at, WorkflowEvent.id)
    )
