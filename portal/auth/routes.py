"""Views of the auth blueprint."""

from __future__ import annotations

import logging
import time
from urllib.parse import unquote, urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from documents.administration import pending_reset, use_password_reset
from documents.db import db
from documents.models import User, UserRole
from documents.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from documents.revision import REVISION
from portal.auth import bp
from portal.auth.forms import LoginForm, PasswordChangeForm, PasswordResetForm
from portal.auth.throttle import throttle
from portal.extensions import login_manager
from portal.forms import add_error
from portal.page_cache import note_revision
from portal.saving import saving

log = logging.getLogger(__name__)
# Verifying against a real hash for unknown users keeps their timing like known ones.
_DUMMY_HASH = hash_password("không-phải-mật-khẩu-thật")


# The roles and their units come in the user's own statement: every page turns them into
# principals (menu, worklists, permission checks). Built once: an option is immutable.
_WITH_ROLES = (joinedload(User.roles).joinedload(UserRole.unit),)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Accept a session only while the user's session version still matches."""
    ident, _, version = user_id.partition(":")
    if not ident.isdigit() or not version.isdigit():
        return None
    # The data revision comes in the same statement, one snapshot with the user: the pages
    # this request keeps are kept under it (portal.page_cache).
    row = (
        db.session.execute(
            select(User, REVISION).options(*_WITH_ROLES).filter(User.id == int(ident))
        )
        .unique()
        .first()
    )
    if row is None:
        return None
    user, revision = row
    if not user.active or user.session_version != int(version):
        return None
    note_revision(revision)
    return user


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    # Judge the decoded form too: "/%5Cevil.example" and "/%2F/evil" are read as "/\\…" and
    # "//…" by some browsers and proxies.
    decoded = unquote(unquote(target)).strip()
    if "\\" in decoded or decoded.startswith("//") or any(ord(ch) < 32 for ch in decoded):
        return None
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


THROTTLED = _l(
    "Đăng nhập sai quá nhiều lần từ tài khoản hoặc máy này. Vui lòng chờ 15 phút rồi thử "
    "lại, hoặc liên hệ quản trị để được hỗ trợ."
)
WRONG = _l("Tên đăng nhập hoặc mật khẩu không đúng.")
PASSWORD_THROTTLED = _l(
    "Nhập sai mật khẩu hiện tại quá nhiều lần. Vui lòng chờ 15 phút rồi thử lại, hoặc liên "
    "hệ quản trị để được hỗ trợ."
)


