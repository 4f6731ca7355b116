"""What the portal's forms share: a validated field's data typed without ``None``, and one
way to add an error to a field.

WTForms types every field's ``data`` as possibly ``None`` and ``errors`` as a read-only
sequence, whatever the validators did; these two functions say what the views know.
"""

from __future__ import annotations

from typing import TypeVar

from wtforms import Field

T = TypeVar("T")


def given(value: T | None) -> T:
    """The data of a field its validators require (``DataRequired``/``InputRequired``)
    once the form validated: never ``None`` then."""
    if value is None:
        raise ValueError("a required field is empty although the form validated")
    return value


def add_error(field: Field, message: str) -> None:
    """Show ``message`` under ``field`` (after the validators' own messages)."""
    field.errors = [*field.errors, message]
