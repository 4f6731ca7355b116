"""The commission's follow-up: assignments, the coverage matrix, urging, inspections,
review events, key figures and the annual report."""

from flask import Blueprint

bp = Blueprint("assignments", __name__, url_prefix="/assignments")

from portal.assignments import deadlines, records, routes  # noqa: E402,F401
from portal.assignments.common import deadline_status  # noqa: E402

bp.add_app_template_global(deadline_status)
