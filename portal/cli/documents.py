"""Importing documents from the command line: one file, or an archive in JSON Lines.

``flask --app wsgi import-document FILE`` reads a .txt, .docx or .pdf, shows what it
read and saves it as a published document. ``import-documents FILE.jsonl`` imports one
document per line, idempotent on ``external_id`` (an unchanged line changes nothing, a
changed one makes a new version); a bad line is reported with its number and the other
lines still import.

Both check what the web form checks (``documents.checks``): a dated Party document needs
the place of its date line (``--place`` for a file that has none, ``place`` in an archive
line), and a symbol whose type abbreviation disagrees with the type is refused unless
``--confirm-warnings`` says it is meant.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext

from documents.attachments import (
    IMAGE_KINDS,
    OCR_PAGES_MAX,
    OCR_TOO_MANY_PAGES,
    extension_mismatch,
    extract_text,
    sniff,
)
from documents.checks import check_place, type_warnings
from documents.db import db, write_intent
from documents.i18n import N_, message, render
from documents.importing import (
    ArchiveLineError,
    ArchiveRecord,
    parse_archive_line,
    parse_document_text,
)
from documents.models import Document, OrgUnit
from documents.ocr import recognise_bytes
from documents.rendering import BodyTooComplex, BodyTooLong
from documents.service import DocumentError, DocumentInput, create_document, update_document
from documents.text import fold_words
from portal.i18n import explain, in_environment_language
from portal.indexing import apply_batch
from portal.templating import number, translator
from workflows.definitions import DOCUMENT_WORKFLOW

BATCH = 200
# An imported directive is in force: it is stored where publishing leads.
IMPORTED_STATE = DOCUMENT_WORKFLOW.dest("publish")


def register_document_cli(app) -> None:
    app.cli.add_command(import_document)
    app.cli.add_command(import_documents)


def _unit_named(name: str | None) -> OrgUnit | None:
    if not name:
        return None
    wanted = fold_words(name)
    for unit in db.session.scalars(db.select(OrgUnit)):
        if wanted in (fold_words(unit.name), fold_words(unit.short_name)):
            return unit
    return None


def _index() -> int:
    applied = apply_batch()
    db.session.commit()
    return applied


@click.command("import-document")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--external-id", default=None, help="Mã của văn bản ở hệ thống nguồn")
@click.option("--place", default=None, help="Địa danh ở dòng ngày tháng, nếu tệp không ghi")
@click.option("--confirm-warnings", is_flag=True, help="Vẫn lưu khi số ký hiệu lệch loại")
@in_environment_language
def import_document(
    path: Path, external_id: str | None, place: str | None, confirm_warnings: bool
) -> None:
    """Read a directive (.txt, .docx, .pdf) and save it as a published document."""
    data = path.read_bytes()
    kind = sniff(data)
    if kind not in ("txt", "docx", "pdf", "odt", *IMAGE_KINDS):
        raise click.ClickException(
            gettext("Chỉ đọc được tệp .txt, .docx, .odt, .pdf hoặc ảnh quét (PNG, JPEG, TIFF).")
        )
    mismatch = extension_mismatch(path.name, kind)
    extraction = extract_text(data, kind)
    problem = mismatch or extraction.error
    text = extraction.text
    if problem is None and extraction.scanned > OCR_PAGES_MAX:
        problem = message(OCR_TOO_MANY_PAGES, pages=extraction.scanned, limit=OCR_PAGES_MAX)
    elif problem is None and extraction.scanned:
        click.echo(gettext("Đang nhận dạng chữ trong bản quét…"))
        recognition = recognise_bytes(data, kind, language=current_app.config["OCR_LANGUAGE"])
        problem, text = recognition.error, recognition.text
    if problem:
        raise click.ClickException(render(problem, translator()))
    draft = parse_document_text(text)
    if not draft.type_code or not draft.title:
        raise click.ClickException(
            gettext("Không nhận ra loại hoặc trích yếu của văn bản; hãy nhập qua web.")
        )
    unit = _unit_named(draft.issuer_text)
    data_in = DocumentInput(
        doc_type=draft.type_code,
        title=draft.title,
        body=draft.body,
        symbol=draft.symbol,
        issuer_id=unit.id if unit else None,
        issuer_name=None if unit else draft.issuer_text,
        issued_on=draft.issued_on,
        place=draft.place or place,
        clauses=tuple(draft.clauses),
        external_id=external_id,
    )
    try:
        _check(data_in, confirm_warnings)
    except DocumentError as error:
        raise click.ClickException(explain(error)) from None
    with write_intent():
        existing = _existing(external_id, draft.symbol, draft.issued_on)
        try:
            if existing is None:
                document = create_document(db.session, data_in, actor=None, state=IMPORTED_STATE)
            else:
                document = update_document(db.session, existing, data_in, actor=None)
        except (DocumentError, BodyTooLong, BodyTooComplex) as error:
            db.session.rollback()
            raise click.ClickException(explain(error)) from None
        db.session.commit()
        _index()
    click.echo(
        gettext(
            "Đã nhập %(symbol)s — %(title)s (%(clauses)s khoản, %(citations)s dẫn chiếu).",
            symbol=document.symbol or "",
            title=document.title,
            clauses=number(len(document.clauses)),
            citations=number(len(draft.citations)),
        )
    )
    language = translator()
    for warning in draft.warnings:
        click.echo(gettext("Lưu ý: %(warning)s", warning=render(warning, language)))


PLACE_HINT = N_("%(error)s Với lệnh nhập: thêm --place (với kho lưu: trường “place”).")
UNCONFIRMED = N_("%(warning)s Nếu đúng như vậy, chạy lại lệnh với --confirm-warnings.")


def _check(data: DocumentInput, confirmed: bool) -> None:
    """The web form's checks (documents.checks), as DocumentError."""
    try:
        check_place(data)
    except DocumentError as error:
        raise DocumentError(message(PLACE_HINT, error=error.message), "place") from None
    warnings = [] if confirmed else type_warnings(data)
    if warnings:
        raise DocumentError(message(UNCONFIRMED, warning=warnings[0]), "symbol")


