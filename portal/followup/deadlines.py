"""Moving an assignment's deadline (the commission), which notifies the unit."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user, login_required

from documents.db import db
from documents.followup.deadlines import move_deadline
from portal.followup import bp
from portal.followup.common import require_follow_up
from portal.followup.forms import DeadlineForm
from portal.forms import given
from portal.saving import assignment_or_404, saving
from portal.templating import vn_date


@bp.route("/<int:assignment_id>/deadline", methods=["GET", "POST"])
@login_required
def deadline(assignment_id: int) -> ResponseReturnValue:
    require_follow_up()
    assignment = assignment_or_404(assignment_id)
    form = DeadlineForm()
    if request.method == "GET":
        form.due_on.data = assignment.due_on
    if form.validate_on_submit():
        with saving(form, "due_on") as save:
            move_deadline(
                db.session,
                assignment,
                given(form.due_on.data),
                actor=current_user,
                reason=form.reason.data or "",
            )
        if save.ok:
            flash(
                gettext(
                    "Đã đổi hạn của %(unit)s sang %(date)s và báo cho đơn vị.",
                    unit=assignment.unit.name,
                    date=vn_date(assignment.due_on),
                ),
                "success",
            )
            return redirect(url_for("assignments.coverage", document_id=assignment.document_id))
    status = 422 if request.method == "POST" else 200
    return render_template("followup/deadline.html", form=form, assignment=assignment), status
