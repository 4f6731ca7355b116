"""Inspections and supervision, review events and their reports, key figures and results."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional

from documents.collation import vi_key
from documents.db import db
from documents.followup.figures import (
    VALUE_MAX,
    define_figure,
    figures_of,
    record_values,
    roll_up,
    values_for,
)
from documents.followup.inspections import (
    REVIEW_KINDS,
    REVIEW_LEVELS,
    TASK_STATUSES,
    Inspection,
    InspectionInput,
    InspectionTask,
    ReviewEvent,
    add_task,
    attach_review_report,
    create_review_event,
    inspections_of,
    record_inspection,
    review_events_of,
    review_reports_of,
    set_task_status,
)
from documents.models import UNIT_KINDS, Assignment
from documents.permissions import principals_of
from documents.rendering import normalise_text
from portal.confirm import confirmation, past_deadlines
from portal.followup import bp
from portal.followup.common import document_or_404, require_follow_up, require_read
from portal.followup.forms import (
    FigureForm,
    InspectionForm,
    ReviewEventForm,
    ReviewReportForm,
    TaskForm,
    TaskStatusForm,
    choices,
)
from portal.forms import given
from portal.saving import assignment_or_404, saving, sees_unit_work
from portal.templating import today
from workflows.definitions import COMMISSION_REVIEWER, UNIT_DRAFTER, UNIT_HEAD
from workflows.worklists import has_results

# The results (report text and key figures) belong to the stages after the plan's review.


@bp.get("/documents/<int:document_id>/inspections")
@login_required
def inspections(document_id: int) -> str:
    require_read()
    document = document_or_404(document_id)
    return render_template(
        "followup/inspections.html",
        document=document,
        inspections=inspections_of(db.session, document),
        statuses=TASK_STATUSES,
    )


@bp.route("/documents/<int:document_id>/inspections/new", methods=["GET", "POST"])
@login_required
def new_inspection(document_id: int) -> ResponseReturnValue:
    require_follow_up()
    document = document_or_404(document_id)
    form = InspectionForm()
    form.unit.choices = choices(
        sorted(((a.unit_id, a.unit.name) for a in document.assignments), key=lambda c: vi_key(c[1]))
    )
    if request.method == "GET":
        form.held_on.data = today()
    confirm = None
    if (
        form.validate_on_submit()
        and not (confirm := confirmation(past_deadlines(form.tasks_due_on.data))).needed
    ):
        lines = normalise_text(form.tasks.data or "").splitlines()
        with saving(form, "findings") as save:
            inspection = record_inspection(
                db.session,
                document,
                InspectionInput(
                    unit_id=form.unit.data,
                    kind=form.kind.data,
                    held_on=given(form.held_on.data),
                    team=form.team.data or "",
                    findings=form.findings.data or "",
                    tasks=tuple((line, form.tasks_due_on.data) for line in lines if line.strip()),
                ),
                actor=current_user,
            )
        if save.ok:
            flash(gettext("Đã lưu kết quả kiểm tra, giám sát."), "success")
            return redirect(url_for("assignments.inspection", inspection_id=inspection.id))
    status = 200 if request.method == "GET" or (confirm and confirm.needed) else 422
    return render_template(
        "followup/inspection_new.html", form=form, document=document, confirmation=confirm
    ), status


def _inspection_or_404(inspection_id: int) -> Inspection:
    inspection = db.session.get(Inspection, inspection_id)
    if inspection is None:
        abort(404)
    return inspection


@bp.get("/inspections/<int:inspection_id>")
@login_required
def inspection(inspection_id: int) -> str:
    require_read()
    found = _inspection_or_404(inspection_id)
    return render_template(
        "followup/inspection.html",
        inspection=found,
        task_form=TaskForm(),
        status_form=TaskStatusForm(),
        statuses=TASK_STATUSES,
    )


@bp.post("/inspections/<int:inspection_id>/tasks")
@login_required
def add_inspection_task(inspection_id: int) -> ResponseReturnValue:
    require_follow_up()
    found = _inspection_or_404(inspection_id)
    form = TaskForm()
    confirm = None
    if (
        form.validate_on_submit()
        and not (confirm := confirmation(past_deadlines(form.due_on.data))).needed
    ):
        with saving(form, "description") as save:
            add_task(db.session, found, form.description.data or "", form.due_on.data)
        if save.ok:
            flash(gettext("Đã thêm việc cần khắc phục."), "success")
            return redirect(url_for("assignments.inspection", inspection_id=found.id))
    return render_template(
        "followup/inspection.html",
        inspection=found,
        task_form=form,
        status_form=TaskStatusForm(),
        statuses=TASK_STATUSES,
        confirmation=confirm,
    ), 200 if confirm and confirm.needed else 422


@bp.post("/tasks/<int:task_id>/status")
@login_required
def task_status(task_id: int) -> Response:
    require_follow_up()
    task = db.session.get(InspectionTask, task_id)
    if task is None:
        abort(404)
    form = TaskStatusForm()
    if not form.validate_on_submit():
        abort(400)
    with saving():
        set_task_status(db.session, task, form.status.data)
    inspection_id = task.inspection_id
    flash(gettext("Đã cập nhật trạng thái."), "success")
    return redirect(url_for("assignments.inspection", inspection_id=inspection_id))


@bp.route("/documents/<int:document_id>/reviews", methods=["GET", "POST"])
@login_required
def reviews(document_id: int) -> ResponseReturnValue:
    require_read()
    document = document_or_404(document_id)
    form = ReviewEventForm()
    confirm = None
    if request.method == "POST":
        require_follow_up()
        if (
            form.validate_on_submit()
            and not (confirm := confirmation(past_deadlines(form.due_on.data))).needed
        ):
            with saving(form, "title") as save:
                create_review_event(
                    db.session,
                    document,
                    kind=form.kind.data,
                    level=form.level.data,
                    due_on=given(form.due_on.data),
                    title=form.title.data or "",
                )
            if save.ok:
                flash(gettext("Đã tạo đợt sơ kết, tổng kết."), "success")
                return redirect(url_for("assignments.reviews", document_id=document.id))
    events = review_events_of(db.session, document)
    units = {a.unit_id: a.unit.name for a in document.assignments}
    return render_template(
        "followup/reviews.html",
        document=document,
        form=form,
        events=[(e, review_reports_of(db.session, e)) for e in events],
        units=units,
        kinds=REVIEW_KINDS,
        levels=REVIEW_LEVELS,
        confirmation=confirm,
    ), 200 if not form.errors else 422


def _assigned_units(document_id: int) -> list[int]:
    return list(
        db.session.scalars(db.select(Assignment.unit_id).filter_by(document_id=document_id))
    )


def _acting_unit(document_id: int) -> int | None:
    """The assigned unit the user drafts for (drafter or unit head), if any."""
    principals = principals_of(current_user)
    for unit_id in _assigned_units(document_id):
        wanted = {t.format(unit=unit_id) for t in (UNIT_DRAFTER, UNIT_HEAD)}
        if principals & wanted:
            return unit_id
    return None


@bp.route("/reviews/<int:event_id>/report", methods=["GET", "POST"])
@login_required
def review_report(event_id: int) -> ResponseReturnValue:
    """A unit attaches (or replaces) its report on a review event."""
    event = db.session.get(ReviewEvent, event_id)
    if event is None or not sees_unit_work(_assigned_units(event.document_id)):
        abort(404)  # another unit's event answers like a missing one
    unit_id = _acting_unit(event.document_id)
    if unit_id is None:
        abort(403)
    existing = next((r for r in review_reports_of(db.session, event) if r.unit_id == unit_id), None)
    form = ReviewReportForm(obj=existing if request.method == "GET" else None)
    if form.validate_on_submit():
        with saving(form, "body") as save:
            attach_review_report(
                db.session, event, unit_id, form.body.data or "", actor=current_user
            )
        if save.ok:
            flash(gettext("Đã gửi báo cáo sơ kết, tổng kết."), "success")
            return redirect(url_for("dashboard.home"))
    return render_template(
        "followup/review_report.html", form=form, event=event, existing=existing
    ), 200 if request.method == "GET" else 422


@bp.route("/documents/<int:document_id>/figures", methods=["GET", "POST"])
@login_required
def figures(document_id: int) -> ResponseReturnValue:
    """The document's key figures (reviewers add them) and their roll-up for a year."""
    require_read()
    document = document_or_404(document_id)
    form = FigureForm()
    if request.method == "POST":
        require_follow_up()
        if form.validate_on_submit():
            with saving(form, "label") as save:
                define_figure(
                    db.session, document, form.label.data or "", form.unit_label.data or ""
                )
            if save.ok:
                flash(gettext("Đã thêm chỉ tiêu."), "success")
                return redirect(url_for("assignments.figures", document_id=document.id))
    year = request.args.get("year", type=int) or today().year
    roll = roll_up(db.session, document, year)
    assignments = sorted(document.assignments, key=lambda a: vi_key(a.unit.name))
    return render_template(
        "followup/figures.html",
        document=document,
        form=form,
        roll=roll,
        year=year,
        assignments=assignments,
        kinds=UNIT_KINDS,
    ), 200 if not form.errors else 422


