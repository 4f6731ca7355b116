"""The review of inherited documents (rà soát): the worklist of a successor committee, the
bulk decision (POST, commission reviewers) and the register as XLSX."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user, login_required

from documents.db import db
from documents.followup.assignments import can_follow_up, can_read_follow_up
from documents.i18n import N_
from documents.inherited_review import (
    ReviewError,
    record_review,
    register_docx,
    register_xlsx,
    worklist,
)
from documents.models import Document, OrgUnit
from documents.symbols import symbol_key
from documents.unit_history import REVIEW_OUTCOMES
from portal.saving import saving
from portal.units import bp
from portal.units.forms import ReviewForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _unit(unit_id: int) -> OrgUnit:
    if not can_read_follow_up(current_user):
        abort(403)
    return db.session.get(OrgUnit, unit_id) or abort(404)


def _replacement(text: str) -> Document | None:
    text = (text or "").strip()
    if not text:
        return None
    if text.startswith("#") and text[1:].isdigit():
        found = db.session.get(Document, int(text[1:]))
    else:
        key = symbol_key(text)
        matches = db.session.scalars(db.select(Document).filter_by(symbol_key=key)).all()
        found = matches[0] if key and len(matches) == 1 else None
    if found is None:
        raise ReviewError(
            N_("Không xác định được văn bản thay thế “%(doc)s”; hãy ghi số ký hiệu hoặc #mã."),
            doc=text,
        )
    return found


@bp.route("/<int:unit_id>/review", methods=["GET", "POST"])
@login_required
def review(unit_id: int) -> ResponseReturnValue:
    unit = _unit(unit_id)
    form = ReviewForm()
    form.outcome.choices = [(k, gettext(v)) for k, v in REVIEW_OUTCOMES.items()]
    chosen = [int(i) for i in request.form.getlist("documents") if i.isdigit()]
    if request.method == "POST":
        if not can_follow_up(current_user):
            abort(403)
        if form.validate_on_submit():
            with saving(form, field=None) as save:
                record_review(
                    db.session,
                    unit,
                    chosen,
                    form.outcome.data or "",
                    actor=current_user,
                    comment=form.comment.data or "",
                    replaced_by=_replacement(form.replaced_by.data or ""),
                )
            if save.ok:
                flash(
                    gettext("Đã ghi kết quả rà soát %(num)s văn bản.", num=len(chosen)), "success"
                )
                return redirect(url_for("units.review", unit_id=unit.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "units/review.html",
        unit=unit,
        items=worklist(db.session, unit),
        form=form,
        chosen=set(chosen),
        may_act=can_follow_up(current_user),
    ), status


@bp.get("/<int:unit_id>/review.xlsx")
@login_required
def review_xlsx(unit_id: int) -> Response:
    unit = _unit(unit_id)
    headers = [
        gettext("STT"),
        gettext("Số ký hiệu"),
        gettext("Ngày ban hành"),
        gettext("Cơ quan ban hành"),
        gettext("Trích yếu"),
        gettext("Kết quả rà soát"),
        gettext("Văn bản thay thế"),
        gettext("Ý kiến"),
        gettext("Người rà soát"),
        gettext("Thời gian"),
    ]
    body = register_xlsx(unit, worklist(db.session, unit), headers, gettext)
    return Response(
        body,
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="ra-soat-{unit.code}.xlsx"'},
    )


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.get("/<int:unit_id>/review.docx")
@login_required
def review_docx(unit_id: int) -> Response:
    unit = _unit(unit_id)
    texts = [
        gettext("PHỤ LỤC"),
        gettext("Danh mục văn bản kế thừa đã rà soát — %(unit)s", unit=unit.name),
        gettext("STT"),
        gettext("Số ký hiệu"),
        gettext("Ngày ban hành"),
        gettext("Trích yếu"),
        gettext("Kết quả rà soát"),
        gettext("Ý kiến"),
    ]
    body = register_docx(unit, worklist(db.session, unit), texts, gettext)
    return Response(
        body,
        mimetype=DOCX,
        headers={"Content-Disposition": f'attachment; filename="ra-soat-{unit.code}.docx"'},
    )
