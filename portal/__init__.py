"""The web layer: the application factory and what it binds together."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, g, render_template, request, send_from_directory
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, UnprocessableEntity

from documents.db import configure_sqlite, db, reset_write_intent, set_write_intent
from documents.i18n import Explained
from portal.config import build_config
from portal.extensions import csrf, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the portal; ``config`` overrides defaults and environment variables."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=False,
        template_folder=str(ROOT / "templates"),
        static_folder="static",
    )
    app.config.update(build_config(app.instance_path, config))
    # Before any route is added: every <int:…> in an address is a record's id or smaller.
    from portal.saving import RecordIdConverter

    app.url_map.converters["int"] = RecordIdConverter

    # The workflow table's constraints and the history table join the metadata before
    # any table is created or compared with the migrations.
    import workflows.models  # noqa: F401
    from workflows.constraints import bind_state_constraints

    bind_state_constraints()

    db.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    with app.app_context():
        configure_sqlite(db.engine)
    # First of all request hooks: the write intent must be known before anything (the
    # session check of the auth blueprint, say) opens a transaction.
    _register_request_hooks(app)

    from portal import (
        admin,
        auth,
        calendar,
        dashboard,
        documents,
        followup,
        inbox,
        plans,
        saved,
        search,
        units,
    )
    from portal.api import init_api
    from portal.auth.throttle import init_throttle
    from portal.citations import init_citations
    from portal.cli import register_cli
    from portal.health import bp as health_bp
    from portal.help import bp as help_bp
    from portal.i18n import init_i18n
    from portal.indexing import init_search
    from portal.links import init_links
    from portal.logs import init_logging
    from portal.navigation import init_navigation
    from portal.page_cache import init_page_cache
    from portal.templating import init_templating

    app.register_blueprint(auth.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(plans.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(followup.bp)
    app.register_blueprint(inbox.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(saved.bp)
    app.register_blueprint(calendar.bp)
    app.register_blueprint(units.bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(help_bp)
    init_api(app)
    init_logging(app)
    init_search(app)
    init_throttle(app)
    init_i18n(app)
    init_templating(app)
    init_citations(app)
    init_links(app)
    init_navigation(app)
    init_page_cache(app)
    register_cli(app)
    _register_error_pages(app)
    _register_favicon(app)
    return app


FAVICON_MAX_AGE_S = 7 * 24 * 3600


def _register_favicon(app: Flask) -> None:
    """``/favicon.ico``, which browsers ask for on every site whatever the page links."""

    def favicon() -> Any:
        return send_from_directory(
            app.static_folder or "", "favicon.ico", max_age=FAVICON_MAX_AGE_S
        )

    app.add_url_rule("/favicon.ico", endpoint="favicon", view_func=favicon)


def _register_request_hooks(app: Flask) -> None:
    @app.before_request
    def declare_write_intent() -> None:
        # A request that may change data takes SQLite's write lock at BEGIN.
        g.write_intent_token = set_write_intent(request.method not in SAFE_METHODS)

    @app.teardown_request
    def end_write_intent(_error: BaseException | None) -> None:
        token = g.pop("write_intent_token", None)
        if token is not None:
            reset_write_intent(token)

    @app.after_request
    def security_headers(response: Any) -> Any:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response


ERROR_MESSAGES = {
    400: (
        _l("Yêu cầu không hợp lệ"),
        _l("Yêu cầu gửi lên không đúng. Hãy tải lại trang và thử lại."),
    ),
    403: (_l("Không có quyền"), _l("Bạn không có quyền thực hiện thao tác này.")),
    404: (
        _l("Không tìm thấy"),
        _l("Trang hoặc hồ sơ bạn tìm không tồn tại, hoặc bạn không có quyền xem."),
    ),
    405: (_l("Thao tác không hợp lệ"), _l("Thao tác này không được thực hiện theo cách đó.")),
    409: (
        _l("Dữ liệu đã thay đổi"),
        _l("Hồ sơ vừa được người khác thay đổi. Hãy tải lại trang để xem bản mới nhất."),
    ),
    413: (_l("Tệp quá lớn"), _l("Tệp hoặc nội dung gửi lên vượt quá dung lượng cho phép.")),
    503: (
        _l("Tạm thời không phục vụ"),
        _l("Chức năng tạm thời không sẵn sàng. Vui lòng thử lại sau."),
    ),
}


def _register_error_pages(app: Flask) -> None:
    """Error pages in the reader's language; under ``/api/`` the same as JSON."""
    from portal.api.problems import is_api_v1_request, problem, problem_for_http_error
    from portal.http_errors import with_problem
    from portal.i18n import explain, is_api_request, json_error

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        code = error.code or 500
        title, default = ERROR_MESSAGES.get(code, (_l("Lỗi"), _l("Đã có lỗi xảy ra.")))
        # A view's own message is a Vietnamese message id; translated here, at the boundary.
        message = getattr(error, "portal_message", None)
        message = gettext(message) if message else default
        db.session.rollback()
        if is_api_v1_request():
            return problem_for_http_error(error)
        if is_api_request():
            return json_error(str(message), code)
        if code == 409:
            from portal.conflicts import conflict_context

            page = render_template(
                "errors/conflict.html",
                code=code,
                title=title,
                message=message,
                **conflict_context(),
            )
            return page, code
        return render_template("errors/error.html", code=code, title=title, message=message), code

    @app.errorhandler(Explained)
    def refused(error: Explained) -> Any:
        # A domain refusal no view turned into a form error: nothing was saved (the
        # handler rolls back) and the user reads why, as a 422 rather than a 500.
        return http_error(with_problem(UnprocessableEntity(), explain(error)))

    @app.errorhandler(Exception)
    def server_error(error: Exception) -> Any:
        error_id = uuid.uuid4().hex[:12]
        log.exception("unhandled error %s on %s %s", error_id, request.method, request.path)
        db.session.rollback()
        if is_api_request():
            failure = gettext("Đã có lỗi ngoài ý muốn; mã lỗi %(id)s.", id=error_id)
            return problem(500, failure) if is_api_v1_request() else json_error(failure, 500)
        return (
            render_template(
                "errors/error.html",
                code=500,
                title=gettext("Lỗi hệ thống"),
                message=gettext(
                    "Đã có lỗi ngoài ý muốn. Dữ liệu của bạn chưa bị thay đổi. "
                    "Vui lòng thử lại; nếu vẫn lỗi, báo quản trị kèm mã lỗi."
                ),
                error_id=error_id,
            ),
            500,
        )
