"""Warnings a user confirms before a save goes ahead, without JavaScript.

A view gathers the warnings its input raises (a symbol whose type abbreviation disagrees
with the chosen type, a deadline already past) and asks ``confirmation(warnings)``. While
some are not confirmed the view does not save: it shows the form again, filled in, with the
warnings and a checkbox (``templates/_confirm.html``, inside the form) whose value is a
fingerprint of exactly these warnings. Submitting again with the box ticked confirms them;
input changed so that other warnings arise is asked about again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask import request

from documents.checks import past_deadline
from documents.i18n import Message
from portal.templating import today

FIELD = "confirm_warnings"


@dataclass(frozen=True)
class Confirmation:
    warnings: tuple[Message | str, ...]
    token: str
    confirmed: bool

    @property
    def needed(self) -> bool:
        """True while there are warnings the request has not confirmed: do not save."""
        return bool(self.warnings) and not self.confirmed


def fingerprint(warnings: Sequence[Message | str]) -> str:
    """A short digest of the warnings' Vietnamese texts (the same in every language)."""
    joined = "\x1f".join(str(w) for w in warnings)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:20]


def past_deadlines(*days: date | None) -> list[Message]:
    """Warnings for the deadlines among ``days`` that are already past today."""
    return [w for w in (past_deadline(day, today()) for day in days) if w is not None]


def confirmation(warnings: Sequence[Message | str]) -> Confirmation:
    """Whether the submitted form confirmed exactly ``warnings``."""
    token = fingerprint(warnings) if warnings else ""
    return Confirmation(tuple(warnings), token, bool(token) and request.form.get(FIELD) == token)
