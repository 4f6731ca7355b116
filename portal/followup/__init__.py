"""The commission's follow-up: assignments, the coverage matrix, urging, inspections,
review events, key figures and the annual report.

The feature is called follow-up on every layer (``documents.followup``, ``portal.followup``,
``portal.cli.followup``, ``templates/followup/``); the blueprint keeps the name of its URLs,
``assignments`` (``/assignments/…``, ``url_for("assignments.coverage", …)``), which users
and their bookmarks know."""

from flask import Blueprint

bp = Blueprint("assignments", __name__, url_prefix="/assignments")

from portal.followup import deadlines, records, routes  # noqa: E402,F401
from portal.followup.common import deadline_status  # noqa: E402

bp.add_app_template_global(deadline_status)