def _results_form(figures, data=None):
    """A form with one number field per key figure, plus the year."""
    from flask_wtf import FlaskForm

    class ResultsForm(FlaskForm):
        year = IntegerField(
            _l("Năm"), validators=[NumberRange(2000, 2100, _l("Năm không hợp lệ."))]
        )

    for figure in figures:
        label = f"{figure.label} ({figure.unit_label})" if figure.unit_label else figure.label
        setattr(
            ResultsForm,
            f"figure_{figure.id}",
            IntegerField(
                label,
                validators=[
                    Optional(),
                    NumberRange(0, VALUE_MAX, _l("Số liệu phải là số nguyên không âm.")),
                ],
            ),
        )
    return ResultsForm(data=data) if data is not None else ResultsForm()


@bp.route("/<int:assignment_id>/results", methods=["GET", "POST"])
@login_required
def results(assignment_id: int) -> ResponseReturnValue:
    """The unit enters the key figures of its results, once its plan has been reviewed."""
    assignment = assignment_or_404(assignment_id)  # another unit's: as if missing
    principals = principals_of(current_user)
    may_enter = bool(
        principals & {t.format(unit=assignment.unit_id) for t in (UNIT_DRAFTER, UNIT_HEAD)}
    )
    if not may_enter and COMMISSION_REVIEWER not in principals:
        abort(403)
    plan = assignment.plan
    open_for_entry = has_results(plan)
    defined = figures_of(db.session, assignment.document)
    year = request.values.get("year", type=int) or today().year
    if request.method == "POST":
        if not may_enter:
            abort(403)
        form = _results_form(defined)
        if not open_for_entry:
            flash(gettext("Chỉ nhập số liệu kết quả sau khi kế hoạch đã được duyệt."), "warning")
        elif form.validate_on_submit():
            values = {f.id: getattr(form, f"figure_{f.id}").data for f in defined}
            with saving(form, "year") as save:
                record_values(db.session, assignment, form.year.data, values)
            if save.ok:
                flash(gettext("Đã lưu số liệu kết quả."), "success")
                return redirect(
                    url_for("assignments.results", assignment_id=assignment.id, year=form.year.data)
                )
        status = 422
    else:
        stored = values_for(db.session, assignment, year)
        form = _results_form(
            defined, {"year": year, **{f"figure_{k}": v for k, v in stored.items()}}
        )
        status = 200
    return render_template(
        "followup/results.html",
        form=form,
        assignment=assignment,
        plan=plan,
        figures=defined,
        may_enter=may_enter and open_for_entry,
    ), status
