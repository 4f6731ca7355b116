"""Forms of the plans blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from documents.models import BODY_MAX, TITLE_MAX
from workflows.engine import COMMENT_MAX


class PlanForm(FlaskForm):
    title = StringField(
        _l("Tên kế hoạch"),
        validators=[
            DataRequired(_l("Cần nhập tên kế hoạch.")),
            Length(max=TITLE_MAX, message=_l("Tên kế hoạch tối đa %(max)s ký tự.", max=TITLE_MAX)),
        ],
    )
    body = TextAreaField(
        _l("Nội dung (Markdown)"),
        validators=[
            Length(max=BODY_MAX, message=_l("Nội dung tối đa %(max)s ký tự.", max=BODY_MAX))
        ],
    )
    # The version the user loaded; a different stored version means someone else saved.
    version = HiddenField()


class TransitionForm(FlaskForm):
    version = IntegerField(validators=[InputRequired(_l("Thiếu phiên bản của kế hoạch."))])
    comment = TextAreaField(
        _l("Ý kiến"), validators=[Length(max=COMMENT_MAX, message=_l("Ý kiến quá dài."))]
    )
    report_text = TextAreaField(
        _l("Báo cáo kết quả (Markdown)"),
        validators=[Length(max=BODY_MAX, message=_l("Báo cáo quá dài."))],
    )
    assignment = HiddenField()
