"""Forms of the saved searches."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from documents.saved_searches import NAME_MAX, QUERY_MAX

REQUIRED = _l("Vui lòng nhập trường này.")


class SavedSearchForm(FlaskForm):
    name = StringField(
        _l("Tên tìm kiếm"), validators=[DataRequired(REQUIRED), Length(max=NAME_MAX)]
    )
    q = StringField(_l("Câu tìm kiếm"), validators=[DataRequired(REQUIRED), Length(max=QUERY_MAX)])
    arguments = HiddenField()  # the search page's filters, as a query string
    shared_with = SelectField(_l("Chia sẻ với"))
    share_unit_id = SelectField(_l("Đơn vị được chia sẻ"), coerce=int)
