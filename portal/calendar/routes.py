"""Views of the calendar: the month page, feed links, the feeds, withdrawing."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from documents.db import db
from documents.followup.assignments import can_follow_up, can_read_follow_up
from documents.followup.deadlines import (
    ENTRY_KINDS,
    CalendarEntry,
    DeadlineError,
    commission_entries,
    month_grid,
    unit_entries,
    withdraw_assignment,
)
from documents.models import OrgUnit, User, utcnow
from documents.permissions import principals_of, unit_principal
from documents.saved_searches import issue_feed_token
from portal.calendar import bp
from portal.calendar.ics import ics
from portal.links import record_url
from portal.saved.feeds import live_token
from portal.saving import assignment_or_404, saving
from portal.shown_once import show_once
from portal.templating import today, translate


def _month() -> tuple[int, int]:
    raw = request.args.get("month", "")
    try:
        year, month = (int(part) for part in raw.split("-", 1))
        if 1900 < year < 2200 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    now = today()
    return now.year, now.month


def _may_see_unit(user: User, unit_id: int) -> bool:
    return can_read_follow_up(user) or unit_principal(unit_id) in principals_of(user)


def _entries_for(user: User, unit_id: int | None) -> list[CalendarEntry]:
    if unit_id is None:
        if can_read_follow_up(user):
            return commission_entries(db.session)
        unit_id = user.unit_id
    if not _may_see_unit(user, unit_id):
        abort(404)
    return unit_entries(db.session, unit_id)


def _link(entry: CalendarEntry, external: bool = False) -> str | None:
    if entry.link is None:
        return None
    _kind, ident = entry.link
    return record_url("document", ident, external=external)


@bp.get("/calendar/")
@login_required
def month() -> str:
    year, month_no = _month()
    unit_id = request.args.get("unit", type=int)
    entries = _entries_for(current_user, unit_id)
    by_day: dict[date, list[CalendarEntry]] = {}
    for entry in entries:
        if entry.day.year == year and entry.day.month == month_no:
            by_day.setdefault(entry.day, []).append(entry)
    previous = (year - 1, 12) if month_no == 1 else (year, month_no - 1)
    following = (year + 1, 1) if month_no == 12 else (year, month_no + 1)
    units = []
    if can_read_follow_up(current_user):
        units = list(db.session.scalars(db.select(OrgUnit).order_by(OrgUnit.name)))
    return render_template(
        "calendar/month.html",
        year=year,
        month_no=month_no,
        weeks=month_grid(year, month_no),
        by_day=by_day,
        kinds=ENTRY_KINDS,
        link=_link,
        previous=f"{previous[0]}-{previous[1]:02d}",
        following=f"{following[0]}-{following[1]:02d}",
        unit_id=unit_id,
        units=units,
        commission=can_read_follow_up(current_user),
        may_withdraw=can_follow_up(current_user),
        form=FlaskForm(),
    )


@bp.post("/calendar/feed")
@login_required
def new_feed() -> Response:
    if not FlaskForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    with saving():
        if request.form.get("scope") == "commission":
            if not can_read_follow_up(user):
                abort(403)
            _row, secret = issue_feed_token(db.session, user, "commission_calendar")
            name = gettext("Lịch hạn toàn tỉnh")
        else:
            unit_id = request.form.get("unit", type=int) or user.unit_id
            unit = db.session.get(OrgUnit, unit_id)
            if unit is None or not _may_see_unit(user, unit_id):
                abort(404)
            _row, secret = issue_feed_token(db.session, user, "unit_calendar", unit_id=unit_id)
            name = unit.name
    show_once("feed", url_for("calendar.feed", secret=secret, _external=True), name)
    return redirect(url_for("saved.shown_link"))


@bp.get("/calendar/feeds/<secret>.ics")
def feed(secret: str) -> Response:
    token = live_token(secret, "unit_calendar", "commission_calendar")
    owner = token.user
    if token.kind == "commission_calendar":
        if not can_read_follow_up(owner):
            abort(404)
        entries, name = commission_entries(db.session), "Lịch hạn toàn tỉnh"
    else:
        if token.unit_id is None or token.unit is None or not _may_see_unit(owner, token.unit_id):
            abort(404)
        entries, name = unit_entries(db.session, token.unit_id), token.unit.name
    links = {e.uid: link for e in entries if (link := _link(e, external=True))}
    response = make_response(ics(entries, name, utcnow(), links))
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/assignments/<int:assignment_id>/withdraw")
@login_required
def withdraw(assignment_id: int) -> Response:
    assignment = assignment_or_404(assignment_id)
    if not can_follow_up(current_user):
        abort(403)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        with saving():
            withdraw_assignment(db.session, assignment)
    except DeadlineError as error:
        flash(translate(error.message), "error")
    else:
        flash(
            gettext("Đã thu hồi nhiệm vụ; lịch của đơn vị sẽ ghi là đã hủy."),
            "success",
        )
    return redirect(url_for("calendar.month", unit=assignment.unit_id))
