"""Forms of the documents blueprint."""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString, get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms yet
from wtforms.validators import InputRequired, Length, Optional

from documents.models import BODY_MAX, TITLE_MAX
from documents.types import DOCUMENT_TYPES, DocumentType, type_label
from workflows.engine import COMMENT_MAX


def choices(pairs: list[tuple[Any, str]]) -> list[SelectChoice]:
    """Select options in the form WTForms 3.3 expects; labels are message ids, translated."""
    return [
        SelectChoice(value, _l(label) if isinstance(label, str) else label)
        for value, label in pairs
    ]


def _type_label(doc_type: DocumentType) -> str:
    locale = get_locale()
    return type_label(doc_type, english=locale is not None and locale.language == "en")


def type_select_choices() -> list[SelectChoice]:
    """Document types with labels in the reader's language, computed when rendered."""
    return [SelectChoice(t.code, LazyString(_type_label, t)) for t in DOCUMENT_TYPES]


class DocumentForm(FlaskForm):
    doc_type = SelectField(_l("Loại văn bản"), choices=type_select_choices())
    symbol = StringField(
        _l("Số, ký hiệu"), validators=[Optional(), Length(max=80, message=_l("Tối đa 80 ký tự."))]
    )
    issuer_id = SelectField(_l("Cơ quan ban hành"), coerce=int, default=0)
    issuer_name = StringField(
        _l("Cơ quan ban hành (nếu chưa có trong danh sách)"),
        validators=[Optional(), Length(max=200, message=_l("Tối đa 200 ký tự."))],
    )
    term = StringField(
        _l("Khóa (nhiệm kỳ)"),
        validators=[Optional(), Length(max=40, message=_l("Tối đa 40 ký tự."))],
    )
    issued_on = StringField(
        _l("Ngày ban hành (ngày/tháng/năm)"),
        validators=[Optional(), Length(max=40, message=_l("Tối đa 40 ký tự."))],
    )
    place = StringField(
        _l("Địa danh"), validators=[Optional(), Length(max=120, message=_l("Tối đa 120 ký tự."))]
    )
    title = StringField(
        _l("Trích yếu"),
        validators=[
            Length(max=TITLE_MAX, message=_l("Trích yếu tối đa %(max)s ký tự.", max=TITLE_MAX))
        ],
    )
    body = TextAreaField(
        _l("Nội dung (Markdown)"),
        validators=[
            Length(max=BODY_MAX, message=_l("Nội dung tối đa %(max)s ký tự.", max=BODY_MAX))
        ],
    )
    clauses = TextAreaField(
        _l("Các khoản (nhiệm vụ), mỗi khoản bắt đầu bằng số thứ tự “1.”"),
        validators=[Length(max=BODY_MAX, message=_l("Các khoản quá dài."))],
    )
    # The version the user loaded; a different stored version means someone else saved.
    version = HiddenField()


class ImportForm(FlaskForm):
    text = TextAreaField(
        _l("Dán toàn văn văn bản"),
        validators=[
            Length(max=BODY_MAX, message=_l("Văn bản tối đa %(max)s ký tự.", max=BODY_MAX))
        ],
    )
    file = FileField(_l("hoặc chọn tệp (.docx, .pdf, .txt)"))


class AttachmentForm(FlaskForm):
    file = FileField(_l("Tệp đính kèm (PDF, DOCX, XLSX, ODT, TXT)"))


class ValidityForm(FlaskForm):
    status = SelectField(
        _l("Hiệu lực"),
        choices=choices(
            [("", _l("Đang hiệu lực")), ("expired", _l("Hết hiệu lực")), ("repealed", _l("Bãi bỏ"))]
        ),
        validators=[Optional()],
    )
    note = StringField(_l("Ghi chú"), validators=[Length(max=500, message=_l("Tối đa 500 ký tự."))])


class DocumentTransitionForm(FlaskForm):
    version = IntegerField(validators=[InputRequired(_l("Thiếu phiên bản của văn bản."))])
    comment = TextAreaField(
        _l("Ý kiến"), validators=[Length(max=COMMENT_MAX, message=_l("Ý kiến quá dài."))]
    )


class RemoveAttachmentForm(FlaskForm):
    """Only the CSRF token: removing an attachment is a state change, so it is a POST."""


class RestoreForm(FlaskForm):
    """Only the CSRF token: restoring is a state change, so it is a POST."""
