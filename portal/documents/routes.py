"""The register, a document's page, creating (with pre-fill from pasted or uploaded
text) and editing, the publication workflow and validity. One commit per request."""

from __future__ import annotations

from collections.abc import Sequence

from flask import abort, flash, redirect, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import or_
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.interfaces import ORMOption
from werkzeug.wrappers import Response

from documents.attachments import AttachmentError
from documents.checks import check_place, type_warnings
from documents.collation import vi_key
from documents.dates import format_vn_date, parse_vn_date
from documents.db import db
from documents.i18n import N_, Message
from documents.importing import DocumentDraft, find_clauses, parse_document_text
from documents.lineage import issuer_today
from documents.models import Document, OrgUnit
from documents.permissions import can_edit_document, principals_of
from documents.records import RELATION_KINDS
from documents.service import (
    DocumentError,
    DocumentInput,
    create_document,
    set_validity,
    update_document,
    validity_of,
)
from documents.text import fold_words
from documents.types import DOCUMENT_TYPES
from documents.versions import current_version_number
from portal.citations import look_up_citations
from portal.confirm import Confirmation, confirmation
from portal.documents import bp
from portal.documents.forms import (
    AttachmentForm,
    DocumentForm,
    DocumentTransitionForm,
    ImportForm,
    ValidityForm,
)
from portal.documents.pages import page_context
from portal.documents.reading import ocr_unavailable, read_import
from portal.i18n import explain
from portal.links import link_to
from portal.listing import page_of_query, page_of_sorted_query, read_args
from portal.page_cache import cached_page
from portal.saving import check_version, checking, record_or_404, saving
from portal.templating import today
from workflows.definitions import DOCUMENT_WORKFLOW
from workflows.engine import TransitionRefused, fire, history
from workflows.security import available_transitions, can

# What the document's page reads of it besides its row: its issuer and the issuer's
# parent (the header), loaded with it rather than one query each.
PAGE_LOADS = (joinedload(Document.issuer).joinedload(OrgUnit.parent),)


def visible_document_or_404(document_id: int, options: Sequence[ORMOption] = ()) -> Document:
    """The document if the user may read it; otherwise the same 404 as a missing id."""
    return record_or_404(Document, document_id, options=options)


def editable_document_or_404(document_id: int) -> Document:
    return record_or_404(Document, document_id, "edit")


def visible_states() -> list[str]:
    mine = principals_of(current_user)
    return [s.name for s in DOCUMENT_WORKFLOW.states if mine & set(s.permissions["view"])]


DOCUMENT_SORTS = {
    "date": N_("Ngày ban hành"),
    "symbol": N_("Số, ký hiệu"),
    "title": N_("Trích yếu"),
}


def document_order(sort: str) -> tuple:
    if sort == "symbol":
        return (Document.symbol.asc(), Document.id)
    return (Document.issued_on.desc(), Document.id.desc())


@bp.get("/")
@login_required
def index() -> str:
    """The register: visible documents, filtered by type and text, sorted, 20 a page."""
    args = read_args(("type", "q", "sort"))
    doc_type, q = args.get("type", ""), args.get("q", "")
    sort = args.get("sort", "date")
    if sort not in DOCUMENT_SORTS or sort == "date":
        args.pop("sort", None)
        sort = "date"
    query = db.select(Document).filter(Document.state.in_(visible_states()))
    if doc_type:
        query = query.filter(Document.doc_type == doc_type)
    if q:
        query = query.filter(
            or_(
                Document.title.icontains(q, autoescape=True),
                Document.symbol.icontains(q, autoescape=True),
            )
        )
    if sort == "title":
        listing = page_of_sorted_query("documents.index", args, query, Document.title, vi_key)
    else:
        listing = page_of_query("documents.index", args, query.order_by(*document_order(sort)))
    return render_template(
        "documents/index.html",
        documents=listing.items,
        listing=listing,
        doc_type=doc_type,
        q=q,
        sort=sort,
        sorts=DOCUMENT_SORTS,
        types=DOCUMENT_TYPES,
        can_create=can_edit_document(current_user),
        workflow=DOCUMENT_WORKFLOW,
    )


@bp.get("/<int:document_id>")
@login_required
@cached_page
def view(document_id: int) -> ResponseReturnValue:
    document = visible_document_or_404(document_id, PAGE_LOADS)
    return _render_document(document, DocumentTransitionForm(version=document.version))


