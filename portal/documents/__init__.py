"""Party documents: the register and a document's page with its citations and plans."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from documents.db import db
from documents.models import Document
from documents.permissions import can_view_document
from documents.symbols import find_symbols, symbol_key
from documents.types import DOCUMENT_TYPES
from workflows.security import can

bp = Blueprint("documents", __name__, url_prefix="/documents")


def visible_document_or_404(document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None or not can_view_document(current_user, document):
        abort(404)
    return document


def documents_by_key(keys: set[str]) -> dict[str, list[Document]]:
    """Published documents whose symbol matches one of ``keys`` (symbol_key form)."""
    found: dict[str, list[Document]] = {}
    if not keys:
        return found
    for document in db.session.scalars(db.select(Document).filter(Document.symbol.isnot(None))):
        key = symbol_key(document.symbol or "")
        if key in keys and document.published:
            found.setdefault(key, []).append(document)
    return found


def cited_documents(document: Document) -> list[Document]:
    """Documents this one's body cites, in order of first mention."""
    keys = []
    for _start, _end, symbol in find_symbols(document.body):
        key = symbol_key(str(symbol))
        if key and key not in keys and key != symbol_key(document.symbol or ""):
            keys.append(key)
    found = documents_by_key(set(keys))
    return [d for key in keys for d in found.get(key, [])]


def citing_documents(document: Document) -> list[Document]:
    """Published documents whose body cites this one's symbol."""
    if not document.symbol:
        return []
    own = symbol_key(document.symbol)
    candidates = db.session.scalars(
        db.select(Document).filter(
            Document.id != document.id,
            Document.published.is_(True),
            Document.body.contains(str(document.number or "")),
        )
    )
    return [
        d
        for d in candidates
        if any(symbol_key(str(s)) == own for _a, _b, s in find_symbols(d.body))
    ]


@bp.get("/")
@login_required
def index() -> str:
    doc_type = request.args.get("type", "")
    query = db.select(Document).filter(Document.published.is_(True))
    if doc_type:
        query = query.filter(Document.doc_type == doc_type)
    documents = list(db.session.scalars(query.order_by(Document.issued_on.desc())))
    return render_template(
        "documents/index.html", documents=documents, doc_type=doc_type, types=DOCUMENT_TYPES
    )


@bp.get("/<int:document_id>")
@login_required
def view(document_id: int) -> str:
    document = visible_document_or_404(document_id)
    plans = [a.plan for a in document.assignments if a.plan and can(current_user, a.plan, "view")]
    return render_template(
        "documents/view.html",
        document=document,
        cites=cited_documents(document),
        cited_by=citing_documents(document),
        plans=plans,
        assignments=document.assignments,
    )
