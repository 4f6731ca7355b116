"""Assigning, the coverage matrix and its exports, urging, the annual report.

Every view owns its transaction (one ``saving`` block); e-mail goes out after its commit.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from documents.collation import vi_key
from documents.db import db
from documents.followup.assignments import (
    UNIT_GROUPS,
    URGING_LABELS,
    AssignInput,
    FollowUpError,
    assign_many,
    can_follow_up,
    default_message,
    suggested_levels,
    units_of_group,
    urge,
    urgings_of,
)
from documents.followup.coverage import BUCKET_LABELS, BUCKETS, SORT_KEYS
from documents.followup.coverage_rows import filter_rows, sort_rows
from documents.followup.exports import days_text, matrix_csv, matrix_xlsx
from documents.i18n import render
from documents.models import UNIT_KINDS, Assignment, Document, OrgUnit
from portal.followup import bp
from portal.followup.common import (
    as_of_arg,
    document_or_404,
    matrix_for,
    near_days,
    require_follow_up,
    require_read,
    zone,
)
from portal.followup.forms import AssignForm, ReportForm, UrgeForm, UrgeManyForm, choices
from portal.followup.reporting import XLSX_MIME, annual_report
from portal.forms import given
from portal.i18n import explain
from portal.links import record_row_url
from portal.page_cache import cached_page
from portal.pictures.buckets import bucket_chart
from portal.rows import state_badges
from portal.saving import saving
from portal.templating import row_url, today, translate, translator, vn_date
from workflows.definitions import STATE_TITLES


@bp.get("/")
@login_required
def index() -> str:
    """Documents that have assignments, with their bucket totals: the way into matrices."""
    require_read()
    documents = list(
        db.session.scalars(
            db.select(Document)
            .filter(Document.id.in_(db.select(Assignment.document_id)))
            .order_by(Document.issued_on.desc())
        )
    )
    all_documents = list(db.session.scalars(db.select(Document).order_by(Document.symbol)))
    return render_template(
        "followup/index.html",
        documents=documents,
        all_documents=all_documents,
        totals={d.id: matrix_for(d).totals for d in documents},
        buckets=BUCKET_LABELS,
    )


def _unit_choices() -> list[tuple[int, str]]:
    day = today()
    units = sorted(
        db.session.scalars(db.select(OrgUnit).filter(OrgUnit.kind.notin_(("central",)))),
        key=lambda u: vi_key(u.name),
    )
    return [(u.id, u.name) for u in units if u.is_valid_on(day)]


@bp.route("/documents/<int:document_id>/assign", methods=["GET", "POST"])
@login_required
def assign(document_id: int) -> ResponseReturnValue:
    require_follow_up()
    document = document_or_404(document_id)
    form = AssignForm()
    form.units.choices = choices(_unit_choices())
    form.clause.choices = [("", gettext("Toàn văn bản"))] + [
        (str(c.id), gettext("Mục %(number)s: %(text)s", number=c.number, text=c.text[:80]))
        for c in sorted(document.clauses, key=lambda c: c.number)
    ]
    if form.validate_on_submit():
        if form.group.data == "custom":
            unit_ids = tuple(form.units.data or ())
        else:
            unit_ids = tuple(u.id for u in units_of_group(db.session, form.group.data, today()))
        with saving(form, "units") as save:
            result = assign_many(
                db.session,
                document,
                AssignInput(
                    unit_ids,
                    form.deliverable.data,
                    form.due_on.data,
                    clause_id=int(form.clause.data) if form.clause.data else None,
                ),
                today=today(),
            )
        if save.ok:
            flash(gettext("Đã giao cho %(num)s đơn vị.", num=len(result.created)), "success")
            if result.already:
                names = ", ".join(u.name for u in result.already)
                flash(gettext("Đã giao từ trước (giữ nguyên): %(names)s.", names=names), "info")
            return redirect(url_for("assignments.coverage", document_id=document.id))
    return render_template(
        "followup/assign.html", form=form, document=document, groups=UNIT_GROUPS
    ), 200 if request.method == "GET" or not form.errors else 422


def _matrix_args() -> dict[str, str]:
    return {
        "sort": request.args.get("sort", "unit"),
        "dir": "desc" if request.args.get("dir") == "desc" else "asc",
        "bucket": request.args.get("bucket", "") if request.args.get("bucket") in BUCKETS else "",
        "kind": request.args.get("kind", "") if request.args.get("kind") in UNIT_KINDS else "",
        "q": request.args.get("q", "").strip()[:100],
        "deliverable": request.args.get("deliverable", ""),
        "near": "1" if request.args.get("near") == "1" else "",
        "as_of": request.args.get("as_of", "").strip()[:10],
    }


@bp.get("/documents/<int:document_id>/coverage")
@login_required
@cached_page
def coverage(document_id: int) -> str:
    require_read()
    document = document_or_404(document_id)
    args = _matrix_args()
    as_of, readable = as_of_arg(args["as_of"])
    matrix = matrix_for(document, args["deliverable"] or None, as_of)
    rows = filter_rows(
        matrix.rows,
        bucket=args["bucket"] or None,
        kind=args["kind"] or None,
        text=args["q"],
        near_due=bool(args["near"]),
    )
    rows = sort_rows(rows, args["sort"], args["dir"] == "desc")
    urge_form = UrgeManyForm()
    language = translator()

    def link(**changes: str) -> str:
        wanted: dict[str, Any] = {k: v for k, v in {**args, **changes}.items() if v}
        return url_for("assignments.coverage", document_id=document.id, **wanted)

    return render_template(
        "followup/coverage.html",
        document=document,
        matrix=matrix,
        rows=rows,
        totals=matrix.totals,
        args=args,
        buckets=BUCKET_LABELS,
        sort_keys=SORT_KEYS,
        kinds={k: UNIT_KINDS[k] for k in sorted({r.unit_kind for r in matrix.rows})},
        chart=bucket_chart(matrix.totals),
        urge_form=urge_form,
        # What each row repeats, translated or formatted once per page (not per cell).
        days_text=lambda row: days_text(row, language),
        day=cache(vn_date),
        badge=state_badges(),
        kind_titles={k: translate(label) for k, label in UNIT_KINDS.items()},
        urging_titles={k: translate(label) for k, label in URGING_LABELS.items()},
        may_act=_may_act(),
        near_days=near_days(),
        link=link,
        plan_url=record_row_url("plan"),
        urge_url=row_url("assignments.urge_one", "assignment_id"),
        results_url=row_url("assignments.results", "assignment_id"),
        as_of=as_of,
        as_of_unreadable=not readable,
    )


def _may_act() -> bool:
    return can_follow_up(current_user)


@bp.get("/documents/<int:document_id>/coverage.<fmt>")
@login_required
def coverage_export(document_id: int, fmt: str) -> Response:
    require_read()
    document = document_or_404(document_id)
    as_of, _readable = as_of_arg(request.args.get("as_of"))
    matrix = matrix_for(document, request.args.get("deliverable") or None, as_of)
    stem = f"tinh-hinh-{(document.symbol or str(document.id)).replace('/', '-')}"
    if fmt == "xlsx":
        # The file speaks the reader's language, as the page it was downloaded from.
        data = matrix_xlsx(matrix, STATE_TITLES, today=today(), language=translator())
        mime = XLSX_MIME
    elif fmt == "csv":
        data = matrix_csv(matrix, STATE_TITLES, language=translator())
        mime = "text/csv; charset=utf-8"
    else:
        abort(404)
    return _download(data, mime, f"{stem}.{fmt}")


def _download(data: bytes, mime: str, filename: str) -> Response:
    response = current_app.response_class(data, mimetype=mime)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.post("/documents/<int:document_id>/urge")
@login_required
def urge_many(document_id: int) -> str | Response:
    """Urge the checked units of the matrix, each at its next level or one chosen level."""
    require_follow_up()
    document = document_or_404(document_id)
    form = UrgeManyForm()
    candidates = {a.id: a for a in document.assignments}
    form.assignments.choices = choices((a.id, a.unit.name) for a in candidates.values())
    if not form.validate_on_submit() or not form.assignments.data:
        flash(gettext("Hãy chọn ít nhất một đơn vị để đôn đốc."), "warning")
        return redirect(url_for("assignments.coverage", document_id=document.id))
    level = None if form.level.data == "next" else form.level.data
    try:
        with saving():
            urgings = [
                urge(
                    db.session,
                    candidates[i],
                    actor=current_user,
                    today=today(),
                    level=level,
                    message=form.message.data or "",
                )
                for i in form.assignments.data
            ]
    except FollowUpError as error:
        flash(explain(error), "danger")
        return redirect(url_for("assignments.coverage", document_id=document.id))
    flash(gettext("Đã đôn đốc %(num)s đơn vị.", num=len(urgings)), "success")
    return redirect(url_for("assignments.coverage", document_id=document.id))


@bp.route("/<int:assignment_id>/urge", methods=["GET", "POST"])
@login_required
def urge_one(assignment_id: int) -> str | Response:
    require_follow_up()
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None:
        abort(404)
    suggested = suggested_levels(db.session, [assignment.id])[assignment.id]
    form = UrgeForm()
    if request.method == "GET":
        form.level.data = suggested
        form.message.data = render(default_message(assignment, suggested), translator())
    if form.validate_on_submit():
        with saving(form, "message") as save:
            urging = urge(
                db.session,
                assignment,
                actor=current_user,
                today=today(),
                level=form.level.data,
                message=_typed(form.message.data, assignment, (suggested, form.level.data)),
            )
        if save.ok:
            flash(
                gettext(
                    "Đã gửi %(level)s tới %(unit)s.",
                    level=gettext(URGING_LABELS[urging.level]).lower(),
                    unit=assignment.unit.name,
                ),
                "success",
            )
            return redirect(url_for("assignments.coverage", document_id=assignment.document_id))
    return render_template(
        "followup/urge.html",
        form=form,
        assignment=assignment,
        history=urgings_of(db.session, assignment),
        suggested=suggested,
        urging_labels=URGING_LABELS,
    )


def _typed(text: str | None, assignment: Assignment, levels: tuple[str, ...]) -> str:
    """The message a reviewer typed; "" when it is the default text the form was filled
    with (in the reviewer's language), so that the unit reads it in its own language."""
    typed = " ".join((text or "").split())
    defaults = {
        " ".join(render(default_message(assignment, level), translator()).split())
        for level in levels
        if level in URGING_LABELS
    }
    return "" if typed in defaults else text or ""


@bp.get("/documents/<int:document_id>/report")
@login_required
def report(document_id: int) -> ResponseReturnValue:
    """The annual report form; with ``year`` and ``format`` given, the file itself."""
    require_follow_up()
    document = document_or_404(document_id)
    form = ReportForm(request.args)
    if "year" not in request.args:
        form.year.data = today().year
        return render_template("followup/report.html", form=form, document=document)
    if not form.validate():
        return render_template("followup/report.html", form=form, document=document), 422
    data, mime, filename = annual_report(
        db.session,
        document,
        year=given(form.year.data),
        fmt=form.format.data,
        today=today(),
        zone=zone(),
        near_days=near_days(),
        place=current_app.config.get("REPORT_PLACE", "Rạch Giá"),
        number=form.number.data or "",
        proposals=form.proposals.data or "",
        language=translator(),
    )
    return _download(data, mime, filename)
