"""Routes of the units blueprint. Any signed-in user reads units and their lineage; only
administrators record a reorganisation, and only by POST (preview, then apply)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from documents.db import db
from documents.followup.assignments import can_read_follow_up
from documents.lineage import lineage, successors_on
from documents.models import UNIT_KINDS, OrgUnit
from documents.permissions import principals_of
from documents.reorganisation import apply, preview
from documents.unit_events import Preview
from documents.unit_history import EVENT_KINDS, MOVED_KINDS, UnitMove
from portal.saving import checking, saving
from portal.templating import today
from portal.units import bp
from portal.units.forms import ReorganiseForm, event_of
from workflows.definitions import PLAN_WORKFLOW

# Plans whose work is not closed move with their unit: drafts and submitted plans.
MOVING_STATES = PLAN_WORKFLOW.open_states


def is_admin() -> bool:
    return "admin" in principals_of(current_user)


@bp.get("/")
@login_required
def index() -> str:
    units = db.session.scalars(db.select(OrgUnit).order_by(OrgUnit.name)).all()
    day = today()
    return render_template(
        "units/index.html",
        current=[u for u in units if u.is_valid_on(day)],
        former=[u for u in units if not u.is_valid_on(day)],
        may_reorganise=is_admin(),
    )


@bp.get("/<int:unit_id>")
@login_required
def view(unit_id: int) -> str:
    unit = db.session.get(OrgUnit, unit_id) or abort(404)
    day = today()
    moves = db.session.execute(
        db.select(UnitMove.object_kind, db.func.count(UnitMove.id))
        .filter((UnitMove.from_unit_id == unit.id) | (UnitMove.to_unit_id == unit.id))
        .group_by(UnitMove.object_kind)
    ).all()
    return render_template(
        "units/view.html",
        unit=unit,
        entries=lineage(db.session, unit),
        today_units=[u for u in successors_on(db.session, unit, day) if u.id != unit.id],
        moves=dict(moves),
        moved_kinds=MOVED_KINDS,
        valid_today=unit.is_valid_on(day),
        may_review=can_read_follow_up(current_user),
    )


def _form() -> ReorganiseForm:
    form = ReorganiseForm()
    units = db.session.scalars(
        db.select(OrgUnit).filter(OrgUnit.valid_to.is_(None)).order_by(OrgUnit.name)
    ).all()
    form.kind.choices = [(k, gettext(v)) for k, v in EVENT_KINDS.items()]
    form.sources.choices = [(u.code, u.name) for u in units]
    none = [("", gettext("(không có)"))]
    form.existing_target.choices = none + [(u.code, u.name) for u in units]
    form.parent.choices = none + [(u.code, u.name) for u in units]
    form.kind_of_new.choices = [("", gettext("(như đơn vị cũ)"))] + [
        (k, gettext(v)) for k, v in UNIT_KINDS.items()
    ]
    return form


@bp.route("/reorganise", methods=["GET", "POST"])
@login_required
def reorganise() -> str | Response | tuple[str, int]:
    if not is_admin():
        abort(403)
    form = _form()
    shown = None
    if request.method == "POST" and form.validate_on_submit():
        if request.form.get("action") != "apply":
            with checking(form, field=None):  # a preview changes nothing
                shown = preview(
                    db.session, event_of(form), today=today(), open_states=MOVING_STATES
                )
            return _reorganise_page(form, shown)
        with saving(form, field=None) as save:
            event = apply(
                db.session,
                event_of(form),
                actor=current_user,
                today=today(),
                open_states=MOVING_STATES,
            )
        if save.ok:
            flash(gettext("Đã áp dụng sự kiện; công việc đang mở đã chuyển."), "success")
            first = next((link.unit for link in event.links if link.role == "to"), None)
            target = first or next(link.unit for link in event.links)
            return redirect(url_for("units.view", unit_id=target.id))
    return _reorganise_page(form, shown)


def _reorganise_page(form: ReorganiseForm, shown: Preview | None) -> tuple[str, int]:
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "units/reorganise.html", form=form, shown=shown, moved_kinds=MOVED_KINDS
    ), status
