"""Forms of the follow-up blueprint (all FlaskForms: CSRF on every POST)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from documents.followup import DELIVERABLES, MESSAGE_MAX, UNIT_GROUPS, URGING_LABELS
from documents.inspections import INSPECTION_KINDS, REVIEW_KINDS, REVIEW_LEVELS, TASK_STATUSES


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def choices(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """Options in the form WTForms 3.3 asks for (tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


GROUP_CHOICES = choices([*UNIT_GROUPS.items(), ("custom", "Chọn từng đơn vị")])
DATE_MESSAGE = "Ngày không hợp lệ (ngày/tháng/năm)."


class AssignForm(FlaskForm):
    group = RadioField("Giao cho", choices=GROUP_CHOICES, default="district_committee")
    units = CheckboxListField("Các đơn vị (khi chọn từng đơn vị)", coerce=int, choices=[])
    deliverable = SelectField(
        "Sản phẩm phải nộp", choices=choices((d, d) for d in DELIVERABLES), default=DELIVERABLES[0]
    )
    due_on = DateField("Hạn nộp", validators=[Optional()], format="%Y-%m-%d")


class UrgeForm(FlaskForm):
    level = SelectField("Mức đôn đốc", choices=choices(URGING_LABELS.items()))
    message = TextAreaField(
        "Nội dung (bỏ trống để dùng nội dung mặc định)",
        validators=[Length(max=MESSAGE_MAX, message="Nội dung quá dài.")],
    )


class UrgeManyForm(FlaskForm):
    assignments = CheckboxListField("Đơn vị", coerce=int, choices=[])
    level = SelectField(
        "Mức đôn đốc",
        choices=choices([("next", "Mức kế tiếp của từng đơn vị"), *URGING_LABELS.items()]),
        default="next",
    )
    message = TextAreaField(
        "Nội dung (bỏ trống để dùng nội dung mặc định)",
        validators=[Length(max=MESSAGE_MAX, message="Nội dung quá dài.")],
    )


class InspectionForm(FlaskForm):
    unit = SelectField("Đơn vị", coerce=int, choices=[])
    kind = SelectField("Hình thức", choices=choices(INSPECTION_KINDS.items()))
    held_on = DateField("Ngày", validators=[InputRequired(DATE_MESSAGE)], format="%Y-%m-%d")
    team = StringField(
        "Thành phần đoàn",
        validators=[DataRequired("Cần nhập thành phần đoàn."), Length(max=500)],
    )
    findings = TextAreaField(
        "Kết quả, nhận xét", validators=[DataRequired("Cần nhập kết quả, nhận xét.")]
    )
    tasks = TextAreaField("Việc cần khắc phục (mỗi dòng một việc)")
    tasks_due_on = DateField("Hạn khắc phục", validators=[Optional()], format="%Y-%m-%d")


class TaskForm(FlaskForm):
    description = TextAreaField(
        "Việc cần làm", validators=[DataRequired("Cần nhập nội dung việc cần làm.")]
    )
    due_on = DateField("Hạn", validators=[Optional()], format="%Y-%m-%d")


class TaskStatusForm(FlaskForm):
    status = SelectField("Trạng thái", choices=choices(TASK_STATUSES.items()))


class ReviewEventForm(FlaskForm):
    kind = SelectField("Loại", choices=choices(REVIEW_KINDS.items()))
    level = SelectField("Cấp", choices=choices(REVIEW_LEVELS.items()))
    due_on = DateField("Hạn gửi báo cáo", validators=[InputRequired(DATE_MESSAGE)])
    title = StringField("Tên đợt (bỏ trống để đặt tự động)", validators=[Length(max=500)])


class ReviewReportForm(FlaskForm):
    body = TextAreaField(
        "Nội dung báo cáo sơ kết, tổng kết",
        validators=[DataRequired("Cần nhập nội dung báo cáo."), Length(max=20_000)],
    )


class FigureForm(FlaskForm):
    label = StringField(
        "Tên chỉ tiêu", validators=[DataRequired("Cần nhập tên chỉ tiêu."), Length(max=300)]
    )
    unit_label = StringField("Đơn vị tính", validators=[Length(max=40)])


class ReportForm(FlaskForm):
    """The annual report: a GET form (no CSRF needed; it changes nothing)."""

    class Meta:
        csrf = False

    year = IntegerField(
        "Năm",
        validators=[InputRequired("Cần nhập năm."), NumberRange(2000, 2100, "Năm không hợp lệ.")],
    )
    format = SelectField(
        "Định dạng", choices=choices([("docx", "Báo cáo (DOCX)"), ("xlsx", "Bảng (XLSX)")])
    )
    number = StringField("Số báo cáo", validators=[Length(max=20)])
    proposals = TextAreaField("Đề xuất, kiến nghị", validators=[Length(max=5_000)])
