"""Forms of the auth blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

REQUIRED = _l("Vui lòng nhập trường này.")


class LoginForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(REQUIRED), Length(max=80)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(REQUIRED), Length(max=256)])
    next = HiddenField()


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired(REQUIRED)])
    # Length and strength are judged by documents.passwords.password_problem.
    new = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(REQUIRED)])
    confirm = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[DataRequired(REQUIRED), EqualTo("new", message=_l("Hai mật khẩu không khớp."))],
    )


class PasswordResetForm(FlaskForm):
    new = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(REQUIRED)])
    confirm = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[DataRequired(REQUIRED), EqualTo("new", message=_l("Hai mật khẩu không khớp."))],
    )


class TokenForm(FlaskForm):
    """A new API token of the user: a label and whether it may also write."""

    label = StringField(
        _l("Dùng cho việc gì"), validators=[DataRequired(REQUIRED), Length(max=120)]
    )
    write = BooleanField(_l("Cho phép ghi (tạo, sửa, chuyển trạng thái qua API)"))


class RevokeForm(FlaskForm):
    """Revoking a token: a POST with CSRF and nothing else."""
