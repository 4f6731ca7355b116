"""Views of the plans blueprint. The view owns the transaction: one commit per request."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from documents.collation import vi_key
from documents.db import db
from documents.i18n import N_
from documents.lineage import moves_of
from documents.models import Assignment, Plan, User
from documents.permissions import principals_of, unit_principal
from documents.plans import (
    PlanInput,
    create_plan,
    restore_plan_version,
    update_plan,
)
from documents.rendering import BodyTooComplex, BodyTooLong
from documents.versions import current_version_number, versions_of
from portal.citations import look_up_citations
from portal.documents.forms import RestoreForm
from portal.i18n import explain
from portal.links import link_to
from portal.listing import page_of, read_args
from portal.page_cache import cached_page
from portal.plans import bp
from portal.plans.forms import PlanForm, TransitionForm
from portal.saving import assignment_or_404, check_version, record_or_404, saving
from portal.version_pages import comparison, restore_numbered_version, restore_preview
from workflows.definitions import PLAN_WORKFLOW, UNIT_DRAFTER, UNIT_HEAD
from workflows.engine import TransitionRefused, fire, history
from workflows.security import available_transitions, can
from workflows.worklists import latest_return

# What every plan page shows with the plan, in the statement that reads it: its unit, its
# assignment and document, the plan as its assignment's, and its author (the author's roles
# only if asked for).
PLAN_PAGE = (
    joinedload(Plan.unit),
    joinedload(Plan.assignment).joinedload(Assignment.document),
    joinedload(Plan.assignment).joinedload(Assignment.plan),
    joinedload(Plan.created_by).lazyload(User.roles),
)


def visible_plan_or_404(plan_id: int) -> Plan:
    """The plan if the user may see it; otherwise the same 404 as a missing id."""
    return record_or_404(Plan, plan_id, options=PLAN_PAGE)


def may_draft_for(assignment: Assignment) -> bool:
    wanted = {t.format(unit=assignment.unit_id) for t in (UNIT_DRAFTER, UNIT_HEAD)}
    return bool(principals_of(current_user) & wanted)


PLAN_SORTS = {
    "updated": N_("Cập nhật"),
    "unit": N_("Đơn vị"),
    "state": N_("Trạng thái"),
}


def plan_sort_key(sort: str):
    order = {name: i for i, name in enumerate(PLAN_WORKFLOW.state_names)}
    if sort == "unit":
        return lambda p: (vi_key(p.unit.name), -p.updated_at.timestamp(), -p.id)
    if sort == "state":
        return lambda p: (order.get(p.state, len(order)), -p.updated_at.timestamp(), -p.id)
    return lambda p: (-p.updated_at.timestamp(), -p.id)


@bp.get("/")
@login_required
def index() -> str:
    """Plans the user may see, filtered by state and unit, sorted, 20 a page. The
    permission filter comes first, so counts and pages never include hidden plans."""
    args = read_args(("state", "unit", "sort"))
    state, sort = args.get("state", ""), args.get("sort", "updated")
    if state not in PLAN_WORKFLOW.state_names:
        args.pop("state", None)
        state = ""
    if sort not in PLAN_SORTS or sort == "updated":
        args.pop("sort", None)
        sort = "updated"
    unit_id = args.get("unit", "")
    if not unit_id.isdigit():
        args.pop("unit", None)
        unit_id = ""
    query = db.select(Plan)
    if state:
        query = query.filter(Plan.state == state)
    visible = [p for p in db.session.scalars(query) if can(current_user, p, "view")]
    units = sorted({p.unit for p in visible}, key=lambda u: vi_key(u.name))
    if unit_id:
        visible = [p for p in visible if p.unit_id == int(unit_id)]
    visible.sort(key=plan_sort_key(sort))
    listing = page_of("plans.index", args, visible)
    return render_template(
        "plans/index.html",
        plans=listing.items,
        listing=listing,
        state=state,
        states=PLAN_WORKFLOW.states,
        unit_id=int(unit_id) if unit_id else None,
        units=units,
        sort=sort,
        sorts=PLAN_SORTS,
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> str | Response:
    assignment_id = request.values.get("assignment", type=int)
    assignment = assignment_or_404(assignment_id)  # another unit's: as if missing
    if not may_draft_for(assignment):
        abort(403)
    if assignment.plan is not None:
        return redirect(link_to(assignment.plan))
    form = PlanForm()
    if request.method == "GET":
        form.title.data = gettext(
            "Kế hoạch thực hiện %(symbol)s của %(unit)s",
            symbol=assignment.document.symbol or "",
            unit=assignment.unit.name,
        )
    if form.validate_on_submit():
        with saving(form, "body") as save:
            plan = create_plan(
                db.session,
                assignment,
                current_user,
                PlanInput(form.title.data or "", form.body.data or ""),
                initial_state=PLAN_WORKFLOW.initial,
            )
        if save.ok:
            flash(gettext("Đã lưu dự thảo kế hoạch."), "success")
            return redirect(link_to(plan))
    return render_template("plans/edit.html", form=form, assignment=assignment, plan=None)


@bp.route("/<int:plan_id>/edit", methods=["GET", "POST"])
@login_required
def edit(plan_id: int) -> str | Response:
    plan = record_or_404(Plan, plan_id, "edit")
    form = PlanForm(obj=plan if request.method == "GET" else None)
    if form.validate_on_submit():
        check_version(
            plan,
            form.version.data,
            gettext(
                "Kế hoạch vừa được người khác sửa hoặc gửi đi sau khi bạn mở trang. "
                "Nội dung của bạn chưa được lưu: hãy sao chép lại và mở lại trang."
            ),
        )
        with saving(form, "body") as save:
            update_plan(
                db.session,
                plan,
                PlanInput(form.title.data or "", form.body.data or ""),
                author=current_user,
            )
        if save.ok:
            flash(gettext("Đã lưu kế hoạch."), "success")
            return redirect(link_to(plan))
    return render_template("plans/edit.html", form=form, assignment=plan.assignment, plan=plan)


@bp.get("/<int:plan_id>")
@login_required
@cached_page
def view(plan_id: int) -> ResponseReturnValue:
    plan = visible_plan_or_404(plan_id)
    return _render_plan(plan, TransitionForm(version=plan.version))


def _render_plan(plan: Plan, form: TransitionForm, status: int = 200) -> ResponseReturnValue:
    events = history(db.session, plan)
    look_up_citations(plan.body_html, plan.report_html, *(e.comment for e in events))
    return render_template(
        "plans/view.html",
        plan=plan,
        version_number=current_version_number(db.session, plan),
        form=form,
        transitions=available_transitions(current_user, plan),
        can_edit=can(current_user, plan, "edit"),
        events=events,
        moves=moves_of(db.session, "plan", plan.id),
        workflow=PLAN_WORKFLOW,
        is_unit_member=unit_principal(plan.unit_id) in principals_of(current_user),
        returned=latest_return(db.session, plan),
    ), status


REFUSAL_STATUS = {
    "unknown": 404,
    "permission": 403,
    "comment": 422,
    "report": 422,
    "body": 422,
}


def _refuse(plan_id: int, form: TransitionForm, reason: str, status: int) -> ResponseReturnValue:
    """Nothing was changed (``saving`` rolled back): show the plan with the user's input
    kept."""
    plan = visible_plan_or_404(plan_id)
    if status in (403, 404):
        abort(status)
    flash(reason, "danger")
    return _render_plan(plan, form, status)


@bp.post("/<int:plan_id>/transitions/<name>")
@login_required
def transition(plan_id: int, name: str) -> ResponseReturnValue:
    plan = visible_plan_or_404(plan_id)
    form = TransitionForm()
    if not form.validate_on_submit():
        return _render_plan(plan, form, 400)
    check_version(
        plan,
        form.version.data,
        gettext(
            "Kế hoạch vừa được người khác thay đổi sau khi bạn mở trang; thao tác của bạn "
            "chưa được thực hiện. Hãy xem trạng thái mới nhất rồi thử lại."
        ),
    )
    try:
        with saving():
            event = fire(
                db.session,
                plan,
                name,
                actor=current_user,
                comment=form.comment.data or "",
                report_text=form.report_text.data,
            )
    except TransitionRefused as refused:
        return _refuse(plan_id, form, explain(refused), REFUSAL_STATUS.get(refused.code, 409))
    except (BodyTooLong, BodyTooComplex) as error:
        return _refuse(plan_id, form, explain(error), 422)
    done = PLAN_WORKFLOW.transition(event.transition)
    flash(
        gettext(
            "Đã thực hiện: %(action)s.", action=gettext(done.title) if done else event.transition
        ),
        "success",
    )
    if not can(current_user, plan, "view"):  # a returned draft is its unit's alone again
        return redirect(url_for("dashboard.home"))
    return redirect(link_to(plan))


@bp.get("/<int:plan_id>/versions")
@login_required
def versions(plan_id: int) -> str:
    """The plan's saved versions beside its review history (which revisions never erase)."""
    plan = visible_plan_or_404(plan_id)
    events = history(db.session, plan)
    look_up_citations(*(e.comment for e in events))  # one statement for all the comments
    return render_template(
        "plans/versions.html",
        plan=plan,
        versions=versions_of(db.session, plan),
        events=events,
        moves=moves_of(db.session, "plan", plan.id),
        workflow=PLAN_WORKFLOW,
        can_edit=can(current_user, plan, "edit"),
        form=RestoreForm(),
    )


@bp.get("/<int:plan_id>/versions/compare")
@login_required
def compare_versions(plan_id: int) -> str:
    plan = visible_plan_or_404(plan_id)
    return render_template("plans/compare.html", plan=plan, **comparison(plan))


@bp.get("/<int:plan_id>/versions/<int:number>/restore")
@login_required
def confirm_restore(plan_id: int, number: int) -> str:
    """What restoring version ``number`` would change, and the button that does it (a
    POST with its CSRF token: the page works without JavaScript and GET changes nothing)."""
    plan = visible_plan_or_404(plan_id)
    if not can(current_user, plan, "edit"):
        abort(403)
    return render_template("plans/restore.html", plan=plan, **restore_preview(plan, number))


@bp.post("/<int:plan_id>/versions/<int:number>/restore")
@login_required
def restore_version(plan_id: int, number: int) -> Response:
    plan = record_or_404(Plan, plan_id, "edit")
    restore_numbered_version(
        plan,
        number,
        lambda version: restore_plan_version(db.session, plan, version, author=current_user),
    )
    return redirect(url_for("plans.versions", plan_id=plan.id))
