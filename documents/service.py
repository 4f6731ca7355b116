"""Saving documents: the one path every create, edit, import and restore takes.

A save cleans the input (NFC, symbol normalised, term in its stored form), checks the
identity of the document per term, stores the Markdown with the sanitised HTML rendered
from it, replaces the clauses, re-reads the relations its text states, resolves the
citations of other documents that were waiting for it, appends a version and writes an
outbox row for the search index. It only flushes; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select

from documents.db import DbSession
from documents.i18n import N_, Explained, Message
from documents.importing import find_clauses
from documents.models import DOCUMENT_PUBLISHED, TITLE_MAX, Document, User, enqueue_index, utcnow
from documents.records import Clause, DocumentVersion
from documents.references import normalise_term
from documents.relations import replaced_by, resolve_pending, store_relations
from documents.rendering import normalise_text, render_markdown
from documents.symbols import format_symbol, parse_symbol
from documents.types import type_by_code
from documents.versions import (
    current_version_number,
    record_version,
    restored_note,
    version_fields,
)

CLAUSE_MAX = 20_000
VALIDITY_LABELS: dict[str, str] = {
    "in_force": N_("Đang hiệu lực"),
    "replaced": N_("Được thay thế"),
    "expired": N_("Hết hiệu lực"),
    "repealed": N_("Bãi bỏ"),
}


class DocumentError(Explained, ValueError):
    """Input a document cannot be saved with; the message is shown to the user."""

    def __init__(self, message: str | Message, field: str = "body", **params: object) -> None:
        super().__init__(message, **params)
        self.field = field


@dataclass(frozen=True)
class DocumentInput:
    """What an editor, an import or a restore gives to save. ``clauses`` None means
    "read them from the body"; an empty tuple means "no clauses"."""

    doc_type: str
    title: str
    body: str = ""
    symbol: str | None = None
    issuer_id: int | None = None
    issuer_name: str | None = None
    term: str | None = None
    issued_on: date | None = None
    place: str | None = None
    clauses: tuple[tuple[int, str], ...] | None = None
    external_id: str | None = None


def _text(value: str | None) -> str | None:
    value = " ".join(normalise_text(value or "").split())
    return value or None


def clean_input(data: DocumentInput) -> DocumentInput:
    """``data`` normalised, or DocumentError naming the field that is wrong."""
    title = _text(data.title)
    if not title:
        raise DocumentError(N_("Cần nhập trích yếu (tên) của văn bản."), "title")
    if len(title) > TITLE_MAX:
        raise DocumentError(N_("Trích yếu dài quá %(max)s ký tự."), "title", max=TITLE_MAX)
    if type_by_code(data.doc_type) is None:
        raise DocumentError(N_("Hãy chọn loại văn bản trong danh sách."), "doc_type")
    symbol = _text(data.symbol)
    if symbol:
        parsed = parse_symbol(symbol)
        if parsed is None:
            raise DocumentError(
                N_("Số ký hiệu «%(symbol)s» không đúng dạng (ví dụ 11-CT/TU hoặc 30/2020/NĐ-CP)."),
                "symbol",
                symbol=symbol,
            )
        symbol = format_symbol(parsed)
    term = _text(data.term)
    if term:
        term = normalise_term(term) or term
    clauses = data.clauses
    body = normalise_text(data.body or "")
    if clauses is None:
        clauses = tuple(find_clauses(body))
    clauses = tuple((n, normalise_text(t).strip()) for n, t in clauses if t.strip())
    numbers = [n for n, _ in clauses]
    if len(set(numbers)) != len(numbers):
        raise DocumentError(N_("Hai khoản (nhiệm vụ) trùng số thứ tự."), "clauses")
    if any(len(t) > CLAUSE_MAX for _, t in clauses):
        raise DocumentError(N_("Mỗi khoản tối đa %(max)s ký tự."), "clauses", max=CLAUSE_MAX)
    return replace(
        data,
        title=title,
        body=body,
        symbol=symbol,
        term=term,
        issuer_name=_text(data.issuer_name),
        place=_text(data.place),
        clauses=clauses,
        external_id=_text(data.external_id),
    )


def _check_identity(
    session: DbSession, data: DocumentInput, number: int | None, own_id: int | None
) -> None:
    """Numbers restart every term: (issuer, type, number, term) — or the date when the term
    is unknown — names one document. A database constraint backs this check."""
    if number is None or data.issuer_id is None:
        return
    query = select(Document).where(
        Document.issuer_id == data.issuer_id,
        Document.doc_type == data.doc_type,
        Document.number == number,
    )
    for other in session.scalars(query):
        if other.id == own_id:
            continue
        same_term = data.term is not None and other.term == data.term
        same_day = data.issued_on is not None and other.issued_on == data.issued_on
        if same_term or same_day:
            message = (
                N_(
                    "Đã có văn bản %(other)s của cơ quan này trong %(term)s; số văn bản chỉ "
                    "được dùng một lần mỗi khóa. Hãy kiểm tra số, khóa hoặc mở văn bản đã có "
                    "để sửa."
                )
                if same_term
                else N_(
                    "Đã có văn bản %(other)s của cơ quan này cùng ngày ban hành; số văn bản "
                    "chỉ được dùng một lần mỗi khóa. Hãy kiểm tra số, khóa hoặc mở văn bản đã "
                    "có để sửa."
                )
            )
            raise DocumentError(
                message,
                "symbol",
                other=other.symbol or other.title,
                term=data.term or "",
            )


def _apply(session: DbSession, document: Document, data: DocumentInput) -> None:
    parsed = parse_symbol(data.symbol) if data.symbol else None
    number = parsed.number if parsed else None
    _check_identity(session, data, number, document.id)
    document.doc_type = data.doc_type
    document.symbol = data.symbol
    document.number = number
    document.issuer_id = data.issuer_id
    document.issuer_name = data.issuer_name
    document.term = data.term
    document.issued_on = data.issued_on
    document.place = data.place
    document.title = data.title
    document.body = data.body
    document.body_html = render_markdown(data.body)
    if data.external_id:
        document.external_id = data.external_id
    _replace_clauses(document, data.clauses or ())


def _replace_clauses(document: Document, clauses: tuple[tuple[int, str], ...]) -> None:
    """Keep clause rows (assignments may point at them) and change their text in place."""
    wanted = dict(clauses)
    for clause in list(document.clauses):
        if clause.number in wanted:
            clause.text = wanted.pop(clause.number)
        else:
            document.clauses.remove(clause)
    for number, text in sorted(wanted.items()):
        document.clauses.append(Clause(number=number, text=text))


def _after_save(
    session: DbSession, document: Document, actor: User | None, note: str | Message
) -> DocumentVersion:
    session.flush()
    year = document.issued_on.year if document.issued_on else None
    store_relations(session, document, year)
    resolve_pending(session, document)
    version = record_version(session, document, actor, note)
    enqueue_index(session, "document", document.id)
    session.flush()
    return version


def create_document(
    session: DbSession,
    data: DocumentInput,
    *,
    actor: User | None,
    state: str,
    note: str | Message = "",
) -> Document:
    """A new document in ``state`` (the workflow's initial state, or the published state
    for an import), with its first version."""
    data = clean_input(data)
    document = Document(title=data.title, doc_type=data.doc_type, state=state)
    if state == DOCUMENT_PUBLISHED:
        document.published_at = utcnow()
        document.published_by_id = actor.id if actor is not None else None
    session.add(document)
    _apply(session, document, data)
    _after_save(session, document, actor, note or N_("Tạo mới"))
    return document


def update_document(
    session: DbSession,
    document: Document,
    data: DocumentInput,
    *,
    actor: User | None,
    note: str | Message = "",
) -> Document:
    """Store the new content of ``document`` as its newest version."""
    data = clean_input(data)
    _apply(session, document, data)
    _after_save(session, document, actor, note)
    return document


def input_from_version(version: DocumentVersion) -> DocumentInput:
    """The content of a stored version, ready to be saved again."""
    fields = version_fields(version)
    return DocumentInput(
        doc_type=fields.get("doc_type") or "CT",
        title=version.title,
        body=version.body,
        symbol=fields.get("symbol"),
        issuer_id=fields.get("issuer_id"),
        issuer_name=fields.get("issuer_name"),
        term=fields.get("term"),
        issued_on=fields.get("issued_on"),
        place=fields.get("place"),
        clauses=tuple(fields.get("clauses", ())),
    )


def restore_document_version(
    session: DbSession, document: Document, version: DocumentVersion, *, actor: User | None
) -> Document:
    """Save an old version's content again, as the newest version."""
    return update_document(
        session,
        document,
        input_from_version(version),
        actor=actor,
        note=restored_note(version.number),
    )


