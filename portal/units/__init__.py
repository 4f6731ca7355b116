"""Units and their history: the list of units, a unit's page with its lineage, and the
administrator's page that records a reorganisation (preview, then apply)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("units", __name__, url_prefix="/units")

from portal.units import review as _review  # noqa: E402,F401
from portal.units import routes as _routes  # noqa: E402,F401
