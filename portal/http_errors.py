"""HTTP errors that say why: the message a view gives an error is shown by the error
pages (``portal/__init__.py``) and the API's problem details (``portal/api/problems.py``),
which read it with ``getattr(error, "portal_message", None)``."""

from __future__ import annotations

from typing import TypeVar

from werkzeug.exceptions import HTTPException

E = TypeVar("E", bound=HTTPException)


def with_message(error: E, message: object) -> E:
    """``error`` showing ``message`` (a Vietnamese message id, or a text already in the
    reader's language) instead of its status's default text."""
    # werkzeug's exceptions have no attribute for it; the readers use getattr
    error.portal_message = message  # type: ignore[attr-defined]
    return error
