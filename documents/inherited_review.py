"""The review of inherited documents (rà soát văn bản): after a merger the successor
committee goes through the documents its predecessors issued and decides, one by one or
in bulk, whether each is still applicable, replaced by another document, expired or
repealed, with a comment. Every decision is kept (``DocumentReview``); an expiry or a
repeal also sets the document's validity, with who, when and the review as its basis.
Operations flush; the caller commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from sqlalchemy import select

from documents.db import DbSession
from documents.i18n import N_, Explained
from documents.models import Document, OrgUnit, User, utcnow
from documents.rendering import normalise_text
from documents.service import set_validity
from documents.unit_events import predecessors
from documents.unit_history import REVIEW_OUTCOMES, DocumentReview

COMMENT_MAX = 2_000
PENDING = N_("Chưa rà soát")


class ReviewError(Explained, ValueError):
    """A review decision refused; nothing was changed."""


@dataclass
class WorkItem:
    document: Document
    latest: DocumentReview | None

    @property
    def pending(self) -> bool:
        return self.latest is None


def inherited_documents(session: DbSession, unit: OrgUnit) -> list[Document]:
    """The published documents issued by ``unit``'s predecessors, oldest first."""
    issuers = predecessors(session, unit)
    if not issuers:
        return []
    return list(
        session.scalars(
            select(Document)
            .filter(Document.issuer_id.in_(issuers), Document.published)
            .order_by(Document.issued_on, Document.id)
        )
    )


def worklist(session: DbSession, unit: OrgUnit) -> list[WorkItem]:
    """Every inherited document still in force or already reviewed, with its latest decision."""
    latest: dict[int, DocumentReview] = {}
    for review in session.scalars(
        select(DocumentReview).filter_by(unit_id=unit.id).order_by(DocumentReview.id)
    ):
        latest[review.document_id] = review
    items = []
    for document in inherited_documents(session, unit):
        if document.validity is None or document.id in latest:
            items.append(WorkItem(document, latest.get(document.id)))
    return items


def record_review(
    session: DbSession,
    unit: OrgUnit,
    document_ids: Iterable[int],
    outcome: str,
    *,
    actor: User,
    comment: str = "",
    replaced_by: Document | None = None,
    now: datetime | None = None,
) -> list[DocumentReview]:
    """Record one decision for each of ``document_ids`` (all inherited by ``unit``)."""
    ids = sorted(set(document_ids))
    if not ids:
        raise ReviewError(N_("Hãy chọn ít nhất một văn bản để rà soát."))
    if outcome not in REVIEW_OUTCOMES:
        raise ReviewError(N_("Kết quả rà soát không hợp lệ."))
    text = normalise_text(comment or "").strip()
    if len(text) > COMMENT_MAX:
        raise ReviewError(N_("Ý kiến rà soát tối đa %(max)s ký tự."), max=COMMENT_MAX)
    if outcome == "replaced" and replaced_by is None:
        raise ReviewError(N_("Hãy ghi văn bản thay thế (số ký hiệu hoặc #mã)."))
    if outcome != "replaced":
        replaced_by = None
    inherited = {d.id: d for d in inherited_documents(session, unit)}
    if any(i not in inherited for i in ids):
        raise ReviewError(N_("Có văn bản không thuộc diện rà soát của đơn vị; hãy tải lại trang."))
    if replaced_by is not None and replaced_by.id in ids:
        raise ReviewError(N_("Một văn bản không thể thay thế chính nó."))
    when = now or utcnow()
    reviews = []
    for document_id in ids:
        document = inherited[document_id]
        review = DocumentReview(
            unit_id=unit.id,
            document_id=document_id,
            outcome=outcome,
            replaced_by=replaced_by,
            comment=text,
            reviewed_by_id=actor.id,
            reviewed_at=when,
        )
        session.add(review)
        reviews.append(review)
        if outcome in ("expired", "repealed"):
            note = f"Rà soát của {unit.name}" + (f": {text}" if text else "")
            set_validity(session, document, outcome, actor=actor, note=note[:500], now=when)
    session.flush()
    return reviews


def _register_rows(items: list[WorkItem], label: Callable[[str], str]) -> list[list[str]]:
    rows = []
    for number, item in enumerate(items, start=1):
        review = item.latest
        replacing = review.replaced_by if review else None
        rows.append(
            [
                str(number),
                item.document.symbol or "",
                item.document.issued_on.strftime("%d/%m/%Y") if item.document.issued_on else "",
                item.document.title,
                label(REVIEW_OUTCOMES[review.outcome] if review else PENDING)
                + (f": {replacing.symbol or replacing.title}" if replacing else ""),
                review.comment if review else "",
            ]
        )
    return rows


def register_docx(
    unit: OrgUnit, items: list[WorkItem], texts: Sequence[str], label: Callable[[str], str]
) -> bytes:
    """The register as an appendix-style list (phụ lục): ``texts`` are the appendix title,
    its subtitle and the six column headings, in the reader's language."""
    doc = DocxDocument()
    title, subtitle, *headings = texts
    for text, bold in ((title, True), (subtitle, False)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = heading
    for row in _register_rows(items, label):
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def register_xlsx(
    unit: OrgUnit, items: list[WorkItem], headers: list[str], label: Callable[[str], str]
) -> bytes:
    """The review register as a workbook: one row per inherited document; ``label`` names
    an outcome in the reader's language."""
    book = Workbook()
    sheet = book.worksheets[0]  # the one sheet of a new workbook
    sheet.title = "Ra soat"
    sheet.append([unit.name])
    sheet.append(headers)
    for number, item in enumerate(items, start=1):
        review = item.latest
        sheet.append(
            [
                number,
                item.document.symbol or "",
                item.document.issued_on.isoformat() if item.document.issued_on else "",
                item.document.issuer_label,
                item.document.title,
                label(REVIEW_OUTCOMES[review.outcome]) if review else label(PENDING),
                (review.replaced_by.symbol or review.replaced_by.title)
                if review and review.replaced_by
                else "",
                review.comment if review else "",
                review.reviewed_by.full_name if review else "",
                review.reviewed_at.strftime("%Y-%m-%d %H:%M") if review else "",
            ]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
