"""Template filters and globals: dates and numbers per language, state labels, the clock.

Vietnamese (the default) keeps the forms of Party documents: ``01/8/2019`` and
``ngày 01 tháng 8 năm 2019``; English uses Babel's ``1 Aug 2019`` and ``1 August 2019``.
Labels kept by the domain are Vietnamese message ids, translated here; texts the code
stored as messages (``documents.i18n.Message``) are rendered here in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g, url_for
from flask_babel import (
    format_date,
    format_decimal,
    get_locale,
    get_translations,
    gettext,
    ngettext,
)
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from documents.dates import format_vn_date, format_vn_long_date
from documents.db import db
from documents.i18n import Bilingual, Message, Translator, render
from documents.models import ROLE_LABELS, UNIT_KINDS
from documents.types import TYPES_BY_CODE
from workflows.definitions import STATE_TITLES
from workflows.worklists import has_results, is_returned, worklist_counts


def today() -> date:
    """The local date of the portal (Asia/Ho_Chi_Minh), or the one fixed by config."""
    fixed = current_app.config.get("FIXED_TODAY")
    if fixed:
        return fixed if isinstance(fixed, date) else date.fromisoformat(str(fixed))
    return datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).date()


def _vietnamese() -> bool:
    locale = get_locale()
    return locale is None or locale.language == "vi"


def local_time(value: datetime | None) -> str:
    """A stored UTC time shown in the portal's time zone: ``14:05 01/8/2019``."""
    if value is None:
        return ""
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    local = value.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)
    return f"{local:%H:%M} {vn_date(local.date())}"


def vn_date(value: date | None) -> str:
    """``01/8/2019`` in Vietnamese, ``1 Aug 2019`` in English."""
    if value is None:
        return ""
    return format_vn_date(value) if _vietnamese() else format_date(value, "d MMM y")


def vn_long_date(value: date | None) -> str:
    """``ngày 01 tháng 8 năm 2019`` (a document's date line), ``1 August 2019`` in English."""
    if value is None:
        return ""
    return format_vn_long_date(value) if _vietnamese() else format_date(value, "d MMMM y")


def number(value: float | int | str | None) -> str:
    """``1.234,5`` in Vietnamese, ``1,234.5`` in English."""
    if value is None or value == "":
        return ""
    if type(value) is int and -1000 < value < 1000:
        return str(value)  # what Babel gives in both languages, without its formatting work
    return format_decimal(value)


def days_phrase(days: int | None) -> str:
    if days is None:
        return gettext("không có hạn")
    if days > 0:
        return ngettext("còn %(num)d ngày", "còn %(num)d ngày", days)
    if days == 0:
        return gettext("hạn là hôm nay")
    return ngettext("quá hạn %(num)d ngày", "quá hạn %(num)d ngày", -days)


def type_name(code: str) -> str:
    doc_type = TYPES_BY_CODE.get(code)
    if doc_type is None:
        return code
    return doc_type.name_vi if _vietnamese() or not doc_type.name_en else doc_type.name_en


def _request_language() -> tuple[Translator, Any]:
    """The reader's translator and catalogue, built once per request and language.

    Kept on ``g`` (this request only) next to the locale they were built for, so a
    ``force_locale`` block inside the request gets its own. Flask-Babel looks the catalogue
    up again on every ``gettext``: a matrix of 150 rows asked for it hundreds of times.
    """
    locale = get_locale()  # cheap: kept on the request; the catalogue look-up is not
    kept = g.get("_translator")
    if kept is not None and kept[0] == locale:
        return kept[1], kept[2]
    translations = get_translations()
    built = Translator(
        language="vi" if locale is None or locale.language == "vi" else locale.language,
        gettext=translations.gettext,
        ngettext=translations.ngettext,
        number=number,
        date=vn_date,
    )
    g._translator = (locale, built, translations)
    return built, translations


def translator() -> Translator:
    """The reader's language, for rendering messages the domain composed or stored."""
    return _request_language()[0]


def catalogue() -> Any:
    """The reader's message catalogue (Babel ``Translations``), for Jinja's ``_``."""
    return _request_language()[1]


