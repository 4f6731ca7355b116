"""Marking user-facing domain texts for translation without touching the web layer.

The domain speaks Vietnamese, the source language of the catalogue. ``N_`` returns its
argument unchanged; it only tells ``pybabel extract`` (``-k N_``) that the text is a
message id. The web layer translates it when a request's language is known.

A text the code composes for people to read later (an inbox message, a version note, a
review event's default title, why an attachment's text was not read) is a ``Message``: a
message id with named parameters. It is stored as such (``dump``), never as a finished
sentence, and rendered at display time (``render``) in the reader's language, so one row
reads Vietnamese to one user and English to another. What a user typed is stored as
typed. A stored message is a JSON object starting ``{"msgid":``; anything else read
back (``load``) is literal text, which keeps rows written before this scheme readable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Union

from documents.dates import format_vn_date

Translate = Callable[[str], str]


def vietnamese(text: str) -> str:
    """The identity translation: message ids are the Vietnamese texts."""
    return text


def N_(text: str) -> str:
    """Mark ``text`` as a message id; translation happens at the web boundary."""
    return text


def _vietnamese_number(value: int) -> str:
    """``5.000``: Vietnamese groups thousands with dots."""
    return f"{value:,}".replace(",", ".")


# --- Messages: texts composed by the code, translated when they are shown -----------------


@dataclass(frozen=True)
class Bilingual:
    """A name a data table gives in both languages (a document type's name)."""

    vi: str
    en: str = ""

    def pick(self, language: str) -> str:
        return self.en if language == "en" and self.en else self.vi


# What a parameter may be: data shown as is (str), a number (formatted per language), a
# date, a name from a bilingual table or another message (translated in turn).
Param = Union[str, int, date, Bilingual, "Message"]  # noqa: UP007 (a forward reference)


@dataclass(frozen=True)
class Message:
    """A Vietnamese message id with named parameters, rendered in the reader's language.

    With ``plural`` (the plural message id) the count is ``params["num"]``; ``lower``
    lower-cases the rendered text, for a label used inside a sentence ("kế hoạch thực
    hiện"). ``str(message)`` is the Vietnamese text.
    """

    msgid: str
    params: Mapping[str, Param] = field(default_factory=dict)
    plural: str = ""
    lower: bool = False

    def __str__(self) -> str:
        return render(self)


def message(msgid: str, **params: Param) -> Message:
    """``Message(msgid, params)`` written the way ``gettext(msgid, **params)`` is."""
    return Message(msgid, params)


@dataclass(frozen=True)
class Translator:
    """How to show a message in one language; the default is Vietnamese.

    The web layer builds one from Flask-Babel for the request's language; ``gettext`` and
    ``ngettext`` return the translated template without formatting it.
    """

    language: str = "vi"
    gettext: Translate = vietnamese
    ngettext: Callable[[str, str, int], str] = lambda singular, _plural, _n: singular
    number: Callable[[int], str] = _vietnamese_number
    date: Callable[[date], str] = format_vn_date


VIETNAMESE = Translator()
Text = str | Message | Bilingual


class Explained(Exception):
    """A refusal told to a user: a Vietnamese message id with named parameters, or a
    ``Message``; ``str(error)`` is the Vietnamese text, the web layer renders ``message``.

    A string parameter is a message id (a transition's title, a state's title) or data,
    which the catalogue leaves as it is; so, unlike a ``Message``'s, it is looked up.
    """

    def __init__(self, msgid: str | Message, **params: object) -> None:
        if isinstance(msgid, Message):
            self.message = msgid
        else:
            self.message = Message(
                msgid,
                {k: v if isinstance(v, int) else Message(str(v)) for k, v in params.items()},
            )
        super().__init__(render(self.message))


def render(text: Text | None, translator: Translator = VIETNAMESE) -> str:
    """``text`` in the translator's language: a message is translated and formatted, a
    stored message (``dump``) is read first, plain text is looked up as a message id and
    otherwise shown as it is. Never raises for a bad translation: a catalogue entry with a
    wrong placeholder falls back to the Vietnamese text."""
    if text is None:
        return ""
    if isinstance(text, Bilingual):
        return text.pick(translator.language)
    if isinstance(text, str):
        text = load(text)
        if isinstance(text, str):
            return translator.gettext(text) if text else ""
    try:
        return _render(text, translator)
    except (KeyError, ValueError, TypeError):
        if translator is VIETNAMESE:
            return text.msgid
        return render(text, VIETNAMESE)


def _numeric(template: str, key: str) -> bool:
    return re.search(rf"%\({re.escape(key)}\)[-#0 +]*\d*[di]", template) is not None


def _render(msg: Message, translator: Translator) -> str:
    if msg.plural:
        num = msg.params["num"]
        count = num if isinstance(num, int) else int(str(num))
        template = translator.ngettext(msg.msgid, msg.plural, count)
    else:
        template = translator.gettext(msg.msgid)
    values: dict[str, object] = {}
    for key, value in msg.params.items():
        if isinstance(value, Message):
            values[key] = _render(value, translator)
        elif isinstance(value, Bilingual):
            values[key] = value.pick(translator.language)
        elif isinstance(value, str):
            values[key] = value
        elif isinstance(value, int):
            values[key] = value if _numeric(template, key) else translator.number(value)
        elif isinstance(value, date):
            values[key] = translator.date(value)
        else:
            raise TypeError(f"message parameter {key!r} of type {type(value).__name__}")
    text = template % values if msg.params else template
    return text.lower() if msg.lower else text


# --- Keeping a message in a text column ----------------------------------------------------

_STORED_PREFIX = '{"msgid":'


def _param_json(value: Param) -> Any:
    if isinstance(value, Message):
        return _message_json(value)
    if isinstance(value, Bilingual):
        return {"vi": value.vi, "en": value.en}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def _message_json(msg: Message) -> dict[str, Any]:
    data: dict[str, Any] = {"msgid": msg.msgid}
    if msg.params:
        data["params"] = {k: _param_json(v) for k, v in msg.params.items()}
    if msg.plural:
        data["plural"] = msg.plural
    if msg.lower:
        data["lower"] = True
    return data


def dump(text: str | Message, limit: int | None = None) -> str:
    """What a text column keeps of ``text``: a message as JSON, plain text as it is.

    With ``limit`` (the column's length) a message too long to keep whole is kept as its
    Vietnamese text, cut to the limit: readable, only no longer translated.
    """
    if isinstance(text, Message):
        stored = json.dumps(_message_json(text), ensure_ascii=False, separators=(",", ":"))
        if limit is None or len(stored) <= limit:
            return stored
        text = render(text)
    return text if limit is None else text[:limit]


def _param_from(value: Any) -> Param:
    if isinstance(value, dict):
        if "msgid" in value:
            return _message_from(value)
        if "date" in value:
            return date.fromisoformat(value["date"])
        return Bilingual(str(value["vi"]), str(value.get("en", "")))
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("not a message parameter")
    return value


def _message_from(data: dict[str, Any]) -> Message:
    params = data.get("params", {})
    if not isinstance(data["msgid"], str) or not isinstance(params, dict):
        raise ValueError("not a stored message")
    return Message(
        data["msgid"],
        {str(k): _param_from(v) for k, v in params.items()},
        str(data.get("plural", "")),
        bool(data.get("lower", False)),
    )


def load(value: str | None) -> str | Message:
    """A column's text back: the message ``dump`` stored, else the literal text."""
    if not value or not value.startswith(_STORED_PREFIX):
        return value or ""
    return _parsed(value)


@lru_cache(maxsize=4096)
def _parsed(value: str) -> str | Message:
    # A pure function of the stored text (messages are frozen): a matrix repeats the same
    # few stored labels on every row, so each is parsed once per process, never stale.
    try:
        return _message_from(json.loads(value))
    except (ValueError, KeyError, TypeError):
        return value
