"""Saved searches: keep a search with its filters, share it, run it, follow it as a feed."""

from flask import Blueprint

bp = Blueprint("saved", __name__, url_prefix="/saved")

from portal.saved import feeds, routes  # noqa: E402,F401
