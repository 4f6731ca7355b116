"""Forms of the documents blueprint."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from documents.models import BODY_MAX, TITLE_MAX
from documents.types import type_choices
from workflows.engine import COMMENT_MAX


def choices(pairs: list[tuple[Any, str]]) -> list[SelectChoice]:
    """Select options in the form WTForms 3.3 expects."""
    return [SelectChoice(value, label) for value, label in pairs]


class DocumentForm(FlaskForm):
    doc_type = SelectField("Loại văn bản", choices=choices(type_choices()))
    symbol = StringField(
        "Số, ký hiệu", validators=[Optional(), Length(max=80, message="Tối đa 80 ký tự.")]
    )
    issuer_id = SelectField("Cơ quan ban hành", coerce=int, default=0)
    issuer_name = StringField(
        "Cơ quan ban hành (nếu chưa có trong danh sách)",
        validators=[Optional(), Length(max=200, message="Tối đa 200 ký tự.")],
    )
    term = StringField(
        "Khóa (nhiệm kỳ)", validators=[Optional(), Length(max=40, message="Tối đa 40 ký tự.")]
    )
    issued_on = StringField(
        "Ngày ban hành (ngày/tháng/năm)",
        validators=[Optional(), Length(max=40, message="Tối đa 40 ký tự.")],
    )
    place = StringField(
        "Địa danh", validators=[Optional(), Length(max=120, message="Tối đa 120 ký tự.")]
    )
    title = StringField(
        "Trích yếu",
        validators=[Length(max=TITLE_MAX, message=f"Trích yếu tối đa {TITLE_MAX} ký tự.")],
    )
    body = TextAreaField(
        "Nội dung (Markdown)",
        validators=[Length(max=BODY_MAX, message=f"Nội dung tối đa {BODY_MAX:,} ký tự.")],
    )
    clauses = TextAreaField(
        "Các khoản (nhiệm vụ), mỗi khoản bắt đầu bằng số thứ tự “1.”",
        validators=[Length(max=BODY_MAX, message="Các khoản quá dài.")],
    )
    # The version the user loaded; a different stored version means someone else saved.
    version = HiddenField()


class ImportForm(FlaskForm):
    text = TextAreaField(
        "Dán toàn văn văn bản",
        validators=[Length(max=BODY_MAX, message=f"Văn bản tối đa {BODY_MAX:,} ký tự.")],
    )
    file = FileField("hoặc chọn tệp (.docx, .pdf, .txt)")


class AttachmentForm(FlaskForm):
    file = FileField("Tệp đính kèm (PDF, DOCX, XLSX, ODT, TXT)")


class ValidityForm(FlaskForm):
    status = SelectField(
        "Hiệu lực",
        choices=choices(
            [("", "Đang hiệu lực"), ("expired", "Hết hiệu lực"), ("repealed", "Bãi bỏ")]
        ),
        validators=[Optional()],
    )
    note = StringField("Ghi chú", validators=[Length(max=500, message="Tối đa 500 ký tự.")])


class DocumentTransitionForm(FlaskForm):
    version = IntegerField(validators=[InputRequired("Thiếu phiên bản của văn bản.")])
    comment = TextAreaField(
        "Ý kiến", validators=[Length(max=COMMENT_MAX, message="Ý kiến quá dài.")]
    )


class RestoreForm(FlaskForm):
    """Only the CSRF token: restoring is a state change, so it is a POST."""
