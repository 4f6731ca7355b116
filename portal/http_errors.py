"""HTTP errors that say why: the message a view gives an error is shown by the error
pages (``portal/__init__.py``) and the API's problem details (``portal/api/problems.py``),
which read it with ``getattr(error, "portal_message", None)`` (and ``problem_detail``,
``field_errors``)."""

from __future__ import annotations

from typing import TypeVar

from werkzeug.exceptions import HTTPException

E = TypeVar("E", bound=HTTPException)


def _annotated(error: E, **reasons: object) -> E:
    # werkzeug's exceptions declare no attributes for these; the readers use getattr
    for name, value in reasons.items():
        setattr(error, name, value)
    return error


def with_message(error: E, message: object) -> E:
    """``error`` showing ``message`` (a Vietnamese message id, or a text already in the
    reader's language) instead of its status's default text."""
    return _annotated(error, portal_message=message)


def with_problem(error: E, detail: object, errors: list[dict] | None = None) -> E:
    """``error`` answering the API with ``detail`` (and the fields' ``errors``) and the
    pages with the same text."""
    return _annotated(error, portal_message=detail, problem_detail=detail, field_errors=errors)