def refresh_links(session: DbSession, document: Document, actor: User | None = None) -> None:
    """Read clauses and relations of a document stored without this service (the demo
    data, old rows) and give it a first version if it has none."""
    if not document.clauses:
        _replace_clauses(document, tuple(find_clauses(document.body)))
    has_version = current_version_number(session, document) is not None
    session.flush()
    year = document.issued_on.year if document.issued_on else None
    store_relations(session, document, year)
    resolve_pending(session, document)
    if not has_version:
        record_version(session, document, actor, N_("Phiên bản đầu"))
    enqueue_index(session, "document", document.id)
    session.flush()


@dataclass(frozen=True)
class Validity:
    """A document's validity: ``status`` is a key of VALIDITY_LABELS."""

    status: str
    replaced_by: tuple[Document, ...] = ()
    set_by: User | None = None
    set_at: datetime | None = None
    note: str | None = None

    @property
    def label(self) -> str:
        return VALIDITY_LABELS[self.status]


def validity_of(session: DbSession, document: Document) -> Validity:
    """Explicitly set (expired, repealed) first; otherwise replaced when a published
    document says it replaces this one; otherwise in force."""
    if document.validity:
        return Validity(
            document.validity,
            set_by=document.validity_set_by,
            set_at=document.validity_set_at,
            note=document.validity_note,
        )
    newer = replaced_by(session, document)
    return Validity("replaced", tuple(newer)) if newer else Validity("in_force")


def set_validity(
    session: DbSession,
    document: Document,
    status: str | None,
    *,
    actor: User,
    note: str = "",
    now: datetime | None = None,
) -> None:
    """Mark ``document`` expired or repealed (``status``), or clear the mark (None)."""
    if status not in (None, "expired", "repealed"):
        raise DocumentError(N_("Trạng thái hiệu lực không hợp lệ."), "validity")
    # everything is read before anything is set: reading ``actor.id`` may load the actor,
    # and the autoflush of that query must not write a status without its actor and time
    set_by = actor.id if status else None
    set_at = (now or utcnow()) if status else None
    validity_note = (_text(note) or None) if status else None
    if validity_note and len(validity_note) > 500:
        raise DocumentError(N_("Ghi chú hiệu lực tối đa 500 ký tự."), "validity")
    document.validity = status
    document.validity_set_by_id = set_by
    document.validity_set_at = set_at
    document.validity_note = validity_note
    enqueue_index(session, "document", document.id)
    session.flush()
