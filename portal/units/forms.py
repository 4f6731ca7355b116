"""The form of a reorganisation event and how it becomes an ``EventInput``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from documents.i18n import N_
from documents.unit_events import EventInput, NewUnit, ReorganisationError, Target

NEW_UNITS_MAX = 20_000


class ReorganiseForm(FlaskForm):
    kind = SelectField(_l("Loại sự kiện"), choices=[])
    effective_on = DateField(
        _l("Ngày hiệu lực"), validators=[DataRequired(_l("Cần nhập ngày hiệu lực."))]
    )
    basis = StringField(
        _l("Căn cứ (số ký hiệu văn bản, hoặc #mã)"),
        validators=[DataRequired(_l("Cần ghi văn bản làm căn cứ.")), Length(max=120)],
    )
    sources = SelectMultipleField(_l("Đơn vị cũ"), choices=[])
    existing_target = SelectField(_l("Đơn vị tiếp nhận đã có"), choices=[])
    new_units = TextAreaField(
        _l("Đơn vị mới, mỗi dòng: mã | tên | phần chia (số ký hiệu, cách nhau bằng dấu phẩy)"),
        validators=[Length(max=NEW_UNITS_MAX, message=_l("Danh sách đơn vị mới quá dài."))],
    )
    parent = SelectField(_l("Đơn vị cấp trên của đơn vị mới"), choices=[])
    kind_of_new = SelectField(_l("Loại đơn vị mới (khi thành lập)"), choices=[])
    note = TextAreaField(_l("Ghi chú"), validators=[Length(max=2000)])


def _new_unit_line(line: str, parent: str | None, kind: str) -> Target:
    parts = [p.strip() for p in line.split("|")]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise ReorganisationError(
            N_("Dòng “%(line)s” cần có dạng: mã | tên | phần chia."), line=line[:80]
        )
    share = tuple(s.strip() for s in parts[2].split(",") if s.strip()) if len(parts) > 2 else ()
    return Target(parts[0], NewUnit(parts[1], kind=kind, parent_code=parent), share)


def event_of(form: ReorganiseForm) -> EventInput:
    """The event the form describes (its shape only; the domain checks the rest); the form
    has been validated, so its date is there."""
    if form.effective_on.data is None:
        raise ValueError("event_of needs a validated form")
    targets = [Target(form.existing_target.data)] if form.existing_target.data else []
    parent = form.parent.data or None
    for line in (form.new_units.data or "").splitlines():
        if line.strip():
            targets.append(_new_unit_line(line.strip(), parent, form.kind_of_new.data or ""))
    return EventInput(
        kind=form.kind.data or "",
        effective_on=form.effective_on.data,
        basis=(form.basis.data or "").strip(),
        sources=tuple(form.sources.data or ()),
        targets=tuple(targets),
        note=form.note.data or "",
    )


class ReviewForm(FlaskForm):
    outcome = SelectField(_l("Kết quả rà soát"), choices=[])
    replaced_by = StringField(
        _l("Văn bản thay thế (số ký hiệu hoặc #mã, khi được thay thế)"),
        validators=[Length(max=120)],
    )
    comment = TextAreaField(
        _l("Ý kiến"), validators=[Length(max=2000, message=_l("Ý kiến quá dài."))]
    )