def _existing(external_id: str | None, symbol: str | None, issued_on) -> Document | None:
    if external_id:
        found = db.session.scalar(db.select(Document).filter_by(external_id=external_id))
        if found is not None:
            return found
    if symbol and issued_on:
        return db.session.scalar(
            db.select(Document).filter_by(symbol=symbol, issued_on=issued_on).limit(1)
        )
    return None


def _input(record: ArchiveRecord) -> DocumentInput:
    unit = _unit_named(record.issuer)
    return DocumentInput(
        doc_type=record.doc_type.code,
        title=record.title,
        body=record.body,
        symbol=record.symbol,
        issuer_id=unit.id if unit else None,
        issuer_name=None if unit else record.issuer,
        issued_on=record.issued_on,
        place=record.place,
        external_id=record.external_id,
    )


def _unchanged(document: Document, data: DocumentInput) -> bool:
    return (
        document.title == " ".join(data.title.split())
        and document.body == data.body.replace("\r\n", "\n")
        and document.symbol == data.symbol
        and document.issued_on == data.issued_on
        and document.doc_type == data.doc_type
        and document.place == data.place
    )


def _import_line(line: str, confirmed: bool) -> str:
    """Import one archive line in a savepoint; returns "created", "updated" or "same"."""
    record = parse_archive_line(line)
    data = _input(record)
    _check(data, confirmed)
    with db.session.begin_nested():
        existing = db.session.scalar(db.select(Document).filter_by(external_id=record.external_id))
        if existing is None:
            create_document(
                db.session, data, actor=None, state=IMPORTED_STATE, note=N_("Nhập kho lưu")
            )
            return "created"
        if _unchanged(existing, data):
            return "same"
        update_document(db.session, existing, data, actor=None, note=N_("Nhập lại từ kho lưu"))
        return "updated"


@click.command("import-documents")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--confirm-warnings", is_flag=True, help="Vẫn lưu khi số ký hiệu lệch loại")
@in_environment_language
def import_documents(path: Path, confirm_warnings: bool) -> None:
    """Import an archive: one JSON object per line (external_id, type, symbol, title,
    body, issued_on, issuer, place)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    counts = {"created": 0, "updated": 0, "same": 0}
    errors: list[str] = []
    with (
        write_intent(),
        click.progressbar(list(enumerate(lines, start=1)), label=gettext("Nhập văn bản")) as rows,
    ):
        for line_number, line in rows:
            if not line.strip():
                continue
            try:
                counts[_import_line(line, confirm_warnings)] += 1
            except (ArchiveLineError, DocumentError, BodyTooLong, BodyTooComplex) as error:
                errors.append(
                    gettext("Dòng %(number)s: %(error)s", number=line_number, error=explain(error))
                )
            if line_number % BATCH == 0:
                db.session.commit()
        db.session.commit()
        applied = _index()
    for problem in errors:
        click.echo(problem, err=True)
    click.echo(
        gettext(
            "Đã nhập %(created)s văn bản mới, cập nhật %(updated)s, %(same)s không đổi, "
            "%(errors)s dòng lỗi; chỉ mục: %(applied)s mục.",
            created=number(counts["created"]),
            updated=number(counts["updated"]),
            same=number(counts["same"]),
            errors=number(len(errors)),
            applied=number(applied),
        )
    )
    if errors:
        raise SystemExit(1)
