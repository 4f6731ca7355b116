"""Forms of the administration pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

REQUIRED = _l("Vui lòng nhập trường này.")


class UserForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(REQUIRED), Length(max=80)])
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(REQUIRED), Length(max=200)])
    unit_id = SelectField(_l("Đơn vị"), coerce=int)
    role = SelectField(_l("Vai trò"))


class RoleForm(FlaskForm):
    unit_id = SelectField(_l("Đơn vị"), coerce=int)
    role = SelectField(_l("Vai trò"))


class UnitForm(FlaskForm):
    code = StringField(_l("Mã đơn vị"), validators=[DataRequired(REQUIRED), Length(max=80)])
    name = StringField(_l("Tên đơn vị"), validators=[DataRequired(REQUIRED), Length(max=200)])
    short_name = StringField(_l("Tên ngắn"), validators=[DataRequired(REQUIRED), Length(max=80)])
    kind = SelectField(_l("Loại đơn vị"))
    level = SelectField(_l("Cấp"))
    parent_id = SelectField(_l("Đơn vị cấp trên"), coerce=int)
