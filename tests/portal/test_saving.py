"""One way for a view to load, check and save (``portal.saving``), and nothing else in
``portal/`` that commits or rolls back (issue 14, item 2)."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from flask_login import login_user
from flask_wtf import FlaskForm
from werkzeug.exceptions import Conflict, Forbidden, NotFound
from wtforms import StringField

from documents.db import db
from documents.followup.inspections import ReviewReport, create_review_event
from documents.i18n import N_, Explained
from documents.models import IndexOutbox, Plan
from documents.permissions import principals_of
from documents.plans import PlanError
from documents.service import DocumentError
from portal.saving import MAX_ID, check_version, checking, record_or_404, saving
from tests.conftest import AuthActions, csrf_from
from workflows.engine import fire

PORTAL = Path(__file__).resolve().parents[2] / "portal"
ROUTE_DECORATORS = {"route", "get", "post", "put", "patch", "delete"}
TRANSACTION_CALLS = {"commit", "rollback", "discard"}
# Modules that end a transaction outside any view, each for its reason. Commands
# (portal/cli/) own their transactions and are not scanned.
OWN_TRANSACTIONS = {
    # the helper itself: the one commit and the one rollback of a view
    "saving.py",
    # the commit path saving() calls: commit, then apply the search outbox in its own
    # transaction; and its 409 handler
    "indexing.py",
    # the mail outbox worker: one transaction per message, after the request's commit
    "mail.py",
    # recognition of scans in a thread or `flask ocr run`, outside any request
    "ocr.py",
    # /healthz, see VIEWS_ENDING_TRANSACTIONS
    "health.py",
    # the app's error handlers undo whatever a failed request changed
    "__init__.py",
}
# Views that may end a transaction, each for its reason.
VIEWS_ENDING_TRANSACTIONS = {
    # /healthz writes nothing: its rollbacks end two reads, so that a failed query (an
    # aborted PostgreSQL transaction) is reported and does not fail the next check
    "health.py:healthz",
}
REFUSAL = N_("Kế hoạch này không lưu được.")


def _modules() -> list[Path]:
    return sorted(p for p in PORTAL.rglob("*.py") if "cli" not in p.relative_to(PORTAL).parts)


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _transaction_calls(node: ast.AST) -> list[int]:
    return [
        n.lineno
        for n in ast.walk(node)
        if isinstance(n, ast.Call) and _called_name(n) in TRANSACTION_CALLS
    ]


def _is_view(function: ast.FunctionDef) -> bool:
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr in ROUTE_DECORATORS:
            return True
    return False


def views_ending_transactions(source: str) -> dict[str, list[int]]:
    """The view functions of ``source`` that commit or roll back, with the lines."""
    found = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and _is_view(node):
            lines = _transaction_calls(node)
            if lines:
                found[node.name] = lines
    return found


def _all_views() -> list[str]:
    names = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and _is_view(node):
                names.append(f"{path.relative_to(PORTAL)}:{node.name}")
    return names


def test_the_scanner_sees_a_view_that_commits() -> None:
    source = (
        "@bp.post('/x')\n"
        "def x():\n"
        "    do()\n"
        "    db.session.commit()\n"
        "@bp.route('/y', methods=['POST'])\n"
        "def y():\n"
        "    try:\n"
        "        do()\n"
        "    except E:\n"
        "        db.session.rollback()\n"
        "def helper():\n"
        "    commit()\n"
    )
    assert views_ending_transactions(source) == {"x": [4], "y": [10]}


def test_the_scan_covers_the_writing_views() -> None:
    views = _all_views()
    assert len(views) > 80
    for expected in (
        "plans/routes.py:edit",
        "documents/routes.py:transition",
        "followup/records.py:results",
        "api/plans.py:create",
        "admin/routes.py:new_user",
    ):
        assert expected in views


def test_no_view_commits_or_rolls_back() -> None:
    offenders = {}
    for path in _modules():
        found = views_ending_transactions(path.read_text(encoding="utf-8"))
        offenders |= {f"{path.relative_to(PORTAL)}:{name}": lines for name, lines in found.items()}
    for allowed in VIEWS_ENDING_TRANSACTIONS:
        offenders.pop(allowed)  # fails when the exception is no longer needed
    assert offenders == {}, "views save through portal.saving.saving()"


def test_only_the_listed_modules_end_a_transaction() -> None:
    """Helpers of the views (api/common.py, the token stamp) go through portal.saving too."""
    offenders = {}
    for path in _modules():
        name = str(path.relative_to(PORTAL))
        if name in OWN_TRANSACTIONS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        lines = [
            n.lineno
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and _called_name(n) in {"commit", "rollback"}
        ]
        lines += [
            n.lineno
            for n in ast.walk(tree)
            if isinstance(n, ast.ImportFrom)
            and n.module == "portal.indexing"
            and any(alias.name in ("commit", "conflict") for alias in n.names)
        ]
        if lines:
            offenders[name] = lines
    assert offenders == {}


# --- the helper ------------------------------------------------------------------------


class PlanForm(FlaskForm):
    title = StringField()
    body = StringField()


def _form() -> PlanForm:
    return PlanForm(meta={"csrf": False}, data={"title": "Kế hoạch", "body": "Đã gõ."})


@pytest.fixture
def as_drafter(app, world):
    with app.test_request_context("/", method="POST"):
        login_user(world.drafter)
        yield world


def _as(app, user):
    context = app.test_request_context("/", method="POST")
    context.push()
    login_user(user)
    return context


def test_a_missing_or_hidden_record_is_404_and_a_readable_one_not_allowed_is_403(
    app, world, factory
):
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    context = _as(app, world.other_drafter)  # another unit's draft: as if missing
    try:
        with pytest.raises(NotFound):
            record_or_404(Plan, plan.id)
        with pytest.raises(NotFound):
            record_or_404(Plan, plan.id, "edit")  # 404 before 403: no guessing of ids
    finally:
        context.pop()
    context = _as(app, world.drafter)
    try:
        assert record_or_404(Plan, plan.id, "edit") is plan
        for missing in (plan.id + 1000, MAX_ID + 1, 0, -1):
            with pytest.raises(NotFound):
                record_or_404(Plan, missing)
        fire(db.session, plan, "submit", actor=world.drafter)
        db.session.commit()
        assert record_or_404(Plan, plan.id) is plan  # a submitted plan: read, not changed
        with pytest.raises(Forbidden):
            record_or_404(Plan, plan.id, "edit")
    finally:
        context.pop()


@pytest.mark.parametrize("as_text", [True, False], ids=["hidden field", "integer field"])
def test_a_stale_version_is_409_whether_the_form_sends_text_or_a_number(
    as_drafter, factory, as_text
):
    plan = factory.plan(as_drafter.assignment, as_drafter.drafter)
    db.session.commit()
    current, stale = plan.version, plan.version - 1
    check_version(plan, str(current) if as_text else current)  # no error
    with pytest.raises(Conflict) as raised:
        check_version(plan, str(stale) if as_text else stale, "Đã có người sửa.")
    assert raised.value.portal_message == "Đã có người sửa."


@pytest.mark.parametrize("submitted", [None, "", "abc", "1.0"])
def test_a_version_that_is_not_a_number_counts_as_stale(as_drafter, factory, submitted):
    plan = factory.plan(as_drafter.assignment, as_drafter.drafter)
    db.session.commit()
    with pytest.raises(Conflict):
        check_version(plan, submitted)


def test_a_refusal_rolls_back_and_comes_back_on_the_form_it_was_typed_in(as_drafter, factory):
    plan = factory.plan(as_drafter.assignment, as_drafter.drafter, title="Trước")
    db.session.commit()
    form = _form()
    with saving(form, "body") as save:
        plan.title = "Sau"
        db.session.flush()
        raise PlanError(REFUSAL)
    assert not save.ok and isinstance(save.error, PlanError)
    assert form.body.errors == [REFUSAL]
    assert form.body.data == "Đã gõ." and form.title.data == "Kế hoạch"  # kept
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).title == "Trước"  # nothing saved


def test_a_refusal_naming_its_field_goes_there_and_one_without_a_field_above_the_form(
    as_drafter,
):
    form = _form()
    with saving(form, "body"):
        raise DocumentError(REFUSAL, field="title")
    assert form.title.errors == [REFUSAL] and not form.body.errors
    with saving(form, field=None):
        raise PlanError(REFUSAL)
    assert form.form_errors == [REFUSAL]
    with saving(form, "body"):
        raise DocumentError(REFUSAL, field="not_on_this_form")
    assert form.body.errors == [REFUSAL]


def test_without_a_form_the_refusal_is_raised_again_after_the_rollback(as_drafter, factory):
    plan = factory.plan(as_drafter.assignment, as_drafter.drafter, title="Trước")
    db.session.commit()
    with pytest.raises(PlanError), saving():
        plan.title = "Sau"
        db.session.flush()
        raise PlanError(REFUSAL)
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).title == "Trước"


def test_an_error_that_is_no_refusal_is_not_swallowed(as_drafter):
    with pytest.raises(ZeroDivisionError), saving(_form()):
        raise ZeroDivisionError


def test_a_check_is_refused_like_a_save_and_commits_nothing(as_drafter, factory):
    plan = factory.plan(as_drafter.assignment, as_drafter.drafter, title="Trước")
    db.session.commit()
    form = _form()
    with checking(form, "title") as checked:
        raise PlanError(REFUSAL)
    assert not checked.ok and form.title.errors == [REFUSAL]
    with checking(form) as checked:
        plan.title = "Chỉ xem trước"
        db.session.flush()
    assert checked.ok
    db.session.rollback()  # the end of the request: what was not committed is gone
    assert db.session.get(Plan, plan.id).title == "Trước"


def test_a_save_commits_and_applies_the_search_outbox(as_drafter, factory, app):
    with saving() as save:
        plan = factory.plan(as_drafter.assignment, as_drafter.drafter, title="Kế hoạch mới")
        assert db.session.scalar(db.select(db.func.count()).select_from(IndexOutbox)) > 0
    assert save.ok
    assert db.session.scalar(db.select(db.func.count()).select_from(IndexOutbox)) == 0
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).title == "Kế hoạch mới"
    hits = app.extensions["portal_search"].search(
        "Kế hoạch mới", frozenset(principals_of(as_drafter.drafter))
    )
    assert plan.id in [h.object_id for h in hits.hits if h.kind == "plan"]


# --- a refusal no view answers ---------------------------------------------------------


@pytest.fixture
def refusing_app(app):
    """The app with one page and one API address that save a refusal nobody handles."""

    def refuse() -> str:
        with saving():
            raise Explained(REFUSAL)
        return "unreachable"

    app.add_url_rule("/test-refusal", "test_refusal", refuse, methods=["POST"])
    app.add_url_rule("/api/test-refusal", "test_api_refusal", refuse, methods=["POST"])
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def test_a_refusal_no_view_handles_is_a_422_with_its_message_not_a_500(refusing_app):
    client = refusing_app.test_client()
    response = client.post("/test-refusal")
    assert response.status_code == 422  # was a 500 before portal.saving
    assert "Kế hoạch này không lưu được." in response.get_data(as_text=True)
    answer = client.post("/api/test-refusal")
    assert answer.status_code == 422
    assert answer.get_json() == {"error": "Kế hoạch này không lưu được."}


# --- through the pages -----------------------------------------------------------------


def test_a_refused_plan_edit_keeps_the_text_and_saves_nothing(world, factory, app, monkeypatch):
    plan = factory.plan(world.assignment, world.drafter, body="Bản đã lưu.")
    db.session.commit()
    client = app.test_client()
    AuthActions(client).login("drafter")
    html = client.get(f"/plans/{plan.id}/edit").get_data(as_text=True)

    def refuse(*_args, **_kwargs):
        raise PlanError(REFUSAL)

    monkeypatch.setattr("portal.plans.routes.update_plan", refuse)
    response = client.post(
        f"/plans/{plan.id}/edit",
        data={
            "csrf_token": csrf_from(html),
            "version": str(plan.version),
            "title": plan.title,
            "body": "Bản đang gõ dở.",
        },
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200  # as before: the edit page with the error
    assert REFUSAL in text and "Bản đang gõ dở." in text
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).body == "Bản đã lưu."


def test_a_review_report_the_domain_refuses_comes_back_on_the_form_not_as_a_500(world, app):
    """Before portal.saving this view caught no refusal: a body the form accepts but the
    domain finds empty (only control characters) was a 500; now it is the form, 422."""
    event = create_review_event(
        db.session, world.directive, kind="so_ket", level="district", due_on=date(2019, 12, 31)
    )
    db.session.commit()
    client = app.test_client()
    AuthActions(client).login("drafter")
    url = f"/assignments/reviews/{event.id}/report"
    html = client.get(url).get_data(as_text=True)
    response = client.post(url, data={"csrf_token": csrf_from(html), "body": "\x07\x07"})
    assert response.status_code == 422
    assert "Cần nhập nội dung báo cáo." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(ReviewReport)) == 0
