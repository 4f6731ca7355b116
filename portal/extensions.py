"""Flask extensions, created unbound and bound to the app in the factory."""

from __future__ import annotations

from flask_babel import gettext
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from documents.db import db
from documents.i18n import N_

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = N_("Vui lòng đăng nhập để tiếp tục.")
login_manager.localize_callback = gettext
login_manager.login_message_category = "warning"
login_manager.session_protection = "basic"

csrf = CSRFProtect()
# render_as_batch: SQLite can only change a table's constraints by copying the table.
migrate = Migrate(render_as_batch=True, compare_type=True)

__all__ = ["csrf", "db", "login_manager", "migrate"]
