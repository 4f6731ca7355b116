"""Login, logout, password change, and the user loader with session revocation."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from portal.auth import routes, tokens  # noqa: E402,F401
