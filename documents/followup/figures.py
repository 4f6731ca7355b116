"""Key figures of a document and the values units report for them, rolled up.

A document defines the figures its assignments ask for ("Số chi hội, tổ hội được củng
cố"); a unit records a value per figure and year on its assignment when it reports its
results. Values roll up across units, in total and per unit group (OrgUnit kind).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from documents.db import DbSession, Model
from documents.i18n import N_, Explained
from documents.models import Assignment, Document, OrgUnit, utcnow
from documents.rendering import normalise_text

LABEL_MAX = 300
VALUE_MAX = 10**9


class FigureError(Explained, ValueError):
    """A figure or value that cannot be stored; the message is shown to the user."""


class KeyFigure(Model):
    """A number every assigned unit reports for a document."""

    __tablename__ = "key_figure"
    __table_args__ = (UniqueConstraint("document_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    label: Mapped[str] = mapped_column(String(LABEL_MAX))
    unit_label: Mapped[str] = mapped_column(String(40), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    document: Mapped[Document] = relationship()


class FigureValue(Model):
    """A unit's value of a key figure for one year, on its assignment."""

    __tablename__ = "figure_value"
    __table_args__ = (
        UniqueConstraint("figure_id", "assignment_id", "year"),
        CheckConstraint("value >= 0", name="value_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    figure_id: Mapped[int] = mapped_column(ForeignKey("key_figure.id"), index=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    figure: Mapped[KeyFigure] = relationship()


def figures_of(session: DbSession, document: Document) -> list[KeyFigure]:
    return list(
        session.scalars(
            select(KeyFigure)
            .filter_by(document_id=document.id)
            .order_by(KeyFigure.position, KeyFigure.id)
        )
    )


def define_figure(
    session: DbSession, document: Document, label: str, unit_label: str = ""
) -> KeyFigure:
    """Add a key figure to ``document`` (labels are unique per document)."""
    text = normalise_text(label).strip()
    if not text:
        raise FigureError(N_("Cần nhập tên chỉ tiêu."))
    if len(text) > LABEL_MAX:
        raise FigureError(N_("Tên chỉ tiêu dài quá %(max)s ký tự."), max=LABEL_MAX)
    if session.scalar(select(KeyFigure).filter_by(document_id=document.id, label=text)):
        raise FigureError(N_("Văn bản đã có chỉ tiêu này."))
    position = len(figures_of(session, document))
    figure = KeyFigure(
        document_id=document.id,
        label=text,
        unit_label=normalise_text(unit_label).strip()[:40],
        position=position,
    )
    session.add(figure)
    session.flush()
    return figure


def values_for(session: DbSession, assignment: Assignment, year: int) -> dict[int, int]:
    """figure id → the value the assignment's unit recorded for ``year``."""
    rows = session.execute(
        select(FigureValue.figure_id, FigureValue.value).filter_by(
            assignment_id=assignment.id, year=year
        )
    )
    return {figure_id: value for figure_id, value in rows}


def record_values(
    session: DbSession, assignment: Assignment, year: int, values: Mapping[int, int | None]
) -> None:
    """Store the unit's values (None removes one); figures must be the document's."""
    figures = {f.id for f in figures_of(session, assignment.document)}
    if set(values) - figures:
        raise FigureError(N_("Có chỉ tiêu không thuộc văn bản này; hãy tải lại trang."))
    if not 2000 <= year <= 2100:
        raise FigureError(N_("Năm không hợp lệ."))
    stored = {
        v.figure_id: v
        for v in session.scalars(
            select(FigureValue).filter_by(assignment_id=assignment.id, year=year)
        )
    }
    for figure_id, value in values.items():
        if value is not None and not 0 <= value <= VALUE_MAX:
            raise FigureError(N_("Số liệu phải là số nguyên không âm."))
        current = stored.get(figure_id)
        if value is None:
            if current is not None:
                session.delete(current)
        elif current is None:
            session.add(
                FigureValue(
                    figure_id=figure_id, assignment_id=assignment.id, year=year, value=value
                )
            )
        else:
            current.value = value
    session.flush()


@dataclass
class RollUp:
    """Figures of a document for a year: totals, per unit group, per assignment."""

    figures: list[KeyFigure]
    totals: dict[int, int] = field(default_factory=dict)
    by_group: dict[str, dict[int, int]] = field(default_factory=dict)
    by_assignment: dict[int, dict[int, int]] = field(default_factory=dict)
    reporting_units: dict[int, int] = field(default_factory=dict)


def roll_up(session: DbSession, document: Document, year: int) -> RollUp:
    """Sum every figure of ``document`` for ``year`` (two queries)."""
    result = RollUp(figures=figures_of(session, document))
    rows = session.execute(
        select(FigureValue.figure_id, FigureValue.assignment_id, FigureValue.value, OrgUnit.kind)
        .join(Assignment, FigureValue.assignment_id == Assignment.id)
        .join(OrgUnit, Assignment.unit_id == OrgUnit.id)
        .filter(Assignment.document_id == document.id, FigureValue.year == year)
    )
    for figure_id, assignment_id, value, kind in rows:
        result.totals[figure_id] = result.totals.get(figure_id, 0) + value
        group = result.by_group.setdefault(kind, {})
        group[figure_id] = group.get(figure_id, 0) + value
        result.by_assignment.setdefault(assignment_id, {})[figure_id] = value
        result.reporting_units[figure_id] = result.reporting_units.get(figure_id, 0) + 1
    return result
