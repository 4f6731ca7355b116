"""Views of the auth blueprint."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from documents.db import db
from documents.models import User
from documents.passwords import hash_password, needs_rehash, verify_password
from portal.auth import bp
from portal.auth.forms import LoginForm, PasswordChangeForm
from portal.extensions import login_manager
from portal.indexing import commit

log = logging.getLogger(__name__)
# Verifying against a real hash for unknown users keeps their timing like known ones.
_DUMMY_HASH = hash_password("không-phải-mật-khẩu-thật")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Accept a session only while the user's session version still matches."""
    ident, _, version = user_id.partition(":")
    if not ident.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(ident))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    target = target.strip()
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        user = db.session.scalar(db.select(User).filter_by(username=username))
        ok = verify_password(user.password_hash if user else _DUMMY_HASH, form.password.data)
        if user is not None and ok and user.active:
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(form.password.data)
                commit()
            login_user(user)
            log.info("login ok user=%s addr=%s", user.username, request.remote_addr)
            flash(f"Xin chào {user.full_name}.", "success")
            return redirect(safe_next(form.next.data) or url_for("dashboard.home"))
        log.warning("login failed username=%r addr=%s", username, request.remote_addr)
        form.password.errors.append("Tên đăng nhập hoặc mật khẩu không đúng.")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Response:
    # Bumping the version makes every copy of this session's cookie worthless.
    current_user.session_version += 1
    commit()
    logout_user()
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response:
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current.data):
            form.current.errors.append("Mật khẩu hiện tại không đúng.")
        else:
            user = current_user._get_current_object()
            user.password_hash = hash_password(form.new.data)
            user.session_version += 1
            commit()
            login_user(user)  # this browser stays signed in; every other session ends
            flash("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất.", "success")
            return redirect(url_for("dashboard.home"))
    return render_template("auth/password.html", form=form)
