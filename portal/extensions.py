"""Flask extensions, created unbound and bound to the app in the factory."""

from __future__ import annotations

from flask_login import LoginManager
from flask_wtf import CSRFProtect

from documents.db import db

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
login_manager.login_message_category = "warning"
login_manager.session_protection = "basic"

csrf = CSRFProtect()

__all__ = ["csrf", "db", "login_manager"]
