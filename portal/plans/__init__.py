"""Implementation plans: create, edit, view with history, fire workflow transitions."""

from flask import Blueprint

bp = Blueprint("plans", __name__, url_prefix="/plans")

from portal.plans import routes  # noqa: E402,F401
