"""What the rows of a long table repeat, worked out once per page.

A matrix of 150 units or a document with 150 plans shows a handful of distinct plan
states: each state's badge (a macro that asks the catalogue for the state's title) is
rendered once per page and reused, not once per row.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from flask import get_template_attribute
from markupsafe import Markup


def state_badges() -> Callable[[str, bool], Markup]:
    """``state_badge(state, returned)`` of ``_macros.html``, each pair rendered once. Made
    per request: the badge speaks the reader's language."""
    return cache(get_template_attribute("_macros.html", "state_badge"))
