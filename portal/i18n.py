"""Languages: Vietnamese by default, English one click away (Flask-Babel).

Message ids are the Vietnamese texts; ``translations/en`` holds the English catalogue,
compiled by ``make install``. The chosen language is kept in the session.
"""

from __future__ import annotations

from flask import Blueprint, Flask, redirect, request, session, url_for
from flask_babel import Babel, format_decimal, gettext
from werkzeug.wrappers import Response

from documents.i18n import Explained
from portal.auth.routes import safe_next

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"

babel = Babel()
bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


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

    ``Explained`` errors carry a message id and parameters; string parameters are message
    ids too (a transition's title, a state's title) or data, which ``gettext`` leaves as is.
    Other errors' texts are Vietnamese message ids marked with ``N_`` where raised.
    """
    if isinstance(error, Explained):
        params = {
            key: format_decimal(value) if isinstance(value, int) else gettext(str(value))
            for key, value in error.params.items()
        }
        return gettext(error.msgid, **params) if params else gettext(error.msgid)
    return gettext(str(error))
