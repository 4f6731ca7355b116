"""Records that hang off documents and plans: clauses, relations between documents,
saved versions and attachments.

A ``Relation`` says that one document implements, continues, is based on, replaces or
cites another. Either end may be a document of the portal (``*_id``) or only a citation
(symbol, date, issuer as written) that resolves when that document is added; the
``found_in`` document is the one whose text (or editor) stated the relation.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from documents.db import Model
from documents.i18n import N_
from documents.models import Document, Plan, User, _in, utcnow

RELATION_KINDS: dict[str, str] = {
    "implements": N_("thực hiện"),
    "continues": N_("tiếp tục thực hiện"),
    "based_on": N_("căn cứ"),
    "replaces": N_("thay thế"),
    "cites": N_("dẫn chiếu"),
}
RESOLUTION_STATES = ("resolved", "ambiguous", "missing")


class Clause(Model):
    """A numbered clause (task) of a directive; assignments may point at one."""

    __tablename__ = "clause"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    document: Mapped[Document] = relationship(back_populates="clauses")


class Relation(Model):
    """A typed link between two documents, either end possibly still only a citation."""

    __tablename__ = "relation"
    __table_args__ = (
        CheckConstraint(_in("kind", list(RELATION_KINDS)), name="kind"),
        CheckConstraint(_in("target_status", RESOLUTION_STATES), name="target_status"),
        CheckConstraint(_in("source_status", RESOLUTION_STATES), name="source_status"),
        CheckConstraint("target_status <> 'resolved' OR target_id IS NOT NULL", name="target"),
        CheckConstraint("source_status <> 'resolved' OR source_id IS NOT NULL", name="source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    found_in_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    origin: Mapped[str] = mapped_column(String(10), default="text")  # "text" or "manual"
    position: Mapped[int] = mapped_column(Integer, default=0)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    source_symbol: Mapped[str] = mapped_column(String(80))
    source_key: Mapped[str] = mapped_column(String(80), index=True)
    source_date: Mapped[date | None] = mapped_column(Date)
    source_term: Mapped[str | None] = mapped_column(String(40))
    source_status: Mapped[str] = mapped_column(String(10), default="missing")
    target_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    target_symbol: Mapped[str] = mapped_column(String(80))
    target_key: Mapped[str] = mapped_column(String(80), index=True)
    target_date: Mapped[date | None] = mapped_column(Date)
    target_term: Mapped[str | None] = mapped_column(String(40))
    target_type_name: Mapped[str | None] = mapped_column(String(80))
    target_issuer: Mapped[str | None] = mapped_column(String(200))
    target_status: Mapped[str] = mapped_column(String(10), default="missing")

    found_in: Mapped[Document] = relationship(foreign_keys=[found_in_id])
    source: Mapped[Document | None] = relationship(foreign_keys=[source_id])
    target: Mapped[Document | None] = relationship(foreign_keys=[target_id])

    @property
    def kind_label(self) -> str:
        return RELATION_KINDS[self.kind]


class DocumentVersion(Model):
    """What a document looked like after one save; versions are never changed."""

    __tablename__ = "document_version"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    # The other fields (type, symbol, issuer, date, place, term, clauses) as JSON.
    fields_json: Mapped[str] = mapped_column(Text, default="{}")
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    created_by: Mapped[User | None] = relationship()


class PlanVersion(Model):
    """What a plan looked like after one save, with the workflow state it was in."""

    __tablename__ = "plan_version"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    plan: Mapped[Plan] = relationship()
    created_by: Mapped[User | None] = relationship()


ATTACHMENT_KINDS = ("pdf", "docx", "xlsx", "odt", "txt", "png", "jpeg", "tiff")
OCR_STATUSES = ("pending", "running", "done", "failed")


class Attachment(Model):
    """A file attached to a document, stored under a generated name."""

    __tablename__ = "attachment"
    __table_args__ = (
        CheckConstraint(_in("kind", ATTACHMENT_KINDS), name="kind"),
        CheckConstraint(
            f"ocr_status IS NULL OR {_in('ocr_status', OCR_STATUSES)}", name="ocr_status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    extraction_error: Mapped[str | None] = mapped_column(String(500))
    # None: the file has a text layer (or none is expected); otherwise where its optical
    # character recognition stands ("pending" until the OCR worker has read it)
    ocr_status: Mapped[str | None] = mapped_column(String(10), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    document: Mapped[Document] = relationship(back_populates="attachments")
    uploaded_by: Mapped[User | None] = relationship()
