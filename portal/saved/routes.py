"""Views of the saved searches: save from the search page, list, run, share, delete,
and the secret feed links of their owner."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from documents.db import db
from documents.i18n import N_
from documents.models import OrgUnit
from documents.saved_searches import (
    SHARING,
    FeedToken,
    SavedSearch,
    can_use,
    feed_tokens_of,
    issue_feed_token,
    revoke_feed_token,
    save_search,
    visible_searches,
)
from portal.forms import add_error
from portal.saved import bp
from portal.saved.forms import SavedSearchForm
from portal.saving import saving
from portal.search.params import SearchParams
from portal.shown_once import show_once, take_shown
from search_index.whoosh.alerts import query_problem

REJECTED_QUERY = N_(
    "Câu tìm kiếm «%(q)s» không có từ, con số hay ký hiệu nào để tìm. Hãy sửa câu tìm "
    "kiếm rồi lưu lại."
)


def _form() -> SavedSearchForm:
    form = SavedSearchForm()
    form.shared_with.choices = [(k, gettext(v)) for k, v in SHARING.items()]
    units = db.session.scalars(db.select(OrgUnit).order_by(OrgUnit.name))
    form.share_unit_id.choices = [(0, "—")] + [(u.id, u.name) for u in units]
    return form


def _mine(saved_id: int) -> SavedSearch:
    saved = db.session.get(SavedSearch, saved_id)
    if saved is None or saved.owner_id != current_user.id:
        abort(404)
    return saved


@bp.get("/")
@login_required
def index() -> str:
    return render_template(
        "saved/index.html",
        searches=visible_searches(db.session, current_user),
        tokens=feed_tokens_of(db.session, current_user),
        sharing=SHARING,
        form=FlaskForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> ResponseReturnValue:
    form = _form()
    if request.method == "GET":
        params = SearchParams.from_args(request.args)
        form.q.data = params.q
        form.name.data = params.q[:120]
        form.arguments.data = urlencode({k: v for k, v in params.args.items() if k != "q"})
        form.shared_with.data = "private"
    elif form.validate_on_submit():
        params = SearchParams.from_args(
            MultiDict([*parse_qsl(form.arguments.data or ""), ("q", form.q.data or "")])
        )
        if not params.q or query_problem(params.q):
            add_error(form.q, gettext(REJECTED_QUERY, q=form.q.data))
        else:
            with saving(form, "name") as save:
                saved = save_search(
                    db.session,
                    current_user,
                    form.name.data or "",
                    params.q,
                    params.args,
                    form.shared_with.data,
                    form.share_unit_id.data or None,
                )
            if save.ok:
                flash(gettext("Đã lưu tìm kiếm «%(name)s».", name=saved.name), "success")
                return redirect(url_for("saved.index"))
    status = 400 if form.errors else 200
    return render_template("saved/new.html", form=form), status


@bp.get("/<int:saved_id>")
@login_required
def run(saved_id: int) -> Response:
    saved = db.session.get(SavedSearch, saved_id)
    if saved is None or not can_use(current_user, saved):
        abort(404)
    query: dict[str, Any] = saved.args  # url_for's keyword values are Any
    return redirect(url_for("search.search", **query))


@bp.post("/<int:saved_id>/delete")
@login_required
def delete(saved_id: int) -> Response:
    saved = _mine(saved_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    name = saved.name
    with saving():
        db.session.delete(saved)
    flash(gettext("Đã xóa tìm kiếm «%(name)s».", name=name), "success")
    return redirect(url_for("saved.index"))


@bp.post("/<int:saved_id>/feed")
@login_required
def new_feed(saved_id: int) -> Response:
    saved = _mine(saved_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    with saving():
        _row, secret = issue_feed_token(db.session, current_user, "search", saved_search=saved)
    show_once("feed", url_for("saved.search_feed", secret=secret, _external=True), saved.name)
    return redirect(url_for("saved.shown_link"))


@bp.get("/link")
@login_required
def shown_link() -> str:
    """A feed link just made (Atom or calendar), shown once; afterwards, a note saying so."""
    shown = take_shown("feed")
    if shown is None:
        return render_template("saved/feed_link.html", link=None, name="")
    return render_template("saved/feed_link.html", link=shown["link"], name=shown["name"])


@bp.post("/feeds/<int:token_id>/revoke")
@login_required
def revoke_feed(token_id: int) -> Response:
    token = db.session.get(FeedToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    with saving():
        revoke_feed_token(db.session, token)
    flash(
        gettext("Đã thu hồi đường dẫn. Ứng dụng nào dùng nó sẽ không nhận được tin nữa."), "success"
    )
    return redirect(url_for("saved.index"))