def start_session(user: User) -> None:
    """A fresh session for ``user``: nothing from before the login carries over but the
    chosen language."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    login_user(user)
    now = time.time()
    session["auth_at"] = now
    session["seen_at"] = now


@bp.before_app_request
def expire_idle_or_old_sessions() -> Response | None:
    """End sessions idle past SESSION_IDLE_MINUTES or older than SESSION_MAX_HOURS.
    ``/api/v1`` never reads the session (``portal.api.auth``)."""
    if request.path.startswith("/api/v1/") or not current_user.is_authenticated:
        return None
    now = time.time()
    idle = current_app.config["SESSION_IDLE_MINUTES"] * 60
    longest = current_app.config["SESSION_MAX_HOURS"] * 3600
    auth_at, seen_at = session.get("auth_at", 0), session.get("seen_at", 0)
    if now - seen_at > idle or now - auth_at > longest:
        log.info("session expired user=%s", current_user.username)
        logout_user()
        session.clear()
        flash(gettext("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại."), "warning")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if now - seen_at > 60:  # refresh the idle clock without rewriting the cookie each hit
        session["seen_at"] = now
    return None


@bp.before_app_request
def tell_disabled_users() -> None:
    """A session of a user disabled meanwhile is refused by the user loader; say why,
    once, and forget the session."""
    if current_user.is_authenticated or "_user_id" not in session:
        return
    ident = str(session.get("_user_id", "")).partition(":")[0]
    user = db.session.get(User, int(ident)) if ident.isdigit() else None
    if user is not None and not user.active:
        language = session.get("lang")
        session.clear()
        if language:
            session["lang"] = language
        flash(
            gettext(
                "Tài khoản của bạn đã bị khóa nên phiên đăng nhập đã kết thúc. Nếu cần dùng "
                "lại, hãy liên hệ quản trị."
            ),
            "warning",
        )


@bp.route("/reset/<secret>", methods=["GET", "POST"])
def reset_password(secret: str) -> ResponseReturnValue:
    """Set a password through a one-time link issued by an administrator."""
    reset = pending_reset(db.session, secret)
    if reset is None:
        message = gettext(
            "Đường dẫn đặt mật khẩu không hợp lệ, đã dùng hoặc đã hết hạn. Hãy xin quản trị "
            "cấp đường dẫn mới."
        )
        return render_template("auth/reset_invalid.html", message=message), 410
    form = PasswordResetForm()
    if form.validate_on_submit():
        user = reset.user
        problem = password_problem(
            form.new.data or "", [user.username, user.full_name, "kiên giang"], tr=gettext
        )
        if problem:
            add_error(form.new, problem)
        else:
            with saving():
                use_password_reset(db.session, reset, hash_password(form.new.data or ""))
            if current_user.is_authenticated:
                logout_user()
            flash(gettext("Đã đặt mật khẩu. Hãy đăng nhập bằng mật khẩu mới."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form, user=reset.user)


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        username = (form.username.data or "").strip().lower()
        keys = throttle().keys(username, request.remote_addr)
        if throttle().blocked(keys):
            log.warning("login throttled username=%r addr=%s", username, request.remote_addr)
            add_error(form.password, THROTTLED)
            return render_template("auth/login.html", form=form), 429
        user = db.session.scalar(db.select(User).filter_by(username=username))
        ok = verify_password(user.password_hash if user else _DUMMY_HASH, form.password.data or "")
        if user is not None and ok and user.active:
            with saving():
                if needs_rehash(user.password_hash):
                    user.password_hash = hash_password(form.password.data or "")
                throttle().succeeded(keys)
            start_session(user)
            log.info("login ok user=%s addr=%s", user.username, request.remote_addr)
            flash(gettext("Xin chào %(name)s.", name=user.full_name), "success")
            return redirect(safe_next(form.next.data) or url_for("dashboard.home"))
        with saving():
            throttle().failed(keys)
        log.warning("login failed username=%r addr=%s", username, request.remote_addr)
        add_error(form.password, WRONG)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Response:
    # Bumping the version makes every copy of this session's cookie worthless.
    with saving():
        current_user.session_version += 1
    logout_user()
    flash(gettext("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password() -> ResponseReturnValue:
    form = PasswordChangeForm()
    if form.validate_on_submit():
        # The login's counters: a guess of the password counts the same wherever it is made,
        # and a refused guess is not even checked.
        keys = throttle().keys(current_user.username, request.remote_addr)
        if throttle().blocked(keys):
            log.warning("password change throttled user=%s", current_user.username)
            add_error(form.current, PASSWORD_THROTTLED)
            return render_template("auth/password.html", form=form), 429
        problem = password_problem(
            form.new.data or "",
            [current_user.username, current_user.full_name, "kiên giang"],
            tr=gettext,
        )
        if not verify_password(current_user.password_hash, form.current.data or ""):
            with saving():
                throttle().failed(keys)
            add_error(form.current, gettext("Mật khẩu hiện tại không đúng."))
        elif problem:
            add_error(form.new, problem)
        else:
            user = current_user._get_current_object()
            with saving():
                user.password_hash = hash_password(form.new.data or "")
                user.session_version += 1
                throttle().succeeded(keys)
            start_session(user)  # this browser stays signed in; every other session ends
            flash(gettext("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất."), "success")
            return redirect(url_for("dashboard.home"))
    return render_template("auth/password.html", form=form)
