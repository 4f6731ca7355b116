"""``/auth/tokens``: a user makes, lists and revokes their API tokens; an administrator
lists and revokes everyone's. A new token is shown once; only its hash is kept."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from documents.db import db
from documents.tokens import ApiToken, create_token, may_manage_token, revoke_token, tokens_for
from portal.auth import bp
from portal.auth.forms import RevokeForm, TokenForm
from portal.saving import saving


def _page(form: TokenForm, secret: str | None = None, status: int = 200) -> tuple[str, int]:
    return render_template(
        "auth/tokens.html",
        form=form,
        revoke_form=RevokeForm(),
        tokens=tokens_for(db.session, current_user),
        secret=secret,
    ), status


@bp.get("/tokens")
@login_required
def api_tokens() -> tuple[str, int]:
    return _page(TokenForm())


@bp.post("/tokens")
@login_required
def create_api_token() -> tuple[str, int]:
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    with saving():
        _row, secret = create_token(
            db.session, current_user, (form.label.data or "").strip(), write=bool(form.write.data)
        )
    flash(gettext("Đã tạo mã truy cập. Hãy sao chép ngay: mã chỉ hiện một lần."), "success")
    # Shown on this page, never redirected to: the secret must not ride in a flash cookie.
    return _page(TokenForm(formdata=None), secret)


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_api_token(token_id: int) -> Response:
    row = db.session.get(ApiToken, token_id)
    if row is None or not may_manage_token(current_user, row):
        abort(404)  # another user's token is as good as missing
    if not RevokeForm().validate_on_submit():
        abort(400)
    with saving():
        revoke_token(db.session, row.id)
    flash(gettext("Đã thu hồi mã truy cập “%(label)s”.", label=row.label), "success")
    return redirect(url_for("auth.api_tokens"))