def _render_document(
    document: Document, form: DocumentTransitionForm, status: int = 200
) -> ResponseReturnValue:
    validity_form = ValidityForm(status=document.validity or "", note=document.validity_note)
    events = history(db.session, document)
    look_up_citations(*(e.comment for e in events))  # one statement for all the comments
    return render_template(
        "documents/view.html",
        document=document,
        version_number=current_version_number(db.session, document),
        validity=validity_of(db.session, document),
        workflow=DOCUMENT_WORKFLOW,
        transitions=available_transitions(current_user, document),
        events=events,
        can_edit=can(current_user, document, "edit"),
        form=form,
        validity_form=validity_form,
        attachment_form=AttachmentForm(),
        ocr_unavailable=ocr_unavailable(document),
        issuer_now=issuer_today(db.session, document, today()),
        **page_context(document),
    ), status


def _units() -> list[OrgUnit]:
    return sorted(db.session.scalars(db.select(OrgUnit)), key=lambda u: vi_key(u.name))


def _with_units(form: DocumentForm) -> DocumentForm:
    form.issuer_id.choices = [(0, gettext("— chọn cơ quan ban hành —"))] + [
        (u.id, u.name) for u in _units()
    ]
    return form


def match_unit(name: str | None) -> OrgUnit | None:
    """The unit whose name (or short name) is ``name``, ignoring case and diacritics."""
    if not name:
        return None
    wanted = fold_words(name)
    return next(
        (u for u in _units() if wanted in (fold_words(u.name), fold_words(u.short_name))), None
    )


def _clauses_text(clauses: list[tuple[int, str]]) -> str:
    return "\n\n".join(f"{n}. {t}" for n, t in clauses)


def _fill_from_draft(form: DocumentForm, draft: DocumentDraft) -> None:
    if draft.type_code:
        form.doc_type.data = draft.type_code
    form.symbol.data = draft.symbol or ""
    unit = match_unit(draft.issuer_text)
    form.issuer_id.data = unit.id if unit else 0
    form.issuer_name.data = "" if unit else (draft.issuer_text or "")
    form.issued_on.data = format_vn_date(draft.issued_on) if draft.issued_on else ""
    form.place.data = draft.place or ""
    form.title.data = draft.title or ""
    form.body.data = draft.body
    form.clauses.data = _clauses_text(draft.clauses)


def _input_from(form: DocumentForm) -> DocumentInput:
    """The form's fields as a DocumentInput, or DocumentError naming the wrong field."""
    issued_text = (form.issued_on.data or "").strip()
    issued_on = parse_vn_date(issued_text) if issued_text else None
    if issued_text and issued_on is None:
        raise DocumentError(
            N_("Ngày “%(text)s” không đọc được; hãy viết theo ngày/tháng/năm, ví dụ 01/8/2019."),
            "issued_on",
            text=issued_text,
        )
    clauses_text = form.clauses.data or ""
    clauses = find_clauses(clauses_text)
    if clauses_text.strip() and not clauses:
        raise DocumentError(N_("Mỗi khoản bắt đầu bằng số thứ tự, lần lượt từ “1.”."), "clauses")
    issuer_id = form.issuer_id.data or None
    return DocumentInput(
        doc_type=form.doc_type.data or "",
        title=form.title.data or "",
        body=form.body.data or "",
        symbol=form.symbol.data,
        issuer_id=issuer_id,
        issuer_name=None if issuer_id else form.issuer_name.data,
        term=form.term.data,
        issued_on=issued_on,
        place=form.place.data,
        clauses=tuple(clauses),
    )


def _warnings(form: DocumentForm, confirm: Confirmation | None = None) -> list[Message]:
    """The symbol-and-type warning shown above the form, unless the confirmation box
    inside it shows it already."""
    if confirm is not None and confirm.needed:
        return []
    return type_warnings(
        DocumentInput(doc_type=form.doc_type.data or "", title="", symbol=form.symbol.data)
    )