def row_url(endpoint: str, key: str) -> Callable[[int], str]:
    """``url_for(endpoint, **{key: n})`` for the rows of a long table: the route is built
    once, then each row's id is put in. A matrix of 150 units called ``url_for`` 450 times,
    about a third of its rendering."""
    marker = 7_654_321_987
    values: dict[str, Any] = {key: marker}
    head, _, tail = url_for(endpoint, **values).partition(str(marker))
    return lambda value: f"{head}{int(value)}{tail}"


def translate(text: object) -> str:
    """A text held in data in the reader's language: a message id (a state's title, a
    kind's label), a stored or returned ``Message`` (an inbox message, a version note, a
    warning) or a ``Bilingual`` name. Other text (what a user typed) shows as it is.

    Unlike Jinja's ``_``, the result is plain text, so the template escapes it.
    """
    if not text:
        return ""
    if isinstance(text, Message | Bilingual):
        return render(text, translator())
    return render(str(text), translator())


def _translated(labels: dict[str, str]):
    return lambda key: catalogue().ugettext(labels[key]) if key in labels else key


def _page_gettext(translations: Any) -> dict[str, Any]:
    """Jinja's ``gettext`` and ``ngettext`` bound to one catalogue, with the "newstyle"
    rules of the callables installed below: the message is markup when autoescaping, so
    the ``%(name)s`` values put into it are escaped."""

    @pass_context
    def page_gettext(context: Any, message: str, /, **values: Any) -> str:
        return _filled(context, translations.ugettext(message), values)

    @pass_context
    def page_ngettext(
        context: Any, singular: str, plural: str, count: int, /, **values: Any
    ) -> str:
        values.setdefault("num", count)  # a template may pass its own, formatted
        return _filled(context, translations.ungettext(singular, plural, count), values)

    return {"gettext": page_gettext, "ngettext": page_ngettext}


def _filled(context: Any, message: str, values: dict[str, Any]) -> str:
    """A catalogue message with the template's values put in. The message is the
    portal's own text (its source or a translator's), so under autoescaping it is markup
    and each value is escaped as it goes in."""
    if not context.eval_ctx.autoescape:
        return message % values
    return Markup(message) % values  # noqa: S704  # nosec B704


def page_catalogue() -> dict[str, Any]:
    """A page's ``_()`` and ``ngettext()`` read the catalogue it started rendering in,
    found once (a ``force_locale`` block wraps whole renders, a mail's say). Macros of
    imported templates, which do not see the page's context, use the installed ones."""
    return _page_gettext(catalogue())


def init_templating(app: Flask) -> None:
    # Jinja's _() and ngettext() as Flask-Babel installs them, with the request's catalogue
    # looked up once (after init_i18n, which installed Flask-Babel's own). The method
    # comes with Jinja's i18n extension, so the environment's type does not know it.
    environment: Any = app.jinja_env
    environment.install_gettext_callables(
        gettext=lambda s: catalogue().ugettext(s),
        ngettext=lambda s, p, n: catalogue().ungettext(s, p, n),
        pgettext=lambda c, s: catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: catalogue().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.filters.update(
        vn_date=vn_date,
        vn_long_date=vn_long_date,
        local_time=local_time,
        days_phrase=days_phrase,
        number=number,
        translate=translate,
        state_title=_translated(STATE_TITLES),
        type_name=type_name,
        role_label=_translated(ROLE_LABELS),
        unit_kind=_translated(UNIT_KINDS),
        is_returned=is_returned,
        has_results=has_results,
    )
    app.jinja_env.globals.update(today=today, my_work_count=my_work_count)
    app.context_processor(page_catalogue)


def my_worklist_counts() -> dict[str, int]:
    """How many plans wait on each of the user's worklists (one statement a request)."""
    if not current_user.is_authenticated:
        return {}
    if "my_worklist_counts" not in g:
        g.my_worklist_counts = worklist_counts(db.session, current_user)
    return g.my_worklist_counts


def my_work_count() -> int:
    """How many plans wait on the user's worklists: the count beside "Trang chủ" in the menu."""
    return sum(my_worklist_counts().values())
