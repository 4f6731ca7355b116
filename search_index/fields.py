"""What a Document or a Plan looks like in the index: the fields of one index document.

Text is indexed three ways (see ``schema``); a document's attachments are indexed with
its body, and the start of each attachment's text is stored under its file name, so a
hit found only in an attachment shows a snippet of it and names the file. Facet and
filter values (issuer, year, term, validity, unit, state, date) and what ``search
check`` compares (version, updated_at) are stored alongside.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import object_session

from documents.attachments import indexable_text
from documents.lineage import names_in_line
from documents.models import Document, Plan
from documents.relations import replaced_by
from documents.symbols import find_symbols, parse_symbol, symbol_key
from documents.types import type_by_code
from search_index.analysis import nfc
from search_index.parsing import short_symbol_key
from workflows.definitions import allowed_principals

BODY_STORED_CHARS = 20_000  # stored for snippets (the whole text is indexed)
ATTACHMENT_STORED_CHARS = 5_000
# Text fields with a column always get a value: Whoosh 2.7 cannot read the column of a segment whose
# last documents lack one. This one means "none" and is never shown.
NO_VALUE = "-"
_TAG_RE = re.compile(r"<[^>]*>")


def index_key(kind: str, object_id: int) -> str:
    """The unique key of an object in the index: ``document:5``, ``plan:3``."""
    return f"{kind}:{object_id}"


def plain_text(markdown: str | None, rendered_html: str | None) -> str:
    """The readable text of a body: the sanitised HTML without tags when it was
    rendered, otherwise the Markdown source. Always NFC."""
    if rendered_html:
        return nfc(html.unescape(_TAG_RE.sub(" ", rendered_html)))
    return nfc(markdown or "")


def date_key(day: date | datetime | None) -> int | None:
    """``day`` as the integer YYYYMMDD the ``date`` field holds (None stays None)."""
    if day is None:
        return None
    return day.year * 10_000 + day.month * 100 + day.day


def _symbol_keys(symbol: str | None) -> tuple[str | None, str | None]:
    """(full key, short key) of a printed symbol, None where it does not parse."""
    if not symbol:
        return None, None
    parsed = parse_symbol(symbol)
    if parsed is None:
        return None, None
    return symbol_key(symbol), short_symbol_key(parsed.number, parsed.type_abbr)


def _cited_keys(text: str) -> set[str]:
    """Full and short keys of every Party symbol cited in ``text``."""
    keys: set[str] = set()
    for _start, _end, cited in find_symbols(text):
        full = symbol_key(str(cited))
        if full:
            keys.add(full)
        keys.add(short_symbol_key(cited.number, cited.type_abbr))
    return keys


ALWAYS_SET_FIELDS = ("kind", "doc_type", "issuer_name", "term", "validity", "state", "updated")
# Number columns always get a value too: Whoosh 2.7 fails to read a number column across
# segments when an earlier segment has none of its values. This one means "none".
NO_NUMBER = 0
ALWAYS_SET_NUMBERS = ("issued_year", "date", "unit_id")


def _without_none(fields: dict[str, Any]) -> dict[str, Any]:
    found = {name: value for name, value in fields.items() if value is not None and value != ""}
    for name in ALWAYS_SET_FIELDS:
        found.setdefault(name, NO_VALUE)
    for name in ALWAYS_SET_NUMBERS:
        found.setdefault(name, NO_NUMBER)
    return found


def _is_replaced(doc: Document) -> bool:
    """Whether a published document says it replaces ``doc`` (False for a transient one)."""
    session = object_session(doc)
    return bool(session is not None and doc.id is not None and replaced_by(session, doc))


def document_validity(doc: Document, replaced: bool | None = None) -> str:
    """The key of ``documents.service.VALIDITY_LABELS`` the index stores for ``doc``;
    ``replaced`` saves a query when the caller already knows."""
    if doc.validity:
        return doc.validity
    if replaced is None:
        replaced = _is_replaced(doc)
    return "replaced" if replaced else "in_force"


def _with_names(text: str, *names: str | None) -> str:
    """``text`` after the place and unit names an official types in a search ("Rạch
    Giá", "Huyện ủy Phú Quốc"): they are searched like the text, not shown in snippets
    (the stored body is the text alone)."""
    found = "\n".join(dict.fromkeys(nfc(name) for name in names if name))
    return f"{found}\n\n{text}" if found else text


def fields_for_document(doc: Document, *, replaced: bool | None = None) -> dict[str, Any]:
    """The index fields of ``doc``, ready for ``writer.add_document(**fields)``."""
    title = nfc(doc.title or "")
    body = plain_text(doc.body, doc.body_html)
    attached = nfc(indexable_text(doc)) if doc.attachments else ""
    text = body + ("\n\n" + attached if attached else "")
    issuer_line = names_in_line(doc.issuer)
    if len(issuer_line) > 1:
        # Reorganised issuer: the document is found by its issuer's old and new names.
        text += "\n\n" + nfc(" — ".join(issuer_line))
    full_key, short_key = _symbol_keys(doc.symbol)
    if short_key is None and doc.number is not None:
        doc_type = type_by_code(doc.doc_type)
        if doc_type is not None:
            short_key = short_symbol_key(doc.number, doc_type.abbr)
    refs = _cited_keys(title + "\n" + text) - {full_key, short_key}
    stored_attachments = [
        (a.original_name, nfc(a.text[:ATTACHMENT_STORED_CHARS])) for a in doc.attachments if a.text
    ]
    issuer = nfc(doc.issuer_label) if doc.issuer_label else None
    searched = _with_names(text, doc.place, issuer)
    return _without_none(
        {
            "key": index_key("document", doc.id),
            "kind": "document",
            "object_id": doc.id,
            "title": title,
            "title_folded": title,
            "body": searched,
            "_stored_body": body[:BODY_STORED_CHARS],
            "attachments": stored_attachments or None,
            "body_folded": searched,
            "pairs": title + "\n" + searched,
            "symbol": nfc(doc.symbol) if doc.symbol else None,
            "symbol_key": full_key,
            "symbol_short": short_key,
            "refs": " ".join(sorted(refs)),
            "doc_type": doc.doc_type,
            "number": doc.number,
            "issuer": issuer,
            "issuer_name": issuer,
            "issued_year": doc.issued_on.year if doc.issued_on is not None else None,
            "date": date_key(doc.issued_on),
            "term": nfc(doc.term) if doc.term else None,
            "validity": document_validity(doc, replaced),
            "allowed": " ".join(sorted(allowed_principals(doc, "view"))),
            "external_id": doc.external_id,
            "version": doc.version,
            "updated": doc.updated_at.isoformat() if doc.updated_at else None,
        }
    )


def fields_for_plan(plan: Plan) -> dict[str, Any]:
    """The index fields of ``plan``: its text and report; the symbol of the document it
    implements is stored for display and indexed among ``refs``, so that searching
    "11-CT/TU" also finds the plans that implement it."""
    title = nfc(plan.title or "")
    body = plain_text(plan.body, plan.body_html)
    report = plain_text(plan.report_text, plan.report_html)
    text = body + ("\n\n" + report if report else "")
    document = plan.assignment.document if plan.assignment is not None else None
    implemented = document.symbol if document is not None else None
    refs = _cited_keys(title + "\n" + text)
    refs.update(key for key in _symbol_keys(implemented) if key)
    unit = nfc(plan.unit.name) if plan.unit is not None else None
    day = plan.submitted_at or plan.created_at
    searched = _with_names(text, unit)
    return _without_none(
        {
            "key": index_key("plan", plan.id),
            "kind": "plan",
            "object_id": plan.id,
            "title": title,
            "title_folded": title,
            "body": searched,
            "_stored_body": text[:BODY_STORED_CHARS],
            "body_folded": searched,
            "pairs": title + "\n" + searched,
            "symbol": nfc(implemented) if implemented else None,
            "refs": " ".join(sorted(refs)),
            "issuer": unit,
            "issuer_name": unit,
            "issued_year": day.year if day is not None else None,
            "date": date_key(day),
            "term": nfc(document.term) if document is not None and document.term else None,
            "unit_id": plan.unit_id,
            "state": plan.state,
            "allowed": " ".join(sorted(allowed_principals(plan, "view"))),
            "version": plan.version,
            "updated": plan.updated_at.isoformat() if plan.updated_at else None,
        }
    )
