"""Languages: Vietnamese by default, English one click away (Flask-Babel).

Message ids are the Vietnamese texts; ``translations/en`` holds the English catalogue,
compiled by ``make install``. Who decides the language:

- a page: the choice kept in the session, else Vietnamese (the users' language, whatever
  their browser says);
- the JSON API (``/api/…``): the session's choice, else the request's ``Accept-Language``,
  since a script has no switch to click;
- the CLI and cron (no request): ``PORTAL_LANG``, else the POSIX locale variables
  (``LC_ALL``, ``LC_MESSAGES``, ``LANG``): ``LANG=en_US.UTF-8`` gives English, ``C`` or
  anything else Vietnamese.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from typing import ParamSpec, TypeVar

from flask import (
    Blueprint,
    Flask,
    has_request_context,
    jsonify,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import Babel, force_locale, get_locale, gettext
from werkzeug.wrappers import Response

from documents.i18n import Explained, render
from portal.auth.routes import safe_next
from portal.templating import translator

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"

babel = Babel()
bp = Blueprint("i18n", __name__)
API_PREFIX = "/api/"
ENVIRONMENT_KEYS = ("PORTAL_LANG", "LC_ALL", "LC_MESSAGES", "LANG")

P = ParamSpec("P")
R = TypeVar("R")


def _language_of(tag: str) -> str | None:
    """ "en" for ``en_US.UTF-8``, ``en-GB`` or ``EN``; None for a language we lack."""
    code = tag.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def environment_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of a command run outside a request: the first of ``PORTAL_LANG``,
    ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set decides (as POSIX orders them)."""
    environ = os.environ if environ is None else environ
    for key in ENVIRONMENT_KEYS:
        if environ.get(key):
            return _language_of(environ[key]) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def _accepted_language() -> str:
    for tag, _quality in request.accept_languages:  # best first
        code = _language_of(tag)
        if code:
            return code
    return DEFAULT_LANGUAGE


def select_locale() -> str:
    """The language of this request or command; see the module's docstring."""
    if not has_request_context():
        return environment_language()
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    if is_api_request():
        return _accepted_language()
    return DEFAULT_LANGUAGE


def is_api_request() -> bool:
    return has_request_context() and request.path.startswith(API_PREFIX)


def json_error(text: str, status: int) -> Response:
    """``{"error": text}`` for a script; ``text`` is in the request's language, which the
    response names (``Content-Language``) and varies with (``Accept-Language``)."""
    response = jsonify(error=text)
    response.status_code = status
    locale = get_locale()
    response.headers["Content-Language"] = locale.language if locale else DEFAULT_LANGUAGE
    response.vary.add("Accept-Language")
    return response


def in_environment_language(command: Callable[P, R]) -> Callable[P, R]:
    """Run a CLI command in ``environment_language()``, whatever context it shares (the
    tests run commands inside an app context whose locale may be known already)."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with force_locale(environment_language()):
            return command(*args, **kwargs)

    return run


@bp.post("/lang/<code>")
def choose_language(code: str) -> Response:
    """Remember the language; POST with CSRF like every change."""
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(safe_next(request.form.get("next")) or url_for("dashboard.home"))


def init_i18n(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", app.config["TIMEZONE"])
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(app.root_path + "/../translations"))
    babel.init_app(app, locale_selector=select_locale)
    app.register_blueprint(bp)
    app.jinja_env.globals.update(LANGUAGES=LANGUAGES, current_language=select_locale)


def explain(error: Exception) -> str:
    """A domain refusal in the reader's language.

    ``Explained`` errors carry a message; other errors' texts are Vietnamese message ids
    marked with ``N_`` where raised.
    """
    if isinstance(error, Explained):
        return render(error.message, translator())
    return gettext(str(error))
