"""Versions of a document: the list, a side-by-side comparison, restoring one."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from documents.db import db
from documents.models import OrgUnit
from documents.records import DocumentVersion
from documents.service import restore_document_version
from documents.types import TYPES_BY_CODE
from documents.versions import field_changes, version_fields, versions_of
from portal.documents import bp
from portal.documents.forms import RestoreForm
from portal.documents.routes import editable_document_or_404, visible_document_or_404
from portal.version_pages import comparison, restore_numbered_version, restore_preview
from workflows.security import can

FIELD_LABELS = {
    "doc_type": _l("Loại văn bản"),
    "symbol": _l("Số, ký hiệu"),
    "issuer_id": _l("Cơ quan ban hành"),
    "issuer_name": _l("Cơ quan ban hành (ghi tay)"),
    "term": _l("Khóa"),
    "issued_on": _l("Ngày ban hành"),
    "place": _l("Địa danh"),
    "clauses": _l("Các khoản"),
}


def _shown(name: str, value: object) -> str:
    """A version field as the page shows it."""
    if value is None or value == "":
        return "—"
    if name == "doc_type":
        known = TYPES_BY_CODE.get(str(value))
        return known.name_vi if known else str(value)
    if name == "issuer_id":
        unit = db.session.get(OrgUnit, value)
        return unit.name if unit else str(value)
    if name == "clauses" and isinstance(value, list | tuple):
        return "; ".join(f"{n}. {t[:60]}" for n, t in value)
    return str(value)


def _changes(old: DocumentVersion, new: DocumentVersion) -> list[tuple[object, str, str]]:
    """(label, old, new) of every field besides summary and body that differs."""
    return [
        (FIELD_LABELS.get(name, name), _shown(name, a), _shown(name, b))
        for name, a, b in field_changes(version_fields(old), version_fields(new))
    ]


@bp.get("/<int:document_id>/versions")
@login_required
def versions(document_id: int) -> str:
    document = visible_document_or_404(document_id)
    return render_template(
        "documents/versions.html",
        document=document,
        versions=versions_of(db.session, document),
        can_edit=can(current_user, document, "edit"),
        form=RestoreForm(),
    )


@bp.get("/<int:document_id>/versions/compare")
@login_required
def compare(document_id: int) -> str:
    document = visible_document_or_404(document_id)
    compared = comparison(document)
    return render_template(
        "documents/compare.html",
        document=document,
        changes=_changes(compared["old"], compared["new"]),
        **compared,
    )


@bp.get("/<int:document_id>/versions/<int:number>/restore")
@login_required
def confirm_restore(document_id: int, number: int) -> str:
    """What restoring version ``number`` would change (fields, summary, body) and the
    button that does it; GET changes nothing."""
    document = editable_document_or_404(document_id)
    preview = restore_preview(document, number)
    return render_template(
        "documents/restore.html",
        document=document,
        changes=_changes(preview["current"], preview["version"]),
        **preview,
    )


@bp.post("/<int:document_id>/versions/<int:number>/restore")
@login_required
def restore(document_id: int, number: int) -> Response:
    document = editable_document_or_404(document_id)
    restore_numbered_version(
        document,
        number,
        lambda version: restore_document_version(db.session, document, version, actor=current_user),
    )
    return redirect(url_for("documents.versions", document_id=document.id))
