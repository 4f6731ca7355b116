"""Database models of the domain: units, users and their per-unit roles, documents,
assignments, plans, and the outbox that feeds the search index. Clauses, relations,
versions and attachments live in ``documents.records``, imported at the end so that
every model is mapped whenever this module is loaded.

The plan's workflow (its states and transitions) is bound to ``Plan`` from outside, by
``workflows.definitions``, the way DCWorkflow binds workflows to content types.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import (
    InstrumentedAttribute,
    Mapped,
    defer,
    mapped_column,
    relationship,
    validates,
)
from sqlalchemy.orm.strategy_options import _AbstractLoad
from sqlalchemy.sql.elements import ColumnElement

from documents.db import DbSession, Model
from documents.i18n import N_
from documents.symbols import symbol_key as key_of_symbol

if TYPE_CHECKING:
    from documents.records import Attachment, Clause

ROLES: tuple[str, ...] = ("drafter", "unit_head", "reviewer", "reader", "admin")
ROLE_LABELS: dict[str, str] = {
    "drafter": N_("Chuyên viên soạn thảo"),
    "unit_head": N_("Lãnh đạo đơn vị"),
    "reviewer": N_("Chuyên viên Ban Dân vận"),
    "reader": N_("Người đọc"),
    "admin": N_("Quản trị"),
}
UNIT_KINDS: dict[str, str] = {
    "provincial_committee": N_("Tỉnh ủy"),
    "district_committee": N_("Huyện ủy, thành ủy"),
    # From 1-7-2025 the district level is gone: communes, wards and special zones.
    "commune_committee": N_("Đảng ủy xã, phường, đặc khu"),
    "subordinate_committee": N_("Đảng ủy trực thuộc"),
    "sociopolitical_org": N_("Đoàn thể chính trị - xã hội"),
    "commission": N_("Ban của Tỉnh ủy"),
    "standing_committee": N_("Ban Thường vụ"),
    "party_delegation": N_("Ban cán sự đảng"),
    "central": N_("Cơ quan Trung ương"),
}
# The states of the publication workflow that the domain itself relies on. The workflow
# table (``workflows/definitions.py``) is their source; this package imports nothing of
# ours, so they are named here once and tests/workflows/test_workflow_table.py holds the
# two together.
DOCUMENT_DRAFT = "draft"
DOCUMENT_PUBLISHED = "published"
# Rows made without the publication workflow (demo data, tests, old code) are published.
DEFAULT_DOCUMENT_STATE = DOCUMENT_PUBLISHED
TITLE_MAX = 500
BODY_MAX = 100_000  # characters of Markdown; rendering cost grows with size


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _in(column: str, values: tuple[str, ...] | list[str]) -> str:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


class OrgUnit(Model):
    """A Party committee, commission or organisation; kept with its history."""

    __tablename__ = "org_unit"
    __table_args__ = (CheckConstraint(_in("kind", list(UNIT_KINDS)), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    assigned_by_default: Mapped[bool] = mapped_column(Boolean, default=False)

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id], foreign_keys=[parent_id])
    successor: Mapped[OrgUnit | None] = relationship(remote_side=[id], foreign_keys=[successor_id])

    @property
    def is_commission(self) -> bool:
        return self.kind == "commission"

    def is_valid_on(self, day: date) -> bool:
        """Whether the unit existed on ``day``."""
        starts_ok = self.valid_from is None or self.valid_from <= day
        return starts_ok and (self.valid_to is None or day < self.valid_to)

    def __str__(self) -> str:
        return self.name


class UserRole(Model):
    """A role a user holds in one unit (Plone's local roles)."""

    __tablename__ = "user_role"
    __table_args__ = (
        UniqueConstraint("user_id", "unit_id", "role"),
        CheckConstraint(_in("role", ROLES), name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    role: Mapped[str] = mapped_column(String(20))

    unit: Mapped[OrgUnit] = relationship()


class User(Model):
    """An account. Implements what Flask-Login asks of a user without importing it."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped on logout, password change or disabling: older session cookies stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    email: Mapped[str | None] = mapped_column(String(254))  # the user's own notifications
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    unit: Mapped[OrgUnit] = relationship()
    roles: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def has_role(self, role: str, unit_id: int | None = None) -> bool:
        """Whether the user holds ``role`` (in ``unit_id`` when given)."""
        return any(r.role == role and (unit_id is None or r.unit_id == unit_id) for r in self.roles)

    def __str__(self) -> str:
        return self.full_name


class Document(Model):
    """A Party or state document: directive, resolution, conclusion, programme…

    ``state`` is moved by the document publication workflow (``workflows.definitions``);
    ``published`` reads and writes it as a boolean for code that only cares whether
    officials may read the document. ``validity`` is the status set explicitly by an
    editor (expired, repealed); being replaced is derived from relations instead.
    """

    __tablename__ = "document"
    __table_args__ = (
        UniqueConstraint("issuer_id", "doc_type", "number", "term"),
        # When the term is unknown the date tells documents of different terms apart.
        UniqueConstraint("issuer_id", "doc_type", "number", "issued_on", name="uq_document_date"),
        CheckConstraint("validity IS NULL OR validity IN ('expired', 'repealed')", name="validity"),
        CheckConstraint(
            "validity IS NULL OR (validity_set_by_id IS NOT NULL AND validity_set_at IS NOT NULL)",
            name="validity_who_when",
        ),
        Index("ix_document_state_issued_on", "state", "issued_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(120), unique=True)
    doc_type: Mapped[str] = mapped_column(String(10))
    number: Mapped[int | None] = mapped_column(Integer)
    symbol: Mapped[str | None] = mapped_column(String(80), index=True)
    # The case-free matching key of ``symbol`` (documents.symbols.symbol_key), kept in step.
    symbol_key: Mapped[str | None] = mapped_column(String(80), index=True)
    issuer_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    # The issuer as written when it is not (yet) a unit of the portal (imported archives).
    issuer_name: Mapped[str | None] = mapped_column(String(200))
    term: Mapped[str | None] = mapped_column(String(40))
    issued_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    # Indexed with issued_on (``__table_args__``): the newest published documents in order.
    state: Mapped[str] = mapped_column(String(20), default=DEFAULT_DOCUMENT_STATE)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    validity: Mapped[str | None] = mapped_column(String(20))
    validity_set_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    validity_set_at: Mapped[datetime | None] = mapped_column(DateTime)
    validity_note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    issuer: Mapped[OrgUnit | None] = relationship()
    validity_set_by: Mapped[User | None] = relationship(foreign_keys=[validity_set_by_id])
    assignments: Mapped[list[Assignment]] = relationship(back_populates="document")
    clauses: Mapped[list[Clause]] = relationship(
        back_populates="document", order_by="Clause.number", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="document", order_by="Attachment.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @validates("symbol")
    def _keep_symbol_key(self, _key: str, value: str | None) -> str | None:
        self.symbol_key = key_of_symbol(value) if value else None
        return value

    @hybrid_property
    def published(self) -> bool:
        return (self.state or DEFAULT_DOCUMENT_STATE) == DOCUMENT_PUBLISHED

    @published.inplace.setter
    def _published_setter(self, value: bool) -> None:
        self.state = DOCUMENT_PUBLISHED if value else DOCUMENT_DRAFT

    @published.inplace.expression
    @classmethod
    def _published_expression(cls) -> ColumnElement[bool]:
        return cls.state == DOCUMENT_PUBLISHED

    @property
    def issuer_label(self) -> str:
        """The issuing body's name: the unit's, or the one written on an imported record."""
        return self.issuer.name if self.issuer is not None else (self.issuer_name or "")

    def __str__(self) -> str:
        return f"{self.symbol} — {self.title}" if self.symbol else self.title


class Assignment(Model):
    """A document assigned to a unit, with what the unit must deliver and by when."""

    __tablename__ = "assignment"
    __table_args__ = (
        # One assignment per unit, deliverable and clause; a whole-document assignment has
        # no clause, and NULLs never collide in a unique constraint, hence the partial index.
        # Keyed on the unit first assigned: a successor may carry several predecessors'
        # assignments of the same document besides its own.
        UniqueConstraint("document_id", "origin_unit_id", "deliverable", "clause_id"),
        Index(
            "uq_assignment_whole_document",
            "document_id",
            "origin_unit_id",
            "deliverable",
            unique=True,
            sqlite_where=text("clause_id IS NULL"),
            postgresql_where=text("clause_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    # The clause (task) of the document assigned, or None for the whole document.
    clause_id: Mapped[int | None] = mapped_column(ForeignKey("clause.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    # The unit the document was assigned to; ``unit_id`` is the one carrying the work now
    # (a successor after a reorganisation). Set from ``unit_id`` when left empty.
    origin_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    deliverable: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # When the deadline (or anything else) last changed, and when the commission withdrew
    # the assignment: what calendar programs are told (documents.followup.deadlines).
    updated_at: Mapped[datetime | None] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    document: Mapped[Document] = relationship(back_populates="assignments")
    clause: Mapped[Clause | None] = relationship()
    unit: Mapped[OrgUnit] = relationship(foreign_keys=[unit_id])
    origin_unit: Mapped[OrgUnit] = relationship(foreign_keys=[origin_unit_id])
    plan: Mapped[Plan | None] = relationship(back_populates="assignment", uselist=False)

    __mapper_args__ = {"version_id_col": version}


@event.listens_for(Assignment, "before_insert")
def _origin_is_the_first_assignee(_mapper: object, _connection: object, row: Assignment) -> None:
    if row.origin_unit_id is None:
        row.origin_unit_id = row.unit_id if row.unit_id is not None else row.unit.id


class Plan(Model):
    """A unit's implementation plan for an assignment, moved by the plan workflow."""

    __tablename__ = "plan"
    __table_args__ = (
        UniqueConstraint("assignment_id"),
        # The worklists: a state's plans, oldest change first, read in order (issue 19).
        Index("ix_plan_state_updated_at", "state", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20))
    report_text: Mapped[str | None] = mapped_column(Text)
    report_html: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    assignment: Mapped[Assignment] = relationship(back_populates="plan")
    unit: Mapped[OrgUnit] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return self.title


class IndexOutbox(Model):
    """A change the search index has still to apply, written in the changing transaction."""

    __tablename__ = "index_outbox"
    __table_args__ = (
        CheckConstraint(_in("kind", ("document", "plan")), name="kind"),
        CheckConstraint(_in("op", ("upsert", "delete")), name="op"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(10), default="upsert")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def enqueue_index(session: DbSession, kind: str, object_id: int, op: str = "upsert") -> None:
    """Record that ``kind``/``object_id`` must be (re)indexed, in the caller's transaction."""
    session.add(IndexOutbox(kind=kind, object_id=object_id, op=op))


# The long texts of a row. Lists show titles, symbols and dates, so they leave these in the
# database; a template that reached for one would fail (raiseload) rather than load it row
# by row (issue 19).
PLAN_TEXTS = (Plan.body, Plan.body_html, Plan.report_text, Plan.report_html)
DOCUMENT_TEXTS = (Document.body, Document.body_html)


def texts_left_out(columns: tuple[InstrumentedAttribute[Any], ...]) -> list[_AbstractLoad]:
    """Loader options that leave ``columns`` unloaded, refusing any later access."""
    return [defer(column, raiseload=True) for column in columns]


# Registers the models of documents.records (they refer to the classes above).
from documents import records as _records  # noqa: E402,F401
from documents import revision as _revision  # noqa: E402,F401
from documents import unit_history as _unit_history  # noqa: E402,F401
