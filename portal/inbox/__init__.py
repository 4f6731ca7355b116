"""A unit's inbox: urgings, deadline reminders and new assignments addressed to it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from documents.db import db
from documents.inspections import ReviewEvent, ReviewReport
from documents.models import Assignment
from documents.notifications import NOTIFICATION_KINDS, Notification, inbox, mark_read
from portal.indexing import commit

bp = Blueprint("inbox", __name__, url_prefix="/inbox")


def my_units() -> set[int]:
    return {r.unit_id for r in current_user.roles} | {current_user.unit_id}


@bp.get("/")
@login_required
def index() -> str:
    units = my_units()
    notes = inbox(db.session, units)
    events = db.session.scalars(
        db.select(ReviewEvent)
        .filter(
            ReviewEvent.document_id.in_(
                db.select(Assignment.document_id).filter(Assignment.unit_id.in_(units))
            )
        )
        .order_by(ReviewEvent.due_on)
    ).all()
    sent = set(
        db.session.scalars(db.select(ReviewReport.event_id).filter(ReviewReport.unit_id.in_(units)))
    )
    return render_template(
        "inbox/index.html",
        notes=notes,
        kinds=NOTIFICATION_KINDS,
        form=FlaskForm(),
        events=events,
        sent=sent,
    )


@bp.post("/<int:notification_id>/read")
@login_required
def read(notification_id: int) -> Response:
    note = db.session.get(Notification, notification_id)
    if note is None or note.unit_id not in my_units():
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    mark_read(db.session, [note], current_user)
    commit()
    return redirect(url_for("inbox.index"))


@bp.post("/read-all")
@login_required
def read_all() -> Response:
    if not FlaskForm().validate_on_submit():
        abort(400)
    changed = mark_read(db.session, inbox(db.session, my_units()), current_user)
    commit()
    flash(gettext("Đã đánh dấu %(num)s thông báo là đã đọc.", num=changed), "success")
    return redirect(url_for("inbox.index"))
