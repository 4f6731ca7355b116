"""Saved versions of documents and plans, and side-by-side comparison of two of them.

Every save appends a version; a version is never changed. Restoring an old version saves
its content again, so it becomes the newest version and nothing is lost. The comparison
works on the Markdown source, line by line, with the changed words of a changed line
marked; it returns plain text segments that the template escapes, so neither side can
carry markup.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast, overload

from sqlalchemy import func, select

from documents.db import DbSession
from documents.i18n import N_, Message, dump, message
from documents.models import Document, Plan, User
from documents.records import DocumentVersion, PlanVersion

_WORDS_RE = re.compile(r"(\s+)")
NOTE_MAX = 200  # the length of the note columns


def restored_note(number: int) -> Message:
    """The note of a version that saves version ``number`` again."""
    return message(N_("Khôi phục phiên bản %(number)s"), number=number)


def document_fields(document: Document) -> dict[str, Any]:
    """The fields of ``document`` a version keeps besides title and body."""
    return {
        "doc_type": document.doc_type,
        "symbol": document.symbol,
        "issuer_id": document.issuer_id,
        "issuer_name": document.issuer_name,
        "term": document.term,
        "issued_on": document.issued_on.isoformat() if document.issued_on else None,
        "place": document.place,
        "clauses": [[c.number, c.text] for c in document.clauses],
    }


def version_fields(version: DocumentVersion) -> dict[str, Any]:
    """The stored fields of a document version, dates as ``date``."""
    fields: dict[str, Any] = json.loads(version.fields_json or "{}")
    if fields.get("issued_on"):
        fields["issued_on"] = date.fromisoformat(fields["issued_on"])
    fields["clauses"] = [(int(n), str(t)) for n, t in fields.get("clauses", [])]
    return fields


@dataclass(frozen=True)
class _Kept:
    """How the versions of one kind of record are kept: their table, the column naming
    the record, and what a version keeps besides title and body."""

    table: type[DocumentVersion] | type[PlanVersion]
    record_column: str
    more: Callable[[Any], dict[str, Any]]


_KEPT: dict[type, _Kept] = {
    Document: _Kept(
        DocumentVersion,
        "document_id",
        lambda d: {"fields_json": json.dumps(document_fields(d), ensure_ascii=False)},
    ),
    Plan: _Kept(PlanVersion, "plan_id", lambda p: {"state": p.state}),
}


def _of(record: Document | Plan) -> tuple[_Kept, Any]:
    """How ``record``'s versions are kept, and the condition selecting them."""
    kept = _KEPT[type(record)]
    return kept, getattr(kept.table, kept.record_column) == record.id


@overload
def record_version(
    session: DbSession, record: Document, actor: User | None, note: str | Message = ""
) -> DocumentVersion: ...
@overload
def record_version(
    session: DbSession, record: Plan, actor: User | None, note: str | Message = ""
) -> PlanVersion: ...
def record_version(
    session: DbSession, record: Document | Plan, actor: User | None, note: str | Message = ""
) -> DocumentVersion | PlanVersion:
    """Append the record's current content as its newest version; a ``Message`` note
    (what the code says happened) is kept to be shown in each reader's language."""
    session.flush()
    kept = _KEPT[type(record)]
    version = kept.table(
        number=(current_version_number(session, record) or 0) + 1,
        title=record.title,
        body=record.body,
        note=dump(note, NOTE_MAX),
        created_by_id=actor.id if actor is not None else None,
        **{kept.record_column: record.id},
        **kept.more(record),
    )
    session.add(version)
    session.flush()
    return version


def current_version_number(session: DbSession, record: Document | Plan) -> int | None:
    """The number of the newest saved version of a document or plan (the one every page
    calls current); None before the first save. The row's ``version`` column counts every
    change, state changes too, for optimistic locking: never show it as a version."""
    kept, mine = _of(record)
    return session.scalar(select(func.max(kept.table.number)).where(mine))


@overload
def versions_of(session: DbSession, record: Document) -> list[DocumentVersion]: ...
@overload
def versions_of(session: DbSession, record: Plan) -> list[PlanVersion]: ...
def versions_of(
    session: DbSession, record: Document | Plan
) -> list[DocumentVersion] | list[PlanVersion]:
    """The versions of ``record``, newest first."""
    kept, mine = _of(record)
    found = session.scalars(select(kept.table).where(mine).order_by(kept.table.number.desc()))
    return cast(list[DocumentVersion] | list[PlanVersion], list(found))


@overload
def numbered_version(
    session: DbSession, record: Document, number: int
) -> DocumentVersion | None: ...
@overload
def numbered_version(session: DbSession, record: Plan, number: int) -> PlanVersion | None: ...
@overload
def numbered_version(
    session: DbSession, record: Document | Plan, number: int
) -> DocumentVersion | PlanVersion | None: ...
def numbered_version(
    session: DbSession, record: Document | Plan, number: int
) -> DocumentVersion | PlanVersion | None:
    """Version ``number`` of ``record``, or None."""
    kept, mine = _of(record)
    found = session.scalar(select(kept.table).where(mine, kept.table.number == number))
    return cast(DocumentVersion | PlanVersion | None, found)


@dataclass(frozen=True)
class Segment:
    """A piece of a line; ``changed`` when it differs from the other side."""

    text: str
    changed: bool = False


@dataclass(frozen=True)
class DiffRow:
    """One row of a side-by-side comparison; a side is None where it has no line.
    ``kind`` is "equal", "replace", "delete" or "insert"."""

    kind: str
    left_number: int | None
    left: tuple[Segment, ...] | None
    right_number: int | None
    right: tuple[Segment, ...] | None


def _word_diff(old: str, new: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    a, b = _WORDS_RE.split(old), _WORDS_RE.split(new)
    left: list[Segment] = []
    right: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            left.append(Segment("".join(a[i1:i2]), op != "equal"))
        if j2 > j1:
            right.append(Segment("".join(b[j1:j2]), op != "equal"))
    return tuple(left), tuple(right)


def side_by_side(old: str, new: str) -> list[DiffRow]:
    """Rows comparing ``old`` (left) with ``new`` (right), line by line."""
    a, b = old.split("\n"), new.split("\n")
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                line = (Segment(a[i1 + k]),)
                rows.append(DiffRow("equal", i1 + k + 1, line, j1 + k + 1, line))
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            has_left, has_right = i < i2, j < j2
            if has_left and has_right:
                left, right = _word_diff(a[i], b[j])
                rows.append(DiffRow("replace", i + 1, left, j + 1, right))
            elif has_left:
                rows.append(DiffRow("delete", i + 1, (Segment(a[i], True),), None, None))
            else:
                rows.append(DiffRow("insert", None, None, j + 1, (Segment(b[j], True),)))
    return rows


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, old, new) for every field that differs between two versions' fields."""
    return [
        (k, old.get(k), new.get(k)) for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)
    ]
