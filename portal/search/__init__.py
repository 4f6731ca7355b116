"""The search page and its JSON twin; both show only what the user may read."""

from flask import Blueprint

bp = Blueprint("search", __name__)

from portal.search import api, routes  # noqa: E402,F401
