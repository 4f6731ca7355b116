"""The tables of the units' history: reorganisation events, the units each event ended
and began, and every move of open work from one unit to another.

A reorganisation (merge, split, rename, transfer, dissolve, establish) is recorded once,
with its legal basis (a document of the portal) and its effective date. Units are never
deleted or renamed in place: an event ends its predecessors (``valid_to``) and begins its
successors (``valid_from``). ``UnitMove`` is the append-only history of work that passed
to a successor: which object, from which unit to which, by which event.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from documents.db import Model
from documents.i18n import N_
from documents.models import Document, OrgUnit, User, _in, utcnow

EVENT_KINDS: dict[str, str] = {
    "merge": N_("Hợp nhất"),
    "split": N_("Chia tách"),
    "rename": N_("Đổi tên"),
    "transfer": N_("Chuyển trực thuộc"),
    "dissolve": N_("Giải thể"),
    "establish": N_("Thành lập"),
}
# What moves with a unit's open work, in the order a preview lists it.
MOVED_KINDS: dict[str, str] = {
    "assignment": N_("Nhiệm vụ được giao"),
    "plan": N_("Kế hoạch (dự thảo, đã gửi)"),
    "urging": N_("Đôn đốc chưa được đáp ứng"),
    "inspection_task": N_("Việc khắc phục sau kiểm tra"),
    "user_role": N_("Vai trò người dùng"),
    "user": N_("Tài khoản thuộc đơn vị"),
}


class UnitEvent(Model):
    """One reorganisation, applied once (``key`` is unique)."""

    __tablename__ = "unit_event"
    __table_args__ = (CheckConstraint(_in("kind", list(EVENT_KINDS)), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    effective_on: Mapped[date] = mapped_column(Date, index=True)
    basis_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    applied_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    applied_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    basis: Mapped[Document] = relationship()
    applied_by: Mapped[User | None] = relationship()
    links: Mapped[list[UnitEventLink]] = relationship(
        back_populates="event", order_by="UnitEventLink.id"
    )

    @property
    def kind_label(self) -> str:
        return EVENT_KINDS[self.kind]


class UnitEventLink(Model):
    """A unit an event ended (``role='from'``) or began or received work (``role='to'``)."""

    __tablename__ = "unit_event_link"
    __table_args__ = (
        CheckConstraint(_in("role", ("from", "to")), name="role"),
        UniqueConstraint("event_id", "unit_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("unit_event.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    role: Mapped[str] = mapped_column(String(4))
    # For a split: the symbols (or ids) of the documents whose open work this unit takes.
    share: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[bool] = mapped_column(default=False)  # the event began this unit

    event: Mapped[UnitEvent] = relationship(back_populates="links")
    unit: Mapped[OrgUnit] = relationship()


class UnitMove(Model):
    """An object of open work that passed from one unit to another by an event."""

    __tablename__ = "unit_move"
    __table_args__ = (
        CheckConstraint(_in("object_kind", list(MOVED_KINDS)), name="object_kind"),
        Index("ix_unit_move_object", "object_kind", "object_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("unit_event.id"), index=True)
    object_kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int] = mapped_column(Integer)
    from_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    to_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    moved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    event: Mapped[UnitEvent] = relationship()
    from_unit: Mapped[OrgUnit] = relationship(foreign_keys=[from_unit_id])
    to_unit: Mapped[OrgUnit] = relationship(foreign_keys=[to_unit_id])


REVIEW_OUTCOMES: dict[str, str] = {
    "applicable": N_("Còn áp dụng"),
    "replaced": N_("Được thay thế"),
    "expired": N_("Hết hiệu lực"),
    "repealed": N_("Bị bãi bỏ"),
}


class DocumentReview(Model):
    """One decision of a successor committee's review (rà soát) of an inherited document;
    append-only, the latest decision per unit and document is the register's."""

    __tablename__ = "document_review"
    __table_args__ = (
        CheckConstraint(_in("outcome", list(REVIEW_OUTCOMES)), name="outcome"),
        CheckConstraint("outcome <> 'replaced' OR replaced_by_id IS NOT NULL", name="replaced_by"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    reviewed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    unit: Mapped[OrgUnit] = relationship()
    document: Mapped[Document] = relationship(foreign_keys=[document_id])
    replaced_by: Mapped[Document | None] = relationship(foreign_keys=[replaced_by_id])
    reviewed_by: Mapped[User] = relationship()

    @property
    def outcome_label(self) -> str:
        return REVIEW_OUTCOMES[self.outcome]
