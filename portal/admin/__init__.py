"""Administration in the browser: users, their roles per unit, units, the audit log.

Only holders of the site permission "administer" (``documents.permissions``) get in;
everyone else is told the page does not exist.
"""

from flask import Blueprint, abort
from flask_login import current_user, login_required

from documents.permissions import may

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def administrators_only() -> None:
    if not may(current_user, "administer"):
        abort(404)


from portal.admin import routes  # noqa: E402,F401
