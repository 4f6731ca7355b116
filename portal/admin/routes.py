"""Views of the administration: each change is one domain operation, audited, one commit."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from documents.administration import (
    UNIT_LEVELS,
    AdminError,
    NewUser,
    UnitData,
    add_role,
    audit_log,
    create_unit,
    create_user,
    issue_password_reset,
    remove_role,
    set_active,
    update_unit,
)
from documents.db import db
from documents.models import ROLE_LABELS, ROLES, UNIT_KINDS, OrgUnit, User
from portal.admin import bp
from portal.admin.forms import RoleForm, UnitForm, UserForm
from portal.saving import saving
from portal.shown_once import show_once, take_shown
from portal.templating import translate

AUDIT_PAGE = 100


def _units() -> list[OrgUnit]:
    return list(db.session.scalars(db.select(OrgUnit).order_by(OrgUnit.name)))


def _role_choices() -> list[tuple[str, str]]:
    return [(r, gettext(ROLE_LABELS[r])) for r in ROLES]


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _me() -> User:
    return current_user._get_current_object()


# --- users -----------------------------------------------------------------------------


@bp.get("/users")
def users() -> str:
    rows = db.session.scalars(db.select(User).order_by(User.username)).all()
    return render_template("admin/users.html", users=rows)


@bp.route("/users/new", methods=["GET", "POST"])
def new_user() -> str | Response:
    form = UserForm()
    form.unit_id.choices = [(u.id, u.name) for u in _units()]
    form.role.choices = _role_choices()
    if form.validate_on_submit():
        data = NewUser(
            form.username.data or "", form.full_name.data or "", form.unit_id.data, form.role.data
        )
        with saving(form, field=None) as save:
            user = create_user(db.session, _me(), data)
            secret = issue_password_reset(db.session, _me(), user)
        if save.ok:
            flash(gettext("Đã tạo tài khoản %(name)s.", name=user.username), "success")
            return _to_reset_link(user, secret)
    return render_template("admin/user_new.html", form=form)


def _to_reset_link(user: User, secret: str) -> Response:
    link = url_for("auth.reset_password", secret=secret, _external=True)
    show_once("reset", link, user.full_name)
    return redirect(url_for("admin.reset_link", user_id=user.id))


@bp.get("/users/<int:user_id>/link")
def reset_link(user_id: int) -> str:
    """The reset link just made, shown once; afterwards, a note saying so."""
    account = _user_or_404(user_id)
    shown = take_shown("reset")
    link = shown["link"] if shown else None
    return render_template("admin/reset_link.html", user=account, link=link)


@bp.get("/users/<int:user_id>")
def user(user_id: int) -> str:
    account = _user_or_404(user_id)
    role_form = RoleForm()
    role_form.unit_id.choices = [(u.id, u.name) for u in _units()]
    role_form.role.choices = _role_choices()
    return render_template(
        "admin/user.html", account=account, role_form=role_form, form=FlaskForm()
    )


@bp.post("/users/<int:user_id>/active")
def set_user_active(user_id: int) -> Response:
    account = _user_or_404(user_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    active = request.form.get("active") == "1"
    try:
        with saving():
            set_active(db.session, _me(), account, active)
    except AdminError as error:
        flash(translate(error.message), "error")
        return redirect(url_for("admin.user", user_id=user_id))
    if active:
        flash(gettext("Đã mở khóa tài khoản %(name)s.", name=account.username), "success")
    else:
        flash(
            gettext(
                "Đã khóa tài khoản %(name)s; mọi phiên đăng nhập của người này đã kết thúc.",
                name=account.username,
            ),
            "success",
        )
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post("/users/<int:user_id>/roles")
def add_user_role(user_id: int) -> ResponseReturnValue:
    account = _user_or_404(user_id)
    form = RoleForm()
    form.unit_id.choices = [(u.id, u.name) for u in _units()]
    form.role.choices = _role_choices()
    if form.validate_on_submit():
        with saving(form, field=None) as save:
            add_role(db.session, _me(), account, form.unit_id.data, form.role.data)
        if save.ok:
            flash(gettext("Đã thêm vai trò."), "success")
            return redirect(url_for("admin.user", user_id=user_id))
    page = render_template("admin/user.html", account=account, role_form=form, form=FlaskForm())
    return page, 400


@bp.post("/users/<int:user_id>/roles/<int:role_id>/delete")
def remove_user_role(user_id: int, role_id: int) -> Response:
    account = _user_or_404(user_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        with saving():
            remove_role(db.session, _me(), account, role_id)
    except AdminError as error:
        flash(translate(error.message), "error")
    else:
        flash(gettext("Đã bỏ vai trò."), "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post("/users/<int:user_id>/reset")
def reset_user_password(user_id: int) -> Response:
    account = _user_or_404(user_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    with saving():
        secret = issue_password_reset(db.session, _me(), account)
    return _to_reset_link(account, secret)


# --- units -----------------------------------------------------------------------------


def _unit_form(unit: OrgUnit | None = None) -> UnitForm:
    form = UnitForm(obj=unit)
    form.kind.choices = [(k, gettext(v)) for k, v in UNIT_KINDS.items()]
    form.level.choices = [(k, gettext(v)) for k, v in UNIT_LEVELS.items()]
    others = [u for u in _units() if unit is None or u.id != unit.id]
    form.parent_id.choices = [(0, gettext("(không có)"))] + [(u.id, u.name) for u in others]
    if unit is not None and request.method == "GET":
        form.parent_id.data = unit.parent_id or 0
    return form


def _unit_data(form: UnitForm) -> UnitData:
    return UnitData(
        code=form.code.data or "",
        name=form.name.data or "",
        short_name=form.short_name.data or "",
        kind=form.kind.data,
        level=form.level.data,
        parent_id=form.parent_id.data or None,
    )


@bp.get("/units")
def units() -> str:
    return render_template("admin/units.html", units=_units(), levels=UNIT_LEVELS)


@bp.route("/units/new", methods=["GET", "POST"])
def new_unit() -> str | Response:
    form = _unit_form()
    if form.validate_on_submit():
        with saving(form, field=None) as save:
            unit = create_unit(db.session, _me(), _unit_data(form))
        if save.ok:
            flash(gettext("Đã tạo đơn vị %(name)s.", name=unit.name), "success")
            return redirect(url_for("admin.units"))
    return render_template("admin/unit_edit.html", form=form, unit=None)


@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
def edit_unit(unit_id: int) -> str | Response:
    unit = db.session.get(OrgUnit, unit_id)
    if unit is None:
        abort(404)
    form = _unit_form(unit)
    if form.validate_on_submit():
        with saving(form, field=None) as save:
            changes = update_unit(db.session, _me(), unit, _unit_data(form))
        if save.ok:
            if changes:
                flash(gettext("Đã lưu đơn vị %(name)s.", name=unit.name), "success")
            else:
                flash(gettext("Không có gì thay đổi."), "info")
            return redirect(url_for("admin.units"))
    return render_template("admin/unit_edit.html", form=form, unit=unit)


# --- audit log -------------------------------------------------------------------------


@bp.get("/audit")
def audit() -> str:
    page = max(1, request.args.get("page", 1, type=int) or 1)
    entries = audit_log(db.session, limit=AUDIT_PAGE + 1, offset=(page - 1) * AUDIT_PAGE)
    targets = {
        ("user", u.id): u.username
        for u in db.session.scalars(
            db.select(User).where(
                User.id.in_([e.target_id for e in entries if e.target_kind == "user"])
            )
        )
    }
    targets |= {
        ("unit", u.id): u.name
        for u in db.session.scalars(
            db.select(OrgUnit).where(
                OrgUnit.id.in_([e.target_id for e in entries if e.target_kind == "unit"])
            )
        )
    }
    return render_template(
        "admin/audit.html",
        entries=entries[:AUDIT_PAGE],
        targets=targets,
        page=page,
        more=len(entries) > AUDIT_PAGE,
    )
