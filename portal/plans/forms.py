"""Forms of the plans blueprint."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from documents.models import BODY_MAX, TITLE_MAX
from workflows.engine import COMMENT_MAX


class PlanForm(FlaskForm):
    title = StringField(
        "Tên kế hoạch",
        validators=[
            DataRequired("Cần nhập tên kế hoạch."),
            Length(max=TITLE_MAX, message=f"Tên kế hoạch tối đa {TITLE_MAX} ký tự."),
        ],
    )
    body = TextAreaField(
        "Nội dung (Markdown)",
        validators=[Length(max=BODY_MAX, message=f"Nội dung tối đa {BODY_MAX:,} ký tự.")],
    )
    # The version the user loaded; a different stored version means someone else saved.
    version = HiddenField()


class TransitionForm(FlaskForm):
    version = IntegerField(validators=[InputRequired("Thiếu phiên bản của kế hoạch.")])
    comment = TextAreaField(
        "Ý kiến", validators=[Length(max=COMMENT_MAX, message="Ý kiến quá dài.")]
    )
    report_text = TextAreaField(
        "Báo cáo kết quả (Markdown)",
        validators=[Length(max=BODY_MAX, message="Báo cáo quá dài.")],
    )
    assignment = HiddenField()