def _checked_input(form: DocumentForm) -> tuple[DocumentInput, Confirmation]:
    """The form's input, refused without the place a dated Party document needs, and
    whether its warnings were confirmed."""
    data = _input_from(form)
    check_place(data)
    return data, confirmation(type_warnings(data))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> str | Response:
    if not can_edit_document(current_user):
        abort(403)
    form = _with_units(DocumentForm())
    import_form = ImportForm(prefix="import")
    draft, confirm = None, None
    if request.method == "POST" and request.form.get("action") == "prefill":
        if import_form.validate_on_submit():
            try:
                text = read_import(import_form)
            except AttachmentError as error:
                import_form.file.errors = [explain(error)]
            else:
                draft = parse_document_text(text or "")
                _fill_from_draft(form, draft)
    elif form.validate_on_submit():
        with checking(form, "body") as checked:
            data, confirm = _checked_input(form)
        if checked.ok and not confirm.needed:
            with saving(form, "body") as save:
                document = create_document(
                    db.session, data, actor=current_user, state=DOCUMENT_WORKFLOW.initial
                )
            if save.ok:
                flash(gettext("Đã lưu dự thảo văn bản."), "success")
                return redirect(link_to(document))
    return _edit_page(form, import_form, draft, confirm, None)


def _edit_page(
    form: DocumentForm,
    import_form: ImportForm | None,
    draft: DocumentDraft | None,
    confirm: Confirmation | None,
    document: Document | None,
) -> str:
    return render_template(
        "documents/edit.html",
        form=form,
        import_form=import_form,
        draft=draft,
        warnings=(draft.warnings if draft else []) + _warnings(form, confirm),
        confirmation=confirm,
        document=document,
    )


@bp.route("/<int:document_id>/edit", methods=["GET", "POST"])
@login_required
def edit(document_id: int) -> str | Response:
    document = editable_document_or_404(document_id)
    confirm = None
    form = _with_units(DocumentForm(obj=document if request.method == "GET" else None))
    if request.method == "GET":
        form.issuer_id.data = document.issuer_id or 0
        form.issued_on.data = format_vn_date(document.issued_on) if document.issued_on else ""
        form.clauses.data = _clauses_text([(c.number, c.text) for c in document.clauses])
    if form.validate_on_submit():
        check_version(
            document,
            form.version.data,
            gettext(
                "Văn bản vừa được người khác sửa sau khi bạn mở trang. Nội dung của bạn chưa "
                "được lưu: hãy sao chép lại và mở lại trang."
            ),
        )
        with checking(form, "body") as checked:
            data, confirm = _checked_input(form)
        if checked.ok and not confirm.needed:
            with saving(form, "body") as save:
                update_document(db.session, document, data, actor=current_user)
            if save.ok:
                flash(gettext("Đã lưu văn bản (phiên bản mới)."), "success")
                return redirect(link_to(document))
    return _edit_page(form, None, None, confirm, document)


REFUSAL_STATUS = {"unknown": 404, "permission": 403, "comment": 422, "report": 422}


@bp.post("/<int:document_id>/transitions/<name>")
@login_required
def transition(document_id: int, name: str) -> ResponseReturnValue:
    document = visible_document_or_404(document_id)
    form = DocumentTransitionForm()
    if not form.validate_on_submit():
        return _render_document(document, form, 400)
    check_version(
        document,
        form.version.data,
        gettext("Văn bản vừa được người khác thay đổi; hãy xem trạng thái mới nhất rồi thử lại."),
    )
    try:
        with saving():
            event = fire(
                db.session, document, name, actor=current_user, comment=form.comment.data or ""
            )
    except TransitionRefused as refused:
        status = REFUSAL_STATUS.get(refused.code, 409)
        if status in (403, 404):
            abort(status)
        document = visible_document_or_404(document_id)
        flash(explain(refused), "danger")
        return _render_document(document, form, status)
    done = DOCUMENT_WORKFLOW.transition(event.transition)
    flash(
        gettext(
            "Đã thực hiện: %(action)s.", action=gettext(done.title) if done else event.transition
        ),
        "success",
    )
    return redirect(link_to(document))


@bp.post("/<int:document_id>/validity")
@login_required
def validity(document_id: int) -> str | Response:
    # A change like any edit: an archived document's validity is frozen with it.
    document = editable_document_or_404(document_id)
    form = ValidityForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        with saving():
            set_validity(
                db.session,
                document,
                form.status.data or None,
                actor=current_user,
                note=form.note.data or "",
            )
    except DocumentError as error:
        flash(explain(error), "danger")
        return redirect(link_to(document))
    flash(gettext("Đã cập nhật hiệu lực của văn bản."), "success")
    return redirect(link_to(document))


@bp.app_template_filter("relation_kind")
def relation_kind(kind: str) -> str:
    """The label of a relation kind in the reader's language, capitalised."""
    label = RELATION_KINDS.get(kind)
    return gettext(label).capitalize() if label else kind
