"""Fire workflow transitions on stored rows (plans, documents) with ``transitions``.

A machine is built per call for the stored row (``initial=row.state``,
``auto_transitions=False``) from the workflow bound to the row's class. The machine is
the one guard mechanism: a trigger from another state raises ``MachineError``, and the
guards (``GUARDS``: permission, comment, report, body) are its conditions, checked in
order; the first that fails records why, the trigger returns False and nothing has
changed. Either way ``fire`` raises ``TransitionRefused`` with a Vietnamese reason. A
fired transition moves the state, stamps what the transition says (time, actor, report),
appends a ``WorkflowEvent``, writes an outbox row for the search index, notifies whom the
transition concerns (``workflows.notices``) and flushes; the caller commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from transitions import EventData, Machine, MachineError

from documents.db import DbSession
from documents.followup.coverage import PlanAsOf
from documents.i18n import N_, Explained
from documents.models import Plan, User, enqueue_index, utcnow
from documents.rendering import normalise_text, render_markdown
from workflows.definitions import Transition, Workflow, workflow_for
from workflows.models import WorkflowEvent
from workflows.notices import announce
from workflows.security import may_fire

COMMENT_MAX = 5_000


class TransitionRefused(Explained):
    """A transition that may not be fired; ``reason`` is shown to the user (in Vietnamese;
    ``msgid`` and ``params`` let the web layer say it in the reader's language)."""

    def __init__(self, msgid: str, code: str, **params: object) -> None:
        super().__init__(msgid, **params)
        self.reason = str(self)
        self.code = code


class _Driven:
    """What the machine drives: the row's state and the data the guards look at. A guard
    that fails keeps its ``refusal`` for ``fire`` to raise."""

    trigger: Callable[[str], bool]  # bound by ``machine_for``: fires a transition by name

    def __init__(
        self, row: Any, workflow: Workflow, actor: User, comment: str, report_text: str | None
    ) -> None:
        self.row = row
        self.workflow = workflow
        self.actor = actor
        self.comment = comment
        self.report_text = report_text
        self.refusal: TransitionRefused | None = None
        self.report_html: str | None = None

    @property
    def state(self) -> str:
        state: str = self.row.state
        return state

    @state.setter
    def state(self, value: str) -> None:
        self.row.state = value

    def _transition(self, event: EventData) -> Transition:
        found = self.workflow.transition(event.event.name)
        if found is None:  # the machine has only the workflow's transitions
            raise LookupError(event.event.name)
        return found

    def _refuse(self, msgid: str, code: str, **params: object) -> bool:
        self.refusal = TransitionRefused(msgid, code, **params)
        return False

    def permitted(self, event: EventData) -> bool:
        transition = self._transition(event)
        return may_fire(self.actor, self.row, transition) or self._refuse(
            N_("Bạn không có quyền “%(action)s” đối với %(noun)s này."),
            "permission",
            action=transition.title,
            noun=self.workflow.noun,
        )

    def comment_given(self, event: EventData) -> bool:
        transition = self._transition(event)
        return (
            not transition.comment_required
            or bool(self.comment)
            or self._refuse(
                N_("Cần nhập ý kiến khi “%(action)s”: ghi rõ lý do hoặc nội dung cần chỉnh sửa."),
                "comment",
                action=transition.title,
            )
        )

    def comment_fits(self, _event: EventData) -> bool:
        return len(self.comment) <= COMMENT_MAX or self._refuse(
            N_("Ý kiến dài quá %(max)s ký tự."), "comment", max=COMMENT_MAX
        )

    def report_given(self, event: EventData) -> bool:
        transition = self._transition(event)
        return (
            not transition.requires_report
            or bool(self.report_text)
            or self._refuse(N_("Cần nhập nội dung báo cáo kết quả thực hiện."), "report")
        )

    def body_given(self, event: EventData) -> bool:
        transition = self._transition(event)
        return (
            not transition.requires_body
            or has_body(self.row)
            or self._refuse(
                N_(
                    "Không thể “%(action)s”: %(noun)s chưa có nội dung. "
                    "Hãy sửa %(noun)s, soạn nội dung rồi gửi lại."
                ),
                "body",
                action=transition.title,
                noun=self.workflow.noun,
            )
        )

    def render_report(self, event: EventData) -> None:
        """Render the report before the state moves: a report too long refuses it."""
        if self._transition(event).requires_report:
            self.report_html = render_markdown(self.report_text or "")


# The guards of every transition, in the order a refusal is explained.
GUARDS: tuple[str, ...] = (
    "permitted",
    "comment_given",
    "comment_fits",
    "report_given",
    "body_given",
)


def has_body(row: Any) -> bool:
    """Whether the row has content: a body that is more than blank space."""
    return bool((getattr(row, "body", None) or "").strip())


def machine_for(model: _Driven) -> Machine:
    """A state machine of the model's workflow positioned at its stored state."""
    workflow = model.workflow
    return Machine(
        model=model,
        states=list(workflow.state_names),
        transitions=[
            {
                "trigger": t.name,
                "source": t.source,
                "dest": t.dest,
                "conditions": list(GUARDS),
                "before": "render_report",
            }
            for t in workflow.transitions
        ],
        initial=model.state,
        auto_transitions=False,
        send_event=True,
        model_attribute="state",
    )


def fire(
    session: DbSession,
    row: Any,
    trigger: str,
    *,
    actor: User,
    comment: str = "",
    report_text: str | None = None,
    now: datetime | None = None,
) -> WorkflowEvent:
    """Fire ``trigger`` on ``row`` (a plan or a document) as ``actor``; raise
    TransitionRefused if not allowed."""
    workflow = workflow_for(row)
    comment = normalise_text(comment or "").strip()
    report_text = normalise_text(report_text).strip() if report_text else None
    transition = workflow.transition(trigger)
    if transition is None:
        raise TransitionRefused(
            N_("Không có thao tác “%(action)s” cho %(noun)s."),
            "unknown",
            action=trigger,
            noun=workflow.noun,
        )

    model = _Driven(row, workflow, actor, comment, report_text)
    from_state = row.state
    try:
        machine_for(model)  # binds trigger() and the events to the model
        moved = model.trigger(trigger)
    except MachineError as exc:  # no such transition from the row's state
        raise TransitionRefused(
            N_(
                "Không thể “%(action)s” khi %(noun)s đang ở trạng thái “%(state)s”. "
                "Hãy tải lại trang để xem trạng thái mới nhất."
            ),
            "state",
            action=transition.title,
            noun=workflow.noun,
            state=workflow.state_titles[from_state],
        ) from exc
    if not moved:
        raise model.refusal or TransitionRefused(
            N_("Thao tác không được phép vào lúc này."), "guard"
        )

    when = now or utcnow()
    if transition.stamp_time:
        setattr(row, transition.stamp_time, when)
    if transition.stamp_actor:
        setattr(row, transition.stamp_actor, actor.id)
    if transition.requires_report:
        row.report_text = report_text
        row.report_html = model.report_html
    event = WorkflowEvent(
        object_kind=workflow.kind,
        object_id=row.id,
        transition=transition.name,
        from_state=from_state,
        to_state=row.state,
        actor_id=actor.id,
        comment=comment,
        created_at=when,
    )
    session.add(event)
    enqueue_index(session, workflow.kind, row.id)
    session.flush()
    announce(session, row, event, transition)
    return event


def history(session: DbSession, row: Any) -> list[WorkflowEvent]:
    """The workflow events of ``row``, oldest first."""
    return list(
        session.query(WorkflowEvent)
        .filter_by(object_kind=workflow_for(row).kind, object_id=row.id)
        .order_by(WorkflowEvent.created_at, WorkflowEvent.id)
    )


def plans_as_of(session: DbSession, plans: Iterable[Plan], until: datetime) -> dict[int, PlanAsOf]:
    """Each plan created before ``until`` (naive UTC) as it stood then, replayed from its
    append-only history: its state, its last submission and whether it had reported."""
    existing = {plan.id: plan for plan in plans if plan.created_at < until}
    if not existing:
        return {}
    workflow = workflow_for(next(iter(existing.values())))
    state = dict.fromkeys(existing, workflow.initial)
    submitted: dict[int, datetime | None] = dict.fromkeys(existing)
    reported = dict.fromkeys(existing, False)
    events = session.scalars(
        select(WorkflowEvent)
        .filter(
            WorkflowEvent.object_kind == workflow.kind,
            WorkflowEvent.object_id.in_(list(existing)),
            WorkflowEvent.created_at < until,
        )
        .order_by(WorkflowEvent.created_at, WorkflowEvent.id)
    )
    for event in events:
        state[event.object_id] = event.to_state
        transition = workflow.transition(event.transition)
        if transition is not None and transition.stamp_time == "submitted_at":
            submitted[event.object_id] = event.created_at
        if transition is not None and transition.requires_report:
            reported[event.object_id] = True
    return {
        plan_id: PlanAsOf(state[plan_id], submitted[plan_id], reported[plan_id])
        for plan_id in existing
    }
