"""The append-only history of workflow transitions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from documents.db import Model
from documents.models import User, utcnow


class HistoryIsAppendOnly(RuntimeError):
    """A workflow event was about to be changed or deleted."""


class WorkflowEvent(Model):
    """One fired transition: what, who, when, from, to and why."""

    __tablename__ = "workflow_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int] = mapped_column(Integer, index=True)
    transition: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    actor: Mapped[User] = relationship()


@event.listens_for(WorkflowEvent, "before_update")
@event.listens_for(WorkflowEvent, "before_delete")
def _refuse_rewrite(_mapper: object, _connection: object, target: WorkflowEvent) -> None:
    raise HistoryIsAppendOnly(f"workflow event {target.id} cannot be changed")
