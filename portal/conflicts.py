"""The 409 page: a record changed after the user opened it (issue #13, item 9).

Whatever raised the conflict (a view's version check, or the version column at commit),
the page keeps the texts the user typed, shows what the record looks like now (its state,
its newest events, the saved body beside the typed one) and links back to the record.
The record comes from the route's arguments, read through one table, and is shown only
when the user may see it.
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user

from documents.db import db
from documents.i18n import N_
from documents.models import Document, Plan
from documents.versions import current_version_number, side_by_side
from portal.links import link_to
from workflows.definitions import workflow_for
from workflows.engine import history
from workflows.security import can

# route argument → the model of the record it names
RECORD_ARGUMENTS: dict[str, type] = {"plan_id": Plan, "document_id": Document}
# form fields whose text the user typed, with their labels, in the order shown
TYPED_FIELDS: dict[str, str] = {
    "title": N_("Tên, trích yếu"),
    "body": N_("Nội dung"),
    "comment": N_("Ý kiến"),
    "report_text": N_("Báo cáo kết quả"),
}
EVENTS_SHOWN = 5


def _record() -> tuple[Any, str, str] | None:
    """(record, its URL, its argument name) named by the route, if the user may see it."""
    for argument, model in RECORD_ARGUMENTS.items():
        record_id = (request.view_args or {}).get(argument)
        if record_id is None:
            continue
        record = db.session.get(model, record_id)
        if record is None or not can(current_user, record, "view"):
            return None
        return record, link_to(record), argument
    return None


def conflict_context() -> dict[str, Any]:
    """What the conflict page shows besides its message."""
    typed = [
        (name, label, request.form.get(name, ""))
        for name, label in TYPED_FIELDS.items()
        if request.form.get(name, "").strip()
    ]
    found = _record()
    if found is None:
        return {"typed": typed, "record": None}
    record, back, _argument = found
    typed_body = request.form.get("body")
    return {
        "typed": typed,
        "record": record,
        "back": back,
        "workflow": workflow_for(record),
        "version_number": current_version_number(db.session, record),
        "events": history(db.session, record)[-EVENTS_SHOWN:][::-1],
        "body_rows": side_by_side(record.body or "", typed_body)
        if typed_body is not None and typed_body != (record.body or "")
        else None,
    }
