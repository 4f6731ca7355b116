"""What the version pages of documents and plans share: a numbered version or 404, two
versions side by side, the preview of a restore and the restore itself.

The routes stay in their blueprints (they check their own permissions and add what only
their record has, such as a document's header fields); this module sees a record through
``documents.versions`` and never asks which kind it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, request
from flask_babel import gettext

from documents.db import db
from documents.models import Document, Plan
from documents.versions import current_version_number, numbered_version, side_by_side
from portal.documents.forms import RestoreForm
from portal.saving import saving


def version_or_404(record: Document | Plan, number: int | None) -> Any:
    """Version ``number`` of ``record``; 404 when there is none (or no number)."""
    version = numbered_version(db.session, record, number) if number else None
    if version is None:
        abort(404)
    return version


def _side_by_side(old: Any, new: Any) -> dict[str, Any]:
    return {
        "title_rows": side_by_side(old.title, new.title),
        "rows": side_by_side(old.body, new.body),
    }


def comparison(record: Document | Plan) -> dict[str, Any]:
    """The versions the query names (``?a=`` old, ``?b=`` new) side by side."""
    old = version_or_404(record, request.args.get("a", type=int))
    new = version_or_404(record, request.args.get("b", type=int))
    return {"old": old, "new": new, **_side_by_side(old, new)}


def restore_preview(record: Document | Plan, number: int) -> dict[str, Any]:
    """What restoring version ``number`` would change, and the form that does it."""
    version = version_or_404(record, number)
    current = version_or_404(record, current_version_number(db.session, record))
    return {
        "version": version,
        "current": current,
        "form": RestoreForm(),
        **_side_by_side(current, version),
    }


def restore_numbered_version(
    record: Document | Plan, number: int, restore: Callable[[Any], object]
) -> None:
    """Save version ``number`` again through ``restore`` (the record's own operation) and
    tell the user; the caller redirects."""
    version = version_or_404(record, number)
    if not RestoreForm().validate_on_submit():
        abort(400)
    with saving():
        restore(version)
    flash(
        gettext("Đã khôi phục nội dung phiên bản %(num)s thành phiên bản mới.", num=number),
        "success",
    )
