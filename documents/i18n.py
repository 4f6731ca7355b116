"""Marking user-facing domain texts for translation without touching the web layer.

The domain speaks Vietnamese, the source language of the catalogue. ``N_`` returns its
argument unchanged; it only tells ``pybabel extract`` (``-k N_``) that the text is a
message id. The web layer translates it when a request's language is known.
"""

from __future__ import annotations

from collections.abc import Callable

Translate = Callable[[str], str]


def vietnamese(text: str) -> str:
    """The identity translation: message ids are the Vietnamese texts."""
    return text


def N_(text: str) -> str:
    """Mark ``text`` as a message id; translation happens at the web boundary."""
    return text


class Explained(Exception):
    """A refusal told to a user: a Vietnamese message id with named parameters.

    ``str(error)`` is the Vietnamese text; the web layer translates ``msgid`` and the
    string parameters (themselves message ids such as a transition's title) and formats.
    """

    def __init__(self, msgid: str, **params: object) -> None:
        self.msgid = msgid
        self.params = params
        shown = {k: _vietnamese_number(v) if isinstance(v, int) else v for k, v in params.items()}
        super().__init__(msgid % shown if params else msgid)


def _vietnamese_number(value: int) -> str:
    """``5.000``: Vietnamese groups thousands with dots."""
    return f"{value:,}".replace(",", ".")
