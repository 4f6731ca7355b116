"""Forms of the follow-up blueprint (all FlaskForms: CSRF on every POST)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms yet
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from documents.followup.assignments import DELIVERABLES, MESSAGE_MAX, UNIT_GROUPS, URGING_LABELS
from documents.followup.inspections import (
    INSPECTION_KINDS,
    REVIEW_KINDS,
    REVIEW_LEVELS,
    TASK_STATUSES,
)


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def choices(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """Options in the form WTForms 3.3 asks for (tuples are deprecated).

    Labels are Vietnamese message ids (the domain's label tables), shown translated.
    """
    return [
        SelectChoice(value, _l(label) if isinstance(label, str) else label)
        for value, label in pairs
    ]


GROUP_CHOICES = choices([*UNIT_GROUPS.items(), ("custom", _l("Chọn từng đơn vị"))])
DATE_MESSAGE = _l("Ngày không hợp lệ (ngày/tháng/năm).")


class AssignForm(FlaskForm):
    group = RadioField(_l("Giao cho"), choices=GROUP_CHOICES, default="district_committee")
    units = CheckboxListField(_l("Các đơn vị (khi chọn từng đơn vị)"), coerce=int, choices=[])
    deliverable = SelectField(
        _l("Sản phẩm phải nộp"),
        choices=choices((d, d) for d in DELIVERABLES),
        default=DELIVERABLES[0],
    )
    due_on = DateField(_l("Hạn nộp"), validators=[Optional()], format="%Y-%m-%d")
    # "" for the whole document, else a clause id; the view fills in the document's clauses.
    clause = SelectField(_l("Phần được giao"), choices=[], default="")


class UrgeForm(FlaskForm):
    level = SelectField(_l("Mức đôn đốc"), choices=choices(URGING_LABELS.items()))
    message = TextAreaField(
        _l("Nội dung (bỏ trống để dùng nội dung mặc định)"),
        validators=[Length(max=MESSAGE_MAX, message=_l("Nội dung quá dài."))],
    )


class UrgeManyForm(FlaskForm):
    assignments = CheckboxListField(_l("Đơn vị"), coerce=int, choices=[])
    level = SelectField(
        _l("Mức đôn đốc"),
        choices=choices([("next", _l("Mức kế tiếp của từng đơn vị")), *URGING_LABELS.items()]),
        default="next",
    )
    message = TextAreaField(
        _l("Nội dung (bỏ trống để dùng nội dung mặc định)"),
        validators=[Length(max=MESSAGE_MAX, message=_l("Nội dung quá dài."))],
    )


class InspectionForm(FlaskForm):
    unit = SelectField(_l("Đơn vị"), coerce=int, choices=[])
    kind = SelectField(_l("Hình thức"), choices=choices(INSPECTION_KINDS.items()))
    held_on = DateField(_l("Ngày"), validators=[InputRequired(DATE_MESSAGE)], format="%Y-%m-%d")
    team = StringField(
        _l("Thành phần đoàn"),
        validators=[DataRequired(_l("Cần nhập thành phần đoàn.")), Length(max=500)],
    )
    findings = TextAreaField(
        _l("Kết quả, nhận xét"), validators=[DataRequired(_l("Cần nhập kết quả, nhận xét."))]
    )
    tasks = TextAreaField(_l("Việc cần khắc phục (mỗi dòng một việc)"))
    tasks_due_on = DateField(_l("Hạn khắc phục"), validators=[Optional()], format="%Y-%m-%d")


class TaskForm(FlaskForm):
    description = TextAreaField(
        _l("Việc cần làm"), validators=[DataRequired(_l("Cần nhập nội dung việc cần làm."))]
    )
    due_on = DateField(_l("Hạn"), validators=[Optional()], format="%Y-%m-%d")


class TaskStatusForm(FlaskForm):
    status = SelectField(_l("Trạng thái"), choices=choices(TASK_STATUSES.items()))


class ReviewEventForm(FlaskForm):
    kind = SelectField(_l("Loại"), choices=choices(REVIEW_KINDS.items()))
    level = SelectField(_l("Cấp"), choices=choices(REVIEW_LEVELS.items()))
    due_on = DateField(_l("Hạn gửi báo cáo"), validators=[InputRequired(DATE_MESSAGE)])
    title = StringField(_l("Tên đợt (bỏ trống để đặt tự động)"), validators=[Length(max=500)])


class ReviewReportForm(FlaskForm):
    body = TextAreaField(
        _l("Nội dung báo cáo sơ kết, tổng kết"),
        validators=[DataRequired(_l("Cần nhập nội dung báo cáo.")), Length(max=20_000)],
    )


class FigureForm(FlaskForm):
    label = StringField(
        _l("Tên chỉ tiêu"), validators=[DataRequired(_l("Cần nhập tên chỉ tiêu.")), Length(max=300)]
    )
    unit_label = StringField(_l("Đơn vị tính"), validators=[Length(max=40)])


class ReportForm(FlaskForm):
    """The annual report: a GET form (no CSRF needed; it changes nothing)."""

    class Meta:
        csrf = False

    year = IntegerField(
        _l("Năm"),
        validators=[
            InputRequired(_l("Cần nhập năm.")),
            NumberRange(2000, 2100, _l("Năm không hợp lệ.")),
        ],
    )
    format = SelectField(
        _l("Định dạng"),
        choices=choices([("docx", _l("Báo cáo (DOCX)")), ("xlsx", _l("Bảng (XLSX)"))]),
    )
    number = StringField(_l("Số báo cáo"), validators=[Length(max=20)])
    proposals = TextAreaField(_l("Đề xuất, kiến nghị"), validators=[Length(max=5_000)])


class _DateField(DateField):
    """A date field whose unreadable input is explained in Vietnamese (DATE_MESSAGE)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(DATE_MESSAGE)) from None


class DeadlineForm(FlaskForm):
    due_on = _DateField(_l("Hạn mới"), validators=[InputRequired(DATE_MESSAGE)], format="%Y-%m-%d")
    reason = TextAreaField(
        _l("Lý do (gửi kèm thông báo cho đơn vị)"),
        validators=[Length(max=MESSAGE_MAX, message=_l("Nội dung quá dài."))],
    )
