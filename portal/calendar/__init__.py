"""The deadline calendar: a month view, iCalendar feeds by secret link, and withdrawing
an assignment (which the feeds then announce as cancelled)."""

from flask import Blueprint

bp = Blueprint("calendar", __name__)

from portal.calendar import routes  # noqa: E402,F401
