"""The inbox: what was said to my units and to me, and how I want to be told (preferences)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response
from wtforms import EmailField, SelectField
from wtforms.validators import Length, Optional, Regexp

from documents.db import db
from documents.followup.inspections import ReviewEvent, ReviewReport
from documents.inbox import inbox_count, inbox_page, mark_all_read, mark_read
from documents.mail_outbox import last_refusal
from documents.models import Assignment
from documents.notifications import (
    CHOSEN_KINDS,
    DELIVERY_MODES,
    NOTIFICATION_KINDS,
    Notification,
    preferences_of,
    set_preferences,
)
from portal.documents.forms import choices
from portal.forms import add_error
from portal.links import record_row_url
from portal.listing import page_loaded
from portal.page_cache import cached_page
from portal.saving import saving
from portal.templating import row_url

bp = Blueprint("inbox", __name__, url_prefix="/inbox")


def my_units() -> set[int]:
    return {r.unit_id for r in current_user.roles} | {current_user.unit_id}


@bp.get("/")
@login_required
@cached_page
def index() -> str:
    """The review events of my units' documents, and my notifications a page at a time,
    newest first: the count and the page's rows are two statements whatever their number."""
    units = my_units()
    listing = page_loaded(
        "inbox.index",
        {},
        inbox_count(db.session, units, user_id=current_user.id),
        lambda offset, limit: inbox_page(
            db.session, units, user_id=current_user.id, offset=offset, limit=limit
        ),
    )
    events = db.session.scalars(
        db.select(ReviewEvent)
        .options(selectinload(ReviewEvent.document))
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
        listing=listing,
        kinds=NOTIFICATION_KINDS,
        events=events,
        sent=sent,
        # each row's addresses with the route built once (portal.templating.row_url)
        read_url=row_url("inbox.read", "notification_id"),
        plan_url=record_row_url("plan"),
        draft_url=row_url("plans.new", "assignment"),
        # a notification marked read brings the reader back to its page
        back_to_page=f"?page={listing.page}" if listing.page > 1 else "",
    )


@bp.post("/<int:notification_id>/read")
@login_required
def read(notification_id: int) -> Response:
    note = db.session.get(Notification, notification_id)
    if note is None or not (note.unit_id in my_units() or note.user_id == current_user.id):
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    with saving():
        mark_read(db.session, [note], current_user)
    page = request.args.get("page", type=int)
    return redirect(
        url_for("inbox.index", page=page) if page and page > 1 else url_for("inbox.index")
    )


@bp.post("/read-all")
@login_required
def read_all() -> Response:
    if not FlaskForm().validate_on_submit():
        abort(400)
    with saving():
        changed = mark_all_read(db.session, my_units(), current_user, user_id=current_user.id)
    flash(gettext("Đã đánh dấu %(num)s thông báo là đã đọc.", num=changed), "success")
    return redirect(url_for("inbox.index"))


def _preferences_form() -> FlaskForm:
    """One choice per notification kind, and the user's own e-mail address."""

    class PreferencesForm(FlaskForm):
        email = EmailField(
            _l("Địa chỉ thư điện tử của bạn"),
            validators=[
                Optional(),
                Length(max=254),
                Regexp(
                    r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                    message=_l("Địa chỉ thư điện tử không hợp lệ, ví dụ: ten@example.vn."),
                ),
            ],
        )

    modes = choices(list(DELIVERY_MODES.items()))
    for kind, label in CHOSEN_KINDS.items():
        field = SelectField(_l(label), choices=modes, default="inbox")
        setattr(PreferencesForm, f"kind_{kind}", field)
    return PreferencesForm()


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences() -> ResponseReturnValue:
    form = _preferences_form()
    if request.method == "GET":
        form.email.data = current_user.email or ""
        for kind, mode in preferences_of(db.session, current_user.id).items():
            form[f"kind_{kind}"].data = mode
    if form.validate_on_submit():
        modes = {kind: form[f"kind_{kind}"].data for kind in CHOSEN_KINDS}
        if any(m != "inbox" for m in modes.values()) and not form.email.data:
            add_error(
                form.email, gettext("Hãy nhập địa chỉ thư điện tử để nhận thông báo qua thư.")
            )
        else:
            with saving():
                current_user.email = (form.email.data or "").strip() or None
                set_preferences(db.session, current_user, modes)
            flash(gettext("Đã lưu cách nhận thông báo."), "success")
            return redirect(url_for("inbox.preferences"))
    status = 422 if request.method == "POST" else 200
    # the address's last refusal; a new address starts clean (its own rows have none)
    refused = (
        last_refusal(db.session, current_user.email, current_user.id)
        if current_user.email
        else None
    )
    page = render_template("inbox/preferences.html", form=form, kinds=CHOSEN_KINDS, refused=refused)
    return page, status
